// End-to-end (Chromium): the engine's start, glue, banner and dialog come
// in a script of their own (dist/consent-agent-engine.<hash>.js,
// src/web/engine-fetch.js), loaded without blocking the page. While it is
// on its way writes are held (a refused one never lands, an allowed one
// reads back); when it cannot be loaded nothing is granted; no page script
// can take the handover or hand the tag another start. Verdicts from the
// browser: the jar (CDP) and the page's DOM.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { setUp, newPage, servePage, allCookies, clickUi, until, ROOT, ENGINE_SCRIPT } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const PAGE = (body = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/consent-agent.js"></script>${body}<title>engine's script</title></head><body><p>Page.</p></body></html>`;
const bannerShown = (page) => page.evaluate(() => {
  const root = document.getElementById("consent-agent-ui")?.shadowRoot;
  const banner = root && root.querySelector(".banner");
  return !!banner && !banner.hidden;
});

test("the engine's script arrives late: writes are held meanwhile; the engine starts and the banner comes when it arrives; a click grants", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/engine-late.html`;
  await servePage(page, url, PAGE());
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${env.http}/${ENGINE_SCRIPT}`, async (route) => {
    await held;
    await route.fulfill({ path: join(ROOT, "dist", ENGINE_SCRIPT), contentType: "text/javascript" });
  });
  await page.goto(url, { waitUntil: "domcontentloaded" });
  assert.equal(await page.evaluate(() => consentAgent.consent()), null, "the engine is not ready");
  assert.equal(await page.evaluate(() => !!document.getElementById("consent-agent-ui")), false, "no UI yet");
  const seen = await page.evaluate(() => {
    document.cookie = "_ga=GA1.1.1; path=/";
    document.cookie = "lang=en; path=/";
    return document.cookie;
  });
  assert.ok(seen.includes("lang=en") && seen.includes("_ga=GA1.1.1"), `the page reads its own writes back: ${seen}`);
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"), "a refused write does not land while held");
  release();
  await until(() => bannerShown(page), "the banner once its file is there");
  const jar = await allCookies(page);
  assert.ok(jar.some((c) => c.name === "lang"), "the allowed held write landed");
  assert.ok(!jar.some((c) => c.name === "_ga"), "the refused held write never landed");
  await clickUi(page, "Accept all", ".banner");
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.2; path=/"; });
  assert.ok((await allCookies(page)).some((c) => c.name === "_ga"), "granted by the visitor's click");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("no page script takes the handover: the getter answers nothing outside the engine's script, also to page code the script's glue calls, and a second copy of the script starts nothing", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/engine-impostor.html`;
  // Right after the tag, before the engine's script can have arrived: the
  // page asks for the handover itself, and plants a TextDecoder.decode
  // (which the glue calls as it loads) that asks again from inside it.
  await servePage(page, url, PAGE(`<script>
    window.asked = [typeof window.consentAgentEngine];
    const decode = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function () {
      window.asked.push(typeof window.consentAgentEngine);
      return decode.apply(this, arguments);
    };
    const copy = document.createElement("script");
    copy.src = document.querySelector("script[src*='consent-agent-engine']").src;
    copy.onload = function () { window.copyRan = true; };
    document.head.appendChild(copy);
  </script>`));
  await page.goto(url);
  await until(() => bannerShown(page), "the real banner");
  await page.waitForFunction(() => window.copyRan === true, null, { timeout: 5000 });
  assert.deepEqual([...new Set(await page.evaluate(() => window.asked))], ["undefined"], "the page never got the handover");
  assert.ok(page.messages.some((m) => m.type === "error" && m.text.includes("runs only when the tag")), JSON.stringify(page.messages));
  assert.equal(await page.evaluate(() => document.querySelectorAll("#consent-agent-ui").length), 1, "one banner");
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.1; path=/"; });
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"), "still enforced");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the engine's script cannot be loaded: the console says so, no banner, refused writes never land, no page error", async () => {
  const page = await newPage(env);
  const url = `${env.http}/a/b/engine-missing.html`;
  await servePage(page, url, PAGE());
  await page.route(`${env.http}/${ENGINE_SCRIPT}`, (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(url);
  await page.waitForTimeout(300);
  assert.equal(await bannerShown(page), false);
  assert.ok(page.messages.some((m) => m.type === "error" && m.text.includes(ENGINE_SCRIPT) && m.text.includes("engine cannot start")), JSON.stringify(page.messages));
  assert.equal(await page.evaluate(() => consentAgent.consent()), null, "never ready");
  await page.evaluate(() => { document.cookie = "_ga=GA1.1.1; path=/"; });
  assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
