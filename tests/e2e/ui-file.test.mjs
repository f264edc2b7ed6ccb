// End-to-end (Chromium): the banner and dialog come in a file of their own
// (dist/consent-agent-ui.<hash>.js, src/web/ui-fetch.js), loaded without
// blocking the page. While it is on its way the engine enforces; when it
// cannot be loaded nothing is granted; a page script cannot hand the tag
// another UI. Verdicts from the browser: the jar (CDP) and the page's DOM.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { setUp, newPage, servePage, allCookies, clickUi, until, ROOT, UI_FILE } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const PAGE = (body = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/consent-agent.js"></script>${body}<title>ui file</title></head><body><p>Page.</p></body></html>`;
const bannerShown = (page) => page.evaluate(() => {
  const root = document.getElementById("consent-agent-ui")?.shadowRoot;
  const banner = root && root.querySelector(".banner");
  return !!banner && !banner.hidden;
});

test("the UI file arrives late: the engine enforces meanwhile; the banner comes when it arrives and a click on it grants", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/ui-late.html`;
  await servePage(page, url, PAGE());
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${env.http}/${UI_FILE}`, async (route) => {
    await held;
    await route.fulfill({ path: join(ROOT, "dist", UI_FILE), contentType: "text/javascript" });
  });
  await page.goto(url, { waitUntil: "domcontentloaded" }); // the engine is ready when this returns
  assert.equal(await page.evaluate(() => consentAgent.consent() !== null), true, "the engine is ready");
  assert.equal(await page.evaluate(() => !!document.getElementById("consent-agent-ui")), false, "no UI yet");
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.1; path=/"; });
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"), "a refused write does not land");
  release();
  await until(() => bannerShown(page), "the banner once its file is there");
  await clickUi(page, "Accept all", ".banner");
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.2; path=/"; });
  assert.ok((await allCookies(page)).some((c) => c.name === "_ga"), "granted by the visitor's click");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a page script cannot hand the tag another UI: its builder, handed over on the UI's own script element, is ignored", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/ui-impostor.html`;
  // Right after the tag, before the UI file can have arrived.
  await servePage(page, url, PAGE(`<script>
    window.fakeBuilt = 0;
    const fake = function () { window.fakeBuilt++; const noop = function () {}; return { showBanner: noop, showPreferences: noop, hide: noop }; };
    for (const element of document.querySelectorAll("script[src*='consent-agent-ui']")) {
      element.dispatchEvent(new CustomEvent("consent-agent:ui", { detail: fake }));
    }
    window.impostorFound = document.querySelectorAll("script[src*='consent-agent-ui']").length;
  </script>`));
  await page.goto(url);
  assert.equal(await page.evaluate(() => window.impostorFound), 1, "the page found the UI's script element");
  await until(() => bannerShown(page), "the real banner");
  assert.equal(await page.evaluate(() => window.fakeBuilt), 0, "the page's builder never ran");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the UI file cannot be loaded: the console says so, no banner, nothing granted, no page error", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/ui-missing.html`;
  await servePage(page, url, PAGE());
  await page.route(`${env.http}/${UI_FILE}`, (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(url);
  await page.waitForTimeout(300);
  assert.equal(await bannerShown(page), false);
  assert.ok(page.messages.some((m) => m.type === "error" && m.text.includes(UI_FILE) && m.text.includes("banner cannot be shown")), JSON.stringify(page.messages));
  const categories = await page.evaluate(() => consentAgent.consent().categories);
  assert.deepEqual(Object.keys(categories).filter((id) => categories[id]), ["necessary"], JSON.stringify(categories));
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.1; path=/"; });
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
