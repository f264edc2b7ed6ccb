// The tag holds script and frame sources before its engine is ready by the
// catalog's `script` patterns (src/web/early-sources.js, bundled with the
// patterns by tools/bundle.mjs). Checked here, without a browser: every
// row's pattern holds a URL it names (its `*` filled in, with a scheme, a
// port, a query), hosts and paths it does not name are not held, and the
// page's config adds (rules[].scripts), exempts (autoBlock.allow) or turns
// it off (autoBlock: false).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const rows = readFileSync(join(ROOT, "catalog/catalog.tsv"), "utf8").split("\n").slice(1)
  .map((line) => line.split("\t")).filter((f) => f[1] === "script").map((f) => f[0]);

async function earlySources() {
  const out = await build({
    entryPoints: [join(ROOT, "src/web/early-sources.js")], bundle: true, write: false, format: "esm", logLevel: "silent",
    plugins: [{
      name: "patterns",
      setup(b) {
        b.onResolve({ filter: /^consent-agent:sources$/ }, () => ({ path: "sources", namespace: "made" }));
        b.onLoad({ filter: /.*/, namespace: "made" }, () => ({ contents: `export var SOURCE_PATTERNS = ${JSON.stringify(rows.join(" "))};`, loader: "js" }));
      },
    }],
  });
  return import("data:text/javascript," + encodeURIComponent(out.outputFiles[0].text));
}

// A URL the pattern names: `*.` becomes a subdomain, every other `*` some text.
const sample = (pattern) => "https://" + pattern.replace(/^\*\./, "cdn.").replace(/\*/g, "x1") + (pattern.includes("/") ? "" : "/tag.js") + "?v=1#f";

test("every catalog script row holds what it names, and nothing else on the same hosts is invented", async () => {
  assert.ok(rows.length >= 150, `${rows.length} script rows`);
  const { earlySources: make } = await earlySources();
  const classify = make(null);
  for (const pattern of rows) assert.equal(classify(sample(pattern)), "? early", pattern);
  assert.equal(classify("https://www.shop.example.test/assets/app.js"), "", "the site's own scripts run");
  assert.equal(classify("https://www.google.com/search"), "", "a path no row names");
  assert.equal(classify("not a url"), "");
  assert.equal(classify("https://WWW.GOOGLETAGMANAGER.COM:443/gtm.js?id=GTM-X"), "? early", "host case and port ignored");
});

test("the page's config adds, exempts and turns off holding before the engine is ready", async () => {
  const { earlySources: make } = await earlySources();
  const site = make({ rules: [{ category: "marketing", scripts: ["https://ads.shop.example.test/pixel/*", "*.tracker.test"] }], autoBlock: { allow: ["www.googletagmanager.com"] } });
  assert.equal(site("https://ads.shop.example.test/pixel/a.js"), "? early");
  assert.equal(site("https://ads.shop.example.test/other.js"), "", "the rule's path only");
  assert.equal(site("https://a.b.tracker.test/x.js"), "? early");
  assert.equal(site("https://tracker.test/x.js"), "? early", "*.domain includes the domain");
  assert.equal(site("https://www.googletagmanager.com/gtm.js"), "", "allowed by the site");
  const off = make({ autoBlock: false });
  assert.equal(off("https://www.googletagmanager.com/gtm.js"), "");
});
