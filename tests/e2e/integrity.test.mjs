// End-to-end: the promise that what the visitor refused stays refused, tried
// as a hostile page would (issue "Integrity"). A rejection is stored on
// http://www.shop.example.test/a/b/page.html, then each attack runs. Every
// verdict is read from the browser (CDP cookies, page storage, cookieStore
// change events), never from the agent's report.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setUp, newPage, plant, plantStorage, allCookies, scopes, servePage } from "../support/browser.mjs";
import { probeStorageGuard, AS_WITHOUT_AGENT } from "../support/storage-probe.mjs";
import { record, ALL, now, DAY } from "../support/records.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});


async function rejected(page) {
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
}
async function refusedLeft(page, names = ["_ga", "_ga_X", "ads_id"]) {
  const cookies = await allCookies(page);
  return names.filter((n) => scopes(cookies, n).length);
}
/** Polls the browser's jar (CDP) until `names` are gone; returns the milliseconds it took. */
async function goneWithin(page, names, ms) {
  const start = Date.now();
  for (;;) {
    const left = await refusedLeft(page, names);
    if (!left.length) return Date.now() - start;
    if (Date.now() - start > ms) assert.fail(`still in the jar after ${ms} ms: ${left}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
function warnings(page, pattern) {
  return page.messages.filter((m) => m.type === "warning" && pattern.test(m.text));
}

test("several records: a site that moved its record to a shared domain keeps the visitor's latest refusal", async () => {
  const page = await newPage(env);
  const t = now();
  const accept = record({ decided: t - 2 * DAY, expires: t + 100 * DAY, id: "old", granted: ALL, denied: [] });
  const reject = record({ decided: t - DAY, expires: t + 100 * DAY, id: "new", granted: ["necessary"], denied: ALL.slice(1) });
  // The host-only record is the one the agent wrote here (it kept a copy);
  // the shared-domain one came later, from elsewhere.
  await plantStorage(page, env.http, { consent_agent: accept });
  await plant(page, env.http, [`consent_agent=${accept}; Path=/`, `consent_agent=${reject}; Domain=example.test; Path=/`,
    "_ga=1; Path=/", "ads_id=1; Domain=example.test; Path=/"]);
  await page.goto(`${env.http}/a/b/page.html`);
  assert.deepEqual(await refusedLeft(page), [], "refused cookies deleted at load");
  await page.evaluate(() => { document.cookie = "_ga_X=1; path=/"; });
  assert.deepEqual(await refusedLeft(page), [], "a tracker's write does not land");
  assert.equal(warnings(page, /several consent records/).length, 1, "the console says so once");
  // The next choice leaves exactly one record.
  await page.evaluate(() => consentAgent.accept(["functional"]));
  assert.equal(scopes(await allCookies(page), "consent_agent").length, 1, "one record after the next choice");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("several records: a sibling subdomain's accept record (parent domain, narrower path) cannot override a refusal", async () => {
  const page = await newPage(env);
  await rejected(page);
  const t = now();
  const accept = record({ decided: t, expires: t + 100 * DAY, id: "sibling", granted: ALL, denied: [] });
  // As promo.example.test would write it: Domain=example.test, a path more specific than the real record's.
  await plant(page, env.http, [`consent_agent=${accept}; Domain=example.test; Path=/a/b`, "_ga=1; Path=/"]);
  await page.goto(`${env.http}/a/b/page.html`);
  assert.ok((await page.evaluate(() => document.cookie)).startsWith(`consent_agent=${accept}`), "the forged record comes first in the jar");
  assert.deepEqual(await refusedLeft(page), []);
  await page.evaluate(() => { document.cookie = "_ga_X=1; path=/"; localStorage.setItem("ads_x", "1"); });
  assert.deepEqual(await refusedLeft(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem("ads_x")), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [what, forged, why] of [
  ["decided in the future", (t) => record({ decided: t + 30 * DAY, expires: t + 200 * DAY, granted: ALL, denied: [] }), /dated in the future/],
  ["above the config's revision", (t) => record({ revision: 9, decided: t, expires: t + 100 * DAY, granted: ALL, denied: [] }), /revision above/],
  ["granting and denying a category", (t) => record({ decided: t, expires: t + 100 * DAY, granted: ALL, denied: ["analytics", "marketing"] }), /both grants and denies/],
  ["naming categories the config does not have", (t) => record({ decided: t, expires: t + 100 * DAY, granted: [...ALL, "everything"], denied: [] }), /category the config does not have/],
]) {
  test(`a record ${what} means no consent`, async () => {
    const page = await newPage(env);
    await plant(page, env.http, [`consent_agent=${forged(now())}; Path=/`, "_ga=1; Path=/", "ads_id=2; Path=/a"]);
    await page.goto(`${env.http}/a/b/page.html`);
    assert.deepEqual(await refusedLeft(page), [], "refused cookies deleted");
    assert.equal(warnings(page, why).length, 1, JSON.stringify(page.messages));
    assert.equal(await page.evaluate(() => consentAgent.consent().decidedAt), null);
    await page.context().close();
  });
}

test("the watcher compares content: removing an allowed key and adding a refused one is caught", async () => {
  const page = await newPage(env);
  await rejected(page);
  await page.evaluate(() => localStorage.setItem("cart_items", "[1]"));
  const landed = await page.evaluate(() => {
    localStorage.removeItem("cart_items");
    localStorage.ads_swap = "1";
    return localStorage.getItem("ads_swap");
  });
  assert.equal(landed, null, "the property write is decided at once");
  // The same swap from another tab of the site (no agent there, no trap): the storage event and the watcher catch it.
  const other = await page.context().newPage();
  await other.goto(`${env.http}/a/b/blank.html`);
  await other.evaluate(() => { localStorage.setItem("cart_items", "[2]"); });
  await other.evaluate(() => { localStorage.removeItem("cart_items"); localStorage.setItem("ads_other_tab", "1"); });
  await other.waitForFunction(() => localStorage.getItem("ads_other_tab") === null, null, { timeout: 1000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the watcher cannot be switched off: after clearing every timer id, HTTP Set-Cookie and other tabs' writes are removed within 1 s", async () => {
  const page = await newPage(env);
  await rejected(page);
  await page.evaluate(() => {
    for (let id = 0; id < 5000; id++) { clearInterval(id); clearTimeout(id); }
  });
  await page.waitForTimeout(1500); // a watcher that was stopped would stay stopped past its next tick
  // Set-Cookie on an image answer: no script sees it (http: no cookieStore events either).
  await page.evaluate(() => { new Image().src = "/plant?c=" + encodeURIComponent("_ga_X=img; Path=/"); });
  const ms = await goneWithin(page, ["_ga_X"], 1000);
  const other = await page.context().newPage();
  await other.goto(`${env.http}/a/b/blank.html`);
  await other.evaluate(() => { document.cookie = "ads_id=tab; path=/"; });
  await goneWithin(page, ["ads_id"], 1000);
  assert.ok(ms <= 1000);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("write paths around the traps: none lands", async () => {
  const page = await newPage(env);
  await rejected(page);
  const result = await page.evaluate(() => {
    const landed = {};
    const jar = () => document.cookie;
    // The prototype's setter, called directly.
    const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie") || Object.getOwnPropertyDescriptor(HTMLDocument.prototype, "cookie");
    d.set.call(document, "_ga=proto; path=/");
    landed.prototypeSetter = jar().includes("_ga=");
    // Deleting the property to reach the browser's own.
    delete document.cookie;
    document.cookie = "_ga=deleted; path=/";
    landed.deleteThenAssign = jar().includes("_ga=");
    try { Object.defineProperty(Document.prototype, "cookie", { set() {} }); landed.redefined = true; } catch { landed.redefined = false; }
    // A key whose toString changes between calls.
    let calls = 0;
    const shifty = { toString: () => (calls++ === 0 ? "cart_items" : "ads_shifty") };
    localStorage.setItem(shifty, "1");
    landed.shiftyKey = localStorage.getItem("ads_shifty") !== null;
    // Property assignment, Object.assign, Reflect.set, defineProperty.
    localStorage.ads_property = "1";
    sessionStorage.ac_session_property = "1";
    Object.assign(localStorage, { ads_assign: "1" });
    Reflect.set(localStorage, "ads_reflect", "1");
    try { Object.defineProperty(localStorage, "ads_define", { value: "1", configurable: true, enumerable: true, writable: true }); } catch {}
    landed.storageProperty = ["ads_property", "ads_assign", "ads_reflect", "ads_define"].filter((k) => localStorage.getItem(k) !== null);
    landed.sessionProperty = sessionStorage.getItem("ac_session_property") !== null;
    // A fresh frame's pristine accessors.
    const frame = document.createElement("iframe");
    document.body.appendChild(frame);
    const fd = Object.getOwnPropertyDescriptor(frame.contentWindow.Document.prototype, "cookie") || Object.getOwnPropertyDescriptor(frame.contentWindow.HTMLDocument.prototype, "cookie");
    fd.set.call(document, "_ga=frame-setter; path=/");
    frame.contentWindow.document.cookie = "_ga_X=frame; path=/";
    frame.contentWindow.localStorage.setItem("ads_frame_blank", "1");
    frame.contentWindow.Storage.prototype.setItem.call(localStorage, "ads_frame_proto", "1");
    landed.blankFrame = jar().includes("_ga") || localStorage.getItem("ads_frame_blank") !== null || localStorage.getItem("ads_frame_proto") !== null;
    return landed;
  });
  assert.deepEqual(result, {
    prototypeSetter: false, deleteThenAssign: false, redefined: false, shiftyKey: false,
    storageProperty: [], sessionProperty: false, blankFrame: false,
  });
  assert.deepEqual(await refusedLeft(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a page script that breaks JSON.parse or JSON.stringify after the tag stops neither a choice nor its enforcement", async () => {
  const page = await newPage(env);
  await plant(page, env.http, ["_ga=1; Path=/", "ads_id=1; Path=/a/b"]);
  await page.goto(`${env.http}/a/b/page.html`);
  const result = await page.evaluate(() => {
    const real = [JSON.parse, JSON.stringify];
    const broken = () => { throw new Error("broken by the page"); };
    JSON.parse = broken;
    JSON.stringify = broken;
    const errors = [];
    for (const call of [() => consentAgent.acceptAll(), () => consentAgent.rejectAll(), () => consentAgent.consent()]) {
      try { call(); } catch (error) { errors.push(error.message); }
    }
    const categories = consentAgent.consent().categories;
    [JSON.parse, JSON.stringify] = real;
    return { errors, categories };
  });
  assert.deepEqual(result.errors, [], "no call threw");
  assert.deepEqual(result.categories, { necessary: true, functional: false, analytics: false, marketing: false }, "the refusal is in force");
  assert.deepEqual(await refusedLeft(page, ["_ga", "ads_id"]), [], "refused cookies gone, read from the jar");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("Angular's Zone.js loaded after the tag (it patches timers, events, fetch, XHR, Promise): no error, and enforcement holds", async () => {
  // Creatio's front end is Angular; Zone.js replaces many of the globals the
  // guard traps.
  const page = await newPage(env);
  const url = `${env.http}/a/b/zone.html`;
  const config = { rules: [{ category: "analytics", cookies: ["_ga", "_ga_*"], localStorage: ["ac_client_*"] }, { category: "marketing", cookies: ["ads_id"] }] };
  await servePage(page, url, `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script id="consent-agent-config" type="application/json">${JSON.stringify(config)}</script>
<script src="/consent-agent.js"></script><script src="/zone.js"></script><title>zone</title></head><body><p>Page.</p></body></html>`,
  { "/zone.js": join(ROOT, "node_modules/zone.js/bundles/zone.umd.js") });
  await plant(page, env.http, ["_ga=1; Path=/", "ads_id=1; Path=/a/b"]);
  await page.goto(url);
  const seen = await page.evaluate(async () => {
    const out = { zone: typeof Zone === "function" && Zone.current.name };
    consentAgent.rejectAll();
    document.cookie = "_ga=2; path=/";
    localStorage.setItem("ac_client_x", "1");
    out.key = localStorage.getItem("ac_client_x");
    // The page's own timers and fetch still work through Zone.js.
    out.timer = await new Promise((resolve) => setTimeout(() => resolve("fired"), 20));
    out.fetched = (await fetch(location.href)).ok;
    return out;
  });
  assert.deepEqual(seen, { zone: "<root>", key: null, timer: "fired", fetched: true });
  assert.deepEqual(await refusedLeft(page, ["_ga", "ads_id"]), [], "refused cookies gone and refused writes stopped, read from the jar");
  // What no trap sees: a Set-Cookie answer to a fetch (through Zone.js's
  // fetch, which wraps the agent's) is gone within a second.
  // zone_seen (unknown, kept) shows that the answer's cookies do land.
  await page.route(`${env.http}/answer`, (route) =>
    route.fulfill({ contentType: "text/plain", headers: { "Set-Cookie": "_ga_Z=1; Path=/\nzone_seen=1; Path=/" }, body: "ok" }));
  await page.evaluate(() => fetch("/answer"));
  await goneWithin(page, ["_ga_Z"], 1100);
  assert.ok((await allCookies(page)).some((c) => c.name === "zone_seen"), "the answer's cookies landed");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the storage guard is invisible to libraries: Storage behaves as without the agent", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  const r = await page.evaluate(probeStorageGuard);
  assert.deepEqual(r, AS_WITHOUT_AGENT);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("frames and popups that load their own page: their writes are swept within 1 s", async () => {
  const page = await newPage(env);
  await rejected(page);
  for (const open of [
    () => { const f = document.createElement("iframe"); f.src = "/a/b/writer.html"; document.body.appendChild(f); },
    () => { const f = document.createElement("iframe"); f.srcdoc = "<script>document.cookie='_ga_FRAME=1; path=/';localStorage.setItem('ads_frame','1')<\/script>"; document.body.appendChild(f); },
    () => { window.open("/a/b/writer.html"); },
  ]) {
    await page.evaluate(open);
    await page.waitForTimeout(100);
    await goneWithin(page, ["_ga_FRAME"], 1000);
    await page.waitForFunction(() => localStorage.getItem("ads_frame") === null && sessionStorage.getItem("ac_session_frame") === null, null, { timeout: 1000 });
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("cookieStore.set with a non-string name and a fetch's Set-Cookie", async () => {
  const page = await newPage(env);
  await page.goto(`${env.https}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  const r = await page.evaluate(async () => {
    const landed = [];
    cookieStore.addEventListener("change", (event) => event.changed.forEach((c) => landed.push(c.name)));
    await cookieStore.set({ name: { toString: () => "_ga" }, value: "1" });
    await cookieStore.set({ toString: () => "ads_id" }, "1");
    await fetch("/plant?c=" + encodeURIComponent("_ga_X=fetch; Path=/; Secure"));
    const afterFetch = document.cookie;
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { landed, afterFetch };
  });
  assert.ok(!r.landed.includes("_ga") && !r.landed.includes("ads_id"), JSON.stringify(r.landed));
  assert.ok(!r.afterFetch.includes("_ga_X"), "gone before the page's own code sees the answer");
  assert.deepEqual(await refusedLeft(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("no freeze: rejectAll() and sweep() with 180 refused cookies of 4 KB and 10,000 refused keys", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(() => {
    const value = "v".repeat(4000);
    for (let i = 0; i < 180; i++) document.cookie = `_ga_${i}=${value}; path=/`;
    for (let i = 0; i < 10000; i++) localStorage.setItem(`ac_client_${i}`, "x");
  });
  // Let the browser apply the planted cookies first (a jar read waits for pending writes).
  await page.evaluate(() => document.cookie.length);
  await page.waitForTimeout(300);
  const ms = await page.evaluate(() => {
    const start = performance.now();
    consentAgent.rejectAll();
    return performance.now() - start;
  });
  assert.equal((await allCookies(page)).filter((c) => c.name.startsWith("_ga_")).length, 0);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ["consent_agent"], "only the agent's copy of its record is left");
  // The bound is loose for a shared 2-core machine under load; BENCHMARKS.md has the
  // measured figure (under 50 ms; it was 1.2 s before deletion in rounds).
  assert.ok(ms < 400, `rejectAll took ${ms} ms`);
  await page.context().close();
});

test('"unknown": "delete" keeps CSRF, session and cart cookies it does not know, deletes the rest', async () => {
  const page = await newPage(env);
  const essential = ["XSRF-TOKEN", "csrftoken", "_csrf", "PHPSESSID", "connect.sid", "shop_session", "cartId"];
  await plant(page, env.http, [...essential.map((n) => `${n}=1; Path=/`), "mystery=1; Path=/", "tracker_x=1; Path=/a"]);
  await page.goto(`${env.http}/a/b/unknown-delete.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  const names = (await allCookies(page)).map((c) => c.name);
  for (const name of essential) assert.ok(names.includes(name), `${name} kept`);
  assert.ok(!names.includes("mystery") && !names.includes("tracker_x"), names.join());
  assert.ok(names.includes("consent_agent"));
  const audit = await page.evaluate(() => consentAgent.audit());
  assert.equal(audit[0].category, null, "audit() lists unknown entries first");
  await page.context().close();
});
