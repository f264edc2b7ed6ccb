// consent-agent: the engine's first sweep in slices, so that a large
// storage makes no long task (src/web/sweep/pass.rs does the work): the
// cookies at once, then `slice` storage keys per task, then the pass's end
// and, in a task of its own, done(report) (with 50,000 keys either takes
// tens of ms at 4x CPU). With a small storage it is all one task and
// done() is called at once. Only the engine's start sweeps so: a choice's
// sweep is one task, so what it refuses is gone when the call returns.
// Each slice's kept and unknown entries are taken as it goes, so the last
// task does not cross and parse 50,000 entries at once.
//
// sweepInSlices(wasm, setTimer, slice, done): `setTimer` is the page's
// setTimeout as the tag took it. The cookie jar is the one loadRecord
// read in the module, in the same task.

import { parseJson, applyFunction, sliceString } from "./builtins.js";

export function sweepInSlices(wasm, setTimer, slice, done) {
  "use strict";
  var run = { kept: [], unknown: [] };
  // A slice's answer: "+" (more to do) or "-", then its entries' JSON.
  function take(answer) {
    var part = parseJson(applyFunction(sliceString, answer, [1]));
    for (var l = 0; l < 2; l++) {
      var list = l ? "unknown" : "kept", from = part[list] || [], into = run[list];
      for (var i = 0; i < from.length; i++) into[into.length] = from[i];
    }
    return answer[0] === "+";
  }
  function end(sliced) {
    var report = parseJson(wasm.sweepEnd());
    for (var l = 0; l < 2; l++) {
      var list = l ? "unknown" : "kept", rest = report[list] || [], all = run[list];
      for (var i = 0; i < rest.length; i++) all[all.length] = rest[i];
      report[list] = all;
    }
    if (!sliced) return done(report);
    after(function () { done(report); });
  }
  function after(task) {
    applyFunction(setTimer, window, [task, 0]);
  }
  function next() {
    after(function () {
      var more = false;
      try {
        more = take(wasm.sweepStep(slice));
      } catch (error) {
        // a page's broken built-in: the watcher's sweeps read what is left
      }
      if (more) next();
      else after(function () { end(true); });
    });
  }
  if (take(wasm.sweepBegin(slice))) next();
  else end(false);
}
