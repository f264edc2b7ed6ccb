// Test harness: servers on 127.0.0.1 (http and https with a throw-away
// self-signed certificate), headless Debian Chromium through playwright-core
// with *.example.test mapped to 127.0.0.1, and helpers that plant and read
// entries through the browser itself (CDP), never through the agent.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./server.mjs";

export const HOST = "www.shop.example.test";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
  "--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP example.test 127.0.0.1",
];

function certificate() {
  const dir = mkdtempSync(join(tmpdir(), "consent-agent-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    "-days", "2", "-subj", "/CN=www.shop.example.test", "-addext", "subjectAltName=DNS:*.example.test,DNS:*.shop.example.test,DNS:example.test"], { stdio: "ignore" });
  const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  rmSync(dir, { recursive: true, force: true });
  return tls;
}

/** Starts both servers and Chromium; `close()` stops every one of them. */
export async function setUp() {
  const http = await serve();
  const https = await serve({ tls: certificate() });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
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

/** A fresh context (cookie jar) and page that records console messages and page errors. */
export async function newPage(env) {
  const context = await env.browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.messages = [];
  page.errors = [];
  page.on("console", (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.cdp = await context.newCDPSession(page);
  return page;
}

/** Plants cookies the way a server does: Set-Cookie headers on a response from `origin`. */
export async function plant(page, origin, cookies) {
  const query = cookies.map((c) => "c=" + encodeURIComponent(c)).join("&");
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

export function scopes(cookies, name) {
  return cookies.filter((c) => c.name === name).map((c) => `${c.domain}${c.path}${c.partitionKey ? " (partitioned)" : ""}`).sort();
}

/** localStorage and sessionStorage keys as the page sees them. */
export async function storageKeys(page) {
  return page.evaluate(() => ({ local: Object.keys(localStorage).sort(), session: Object.keys(sessionStorage).sort() }));
}
