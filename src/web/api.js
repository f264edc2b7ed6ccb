// consent-agent: the public API object, `window.consentAgent` (README, "API";
// types in consent-agent.d.ts), over the agent's jobs. Before the engine is
// ready (README, "Before the engine is ready") a choice, reset or sweep is
// queued by `whenLive` and done once it is; consent() answers null,
// accepted() false, classify() null, audit() [], declaration() waits.
//
// consentApi(kit, jobs) → the API object, over the agent's kit (agent.js:
// live, wasm, ready). jobs: { consent(), choose(ids, widening), reset(),
// sweep(), audit(), declaration(), whenLive(job, otherwise) }. The banner's
// calls (showBanner, showPreferences, hide) are added by agent.js.

import { parseJson } from "./builtins.js";

// Storage names by the index the core uses.
var STORAGES = ["cookie", "localStorage", "sessionStorage", "indexedDB"];

export function consentApi(kit, jobs) {
  "use strict";
  var ready = kit.ready;
  function live() {
    return kit.live;
  }
  return {
    consent: function () {
      return live() ? jobs.consent() : null;
    },
    accepted: function (category) {
      return live() && kit.wasm.granted(String(category));
    },
    acceptAll: jobs.whenLive(function () {
      // Every category but those Global Privacy Control refuses.
      jobs.choose(parseJson(kit.wasm.categories()).filter(function (c) { return !c.refusedBySignal; }).map(function (c) { return c.id; }), true);
    }),
    rejectAll: jobs.whenLive(function () {
      jobs.choose([]);
    }),
    accept: jobs.whenLive(function (categories) {
      jobs.choose([].concat(categories).map(String), true);
    }),
    reset: jobs.whenLive(jobs.reset),
    sweep: jobs.whenLive(jobs.sweep, null),
    classify: function (name, storage) {
      if (!live()) return null;
      var index = Math.max(0, STORAGES.indexOf(storage === undefined ? "cookie" : storage));
      var found = kit.wasm.classify(index, String(name));
      return found ? found.slice(0, found.indexOf(" ")) : null;
    },
    audit: function () {
      return live() ? jobs.audit() : [];
    },
    declaration: function () {
      return live() ? jobs.declaration() : ready.then(function () { return jobs.declaration(); });
    },
    // Resolves with this object once the engine is ready (and the first
    // sweep done); never rejects (an engine that cannot start leaves
    // writes held and says why in the console).
    ready: ready,
  };
}
