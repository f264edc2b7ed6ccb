// consent-agent's script tag, the entry tools/bundle.mjs bundles into
// dist/consent-agent.js: instantiates the module inlined as WASM_BYTES
// synchronously, so the first sweep is done before the next script on the
// page runs, then publishes window.consentAgent. A second copy of the tag on
// the page does nothing; a name some other script took first is replaced,
// because a page without enforcement is the worse failure.
import * as wasm from "consent-agent:glue";
import { startAgent, publishAgent } from "./agent.js";

var running = window.consentAgent;
if (running && typeof running.sweep === "function") {
  console.warn("consent-agent: the tag is on this page more than once; only the first copy runs");
} else {
  if (running) console.error("consent-agent: window.consentAgent was defined by another script; the agent replaces it");
  try {
    // WASM_BYTES is a binary string: each character code is one byte.
    var bytes = new Uint8Array(WASM_BYTES.length);
    for (var i = 0; i < bytes.length; i++) bytes[i] = WASM_BYTES.charCodeAt(i);
    if (bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
      throw new Error("the file was not decoded as UTF-8 (was it re-encoded by a server?)");
    }
    wasm.initSync({ module: bytes });
    var script = document.currentScript;
    publishAgent(Object.freeze(startAgent(wasm, { script: script })));
    dispatchEvent(new CustomEvent("consentagent:ready", { detail: window.consentAgent.consent() }));
    warnSetupMistakes(script);
  } catch (error) {
    var hint = error instanceof WebAssembly.CompileError ? " (does the Content-Security-Policy allow 'wasm-unsafe-eval'?)" : "";
    console.error("consent-agent: could not start" + hint, error);
  }
}

// The commonest setup mistakes, said once each in the console: scripts
// loaded before the tag (a tag manager first) ran before its traps, so what
// they stored was swept but what they read or sent was not held; a tag that
// is async, deferred or inserted by a script; a config element after the
// tag, which the tag could not read.
function warnSetupMistakes(script) {
  if (!script) return;
  var all = document.scripts, earlier = [], config = "consent-agent-config";
  for (var i = 0; i < all.length && all[i] !== script; i++) {
    if (all[i].src && /^$|script|module/i.test(all[i].type)) earlier.push(all[i].src);
  }
  if (earlier.length) console.warn("consent-agent: " + earlier.length + " script(s) ran before it, first " + earlier[0] + "; put its tag first in <head>");
  // A tag manager inserts scripts async: they run whenever they arrive.
  if (script.async || script.defer) console.warn("consent-agent: its tag is async, deferred or inserted by a script, so other scripts may run first; put a plain tag first in <head>");
  if (!document.getElementById(config) && !script.hasAttribute("data-config")) {
    document.addEventListener("DOMContentLoaded", function () {
      if (document.getElementById(config)) console.error("consent-agent: #" + config + " comes after its tag and was not read (the defaults apply); put it before the tag");
    });
  }
}
