// Assembles dist/ from wasm-bindgen's output (node tools/bundle.mjs <bindgen dir> <dist dir>):
//   dist/consent-agent.js   the script-tag file, render-blocking: the traps,
//                           holding, the API and the loader (src/web/tag.js),
//                           minified; it fetches the two files below
//                           without blocking the page
//   dist/consent-agent.<hash10>.wasm   the module, under a name that changes
//                           with its bytes (cacheable for a year)
//   dist/consent-agent-engine.<hash10>.js   the engine's script: its start,
//                           wasm-bindgen's glue, the banner and dialog and
//                           the texts of one language (src/web/engine-file.js)
//   dist/consent-agent.<lang>.js   the tag whose engine's script carries
//                           another language's texts (one engine's script
//                           per language)
//   dist/consent-agent-i18n/<lang>.json   each language's texts, fetched
//                           when the page asks for one its files do not carry
//   dist/consent-agent.mjs  the ES module entry (async init) and dist/esm/ beside it
//
// The web layer is ES modules (src/web/*.js) bundled by esbuild from three
// entries: src/web/tag.js and src/web/engine-file.js (scripts, IIFEs) and
// src/web/module.js (the ES module, which imports esm/consent_agent.js at
// run time). Names made here, not read from src/web: `consent-agent:glue`
// (the hardened wasm-bindgen glue), `consent-agent:glue-builtins` (the
// built-ins the tag takes for that glue), `consent-agent:sources` (the
// catalog's script hosts), `./texts.js` (the languages one file carries)
// and, in benchmark builds, the parts stubbed out. In the engine's script,
// `./builtins.js` is builtins-handed.js (it runs after page scripts, so it
// is handed the tag's built-ins). terser then minifies (two passes: about
// 0.3 KB gzip smaller than esbuild's own).
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { minify } from "terser";
import { hardenGlue, GLUE_BUILTINS } from "./harden-glue.mjs";

const [bindgen, dist] = process.argv.slice(2);
const web = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "web");

// The glue's asynchronous initialiser (fetch, instantiateStreaming) is never
// used by the engine's script, which is handed the module the tag compiled
// (tag.js) and instantiates it with initSync:
// exporting only initSync lets the bundler drop it (about 0.5 KB gzip).
// wasm-bindgen is pinned (Cargo.toml), so the line is known; if it changes,
// the build stops here rather than ship the dead code silently.
const GLUE_EXPORT = "export { initSync, __wbg_init as default };";
const fullGlue = readFileSync(join(bindgen, "esm/consent_agent.js"), "utf8");
if (!fullGlue.includes(GLUE_EXPORT)) throw new Error("bundle.mjs: the wasm-bindgen glue changed; update GLUE_EXPORT");
// (The bundler drops __wbg_init's code, unreachable then; its import.meta,
// which a script cannot have, becomes a plain string first.)
const syncGlue = hardenGlue(fullGlue.replace(GLUE_EXPORT, "export { initSync };").split("import.meta.url").join('"."'), "esm", true);

// CONSENT_AGENT_NO_UI=1 leaves the UI out (ui-none.js), and
// CONSENT_AGENT_STUB="share.js …" replaces the named parts with do-nothing
// stand-ins (the benchmarks measure what each costs; such a build is not a
// working agent).
const noUi = !!process.env.CONSENT_AGENT_NO_UI;
const STUBS = {
  "signals.js": "export function consentSignals() { var f = function () {}; f.settle = f; return f; } export function earlySignals() { return null; }",
  "autoblock.js": "export function consentAutoBlock() { return { list: function () { return []; } }; }",
  "share.js": "export function consentShare() { return function () {}; }",
};
const stubbed = (process.env.CONSENT_AGENT_STUB || "").split(/\s+/).filter(Boolean);

// The texts (texts.js): one language per script-tag file, the others written
// as consent-agent-i18n/<lang>.json for the tags to fetch when a page asks.
const { CONSENT_TEXTS: TEXTS } = await import(join(web, "texts.js"));
const LANGUAGES = Object.keys(TEXTS);
const textsOf = (languages) =>
  `export var CONSENT_TEXTS = ${JSON.stringify(Object.fromEntries(languages.map((l) => [l, TEXTS[l]])))};\n` +
  `export var CONSENT_LANGUAGES = ${JSON.stringify(LANGUAGES)};\n`;
mkdirSync(join(dist, "consent-agent-i18n"), { recursive: true });
for (const language of LANGUAGES) {
  writeFileSync(join(dist, "consent-agent-i18n", `${language}.json`), JSON.stringify(TEXTS[language]) + "\n");
}

// The names this build makes (see the top of this file). `engineScript`:
// the engine's script's build (builtins-handed.js for builtins.js).
function made(language, engineScript) {
  const file = (contents) => ({ contents, loader: "js", resolveDir: web });
  return {
    name: "consent-agent",
    setup(b) {
      b.onResolve({ filter: /^consent-agent:(glue|glue-builtins|sources)$/ }, (args) => ({ path: args.path.slice(14), namespace: "made" }));
      b.onResolve({ filter: /^\.\/(builtins|texts|ui|ui-view|ui-texts|signals|autoblock|share)\.js$/ }, (args) => {
        const name = args.path.slice(2);
        if (name === "builtins.js") return engineScript ? { path: join(web, "builtins-handed.js") } : undefined;
        if (name === "texts.js") return { path: "texts", namespace: "made" };
        if (/^ui(-view|-texts)?\.js$/.test(name) && noUi) return { path: join(web, "ui-none.js") };
        if (stubbed.includes(name)) return { path: "stub:" + name, namespace: "made" };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "made" }, (args) => {
        if (args.path === "glue") return file(syncGlue);
        if (args.path === "glue-builtins") return file(GLUE_BUILTINS);
        if (args.path === "sources") return file(`export var SOURCE_PATTERNS = ${JSON.stringify(sourcePatterns())};`);
        if (args.path === "texts") return file(noUi ? textsOf([]) : textsOf([language]));
        return file(STUBS[args.path.slice(5)]);
      });
    },
  };
}
// The patterns of the catalog's `script` rows, space-separated (early-sources.js).
function sourcePatterns() {
  const catalog = process.env.CONSENT_AGENT_CATALOG || join(web, "..", "..", "catalog", "catalog.tsv");
  const hosts = new Set();
  for (const line of readFileSync(catalog, "utf8").split("\n").slice(1)) {
    const [pattern, storage] = line.split("\t");
    if (storage === "script" && pattern) hosts.add(pattern);
  }
  return [...hosts].join(" ");
}
async function bundle(entry, language, format, external = []) {
  const result = await build({
    entryPoints: [join(web, entry)], bundle: true, write: false, format, target: format === "esm" ? "es2020" : "es2019",
    plugins: [made(language, entry === "engine-file.js")], external, logLevel: "warning", legalComments: "none",
  });
  return result.outputFiles[0].text;
}

// The module under a name that changes with its bytes, so a server may
// let browsers cache it for a year; the tag knows the name.
const wasm = readFileSync(join(bindgen, "esm/consent_agent_bg.wasm"));
const moduleFile = `consent-agent.${createHash("sha256").update(wasm).digest("hex").slice(0, 10)}.wasm`;
writeFileSync(join(dist, moduleFile), wasm);
const banner = "/*! consent-agent | MIT OR Apache-2.0 | catalog data includes the Open Cookie Database (Apache-2.0), see NOTICE */\n";
// CONSENT_AGENT_NO_MINIFY=1: readable, for profiling (not a shipped build).
const minified = (source, defs) => minify(source, process.env.CONSENT_AGENT_NO_MINIFY
  ? { compress: { defaults: false, global_defs: defs }, mangle: false, format: { beautify: true } }
  : { compress: { passes: 2, global_defs: defs }, mangle: true, format: { comments: false } });
// Per language: the engine's script, under a name that changes with its
// bytes, and the script tag that requests it (consent-agent.js: English;
// consent-agent.<lang>.js). The tag itself carries no texts.
const tagSource = await bundle("tag.js", "en", "iife");
for (const language of noUi ? ["en"] : LANGUAGES) {
  const { code: engineCode } = await minified(await bundle("engine-file.js", language, "iife"), {});
  const engineText = banner + engineCode + "\n";
  const engineScript = `consent-agent-engine.${createHash("sha256").update(engineText).digest("hex").slice(0, 10)}.js`;
  writeFileSync(join(dist, engineScript), engineText, "utf8");
  const { code } = await minified(tagSource, { MODULE_FILE: moduleFile, ENGINE_SCRIPT: engineScript });
  const file = language === "en" ? "consent-agent.js" : `consent-agent.${language}.js`;
  writeFileSync(join(dist, file), banner + code + "\n", "utf8");
}

writeFileSync(join(dist, "esm/consent_agent.js"), hardenGlue(fullGlue, "esm"));
copyFileSync(join(bindgen, "esm/consent_agent_bg.wasm"), join(dist, "esm/consent_agent_bg.wasm"));
// The ES module carries English too, and fetches another built-in language
// from consent-agent-i18n/ beside it, as the script tag does.
writeFileSync(join(dist, "consent-agent.mjs"), await bundle("module.js", "en", "esm", ["./esm/consent_agent.js"]));
