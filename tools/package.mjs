// Assembles the npm package from a built dist/ (node tools/package.mjs <dist dir>),
// called by build.sh after bundle.mjs and the declaration file:
//
//   <dist>/npm/package.json          name consent-agent, version from Cargo.toml, exports map
//   <dist>/npm/consent-agent.mjs     the ES module entry (`import init from "consent-agent"`)
//   <dist>/npm/esm/                  the wasm-bindgen glue and module it imports
//   <dist>/npm/consent-agent.js      the script-tag file (`consent-agent/script`), and
//                                    its module and engine's script beside it
//   <dist>/npm/consent-agent-declaration.json   the declaration file, where consent-agent.mjs
//                                    looks by default; also exported as `consent-agent/declaration.json`
//                                    (one file, not two copies: it is 290 KB, 37 KB gzip)
//   <dist>/npm/schema.json           the config schema (`consent-agent/schema.json`)
//   <dist>/npm/consent-agent.d.ts    the hand-written types (src/web/consent-agent.d.ts)
//   <dist>/npm/script.d.ts           types for `import "consent-agent/script"` (the global)
//   <dist>/npm/NOTICE, README.md
//
// `npm pack` in <dist>/npm gives the tarball a site installs; the package
// has no dependencies, so it installs offline (tests/e2e/package.test.mjs).
import { readFileSync, readdirSync, writeFileSync, copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [dist = "dist"] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(dist, "npm");

// Name, version and description from Cargo.toml's [package] table: one
// version for the crate, the command-line tool and the package.
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const table = cargo.match(/^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m);
const field = (name) => {
  const found = table && table[1].match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"));
  if (!found) throw new Error(`package.mjs: no ${name} in Cargo.toml's [package]`);
  return found[1];
};
const version = field("version");
const license = field("license");

const SCHEMA_FALLBACK = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" };

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The script-tag files: consent-agent.js (English) and one per other language.
// Beside them, what they load: the engine and the banner and dialog.
const tags = readdirSync(dist).filter((f) => /^consent-agent(\.[a-z]{2}\.js|\.js|\.[0-9a-f]{10}\.wasm|-engine\.[0-9a-f]{10}\.js)$/.test(f));
for (const file of ["consent-agent.mjs", "consent-agent-declaration.json", ...tags]) {
  copyFileSync(join(dist, file), join(out, file));
}
cpSync(join(dist, "esm"), join(out, "esm"), { recursive: true });
if (existsSync(join(dist, "consent-agent-i18n"))) {
  cpSync(join(dist, "consent-agent-i18n"), join(out, "consent-agent-i18n"), { recursive: true });
}
const schema = join(dist, "consent-agent.schema.json");
if (existsSync(schema)) {
  copyFileSync(schema, join(out, "schema.json"));
} else {
  console.warn(`package.mjs: warning: ${schema} does not exist (yet); the package gets a placeholder schema.json`);
  writeFileSync(join(out, "schema.json"), JSON.stringify(SCHEMA_FALLBACK, null, 2) + "\n");
}
copyFileSync(join(root, "src", "web", "consent-agent.d.ts"), join(out, "consent-agent.d.ts"));
writeFileSync(join(out, "script.d.ts"),
  "// `import \"consent-agent/script\"` runs the script-tag file, which publishes window.consentAgent.\n" +
  "/// <reference path=\"./consent-agent.d.ts\" />\nexport {};\n");
copyFileSync(join(root, "NOTICE"), join(out, "NOTICE"));

const manifest = {
  name: "consent-agent",
  version,
  description: "Enforces a visitor's cookie choice in the browser: deletes and blocks cookies, localStorage and sessionStorage " +
    "entries of refused categories, holds scripts until consent, with a banner, Google Consent Mode v2 and a cookie declaration. " +
    "Rust compiled to WebAssembly.",
  license,
  type: "module",
  keywords: ["consent", "cookies", "gdpr", "cookie-banner", "consent-mode", "localstorage", "webassembly"],
  exports: {
    ".": { types: "./consent-agent.d.ts", import: "./consent-agent.mjs", default: "./consent-agent.mjs" },
    "./script": { types: "./script.d.ts", default: "./consent-agent.js" },
    "./script/*": { types: "./script.d.ts", default: "./consent-agent.*.js" },
    "./declaration.json": "./consent-agent-declaration.json",
    "./schema.json": "./schema.json",
    "./package.json": "./package.json",
  },
  types: "./consent-agent.d.ts",
  files: [
    "consent-agent.mjs",
    "esm/",
    "consent-agent.js",
    "consent-agent.*.js",
    "consent-agent-i18n/",
    "consent-agent-declaration.json",
    "schema.json",
    "consent-agent.d.ts",
    "script.d.ts",
    "NOTICE",
    "README.md",
  ],
  sideEffects: ["./consent-agent.js", "./consent-agent.*.js"],
};
writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

writeFileSync(join(out, "README.md"), `# consent-agent ${version}

Enforces a visitor's cookie choice in the browser. The agent knows which
consent category each cookie, \`localStorage\` and \`sessionStorage\` entry
belongs to and removes every entry outside the categories the visitor
granted: at load, when the choice changes, and whenever a script writes one
later. It also holds scripts and frames until their category is granted,
shows an accessible banner and preferences dialog (or none, for sites with
their own), and speaks Google Consent Mode v2, Microsoft UET and Clarity
consent. The engine is Rust compiled to WebAssembly.

## Install

\`\`\`sh
npm install consent-agent          # or a tarball: npm install ./consent-agent-${version}.tgz
\`\`\`

The package has no dependencies.

## With a script tag

Serve \`node_modules/consent-agent/consent-agent.js\` with the files beside
it (the module \`consent-agent.<hash>.wasm\` and the engine's script
\`consent-agent-engine.<hash>.js\`, which the tag fetches without blocking
the page, and \`consent-agent-declaration.json\`), and put the tag first in
\`<head>\`, after the configuration:

\`\`\`html
<script id="consent-agent-config" type="application/json">
{ "categories": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }],
  "rules": [{ "category": "analytics", "cookies": ["_ga", "_ga_*"] }] }
</script>
<script src="/consent-agent.js"></script>
\`\`\`

or \`<script src="/consent-agent.js" data-config="/consent.json"></script>\`.
The file is also exported as \`consent-agent/script\`. The page's
Content-Security-Policy must allow \`'wasm-unsafe-eval'\`.

## As an ES module

\`\`\`ts
import init from "consent-agent";

const agent = await init({
  config: { rules: [{ category: "analytics", cookies: ["_ga", "_ga_*"] }] },
  // Once bundled, say where the package's files are served:
  module: "/assets/consent-agent/esm/consent_agent_bg.wasm",
  declaration: "/assets/consent-agent/consent-agent-declaration.json",
  texts: "/assets/consent-agent/consent-agent-i18n/{lang}.json",
});
agent.rejectAll();
addEventListener("consentagent:change", (event) => console.log(event.detail.categories));
\`\`\`

\`init()\` loads the WebAssembly module asynchronously; by default it looks
for \`esm/consent_agent_bg.wasm\`, \`consent-agent-declaration.json\` and
(for a built-in language other than English) \`consent-agent-i18n/\`
beside the module file, which a bundler usually moves: copy them to your
site and pass their URLs as \`module\`, \`declaration\` and \`texts\`. The
resolved object is also \`window.consentAgent\`.

## Types

\`consent-agent.d.ts\` types \`init()\`, its options, every API call, the full
configuration (\`ConsentAgentConfig\`), the events' \`detail\`
(\`consentagent:ready\`, \`consentagent:change\`, \`consentagent:sweep\` on
\`window\`) and \`window.consentAgent\`. It needs the \`dom\` lib.

\`\`\`ts
import type { ConsentAgentConfig, Consent, SweepReport } from "consent-agent";
\`\`\`

## Configuration schema

\`consent-agent/schema.json\` is a JSON Schema of the configuration; point a
config file at it for completion and checks in your editor:

\`\`\`json
{ "$schema": "./node_modules/consent-agent/schema.json", "revision": 1 }
\`\`\`

\`consent-agent/declaration.json\` is the built-in catalog's providers,
retentions and purposes (the agent fetches it when a page shows the cookie
declaration).

## Licence

${license}. The catalog includes data derived from the Open Cookie Database
(Apache-2.0) and CookieBlock (MIT): see NOTICE.
`);
console.log(`package.mjs: ${out} (consent-agent ${version})`);
