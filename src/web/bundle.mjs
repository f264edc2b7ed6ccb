// Assembles dist/ from wasm-bindgen's output (node src/web/bundle.mjs <bindgen dir> <dist dir>):
//   dist/consent-agent.js   the script-tag file: glue + loader, minified, with
//                           the module inlined so it starts synchronously;
//                           English texts only (src/web/texts.js)
//   dist/consent-agent.<lang>.js   the same with another language's texts
//   dist/consent-agent-i18n/<lang>.json   each language's texts, fetched by a
//                           tag when the page asks for one it does not carry
//
// How the module is inlined: as a string literal whose character codes are
// the module's bytes (a "binary string"), saved as UTF-8 with a byte-order
// mark. Gzip keeps almost all its compression on that (measured: +3% over
// the bare module), where base64 breaks byte alignment and costs about +30%.
// The BOM makes browsers decode the file as UTF-8 whatever the page's
// encoding; the loader checks the module's magic bytes anyway. NUL bytes
// (a fifth of the module: zero immediates and padding) stay raw, as
// U+0000, which a string literal may hold: written as \x00 they cost
// about 1.3 KB gzip more.
//   dist/consent-agent.mjs  the ES module entry (async init) and dist/esm/ beside it
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";
import { hardenGlue } from "../../tools/harden-glue.mjs";

const [bindgen, dist] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));

// The glue's asynchronous initialiser (fetch, instantiateStreaming) is never
// used by the script-tag file, which starts synchronously with initSync:
// publishing only initSync lets the minifier drop it (about 0.5 KB gzip).
// wasm-bindgen is pinned (Cargo.toml), so the line is known; if it changes,
// the build stops here rather than ship the dead code silently.
const GLUE_EXPORT = "return Object.assign(__wbg_init, { initSync }, exports);";
const fullGlue = readFileSync(join(bindgen, "classic/consent_agent.js"), "utf8");
if (!fullGlue.includes(GLUE_EXPORT)) throw new Error("bundle.mjs: the wasm-bindgen glue changed; update GLUE_EXPORT");
const glue = hardenGlue(fullGlue.replace(GLUE_EXPORT, "return Object.assign({ initSync }, exports);"), "classic");
const loader = readFileSync(join(here, "loader.js"), "utf8");
// The web layer: agent.js calls ui-start.js, guard.js, signals.js, autoblock.js, share.js, declare.js, gate.js and ui.js, all in one function scope.
// CONSENT_AGENT_NO_UI=1 leaves the UI out, and CONSENT_AGENT_STUB="share.js …"
// replaces the named parts with do-nothing stand-ins (the benchmarks measure
// what each costs; such a build is not a working agent).
const noUi = !!process.env.CONSENT_AGENT_NO_UI;
const parts = ["agent.js", "ui-start.js", "guard.js", "signals.js", "autoblock.js", "share.js", "declare.js", "gate.js", noUi ? "ui-none.js" : "ui.js"];
const STUBS = {
  "signals.js": "function consentSignals() { return function () {}; }",
  "autoblock.js": "function consentAutoBlock() { return { list: function () { return []; } }; }",
  "share.js": "function consentShare() { return function () {}; }",
};
const stubbed = (process.env.CONSENT_AGENT_STUB || "").split(/\s+/).filter(Boolean);
const agent = parts.map((file) => (stubbed.includes(file) ? STUBS[file] : readFileSync(join(here, file), "utf8"))).join("\n");
// The texts (texts.js): every language in the ES module; one per script-tag
// file, the others written as consent-agent-i18n/<lang>.json for the tags
// to fetch when a page asks for them.
const textsSource = readFileSync(join(here, "texts.js"), "utf8");
const TEXTS = new Function(`${textsSource}; return CONSENT_TEXTS;`)();
const LANGUAGES = Object.keys(TEXTS);
const textsOf = (languages) =>
  `var CONSENT_TEXTS = ${JSON.stringify(Object.fromEntries(languages.map((l) => [l, TEXTS[l]])))};\n` +
  `var CONSENT_LANGUAGES = ${JSON.stringify(LANGUAGES)};\n`;
mkdirSync(join(dist, "consent-agent-i18n"), { recursive: true });
for (const language of LANGUAGES) {
  writeFileSync(join(dist, "consent-agent-i18n", `${language}.json`), JSON.stringify(TEXTS[language]) + "\n");
}
const wasm = readFileSync(join(bindgen, "classic/consent_agent_bg.wasm"));
const banner = "/*! consent-agent | MIT OR Apache-2.0 | catalog data includes the Open Cookie Database (Apache-2.0), see NOTICE */\n";
let literal = "";
for (const byte of wasm) {
  if (byte === 0x5c) literal += "\\\\";
  else if (byte === 0x22) literal += '\\"';
  else if (byte === 0x0a) literal += "\\n";
  else if (byte === 0x0d) literal += "\\r";
  else literal += String.fromCharCode(byte);
}
// One script-tag file per language: consent-agent.js (English) and
// consent-agent.<lang>.js. WASM_BYTES stays a free variable for the
// minifier (so it cannot fold the string's length into a constant) and is
// bound by the outer wrapper.
for (const language of noUi ? ["en"] : LANGUAGES) {
  const texts = noUi ? "" : textsOf([language]);
  const source = `(function () {\n"use strict";\n${glue}\n${texts}${agent}\n${loader}\n})();\n`;
  const { code } = await minify(source, { compress: { passes: 2 }, mangle: true, format: { comments: false } });
  const file = language === "en" ? "consent-agent.js" : `consent-agent.${language}.js`;
  writeFileSync(join(dist, file), "\ufeff" + banner + "(function(WASM_BYTES){" + code + '})("' + literal + '");\n', "utf8");
}

writeFileSync(join(dist, "esm/consent_agent.js"), hardenGlue(readFileSync(join(bindgen, "esm/consent_agent.js"), "utf8"), "esm"));
copyFileSync(join(bindgen, "esm/consent_agent_bg.wasm"), join(dist, "esm/consent_agent_bg.wasm"));
const moduleSource = readFileSync(join(here, "module.js"), "utf8");
const imports = moduleSource.match(/^import .*$/m)[0];
// The ES module carries English too, and fetches another built-in language
// from consent-agent-i18n/ beside it, as the script tag does.
writeFileSync(join(dist, "consent-agent.mjs"), imports + "\n" + (noUi ? "" : textsOf(["en"])) + agent + "\n" + moduleSource.replace(imports, ""));
