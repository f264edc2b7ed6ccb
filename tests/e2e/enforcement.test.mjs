// End-to-end: the script tag on http(s)://www.shop.example.test/a/b/page.html
// in headless Chromium. Every verdict on what is stored reads the browser's
// own state (CDP cookies, page storage, cookieStore change events); the
// agent's answers (consent(), sweep()'s report) are checked only in
// addition, against that state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { record } from "../support/records.mjs";
import { setUp, newPage, plant, plantStorage, allCookies, scopes, storageKeys, goneWithin, storedRecord, settled } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp({ backForwardCache: true }); // for the pageshow test
});
after(async () => {
  await env?.close();
});

// The seven scopes a JavaScript-visible cookie can have on /a/b/ of
// www.shop.example.test (and, on page.html, the page's own path, below).
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
  "ads_id=43; Path=/a/b/page.html", // the page's own path
  "theme=dark; Path=/a/b/",
  "cart=3; Path=/",
  "cart=4; Domain=example.test; Path=/a",
  "cart=5; Domain=shop.example.test; Path=/a/b",
  "site_pref=1; Path=/",
];
const LOCAL = { ac_client_user_id: "u1", ac_client_batch: "[]", ads_seen: "1", theme: "dark", cart_items: "[1]", site_key: "k" };
const SESSION = { ac_session_1: "s", checkout_step: "2" };
const REFUSED = ["_ga", "_ga_ABC123", "ads_id", "theme"];

// A consent record as a page could write one (tests/support/records.mjs).
const recordValue = (fields) => record({ id: "handmade", ...fields });

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

test("nothing refused is left when the engine is ready: the first sweep is done before the page's ready handlers run", async () => {
  const page = await newPage(env);
  await plantAll(page, env.http);
  await page.goto(`${env.http}/a/b/page.html`);
  const seen = await page.evaluate(() => window.seenWhenReady);
  assert.equal(seen.agent, "object");
  for (const name of REFUSED) assert.ok(!seen.cookie.split("; ").some((p) => p.startsWith(name + "=")), `${name} not seen: ${seen.cookie}`);
  assert.ok(seen.cookie.includes("cart="));
  assert.deepEqual(seen.local.sort(), ["cart_items", "site_key"]);
  assert.deepEqual(seen.session, ["checkout_step"]);
  await page.context().close();
});

test("https: Secure, __Secure-, __Host-, Partitioned (apex domain too) and non-Secure cookies are removed; necessary prefixed ones stay", async () => {
  const page = await newPage(env);
  // Cookies an http page of the site set earlier: not Secure, yet sent to the https pages too.
  await plant(page, env.http, ["_ga=GA1.1.0; Path=/", "ads_id=plain; Domain=example.test; Path=/a", "_ga_ABC123=plain; Path=/a/b/page.html"]);
  const secure = "; Secure";
  await plant(page, env.https, [
    ...everywhere("_ga", "GA1.1.2", secure),
    "__Secure-ads=1; Domain=example.test; Path=/a; Secure",
    "__Secure-ads=2; Path=/a/b; Secure",
    "__Host-ads=1; Path=/; Secure",
    "chips_ads=1; Path=/; Secure; SameSite=None; Partitioned",
    "chips_ads=2; Domain=shop.example.test; Path=/a; Secure; SameSite=None; Partitioned",
    "chips_ads=3; Domain=example.test; Path=/; Secure; SameSite=None; Partitioned", // the apex domain
    "chips_ads=4; Path=/a/b/page.html; Secure; SameSite=None; Partitioned", // the page's own path
    "__Host-session=abc; Path=/; Secure",
    "__Secure-csrf=t; Domain=example.test; Path=/; Secure",
    "cart=9; Path=/; Secure",
  ]);
  const before = await allCookies(page);
  assert.equal(scopes(before, "_ga").length, 7, "the Secure _ga replaced the plain one in its scope");
  assert.ok(before.some((c) => c.name === "ads_id" && !c.secure) && before.some((c) => c.name === "_ga_ABC123" && !c.secure), "non-Secure cookies planted");
  assert.deepEqual(scopes(before, "chips_ads"), [".example.test/ (partitioned)", ".shop.example.test/a (partitioned)",
    "www.shop.example.test/ (partitioned)", "www.shop.example.test/a/b/page.html (partitioned)"], "partitioned cookies planted, on the apex domain too");

  await page.goto(`${env.https}/a/b/page.html`);
  const seen = await page.evaluate(() => window.seenWhenReady.cookie);
  for (const name of ["_ga", "_ga_ABC123", "ads_id", "__Secure-ads", "__Host-ads", "chips_ads"]) {
    assert.ok(!seen.split("; ").some((p) => p.startsWith(name + "=")), `${name} gone before the next script: ${seen}`);
  }
  await page.evaluate(() => consentAgent.rejectAll());
  const cookies = await allCookies(page);
  for (const name of ["_ga", "_ga_ABC123", "ads_id", "__Secure-ads", "__Host-ads", "chips_ads"]) {
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
  const seen = await page.evaluate(() => window.seenWhenReady);
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

test("writes of refused entries are stopped before they land; accepted ones land; an HTTP Set-Cookie is removed within a second", async () => {
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
  assert.deepEqual(result.local, ["cart_items", "consent_agent"], "the agent keeps a copy of its record; nothing refused landed");
  assert.deepEqual(result.session, []);
  await settled(page);
  const jar = await allCookies(page);
  assert.deepEqual(scopes(jar, "_ga"), [], "the refused cookie never reached the jar");
  assert.deepEqual(jar.filter((c) => c.name === "cart").map((c) => c.value), ["7"]);
  // What no trap can stop: a Set-Cookie header. README: removed within a second.
  await page.evaluate(() => fetch("/plant?c=" + encodeURIComponent("_ga_LATE=1; Path=/")));
  const ms = await goneWithin(page, ["_ga_LATE"], 1000);
  assert.ok(ms <= 1000, `HTTP Set-Cookie removed after ${ms} ms`);
  await page.evaluate(() => consentAgent.acceptAll());
  const accepted = await page.evaluate(() => {
    document.cookie = "_ga=GA1.9; path=/";
    localStorage.setItem("ac_client_identity", "x");
    return { cookie: document.cookie, local: Object.keys(localStorage) };
  });
  assert.ok(accepted.cookie.includes("_ga=GA1.9"));
  assert.ok(accepted.local.includes("ac_client_identity"));
  await settled(page);
  assert.deepEqual((await allCookies(page)).filter((c) => c.name === "_ga").map((c) => c.value), ["GA1.9"], "the accepted write is in the jar");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("cookieStore.set of a refused cookie is stopped before it lands; accepted ones land", async () => {
  const page = await newPage(env);
  await page.goto(`${env.https}/a/b/page.html`); // cookieStore exists on secure pages only
  await page.evaluate(() => consentAgent.rejectAll());
  const refused = await page.evaluate(async () => {
    // The browser reports every cookie that lands (the agent's later sweep would hide it otherwise).
    // Change events come in the order the writes landed, so once cart's has
    // come, a refused cookie written before it would have been reported.
    const landed = [];
    let cartLanded;
    const cart = new Promise((resolve) => { cartLanded = resolve; });
    cookieStore.addEventListener("change", (event) => event.changed.forEach((c) => { landed.push(c.name); if (c.name === "cart") cartLanded(); }));
    const results = [await cookieStore.set("_ga", "GA1.2.3"), await cookieStore.set({ name: "ads_id", value: "1", path: "/" })];
    await cookieStore.set("cart", "7");
    let typeError = null;
    try { await cookieStore.set(); } catch (error) { typeError = error.name; }
    await Promise.race([cart, new Promise((resolve, reject) => setTimeout(() => reject(new Error("no change event for cart within 2 s")), 2000))]);
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
    const jarAtSweep = document.cookie;
    a.reset();
    const afterReset = a.consent();
    return {
      initial, afterAccept, accepted, report, jarAtSweep, afterReset,
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
  // sweep()'s report, checked against the jar the browser had at that moment (the cookie was written just before).
  assert.deepEqual(Object.keys(result.report).sort(), ["deleted", "failed", "kept", "unknown"]);
  assert.ok(result.jarAtSweep.split("; ").some((p) => p.startsWith("_ga=")), "_ga is in the jar after sweep() reported it kept");
  assert.deepEqual(result.report.kept.find((e) => e.name === "_ga"), { name: "_ga", storage: "cookie", category: "analytics" });
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

test("consentCookie: the record has the configured name, shared domain and lifetime, and counts on a sibling subdomain", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/consent-cookie.html`);
  await page.evaluate(() => consentAgent.accept(["analytics"]));
  const cookies = await allCookies(page);
  assert.deepEqual(scopes(cookies, "consent_agent"), [], "not under the default name");
  assert.deepEqual(scopes(cookies, "shop_choice"), [".shop.example.test/"], "Domain=shop.example.test, Path=/");
  const record = await storedRecord(page, "shop_choice");
  assert.deepEqual(record.granted, ["analytics", "necessary"]);
  assert.equal(record.expires - record.decided, 30 * 86400, "maxAgeDays: 30 in the record");
  assert.ok(Math.abs(record.cookie.expires - (record.decided + 30 * 86400)) <= 5, `the cookie expires with the record: ${record.cookie.expires}`);
  assert.ok(Math.abs(record.decided - Date.now() / 1000) < 60, "decided now");
  // A sibling subdomain reads the same choice: its analytics cookie stays, its marketing cookie goes.
  const sibling = `http://promo.shop.example.test:${new URL(env.http).port}`;
  await plant(page, sibling, ["_ga=GA1.1; Path=/", "_fbp=fb.1; Path=/"]);
  await page.goto(`${sibling}/a/b/consent-cookie.html`);
  assert.equal(await page.evaluate(() => consentAgent.consent().decidedAt !== null), true, "the sibling sees the choice");
  const there = await allCookies(page);
  assert.deepEqual(scopes(there, "_ga"), ["promo.shop.example.test/"], "granted on the sibling");
  assert.deepEqual(scopes(there, "_fbp"), [], "refused on the sibling");
  // reset() removes the shared record.
  await page.evaluate(() => consentAgent.reset());
  assert.equal(await storedRecord(page, "shop_choice"), null);
  assert.deepEqual(scopes(await allCookies(page), "_ga"), [], "reset() swept the now-refused _ga");

  // A record lasts at most maxAgeDays from its decision, whatever expiry it claims.
  const now = Math.floor(Date.now() / 1000), day = 86400;
  const grants = { granted: ["necessary", "analytics"], denied: [] };
  for (const [age, counts] of [[20, true], [40, false]]) {
    const value = recordValue({ decided: now - age * day, expires: now + 300 * day, ...grants });
    await plant(page, env.http, [`shop_choice=${value}; Domain=shop.example.test; Path=/`, "_ga=GA1.2; Path=/"]);
    page.messages.length = 0;
    await page.goto(`${env.http}/a/b/consent-cookie.html`);
    assert.equal(scopes(await allCookies(page), "_ga").length, counts ? 1 : 0, `a record decided ${age} days ago ${counts ? "counts" : "has lapsed"}`);
    const expired = page.messages.filter((m) => m.type === "warning" && m.text.includes("has expired"));
    assert.equal(expired.length, counts ? 0 : 1, JSON.stringify(page.messages));
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the watcher sweeps on the browser's cookieStore change event (https), before the page's later listeners see the cookie", async () => {
  const page = await newPage(env);
  // A change listener registered before the agent's and one after it: between
  // them, in the same dispatch, only the agent's listener runs.
  await page.addInitScript(() => {
    window.seen = [];
    if (window.cookieStore) cookieStore.addEventListener("change", (e) => e.changed.forEach((c) => window.seen.push(`first ${c.name} ${document.cookie.includes(c.name + "=")}`)));
  });
  await page.goto(`${env.https}/a/b/page.html`); // cookieStore exists on secure pages only
  await page.evaluate(() => {
    consentAgent.rejectAll();
    cookieStore.addEventListener("change", (e) => e.changed.forEach((c) => window.seen.push(`last ${c.name} ${document.cookie.includes(c.name + "=")}`)));
  });
  // Refused cookies set through the browser, not the page: no trap sees them.
  // Chromium sometimes sends the change event before document.cookie shows the
  // cookie; then no listener can see it (the agent's timer removes it within a
  // second). Such attempts are repeated, not counted.
  const names = [];
  let seen = [];
  for (let attempt = 0; attempt < 12 && seen[0] !== `first ${names.at(-1)} true`; attempt++) {
    const name = `_ga_STORE${attempt}`;
    names.push(name);
    await page.evaluate(() => { window.seen.length = 0; });
    await page.cdp.send("Network.setCookie", { name, value: "1", domain: "www.shop.example.test", path: "/", secure: true });
    await page.waitForFunction((name) => window.seen.some((s) => s.startsWith(`last ${name} `)), name, { timeout: 2000 });
    seen = await page.evaluate((name) => window.seen.filter((s) => s.includes(` ${name} `)), name);
  }
  assert.deepEqual(seen, [`first ${names.at(-1)} true`, `last ${names.at(-1)} false`], "landed, then gone within the same change event");
  assert.ok((await goneWithin(page, names, 1100)) <= 1100, "every one gone within a second");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("sweep().failed lists what the page cannot delete, and only that: checked against the jar", async () => {
  const page = await newPage(env);
  // An http page cannot delete (or overwrite) a cookie while a Secure cookie of the
  // same name covers its path ("leave Secure cookies alone"): the plain _ga at /a/b
  // stays whatever the agent writes.
  await plant(page, env.http, ["_ga=plain; Path=/a/b", "ads_id=1; Path=/"]);
  await plant(page, env.https, ["_ga=secure; Path=/; Secure"]);
  await page.goto(`${env.http}/a/b/page.html`);
  const report = await page.evaluate(() => consentAgent.sweep());
  await settled(page); // every deletion the sweep wrote has reached the jar
  const cookies = await allCookies(page);
  assert.deepEqual(cookies.filter((c) => c.name === "_ga").map((c) => `${c.value} ${c.path}`).sort(), ["plain /a/b", "secure /"], "both are still in the jar");
  assert.deepEqual(scopes(cookies, "ads_id"), [], "a cookie the page can delete is gone");
  assert.deepEqual(report.failed, [{ name: "_ga", storage: "cookie", category: "analytics" }], "the survivor is reported");
  assert.deepEqual(report.deleted, [], "ads_id went at load; nothing else was deleted now");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the watcher: a page restored from the back/forward cache is swept before its pageshow handlers run; pageshow, focus and visibilitychange each sweep", async () => {
  const page = await newPage(env);
  // Registered before the agent's listeners, capturing on window: each sees
  // the jar before the agent's listener for the same event runs.
  await page.addInitScript(() => {
    window.seen = [];
    for (const type of ["resume", "pageshow"]) addEventListener(type, () => { window.seen.push(`${type} ${document.cookie.includes("_ga=")}`); }, true);
  });
  await page.goto(`${env.http}/a/b/page.html?bfcache`);
  await page.evaluate(() => {
    consentAgent.rejectAll();
    window.seen.length = 0;
    window.restored = true; // survives only in a page restored from the cache
  });
  // Another page of the site, without the agent, writes a refused cookie while this one is cached.
  await page.goto(`${env.http}/a/b/blank.html`);
  await page.evaluate(() => { document.cookie = "_ga=while-away; path=/"; });
  assert.equal(scopes(await allCookies(page), "_ga").length, 1, "written while the page was away");
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => window.seen?.some((s) => s.startsWith("pageshow")), null, { timeout: 2000 });
  const restored = await page.evaluate(() => ({ restored: window.restored === true, seen: window.seen }));
  assert.equal(restored.restored, true, "restored from the back/forward cache: the agent's script did not run again");
  // Chromium dispatches resume, visibilitychange, pageshow in one task: no timer runs in between.
  assert.deepEqual(restored.seen, ["resume true", "pageshow false"], "there when the page resumed, gone before its pageshow handlers ran");
  assert.deepEqual(scopes(await allCookies(page), "_ga"), []);

  // Each event on its own: a cookie that landed where no trap sees it (set
  // through the browser, not the page) is gone in the same task as the
  // event. A timer tick that happens to come first spoils an attempt (the
  // cookie is gone before the event); such attempts are repeated, not counted.
  for (const type of ["pageshow", "focus", "visibilitychange"]) {
    let result = null;
    for (let attempt = 0; attempt < 5 && !result?.before; attempt++) {
      await page.cdp.send("Network.setCookie", { name: "_ga", value: `${type}${attempt}`, domain: "www.shop.example.test", path: "/" });
      result = await page.evaluate((type) => {
        const before = document.cookie.includes("_ga=");
        if (type === "pageshow") dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
        else if (type === "focus") dispatchEvent(new FocusEvent("focus"));
        else document.dispatchEvent(new Event("visibilitychange"));
        return { before, after: document.cookie.includes("_ga=") };
      }, type);
    }
    assert.deepEqual(result, { before: true, after: false }, `${type}: there before the event, gone when it had been handled`);
  }
  assert.deepEqual(scopes(await allCookies(page), "_ga"), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("other tools' consent records survive a rejection (cookies and storage), unchanged", async () => {
  const page = await newPage(env);
  // Records of other consent tools, as those tools write them, in several scopes.
  const records = {
    OptanonConsent: "isGpcEnabled=0&groups=C0001%3A1", // OneTrust
    CookieConsent: "{stamp:%27x%27%2Cnecessary:true}", // Cookiebot
    cc_cookie: "%7B%22categories%22%3A%5B%22necessary%22%5D%7D", // vanilla-cookieconsent
    "euconsent-v2": "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA", // IAB TCF
    usprivacy: "1YNN", // IAB CCPA
    didomi_token: "eyJ1c2VyX2lkIjoiMSJ9", // Didomi
    "cookieyes-consent": "consentid:abc,consent:no", // CookieYes
    cookieconsent_status: "deny", // Osano
    _tracking_consent: "%7B%22con%22%3A%7B%22CMP%22%3A%7B%22m%22%3A%220%22%7D%7D%7D", // Shopify's Customer Privacy API
  };
  const names = Object.keys(records);
  await plant(page, env.http, names.flatMap((name, i) =>
    [`${name}=${records[name]}; Path=/`, `${name}=${records[name]}; Domain=example.test; Path=${i % 2 ? "/a" : "/"}`]));
  await plantStorage(page, env.http, { uc_settings: "{\"services\":[]}", klaro: "{\"ga\":false}", didomi_token: "t", "_iub_cs-123": "{}" });
  const before = await allCookies(page);
  for (const name of names) assert.equal(scopes(before, name).length, 2, `${name} planted`);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.accept(["functional", "analytics", "marketing"]));
  await page.evaluate(() => consentAgent.rejectAll());
  await settled(page); // every deletion the rejection wrote has reached the jar
  const after = await allCookies(page);
  const missing = names.filter((name) => scopes(after, name).length !== 2);
  assert.deepEqual(missing, [], "every record is still in both its scopes");
  for (const name of names) {
    assert.deepEqual(after.filter((c) => c.name === name).map((c) => c.value), [records[name], records[name]], `${name} unchanged`);
  }
  assert.deepEqual((await storageKeys(page)).local, ["_iub_cs-123", "didomi_token", "klaro", "uc_settings"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
