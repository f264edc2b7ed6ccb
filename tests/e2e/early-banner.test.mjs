// The banner before the engine is ready (src/web/ui-early.js), in Chromium,
// Firefox ESR and WebKitGTK (tests/support/engines.mjs). The module comes
// from /slow/, 3 s late on purpose (tests/pages/a/b/early-banner.html), so
// each check proves behaviour, not luck. Verdicts from the page's DOM (an
// open shadow root) and the browser's cookie API:
//   * with the config on the page and no stored choice, the banner shows
//     while the engine is not ready; a real click on "Accept all" then is
//     done when the engine is ready (the visitor's activation kept), and a
//     write of the granted category lands after it;
//   * with a stored choice, no banner shows, before or after ready;
//   * a config the engine refuses (a field the early reading does not
//     check): the engine's banner replaces the early one; one banner only.
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
const bannerButton = (label) => [...document.getElementById("consent-agent-ui").shadowRoot.querySelectorAll(".banner button")]
  .find((b) => b.textContent.trim() === label);
// Navigates within the page (the harness's goto waits for the engine) and
// waits for the banner while the engine is not ready.
async function openEarly(b, url) {
  await b.goto(`${origin}/a/b/blank.html`);
  await b.evaluate((to) => { location.href = to; }, url);
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const seen = await b.evaluate(() => (window.seen ? { early: window.seen.bannerBeforeReady, ready: consentAgent.consent() !== null } : null)).catch(() => null);
    if (seen && (seen.early || seen.ready)) return seen;
  }
  return null;
}

for (const engine of ENGINES) {
  test(`${engine}: the banner shows before the engine is ready; a click then is done when it is; a stored choice shows none`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      const seen = await openEarly(b, `${origin}/a/b/early-banner.html?engine=3000`);
      assert.deepEqual(seen, { early: true, ready: false }, "the banner is up while the engine is not ready");
      await b.click(bannerButton, "Accept all");
      const clicked = await b.evaluate(() => ({
        ready: consentAgent.consent() !== null,
        bannerHidden: document.getElementById("consent-agent-ui").shadowRoot.querySelector(".banner").hidden,
      }));
      assert.deepEqual(clicked, { ready: false, bannerHidden: true }, "the click closed the banner inside the window");
      await b.evaluate(() => consentAgent.ready.then(() => true));
      assert.equal(await b.evaluate(() => consentAgent.consent().categories.analytics), true, "the visitor's early click granted, once the engine was ready");
      await b.evaluate(() => { document.cookie = "_ga=GA1.1.7; path=/"; });
      assert.ok((await b.cookies()).some((c) => c.name === "_ga"), "a write of the granted category lands");
      assert.equal(await b.evaluate(() => window.seen.hosts), 1, "one banner");

      // A stored choice: whether it holds is the engine's to say; no early banner.
      await b.evaluate((to) => { location.href = to; }, `${origin}/a/b/early-banner.html?engine=1500`);
      await new Promise((r) => setTimeout(r, 800));
      await b.evaluate(() => consentAgent.ready.then(() => true));
      await new Promise((r) => setTimeout(r, 200));
      const stored = await b.evaluate(() => {
        const host = document.getElementById("consent-agent-ui"), banner = host && host.shadowRoot.querySelector(".banner");
        return { early: window.seen.bannerBeforeReady, shown: !!banner && !banner.hidden };
      });
      assert.deepEqual(stored, { early: false, shown: false });
    } finally {
      await b.close();
    }
  });

  test(`${engine}: a config the engine refuses: its banner replaces the early one, one banner on the page`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      const seen = await openEarly(b, `${origin}/a/b/early-banner.html?engine=1500&bad`);
      assert.deepEqual(seen, { early: true, ready: false }, "the early reading does not check that field");
      await b.evaluate(() => consentAgent.ready.then(() => true));
      await new Promise((r) => setTimeout(r, 300));
      const after = await b.evaluate(() => {
        const hosts = document.querySelectorAll("#consent-agent-ui");
        const banner = hosts.length && hosts[0].shadowRoot.querySelector(".banner");
        return { hosts: hosts.length, shown: !!banner && !banner.hidden, granted: consentAgent.consent().categories.analytics };
      });
      assert.deepEqual(after, { hosts: 1, shown: true, granted: false }, "the engine's banner, alone; nothing granted");
      if (b.messages) assert.ok(b.messages.some((m) => m.type === "error" && m.text.includes("categories[1]")), JSON.stringify(b.messages));
    } finally {
      await b.close();
    }
  });
}
