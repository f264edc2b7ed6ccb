// End-to-end: Global Privacy Control. Chromium does not send the signal
// itself (Firefox, Brave and DuckDuckGo do), so these pages get
// navigator.globalPrivacyControl === true the way those browsers expose it,
// before any script runs; everything else is the real browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setUp, newPage, plant, allCookies, scopes, storedRecord, settled, clickUi } from "../support/browser.mjs";

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-artifacts");

let env;
before(async () => {
  env = await setUp();
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  await env?.close();
});

async function sendSignal(page) {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { configurable: true, get: () => true });
  });
}

function shadowText(page, selector) {
  return page.evaluate((selector) => {
    const node = document.getElementById("consent-agent-ui").shadowRoot.querySelector(selector);
    return node && node.getClientRects().length ? node.textContent : null;
  }, selector);
}

test("with the signal, Accept all leaves marketing off and says why; switching it on in the dialog counts", async () => {
  const page = await newPage(env);
  await sendSignal(page);
  await page.goto(`${env.http}/a/b/ui.html`);
  assert.equal(await shadowText(page, ".banner .signal"),
    "Your browser sends Global Privacy Control, so Marketing stays off unless you switch it on yourself in the preferences.");
  await page.screenshot({ path: join(ARTIFACTS, "banner-signal.png") });
  const described = await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const ids = root.querySelector(".banner").getAttribute("aria-describedby").split(" ");
    return ids.map((id) => root.getElementById(id).className || "text");
  });
  assert.deepEqual(described, ["text", "signal"], "the note describes the banner too");
  await clickUi(page, "Accept all", ".banner");
  const accepted = await page.evaluate(() => {
    document.cookie = "_fbp=fb.1.2; path=/"; // marketing: refused before it lands
    document.cookie = "_ga=GA1.1; path=/"; // analytics: granted
    return { consent: consentAgent.consent(), cookie: document.cookie };
  });
  assert.deepEqual(accepted.consent.categories, { necessary: true, functional: true, analytics: true, marketing: false });
  assert.equal(accepted.consent.globalPrivacyControl, true);
  assert.ok(accepted.cookie.includes("_ga=") && !accepted.cookie.includes("_fbp"), accepted.cookie);

  // The visitor switches marketing on themselves.
  await page.evaluate(() => consentAgent.showPreferences());
  assert.match(await shadowText(page, ".dialog .signal"), /Marketing stays off/);
  await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const switches = [...root.querySelectorAll("input[role=switch]")];
    switches[3].click(); // Marketing on
  });
  await clickUi(page, "Save choices", ".dialog");
  const chosen = await page.evaluate(() => {
    document.cookie = "_fbp=fb.1.3; path=/";
    return { consent: consentAgent.consent(), cookie: document.cookie };
  });
  assert.equal(chosen.consent.categories.marketing, true);
  assert.ok(chosen.cookie.includes("_fbp=fb.1.3"), chosen.cookie);
  const record = await storedRecord(page);
  assert.deepEqual([record.granted.includes("marketing"), record.signal], [true, true], "stored as chosen with the signal on");
  // It stands on the next page with the signal still on.
  await page.reload();
  assert.equal(await page.evaluate(() => consentAgent.accepted("marketing")), true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("turning the signal on withdraws marketing granted earlier by Accept all, and its cookies go", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui.html`);
  await page.evaluate(() => consentAgent.acceptAll());
  assert.equal(await page.evaluate(() => consentAgent.accepted("marketing")), true, "no signal: Accept all grants marketing");
  await sendSignal(page);
  await plant(page, env.http, ["_fbp=fb.1.4; Path=/", "_gcl_au=1.1; Path=/a"]);
  await page.goto(`${env.http}/a/b/ui.html`);
  const state = await page.evaluate(() => ({ consent: consentAgent.consent(), cookie: document.cookie }));
  assert.equal(state.consent.categories.marketing, false);
  assert.equal(state.consent.categories.analytics, true, "other categories keep the stored choice");
  assert.ok(!state.cookie.includes("_fbp") && !state.cookie.includes("_gcl_au"), state.cookie);
  const cookies = await allCookies(page);
  assert.deepEqual([...scopes(cookies, "_fbp"), ...scopes(cookies, "_gcl_au")], []);
  assert.equal(await shadowText(page, ".banner"), null, "the visitor has chosen: no banner");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a site can ignore the signal with \"globalPrivacyControl\": []: Accept all grants marketing, and its cookies stay", async () => {
  const page = await newPage(env);
  await sendSignal(page);
  await page.goto(`${env.http}/a/b/ui-no-signal.html`);
  assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true, "the browser sends the signal");
  assert.equal(await shadowText(page, ".banner .signal"), null, "no note");
  await clickUi(page, "Accept all", ".banner");
  const record = await storedRecord(page);
  assert.deepEqual(record.granted, ["analytics", "functional", "marketing", "necessary"], "Accept all stored marketing too");
  await page.evaluate(() => { document.cookie = "_fbp=fb.1.5; path=/"; }); // marketing: lands
  await settled(page);
  assert.deepEqual(scopes(await allCookies(page), "_fbp"), ["www.shop.example.test/"]);
  await plant(page, env.http, ["_gcl_au=1.1; Path=/a", "_fbp=fb.1.6; Domain=example.test; Path=/"]);
  await page.goto(`${env.http}/a/b/ui-no-signal.html`);
  const cookies = await allCookies(page);
  assert.deepEqual([...scopes(cookies, "_fbp"), ...scopes(cookies, "_gcl_au")].sort(), [".example.test/", "www.shop.example.test/", "www.shop.example.test/a"],
    "marketing cookies stay on the next load with the signal on");
  const consent = await page.evaluate(() => consentAgent.consent());
  assert.equal(consent.categories.marketing, true);
  assert.equal(consent.globalPrivacyControl, false, "the site does not honour it");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
