// consent-agent as an ES module, for bundlers: `import init from
// "consent-agent"; const agent = await init({ config });`. The module file
// (consent_agent_bg.wasm) is fetched next to this file and compiled
// asynchronously; the API is the same object as window.consentAgent.
import load, * as wasm from "./esm/consent_agent.js";

const NAMES = ["consent", "accepted", "acceptAll", "rejectAll", "accept", "reset", "sweep", "classify", "audit", "declaration"];

export default async function init(options = {}) {
  if (window.consentAgent) return window.consentAgent;
  await load(options.module ? { module_or_path: options.module } : undefined);
  wasm.start(options);
  const api = {};
  for (const name of NAMES) api[name] = wasm[name];
  window.consentAgent = Object.freeze(api);
  dispatchEvent(new CustomEvent("consentagent:ready", { detail: api.consent() }));
  return window.consentAgent;
}
