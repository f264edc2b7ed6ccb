// The window before the engine is ready (issue "First paint"), in Chromium,
// Firefox ESR and WebKitGTK, through tests/support/engines.mjs. The tag
// runs synchronously; the engine (the WebAssembly module) comes from
// /slow/, 1.5 s late on purpose, so each check proves behaviour, not luck
// (tests/pages/a/b/early.html). Verdicts from the browser's cookie API
// (CDP, BiDi, WebDriver) and the page's storage:
//   * window.consentAgent exists for the next script, which writes an
//     allowed and a refused cookie and storage key and reads all back;
//   * during the window nothing the page wrote is in the browser's jar or
//     storage (held); when the engine is ready the allowed writes land and
//     the refused ones never do;
//   * a known tracker's script is held; a first-party library after it
//     runs in document order, before the inline script that follows it;
//   * API calls before ready answer as README.md says, and a choice asked
//     for then is done when the engine is ready, in its place among the
//     held writes;
//   * a page that unloads in the window loses no allowed write: the next
//     page of the tab writes it;
//   * a write the page takes back in the window (set, then removed: an
//     SDK's storage probe) is not written when the engine is ready.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ENGINES, HOST, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";

let server;
let origin;
before(async () => {
  server = await serve();
  origin = `http://${HOST}:${server.port}`;
});
after(async () => {
  await server?.close();
});

const LIMIT = { timeout: 120000 };
const names = (cookies) => cookies.map((c) => c.name).sort();
// The page's keys as the browser stores them: listed by key(), which
// shows only what is really stored (a held write shows only in getItem).
const stored = () => {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
  const value = (key) => (keys.includes(key) ? localStorage.getItem(key) : null);
  return { cart: value("cart_items"), client: value("ac_client_user_id") };
};

for (const engine of ENGINES) {
  test(`${engine}: before the engine is ready, writes are held and read back, trackers held, order kept, API calls answered; then decided`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      // The harness's goto waits for the engine; this page's window is read
      // from what its first script recorded.
      await b.goto(`${origin}/a/b/blank.html`);
      await b.evaluate((url) => { location.href = url; }, `${origin}/a/b/early.html?engine=1500`);
      // In the window: nothing the page wrote has landed.
      let early = null;
      for (let i = 0; i < 50 && !early; i++) {
        await new Promise((r) => setTimeout(r, 100));
        early = await b.evaluate(() => (window.early && !window.early.ready ? window.early : null)).catch(() => null);
      }
      assert.ok(early, "the page's first script ran before the engine was ready");
      assert.equal(early.agent, "object", "window.consentAgent exists for the next script");
      assert.deepEqual([early.consent, early.accepted, early.classify, early.audit], [null, false, null, 0], "API answers before ready (README)");
      assert.match(early.readBack.cookie, /(^|; )cart=42(;|$)/, "the script reads its allowed write back");
      assert.match(early.readBack.cookie, /(^|; )_ga=GA1\.1\.99(;|$)/, "and its held refused one");
      assert.deepEqual([early.readBack.cart, early.readBack.client], ["3", "u1"], "and its storage writes");
      const during = await b.cookies();
      assert.deepEqual(names(during).filter((n) => n === "cart" || n === "_ga"), [], `nothing written lands in the window: ${names(during)}`);
      assert.deepEqual(await b.evaluate(stored), { cart: null, client: null }, "no storage write lands in the window");
      const order = await b.evaluate(() => window.ran.slice());
      assert.deepEqual(order, ["library", "inline after the library: library"], "the tracker is held; the library runs in order before the next inline script");

      // Ready: allowed writes land, refused ones never do.
      await b.evaluate(() => consentAgent.ready.then(() => true));
      const after = await b.cookies();
      assert.ok(after.some((c) => c.name === "cart" && c.value === "42"), "the allowed cookie landed");
      assert.ok(!after.some((c) => c.name === "_ga"), "the refused cookie never landed");
      assert.deepEqual(await b.evaluate(stored), { cart: "3", client: null }, "the allowed key landed, the refused one did not");
      assert.ok(!after.some((c) => c.name === "probe_cookie"), "a cookie written and deleted in the window is not written later");
      assert.equal(await b.evaluate(() => localStorage.getItem("probe_key")), null, "nor a key set and removed in the window");
      assert.deepEqual(await b.evaluate(() => window.early.ready), { same: true, consent: true, rejected: false });
      assert.deepEqual(await b.evaluate(() => window.ran.filter((r) => r === "tracker")), [], "the tracker still held (nothing granted)");
    } finally {
      await b.close();
    }
  });

  test(`${engine}: a choice asked for before the engine is ready is done when it is, in the page's order; a page left in the window loses no allowed write`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      // accept(["analytics"]) between two analytics writes (the page allows script grants).
      await b.goto(`${origin}/a/b/early.html?engine=300&accept`);
      const keys = await b.evaluate(() => [localStorage.getItem("ac_client_user_id"), localStorage.getItem("ac_client_after")]);
      assert.deepEqual(keys, [null, "1"], "the write before the choice is decided without it, the one after with it");
      await b.goto(`${origin}/a/b/early.html?engine=300&reject`);
      assert.deepEqual(await b.evaluate(() => window.early.ready), { same: true, consent: true, rejected: true }, "the queued rejectAll() was done");

      // Leave the page inside its window: the held writes go with the tab.
      await b.evaluate(() => { document.cookie = "cart=0; path=/; max-age=0"; Storage.prototype.removeItem.call(localStorage, "cart_items"); });
      await b.evaluate((url) => { location.href = url; }, `${origin}/a/b/early.html?engine=4000`);
      await new Promise((r) => setTimeout(r, 600)); // the page's first script has run; its engine is 4 s away
      await b.goto(`${origin}/a/b/page.html`);
      const cookies = await b.cookies();
      assert.ok(cookies.some((c) => c.name === "cart" && c.value === "42"), `the left page's allowed cookie is written by the next page: ${names(cookies)}`);
      assert.ok(!cookies.some((c) => c.name === "_ga"), "its refused one is not");
      assert.deepEqual(await b.evaluate(stored), { cart: "3", client: null });
    } finally {
      await b.close();
    }
  });
}
