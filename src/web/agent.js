// consent-agent web layer, JavaScript half, first part: what runs before
// the next script on the page. The WebAssembly core (src/web/mod.rs) reads
// the jars, decides, deletes and reports (src/web/sweep.rs) once the engine
// is there; until then this part traps every write path (guard.js) and
// holds what it cannot decide yet (early.js), holds known tracker sources
// by host (early-sources.js, autoblock.js), refuses nothing and grants
// nothing, queues API calls, and sends the Consent Mode and Microsoft
// defaults. Why this half is JavaScript: see src/web/mod.rs.
//
// startAgent(options) → the agent's kit: called by the script tag (tag.js)
// and by the ES module (module.js). kit.api is the public API object;
// the engine's start (engine-start.js, startEngine(kit, …)) takes the kit
// over once the module is instantiated: it sets kit.wasm and kit.engine
// (its jobs) and, once the first sweep is done, kit.live.
//
// Storage indexes shared with the core: 0 cookie, 1 localStorage, 2 sessionStorage, 3 indexedDB.

import { BUILTINS, applyFunction, parseJson } from "./builtins.js";
import { consentGuard } from "./guard.js";
import { consentAutoBlock } from "./autoblock.js";
import { consentSignals, earlySignals } from "./signals.js";
import { consentEarly } from "./early.js";
import { consentActivation } from "./activation.js";
import { earlySources } from "./early-sources.js";
import { consentDatabases } from "./databases.js";
import { pageSettings } from "./page-config.js";
import { consentApi } from "./api.js";

export function startAgent(options) {
  "use strict";
  var doc = document;
  var script = options.script || null;
  var settings = pageSettings(script, options);
  var kit = {
    live: false, // the engine decides (its start has configured it and swept once)
    wasm: null, // the module's exports, exception-safe (boundary.js), once instantiated
    engine: null, // the engine's jobs (engine-start.js), once it starts
    ui: null, // the banner and dialog, once built (ui-start.js)
    uiPending: null, // what the page asked of the UI before it was built
    builtins: BUILTINS,
    options: options,
    script: script,
    settings: settings,
    realms: [], // the page and the frames guarded before the engine was ready (guard.js calls realm())
    log: function (kind, message) {
      console[kind]("consent-agent: " + message);
    },
    dispatch: function (type, detail) {
      window.dispatchEvent(new CustomEvent(type, { detail: detail }));
    },
  };

  // The jars as the browser itself shows them: the module takes the
  // browser's own document.cookie accessors and Storage objects now, before
  // the guard traps them (src/web/jars.rs), and reads and writes through them.
  var cookieAccessor = null;
  for (var proto = Object.getPrototypeOf(doc); proto && !cookieAccessor; proto = Object.getPrototypeOf(proto)) {
    cookieAccessor = Object.getOwnPropertyDescriptor(proto, "cookie") || null;
  }
  kit.cookieAccessor = cookieAccessor;
  // The browser's own Storage objects, taken before the guard answers
  // window.localStorage with a proxy.
  function storageAt(index) {
    try {
      return index === 1 ? window.localStorage : window.sessionStorage;
    } catch (error) {
      return null; // storage disabled or sandboxed: nothing to enforce there
    }
  }
  var stores = kit.stores = [null, storageAt(1), storageAt(2)];
  // Writes made before the engine is ready are held (early.js).
  var early = kit.early = consentEarly(function (text) {
    applyFunction(cookieAccessor.set, doc, [text]);
  }, stores);
  function engine() {
    return kit.engine;
  }

  // IndexedDB (databases.js): its own asynchronous sweep and open trap.
  var databases = kit.databases = consentDatabases({
    decideDatabases: function (names) { return kit.wasm.decideDatabases(names); },
  }, function (name) {
    return kit.wasm.decide(3, name).charAt(0) === "+";
  }, function () { return kit.live; }, function (report) {
    kit.dispatch("consentagent:sweep", report);
  });
  databases.trap(window);

  // ---- the guard: a refused write is stopped before it lands ----
  var guard = consentGuard({
    cookieWrite: function (text) {
      if (!kit.live) return early.cookieWrite(text);
      engine().arm();
      return kit.wasm.allowsWrite(text);
    },
    cookieRead: function (text) {
      return kit.live ? text : early.cookieRead(text);
    },
    storageRead: function (index, key, value) {
      return kit.live ? value : early.storageRead(index, key, value);
    },
    storageRemoved: function (index, key) {
      if (!kit.live) early.storageRemoved(index, key);
    },
    // Never the record or the agent's copy of it (src/engine.rs,
    // page_may_write): only the agent writes them.
    storageWrite: function (index, key, value) {
      if (!kit.live) return early.storageWrite(index, key, value);
      engine().arm();
      return kit.wasm.allowsStore(index, key);
    },
    cookieStoreWrite: function (name, later) {
      if (!kit.live) return early.cookieStoreWrite(later);
      engine().arm();
      return kit.wasm.allowsStore(0, name);
    },
    // Something may have landed where no trap sees it (an HTTP answer, a
    // frame's page): check now, before the page's own handlers see it.
    noticed: function () {
      if (kit.live) engine().sweepIfChanged();
    },
    // No clearTimeout/clearInterval, the page's or a frame's called on this
    // window, may stop the watcher.
    ownsTimer: function (win, id) {
      return win === window && engine() !== null && engine().ownsTimer(id);
    },
    // A same-origin frame or popup: auto-blocking there too; its held
    // scripts are released with the page's (gate.js).
    realm: function (win) {
      if (!kit.live) kit.realms[kit.realms.length] = win;
      if (win === window) return;
      databases.trap(win);
      var frameDoc = win.document;
      autoBlockIn(win, function () {
        if (engine()) engine().adopt(frameDoc);
      });
    },
  });
  // Until the engine is ready, sources are held by host (early-sources.js)
  // and nothing counts as granted.
  var classifyEarly = earlySources(settings.earlyConfig);
  function autoBlockIn(win, held) {
    return consentAutoBlock(win, function (url) {
      return kit.live ? kit.wasm.classifySource(url) : classifyEarly(url);
    }, function (category) {
      return kit.live && kit.wasm.granted(category);
    }, held);
  }

  // ---- only the visitor widens consent (activation.js) ----
  var visitor = kit.visitor = consentActivation(kit.log);

  // ---- the public API (api.js) ----
  // Before the engine is ready (README, "Before the engine is ready"):
  // a choice, reset or sweep is done once it is (a choice that widens is
  // checked for the visitor's activation now, when it is asked for);
  // consent() answers null, accepted() false, classify() null, audit() [].
  // Queued among the held writes (early.js), in the page's order.
  function whenLive(job, otherwise) {
    return function () {
      if (kit.live) return applyFunction(job, null, arguments);
      var args = arguments, acting = visitor.acting();
      early.call(function () {
        visitor.replay(acting, function () { // the activation the call had when it was made
          applyFunction(job, null, args);
        });
      });
      return otherwise;
    };
  }
  kit.ready = new Promise(function (resolve) {
    kit.resolveReady = resolve;
  });
  var api = kit.api = consentApi(kit, {
    consent: function () { return engine().consent(); },
    choose: function (ids, widening) { engine().choose(ids, widening); },
    reset: function () { engine().reset(); },
    sweep: function () { return engine().sweep(); },
    audit: function () { return engine().audit(); },
    declaration: function () { return engine().declaration(); },
    whenLive: whenLive,
  });
  // The banner and dialog (ui-start.js builds them once the engine is
  // ready): what the page asks of them before is done then.
  ["showBanner", "showPreferences", "hide"].forEach(function (name) {
    api[name] = function () {
      if (kit.ui) kit.ui[name]();
      else kit.uiPending = name === "hide" ? null : name;
    };
  });
  // Settings links open the preferences: at once when the UI exists, else
  // once it is built. The one listener for them. The link takes focus first
  // (Safari does not focus a clicked link), so closing the dialog returns
  // focus to it.
  doc.addEventListener("click", function (event) {
    var opener = event.target && event.target.closest && event.target.closest("[data-consent-agent-open]");
    if (opener) {
      event.preventDefault();
      if (opener.focus) opener.focus();
      api.showPreferences();
    }
  });

  // ---- at once: traps and auto-blocking, before the next script ----
  if (!cookieAccessor) {
    kit.log("error", "document.cookie is not available here; the agent is not running");
    kit.broken = true;
    return kit;
  }
  guard(window);
  // Known third-party scripts and frames held by URL until consent.
  kit.autoBlock = autoBlockIn(window, function () {
    if (engine() && doc.readyState !== "loading") engine().held();
  });
  // Consent Mode's and Microsoft's defaults before the next script, from
  // the config on the page (with a data-config file: when it arrives).
  kit.readSignals = function () {
    return parseJson(kit.wasm.signals());
  };
  var signalsEarly = settings.configUrl ? null : earlySignals(settings.earlyConfig || {});
  kit.updateSignals = signalsEarly ? consentSignals(kit.readSignals, signalsEarly) : null;
  return kit;
}
