// Hostile or buggy page scripts (issue "Only the visitor widens consent"),
// in Chromium; verdicts from the browser: the jar through CDP, the page's
// storage, the record as the browser holds it.
//   * an exception thrown through the agent (a stack exhausted inside its
//     calls) does not disable it: a real click on "Reject all" is stored
//     and enforced, also after a reload;
//   * built-ins a page replaces or breaks after the tag (Object.keys,
//     Array.prototype.join, String.prototype.split, Function.prototype.call
//     and apply, Storage.prototype.removeItem and clear) blind nothing;
//   * script-made grants (acceptAll, accept, .click() and synthetic events on
//     the agent's own buttons) are refused; the visitor's real click grants,
//     on the banner and on a site's own button;
//   * the record is the agent's alone: a page script's write of it does not
//     land, and a valid record the agent did not write (a sibling host's,
//     under the parent domain) grants nothing to a new visitor;
//   * window.consentAgent cannot be replaced or deleted;
//   * a large withdrawal keeps kept keys with their exact values, whatever
//     the page wrapped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, plant, allCookies, storedRecord, clickUi, goneWithin } from "../support/browser.mjs";
import { record, ALL, now, DAY } from "../support/records.mjs";
import { exhaustStackInsideAgent, fillAndWrapStorage } from "../support/page-scripts.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const PAGE = () => `${env.http}/a/b/page.html`;
const refusedLeft = async (page) => (await allCookies(page)).filter((c) => c.name === "_ga" || c.name === "ads_id").map((c) => c.name);
const bannerShown = (page) => page.evaluate(() => {
  const root = document.getElementById("consent-agent-ui")?.shadowRoot;
  const banner = root && root.querySelector(".banner");
  return !!banner && banner.getClientRects().length > 0;
});
async function uiReady(page) {
  await page.waitForFunction(() => document.getElementById("consent-agent-ui")?.shadowRoot?.querySelector("button"), null, { timeout: 5000 });
}

test("a stack exhausted inside the agent's calls does not disable it: a real click on Reject all is stored and enforced, also after a reload", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(() => { document.cookie = "_ga=GA1.1; path=/"; localStorage.setItem("ac_client_user_id", "u1"); });
  await page.evaluate(exhaustStackInsideAgent);
  await page.evaluate(() => consentAgent.showBanner());
  await uiReady(page);
  await clickUi(page, "Reject all", ".banner");
  const stored = await storedRecord(page);
  assert.deepEqual(stored.granted, ["necessary"], "the rejection is stored");
  assert.deepEqual(await refusedLeft(page), [], "the refused cookie is gone");
  assert.equal(await page.evaluate(() => localStorage.getItem("ac_client_user_id")), null);
  await page.reload();
  assert.equal((await page.evaluate(() => consentAgent.consent())).categories.analytics, false, "still refused after a reload");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("built-ins a page replaces or breaks after the tag blind nothing: refused HTTP cookies go within 1 s, rejectAll removes refused keys, no page error", async () => {
  const BREAKERS = {
    "Object.keys throws": "Object.keys = () => { throw new Error('broken'); };",
    "Array.prototype.join throws": "Array.prototype.join = function () { throw new Error('broken'); };",
    "String.prototype.split throws": "String.prototype.split = function () { throw new Error('broken'); };",
    "Storage.prototype.removeItem and clear do nothing": "Storage.prototype.removeItem = function () {}; Storage.prototype.clear = function () {};",
  };
  for (const [name, breaker] of Object.entries(BREAKERS)) {
    const page = await newPage(env);
    await page.goto(PAGE());
    await page.evaluate(() => consentAgent.acceptAll());
    await page.evaluate(() => { for (let i = 0; i < 5; i++) localStorage.setItem(`ac_client_${i}`, "x"); });
    await page.evaluate(breaker);
    await page.evaluate(() => consentAgent.rejectAll());
    const keys = await page.evaluate(() => {
      const out = [];
      for (let i = 0; i < localStorage.length; i++) out.push(localStorage.key(i));
      return out.filter((k) => k.indexOf("ac_client_") === 0);
    });
    assert.deepEqual(keys, [], `${name}: rejectAll removed the refused keys`);
    await page.evaluate(() => fetch("/plant?c=" + encodeURIComponent("_ga=late; Path=/")));
    await goneWithin(page, ["_ga"], 1500);
    assert.deepEqual(page.errors, [], name);
    await page.context().close();
  }
  // Function.prototype.call and apply replaced while a withdrawal runs.
  const page = await newPage(env);
  await page.goto(PAGE());
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(() => { document.cookie = "_ga=GA1.2; path=/"; localStorage.setItem("ac_client_user_id", "u1"); });
  await page.evaluate(() => {
    const { call, apply } = Function.prototype;
    Function.prototype.call = function () {};
    Function.prototype.apply = function () {};
    try {
      consentAgent.rejectAll();
    } finally {
      Function.prototype.call = call;
      Function.prototype.apply = apply;
    }
  });
  assert.deepEqual(await refusedLeft(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem("ac_client_user_id")), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("only the visitor widens consent: script-made grants and synthetic clicks are refused; the visitor's click on the banner or on the site's own button grants", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  await uiReady(page);
  // From a timer, long after any interaction: no user activation. (Playwright's
  // evaluate itself counts as a user gesture, so the calls run from the page.)
  await page.evaluate(() => new Promise((resolve) => {
    setTimeout(() => {
      consentAgent.acceptAll();
      consentAgent.accept(["marketing"]);
      const root = document.getElementById("consent-agent-ui").shadowRoot;
      const accept = [...root.querySelectorAll(".banner button")].find((b) => b.textContent === "Accept all");
      accept.click();
      accept.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      resolve();
    }, 5200);
  }));
  assert.equal(await storedRecord(page), null, "no record was written");
  assert.deepEqual((await page.evaluate(() => consentAgent.consent())).categories, { necessary: true, functional: false, analytics: false, marketing: false });
  assert.ok(await bannerShown(page), "the banner still asks");
  assert.equal(page.messages.filter((m) => m.type === "warning" && /only the visitor widens consent/.test(m.text)).length, 1, "one warning");
  // A restriction is always taken, interaction or not.
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => { consentAgent.rejectAll(); resolve(); }, 5200)));
  assert.deepEqual((await storedRecord(page)).granted, ["necessary"]);
  // The visitor's real click on the banner grants.
  await page.evaluate(() => consentAgent.showBanner());
  await clickUi(page, "Accept all", ".banner");
  assert.deepEqual((await storedRecord(page)).granted, ALL.slice().sort());
  // A site's own button, clicked by the visitor, grants too.
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => { consentAgent.rejectAll(); resolve(); }, 0)));
  await page.evaluate(() => {
    const mine = document.createElement("button");
    mine.id = "site-accept";
    mine.textContent = "Allow statistics";
    mine.onclick = () => consentAgent.accept(["analytics"]);
    document.body.prepend(mine);
  });
  await page.click("#site-accept");
  assert.deepEqual((await storedRecord(page)).granted, ["analytics", "necessary"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the banner's shadow root is closed: a page script cannot reach its buttons; the visitor's real click still chooses", async () => {
  const page = await newPage(env, { closedRoot: true });
  await page.goto(`${env.http}/a/b/ui.html`);
  await page.waitForFunction(() => document.getElementById("consent-agent-ui")?.getClientRects().length > 0, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.getElementById("consent-agent-ui").shadowRoot), null, "no page script reaches it");
  // The visitor: Tab moves into the banner (its first button is "Accept all"), Enter presses it.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => consentAgent.consent().decidedAt, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => consentAgent.accepted("analytics")), true, "the visitor's key press granted");
  await page.context().close();
});

test("the record is the agent's alone: a page script's write of it does not land; a sibling's parent-domain record grants a new visitor nothing", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  await page.evaluate(() => consentAgent.rejectAll());
  const mine = (await storedRecord(page)).cookie.value;
  const t = now();
  const forged = record({ decided: t, expires: t + 100 * DAY, id: "forged", granted: ALL, denied: [] });
  await page.evaluate((value) => {
    document.cookie = `consent_agent=${value}; path=/`;
    Object.getOwnPropertyDescriptor(Document.prototype, "cookie").set.call(document, `consent_agent=${value}; path=/`);
    localStorage.setItem("consent_agent", value); // the agent's copy: refused too
  }, forged);
  assert.equal((await storedRecord(page)).cookie.value, mine, "the record is unchanged in the jar");
  assert.equal(await page.evaluate(() => localStorage.getItem("consent_agent")), mine, "and the agent's copy");
  await page.reload();
  assert.equal((await page.evaluate(() => consentAgent.consent())).categories.analytics, false);
  await page.context().close();

  // A new visitor: a sibling host wrote a valid accept-all record under the parent domain.
  const fresh = await newPage(env);
  await plant(fresh, env.http, [`consent_agent=${forged}; Domain=example.test; Path=/`, "_ga=1; Path=/"]);
  await fresh.goto(PAGE());
  await uiReady(fresh);
  assert.deepEqual((await fresh.evaluate(() => consentAgent.consent())).categories, { necessary: true, functional: false, analytics: false, marketing: false });
  assert.ok(await bannerShown(fresh), "the banner asks the visitor");
  assert.deepEqual(await refusedLeft(fresh), [], "nothing granted: _ga deleted");
  assert.equal(fresh.messages.filter((m) => /did not write/.test(m.text)).length, 1, "the console says why");
  await fresh.context().close();
});

test("window.consentAgent can be neither replaced nor deleted", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  const kept = await page.evaluate(() => {
    const real = window.consentAgent;
    try { window.consentAgent = { rejectAll() {} }; } catch (error) { /* strict mode */ }
    try { delete window.consentAgent; } catch (error) { /* strict mode */ }
    let redefined = false;
    try {
      Object.defineProperty(window, "consentAgent", { value: {} });
      redefined = true;
    } catch (error) { /* non-configurable */ }
    return window.consentAgent === real && !redefined;
  });
  assert.ok(kept);
  await page.context().close();
});

test("a large withdrawal keeps kept keys with their exact values, whatever the page wrapped", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(fillAndWrapStorage);
  await page.evaluate(() => consentAgent.rejectAll());
  const after = await page.evaluate(() => {
    const real = Object.getOwnPropertyDescriptor(Storage.prototype, "length").get.call(localStorage);
    const keys = [];
    for (let i = 0; i < real; i++) keys.push(localStorage.key(i));
    return { refused: keys.filter((k) => k.indexOf("ac_client_") === 0).length, cart: JSON.stringify(Object.entries(localStorage).filter(([k]) => k === "cart_items" || k === "myapp_pref").sort()) };
  });
  assert.equal(after.refused, 0);
  assert.equal(after.cart, JSON.stringify([["cart_items", "[1,2,3]"], ["myapp_pref", "{\"dark\":true}"]]), "exact values");
  await page.context().close();
});

test("strings with characters outside ASCII reach the module intact through the captured encodeInto (storage keys round-trip through audit; classify)", async () => {
  const page = await newPage(env);
  await page.goto(PAGE());
  const names = ["préférence_ü", "emoji_😀_key", "mixed_a\u00e9b\u4e2dc", "x".repeat(3000) + "é"];
  const seen = await page.evaluate((names) => {
    for (const name of names) localStorage.setItem(name, "1");
    return consentAgent.audit().filter((row) => row.storage === "localStorage").map((row) => [row.name, row.category]);
  }, names);
  for (const name of names) assert.ok(seen.some(([n]) => n === name), `${name.slice(0, 40)} came back intact`);
  assert.equal(await page.evaluate(() => consentAgent.classify("ac_client_é😀", "localStorage")), "analytics");
  await page.context().close();
});
