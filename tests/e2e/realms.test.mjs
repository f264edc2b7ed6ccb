// End-to-end (Chromium): every realm a page can make gets the traps
// (issue "Only the visitor widens consent", point 6): the page of a
// same-origin <object> and <embed>, a popup from document.open's
// three-argument form, and the document's own `cookie` property, which a
// page cannot redefine. Verdicts from the browser: the jar through CDP,
// polled every few milliseconds (the watcher would remove a landed cookie
// about 1 s later, so "never seen" means "never landed"), and storage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, allCookies, settled } from "../support/browser.mjs";
import { insertLateWriter } from "../support/page-scripts.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

/** Every refused cookie name seen in the jar while `ms` pass, polled through CDP. */
async function seenWithin(page, names, ms) {
  const seen = new Set();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const c of await allCookies(page)) if (names.includes(c.name)) seen.add(c.name);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return [...seen];
}

for (const tag of ["object", "embed"]) {
  test(`a same-origin <${tag}>'s page is trapped like a frame's: its later writes never land`, async () => {
    const page = await newPage(env);
    await page.goto(`${env.http}/a/b/page.html`);
    await page.evaluate(insertLateWriter, tag);
    assert.deepEqual(await seenWithin(page, ["_ga_LATE"], 1500), [], "its cookie never landed");
    const nested = await page.evaluate(() => ({ wrote: window[0] && window[0].wrote, ads: localStorage.getItem("ads_late") }));
    assert.deepEqual(nested, { wrote: true, ads: null }, "it wrote, and its storage write was refused");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test("a popup from document.open(url, name, features) is trapped like window.open's", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  const opened = await page.evaluate(() => {
    const popup = document.open("about:blank", "realm", "popup,width=200,height=200");
    if (!popup) return false;
    popup.document.cookie = "_ga_POPUP=1; path=/";
    popup.localStorage.setItem("ads_popup", "1");
    return true;
  });
  assert.ok(opened, "the popup opened (Playwright's evaluate counts as a user gesture in Chromium)");
  await settled(page);
  assert.deepEqual((await allCookies(page)).filter((c) => c.name === "_ga_POPUP"), [], "its cookie did not land");
  assert.equal(await page.evaluate(() => localStorage.getItem("ads_popup")), null);
  await page.context().close();
});

test("the document's own cookie property cannot be defined around the trap", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/page.html`);
  const result = await page.evaluate(() => {
    const original = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    let redefined = false;
    try {
      Object.defineProperty(document, "cookie", { configurable: true, get: original.get, set: original.set });
      redefined = true;
    } catch (error) { /* non-configurable */ }
    try { delete document.cookie; } catch (error) { /* strict mode */ }
    document.cookie = "_ga_INSTANCE=1; path=/";
    return redefined;
  });
  assert.equal(result, false, "Object.defineProperty(document, 'cookie') throws");
  await settled(page);
  assert.deepEqual((await allCookies(page)).filter((c) => c.name === "_ga_INSTANCE"), [], "the write through it was refused");
  await page.context().close();
});
