// End-to-end: bad input never breaks a page. Tampered records, invalid and
// unreachable configs, odd cookie strings and huge jars: no exception in the
// page, clear console messages, fail-closed enforcement read back from the
// browser's jar (CDP).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, plant, allCookies, scopes, until, settled, servePage } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const errorsOf = (page) => page.messages.filter((m) => m.type === "error" && m.text.startsWith("consent-agent:")).map((m) => m.text);
const warningsOf = (page) => page.messages.filter((m) => m.type === "warning").map((m) => m.text);

test("a tampered consent record means no consent, a warning, and no exception", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  const record = (await allCookies(page)).find((c) => c.name === "consent_agent").value;
  const tampered = record.replace("~necessary~", "~necessary+analytics+marketing~");
  assert.notEqual(tampered, record);
  for (const value of [tampered, "garbage", "1~1~2~3", "%E2%9C%93", ""]) {
    await plant(page, env.http, [`consent_agent=${value}; Path=/`, "_ga=1; Path=/", "ads_id=1; Path=/"]);
    page.messages.length = 0;
    await page.goto(`${env.http}/a/b/page.html`);
    const state = await page.evaluate(() => ({ seen: window.seenWhenReady.cookie, consent: consentAgent.consent() }));
    assert.deepEqual(state.consent.categories, { necessary: true, functional: false, analytics: false, marketing: false }, value);
    assert.equal(state.consent.decidedAt, null);
    assert.ok(!state.seen.includes("_ga=") && !state.seen.includes("ads_id="), `refused cookies gone with record ${JSON.stringify(value)}`);
    const jar = await allCookies(page);
    assert.deepEqual([...scopes(jar, "_ga"), ...scopes(jar, "ads_id")], [], `not in the jar with record ${JSON.stringify(value)}`);
    if (value) assert.ok(warningsOf(page).some((w) => w.startsWith("consent-agent: the stored consent record")), JSON.stringify(warningsOf(page)));
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an invalid config names the exact field once and fails closed, even after acceptAll", async () => {
  const page = await newPage(env);
  await plant(page, env.http, ["_ga=1; Path=/", "_ga_X=1; Path=/a", "cart=1; Path=/"]);
  await page.goto(`${env.http}/a/b/invalid.html`);
  assert.deepEqual(errorsOf(page), [
    'consent-agent: rules[2].category: unknown category "analytic"',
    "consent-agent: the configuration is invalid, so only required categories are allowed",
  ]);
  const seen = await page.evaluate(() => window.seenWhenReady);
  assert.equal(seen.agent, "object");
  assert.ok(!seen.cookie.includes("_ga="), seen.cookie);
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(() => { document.cookie = "_ga=2; path=/"; });
  const state = await page.evaluate(() => ({ consent: consentAgent.consent(), accepted: consentAgent.accepted("analytics"), cookie: document.cookie }));
  assert.equal(state.accepted, false);
  assert.equal(state.consent.categories.analytics, false);
  assert.ok(!state.cookie.includes("_ga="), "still blocked after acceptAll");
  assert.ok(state.cookie.includes("cart=1"));
  await settled(page);
  assert.deepEqual(scopes(await allCookies(page), "_ga"), [], "not in the jar");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Refused under every fail-closed config here (the catalog's analytics and
// marketing names), in several scopes, and a cookie nothing classifies.
const REFUSED_COOKIES = ["_ga=1; Path=/", "_ga=2; Domain=example.test; Path=/a", "_ga=3; Path=/a/b", "_fbp=fb.1; Path=/"];
async function refusedLeft(page) {
  const cookies = await allCookies(page);
  return ["_ga", "_fbp"].flatMap((name) => scopes(cookies, name));
}

/**
 * After the config failed: acceptAll() grants nothing; a script's write does
 * not land; cookies a server sets are gone when the tag has run on the next
 * load of the same page (whose config is still broken), and from the jar.
 */
async function stillClosed(page, url) {
  await page.evaluate(() => consentAgent.acceptAll());
  assert.equal(await page.evaluate(() => consentAgent.accepted("analytics")), false, "acceptAll grants nothing");
  await page.evaluate(() => { document.cookie = "_ga=written; path=/"; });
  await settled(page);
  assert.deepEqual(await refusedLeft(page), [], "a script's write of a refused cookie does not land");
  await plant(page, env.http, REFUSED_COOKIES);
  await page.goto(url);
  const seen = await page.evaluate(() => window.seenWhenReady.cookie);
  assert.ok(!seen.includes("_ga=") && !seen.includes("_fbp="), `the next load, before the next script: still required categories only, got ${seen}`);
  assert.deepEqual(await refusedLeft(page), [], "refused cookies a server set are gone on the next load");
}

test("config that is not JSON fails closed with a clear message: refused cookies are deleted and stay refused", async () => {
  const page = await newPage(env);
  await plant(page, env.http, [...REFUSED_COOKIES, "mystery=1; Path=/"]);
  await page.goto(`${env.http}/a/b/badjson.html`);
  const errors = errorsOf(page);
  assert.match(errors[0], /^consent-agent: config: not valid JSON: /);
  assert.equal(errors.length, 2);
  assert.deepEqual(await refusedLeft(page), [], "deleted at load, in every scope");
  assert.deepEqual(scopes(await allCookies(page), "mystery"), ["www.shop.example.test/"], "unknown entries are kept");
  await stillClosed(page, `${env.http}/a/b/badjson.html`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a data-config URL that fails: required categories only while it loads and after it failed, with a clear message", async () => {
  const page = await newPage(env);
  await plant(page, env.http, REFUSED_COOKIES);
  await page.goto(`${env.http}/a/b/missing-config.html`);
  assert.deepEqual(await refusedLeft(page), [], "deleted at load, before the file's answer");
  const expected = "consent-agent: config: could not load /slow/config/does-not-exist.json?ms=300: HTTP status 404";
  await until(() => errorsOf(page).includes(expected), "the console says the config could not be loaded", 2000);
  await stillClosed(page, `${env.http}/a/b/missing-config.html`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a data-config URL still loading and no stored choice: required categories only", async () => {
  const page = await newPage(env);
  await plant(page, env.http, [...REFUSED_COOKIES, "remote_tracker=1; Path=/", "cart=1; Path=/"]);
  await page.goto(`${env.http}/a/b/remote.html`); // the file answers after 400 ms
  const seen = await page.evaluate(() => window.seenWhenReady.cookie);
  const jar = await refusedLeft(page);
  const revision = await page.evaluate(() => consentAgent.consent().revision);
  assert.notEqual(revision, 2, "the jar was read while the config was still on its way");
  assert.ok(!seen.includes("_ga=") && !seen.includes("_fbp="), `refused before the next script: ${seen}`);
  assert.deepEqual(jar, [], "the catalog's analytics and marketing cookies are gone while the config loads");
  assert.ok(seen.includes("remote_tracker=") && seen.includes("cart="), "what only the remote config classifies waits for it");
  await page.waitForFunction(() => consentAgent.consent().revision === 2, null, { timeout: 2000 });
  const after = await allCookies(page);
  assert.deepEqual(scopes(after, "remote_tracker"), [], "the remote config's marketing rule applies when it arrives");
  assert.deepEqual(scopes(after, "cart"), ["www.shop.example.test/"], "its necessary rule keeps cart");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a data-config URL: enforcement from the first moment with the stored choice, refined when the config arrives", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.accept(["analytics"]));
  await plant(page, env.http, ["_ga=1; Path=/", "remote_tracker=1; Path=/", "ads_id=1; Path=/"]);
  await page.goto(`${env.http}/a/b/remote.html`);
  const early = await page.evaluate(() => ({ seen: window.seenWhenReady.cookie, consent: consentAgent.consent() }));
  // Before the config arrives: the stored choice (analytics granted) holds; catalog knows _ga.
  assert.ok(early.seen.includes("_ga="), early.seen);
  assert.equal(early.consent.categories.analytics, true);
  // The remote config has revision 2: the stored choice (revision 1) no longer counts.
  await page.waitForFunction(() => consentAgent.consent().revision === 2, null, { timeout: 2000 });
  const late = await page.evaluate(() => ({ cookie: document.cookie, consent: consentAgent.consent() }));
  assert.equal(late.consent.categories.analytics, false);
  assert.ok(!late.cookie.includes("_ga=") && !late.cookie.includes("remote_tracker="), late.cookie);
  const jar = await allCookies(page);
  assert.deepEqual([...scopes(jar, "_ga"), ...scopes(jar, "remote_tracker")], [], "gone from the jar once the config arrived");
  // The banner is built from the remote config (Dutch), asking again for revision 2
  // (once its language's texts have arrived: wait for it to be built).
  await page.waitForFunction(() => document.getElementById("consent-agent-ui")?.shadowRoot?.querySelector(".banner button"), null, { timeout: 5000 });
  const banner = await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    return !root.querySelector(".banner").hidden && root.querySelector(".banner button").textContent;
  });
  assert.equal(banner, "Alles accepteren");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("odd cookie strings: bare pairs, empty names, duplicates, percent-encoding, non-ASCII", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/blank.html`);
  await page.evaluate(() => {
    for (const text of ["bare_cookie; path=/", "=nameless; path=/", "dup=1; path=/", "dup=2; path=/a", "dup=3; path=/a/b",
      "%E2%9C%93=encoded; path=/", "na\u00efve=1; path=/", "sp ace=1; path=/", "keep_me=1; path=/", "q=\"quoted\"; path=/"]) {
      document.cookie = text;
    }
    localStorage.setItem("", "empty key");
    localStorage.setItem("ключ", "unicode");
    localStorage.setItem("keep_me", "1");
  });
  const before = await page.evaluate(() => document.cookie);
  // "bare_cookie" and "=nameless" are both cookies with an empty name: the second replaced the first.
  assert.ok(before.includes("nameless") && before.includes("dup=3") && before.includes("sp ace=1"), before);
  await page.goto(`${env.http}/a/b/unknown-delete.html`);
  const after = await page.evaluate(() => ({ cookie: document.cookie, keys: Object.keys(localStorage), report: consentAgent.sweep() }));
  assert.equal(after.cookie, "keep_me=1", `only the necessary cookie survives, got ${after.cookie}`);
  assert.deepEqual(after.keys, ["keep_me"]);
  assert.deepEqual(after.report.failed, []);
  const names = (await allCookies(page)).map((c) => c.name).sort();
  assert.deepEqual(names, ["keep_me"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("huge jars: 180 cookies of 4 KB and 10,000 storage keys, nothing missed", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/blank.html`);
  await page.evaluate(() => {
    const value = "v".repeat(4000);
    for (let i = 0; i < 180; i++) document.cookie = `_ga_${i}=${value}; path=/`;
    for (let i = 0; i < 10000; i++) localStorage.setItem(`ac_client_${i}`, "x");
    for (let i = 0; i < 100; i++) localStorage.setItem(`cart_items_${i}`, "x");
  });
  // document.cookie writes reach the browser's store asynchronously: wait until all 180 are there.
  await until(async () => (await allCookies(page)).length === 180, "the 180 cookies are in the jar", 5000);
  await page.goto(`${env.http}/a/b/page.html`);
  const result = await page.evaluate(() => ({ seen: window.seenWhenReady, length: localStorage.length }));
  assert.equal(result.seen.cookie, "", "every analytics cookie gone before the next script");
  assert.equal(result.length, 100, "only the unknown keys are left");
  assert.equal((await allCookies(page)).length, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the tag twice on a page: the second copy warns and does nothing; a window.consentAgent some other script defined is replaced", async () => {
  const config = '<script id="consent-agent-config" type="application/json">{ "rules": [{ "category": "analytics", "cookies": ["_ga"] }] }</script>';
  for (const [name, before, tags] of [["twice", "", 2], ["taken", "<script>window.consentAgent = { queue: [] };</script>", 1]]) {
    const page = await newPage(env);
    const url = `${env.http}/a/b/${name}.html`;
    await servePage(page, url, `<!doctype html><html><head><meta charset="utf-8">${config}${before}` +
      '<script src="/consent-agent.js"></script>'.repeat(tags) + "<script>consentAgent.ready.then(function () { window.seenWhenReady = document.cookie; });</script><title>t</title></head><body></body></html>");
    await plant(page, env.http, ["_ga=1; Path=/"]);
    await page.goto(url);
    const state = await page.evaluate(() => ({ seen: window.seenWhenReady, api: typeof consentAgent.sweep, ready: document.getElementById("consent-agent-ui") !== null }));
    assert.deepEqual(state, { seen: "", api: "function", ready: true }, name);
    const mine = page.messages.filter((m) => m.text.startsWith("consent-agent:")).map((m) => `${m.type} ${m.text}`);
    assert.deepEqual(mine, name === "twice"
      ? ["warning consent-agent: the tag is on this page more than once; only the first copy runs"]
      : ["error consent-agent: window.consentAgent was defined by another script; the agent replaces it"], name);
    assert.deepEqual(await page.evaluate(() => document.querySelectorAll("#consent-agent-ui").length), 1, `${name}: one banner`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("scripts loaded before the tag: their refused cookies are swept, and one warning names the first; held scripts and JSON do not count", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/late.html`;
  await servePage(page, url, `<!doctype html><html><head><meta charset="utf-8">
<script type="text/plain" data-category="marketing" src="/held.js"></script>
<script id="consent-agent-config" type="application/json">{ "rules": [{ "category": "analytics", "cookies": ["_ga"] }] }</script>
<script src="/early.js"></script><script type="text/JavaScript" src="/early.js?2"></script>
<script src="/consent-agent.js"></script><script>consentAgent.ready.then(function () { window.seenWhenReady = document.cookie; });</script><title>late</title></head><body></body></html>`);
  await page.route(`${env.http}/early.js*`, (route) => route.fulfill({ contentType: "text/javascript", body: "document.cookie = '_ga=1; path=/';" }));
  await page.route(`${env.http}/held.js`, (route) => route.fulfill({ contentType: "text/javascript", body: "window.heldRan = true;" }));
  await page.goto(url);
  assert.deepEqual(await page.evaluate(() => [window.seenWhenReady, window.heldRan === true]), ["", false], "the early script's _ga is gone; the held one did not run");
  const mine = page.messages.filter((m) => m.type === "warning" && m.text.includes("ran before it")).map((m) => m.text);
  assert.deepEqual(mine, [`consent-agent: 2 script(s) ran before it, first ${env.http}/early.js; put its tag first in <head>`]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a config element after the tag: one console error says it was not read and the defaults apply", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/config-after.html`;
  await servePage(page, url, `<!doctype html><html><head><meta charset="utf-8"><script src="/consent-agent.js"></script>
<script id="consent-agent-config" type="application/json">{ "rules": [{ "category": "analytics", "cookies": ["site_stat"] }] }</script>
<title>late config</title></head><body></body></html>`);
  await page.goto(url);
  await page.evaluate(() => new Promise((resolve) => (document.readyState === "loading" ? addEventListener("DOMContentLoaded", resolve) : resolve())));
  assert.deepEqual(errorsOf(page), ["consent-agent: #consent-agent-config comes after its tag and was not read (the defaults apply); put it before the tag"]);
  assert.equal(await page.evaluate(() => consentAgent.classify("site_stat")), null, "the site's rule is not in force");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a tag that is deferred or inserted by a script warns once that other scripts may run first", async () => {
  for (const [name, tag] of [["defer", '<script defer src="/consent-agent.js"></script>'],
    ["inserted", '<script>var s = document.createElement("script"); s.src = "/consent-agent.js"; document.head.appendChild(s);</script>']]) {
    const page = await newPage(env);
    const url = `${env.http}/a/b/${name}.html`;
    await servePage(page, url, `<!doctype html><html><head><meta charset="utf-8">${tag}<title>${name}</title></head><body></body></html>`);
    await page.goto(url);
    await page.waitForFunction(() => window.consentAgent);
    const mine = page.messages.filter((m) => m.type === "warning" && m.text.startsWith("consent-agent:")).map((m) => m.text);
    assert.deepEqual(mine, ["consent-agent: its tag is async, deferred or inserted by a script, so other scripts may run first; put a plain tag first in <head>"], name);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("as an ES module (async init) the same API works, and init() called twice at once starts one agent", async () => {
  const page = await newPage(env);
  await plant(page, env.http, ["_ga=1; Path=/", "cart=1; Path=/"]);
  await page.goto(`${env.http}/a/b/esm.html`);
  const consent = await page.evaluate(() => window.agentReady);
  assert.equal(consent.same, true, "init() twice at once: one agent");
  assert.equal(consent.categories.analytics, false);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#consent-agent-ui").length), 1, "one banner");
  assert.equal(await page.evaluate(() => document.cookie), "cart=1");
  await page.evaluate(() => consentAgent.acceptAll());
  assert.equal(await page.evaluate(() => consentAgent.accepted("analytics")), true);
  await page.evaluate(() => { document.cookie = "_gid=1; path=/"; });
  const gid = await page.evaluate(() => consentAgent.declaration().then((rows) => rows.find((r) => r.name === "_gid")));
  assert.equal(gid.provider, "Google Analytics", "the declaration file is found beside the module");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a CSP that forbids WebAssembly: one clear console error, no exception, held scripts stay held", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/gated.html?csp=nowasm`);
  const errors = errorsOf(page);
  assert.equal(errors.length, 1, JSON.stringify(page.messages));
  assert.match(errors[0], /^consent-agent: could not start; writes stay held \(does the Content-Security-Policy allow 'wasm-unsafe-eval'\?\)/);
  assert.deepEqual(await page.evaluate(() => [typeof window.consentAgent, window.consentAgent.consent()]), ["object", null], "the API answers as before the engine is ready");
  assert.deepEqual(await page.evaluate(() => window.order ?? null), null, "the page's own inline script is blocked by this CSP too");
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[type="text/plain"]').length), 6, "held scripts stay held");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
