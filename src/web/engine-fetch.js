// consent-agent: the tag's side of the engine's script,
// consent-agent-engine.<hash>.js beside the tag (ENGINE_SCRIPT, named by
// the build, cacheable for a year): the engine's start, its glue and the
// banner and dialog, which the render-blocking tag does not carry (they
// are needed only once the module is there). The tag requests the file as
// it starts, in parallel with the module, with its own nonce.
//
// The handover: the file, as the first thing it runs (engine-handshake.js),
// reads window.consentAgentEngine, a getter defined here that answers only
// once, and only while that very element runs (document.currentScript,
// read through the getter taken here): no page script can hand over
// another start or receive the agent's kit. The answer is a function the
// file calls with its startEngine (engine-file.js). If the file cannot be
// loaded, the engine cannot start: writes stay held, nothing is granted
// (only required categories), and the console says why.

import { applyFunction } from "./builtins.js";

var currentScript = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get;

// Inserts the engine's script element beside the tag `tag`; take(start)
// once the file hands its start over.
export function requestEngineScript(tag, take) {
  var element = document.createElement("script"), url = ENGINE_SCRIPT, asked = false, taken = false;
  try {
    url = new URL(ENGINE_SCRIPT, tag && tag.src ? tag.src : location.href).href;
  } catch (error) {
    // a page whose URL the browser cannot parse: relative to the page
  }
  function failed(why, error) {
    console.error("consent-agent: " + why + ", so the engine cannot start: writes stay held and only required categories are allowed", error || "");
  }
  try {
    Object.defineProperty(window, "consentAgentEngine", {
      configurable: false,
      enumerable: false,
      get: function () {
        if (asked || applyFunction(currentScript, document, []) !== element) return undefined;
        asked = true;
        return function (start) {
          if (taken || typeof start !== "function") return;
          taken = true;
          take(start);
        };
      },
    });
  } catch (error) {
    return failed("window.consentAgentEngine was taken by another script", error);
  }
  element.addEventListener("error", function () {
    failed("could not load " + url);
  });
  try {
    if (tag && tag.nonce) element.nonce = tag.nonce;
    element.src = url;
    (document.head || document.documentElement).appendChild(element);
  } catch (error) {
    // (a page that enforces Trusted Types refuses a plain URL here)
    failed("could not request " + url, error);
  }
}
