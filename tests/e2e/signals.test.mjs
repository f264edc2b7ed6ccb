// End-to-end: consent signals to the tags sites already run (Google Consent
// Mode v2, Microsoft UET, Clarity), read from the page's own queues
// (window.dataLayer, window.uetq, calls Clarity's function receives), with
// stub tags and no network. Chromium and Firefox (tests/support/engines.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, HOST } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";
import { setUp, newPage } from "../support/browser.mjs";

// The page's queue as plain data: arguments objects become { arguments: [...] }.
function queue() {
  return Array.from(window.dataLayer, (e) =>
    Object.prototype.toString.call(e) === "[object Arguments]" ? { arguments: JSON.parse(JSON.stringify(Array.from(e))) } : e);
}
const consentCalls = (q) => q.filter((e) => e.arguments && (e.arguments[0] === "consent" || e.arguments[0] === "set")).map((e) => e.arguments);
const DENIED = { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied",
  functionality_storage: "denied", personalization_storage: "denied", security_storage: "granted" };

for (const engine of ["chromium", "firefox"]) {
  test(`${engine}: Consent Mode v2: default before any other script, updates on accept, reject, reset and expiry; UET and Clarity follow`, { timeout: 90_000 }, async () => {
    const server = await serve();
    const b = await launch(engine);
    try {
      const origin = `http://${HOST}:${server.port}`;
      await b.goto(`${origin}/a/b/consent-mode.html`);
      const first = await b.evaluate(() => ({ seen: window.seen, isArguments: window.seenIsArguments }));
      assert.deepEqual(first.seen[0], { event: "early" }, "the queue that was there is kept");
      assert.ok(first.isArguments, "every entry is an arguments object (Google's tag ignores arrays)");
      assert.deepEqual(consentCalls(first.seen), [
        ["consent", "default", { ...DENIED, wait_for_update: 800, region: ["ES", "FR"] }],
        ["set", "ads_data_redaction", true],
        ["set", "url_passthrough", false],
      ], "the default is queued before the next script runs; no update without a choice");
      const uet = await b.evaluate(() => JSON.parse(JSON.stringify(window.uetq)));
      assert.deepEqual(uet, ["consent", "default", { ad_storage: "denied" }]);

      // Clarity appears later (its snippet defines a queueing function).
      await b.evaluate(() => {
        window.clarityCalls = [];
        window.clarity = function () { window.clarityCalls.push(JSON.parse(JSON.stringify(Array.from(arguments)))); };
      });
      await b.activate();
      await b.evaluate(() => consentAgent.accept(["analytics"]));
      let q = consentCalls(await b.evaluate(queue));
      assert.deepEqual(q.at(-1), ["consent", "update", { ...DENIED, analytics_storage: "granted" }]);
      await b.activate();
      await b.evaluate(() => consentAgent.acceptAll());
      q = consentCalls(await b.evaluate(queue));
      assert.ok(Object.values(q.at(-1)[2]).every((v) => v === "granted"), JSON.stringify(q.at(-1)));
      assert.deepEqual((await b.evaluate(() => JSON.parse(JSON.stringify(window.uetq)))).slice(-3), ["consent", "update", { ad_storage: "granted" }]);
      await b.evaluate(() => consentAgent.rejectAll());
      q = consentCalls(await b.evaluate(queue));
      assert.deepEqual(q.at(-1), ["consent", "update", DENIED]);
      const clarity = await b.evaluate(() => window.clarityCalls);
      assert.deepEqual(clarity[0], ["consentv2", { ad_Storage: "denied", analytics_Storage: "denied" }], "told as soon as it appears");
      assert.deepEqual(clarity.at(-2), ["consentv2", { ad_Storage: "granted", analytics_Storage: "granted" }]);
      assert.deepEqual(clarity.at(-1), ["consentv2", { ad_Storage: "denied", analytics_Storage: "denied" }]);

      // A stored choice: on the next load the default comes before the next
      // script, and the update when the engine is ready (README, "Before
      // the engine is ready"), once.
      await b.activate();
      await b.evaluate(() => consentAgent.accept(["marketing"]));
      await b.goto(`${origin}/a/b/consent-mode.html`);
      const again = consentCalls(await b.evaluate(() => window.seen));
      assert.deepEqual(again.map((c) => c[1]), ["default", "ads_data_redaction", "url_passthrough"]);
      const updates = consentCalls(await b.evaluate(queue)).filter((c) => c[1] === "update");
      assert.equal(updates.length, 1, JSON.stringify(updates));
      assert.equal(updates[0][2].ad_storage, "granted");
      assert.equal(updates[0][2].analytics_storage, "denied");
      // The site's own gtag (defined after the agent) still queues.
      const site = (await b.evaluate(queue)).filter((e) => e.arguments && e.arguments[0] === "config");
      assert.deepEqual(site.map((e) => e.arguments), [["config", "G-TEST"]]);
      // reset(): denied again.
      await b.evaluate(() => consentAgent.reset());
      assert.deepEqual(consentCalls(await b.evaluate(queue)).at(-1), ["consent", "update", DENIED]);
      // Expiry while the page is open: a choice made 182 days ago lapses within a second.
      await b.activate();
      await b.evaluate(() => consentAgent.accept(["analytics", "marketing"]));
      await b.evaluate(() => {
        const real = Date.now;
        Date.now = () => real() + 183 * 86400 * 1000;
      });
      const start = Date.now();
      for (;;) {
        const last = consentCalls(await b.evaluate(queue)).at(-1);
        if (last[2].analytics_storage === "denied") break;
        if (Date.now() - start > 3000) assert.fail("no update after the choice expired: " + JSON.stringify(last));
        await new Promise((r) => setTimeout(r, 100));
      }
      if (b.errors) assert.deepEqual(b.errors, []);
    } finally {
      await b.close();
      await server.close();
    }
  });
}

test("chromium: Global Privacy Control refuses the ad types it maps to, even after Accept all", { timeout: 60_000 }, async () => {
  const env = await setUp();
  try {
    const page = await newPage(env);
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));
    await page.goto(`${env.http}/a/b/consent-mode.html`);
    await page.evaluate(() => consentAgent.acceptAll());
    const last = consentCalls(await page.evaluate(queue)).at(-1)[2];
    assert.equal(last.ad_storage, "denied");
    assert.equal(last.ad_user_data, "denied");
    assert.equal(last.ad_personalization, "denied");
    assert.equal(last.analytics_storage, "granted");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await env.close();
  }
});
