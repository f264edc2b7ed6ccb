// `consent-agent scan` against a local site: several host names on
// 127.0.0.1 (www.shop.localhost and its parent, a third-party frame on
// tracker.localhost, an off-site host, and a known tracker source mapped
// with --resolve), pages with and without the agent. The verdicts are the
// scanner's report, checked against what each page plants.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { ROOT } from "../support/browser.mjs";
import { site, tracker } from "../support/scan-site.mjs";

const BIN = join(ROOT, "target", "debug", "consent-agent");
// The scanner is a cargo feature: make sure the binary has it (a plain
// `cargo test` rebuilds it without); quick when it is already built.
const built = spawnSync("cargo", ["build", "--quiet", "--features", "scan", "--bin", "consent-agent"], { cwd: ROOT, encoding: "utf8" });
if (built.status !== 0) throw new Error(`cargo build --features scan failed:\n${built.stderr}`);
/** Runs the scanner without blocking this process (the site's server runs here); resolves to { status, stdout, stderr }. */
function scan(args) {
  // The test's defaults first: an option given again in `args` wins.
  const child = spawn(BIN, ["scan", "--wait", "0.3", "--timeout", "10", "--resolve", "MAP www.googletagmanager.com 127.0.0.1",
    "--ignore-certificate-errors", ...args]);
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  return new Promise((resolve) => child.on("close", (status) => {
    clearTimeout(timer);
    resolve({ status, stdout, stderr });
  }));
}

const find = (report, name, storage) => report.entries.filter((e) => e.name === name && e.storage === storage);

test("scan: every planted entry, with the right place, party, flags and passes; exit codes; Markdown; rules", { timeout: 600_000 }, async () => {
  const tls = await tracker();
  const server = await site(tls);
  const dir = mkdtempSync(join(tmpdir(), "consent-agent-scan-"));
  try {
    const base = `http://www.shop.localhost:${server.address().port}`;
    const json = join(dir, "report.json"), markdown = join(dir, "declaration.md"), rules = join(dir, "rules.json");
    const run = await scan([`${base}/`, "--pages", "6", "--json", json, "--markdown", markdown, "--rules", rules, "--fail-on", "before-consent"]);
    assert.equal(run.status, 1, `exit 1: a page without the agent stores before consent\n${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /[\u001b\r]/, "no progress-bar control characters when not on a terminal");
    assert.match(run.stderr, /scan: before-consent 1\/\d+: http:\/\/www\.shop\.localhost/);
    const report = JSON.parse(readFileSync(json, "utf8"));

    const schema = JSON.parse(spawnSync(BIN, ["scan-schema"], { encoding: "utf8" }).stdout);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors));

    // Pages: crawled breadth-first, failures said with their reason.
    const page = (path) => report.pages.find((p) => p.url === base + path);
    assert.equal(report.pages.length, 6, JSON.stringify(report.pages));
    assert.equal(page("/").status, 200);
    assert.match(page("/data.json").error, /not an HTML page \(application\/json\)/);
    assert.match(page("/redirect").error, /redirected off-site to http:\/\/elsewhere\.localhost/);
    assert.equal(page("/missing").status, 404);
    assert.ok(!report.pages.some((p) => p.url.includes("elsewhere")), "off-site links are not crawled");
    assert.match(report.scanner.passes[1].choice, /rejected through consent-agent's API/);
    assert.match(report.scanner.passes[2].choice, /accepted through consent-agent's API/);

    const expect = (name, storage, fields) => {
      const found = find(report, name, storage);
      assert.equal(found.length, 1, `${name} (${storage}) once: ${JSON.stringify(found)}`);
      for (const [key, value] of Object.entries(fields)) assert.deepEqual(found[0][key], value, `${name} (${storage}).${key}`);
    };
    const passes = (before, reject, accept) => ({ beforeConsent: before, afterReject: reject, afterAccept: accept });
    // Server-set, HttpOnly, necessary: there in every pass.
    expect("PHPSESSID", "cookie", { domain: "www.shop.localhost", path: "/", httpOnly: true, thirdParty: false, category: "necessary", ...passes(true, true, true) });
    // Set by HTTP on the parent domain: the agent removes it until marketing is granted.
    expect("_fbp", "cookie", { domain: ".shop.localhost", httpOnly: false, thirdParty: false, category: "marketing", source: "catalog", ...passes(false, false, true) });
    // Written by scripts on the agent's pages: trapped until granted; one path-scoped.
    expect("_gid", "cookie", { domain: "www.shop.localhost", category: "analytics", ...passes(false, false, true) });
    expect("_hjSessionUser_123456", "cookie", { path: "/a", category: "analytics", provider: "Hotjar", ...passes(false, false, true) });
    expect("ajs_anonymous_id", "localStorage", { origin: `${base}`, category: "analytics", ...passes(false, false, true) });
    expect("mixpanelBrowserDb", "indexedDB", { origin: `${base}`, category: "analytics", ...passes(false, false, true) });
    // The page without the agent: everything before consent and after the agent's rejection.
    expect("_ga", "cookie", { category: "analytics", ...passes(true, true, true) });
    expect("_hjTLDTest", "sessionStorage", { category: "analytics", ...passes(true, true, true) });
    expect("shop_banner_seen_20241107", "cookie", { category: null, source: null });
    // The third-party frame: its own cookie and storage, third party.
    expect("IDE", "cookie", { domain: "tracker.localhost", thirdParty: true, category: "marketing", beforeConsent: true });
    expect("trk_frame_seen", "localStorage", { thirdParty: true, category: null });
    // The tracker source the plain page requests, and who requested it.
    const gtag = report.scripts.find((s) => s.url.includes("googletagmanager.com"));
    assert.ok(gtag, JSON.stringify(report.scripts));
    assert.equal(gtag.category, "analytics");
    assert.equal(gtag.requestedBeforeConsent, true);
    assert.match(gtag.requestedBy, /plain\.html/);

    const kinds = new Set(report.violations.map((v) => `${v.kind} ${v.entry || v.script || v.frame}`));
    for (const v of ["before-consent _ga", "before-consent _hjTLDTest", "before-consent IDE", "after-reject _ga", `before-consent ${gtag.url}`]) {
      assert.ok(kinds.has(v), `violation ${v}: ${[...kinds].join(", ")}`);
    }
    for (const v of ["before-consent _gid", "after-reject _fbp", "before-consent PHPSESSID", "after-reject mixpanelBrowserDb"]) {
      assert.ok(!kinds.has(v), `no violation ${v}`);
    }
    const unknown = report.unknown.find((u) => u.name === "shop_banner_seen_20241107");
    assert.deepEqual(unknown.suggestedRule, { category: "functional", pattern: "shop_banner_seen_*" });

    // The declaration lists what was found, by category, with the party.
    const md = readFileSync(markdown, "utf8");
    for (const name of ["PHPSESSID", "_fbp", "_gid", "_hjSessionUser_123456", "ajs_anonymous_id", "mixpanelBrowserDb", "IDE", "shop_banner_seen_20241107"]) {
      assert.ok(md.includes("`" + name + "`"), `declaration lists ${name}`);
    }
    assert.match(md, /## analytics[\s\S]*\| `_gid` \| cookie \| www\.shop\.localhost \| first party \| Google Analytics/);
    assert.match(md, /\| `IDE` \| cookie \| tracker\.localhost \| third party \|/);

    // The suggested rules are a config fragment `check` accepts.
    const check = spawnSync(BIN, ["check", rules], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(readFileSync(rules, "utf8"), /shop_banner_seen_\*/);

    // Without the agent: the pass's choice is a click on the button by its name.
    const plain = await scan([`${base}/plain.html`, "--pages", "1", "--json", json, "--fail-on", "after-reject"]);
    assert.equal(plain.status, 0, `exit 0: the page honours its own "Reject all"\n${plain.stdout}\n${plain.stderr}`);
    const second = JSON.parse(readFileSync(json, "utf8"));
    assert.match(second.scanner.passes[1].choice, /clicked the button named “reject all”/);
    assert.match(second.scanner.passes[2].choice, /clicked the button named “accept all”/);
    assert.deepEqual(find(second, "_ga", "cookie").map((e) => [e.beforeConsent, e.afterReject, e.afterAccept]), [[true, false, true]]);
    assert.ok(second.violations.some((v) => v.kind === "before-consent") && !second.violations.some((v) => v.kind === "after-reject"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => tls.close(resolve));
  }
});

test("scan: a page that is never quiet and holds 3,000 links: bounded time, bounded pages", { timeout: 300_000 }, async () => {
  const tls = await tracker();
  const server = await site(tls);
  const dir = mkdtempSync(join(tmpdir(), "consent-agent-scan-"));
  try {
    const json = join(dir, "busy.json");
    const started = Date.now();
    const run = await scan([`http://www.shop.localhost:${server.address().port}/busy.html`, "--pages", "3", "--timeout", "3", "--json", json]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(json, "utf8"));
    assert.deepEqual(report.pages.map((p) => p.url.replace(/^.*:\d+/, "")), ["/busy.html", "/n/0.html", "/n/1.html"]);
    // 3 passes of at most 3 pages (the choice's visit included), each at most the 3 s timeout plus the wait.
    assert.ok(Date.now() - started < 90_000, `${Date.now() - started} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => tls.close(resolve));
  }
});

test("scan: bad input gives a clear message and exit 2", () => {
  const cases = [
    [["scan"], /scan needs at least one URL/],
    [["scan", "ftp://x"], /is not an http\(s\) URL/],
    [["scan", "http://x.localhost/", "--pages", "0"], /--pages needs a whole number above 0/],
    [["scan", "http://x.localhost/", "--fail-on", "sometimes"], /--fail-on: unknown kind "sometimes"/],
    [["scan", "http://x.localhost/", "--browser", "/nonexistent/chromium"], /--browser \/nonexistent\/chromium: no such file/],
    [["scan", "http://x.localhost/", "--config", "/nonexistent.json"], /cannot read \/nonexistent\.json/],
  ];
  for (const [args, message] of cases) {
    const run = spawnSync(BIN, args, { encoding: "utf8" });
    assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});

test("scan: an unreachable site is reported per page and the scan ends", { timeout: 120_000 }, async () => {
  // A port nobody listens on: take a free one and close it again.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const run = await scan([`http://127.0.0.1:${port}/`, "--pages", "2"]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`page http://127\\.0\\.0\\.1:${port}/: .*ERR_CONNECTION_REFUSED`));
});
