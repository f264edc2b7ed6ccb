// What a consent manager adds to a page's first paint, side by side in one
// run: consent-agent's tag against orejime and vanilla-cookieconsent (npm
// dev dependencies, set up as their READMEs say) and a page without any,
// in Chromium, in a desktop profile and a mobile one (Lighthouse-like: 150 ms
// round trip, 1.6 Mbit/s down, 750 Kbit/s up, 4× CPU slowdown, 412×823 at
// device pixel ratio 1.75), each cold (a fresh profile) and warm (the same
// profile's second load, from the HTTP cache). Every page has the same
// 40 KB hero image as its largest contentful paint. Files are served gzip
// compressed, `.wasm` as application/wasm, and everything but the page with
// Cache-Control: max-age=31536000 (the page: no-cache).
//
// Per load: first contentful paint, largest contentful paint, when an
// accept/reject button is first visible (checked every animation frame),
// main-thread script time (CDP Performance.getMetrics, ScriptDuration), total
// blocking time from navigation (long tasks' time over 50 ms, until 2 s
// after load), render-blocking and total bytes (Resource Timing: encoded
// sizes, renderBlockingStatus), and for consent-agent the time from its tag
// to the end of the first sweep (consentagent:ready). Reported as medians
// with p10–p90; "added" is the median minus the page without a manager;
// ratios are to the best peer's.
//
//   node tests/bench/first-paint.mjs [--write] [--runs N] [--only desktop|mobile]
//   (--write replaces the section "First paint" of BENCHMARKS.md)
import { chromium } from "playwright-core";
import http from "node:http";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSection } from "./sections.mjs";
import { gzipSync, deflateSync, crc32 } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const RUNS = Number(arg("--runs", 7));
const CHROMIUM = "/usr/bin/chromium";
const PROFILES = {
  desktop: null,
  mobile: { latency: 150, down: 1.6e6 / 8, up: 750e3 / 8, cpu: 4, width: 412, height: 823, scale: 1.75 },
};

// ---------- the hero image: a 40 KB PNG at its displayed size ----------
// (LCP counts an image at most at its intrinsic size: noise in its first
// 40,000 bytes of pixels, flat after, so it compresses to about 40 KB.)
function png(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "ascii"), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let seed = 42;
  for (let i = 0; i < rows.length && i < 40000; i++) {
    if (i % (width * 3 + 1) === 0) continue; // filter byte 0
    seed = (seed * 1103515245 + 12345) >>> 0;
    rows[i] = seed >>> 24;
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}
const HERO = png(412, 378);

// ---------- the pages ----------
const ENGINE = readdirSync(join(ROOT, "dist")).find((f) => /^consent-agent\.[0-9a-f]{10}\.wasm$/.test(f));
const ENGINE_SCRIPT = readFileSync(join(ROOT, "dist/consent-agent.js"), "utf8").match(/consent-agent-engine\.[0-9a-f]{10}\.js/)[0];
const PEERS = {
  orejime: join(ROOT, "node_modules/orejime/dist"),
  cookieconsent: join(ROOT, "node_modules/vanilla-cookieconsent/dist"),
};
const body = `<body><header><h1>A shop</h1></header><main><img src="/hero.png" width="412" height="378" alt="hero" style="width:100%;height:auto">
<p>Products, prices and a basket: the page a visitor came for.</p></main></body></html>`;
const head = (title) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>`;
const AGENT_CONFIG = { revision: 1, ui: { shadowRoot: "open" }, googleConsentMode: true };
const PAGES = {
  none: head("no consent manager") + "</head>" + body,
  "consent-agent": head("consent-agent") + `<script id="consent-agent-config" type="application/json">${JSON.stringify(AGENT_CONFIG)}</script>
<script>window.tagStart = performance.now(); addEventListener("consentagent:ready", function () { window.tagReady = performance.now() - window.tagStart; });</script>
<script src="/consent-agent.js"></script></head>` + body,
  // orejime 3 (README "Usage"): its stylesheet and script in <head>, the config before it.
  orejime: head("orejime") + `<link rel="stylesheet" href="/orejime/orejime-standard.css">
<script>window.orejimeConfig = { privacyPolicyUrl: "/privacy", purposes: [{ id: "analytics", title: "Analytics", cookies: ["_ga"] }] };</script>
<script src="/orejime/orejime-standard-en.js"></script></head>` + body,
  // vanilla-cookieconsent 3 (README "Usage", UMD): stylesheet in <head>, script and run() at the end of <body>;
// hideFromBots: false, or it shows nothing to an automated browser.
  cookieconsent: head("vanilla-cookieconsent") + `<link rel="stylesheet" href="/cookieconsent/cookieconsent.css"></head>` +
    body.replace("</body>", `<script src="/cookieconsent/cookieconsent.umd.js"></script>
<script>CookieConsent.run({ hideFromBots: false, categories: { necessary: { readOnly: true, enabled: true }, analytics: {} }, language: { default: "en", translations: { en: {
  consentModal: { title: "Cookies", description: "We use cookies.", acceptAllBtn: "Accept all", acceptNecessaryBtn: "Reject all" },
  preferencesModal: { title: "Preferences", acceptAllBtn: "Accept all", acceptNecessaryBtn: "Reject all", savePreferencesBtn: "Save", sections: [] } } } } });</script></body>`),
};

// ---------- the server ----------
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".png": "image/png", ".html": "text/html; charset=utf-8" };
function fileFor(path) {
  if (path === "/hero.png") return HERO;
  if (path === "/consent-agent.js" || path === `/${ENGINE}` || path === `/${ENGINE_SCRIPT}`) return readFileSync(join(ROOT, "dist", path.slice(1)));
  for (const [name, dir] of Object.entries(PEERS)) {
    if (path.startsWith(`/${name}/`)) return readFileSync(join(dir, path.slice(name.length + 2)));
  }
  return null;
}
function serve() {
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    try {
      const page = PAGES[path.slice(1)];
      const raw = page !== undefined ? Buffer.from(page) : fileFor(path);
      if (!raw) {
        res.writeHead(404);
        return res.end();
      }
      const type = page !== undefined ? TYPES[".html"] : TYPES[extname(path)] || "application/octet-stream";
      const headers = { "Content-Type": type, "Cache-Control": page !== undefined ? "no-cache" : "public, max-age=31536000" };
      let out = raw;
      if (type !== "image/png") {
        if (!gzipped.has(path)) gzipped.set(path, gzipSync(raw, { level: 9 }));
        out = gzipped.get(path);
        headers["Content-Encoding"] = "gzip";
      }
      headers["Content-Length"] = out.length;
      res.writeHead(200, headers);
      res.end(out);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------- one load ----------
// Installed before any page script: paint, LCP and long-task observers, and
// a per-frame look for a visible accept/reject button (open shadow roots too).
function observe() {
  const m = (window.__m = { fcp: null, lcp: null, banner: null, long: [] });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (e.name === "first-contentful-paint") m.fcp = e.startTime; })).observe({ type: "paint", buffered: true });
  new PerformanceObserver((l) => { const all = l.getEntries(); m.lcp = all[all.length - 1].startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => m.long.push([e.startTime, e.duration]))).observe({ type: "longtask", buffered: true });
  const WORDS = /accept|reject|decline|agree|allow|deny/i;
  function visibleButton(root) {
    const all = root.querySelectorAll("button, a[role=button], [role=button]");
    for (const b of all) {
      const r = b.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && WORDS.test(b.textContent || "") && getComputedStyle(b).visibility !== "hidden") return true;
    }
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot && visibleButton(el.shadowRoot)) return true;
    return false;
  }
  (function look() {
    if (m.banner === null && document.body && visibleButton(document)) m.banner = performance.now();
    if (m.banner === null) requestAnimationFrame(look);
  })();
}

async function load(context, url, profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (profile) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: profile.latency, downloadThroughput: profile.down, uploadThroughput: profile.up });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
    await cdp.send("Emulation.setDeviceMetricsOverride", { width: profile.width, height: profile.height, deviceScaleFactor: profile.scale, mobile: true });
  }
  await page.addInitScript(observe);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(2000);
  const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const result = await page.evaluate(() => {
    const m = window.__m;
    const own = performance.getEntriesByType("resource").filter((r) => !/\/hero\.png$/.test(r.name));
    return {
      fcp: m.fcp, lcp: m.lcp, banner: m.banner,
      tbt: m.long.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
      blockingBytes: own.filter((r) => r.renderBlockingStatus === "blocking").reduce((n, r) => n + r.encodedBodySize, 0),
      bytes: own.reduce((n, r) => n + r.encodedBodySize, 0),
      ready: window.tagReady ?? null,
    };
  });
  result.script = metrics.ScriptDuration * 1000;
  await page.close();
  return result;
}

const stats = (values) => {
  const v = values.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (!v.length) return null;
  const at = (p) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9) };
};

export async function firstPaint() {
  for (const [name, dir] of Object.entries(PEERS)) if (!existsSync(dir)) throw new Error(`first-paint: ${name} is not installed (npm ci)`);
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const out = {};
  try {
    const only = arg("--only", "");
    for (const [profileName, profile] of Object.entries(PROFILES)) {
      if (only && only !== profileName) continue;
      for (const cache of ["cold", "warm"]) {
        const runs = Object.fromEntries(Object.keys(PAGES).map((p) => [p, []]));
        for (let i = 0; i < RUNS; i++) {
          for (const name of Object.keys(PAGES)) { // interleaved: drift hits every page alike
            const context = await browser.newContext();
            if (cache === "warm") await load(context, `${origin}/${name}`, profile);
            runs[name].push(await load(context, `${origin}/${name}`, profile));
            await context.close();
          }
        }
        const summary = {};
        for (const [name, list] of Object.entries(runs)) {
          summary[name] = {};
          for (const key of ["fcp", "lcp", "banner", "script", "tbt", "blockingBytes", "bytes", "ready"]) summary[name][key] = stats(list.map((r) => r[key]));
        }
        out[`${profileName} ${cache}`] = summary;
        console.log(`first-paint: ${profileName} ${cache} done`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

// ---------- the report ----------
const msText = (n) => (n === null || n === undefined ? "–" : `${Math.round(n)} ms`);
const range = (s) => (s ? `${msText(s.median)} (${Math.round(s.p10)}–${Math.round(s.p90)})` : "–");
function table(summary) {
  const base = summary.none;
  const managers = ["consent-agent", "orejime", "cookieconsent"];
  const added = (name, key) => summary[name][key].median - base[key].median;
  const best = (key, value) => {
    const peers = ["orejime", "cookieconsent"].map(value).filter((v) => typeof v === "number");
    return Math.min(...peers);
  };
  const ratio = (mine, bestPeer) => (bestPeer > 0 ? `${(mine / bestPeer).toFixed(2)}×` : "–");
  const rows = [
    ["first contentful paint, added", (n) => added(n, "fcp"), true],
    ["largest contentful paint, added", (n) => added(n, "lcp"), true],
    ["accept/reject visible (from navigation)", (n) => summary[n].banner?.median ?? null, false],
    ["main-thread script, added", (n) => added(n, "script"), true],
    ["total blocking time from navigation", (n) => summary[n].tbt?.median ?? null, false],
  ];
  let text = "| | consent-agent | orejime 3.2.1 | vanilla-cookieconsent 3.1.0 | consent-agent ÷ best peer |\n|---|---:|---:|---:|---:|\n";
  for (const [label, value, signed] of rows) {
    const cells = managers.map((n) => {
      const v = value(n);
      return v === null || Number.isNaN(v) ? "–" : (signed && v >= 0 ? "+" : "") + Math.round(v) + " ms";
    });
    text += `| ${label} | ${cells.join(" | ")} | ${ratio(value("consent-agent"), best(label, value))} |\n`;
  }
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  text += `| render-blocking bytes (encoded) | ${managers.map((n) => kb(summary[n].blockingBytes.median - base.blockingBytes.median)).join(" | ")} | |\n`;
  text += `| bytes downloaded (encoded) | ${managers.map((n) => kb(summary[n].bytes.median - base.bytes.median)).join(" | ")} | |\n`;
  text += `\nMedians over the runs; spread (p10–p90) of each page's own times: ` +
    managers.concat("none").map((n) => `${n} FCP ${range(summary[n].fcp)}, LCP ${range(summary[n].lcp)}`).join("; ") + ".\n";
  if (summary["consent-agent"].ready) text += `consent-agent's first sweep done (consentagent:ready), from its tag: ${range(summary["consent-agent"].ready)}.\n`;
  return text;
}

export function section(result) {
  let text = `## First paint, side by side\n\n${RUNS} loads of each page per row, interleaved, in one run of \`node tests/bench/first-paint.mjs\` ` +
    "(Chromium; how each is set up and measured: the top of that file). \"Added\": the median minus the same page's without a consent manager; " +
    "the ratio is to the better of the two peers (lower is better). Times from this 2-core machine are noisy: read the ratios.\n";
  for (const [name, summary] of Object.entries(result)) text += `\n### ${name[0].toUpperCase() + name.slice(1)}\n\n` + table(summary);
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await firstPaint();
  const text = section(result);
  console.log(text);
  if (process.argv.includes("--write")) writeSection("## First paint, side by side", text);
}
