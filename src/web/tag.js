// consent-agent's script tag, the entry tools/bundle.mjs bundles into
// dist/consent-agent.js. It runs before the next script on the page: it
// traps every write path, holds known tracker sources and publishes
// window.consentAgent (agent.js), and starts fetching, without blocking
// the page, the engine: the WebAssembly module beside it under a versioned
// name (MODULE_FILE, set by the build) and the engine's script
// (engine-fetch.js: its start, glue, banner and dialog). The module is
// compiled off the main thread where the browser can
// (WebAssembly.compileStreaming, when the server sends application/wasm;
// else from the downloaded bytes), and the engine starts when both are
// there; writes made meanwhile are held (early.js). A second copy of the
// tag on the page does nothing; a name some other script took first is
// replaced, because a page without enforcement is the worse failure.
import { GLUE_BUILTINS } from "consent-agent:glue-builtins";
import { startAgent } from "./agent.js";
import { publishAgent } from "./boundary.js";
import { requestEngineScript } from "./engine-fetch.js";
import { applyFunction } from "./builtins.js";

// Taken before any later page script could replace them.
var fetchFile = window.fetch, compileBytes = WebAssembly.compile, compileStream = WebAssembly.compileStreaming;
var timing = window.performance, entriesByName = timing && timing.getEntriesByName;

var running = window.consentAgent;
if (running && typeof running.sweep === "function") {
  console.warn("consent-agent: the tag is on this page more than once; only the first copy runs");
} else {
  if (running) console.error("consent-agent: window.consentAgent was defined by another script; the agent replaces it");
  var script = document.currentScript;
  try {
    var kit = startAgent({ script: script });
    kit.glueBuiltins = GLUE_BUILTINS;
    publishAgent(Object.freeze(kit.api));
    warnSetupMistakes(script);
    if (!kit.broken) {
      // The engine starts once both the module and its script are there.
      // The script is told at once when it arrives (it may show the banner
      // then: ui-early.js) unless the module's bytes are all there already
      // (the HTTP cache, on a later page view), which makes the engine
      // only a compile away: the first sweep comes first then.
      var module = null, engine = null, address = moduleUrl(script);
      compile(address).then(function (compiled) {
        mark("consent-agent:compiled");
        module = compiled;
        begin();
      }, function (error) {
        var hint = error instanceof WebAssembly.CompileError ? " (does the Content-Security-Policy allow 'wasm-unsafe-eval'?)" : "";
        console.error("consent-agent: could not start; writes stay held" + hint, error);
      });
      requestEngineScript(script, function (handed) {
        mark("consent-agent:engine-script");
        engine = handed;
        if (!module && !downloaded(address)) engine(kit, null);
        begin();
      });
    }
  } catch (error) {
    console.error("consent-agent: could not start", error);
  }
}

// The engine's start, once (the module and the engine's script are there).
function begin() {
  if (!module || !engine) return;
  var start = engine;
  engine = null;
  try {
    start(kit, module, function () {
      mark("consent-agent:ready");
      dispatchEvent(new CustomEvent("consentagent:ready", { detail: window.consentAgent.consent() }));
    });
  } catch (error) {
    console.error("consent-agent: could not start; writes stay held", error);
  }
}

// Whether the file at `url` has been received whole (Resource Timing adds
// its entry then); false where the browser cannot say.
function downloaded(url) {
  try {
    return applyFunction(entriesByName, timing, [url]).length > 0;
  } catch (error) {
    return false;
  }
}

// Where the start's time goes, for the benchmarks (performance marks).
function mark(name) {
  if (window.performance && typeof performance.mark === "function") performance.mark(name);
}

// The module beside the tag (data-engine on the tag names another place).
function moduleUrl(tag) {
  var given = tag && tag.getAttribute("data-engine");
  try {
    return new URL(given || MODULE_FILE, tag && tag.src ? tag.src : location.href).href;
  } catch (error) {
    return MODULE_FILE;
  }
}

// Streaming compile when the answer is application/wasm; else (a server
// that sends another type) compiled from its bytes, also off the main thread.
function compile(url) {
  var answer = Reflect.apply(fetchFile, window, [url, { credentials: "same-origin" }]).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + ": HTTP status " + response.status);
    return response;
  });
  var bytes = function () {
    return answer.then(function (response) { return response.arrayBuffer(); }).then(function (buffer) {
      return Reflect.apply(compileBytes, WebAssembly, [buffer]);
    });
  };
  if (typeof compileStream !== "function") return bytes();
  return answer.then(function (response) {
    var type = response.headers.get("Content-Type") || "";
    if (!/^application\/wasm\b/i.test(type)) {
      console.warn("consent-agent: " + url + " is served as " + (type || "no type") + ", not application/wasm; compiled without streaming (README, \"Serving the files\")");
      return bytes();
    }
    return Reflect.apply(compileStream, WebAssembly, [response]);
  });
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
