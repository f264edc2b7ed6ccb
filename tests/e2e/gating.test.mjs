// End-to-end: scripts, frames and images held until their category is granted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage } from "../support/browser.mjs";

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
  await page.goto(`${env.http}/a/b/gated.html`);
  assert.deepEqual(await page.evaluate(() => window.order), [], "nothing runs without consent");
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

  await page.evaluate(() => consentAgent.acceptAll());
  await page.waitForTimeout(200);
  assert.equal((await page.evaluate(() => window.order)).length, 6, "once per page");
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
  await Promise.all([page.waitForEvent("load"), page.evaluate(() => consentAgent.accept(["analytics"])).catch(() => {})]);
  await page.waitForFunction(() => document.readyState === "complete");
  const after = await page.evaluate(() => ({ order: window.order, marketing: consentAgent.accepted("marketing") }));
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
