// consent-agent: only the visitor widens consent. A choice that grants a
// category not granted now is taken only while the visitor is interacting
// with the page: the browser's transient user activation
// (navigator.userActivation.isActive: a click, tap or key press in the last
// few seconds). Where the browser lacks it, the agent keeps its own: a
// trusted pointer, touch or key event in the last 5 s (the length of
// Chromium's activation). A restriction is always taken. The config's
// allowScriptGrants lets every page script widen.
//
// consentActivation(log) → { acting(), mayWiden(state, ids), replay(acting, job) }:
// replay() runs a job (a call queued before the engine was ready) with the
// activation its call had when it was made.

export function consentActivation(log) {
  "use strict";
  var activation = navigator.userActivation, lastGesture = -Infinity, refusedGrant = false, replaying = false;
  if (!activation || typeof activation.isActive !== "boolean") {
    activation = null;
    ["pointerdown", "mousedown", "pointerup", "touchend", "keydown", "click"].forEach(function (type) {
      window.addEventListener(type, function (event) {
        if (event.isTrusted) lastGesture = Date.now();
      }, true);
    });
  }
  function acting() {
    if (replaying) return true;
    return activation ? activation.isActive : Date.now() - lastGesture < 5000;
  }
  // Whether a choice of `ids` may be taken, the consent state being `state`.
  function mayWiden(state, ids) {
    var widens = ids.some(function (id) { return state.categories[id] === false; });
    if (!widens || state.allowScriptGrants || acting()) return true;
    if (!refusedGrant) {
      refusedGrant = true; // once per page
      log("warn", "a script asked to grant consent while the visitor was not interacting with the page; refused " +
        "(only the visitor widens consent; a site that restores a stored choice sets allowScriptGrants)");
    }
    return false;
  }
  function replay(wasActing, job) {
    replaying = wasActing;
    try {
      job();
    } finally {
      replaying = false;
    }
  }
  return { acting: acting, mayWiden: mayWiden, replay: replay };
}
