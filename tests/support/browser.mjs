// Test harness: servers on 127.0.0.1 (http and https with a throw-away
// self-signed certificate), headless Debian Chromium through playwright-core
// with *.example.test mapped to 127.0.0.1, and helpers that plant and read
// entries through the browser itself (CDP), never through the agent.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./server.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The engine's file name in dist/ (it carries a hash of the module). */
export const ENGINE = readdirSync(join(ROOT, "dist")).find((f) => /^consent-agent\.[0-9a-f]{10}\.wasm$/.test(f)) || "consent-agent.wasm";
/** The engine's script (its start, glue, banner and dialog), which the English tag loads beside it. */
export const ENGINE_SCRIPT = readFileSync(join(ROOT, "dist/consent-agent.js"), "utf8").match(/consent-agent-engine\.[0-9a-f]{10}\.js/)?.[0] || "consent-agent-engine.js";

export const HOST = "www.shop.example.test";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
  "--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP example.test 127.0.0.1",
];

export function certificate() {
  const dir = mkdtempSync(join(tmpdir(), "consent-agent-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    "-days", "2", "-subj", "/CN=www.shop.example.test", "-addext", "subjectAltName=DNS:*.example.test,DNS:*.shop.example.test,DNS:example.test"], { stdio: "ignore" });
  const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  rmSync(dir, { recursive: true, force: true });
  return tls;
}

/**
 * Starts both servers and Chromium; `close()` stops every one of them. With
 * `backForwardCache: true` the browser keeps its back/forward cache, as
 * visitors' browsers do (playwright turns it off by default), so a page
 * restored by a back navigation can be tested.
 */
export async function setUp({ backForwardCache = false } = {}) {
  const http = await serve();
  const https = await serve({ tls: certificate() });
  const ignoreDefaultArgs = backForwardCache ? ["--disable-back-forward-cache"] : [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, ignoreDefaultArgs });
  return {
    browser,
    http: `http://${HOST}:${http.port}`,
    https: `https://${HOST}:${https.port}`,
    async close() {
      await browser.close();
      await http.close();
      await https.close();
    },
  };
}

/** Hands tests the UI's closed shadow root as host.shadowRoot, in every page of `context` (see newPage). */
export async function pierceRoot(context) {
  await context.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      if (this.id === "consent-agent-ui") Object.defineProperty(this, "shadowRoot", { configurable: true, get: () => root });
      return root;
    };
  });
}

/**
 * Waits until the page's agent (if it has one) has its engine ready:
 * `consentAgent.ready`, awaited through CDP without a user gesture (a
 * Playwright evaluate would give the page one).
 */
// (At most 10 s: an engine that cannot start never gets ready.)
const READY_OR_LATER = "Promise.race([window.consentAgent && window.consentAgent.ready, new Promise((r) => setTimeout(r, 10000))]).then(() => true)";
export async function engineReady(page) {
  try {
    await page.cdp.send("Runtime.evaluate", { expression: READY_OR_LATER, awaitPromise: true });
  } catch {
    // no agent, or a page navigating away: nothing to wait for
  }
}

/** A fresh context (cookie jar) and page that records console messages and page errors. */
export async function newPage(env, { closedRoot = false } = {}) {
  const context = await env.browser.newContext({ ignoreHTTPSErrors: true });
  // The agent's UI lives in a closed shadow root (ui.shadowRoot). Tests read
  // and click it as DevTools would: this hook, installed before any page
  // script, hands the tests the root as host.shadowRoot. `closedRoot: true`
  // leaves it as a page sees it.
  if (!closedRoot) await pierceRoot(context);
  const page = await context.newPage();
  page.messages = [];
  page.errors = [];
  page.on("console", (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.cdp = await context.newCDPSession(page);
  // A navigation is done when the agent's engine is ready too (the tag
  // starts it without blocking the page, so `load` may come first).
  for (const name of ["goto", "reload", "goBack", "goForward"]) {
    const navigate = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await navigate(...args);
      await engineReady(page);
      return response;
    };
  }
  return page;
}

/**
 * Makes `page` answer `url` with `html` (a page the test writes, when only a
 * detail of it varies), and the tag (`/consent-agent.js` on the same
 * origin) and its engine and each of `files` (`{ "/path": file }`) from disk. Chromium
 * counts a fulfilled page as public address space and would refuse it
 * anything from the loopback server, so everything it loads is fulfilled.
 */
export async function servePage(page, url, html, files = {}) {
  const origin = new URL(url).origin;
  await page.route(url, (route) => route.fulfill({ contentType: "text/html", body: html }));
  const all = { "/consent-agent.js": join(ROOT, "dist/consent-agent.js"), [`/${ENGINE}`]: join(ROOT, "dist", ENGINE), [`/${ENGINE_SCRIPT}`]: join(ROOT, "dist", ENGINE_SCRIPT), ...files };
  for (const [path, file] of Object.entries(all)) {
    const contentType = path.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    await page.route(origin + path, (route) => route.fulfill({ path: file, contentType }));
  }
}

// Pages that never carry the agent: a new tab, the planting answer, blank.html.
const AGENT_FREE = /^about:blank$|\/plant\?|\/a\/b\/blank\.html$/;

/**
 * Plants cookies the way a server does: Set-Cookie headers on a response from
 * `origin`. From a page without the agent: a page with the agent that is
 * being left still runs when the response's cookies land, and would sweep
 * the refused ones before the test looks.
 */
export async function plant(page, origin, cookies) {
  const query = cookies.map((c) => "c=" + encodeURIComponent(c)).join("&");
  if (!AGENT_FREE.test(page.url())) await page.goto(`${origin}/a/b/blank.html`);
  const response = await page.goto(`${origin}/plant?${query}`);
  if (!response.ok()) throw new Error("plant failed");
}

/** Plants storage keys from a page of the same origin that has no agent. */
export async function plantStorage(page, origin, local = {}, session = {}) {
  await page.goto(`${origin}/a/b/blank.html`);
  await page.evaluate(([l, s]) => {
    for (const [k, v] of Object.entries(l)) localStorage.setItem(k, v);
    for (const [k, v] of Object.entries(s)) sessionStorage.setItem(k, v);
  }, [local, session]);
}

/** Every cookie in the browser, from CDP (Network.getAllCookies). */
export async function allCookies(page) {
  const { cookies } = await page.cdp.send("Network.getAllCookies");
  return cookies;
}

/**
 * Waits until every cookie write the page has made so far is in the browser's
 * jar: document.cookie writes reach the store asynchronously, so a CDP read
 * right after them could miss one (and a refused write would seem not to have
 * landed). Writes a probe cookie after them and waits for CDP to see it (writes
 * from one page land in order), then deletes it (a later read may still see
 * it: look cookies up by name). Its name looks essential, so no configuration
 * here refuses it.
 */
export async function settled(page) {
  const value = String(Date.now()) + String(Math.random()).slice(2, 8);
  await page.evaluate((v) => { document.cookie = `zz_probe_session=${v}; path=/`; }, value);
  await until(async () => (await allCookies(page)).some((c) => c.name === "zz_probe_session" && c.value === value), "the page's cookie writes reached the jar", 2000);
  await page.evaluate(() => { document.cookie = "zz_probe_session=; max-age=0; path=/"; });
}

/** The cookies named `name`, as "domain/path" (and "(partitioned)"), sorted. */
export function scopes(cookies, name) {
  return cookies.filter((c) => c.name === name).map((c) => `${c.domain}${c.path}${c.partitionKey ? " (partitioned)" : ""}`).sort();
}

/**
 * localStorage and sessionStorage keys as the page sees them, but for the
 * agent's own copy of its record (`consent_agent` in localStorage, which
 * the record tests check).
 */
export async function storageKeys(page) {
  return page.evaluate(() => ({
    local: Object.keys(localStorage).filter((k) => k !== "consent_agent").sort(),
    session: Object.keys(sessionStorage).sort(),
  }));
}

/**
 * Clicks the visible button of the agent's UI whose text is `text` (within
 * `within`, a selector in its shadow root) the way the visitor does: a real
 * mouse click (trusted, with user activation), which is the only kind the
 * agent's controls take.
 */
export async function clickUi(page, text, within = "") {
  const handle = await page.evaluateHandle(([text, within]) => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    return [...root.querySelectorAll(`${within} button`)].find((b) => b.textContent === text && b.getClientRects().length) || null;
  }, [text, within]);
  const button = handle.asElement();
  if (!button) throw new Error("no visible button " + text);
  await button.click();
}

/**
 * Waits until none of `names` is in the browser's jar (CDP), polling every
 * 25 ms; fails when one is still there after `ms`. Returns the milliseconds it took.
 */
export async function goneWithin(page, names, ms) {
  const start = Date.now();
  for (;;) {
    const cookies = await allCookies(page);
    const left = names.filter((n) => cookies.some((c) => c.name === n));
    if (!left.length) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`still in the jar after ${ms} ms: ${left.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until `condition()` (a Node-side check) holds; fails after `ms` saying `what`. */
export async function until(condition, what, ms = 2000) {
  const start = Date.now();
  for (;;) {
    if (await condition()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The consent record cookie `name` as the browser stores it (CDP), read by
 * its documented format (README, src/record.rs):
 * `2~revision~decided~expires~id~granted~denied~signal~check`, ids joined by
 * "+". Written here from the format, apart from the agent's own decoder.
 * Returns null when there is none; fails when there are several. Reads
 * after the page's cookie writes so far have landed (settled()).
 */
export async function storedRecord(page, name = "consent_agent") {
  await settled(page);
  const found = (await allCookies(page)).filter((c) => c.name === name);
  if (found.length > 1) throw new Error(`${found.length} ${name} cookies: ${scopes(found, name)}`);
  if (!found.length) return null;
  const cookie = found[0];
  const fields = cookie.value.split("~");
  const list = (text) => (text ? text.split("+").sort() : []);
  return {
    cookie,
    format: fields[0],
    revision: Number(fields[1]),
    decided: Number(fields[2]),
    expires: Number(fields[3]),
    id: fields[4],
    granted: list(fields[5]),
    denied: list(fields[6]),
    signal: fields[0] === "2" ? fields[7] === "1" : false,
  };
}
