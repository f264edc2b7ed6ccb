// consent-agent: the entry of consent-agent-engine.<hash>.js
// (tools/bundle.mjs), the engine's script: wasm-bindgen's glue, the
// engine's start (engine-start.js) and the banner and dialog. The tag
// requests it without blocking the page (engine-fetch.js) and calls what
// it hands over twice: as soon as it has it, with no module (the banner
// may be shown then: ui-early.js), and once the module is compiled. It
// runs after page scripts may have replaced built-ins, so it uses the
// tag's: its builtins.js is builtins-handed.js, and the glue's built-ins
// come from the kit too.

import { handOver } from "./engine-handshake.js";
import { adoptBuiltins } from "./builtins.js";
import * as glue from "consent-agent:glue";
import { startEngine } from "./engine-start.js";
import { consentUiEarly } from "./ui-start.js";

handOver(function (kit, module, whenReady) {
  adoptBuiltins(kit.builtins);
  glue.adoptGlueBuiltins(kit.glueBuiltins);
  if (!module) {
    try {
      consentUiEarly(kit);
    } catch (error) {
      // no early banner: the engine's start builds it
    }
    return;
  }
  glue.initSync({ module: module });
  if (window.performance && typeof performance.mark === "function") performance.mark("consent-agent:instantiated");
  startEngine(kit, glue, whenReady);
});
