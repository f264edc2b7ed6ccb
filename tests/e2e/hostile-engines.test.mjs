// Hostile page scripts in Chromium, Firefox ESR and WebKitGTK (issue "Only
// the visitor widens consent"), through the engine-neutral harness
// (tests/support/engines.mjs) on http://www.shop.localhost:<port>/a/b/.
// Verdicts from the browser's cookie API (CDP, BiDi, WebDriver) and the
// page's storage. In each engine:
//   * window.consentAgent can be neither replaced, deleted nor redefined;
//   * the document's own `cookie` property cannot be defined around the
//     trap, and a refused write through it does not land;
//   * a page script's write of the consent record does not land, and a
//     reload still grants nothing;
//   * acceptAll()/accept() from a script with no user activation grant
//     nothing (Playwright's evaluate in Chromium and puppeteer's over BiDi in
//     Firefox count as a user gesture: the calls there wait 5.2 s, past
//     transient activation; WebDriver's in WebKit does not);
//   * a same-origin <object>'s and <embed>'s page is trapped: its later
//     cookie write never shows in the browser's jar (polled for 1.5 s).
//   * a stack exhausted inside the agent's calls, and a built-in that throws
//     once, do not disable it: a real click on "Reject all" is stored and
//     enforced, also after a reload.
//   * a large withdrawal (400 refused keys) keeps kept keys with their
//     exact values, with getItem and setItem wrapped by the page.
// Run in Chromium only (tests/e2e/realms.test.mjs): document.open's popup
// (WebKit's MiniBrowser opens no popup without a real click).
// Auto-blocking's insertion paths in all three: autoblock-engines.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ENGINES, HOST, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";
import { record, ALL, now, DAY } from "../support/records.mjs";
import { exhaustStackInsideAgent, fillAndWrapStorage, insertLateWriter } from "../support/page-scripts.mjs";

let server;
let origin;
before(async () => {
  server = await serve();
  origin = `http://${HOST}:${server.port}`;
});
after(async () => {
  await server?.close();
});

const LIMIT = { timeout: 90000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of ENGINES) {
  test(`${engine}: page scripts cannot replace the agent, redefine document.cookie, write the record, grant, or write from an <object>/<embed>`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      await b.goto(`${origin}/a/b/page.html`);
      const fixed = await b.evaluate(() => {
        const real = window.consentAgent;
        try { window.consentAgent = {}; } catch (error) { /* strict mode */ }
        try { delete window.consentAgent; } catch (error) { /* strict mode */ }
        let redefined = false;
        try { Object.defineProperty(window, "consentAgent", { value: {} }); redefined = true; } catch (error) { /* non-configurable */ }
        return window.consentAgent === real && !redefined;
      });
      assert.ok(fixed, "window.consentAgent stays the agent's");

      const cookieRedefined = await b.evaluate(() => {
        let redefined = false;
        try { Object.defineProperty(document, "cookie", { configurable: true, value: "" }); redefined = true; } catch (error) { /* non-configurable */ }
        document.cookie = "_ga_INSTANCE=1; path=/";
        return redefined;
      });
      assert.equal(cookieRedefined, false, "Object.defineProperty(document, 'cookie') throws");

      const t = now();
      const forged = record({ decided: t, expires: t + 100 * DAY, id: "forged", granted: ALL, denied: [] });
      await b.evaluate((value) => { document.cookie = `consent_agent=${value}; path=/`; }, forged);
      const grants = await b.evaluate((activating) => new Promise((resolve) => setTimeout(() => {
        consentAgent.acceptAll();
        consentAgent.accept(["analytics", "marketing"]);
        resolve(consentAgent.accepted("analytics") || consentAgent.accepted("marketing"));
      }, activating ? 5200 : 0)), engine !== "webkit");
      assert.equal(grants, false, "a script's grant without the visitor is refused");

      for (const tag of ["object", "embed"]) {
        await b.evaluate(insertLateWriter, tag);
        const seen = new Set();
        const end = Date.now() + 1500;
        while (Date.now() < end) {
          for (const c of await b.cookies()) seen.add(c.name);
          await sleep(10);
        }
        assert.ok(!seen.has("_ga_LATE"), `${tag}: the nested page's cookie never landed`);
        assert.ok(!seen.has("_ga_INSTANCE"), "the write through document.cookie was refused");
        assert.ok(!seen.has("consent_agent"), "the page's record write did not land");
        await b.evaluate(() => { for (const n of document.querySelectorAll("object, embed")) n.remove(); });
      }
      assert.equal(await b.evaluate(() => localStorage.getItem("ads_late")), null, "the nested page's storage write was refused");

      await b.goto(`${origin}/a/b/page.html`);
      assert.deepEqual(await b.evaluate(() => consentAgent.consent().categories),
        { necessary: true, functional: false, analytics: false, marketing: false }, "after a reload nothing is granted");
    } finally {
      await b.close();
    }
  });
}

for (const engine of ENGINES) {
  test(`${engine}: a stack exhausted inside the agent and a built-in that throws once do not disable it: a real click on Reject all is stored and enforced`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      await b.goto(`${origin}/a/b/ui-open.html`);
      await b.activate(); // the visitor interacts: the next call may widen
      await b.evaluate(() => consentAgent.acceptAll());
      await b.evaluate(() => { document.cookie = "_ga=GA1.1; path=/"; localStorage.setItem("ac_client_user_id", "u1"); });
      assert.ok((await b.cookies()).some((c) => c.name === "_ga"), "granted: _ga is set");
      await b.evaluate(exhaustStackInsideAgent);
      await b.evaluate(() => {
        // A built-in that throws once, at the agent's next watcher tick, then is restored.
        const keys = Object.keys;
        Object.keys = function () { Object.keys = keys; throw new Error("broken once"); };
      });
      await sleep(1200);
      await b.evaluate(() => consentAgent.showBanner());
      await b.click(() => [...document.getElementById("consent-agent-ui").shadowRoot.querySelectorAll(".banner button")]
        .find((n) => n.textContent === "Reject all"));
      const end = Date.now() + 2000;
      while (Date.now() < end && (await b.cookies()).some((c) => c.name === "_ga")) await sleep(20);
      assert.ok(!(await b.cookies()).some((c) => c.name === "_ga"), "the refused cookie is gone");
      assert.equal(await b.evaluate(() => localStorage.getItem("ac_client_user_id")), null, "the refused key is gone");
      await b.goto(`${origin}/a/b/ui-open.html`);
      assert.equal(await b.evaluate(() => consentAgent.accepted("analytics")), false, "still refused after a reload");
    } finally {
      await b.close();
    }
  });
}

for (const engine of ENGINES) {
  test(`${engine}: a large withdrawal (400 refused keys) keeps kept keys with their exact values, whatever the page wrapped`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      await b.goto(`${origin}/a/b/page.html`);
      await b.activate();
      await b.evaluate(() => consentAgent.acceptAll());
      await b.evaluate(fillAndWrapStorage);
      await b.evaluate(() => consentAgent.rejectAll());
      await b.goto(`${origin}/a/b/blank.html`); // storage as the browser holds it, read by a page without the agent
      const after = await b.evaluate(() => ({
        refused: Object.keys(localStorage).filter((k) => k.indexOf("ac_client_") === 0).length,
        kept: [localStorage.getItem("cart_items"), localStorage.getItem("myapp_pref")],
      }));
      assert.deepEqual(after, { refused: 0, kept: ["[1,2,3]", "{\"dark\":true}"] }, "refused keys gone; kept ones with their exact values");
    } finally {
      await b.close();
    }
  });
}
