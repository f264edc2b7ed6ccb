// consent-agent as an ES module, for bundlers (bundle.mjs puts agent.js
// above this): `import init from "consent-agent"; const agent = await init({ config });`
// The module file (esm/consent_agent_bg.wasm) is fetched next to this file
// and compiled asynchronously; the API is the same object as on
// window.consentAgent. Options: `config` (an object; else the page's
// #consent-agent-config element), `module` (where the .wasm is),
// `declaration` (where consent-agent-declaration.json is; default: beside
// this file).
import load, * as wasm from "./esm/consent_agent.js";

export default async function init(options = {}) {
  if (window.consentAgent) return window.consentAgent;
  await load(options.module ? { module_or_path: options.module } : undefined);
  window.consentAgent = Object.freeze(startAgent(wasm, {
    config: options.config,
    script: null,
    declaration: String(options.declaration || new URL("./consent-agent-declaration.json", import.meta.url)),
  }));
  dispatchEvent(new CustomEvent("consentagent:ready", { detail: window.consentAgent.consent() }));
  return window.consentAgent;
}
