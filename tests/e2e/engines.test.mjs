// End-to-end in three engines: Chromium (playwright-core), Firefox ESR
// (puppeteer-core over WebDriver BiDi) and WebKitGTK (WebKitWebDriver, plain
// W3C WebDriver, under xvfb-run), a core subset: enforcement in every cookie
// scope and web storage, the choice across loads, write traps, bad config,
// and the banner. One fresh browser per test (tests/support/engines.mjs),
// pages on http://www.shop.localhost:<port>/a/b/ (every engine sends
// *.localhost to loopback, so Domain=shop.localhost cookies work without a
// host-resolver flag). Verdicts come from the browser's cookie API and the
// page's storage, never from the agent's report.
//
// What each engine gives (learned here):
//  * cookies: Chromium CDP Network.getAllCookies and Firefox BiDi
//    storage.getCookies return the whole jar; WebKit's WebDriver "Get All
//    Cookies" returns only what the current document can see (HttpOnly
//    included), so WebKit's cookies are read on a page at /a/b/, which sees
//    every scope planted here. All three name a Domain= cookie ".host" and a
//    host-only one "host", and keep Domain=www.shop.localhost apart from the
//    host-only cookie of the same name and path.
//  * console and page exceptions: Chromium and Firefox report both
//    (playwright / puppeteer events). WebKit over plain WebDriver has neither
//    (no BiDi in WebKitGTK 2.50's driver: webSocketUrl is refused; MiniBrowser's
//    --enable-write-console-messages-to-stdout does not reach the automation
//    view), so its bad-input tests load *-hook.html twins of the pages that
//    record console.error and uncaught errors before the agent runs.
//  * cookieStore: present in all three on http://*.localhost (a secure
//    context everywhere), with "change" events. WebKitGTK's set() makes
//    Secure cookies and WebKit keeps Secure cookies from https only (not even
//    from http://localhost), so there set() stores nothing, with or without
//    the agent: that test skips and says why (an https server would run it).
//  * planting: a page with the agent that is being navigated away from still
//    runs when the next response's Set-Cookie lands, and sweeps it (in all
//    three), so cookies are planted from a page without the agent.
//  * dist/ may be rebuilt while this runs (rm -rf, then written): a test that
//    loads the page in that moment fails on "the agent is loaded"; re-run.
//  * clicks are real input: playwright's / puppeteer's element click, and
//    WebDriver "Element Click" on an element returned from the shadow root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ENGINES, HOST, PARENT, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";

let server;
let origin;
before(async () => {
  server = await serve();
  origin = `http://${HOST}:${server.port}`;
});
after(async () => {
  await server?.close();
});

/** A fresh browser for one test, closed (every process of it) whatever happens, a hang included. */
async function using(engine, body) {
  const browser = await launch(engine);
  let timer;
  try {
    const hang = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${engine}: no answer within ${BODY_MS / 1000} s`)), BODY_MS);
    });
    return await Promise.race([body(browser), hang]);
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
}

// Five scopes a JavaScript-visible cookie can have on /a/b/ of www.shop.localhost.
const SCOPES = ["Path=/", "Path=/a", "Path=/a/b", `Domain=${PARENT}; Path=/`, `Domain=${HOST}; Path=/`];
const GA_SCOPES = [`.${HOST}/`, `.${PARENT}/`, `${HOST}/`, `${HOST}/a`, `${HOST}/a/b`].sort();
const HTTP_COOKIES = [
  ...SCOPES.map((scope) => `_ga=GA1.1.1; ${scope}`),
  "_ga_ABC123=GS1.1; Path=/a/b",
  `_ga_ABC123=GS1.2; Domain=${PARENT}; Path=/a/b/`,
  `ads_id=42; Domain=${PARENT}; Path=/a`,
  "theme=dark; Path=/a/b/",
  "cart=3; Path=/",
  `cart=4; Domain=${PARENT}; Path=/a`,
  `cart=5; Domain=${HOST}; Path=/a/b`,
  "site_pref=1; Path=/",
];
const CART_SCOPES = [`.${HOST}/a/b`, `.${PARENT}/a`, `${HOST}/`].sort();
const LOCAL = { ac_client_user_id: "u1", ac_client_batch: "[]", ads_seen: "1", theme: "dark", cart_items: "[1]", site_key: "k" };
const SESSION = { ac_session_1: "s", checkout_step: "2" };
const REFUSED = ["_ga", "_ga_ABC123", "ads_id", "theme"];
const KEPT_STORAGE = { local: ["cart_items", "site_key"], session: ["checkout_step"] };

// A browser that hangs fails its test (and is closed) instead of the run.
const BODY_MS = 45000;
const LIMIT = { timeout: 90000 };

const page = (name = "page.html") => `${origin}/a/b/${name}`;

/**
 * Plants cookies the way a server does: Set-Cookie headers on a response.
 * From a page without the agent: a page with the agent that is being left
 * still runs when the response's cookies land, and (rightly) sweeps them.
 */
async function plant(browser, cookies) {
  await browser.goto(page("blank.html"));
  await browser.goto(`${origin}/plant?${cookies.map((c) => "c=" + encodeURIComponent(c)).join("&")}`);
}

/** Loads a page with the agent; fails at once, saying so, when the agent is not there. */
async function visit(browser, name = "page.html") {
  await browser.goto(page(name));
  const agent = await browser.evaluate(() => typeof window.consentAgent);
  assert.equal(agent, "object", `${name}: the agent is loaded (is dist/ being rebuilt? re-run)`);
}

/** Plants cookies, then storage keys from a page without the agent at /a/b/ (where WebKit sees every planted scope). */
async function plantAll(browser) {
  await plant(browser, HTTP_COOKIES);
  await browser.goto(page("blank.html"));
  await browser.evaluate(([local, session]) => {
    for (const [k, v] of Object.entries(local)) localStorage.setItem(k, v);
    for (const [k, v] of Object.entries(session)) sessionStorage.setItem(k, v);
  }, [LOCAL, SESSION]);
}

function scopes(cookies, name) {
  return cookies.filter((c) => c.name === name).map((c) => `${c.domain}${c.path}`).sort();
}

/** Polls fn(arg) in the page until it returns something truthy. */
async function until(browser, fn, arg, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await browser.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${browser.engine}: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** No uncaught exception in the page, where the engine reports them (not WebKit; its hook pages check their own). */
function noPageErrors(browser) {
  if (browser.errors) assert.deepEqual(browser.errors, [], `${browser.engine}: page exceptions`);
}

for (const engine of ENGINES) {
  test(`${engine}: rejectAll removes refused cookies in every scope and storage; necessary kept`, LIMIT, () => using(engine, async (b) => {
    await plantAll(b);
    const planted = await b.cookies();
    assert.deepEqual(scopes(planted, "_ga"), GA_SCOPES, "all five scopes planted");
    assert.deepEqual(scopes(planted, "cart"), CART_SCOPES);

    await visit(b);
    await b.activate();
    await b.evaluate(() => consentAgent.acceptAll());
    await plantAll(b); // everything back, accepted
    await visit(b);
    assert.deepEqual(scopes(await b.cookies(), "_ga"), GA_SCOPES, "accepted cookies are kept");
    assert.deepEqual((await b.storage()).local, Object.keys(LOCAL).sort(), "accepted storage is kept");

    await b.evaluate(() => consentAgent.rejectAll());
    const cookies = await b.cookies();
    for (const name of REFUSED) assert.deepEqual(scopes(cookies, name), [], `${name} is gone from every scope`);
    assert.deepEqual(scopes(cookies, "cart"), CART_SCOPES, "necessary cookie untouched in all its scopes");
    assert.deepEqual(cookies.filter((c) => c.name === "cart").map((c) => c.value).sort(), ["3", "4", "5"]);
    assert.equal(scopes(cookies, "site_pref").length, 1, "unknown cookie kept (unknown: keep)");
    assert.equal(scopes(cookies, "consent_agent").length, 1, "the consent record is kept");
    assert.deepEqual(await b.storage(), KEPT_STORAGE);
    noPageErrors(b);
  }));

  test(`${engine}: the choice persists across loads: accepted cookies survive, refused ones planted again are gone when the tag has run`, LIMIT, () => using(engine, async (b) => {
    await visit(b);
    await b.activate();
    await b.evaluate(() => consentAgent.acceptAll());
    await plantAll(b);
    await visit(b);
    let seen = await b.evaluate(() => window.seenWhenReady);
    for (const name of REFUSED) assert.ok(seen.cookie.includes(name + "="), `${name} accepted and seen: ${seen.cookie}`);
    let cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), GA_SCOPES, "accepted in every scope after a fresh load");
    for (const name of REFUSED) assert.ok(scopes(cookies, name).length > 0, `${name} kept`);
    assert.deepEqual(await b.storage(), { local: Object.keys(LOCAL).sort(), session: Object.keys(SESSION).sort() });
    assert.deepEqual((await b.evaluate(() => consentAgent.consent())).categories, { necessary: true, functional: true, analytics: true, marketing: true });

    await b.evaluate(() => consentAgent.rejectAll());
    await plantAll(b); // refused entries come back over HTTP and through a page without the agent
    assert.deepEqual(scopes(await b.cookies(), "_ga"), GA_SCOPES, "planted again");
    await visit(b);
    seen = await b.evaluate(() => window.seenWhenReady);
    for (const name of REFUSED) assert.ok(!seen.cookie.split("; ").some((p) => p.startsWith(name + "=")), `${name} gone before the next script: ${seen.cookie}`);
    assert.deepEqual([...seen.local].filter((k) => k !== "consent_agent").sort(), KEPT_STORAGE.local);
    assert.deepEqual(seen.session, KEPT_STORAGE.session);
    cookies = await b.cookies();
    for (const name of REFUSED) assert.deepEqual(scopes(cookies, name), [], `${name} gone from every scope`);
    assert.deepEqual(scopes(cookies, "cart"), CART_SCOPES);
    assert.deepEqual(await b.storage(), KEPT_STORAGE);
    const state = await b.evaluate(() => consentAgent.consent());
    assert.deepEqual(state.categories, { necessary: true, functional: false, analytics: false, marketing: false });
    assert.match(state.decidedAt, /^\d{4}-\d\d-\d\dT/, "the rejection was stored, not just the default");
    noPageErrors(b);
  }));

  test(`${engine}: with a rejection stored, refused document.cookie and setItem writes do not land; necessary ones do`, LIMIT, () => using(engine, async (b) => {
    await visit(b);
    await b.evaluate(() => consentAgent.rejectAll());
    await visit(b); // the rejection comes from the stored record
    const result = await b.evaluate(async () => {
      // Where the browser has cookieStore, it reports every cookie that lands
      // (the agent's later sweep would hide a refused one otherwise).
      const landed = [];
      const store = typeof cookieStore === "object" ? cookieStore : null;
      store?.addEventListener("change", (event) => event.changed.forEach((c) => landed.push(c.name)));
      document.cookie = "_ga=1; path=/";
      document.cookie = "cart=7; path=/";
      localStorage.setItem("ads_x", "1");
      localStorage.setItem("cart_items", "[2]");
      sessionStorage.setItem("ac_session_2", "y");
      const now = {
        ads: localStorage.getItem("ads_x"), cart: localStorage.getItem("cart_items"), session: sessionStorage.getItem("ac_session_2"),
        cookie: document.cookie, store: !!store,
      };
      if (store) {
        now.ga = await store.get("_ga");
        await new Promise((resolve) => setTimeout(resolve, 200));
        now.landed = landed;
      }
      return now;
    });
    assert.equal(result.ads, null, "localStorage ads_x never landed");
    assert.equal(result.session, null, "sessionStorage ac_session_2 never landed");
    assert.equal(result.cart, "[2]", "necessary storage write landed");
    assert.ok(!result.cookie.includes("_ga="), result.cookie);
    assert.ok(result.cookie.includes("cart=7"), result.cookie);
    if (result.store) {
      assert.equal(result.ga, null, "cookieStore.get: _ga is not in the jar");
      assert.deepEqual(result.landed, ["cart"], "only the necessary cookie landed, not even briefly the refused one");
    }
    const cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), [], "never reached the jar");
    assert.deepEqual(cookies.filter((c) => c.name === "cart").map((c) => c.value), ["7"]);
    noPageErrors(b);
  }));

  test(`${engine}: with a rejection stored, cookieStore.set of a refused cookie is stopped before it lands`, LIMIT, async (t) => {
    await using(engine, async (b) => {
      // First, on a page without the agent: does cookieStore.set store anything here at all?
      await b.goto(page("blank.html"));
      const probe = await b.evaluate(async () => {
        if (typeof cookieStore !== "object") return "absent";
        await cookieStore.set("probe", "1");
        const stored = !!(await cookieStore.get("probe"));
        await cookieStore.delete("probe");
        return stored ? "works" : "stores nothing";
      });
      if (probe === "absent") {
        t.skip(`${engine}: cookieStore is absent on http://${HOST}/`);
        return;
      }
      if (probe !== "works") {
        // WebKitGTK 2.50: cookieStore.set() makes Secure cookies, and WebKit
        // keeps Secure cookies only from https (not even from http://localhost).
        t.skip(`${engine}: cookieStore.set() stores nothing on http://${HOST}/, even without the agent (its cookies are Secure; this engine keeps Secure cookies from https only), so there is nothing to trap`);
        return;
      }
      await visit(b);
      await b.evaluate(() => consentAgent.rejectAll());
      const result = await b.evaluate(async () => {
        const landed = [];
        cookieStore.addEventListener("change", (event) => event.changed.forEach((c) => landed.push(c.name)));
        const results = [await cookieStore.set("_ga", "GA1.2.3"), await cookieStore.set({ name: "ads_id", value: "1", path: "/" })];
        await cookieStore.set("cart", "7");
        const ga = await cookieStore.get("_ga");
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { results: results.map((r) => typeof r), ga, landed };
      });
      assert.deepEqual(result.results, ["undefined", "undefined"], "resolves like the browser's own set");
      assert.equal(result.ga, null);
      assert.deepEqual(result.landed, ["cart"], "refused cookies never landed, not even briefly");
      const cookies = await b.cookies();
      assert.deepEqual(scopes(cookies, "_ga"), []);
      assert.deepEqual(scopes(cookies, "ads_id"), []);
      assert.equal(scopes(cookies, "cart").length, 1);
      noPageErrors(b);
    });
  });

  // WebKit: plain WebDriver has no console and no page-error events, so its
  // pages are the *-hook.html twins that record both before the agent runs.
  const hooked = engine === "webkit";
  const consoleNote = hooked ? " (console read through a page hook: plain WebDriver has none)" : "";
  const errorsOf = (b) => hooked
    ? b.evaluate(() => window.recorded.errors.filter((t) => t.startsWith("consent-agent:")))
    : b.messages.filter((m) => m.type === "error" && m.text.startsWith("consent-agent:")).map((m) => m.text);
  const exceptionsOf = (b) => (hooked ? b.evaluate(() => window.recorded.exceptions) : b.errors);

  test(`${engine}: an invalid config: no page exception, fails closed (refused cookies deleted, even after acceptAll), the console names the field${consoleNote}`, LIMIT, () => using(engine, async (b) => {
    await plant(b, ["_ga=1; Path=/", "_ga_X=1; Path=/a", `_ga=2; Domain=${PARENT}; Path=/`, "cart=1; Path=/"]);
    await visit(b, hooked ? "invalid-hook.html" : "invalid.html");
    const seen = await b.evaluate(() => window.seenWhenReady);
    assert.deepEqual(await errorsOf(b), [
      'consent-agent: rules[2].category: unknown category "analytic"',
      "consent-agent: the configuration is invalid, so only required categories are allowed",
    ]);
    assert.equal(seen.agent, "object", "the API is there when the next script runs");
    assert.ok(!seen.cookie.includes("_ga"), seen.cookie);
    let cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), [], "refused cookie deleted in every scope");
    assert.deepEqual(scopes(cookies, "_ga_X"), []);
    assert.equal(scopes(cookies, "cart").length, 1);
    await b.activate();
    await b.evaluate(() => consentAgent.acceptAll());
    const state = await b.evaluate(() => {
      document.cookie = "_ga=2; path=/";
      return { accepted: consentAgent.accepted("analytics"), cookie: document.cookie };
    });
    assert.equal(state.accepted, false, "acceptAll cannot grant under an invalid config");
    assert.ok(!state.cookie.includes("_ga="), state.cookie);
    cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), [], "still blocked after acceptAll");
    assert.deepEqual(await exceptionsOf(b), [], "no page exception");
  }));

  test(`${engine}: a config that is not JSON: no page exception, fails closed, a clear console error${consoleNote}`, LIMIT, () => using(engine, async (b) => {
    await plant(b, ["_ga=1; Path=/", `_ga=2; Domain=${PARENT}; Path=/a`, "cart=1; Path=/"]);
    await visit(b, hooked ? "badjson-hook.html" : "badjson.html");
    const errors = await errorsOf(b);
    assert.equal(errors.length, 2, JSON.stringify(errors));
    assert.match(errors[0], /^consent-agent: config: not valid JSON: /);
    const cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), [], "refused cookie deleted (fail closed)");
    assert.equal(scopes(cookies, "cart").length, 1);
    assert.equal(await b.evaluate(() => { consentAgent.acceptAll(); return consentAgent.accepted("analytics"); }), false);
    assert.deepEqual(await exceptionsOf(b), [], "no page exception");
  }));

  test(`${engine}: banner: a click on Accept all keeps cookies across loads; a click on Reject all removes them and hides the banner`, LIMIT, () => using(engine, async (b) => {
    const banner = () => {
      const root = document.getElementById("consent-agent-ui")?.shadowRoot;
      const shown = (sel) => { const n = root?.querySelector(sel); return !!n && !n.hidden && n.getClientRects().length > 0; };
      return { banner: shown(".banner"), floating: shown(".floating"), buttons: [...(root?.querySelectorAll(".banner button") || [])].map((n) => n.textContent) };
    };
    const button = (text) => [...document.getElementById("consent-agent-ui").shadowRoot.querySelectorAll("button")]
      .find((n) => n.textContent === text && n.getClientRects().length > 0);

    await visit(b, "ui-open.html");
    const first = await b.evaluate(banner);
    assert.equal(first.banner, true, "a banner on the first visit");
    assert.deepEqual(first.buttons, ["Accept all", "Reject all", "Preferences"]);
    await b.click(button, "Accept all");
    await until(b, () => consentAgent.accepted("analytics"), null, "Accept all to be recorded");
    assert.equal((await b.evaluate(banner)).banner, false);

    await plant(b, [...SCOPES.map((scope) => `_ga=GA1.1.1; ${scope}`), "site_pref=1; Path=/"]);
    await visit(b, "ui-open.html");
    assert.deepEqual(await b.evaluate(banner), { banner: false, floating: true, buttons: ["Accept all", "Reject all", "Preferences"] }, "no banner once a choice is stored");
    assert.deepEqual(scopes(await b.cookies(), "_ga"), GA_SCOPES, "accepted: kept across the load");

    await b.evaluate(() => consentAgent.showBanner());
    assert.equal((await b.evaluate(banner)).banner, true);
    await b.click(button, "Reject all");
    await until(b, () => consentAgent.consent().decidedAt && !consentAgent.accepted("analytics"), null, "Reject all to be recorded");
    const cookies = await b.cookies();
    assert.deepEqual(scopes(cookies, "_ga"), [], "refused cookie gone from every scope");
    assert.equal(scopes(cookies, "consent_agent").length, 1);
    const after = await b.evaluate(banner);
    assert.equal(after.banner, false, "the banner is hidden");
    assert.equal(after.floating, true, "the settings button is back");
    noPageErrors(b);
  }));
}
