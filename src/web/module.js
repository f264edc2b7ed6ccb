// consent-agent as an ES module, for bundlers (tools/bundle.mjs bundles it
// into dist/consent-agent.mjs, importing esm/consent_agent.js beside it): `import init from "consent-agent"; const agent = await init({ config });`
// The module file (esm/consent_agent_bg.wasm) is fetched next to this file
// and compiled asynchronously; the API is the same object as on
// window.consentAgent. Options: `config` (an object; else the page's
// #consent-agent-config element), `module` (where the .wasm is),
// `declaration` (where consent-agent-declaration.json is; default: beside
// this file), `texts` (where a built-in language other than English is,
// `{lang}` standing for its code; default:
// consent-agent-i18n/{lang}.json beside this file).
import load, * as wasm from "./esm/consent_agent.js";
import { startAgent } from "./agent.js";
import { startEngine } from "./engine-start.js";
import { publishAgent } from "./boundary.js";

// One agent per page: calls while it starts share its promise, and a page
// that already runs one (the script tag, or an earlier init) gets that one.
var starting = null;

export default function init(options = {}) {
  var running = window.consentAgent;
  if (running && typeof running.sweep === "function") return Promise.resolve(running);
  if (!starting) {
    starting = start(options).catch(function (error) {
      starting = null; // a failed start may be tried again
      throw error;
    });
  }
  return starting;
}

async function start(options) {
  if (window.consentAgent) console.error("consent-agent: window.consentAgent was defined by another script; the agent replaces it");
  await load(options.module ? { module_or_path: options.module } : undefined);
  var kit = startAgent({
    config: options.config,
    script: null,
    declaration: String(options.declaration || new URL("./consent-agent-declaration.json", import.meta.url)),
    // Not through URL: it would escape the braces of {lang}.
    texts: String(options.texts || new URL("./consent-agent-i18n/", import.meta.url).href + "{lang}.json"),
  });
  publishAgent(Object.freeze(kit.api));
  return new Promise(function (resolve) {
    if (kit.broken) return; // said in the console (agent.js)
    startEngine(kit, wasm, function () {
      dispatchEvent(new CustomEvent("consentagent:ready", { detail: window.consentAgent.consent() }));
      resolve(window.consentAgent);
    });
  });
}
