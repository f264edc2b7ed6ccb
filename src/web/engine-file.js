// consent-agent: the entry of consent-agent-engine.<hash>.js
// (tools/bundle.mjs), the engine's script: wasm-bindgen's glue, the
// engine's start (engine-start.js) and the banner and dialog. The tag
// requests it without blocking the page (engine-fetch.js) and calls the
// start once the module is compiled. It runs after page scripts may have
// replaced built-ins, so it uses the tag's: its builtins.js is
// builtins-handed.js, and the glue's built-ins come from the kit too.

import { handOver } from "./engine-handshake.js";
import * as glue from "consent-agent:glue";
import { startEngine } from "./engine-start.js";

handOver(function (kit, module, whenReady) {
  glue.adoptGlueBuiltins(kit.glueBuiltins);
  glue.initSync({ module: module });
  if (window.performance && typeof performance.mark === "function") performance.mark("consent-agent:instantiated");
  startEngine(kit, glue, whenReady);
});
