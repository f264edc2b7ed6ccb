// End-to-end: scripts, frames and images held until their category is
// granted. What ran is what the scripts themselves record in the page; what
// loaded is what the browser requested (network events).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, engineReady } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const ALL = ["inline-analytics-1", "external:kept", "inline-analytics-2", "nonce:n0nc3", "inline-marketing", "both"];

test("held scripts run once, in document order, when every category they need is granted", async () => {
  const page = await newPage(env);
  const fetched = [];
  page.on("request", (r) => { const path = new URL(r.url()).pathname; if (path.startsWith("/gated/")) fetched.push(path); });
  await page.goto(`${env.http}/a/b/gated.html`);
  assert.deepEqual(await page.evaluate(() => window.order), [], "nothing runs without consent");
  assert.deepEqual(fetched, [], "nothing held is fetched without consent");
  const held = await page.evaluate(() => ({
    frameHidden: document.querySelector("iframe").hidden,
    frameSrc: document.querySelector("iframe").getAttribute("src"),
    placeholders: [...document.querySelectorAll("[data-consent-agent-placeholder]")].map((p) => [p.getAttribute("role"), p.getAttribute("aria-label"), p.textContent]),
  }));
  assert.equal(held.frameHidden, true);
  assert.equal(held.frameSrc, null);
  assert.equal(held.placeholders.length, 2);
  assert.deepEqual(held.placeholders[0].slice(0, 2), ["region", "This content loads only with your consent to: Marketing."]);
  assert.match(held.placeholders[0][2], /Accept Marketing$/);

  await page.evaluate(() => consentAgent.accept(["analytics"]));
  await page.waitForFunction(() => window.order.length === 4);
  assert.deepEqual(await page.evaluate(() => window.order), ["inline-analytics-1", "external:kept", "inline-analytics-2", "nonce:n0nc3"]);
  assert.deepEqual(fetched, ["/gated/ext.js"], "the marketing frame and image are still not fetched");

  // The placeholder's button grants marketing on top of what is granted.
  await page.click("[data-consent-agent-placeholder] button");
  await page.waitForFunction(() => window.order.length === 6);
  assert.deepEqual(await page.evaluate(() => window.order), [...ALL.slice(0, 4), "inline-marketing", "both"]);
  const loaded = await page.evaluate(() => ({
    consent: consentAgent.consent().categories,
    frame: document.querySelector("iframe").getAttribute("src"),
    hidden: document.querySelector("iframe").hidden,
    img: document.querySelector("img").getAttribute("src"),
    placeholders: document.querySelectorAll("[data-consent-agent-placeholder]").length,
  }));
  assert.deepEqual(loaded, { consent: { necessary: true, analytics: true, marketing: true }, frame: "/gated/frame.html", hidden: false, img: "/gated/pixel.png", placeholders: 0 });
  await page.waitForFunction(() => document.querySelector("img").complete && document.querySelector("img").naturalWidth > 0, null, { timeout: 2000 });
  assert.deepEqual(fetched.sort(), ["/gated/ext.js", "/gated/frame.html", "/gated/pixel.png"], "frame and image loaded on grant");

  // Granting again must not run anything again. An inline script would run
  // during the change event, before acceptAll() returns; an external one
  // would first be requested from the server.
  fetched.length = 0;
  await page.evaluate(() => consentAgent.acceptAll());
  const again = await page.evaluate(() => ({ order: window.order, externals: document.querySelectorAll('script[src="/gated/ext.js"]').length }));
  assert.deepEqual(again, { order: [...ALL.slice(0, 4), "inline-marketing", "both"], externals: 1 }, "once per page");
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  assert.deepEqual(fetched, [], "nothing held was fetched again");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("on the next page load everything granted runs in document order; withdrawing reloads the page", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/gated.html`);
  await page.evaluate(() => consentAgent.acceptAll());
  await page.goto(`${env.http}/a/b/gated.html`);
  await page.waitForFunction(() => window.order.length === 6);
  assert.deepEqual(await page.evaluate(() => window.order), ["inline-analytics-1", "external:kept", "inline-analytics-2", "inline-marketing", "both", "nonce:n0nc3"]);
  // Withdrawal: scripts cannot be un-run, so with reloadOnWithdraw the page reloads.
  // The choice is made from a task of its own, so the evaluate returns before the reload.
  await page.evaluate(() => { window.beforeWithdrawal = true; setTimeout(() => consentAgent.accept(["analytics"])); });
  await page.waitForEvent("load", { timeout: 5000 });
  await page.waitForFunction(() => document.readyState === "complete");
  await engineReady(page); // the page reloaded itself: its engine starts after load
  await page.waitForFunction(() => window.order.length >= 4);
  const after = await page.evaluate(() => ({
    order: window.order, marketing: consentAgent.accepted("marketing"), fresh: window.beforeWithdrawal === undefined,
    navigation: performance.getEntriesByType("navigation")[0].type,
  }));
  assert.deepEqual([after.fresh, after.navigation], [true, "reload"], "the page was reloaded");
  assert.equal(after.marketing, false);
  assert.deepEqual(after.order, ["inline-analytics-1", "external:kept", "inline-analytics-2", "nonce:n0nc3"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("under a nonce-based CSP, a released script gets the agent tag's nonce and runs", async () => {
  const page = await newPage(env);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective));
  });
  await page.goto(`${env.http}/a/b/nonce.html?csp=nonce`);
  assert.equal(await page.evaluate(() => document.body.getAttribute("data-ran")), null);
  await page.evaluate(() => consentAgent.acceptAll());
  assert.equal(await page.evaluate(() => document.body.getAttribute("data-ran")), "yes");
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  await page.context().close();
});

test("a held script's data-type becomes its type: module scripts run as modules, inline and external", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/gated-type.html`);
  assert.deepEqual(await page.evaluate(() => [window.inlineModule ?? null, window.externalModule ?? null]), [null, null], "held without consent");
  await page.evaluate(() => consentAgent.accept(["analytics"]));
  // Both use module-only syntax (import.meta, export): they can only have run as modules.
  await page.waitForFunction(() => window.inlineModule && window.externalModule, null, { timeout: 2000 });
  const ran = await page.evaluate(() => ({
    inline: window.inlineModule, external: window.externalModule,
    types: [...document.querySelectorAll("script[data-consent-category]")].map((s) => s.getAttribute("type")),
  }));
  assert.equal(new URL(ran.inline).pathname, "/a/b/gated-type.html");
  assert.equal(new URL(ran.external).pathname, "/gated/module.js");
  assert.deepEqual(ran.types, ["module", "module"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
