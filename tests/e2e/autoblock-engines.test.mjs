// Auto-blocking's insertion paths in Chromium, Firefox ESR and WebKitGTK,
// through the engine-neutral harness (tests/support/engines.mjs). The
// "third party" is http://tracker.localhost:<port> (loopback in every
// engine, served by the test server), held by a site rule; requests are
// counted by the server from the Host header, and a script that runs
// records itself in window.ran (tests/pages/a/b/ran.js). Paths: document.write
// while parsing, appendChild, Range.insertNode, createContextualFragment,
// setAttributeNS, setAttributeNode, attributes.setNamedItem, an SVG
// <script href>, a site-tagged runnable script. Chromium's own test
// (autoblock-paths.test.mjs) covers more paths and frames.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ENGINES, HOST, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";

let server;
let origin;
const requests = [];
before(async () => {
  server = await serve({ onRequest: (req) => { if (/^tracker\.localhost/.test(req.headers.host || "")) requests.push(req.url); } });
  origin = `http://${HOST}:${server.port}`;
});
after(async () => {
  await server?.close();
});

const LIMIT = { timeout: 90000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PATHS = ["written", "append-child", "range-insert", "contextual", "set-attribute-ns", "set-attribute-node", "set-named-item", "svg", "tagged"];

for (const engine of ENGINES) {
  test(`${engine}: scripts from a held source are never requested before consent on any insertion path, and run once on grant`, LIMIT, async () => {
    const b = await launch(engine);
    try {
      requests.length = 0;
      await b.goto(`${origin}/a/b/autoblock-engines.html`);
      await b.evaluate(() => {
        const T = `http://tracker.localhost:${location.port}/a/b/ran.js?`, SVG = "http://www.w3.org/2000/svg";
        const script = (name) => { const s = document.createElement("script"); s.src = T + name; return s; };
        const connected = () => document.body.appendChild(document.createElement("script"));
        document.body.appendChild(script("append-child"));
        const range = document.createRange();
        range.selectNodeContents(document.body);
        range.insertNode(script("range-insert"));
        document.body.appendChild(document.createRange().createContextualFragment(`<script src="${T}contextual"><\/script>`));
        connected().setAttributeNS(null, "src", T + "set-attribute-ns");
        const node = document.createAttribute("src");
        node.value = T + "set-attribute-node";
        connected().setAttributeNode(node);
        const named = document.createAttribute("src");
        named.value = T + "set-named-item";
        connected().attributes.setNamedItem(named);
        const svg = document.body.appendChild(document.createElementNS(SVG, "svg"));
        const svgScript = document.createElementNS(SVG, "script");
        svgScript.setAttribute("href", T + "svg");
        svg.appendChild(svgScript);
        const tagged = script("tagged");
        tagged.setAttribute("data-consent-category", "analytics");
        document.body.appendChild(tagged);
      });
      await sleep(700);
      assert.deepEqual(requests, [], "nothing requested from the held source before consent");
      assert.deepEqual(await b.evaluate(() => window.ran), ["svg-same-origin-untouched"], "only the same-origin script ran");
      await b.activate(); // the visitor interacts: the grant below is theirs
      await b.evaluate(() => consentAgent.acceptAll());
      const end = Date.now() + 5000;
      let ran = [];
      while (Date.now() < end && ran.length < PATHS.length + 1) {
        ran = await b.evaluate(() => window.ran);
        await sleep(50);
      }
      await sleep(300);
      ran = await b.evaluate(() => window.ran);
      assert.deepEqual(ran.filter((r) => r !== "svg-same-origin-untouched").sort(), PATHS.slice().sort(), "each runs once on grant");
      assert.equal(requests.length, PATHS.length, "the server saw each request once, after the grant");
    } finally {
      await b.close();
    }
  });
}
