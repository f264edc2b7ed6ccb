// End-to-end: a choice leaves the tab. Proof of consent reaches the site's
// consentLog address (read from the browser's own requests, answered by a
// route standing in for the site's receiver), and the site's other open
// tabs enforce the choice within a second (read from their cookies via
// CDP and their storage).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { setUp, newPage, plant, allCookies, scopes } from "../support/browser.mjs";

// The payload's documented shape: $defs.consentLogRecord of the shipped schema.
const SCHEMA = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../dist/consent-agent.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const validRecord = ajv.compile({ ...SCHEMA.$defs.consentLogRecord, $schema: undefined });

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
function checkShape(p) {
  assert.ok(validRecord(p), "matches the schema's consentLogRecord: " + JSON.stringify(validRecord.errors));
  assert.deepEqual(Object.keys(p).sort(), ["configRevision", "decidedAt", "denied", "event", "expiresAt", "globalPrivacyControl", "granted", "id", "page", "revision", "sentAt"]);
  assert.ok(["choice", "withdrawal", "reset"].includes(p.event));
  assert.match(p.id, /^[0-9a-f]{16}$/);
  assert.ok(Array.isArray(p.granted) && Array.isArray(p.denied));
  assert.match(p.decidedAt, ISO);
  assert.match(p.expiresAt, ISO);
  assert.match(p.sentAt, ISO);
  assert.equal(typeof p.revision, "number");
  assert.equal(typeof p.configRevision, "number");
  assert.equal(typeof p.globalPrivacyControl, "boolean");
  assert.ok(!p.page.includes("?") && !p.page.includes("#"), p.page);
}

test("consentLog: exactly one well-formed record per choice, withdrawal and reset, none before; the page is not delayed", async () => {
  const page = await newPage(env);
  const received = [];
  await page.route("**/consent-log", async (route) => {
    const request = route.request();
    received.push({ method: request.method(), type: request.headers()["content-type"], body: JSON.parse(request.postData()), cookieHeader: request.headers().cookie || "" });
    await new Promise((r) => setTimeout(r, 1500)); // a slow receiver
    await route.fulfill({ status: 204 });
  });
  await plant(page, env.http, ["_ga=secret-value-1; Path=/"]);
  await page.goto(`${env.http}/a/b/consent-log.html?campaign=x#top`);
  await page.waitForTimeout(300);
  assert.equal(received.length, 0, "nothing is sent before a choice");
  const ms = await page.evaluate(() => {
    const t = performance.now();
    consentAgent.accept(["analytics", "marketing"]);
    return performance.now() - t;
  });
  assert.ok(ms < 200, `the choice returned after ${ms} ms although the receiver takes 1.5 s`);
  await page.evaluate(() => consentAgent.accept(["analytics"])); // withdraws marketing
  const lastId = await page.evaluate(() => consentAgent.consent().id);
  await page.evaluate(() => consentAgent.reset());
  for (let i = 0; i < 50 && received.length < 3; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(300);
  assert.equal(received.length, 3, JSON.stringify(received.map((r) => r.body.event)));
  received.forEach((r) => {
    assert.equal(r.method, "POST");
    assert.match(r.type, /^application\/json/);
    checkShape(r.body);
    assert.ok(!JSON.stringify(r.body).includes("secret-value"), "no cookie value in the record");
  });
  assert.deepEqual(received.map((r) => r.body.event), ["choice", "withdrawal", "reset"]);
  assert.deepEqual(received[0].body.granted, ["necessary", "analytics", "marketing"]);
  assert.deepEqual(received[1].body.denied, ["functional", "marketing"]);
  assert.equal(received[2].body.id, lastId, "a reset sends the record it forgets");
  assert.equal(received[0].body.page, `${env.http}/a/b/consent-log.html`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("one choice across tabs: a rejection in one tab is in force in the site's other tabs within 1 s; another host's tab is untouched", async () => {
  const page = await newPage(env);
  const context = page.context();
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.acceptAll());
  const other = await context.newPage();
  await other.goto(`${env.http}/a/b/page.html`);
  const foreignOrigin = env.http.replace("www.shop.example.test", "127.0.0.1");
  const foreign = await context.newPage();
  await foreign.goto(`${foreignOrigin}/a/b/page.html`);
  await foreign.evaluate(() => consentAgent.acceptAll());
  await foreign.evaluate(() => { document.cookie = "_ga=foreign; path=/"; localStorage.setItem("ac_client_foreign", "1"); });
  await other.evaluate(() => {
    window.changes = 0;
    addEventListener("consentagent:change", () => window.changes++);
    document.cookie = "_ga=tab2; path=/";
    localStorage.setItem("ads_tab2", "1");
    sessionStorage.setItem("ac_session_tab2", "1");
  });
  assert.equal(await other.evaluate(() => consentAgent.accepted("analytics")), true);
  const start = Date.now();
  await page.evaluate(() => consentAgent.rejectAll());
  await other.waitForFunction(() => window.changes >= 1 && sessionStorage.getItem("ac_session_tab2") === null && localStorage.getItem("ads_tab2") === null, null, { timeout: 1000 });
  const elapsed = Date.now() - start;
  assert.equal(await other.evaluate(() => consentAgent.accepted("analytics")), false, "the other tab's consent() agrees");
  assert.deepEqual(scopes(await allCookies(page), "_ga").filter((s) => s.startsWith("www.shop")), [], "the refused cookie is gone");
  assert.ok(elapsed < 1500, `${elapsed} ms`);
  // The tab of another host keeps its own choice and entries.
  assert.equal(await foreign.evaluate(() => consentAgent.accepted("analytics")), true);
  assert.equal(await foreign.evaluate(() => localStorage.getItem("ac_client_foreign")), "1");
  assert.ok((await allCookies(page)).some((c) => c.name === "_ga" && c.domain === "127.0.0.1"));
  await context.close();
});
