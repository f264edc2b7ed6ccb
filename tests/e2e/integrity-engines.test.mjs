// End-to-end in three engines: the integrity guarantees (issue "Integrity")
// in Chromium, Firefox ESR and WebKitGTK, through the engine-neutral harness
// (tests/support/engines.mjs), on http://www.shop.localhost:<port>/a/b/
// (parent domain shop.localhost). tests/e2e/integrity.test.mjs tries the same
// attacks, and more, in Chromium only; this file covers: the write paths of
// tests/support/write-paths.mjs, several consent records, a forged
// future-dated record, the watcher after every timer id is cleared, and the
// storage guard's transparency. Verdicts come from the browser's cookie API
// and the page's storage, never from the agent's report.
//
// One browser per engine for all of its tests (a Firefox launch costs about
// 4 s); every test starts from an empty jar and empty storage, cleared and
// checked through the browser's cookie API (fresh()).
//
// What each engine gives here (learned writing this file):
//  * the write guard is installed the same way in all three (the cookie
//    accessor at Document.prototype, localStorage/sessionStorage on the
//    window, Storage.prototype, CookieStore.prototype, frames, open, fetch:
//    all non-configurable afterwards), and every write path of the probe
//    that lands without the agent is stopped before it lands with it, in
//    all three: even the paths no script can stop (srcdoc and src frames,
//    a popup, HTTP Set-Cookie) are gone before the page's next line reads,
//    because *.localhost is a secure context and the agent sweeps on
//    cookieStore "change" and storage events, and when a frame loads.
//  * the probe's popup is n/a in WebKit: MiniBrowser gives window.open()
//    without a user gesture null. With a real click (WebDriver Element
//    Click) it opens, and that popup is tried instead.
//  * cookieStore.set() stores nothing in WebKit on http://*.localhost, with
//    or without the agent (its cookies are Secure; WebKit keeps Secure
//    cookies from https only), so its "did not land" proves nothing there:
//    a control run of the probe on a page without the agent finds every
//    such path, and the test names it instead of counting it a success.
//  * cookie APIs answer in 1 to 5 ms in all three (CDP, BiDi, WebDriver), so
//    the 1 s bounds are polled through them, not through document.cookie.
//  * on *.localhost an image's Set-Cookie is removed within milliseconds by
//    the cookieStore "change" event in all three engines, so the watcher's
//    timer is what catches it only where cookieStore is absent: on a
//    non-secure origin (this machine's own non-loopback address), tried too.
//  * an agent defect, in all three engines, kept below as a TODO test: a
//    same-origin frame's own clearTimeout/clearInterval, called with the
//    page's window as `this`, clears the agent's timer (only the page's own
//    functions are wrapped), and where no event comes (a non-secure origin,
//    no cookieStore) a refused HTTP Set-Cookie then stays.
//  * console: Chromium and Firefox report it ("warning" in playwright,
//    "warn" in puppeteer); WebKit over plain WebDriver has none, so the
//    "several records" and "dated in the future" console lines are not
//    checked there (the test says so).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { ENGINES, HOST, PARENT, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";
import { probeWritePaths } from "../support/write-paths.mjs";
import { probeStorageGuard, AS_WITHOUT_AGENT } from "../support/storage-probe.mjs";
import { record, ALL, now, DAY } from "../support/records.mjs";

let server;
let origin;
// A non-secure origin (no cookieStore in any engine): this machine's first
// non-loopback IPv4 address, if it has one.
const LAN = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address || null;
let lanServer = null;
let lanOrigin = null;
before(async () => {
  server = await serve();
  origin = `http://${HOST}:${server.port}`;
  if (LAN) {
    try {
      lanServer = await serve({ host: LAN });
      lanOrigin = `http://${LAN}:${lanServer.port}`;
    } catch {
      lanServer = null; // the tests that need it say why they skip
    }
  }
});
after(async () => {
  await server?.close();
  await lanServer?.close();
});

const LIMIT = { timeout: 60000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const page = (name = "page.html", at = origin) => `${at}/a/b/${name}`;


// The write paths no script can stop: a page's own scripts in a frame or
// popup run before anyone can reach them, and HTTP Set-Cookie lands before
// any script sees the answer. These may land, and must be gone within 1 s.
const UNSTOPPABLE = new Set([
  "a srcdoc frame's script writes the jar",
  "a frame's own page (src) writes localStorage",
  "a popup's own page writes the jar",
  "HTTP Set-Cookie in a fetch answer (seen when the page reads the answer)",
  "HTTP Set-Cookie on an image answer (no script sees it)",
]);
// Not landing without the agent is this path's design, not a sign that the
// engine lacks it: the browser reads the key's toString once ("cart_items",
// necessary) and the probe looks for the second answer ("ads_shifty"); with
// the agent it checks that the guard, too, reads it once.
const NO_CONTROL = new Set(["setItem with a key whose toString changes"]);
// What each path leaves behind when it lands (the probe's names: a prefix
// and a counter), read through the browser after the control run: Chromium
// does not always show a same-origin frame's document.cookie write in the
// page's document.cookie by the frame's load event (5 of 60 srcdoc frames
// here; Firefox and WebKit always do), so the probe's own "landed" can miss
// it without the agent, and would call the path not meaningful.
const EVIDENCE = {
  "document.cookie = …": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_direct")),
  "the Document.prototype cookie setter, called directly": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_proto")),
  "delete document.cookie, then assign": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_delete")),
  "a new same-origin frame's own cookie setter": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_blank")),
  "a srcdoc frame's script writes the jar": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_srcdoc")),
  "a frame's own page (src) writes localStorage": ({ local }) => local.includes("ads_frame"),
  "cookieStore.set with a non-string name": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_store")),
  "localStorage.key = … (property assignment)": ({ local }) => local.includes("ads_property"),
  "sessionStorage.key = … (property assignment)": ({ session }) => session.includes("ac_session_property"),
  "Object.assign / Reflect.set on localStorage": ({ local }) => local.includes("ads_assign") || local.includes("ads_reflect"),
  "HTTP Set-Cookie in a fetch answer (seen when the page reads the answer)": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_fetch")),
  "HTTP Set-Cookie on an image answer (no script sees it)": ({ cookies }) => cookies.some((n) => n.startsWith("_ga_image")),
};
// The probe with its 3 s removal polling cut to none: for the control run on
// a page without the agent, where nothing is ever removed.
const CONTROL_PROBE = probeWritePaths.toString().replace("performance.now() - start < 3000", "performance.now() - start < 0");
assert.ok(CONTROL_PROBE.includes("< 0"), "write-paths.mjs changed: update CONTROL_PROBE");

const isRefusedCookie = (name) => /^(_ga|ads_id)/.test(name);
const isRefusedKey = (key) => /^(ads_|ac_client_|ac_session_)/.test(key);

/** Names of the cookies the browser's cookie API lists that `filter` picks. */
async function names(b, filter = () => true) {
  return (await b.cookies()).filter((c) => filter(c)).map((c) => c.name).sort();
}

/**
 * An empty jar and empty storage on `at` (its host; for ours, the parent
 * domain too), from a page without the agent at /a/b/ (where WebKit's cookie
 * API sees every scope planted here), checked through the browser's cookie
 * API. Page exceptions are counted from here on (the browser is shared).
 */
async function fresh(b, at = origin) {
  if (b.errors) b.errors.length = 0;
  await b.goto(page("blank.html", at));
  const host = new URL(at).hostname;
  const ours = (c) => (host === HOST ? c.domain.replace(/^\./, "").endsWith(PARENT) : c.domain === host);
  const cookies = (await b.cookies()).filter(ours);
  await b.evaluate((list) => {
    for (const c of list) {
      const domain = c.domain.startsWith(".") ? `; Domain=${c.domain.slice(1)}` : "";
      document.cookie = `${c.name}=; Max-Age=0; Path=${c.path}${domain}`;
    }
    localStorage.clear();
    sessionStorage.clear();
  }, cookies);
  const left = (await b.cookies()).filter(ours).map((c) => `${c.name} ${c.domain}${c.path}${c.httpOnly ? " HttpOnly" : ""}`);
  assert.deepEqual(left, [], `${b.engine}: the jar is empty before the test`);
  assert.deepEqual(await b.storage(), { local: [], session: [] }, `${b.engine}: storage is empty before the test`);
}

/** Plants cookies the way a server does, from a page without the agent (see engines.test.mjs). */
async function plant(b, cookies, at = origin) {
  await b.goto(page("blank.html", at));
  await b.goto(`${at}/plant?${cookies.map((c) => "c=" + encodeURIComponent(c)).join("&")}`);
}

/** Loads a page with the agent; fails at once, saying so, when the agent is not there. */
async function visit(b, at = origin) {
  await b.goto(page("page.html", at));
  const agent = await b.evaluate(() => typeof window.consentAgent);
  assert.equal(agent, "object", `${b.engine}: the agent is loaded (is dist/ being rebuilt? re-run)`);
}

/** The page's console warnings matching `pattern` since message number `from`; null where the engine gives no console. */
function warnings(b, from, pattern) {
  if (!b.messages) return null;
  return b.messages.slice(from).filter((m) => /^warn/.test(m.type) && pattern.test(m.text)).map((m) => m.text);
}

function noPageErrors(b) {
  if (b.errors) assert.deepEqual(b.errors, [], `${b.engine}: page exceptions`);
}

/**
 * Polls the browser's cookie API (1 to 5 ms a call in all three engines)
 * until `done(cookies)` is true; returns the milliseconds since `start`, or
 * fails after `ms`.
 */
async function pollCookies(b, done, ms, what, start = Date.now()) {
  for (;;) {
    const cookies = await b.cookies();
    const elapsed = Date.now() - start;
    if (done(cookies)) return elapsed;
    if (elapsed > ms) assert.fail(`${b.engine}: ${what}: not within ${ms} ms; jar: ${cookies.map((c) => `${c.name} ${c.domain}${c.path}`).join(", ")}`);
    await sleep(5);
  }
}

// In the page: clears timer ids 0..5000 with window.clearTimeout and
// clearInterval (`how` "window") or with a fresh same-origin frame's own,
// called with this window as `this` ("frame").
function clearTimers(how) {
  let timeout = clearTimeout, interval = clearInterval;
  if (how === "frame") {
    const frame = document.createElement("iframe");
    document.body.appendChild(frame);
    timeout = frame.contentWindow.clearTimeout;
    interval = frame.contentWindow.clearInterval;
  }
  for (let id = 0; id < 5000; id++) {
    interval.call(window, id);
    timeout.call(window, id);
  }
}

/**
 * After rejectAll and every timer id cleared (`how`), an image answer's
 * Set-Cookie plants the refused `_ga_X` (and a necessary `cart`, the proof
 * that the answer landed); returns how many ms after the answer was first
 * seen in the jar `_ga_X` was gone (0: gone before the first look).
 */
async function imageCookieAfterClearingTimers(b, at, how) {
  await fresh(b, at);
  await visit(b, at);
  await b.evaluate(() => consentAgent.rejectAll());
  await b.evaluate(clearTimers, how);
  await sleep(1500); // a watcher that was stopped would stay stopped past its next tick
  const host = new URL(at).hostname;
  const here = (cookies, name) => cookies.some((c) => c.name === name && c.domain === host);
  await b.evaluate(() => {
    // Set-Cookie on an image answer: no script sees it.
    new Image().src = "/plant?c=_ga_X%3D1%3B%20Path%3D%2F&c=" + encodeURIComponent("cart=img; Path=/");
  });
  await pollCookies(b, (cookies) => here(cookies, "cart") || here(cookies, "_ga_X"), 5000, "the image answer's cookies to land");
  return pollCookies(b, (cookies) => here(cookies, "cart") && !here(cookies, "_ga_X"), 3000, "_ga_X (refused, set by HTTP) to be gone");
}

for (const engine of ENGINES) {
  describe(`${engine}: integrity`, () => {
    let b;
    before(async () => {
      b = await launch(engine);
    });
    after(async () => {
      await b?.close();
    });

    test(`${engine}: write paths: with a rejection stored, no refused write lands except where no script can stop it, and those are gone within 1 s`, LIMIT, async (t) => {
      // Control: which paths store anything in this engine without the agent
      // (the probe's own verdict, or what the browser holds afterwards).
      await fresh(b);
      const controlRun = await b.evaluate(CONTROL_PROBE);
      const left = { cookies: await names(b), ...(await b.storage()) };
      const control = new Map(controlRun.map((r) => [r.path, r.landed === true || (r.landed !== "n/a" && !!EVIDENCE[r.path]?.(left))]));
      await fresh(b);

      await visit(b);
      await b.evaluate(() => consentAgent.rejectAll());
      const results = await b.evaluate(probeWritePaths);
      assert.ok(results.length > 0 && results.length === control.size, `the probe ran every path (${results.length}, control ${control.size})`);
      const checked = [];
      const popupNa = [];
      for (const r of results) {
        if (r.landed === "n/a") {
          t.diagnostic(`${engine}: n/a, not checked: "${r.path}" (the API is absent or refused here)`);
          if (r.path === "a popup's own page writes the jar") popupNa.push(r.path);
          continue;
        }
        assert.equal(typeof r.landed, "boolean", `${engine}: "${r.path}": the write itself failed: ${r.landed}`);
        if (!NO_CONTROL.has(r.path) && control.get(r.path) !== true) {
          // Nothing to stop: "did not land" would be a success by default.
          assert.equal(r.landed, false, `${engine}: "${r.path}" landed with the agent but not without it`);
          t.diagnostic(`${engine}: not meaningful here, not counted: "${r.path}" stores nothing in this engine even without the agent (control: ${control.get(r.path)})`);
          continue;
        }
        checked.push(r.path);
        if (r.landed === false) continue;
        assert.ok(UNSTOPPABLE.has(r.path), `${engine}: "${r.path}" landed (a script's write the guard must stop before it lands)`);
        assert.ok(r.removedMs !== null && r.removedMs <= 1000, `${engine}: "${r.path}" landed and was ${r.removedMs === null ? "still there after 3 s" : `removed after ${r.removedMs} ms`}, not within 1000 ms`);
      }
      t.diagnostic(`${engine}: ${checked.length} of ${results.length} paths checked; results: ${results.map((r) => `${r.path}: ${r.landed === true ? `landed, removed in ${r.removedMs} ms` : r.landed === false ? "did not land" : r.landed}`).join("; ")}`);

      // The browser's own verdict after the probe: nothing refused is left.
      assert.deepEqual(await names(b, (c) => isRefusedCookie(c.name)), [], `${engine}: refused cookies left in the jar`);
      const storage = await b.storage();
      assert.deepEqual([...storage.local, ...storage.session].filter(isRefusedKey), [], `${engine}: refused storage keys left`);

      // Where the probe's window.open() was refused (no user gesture), the
      // same popup opened by a real click.
      if (popupNa.length) {
        await b.evaluate(() => {
          const button = document.createElement("button");
          button.id = "open-writer";
          button.textContent = "open";
          button.addEventListener("click", () => { window.writer = window.open("/a/b/writer.html?click"); });
          document.body.appendChild(button);
        });
        const start = Date.now();
        await b.click(() => document.getElementById("open-writer"));
        const loaded = await b.evaluate(async () => {
          for (let i = 0; i < 200 && !(window.writer && window.writer.document.title === "a frame's own page" && window.writer.document.readyState === "complete"); i++) {
            await new Promise((r) => setTimeout(r, 5));
          }
          return !!window.writer && window.writer.document.title === "a frame's own page";
        });
        assert.ok(loaded, `${engine}: the popup opened by a click loaded its page`);
        const ms = await pollCookies(b, (cookies) => !cookies.some((c) => c.name === "_ga_FRAME"), 1000, "the clicked popup's _ga_FRAME to be gone", start);
        const keys = await b.evaluate(() => [localStorage.getItem("ads_frame"), sessionStorage.getItem("ac_session_frame")]);
        await b.evaluate(() => window.writer.close());
        assert.deepEqual(keys, [null, null], `${engine}: the clicked popup's storage writes are gone`);
        t.diagnostic(`${engine}: "${popupNa[0]}" with a real click instead: its cookie gone ${ms} ms after the click`);
      }
      noPageErrors(b);
    });

    test(`${engine}: several records: an accept record (host-only) and a reject record (Domain=${PARENT}) mean refusal; the next choice leaves one record`, LIMIT, async (t) => {
      await fresh(b);
      const at = now();
      const accept = record({ decided: at - 2 * DAY, expires: at + 100 * DAY, id: "old", granted: ALL, denied: [] });
      const reject = record({ decided: at - DAY, expires: at + 100 * DAY, id: "new", granted: ["necessary"], denied: ALL.slice(1) });
      await plant(b, [`consent_agent=${accept}; Path=/`, `consent_agent=${reject}; Domain=${PARENT}; Path=/`,
        "_ga=1; Path=/", `_ga=2; Domain=${PARENT}; Path=/`, `ads_id=1; Domain=${PARENT}; Path=/a`, "cart=1; Path=/"]);
      await b.goto(page("blank.html"));
      // The host-only record is the one the agent wrote here: it kept a copy.
      await b.evaluate((value) => localStorage.setItem("consent_agent", value), accept);
      assert.deepEqual(await names(b, (c) => c.name === "consent_agent"), ["consent_agent", "consent_agent"], "both records planted");
      assert.deepEqual(await names(b, (c) => c.name === "_ga"), ["_ga", "_ga"], "_ga planted in two scopes");

      const from = b.messages?.length ?? 0;
      await visit(b);
      assert.deepEqual(await names(b, (c) => isRefusedCookie(c.name)), [], "refused cookies deleted at load, in every scope");
      assert.deepEqual(await names(b, (c) => c.name === "cart"), ["cart"], "the necessary cookie is kept");
      assert.equal((await b.evaluate(() => consentAgent.consent())).categories.analytics, false);
      await b.evaluate(() => { document.cookie = "_ga_X=1; path=/"; });
      assert.deepEqual(await names(b, (c) => isRefusedCookie(c.name)), [], "a tracker's write does not land");
      const said = warnings(b, from, /several consent records/);
      if (said) assert.equal(said.length, 1, `${engine}: the console says so once`);
      else t.diagnostic(`${engine}: the console is not checked (plain WebDriver gives none)`);

      await b.activate();

      await b.evaluate(() => consentAgent.accept(["functional"]));
      const records = (await b.cookies()).filter((c) => c.name === "consent_agent");
      assert.equal(records.length, 1, `exactly one record after the next choice: ${records.map((c) => c.domain + c.path).join(", ")}`);
      assert.deepEqual((await b.evaluate(() => consentAgent.consent())).categories, { necessary: true, functional: true, analytics: false, marketing: false });
      noPageErrors(b);
    });

    test(`${engine}: a forged record dated 30 days ahead, granting everything, means no consent`, LIMIT, async (t) => {
      await fresh(b);
      const at = now();
      const forged = record({ decided: at + 30 * DAY, expires: at + 200 * DAY, granted: ALL, denied: [] });
      await plant(b, [`consent_agent=${forged}; Path=/`, "_ga=1; Path=/", "ads_id=2; Path=/a"]);
      await b.goto(page("blank.html"));
      assert.deepEqual(await names(b, (c) => isRefusedCookie(c.name)), ["_ga", "ads_id"], "planted");
      const from = b.messages?.length ?? 0;
      await visit(b);
      assert.deepEqual(await names(b, (c) => isRefusedCookie(c.name)), [], "refused cookies deleted");
      const state = await b.evaluate(() => consentAgent.consent());
      assert.equal(state.decidedAt, null, "no choice counts");
      assert.equal(state.categories.analytics, false);
      const said = warnings(b, from, /dated in the future/);
      if (said) assert.equal(said.length, 1, `${engine}: the console says why, once`);
      else t.diagnostic(`${engine}: the console is not checked (plain WebDriver gives none)`);
      noPageErrors(b);
    });

    test(`${engine}: the watcher cannot be switched off: after clearing timer ids 0..5000, an image's Set-Cookie of a refused name is gone within 1 s`, LIMIT, async (t) => {
      // Polled through the browser's cookie API (1 to 5 ms a call here).
      const ms = await imageCookieAfterClearingTimers(b, origin, "window");
      assert.ok(ms <= 1000, `${engine}: gone after ${ms} ms`);
      t.diagnostic(`${engine}: secure origin (cookieStore events): gone ${ms} ms after the answer was seen`);
      noPageErrors(b);
    });

    test(`${engine}: the watcher cannot be switched off, where only its timer sees HTTP Set-Cookie (a non-secure origin: no cookieStore)`, LIMIT, async (t) => {
      if (!lanOrigin) {
        t.skip(`${engine}: no non-loopback IPv4 address to serve a non-secure origin on`);
        return;
      }
      await b.goto(page("blank.html", lanOrigin));
      const context = await b.evaluate(() => ({ secure: isSecureContext, cookieStore: typeof cookieStore }));
      assert.deepEqual(context, { secure: false, cookieStore: "undefined" }, `${engine}: ${lanOrigin} is not a secure context`);
      const ms = await imageCookieAfterClearingTimers(b, lanOrigin, "window");
      assert.ok(ms <= 1000, `${engine}: gone after ${ms} ms`);
      t.diagnostic(`${engine}: non-secure origin (the timer): gone ${ms} ms after the answer was seen`);
      await fresh(b, lanOrigin);
      noPageErrors(b);
    });

    // A same-origin frame's own clearTimeout, called with the page's window
    // as `this`, clears the page's timers (all three engines). The agent's
    // watcher timer is an AbortSignal.timeout, which no clearTimeout reaches
    // (found as a defect when the timer was a plain setTimeout).
    test(`${engine}: the watcher cannot be switched off by a frame's clearTimeout/clearInterval called on the window (non-secure origin)`, {
      ...LIMIT,
    }, async (t) => {
      if (!lanOrigin) {
        t.skip(`${engine}: no non-loopback IPv4 address to serve a non-secure origin on`);
        return;
      }
      const ms = await imageCookieAfterClearingTimers(b, lanOrigin, "frame");
      assert.ok(ms <= 1000, `${engine}: gone after ${ms} ms`);
      await fresh(b, lanOrigin);
    });

    test(`${engine}: the storage guard is invisible to libraries: Storage behaves as without the agent`, LIMIT, async () => {
      await fresh(b);
      await visit(b);
      const r = await b.evaluate(probeStorageGuard);
      assert.deepEqual(r, AS_WITHOUT_AGENT);
      noPageErrors(b);
    });
  });
}
