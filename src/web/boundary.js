// consent-agent: the boundary between the page and the agent. Every call
// into the WebAssembly module goes through exceptionSafe(), and the API
// object is published by publishAgent().

import { applyFunction, objectKeys } from "./builtins.js";

// The module's exports as `agent.js` calls them. A page's exception that
// unwinds through the module (a method it calls threw, or the JavaScript
// stack ran out inside it) runs no Rust destructor, so the module's state
// stays borrowed (src/web/slot.rs): once no call into the module is on the
// stack, `recover` releases it, and the outermost call is made once more.
// If that fails too, the call answers FAIL_CLOSED's value (refuse, not
// granted, changed) where it has one, else the error goes to the caller.
var FAIL_CLOSED = { decide: "-", allowsWrite: false, allowsStore: false, granted: false, changed: true };
export function exceptionSafe(wasm) {
  var core = {}, depth = 0, broken = false;
  function recover() {
    try {
      wasm.recover();
      broken = false;
    } catch (error) {
      // the stack is still exhausted: tried again at the next call
    }
  }
  var names = objectKeys(wasm);
  for (var n = 0; n < names.length; n++) wrap(names[n]);
  function wrap(name) {
    var call = wasm[name];
    if (typeof call !== "function" || name === "recover") return;
    core[name] = function () {
      if (depth > 0) return applyFunction(call, null, arguments); // the outermost call recovers
      for (var attempt = 0; ; attempt++) {
        if (broken) recover();
        depth = 1;
        try {
          return applyFunction(call, null, arguments);
        } catch (error) {
          broken = true;
          if (attempt > 0) {
            if (name in FAIL_CLOSED) return FAIL_CLOSED[name];
            throw error;
          }
        } finally {
          depth = 0;
        }
      }
    };
  }
  return core;
}

// window.consentAgent, read-only and not configurable: a later script can
// neither replace it with a fake (a site's own "Reject all" would then go
// nowhere) nor delete it. A name another script made non-configurable
// first (a top-level `var consentAgent`) can only be assigned.
export function publishAgent(api) {
  try {
    Object.defineProperty(window, "consentAgent", { value: api, writable: false, configurable: false, enumerable: true });
  } catch (error) {
    window.consentAgent = api;
  }
}
