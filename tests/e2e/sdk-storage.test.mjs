// Real SDKs after a rejection, with no site rules: the published npm builds
// of analytics, product-analytics, replay, RUM, A/B, feature-flag and
// marketing SDKs (pinned dev dependencies; tests/sdk-run/ has the research
// run that recorded what each one writes without the agent) run in a page
// with the agent after "Reject all". Read back from the browser (every
// cookie of the context, both web storages, IndexedDB database names), what
// survives must be the agent's own record or what the catalog files as
// necessary: nothing an SDK persisted for a refused category, and nothing
// the catalog does not know. Vendor APIs are answered by canned replies on
// the local server; nothing is fetched from the internet.
//
// Chromium only: the names an SDK writes do not depend on the engine, and
// the agent's deletion in every storage is tested in three engines elsewhere
// (enforcement, indexeddb, engines); 32 SDK pages in three engines would
// add about four minutes.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { ROOT } from "../support/browser.mjs";
import { SDKS, mockReply } from "../sdk-run/harness/sdks.mjs";

// SDKs that only load the vendor's code from the internet, or store nothing
// by design, are not run (tests/sdk-run/README.md says which and why).
const NOT_RUN = new Set(["logrocket", "fullstory", "hotjar", "clarity", "smartlook", "react-ga4", "intercom", "plausible", "vercel-analytics"]);
// Names the catalog leaves unknown on purpose, with the reason.
const UNCLAIMED = {
  // amplitude-js (deprecated since 2022): `amp_` + the first six characters
  // of the API key; `amp_*` would claim a site's own `amp_…` cookies.
  "amplitude-js": [/^amp_[0-9a-f]{6}$/],
  // ConfigCat keeps its cached flag config (no identifier) under the SHA-1
  // of its SDK key: no pattern can claim a bare hash without claiming others.
  "configcat": [/^[0-9a-f]{40}$/],
};
const CONFIG = `{"revision": 1, "categories": [{"id": "necessary", "required": true}, {"id": "functional"}, {"id": "analytics"}, {"id": "marketing"}]}`;
const AGENT = `<script id="consent-agent-config" type="application/json">${CONFIG}</script><script src="/agent/consent-agent.js"></script>`;
const SETTLE = 2000;

function page(name) {
  return `<!doctype html><html><head><meta charset="utf-8">${AGENT}<title>${name} after a rejection</title></head>` +
    `<body><h1>Shop</h1><button id="buy">Buy</button><script>window.MOCK = location.origin + '/mock/${name}';</script>` +
    `<script src="/bundle/${name}.js"></script></body></html>`;
}

function serve(bundles) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const cors = { "access-control-allow-origin": req.headers.origin || "*", "access-control-allow-credentials": "true",
      "access-control-allow-headers": req.headers["access-control-request-headers"] || "*", "access-control-allow-methods": "GET,POST,PUT,OPTIONS" };
    const send = (status, type, body) => { res.writeHead(status, { ...cors, "content-type": type }); res.end(body); };
    if (req.method === "OPTIONS") return send(204, "text/plain", "");
    const mock = url.pathname.match(/^\/mock\/([^/]+)(\/.*)?$/);
    if (mock) {
      req.resume();
      const [body, type] = mockReply(mock[1], mock[2]);
      return send(200, type, body);
    }
    if (url.pathname === "/blank.html") return send(200, "text/html", `<!doctype html>${AGENT}<title>blank</title>`);
    const sdkPage = url.pathname.match(/^\/sdk\/([a-z0-9-]+)\.html$/);
    if (sdkPage) return send(200, "text/html", page(sdkPage[1]));
    const bundle = url.pathname.match(/^\/bundle\/([a-z0-9-]+)\.js$/);
    if (bundle && existsSync(join(bundles, `${bundle[1]}.js`))) return send(200, "text/javascript", readFileSync(join(bundles, `${bundle[1]}.js`)));
    if (url.pathname.startsWith("/agent/")) {
      const file = join(ROOT, "dist", url.pathname.slice(7).replace(/\.\./g, ""));
      if (existsSync(file)) return send(200, extname(file) === ".wasm" ? "application/wasm" : "text/javascript", readFileSync(file));
    }
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function survivors(context, page) {
  const cookies = (await context.cookies()).map((c) => ({ storage: "cookie", name: c.name }));
  const rest = await page.evaluate(async () => {
    const out = [];
    for (const [storage, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
      for (let i = 0; i < store.length; i++) out.push({ storage, name: store.key(i) });
    }
    for (const d of await indexedDB.databases()) out.push({ storage: "indexedDB", name: d.name });
    return out;
  });
  return [...cookies, ...rest];
}

test("real SDKs after a rejection, no site rules: nothing they persisted survives but necessary entries", { timeout: 600_000 }, async () => {
  const run = SDKS.filter((s) => !NOT_RUN.has(s.name));
  const bundles = mkdtempSync(join(tmpdir(), "consent-agent-sdks-"));
  const entries = join(ROOT, "tests", "sdk-run", "harness", "entries");
  for (const sdk of run) {
    await esbuild.build({
      entryPoints: [join(entries, `${sdk.name}.js`)], bundle: true, format: "iife", platform: "browser", target: "es2020",
      outfile: join(bundles, `${sdk.name}.js`), define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
      logLevel: "silent", absWorkingDir: ROOT,
    });
  }
  const server = await serve(bundles);
  const origin = `http://shop.localhost:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-blink-features=AutomationControlled"],
    ignoreDefaultArgs: ["--enable-automation"] });
  const failures = [];
  let checked = 0;
  try {
    for (const sdk of run) {
      const context = await browser.newContext();
      await context.route((url) => !url.href.startsWith(origin), (route) => route.abort());
      const tab = await context.newPage();
      await tab.goto(`${origin}/blank.html`);
      await tab.evaluate(() => consentAgent.rejectAll());
      await tab.goto(`${origin}/sdk/${sdk.name}.html`);
      await tab.click("#buy").catch(() => {});
      await tab.waitForTimeout(SETTLE);
      await tab.reload();
      await tab.waitForTimeout(SETTLE / 2);
      const left = await survivors(context, tab);
      const verdicts = await tab.evaluate((list) => list.map((e) => [e.storage, e.name, consentAgent.classify(e.name, e.storage)]), left);
      for (const [storage, name, category] of verdicts) {
        checked++;
        if (name.startsWith("consent_agent")) continue; // the agent's own record
        if (category === "necessary") continue;
        if ((UNCLAIMED[sdk.name] || []).some((re) => re.test(name))) continue;
        failures.push(`${sdk.name}: ${storage} ${name} survived (${category ?? "unknown to the catalog"})`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(bundles, { recursive: true, force: true });
  }
  assert.ok(run.length >= 30, `${run.length} SDKs run`);
  assert.deepEqual(failures, [], `${failures.length} entries of ${checked} survived`);
});
