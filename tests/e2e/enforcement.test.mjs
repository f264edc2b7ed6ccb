// End-to-end: the script tag on http(s)://www.shop.example.test/a/b/page.html
// in headless Chromium. Every check reads the browser's own state (CDP
// cookies, page storage), never the agent's report.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, plant, plantStorage, allCookies, scopes, storageKeys } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

// The seven scopes a JavaScript-visible cookie can have on /a/b/ of www.shop.example.test.
const SEVEN_SCOPES = [
  "Path=/",
  "Path=/a",
  "Path=/a/b",
  "Domain=www.shop.example.test; Path=/",
  "Domain=shop.example.test; Path=/",
  "Domain=example.test; Path=/",
  "Domain=example.test; Path=/a",
];

function everywhere(name, value, extra = "") {
  return SEVEN_SCOPES.map((scope) => `${name}=${value}; ${scope}${extra}`);
}

const HTTP_COOKIES = [
  ...everywhere("_ga", "GA1.1.1"),
  "_ga_ABC123=GS1.1; Path=/a/b",
  "_ga_ABC123=GS1.2; Domain=example.test; Path=/a/b/",
  "ads_id=42; Domain=shop.example.test; Path=/a",
  "theme=dark; Path=/a/b/",
  "cart=3; Path=/",
  "cart=4; Domain=example.test; Path=/a",
  "cart=5; Domain=shop.example.test; Path=/a/b",
  "site_pref=1; Path=/",
];
const LOCAL = { ac_client_user_id: "u1", ac_client_batch: "[]", ads_seen: "1", theme: "dark", cart_items: "[1]", site_key: "k" };
const SESSION = { ac_session_1: "s", checkout_step: "2" };
const REFUSED = ["_ga", "_ga_ABC123", "ads_id", "theme"];

async function plantAll(page, origin, cookies = HTTP_COOKIES) {
  await plant(page, origin, cookies);
  await plantStorage(page, origin, LOCAL, SESSION);
}

test("rejectAll removes every non-necessary cookie in all seven scopes and web storage; necessary ones untouched", async () => {
  const page = await newPage(env);
  await plantAll(page, env.http);
  const before = await allCookies(page);
  assert.equal(scopes(before, "_ga").length, 7, "all seven scopes planted");
  assert.equal(scopes(before, "cart").length, 3);

  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.acceptAll());
  await plantAll(page, env.http); // everything back, accepted
  await page.goto(`${env.http}/a/b/page.html`);
  assert.equal(scopes(await allCookies(page), "_ga").length, 7, "accepted cookies are kept");

  await page.evaluate(() => consentAgent.rejectAll());
  const cookies = await allCookies(page);
  for (const name of REFUSED) assert.deepEqual(scopes(cookies, name), [], `${name} is gone from every scope`);
  assert.deepEqual(scopes(cookies, "cart"), scopes(before, "cart"), "necessary cookie untouched in all its scopes");
  assert.deepEqual(cookies.filter((c) => c.name === "cart").map((c) => c.value).sort(), ["3", "4", "5"]);
  assert.equal(scopes(cookies, "site_pref").length, 1, "unknown cookie kept (unknown: keep)");
  assert.equal(scopes(cookies, "consent_agent").length, 1, "the consent record is kept");
  assert.deepEqual(await storageKeys(page), { local: ["cart_items", "site_key"], session: ["checkout_step"] });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("nothing refused reaches the next script: the first sweep is done when the tag has run", async () => {
  const page = await newPage(env);
  await plantAll(page, env.http);
  await page.goto(`${env.http}/a/b/page.html`);
  const seen = await page.evaluate(() => window.seenAfterTag);
  assert.equal(seen.agent, "object");
  for (const name of REFUSED) assert.ok(!seen.cookie.split("; ").some((p) => p.startsWith(name + "=")), `${name} not seen: ${seen.cookie}`);
  assert.ok(seen.cookie.includes("cart="));
  assert.deepEqual(seen.local.sort(), ["cart_items", "site_key"]);
  assert.deepEqual(seen.session, ["checkout_step"]);
  await page.context().close();
});

test("https: Secure, __Secure-, __Host- and Partitioned cookies are removed; necessary prefixed ones stay", async () => {
  const page = await newPage(env);
  const secure = "; Secure";
  await plant(page, env.https, [
    ...everywhere("_ga", "GA1.1.2", secure),
    "__Secure-ads=1; Domain=example.test; Path=/a; Secure",
    "__Secure-ads=2; Path=/a/b; Secure",
    "__Host-ads=1; Path=/; Secure",
    "chips_ads=1; Path=/; Secure; SameSite=None; Partitioned",
    "chips_ads=2; Domain=shop.example.test; Path=/a; Secure; SameSite=None; Partitioned",
    "__Host-session=abc; Path=/; Secure",
    "__Secure-csrf=t; Domain=example.test; Path=/; Secure",
    "cart=9; Path=/; Secure",
  ]);
  const before = await allCookies(page);
  assert.equal(scopes(before, "_ga").length, 7);
  assert.equal(scopes(before, "chips_ads").filter((s) => s.includes("partitioned")).length, 2, "partitioned cookies planted");

  await page.goto(`${env.https}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  const cookies = await allCookies(page);
  for (const name of ["_ga", "__Secure-ads", "__Host-ads", "chips_ads"]) {
    assert.deepEqual(scopes(cookies, name), [], `${name} removed`);
  }
  for (const name of ["__Host-session", "__Secure-csrf", "cart"]) assert.equal(scopes(cookies, name).length, 1, `${name} kept`);
  const record = cookies.find((c) => c.name === "consent_agent");
  assert.ok(record.secure, "the record is Secure on https");
  assert.equal(record.sameSite, "Lax");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("reload: a rejected category stays enforced and entries planted between loads are gone when the tag has run", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.accept(["functional"]));
  await plantAll(page, env.http);
  await page.goto(`${env.http}/a/b/page.html`);
  const seen = await page.evaluate(() => window.seenAfterTag);
  for (const name of ["_ga", "_ga_ABC123", "ads_id"]) assert.ok(!seen.cookie.includes(name + "="), `${name} gone before the next script: ${seen.cookie}`);
  assert.ok(seen.cookie.includes("theme="), "functional was accepted");
  const state = await page.evaluate(() => consentAgent.consent());
  assert.deepEqual(state.categories, { necessary: true, functional: true, analytics: false, marketing: false });
  assert.match(state.decidedAt, /^\d{4}-\d\d-\d\dT/);
  const cookies = await allCookies(page);
  for (const name of ["_ga", "_ga_ABC123", "ads_id"]) assert.deepEqual(scopes(cookies, name), []);
  assert.deepEqual((await storageKeys(page)).local, ["cart_items", "site_key", "theme"]);
  await page.context().close();
});

test("writes of refused entries are stopped before they land; accepted ones land; late ones are swept", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  const result = await page.evaluate(() => {
    document.cookie = "_ga=GA1.2.3; path=/";
    document.cookie = "cart=7; path=/";
    localStorage.setItem("ac_client_identity", "x");
    localStorage.setItem("cart_items", "[2]");
    sessionStorage.setItem("ac_session_2", "y");
    return { cookie: document.cookie, local: Object.keys(localStorage).sort(), session: Object.keys(sessionStorage) };
  });
  assert.ok(!result.cookie.includes("_ga="));
  assert.ok(result.cookie.includes("cart=7"));
  assert.deepEqual(result.local, ["cart_items"]);
  assert.deepEqual(result.session, []);
  // Writes the traps cannot see: a property-style storage write and an HTTP Set-Cookie.
  await page.evaluate(async () => {
    localStorage.ads_property = "1";
    await fetch("/plant?c=" + encodeURIComponent("_ga_LATE=1; Path=/"));
  });
  await page.waitForFunction(() => !("ads_property" in localStorage) && !document.cookie.includes("_ga_LATE"), null, { timeout: 5000 });
  await page.evaluate(() => consentAgent.acceptAll());
  const accepted = await page.evaluate(() => {
    document.cookie = "_ga=GA1.9; path=/";
    localStorage.setItem("ac_client_identity", "x");
    return { cookie: document.cookie, local: Object.keys(localStorage) };
  });
  assert.ok(accepted.cookie.includes("_ga=GA1.9"));
  assert.ok(accepted.local.includes("ac_client_identity"));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("cookieStore.set of a refused cookie is stopped before it lands; accepted ones land", async () => {
  const page = await newPage(env);
  await page.goto(`${env.https}/a/b/page.html`); // cookieStore exists on secure pages only
  await page.evaluate(() => consentAgent.rejectAll());
  const refused = await page.evaluate(async () => {
    // The browser reports every cookie that lands (the agent's later sweep would hide it otherwise).
    const landed = [];
    cookieStore.addEventListener("change", (event) => event.changed.forEach((c) => landed.push(c.name)));
    const results = [await cookieStore.set("_ga", "GA1.2.3"), await cookieStore.set({ name: "ads_id", value: "1", path: "/" })];
    await cookieStore.set("cart", "7");
    let typeError = null;
    try { await cookieStore.set(); } catch (error) { typeError = error.name; }
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { results, landed, cookie: document.cookie, ga: await cookieStore.get("_ga"), typeError };
  });
  assert.deepEqual(refused.landed, ["cart"], "refused cookies never landed, not even briefly");
  assert.deepEqual(refused.results, [undefined, undefined], "resolves like the browser's own set");
  assert.equal(refused.ga, null);
  assert.ok(!refused.cookie.includes("ads_id") && refused.cookie.includes("cart=7"), refused.cookie);
  assert.equal(refused.typeError, "TypeError", "a call without a name is the browser's to reject");
  assert.deepEqual(scopes(await allCookies(page), "_ga"), [], "never reached the jar");
  await page.evaluate(() => consentAgent.acceptAll());
  const accepted = await page.evaluate(async () => {
    await cookieStore.set("_ga", "GA1.9");
    return document.cookie;
  });
  assert.ok(accepted.includes("_ga=GA1.9"));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the public contract: consent(), accepted(), accept(), reset(), sweep(), classify() and events", async () => {
  const page = await newPage(env);
  await page.addInitScript(() => {
    window.events = [];
    for (const type of ["consentagent:ready", "consentagent:change", "consentagent:sweep"]) {
      addEventListener(type, (e) => window.events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
  });
  await page.goto(`${env.http}/a/b/page.html`);
  const result = await page.evaluate(() => {
    const a = consentAgent;
    const initial = a.consent();
    a.accept(["analytics", "nonsense"]);
    const afterAccept = a.consent();
    const accepted = [a.accepted("analytics"), a.accepted("marketing"), a.accepted("necessary")];
    document.cookie = "_ga=1; path=/";
    const report = a.sweep();
    a.reset();
    const afterReset = a.consent();
    return {
      initial, afterAccept, accepted, report, afterReset,
      classify: [a.classify("_ga"), a.classify("_ga_XYZ", "cookie"), a.classify("ac_client_user_id", "localStorage"),
        a.classify("ac_client_user_id", "sessionStorage"), a.classify("consent_agent"), a.classify("no_such_thing")],
      frozen: Object.isFrozen(a),
    };
  });
  assert.deepEqual(result.initial, { categories: { necessary: true, functional: false, analytics: false, marketing: false }, revision: 1, decidedAt: null, expiresAt: null, id: null, globalPrivacyControl: false });
  assert.deepEqual(result.afterAccept.categories, { necessary: true, functional: false, analytics: true, marketing: false });
  assert.match(result.afterAccept.id, /^[0-9a-f]{16}$/);
  const days = (Date.parse(result.afterAccept.expiresAt) - Date.parse(result.afterAccept.decidedAt)) / 86400000;
  assert.equal(days, 182);
  assert.deepEqual(result.accepted, [true, false, true]);
  assert.deepEqual(result.report.kept.find((e) => e.name === "_ga"), { name: "_ga", storage: "cookie", category: "analytics" });
  assert.deepEqual(Object.keys(result.report).sort(), ["deleted", "failed", "kept", "unknown"]);
  assert.equal(result.afterReset.decidedAt, null);
  assert.equal(result.afterReset.categories.analytics, false);
  assert.deepEqual(result.classify, ["analytics", "analytics", "analytics", null, "necessary", null]);
  assert.ok(result.frozen);
  const types = (await page.evaluate(() => window.events)).map((e) => e.type);
  assert.equal(types.filter((t) => t === "consentagent:ready").length, 1);
  assert.equal(types.filter((t) => t === "consentagent:change").length, 2);
  assert.ok(types.filter((t) => t === "consentagent:sweep").length >= 3);
  const change = (await page.evaluate(() => window.events)).find((e) => e.type === "consentagent:change");
  assert.equal(change.detail.categories.analytics, true);
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"), "reset swept the now-refused _ga");
  await page.context().close();
});
