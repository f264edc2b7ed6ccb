// What `consent-agent scan` costs: the release binary with and without the
// scanner feature, and scan time per pass and per page and the scanner
// process's peak memory on the test site of tests/support/scan-site.mjs
// (six pages: two with the agent, one without, a JSON answer, an off-site
// redirect, a 404). Returns the BENCHMARKS.md section.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { site, tracker } from "../support/scan-site.mjs";

const RUNS = 3;

function run(bin, args) {
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "ignore"] });
  return new Promise((resolve) => child.on("close", resolve));
}

export async function scanBench(ROOT) {
  const plain = join(ROOT, "target/release/consent-agent");
  const scanTarget = join(ROOT, "target/bench/scan");
  execFileSync("cargo", ["build", "--quiet", "--release", "--bin", "consent-agent"], { cwd: ROOT, stdio: "inherit" });
  execFileSync("cargo", ["build", "--quiet", "--release", "--features", "scan", "--bin", "consent-agent"],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: scanTarget } });
  const bin = join(scanTarget, "release/consent-agent");
  const sizes = { plain: statSync(plain).size, scan: statSync(bin).size };

  const tls = await tracker();
  const server = await site(tls);
  const dir = mkdtempSync(join(tmpdir(), "consent-agent-scan-bench-"));
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const json = join(dir, `run${i}.json`);
      const started = Date.now();
      await run(bin, ["scan", `http://www.shop.localhost:${server.address().port}/`, "--pages", "6", "--wait", "0.3", "--timeout", "10",
        "--resolve", "MAP www.googletagmanager.com 127.0.0.1", "--ignore-certificate-errors", "--json", json]);
      const report = JSON.parse(readFileSync(json, "utf8"));
      runs.push({ total: (Date.now() - started) / 1000, report });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => tls.close(resolve));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const last = runs[runs.length - 1].report;
  const loaded = last.pages.filter((p) => !p.error).length;
  // Page loads per pass: the crawl reads every page once; passes 2 and 3
  // load the first page once more to make the choice.
  const loads = [last.pages.length, loaded + 1, loaded + 1];
  const rows = last.scanner.passes.map((pass, i) => {
    const seconds = median(runs.map((r) => r.report.scanner.passes[i].seconds));
    return `| ${pass.name} | ${seconds.toFixed(1)} s | ${loads[i]} | ${(seconds / loads[i]).toFixed(2)} s |`;
  });
  return `## The site scanner

\`consent-agent scan\` (cargo feature \`scan\`): the release binary is
${(sizes.scan / 1048576).toFixed(1)} MB with the scanner and ${(sizes.plain / 1048576).toFixed(2)} MB without (${sizes.scan} and
${sizes.plain} bytes; the WebAssembly build is untouched).

On the test site (\`tests/support/scan-site.mjs\`: ${last.pages.length} pages, ${loaded} of them HTML on the site; ${last.entries.length}
entries and ${last.scripts.length} scripts and frames found), \`--wait 0.3\`, medians of ${RUNS} runs on
this 2-core machine. Each pass starts a fresh Chromium (about a second of
each pass); a page's time is its load, the half second of quiet the scanner
waits for, the wait, and the reads over the DevTools protocol.

| pass | time | page loads | per page load |
|---|---:|---:|---:|
${rows.join("\n")}

Whole scan: ${median(runs.map((r) => r.total)).toFixed(1)} s. Peak memory of the scanner process:
${median(runs.map((r) => r.report.scanner.peakMemoryKb)) / 1024 >= 0 ? (median(runs.map((r) => r.report.scanner.peakMemoryKb)) / 1024).toFixed(1) : "?"} MB
(Chromium's own memory is not counted: it is the browser's, one process tree per pass).
`;
}
