// `consent-agent scan` against a local site: several host names on
// 127.0.0.1 (www.shop.localhost and its parent, a third-party frame on
// tracker.localhost, an off-site host, and a known tracker source mapped
// with --resolve), pages with and without the agent. The verdicts are the
// scanner's report, checked against what each page plants.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { ROOT, certificate } from "../support/browser.mjs";

const BIN = join(ROOT, "target", "debug", "consent-agent");
// The scanner is a cargo feature: make sure the binary has it (a plain
// `cargo test` rebuilds it without); quick when it is already built.
const built = spawnSync("cargo", ["build", "--quiet", "--features", "scan", "--bin", "consent-agent"], { cwd: ROOT, encoding: "utf8" });
if (built.status !== 0) throw new Error(`cargo build --features scan failed:\n${built.stderr}`);
const CONFIG = `{"revision": 1, "categories": [{"id": "necessary", "required": true}, {"id": "functional"}, {"id": "analytics"}, {"id": "marketing"}]}`;
const LINKS = `<a href="/a/page2.html">two</a> <a href="/plain.html">plain</a> <a href="/data.json">data</a>
  <a href="/redirect">away</a> <a href="/missing">missing</a> <a href="http://elsewhere.localhost:PORT/">elsewhere</a> <a href="/#top">top</a>`;
const AGENT = `<script id="consent-agent-config" type="application/json">${CONFIG}</script><script src="/dist/consent-agent.js"></script>`;

const PAGES = {
  "/": `<!doctype html><title>home</title>${AGENT}
<script>
  document.cookie = "_gid=GA1.2.3.4; path=/";
  localStorage.setItem("ajs_anonymous_id", "x");
  try { indexedDB.open("mixpanelBrowserDb"); } catch (e) {}
</script>
<iframe src="https://tracker.localhost:TLSPORT/frame.html"></iframe>
${LINKS}`,
  "/a/page2.html": `<!doctype html><title>two</title>${AGENT}
<script>document.cookie = "_hjSessionUser_123456=x; path=/a";</script>`,
  // A page without the agent, with a little banner of its own that honours
  // "Reject all" only on this page.
  "/plain.html": `<!doctype html><title>plain</title>
<script>
  const choice = (document.cookie.match(/plain_choice=(\\w+)/) || [])[1];
  if (choice !== "reject") {
    document.cookie = "_ga=GA1.1.111.222; path=/";
    document.cookie = "shop_banner_seen_20241107=1; path=/";
    sessionStorage.setItem("_hjTLDTest", "1");
    const s = document.createElement("script");
    s.src = "http://www.googletagmanager.com:PORT/gtag/js?id=G-TEST1";
    document.head.appendChild(s);
  }
  function choose(value) {
    document.cookie = "plain_choice=" + value + "; path=/";
    if (value === "reject") {
      document.cookie = "_ga=; path=/; max-age=0";
      sessionStorage.removeItem("_hjTLDTest");
    }
  }
</script>
<div id="banner"><button onclick="choose('reject')">Reject all</button> <button onclick="choose('accept')">Accept all</button></div>`,
  "/missing": null,
};

// The third-party frame: over https, since a cookie set in a cross-site
// frame must be `SameSite=None; Secure`.
function tracker() {
  const server = createTlsServer(certificate(), (req, res) => {
    res.writeHead(200, { "content-type": "text/html", "set-cookie": "IDE=abc123; Path=/; SameSite=None; Secure" });
    res.end(`<script>localStorage.setItem("trk_frame_seen", "1")</script>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function site(tls) {
  const server = createServer((req, res) => {
    const host = (req.headers.host || "").split(":")[0];
    const port = server.address().port;
    const url = new URL(req.url, "http://x");
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(body);
    };
    if (host === "www.googletagmanager.com") return send(200, "text/javascript", "window.gtagLoaded = true;");
    if (host === "elsewhere.localhost") return send(200, "text/html", "<title>elsewhere</title>");
    if (url.pathname.startsWith("/dist/")) {
      const file = join(ROOT, "dist", url.pathname.slice(6).replace(/\.\./g, ""));
      if (!existsSync(file)) return send(404, "text/plain", "no");
      const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
      return send(200, types[extname(file)] || "application/octet-stream", readFileSync(file));
    }
    if (url.pathname === "/data.json") return send(200, "application/json", `{"a": 1}`);
    if (url.pathname === "/redirect") return send(302, "text/html", "", { location: `http://elsewhere.localhost:${port}/` });
    const page = PAGES[url.pathname];
    if (!page) return send(404, "text/html", "<title>not found</title>");
    const headers = url.pathname === "/"
      ? { "set-cookie": ["PHPSESSID=srv123; Path=/; HttpOnly", "_fbp=fb.1.1.1; Domain=shop.localhost; Path=/"] }
      : {};
    send(200, "text/html", page.replaceAll("TLSPORT", String(tls.address().port)).replaceAll("PORT", String(port)), headers);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Runs the scanner without blocking this process (the site's server runs here); resolves to { status, stdout, stderr }. */
function scan(args) {
  const child = spawn(BIN, ["scan", ...args, "--wait", "0.3", "--timeout", "10", "--resolve", "MAP www.googletagmanager.com 127.0.0.1",
    "--ignore-certificate-errors"]);
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
