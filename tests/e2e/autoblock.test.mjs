// End-to-end: known third-party scripts and frames held by URL, without
// tagging. Requests are counted from the browser's own network events
// (Playwright's routing, which sees every request the page makes, preload
// scanner included), never from the agent's report. Third-party hosts are
// answered locally by routes; nothing leaves the machine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage } from "../support/browser.mjs";
import { routeThirdParty } from "../support/third-party.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("parser-inserted scripts and frames from known sources do not run or load before consent; on grant they run once, in order", async () => {
  const page = await newPage(env);
  const requests = await routeThirdParty(page);
  await page.goto(`${env.http}/a/b/autoblock.html`);
  await page.waitForLoadState("load");
  const before = await page.evaluate(() => ({ ran: window.ran }));
  assert.deepEqual(before.ran.filter((r) => !r.startsWith("allowed") && !r.startsWith("unknown")), ["inline-after"], "no held script ran");
  assert.ok(before.ran.includes("allowed.example.test/allowed.js"), "an allowed source is untouched");
  assert.ok(before.ran.includes("unknown.example.test/unknown.js"), "an unknown source is untouched");
  assert.equal(await page.evaluate(() => document.querySelector("iframe").getAttribute("src")), null, "the held frame has no address");
  const audit = await page.evaluate(() => consentAgent.audit().filter((r) => r.storage === "script" || r.storage === "frame"));
  assert.deepEqual(audit.map((r) => [r.storage, r.category, r.source, r.name]).sort(), [
    ["frame", "functional", "catalog", "https://www.youtube.com/embed/abc123"],
    ["script", "analytics", "site", "https://tracker.example.test/parser-1.js"],
    ["script", "analytics", "site", "https://tracker.example.test/parser-2.js"],
    ["script", "marketing", "catalog", "https://connect.facebook.net/en_US/fbevents.js"],
  ].sort());
  assert.equal(await page.evaluate(() => document.querySelectorAll("[data-consent-agent-placeholder]").length), 1, "the frame shows the gating placeholder");
  const fetchedBefore = { ...requests };

  await page.evaluate(() => consentAgent.acceptAll());
  await page.waitForFunction(() => window.ran.includes("tracker.example.test/parser-2.js"), null, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelector("iframe").src.includes("/embed/abc123"), null, { timeout: 5000 });
  const ran = await page.evaluate(() => window.ran.filter((r) => r.startsWith("tracker") || r.startsWith("connect")));
  assert.deepEqual(ran, ["tracker.example.test/parser-1.js", "connect.facebook.net/en_US/fbevents.js", "tracker.example.test/parser-2.js"], "once each, in document order");
  // Requests: the preload scanner may have fetched parser-inserted URLs it saw in the HTML before the
  // agent could act (reported per engine in BENCHMARKS.md); each is requested at most once more on grant.
  for (const key of ["tracker.example.test/parser-1.js", "tracker.example.test/parser-2.js", "connect.facebook.net/en_US/fbevents.js"]) {
    assert.ok(requests[key] >= 1 && requests[key] - (fetchedBefore[key] || 0) <= 1, `${key}: ${fetchedBefore[key] || 0} before, ${requests[key]} after`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("script-inserted scripts and frames from known sources are never requested before consent, in every insertion style", async () => {
  const page = await newPage(env);
  const requests = await routeThirdParty(page);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  await page.goto(`${env.http}/a/b/autoblock.html`);
  await page.waitForLoadState("load");
  for (const key of Object.keys(requests)) delete requests[key];
  await page.evaluate(() => {
    window.ran = [];
    const script = (path) => { const s = document.createElement("script"); s.src = "https://tracker.example.test/" + path; return s; };
    document.head.appendChild(script("append-child.js"));
    document.body.insertBefore(script("insert-before.js"), document.body.firstChild);
    document.body.append(script("append.js"));
    const placeholder = document.createElement("span");
    document.body.appendChild(placeholder);
    placeholder.replaceWith(script("replace-with.js"));
    const late = document.createElement("script");
    document.body.appendChild(late); // inserted without src ...
    late.src = "https://tracker.example.test/src-after.js"; // ... src set afterwards
    const attr = document.createElement("script");
    document.body.appendChild(attr);
    attr.setAttribute("src", "https://tracker.example.test/set-attribute.js");
    // A tag manager: a script that inserts another.
    const manager = document.createElement("script");
    manager.textContent = "var t = document.createElement('script'); t.src = 'https://connect.facebook.net/en_US/fbevents.js'; document.head.appendChild(t);";
    document.head.appendChild(manager);
    const frame = document.createElement("iframe");
    frame.src = "https://www.youtube.com/embed/inserted";
    document.body.appendChild(frame);
    document.body.insertAdjacentHTML("beforeend", '<iframe src="https://www.youtube.com/embed/html"></iframe>');
  });
  await page.waitForTimeout(500); // network events of anything that slipped through would be in by now
  assert.deepEqual(requests, {}, "nothing requested before consent");
  assert.deepEqual(await page.evaluate(() => window.ran), []);
  await page.evaluate(() => consentAgent.acceptAll());
  await page.waitForFunction(() => window.ran.length >= 7, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  const ran = await page.evaluate(() => window.ran.filter((r) => !r.includes("parser") && !r.startsWith("allowed") && !r.startsWith("unknown")));
  // fbevents.js twice: the page's own parser-inserted tag (held since load) and the tag manager's.
  assert.deepEqual(ran.sort(), ["connect.facebook.net/en_US/fbevents.js", "connect.facebook.net/en_US/fbevents.js", "tracker.example.test/append-child.js", "tracker.example.test/append.js",
    "tracker.example.test/insert-before.js", "tracker.example.test/replace-with.js", "tracker.example.test/set-attribute.js", "tracker.example.test/src-after.js"].sort());
  for (const [key, n] of Object.entries(requests)) {
    if (!key.includes("parser") && !key.includes("/embed/abc123")) assert.equal(n, key.startsWith("connect.") ? 2 : 1, `${key}: ${n} requests`);
  }
  assert.equal(requests["www.youtube.com/embed/inserted"], 1, "the inserted frame loads on grant");
  assert.equal(requests["www.youtube.com/embed/html"], 1, "the frame from markup loads on grant");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
