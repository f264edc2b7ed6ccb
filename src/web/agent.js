// consent-agent web layer, JavaScript half: starts the agent and answers its
// API. The WebAssembly core (src/web/mod.rs) reads the jars, decides, deletes
// and reports (src/web/sweep.rs); this file hands it the browser's own jars,
// traps writes (guard.js), watches for what no trap sees, and wires the
// consent signals, auto-blocking, sharing, declaration, gating and UI.
// Why this half is JavaScript: see src/web/mod.rs.
//
// startAgent(wasm, options) is called by the script-tag loader (synchronously,
// so enforcement is done before the next script on the page runs) and by the
// ES module (after async init). It returns the public API object.
//
// Storage indexes shared with the core: 0 cookie, 1 localStorage, 2 sessionStorage, 3 indexedDB.

import { parseJson, applyFunction, storageKey, joinArray } from "./builtins.js";
import { consentGuard } from "./guard.js";
import { consentAutoBlock } from "./autoblock.js";
import { consentSignals, earlySignals } from "./signals.js";
import { consentShare } from "./share.js";
import { consentDeclaration } from "./declare.js";
import { consentUiStart } from "./ui-start.js";
import { gate } from "./gate.js";
import { consentEarly } from "./early.js";
import { exceptionSafe } from "./boundary.js";
import { consentWatcher } from "./watch.js";
import { consentActivation } from "./activation.js";
import { earlySources, EARLY } from "./early-sources.js";
import { consentDatabases } from "./databases.js";
import { pageSettings } from "./page-config.js";
import { sweepInSlices } from "./slices.js";
import { consentInventory } from "./inventory.js";
import { consentState } from "./record-state.js";
import { consentApi } from "./api.js";

// startAgent(module, options) → { api, start(whenReady) }: everything that
// needs no engine is done at once (the traps, auto-blocking, the API
// object, which answers as README.md says until the engine is ready);
// start() is called once the module is instantiated, and does the rest:
// config, stored choice, the first sweep (storage keys in slices of SLICE,
// one task each), then the writes held meanwhile, watchers, UI, and
// whenReady().
export function startAgent(module, options) {
  "use strict";
  var wasm = exceptionSafe(module);
  var live = false; // the engine decides (start() has configured it and swept once)
  var setTimer = window.setTimeout; // taken before a page script could replace it
  var onReady = null;
  var slicing = false; // the first sweep in slices is under way (slices.js)
  var WATCH_INTERVAL_MS = 1000;
  // Storage keys the first sweep reads and decides per task: about 15 ms
  // in Chromium on the desktop profile (BENCHMARKS.md, "Watcher cost").
  var SLICE = 4096;
  var doc = document;
  var script = options.script || null;
  var settings = pageSettings(script, options);
  var configUrl = settings.configUrl, configText = settings.configText, pageConfig = settings.pageConfig;
  var configProblem = settings.configProblem, earlyConfig = settings.earlyConfig, declarationUrl = settings.declarationUrl;

  function log(kind, message) {
    console[kind]("consent-agent: " + message);
  }

  // The jars as the browser itself shows them: the module takes the
  // browser's own document.cookie accessors and Storage objects now, before
  // the guard traps them (src/web/jars.rs), and reads and writes through them.
  var cookieAccessor = null;
  for (var proto = Object.getPrototypeOf(doc); proto && !cookieAccessor; proto = Object.getPrototypeOf(proto)) {
    cookieAccessor = Object.getOwnPropertyDescriptor(proto, "cookie") || null;
  }
  function readJar() {
    return wasm.readJar();
  }

  // The browser's own Storage objects, taken before the guard answers
  // window.localStorage with a proxy.
  function storageAt(index) {
    try {
      return index === 1 ? window.localStorage : window.sessionStorage;
    } catch (error) {
      return null; // storage disabled or sandboxed: nothing to enforce there
    }
  }
  var stores = [null, storageAt(1), storageAt(2)];
  // The keys start..end of a storage in one string, joined by NUL: one
  // crossing into the module instead of one per key (src/web/jars.rs).
  // String concatenation and the captured key(): nothing a page replaced.
  function readKeys(store, start, end) {
    var text = "";
    for (var i = start; i < end; i++) text += (i > start ? "\0" : "") + applyFunction(storageKey, store, [i]);
    return text;
  }
  // Writes made before the engine is ready are held (early.js).
  var early = consentEarly(function (text) {
    applyFunction(cookieAccessor.set, doc, [text]);
  }, stores);
  function dispatch(type, detail) {
    window.dispatchEvent(new CustomEvent(type, { detail: detail }));
  }

  function reportErrors(text) {
    if (!text) return;
    text.split("\n").forEach(function (message) {
      log("error", message);
    });
    log("error", "the configuration is invalid, so only required categories are allowed");
  }
  var recordWarnings = {};
  function loadRecord(loading, jar) {
    var problem = wasm.loadRecord(typeof jar === "string" ? jar : readJar(), Date.now() / 1000, loading);
    if (problem && !recordWarnings[problem]) {
      recordWarnings[problem] = true; // once per page
      log("warn", problem);
    }
  }

  // Whether the core allows an entry now (a verdict is "+category" or "-category").
  function allowed(index, name) {
    return wasm.decide(index, name).charAt(0) === "+";
  }

  // ---- sweep: read the jars, decide, delete, re-read, report (src/web/sweep.rs) ----
  function sweep(jar) {
    return parseJson(wasm.sweep(jar, 0));
  }
  function lastJar() {
    return wasm.lastJar() || "";
  }

  function sweepAndTell() {
    var report = sweep();
    swept(report);
    return report;
  }
  // A sweep's report told to the page; then IndexedDB's own sweep, whose
  // report follows when it has one.
  function swept(report) {
    dispatch("consentagent:sweep", report);
    databases.sweep();
  }
  // IndexedDB (databases.js): its own asynchronous sweep and open trap.
  var databases = consentDatabases(wasm, function (name) { return allowed(3, name); }, function () { return live; }, function (report) {
    dispatch("consentagent:sweep", report);
  });
  databases.trap(window);

  // Sweeps only when something changed since the last sweep, by content:
  // the jar string and every storage key (a removed key and a new one
  // leave the length unchanged).
  function sweepIfChanged() {
    arm();
    if (slicing) return; // a sweep runs; the next tick looks again
    var jar = readJar();
    // The record changed under us: another tab chose (or a script wrote it).
    if (jar !== lastJar() && recordIn(jar) !== lastRecord) {
      loadRecord(false);
      changed();
      return;
    }
    if (wasm.changed(jar)) {
      var report = wasm.sweep(jar, 2); // "" when nothing was deleted or failed
      if (report) dispatch("consentagent:sweep", parseJson(report));
    }
  }

  // ---- the guard: a refused write is stopped before it lands ----
  var guard = consentGuard({
    cookieWrite: function (text) {
      if (!live) return early.cookieWrite(text);
      arm();
      return wasm.allowsWrite(text);
    },
    cookieRead: function (text) {
      return live ? text : early.cookieRead(text);
    },
    storageRead: function (index, key, value) {
      return live ? value : early.storageRead(index, key, value);
    },
    storageRemoved: function (index, key) {
      if (!live) early.storageRemoved(index, key);
    },
    // Never the record or the agent's copy of it (src/engine.rs,
    // page_may_write): only the agent writes them.
    storageWrite: function (index, key, value) {
        if (!live) return early.storageWrite(index, key, value);
      arm();
      return wasm.allowsStore(index, key);
    },
    cookieStoreWrite: function (name, later) {
      if (!live) return early.cookieStoreWrite(later);
      arm();
      return wasm.allowsStore(0, name);
    },
    // Something may have landed where no trap sees it (an HTTP answer, a
    // frame's page): check now, before the page's own handlers see it.
    noticed: function () {
      if (live) sweepIfChanged();
    },
    // No clearTimeout/clearInterval, the page's or a frame's called on this
    // window, may stop the watcher.
    ownsTimer: function (win, id) {
      return win === window && ownsTimer(id);
    },
    // A same-origin frame or popup: auto-blocking there too; its held
    // scripts are released with the page's (gate.js).
    realm: function (win) {
      if (!live) realms[realms.length] = win;
      if (win === window) return;
      databases.trap(win);
      var frameDoc = win.document;
      autoBlockIn(win, function () {
        if (gated) gated.adopt(frameDoc);
      });
    },
  });
  // Until the engine is ready, sources are held by host (early-sources.js)
  // and nothing counts as granted.
  var classifyEarly = earlySources(earlyConfig);
  var realms = []; // the page and the frames guarded before the engine was ready (guard.js calls realm())
  function autoBlockIn(win, held) {
    return consentAutoBlock(win, function (url) {
      return live ? wasm.classifySource(url) : classifyEarly(url);
    }, function (category) {
      return live && wasm.granted(category);
    }, held);
  }
  // What was held before the engine was ready, classified by it now: a
  // source it holds gets its category; one it does not is released with
  // the others, in document order (as "necessary", granted always).
  function reclassify(win) {
    var found = win.document.querySelectorAll('[data-consent-category="' + EARLY + '"]');
    for (var i = 0; i < found.length; i++) {
      var element = found[i], url = element.getAttribute("data-src") || "";
      var verdict = url ? wasm.classifySource(new URL(url, win.document.baseURI).href) : "";
      var space = verdict.indexOf(" ");
      element.setAttribute("data-consent-category", verdict ? verdict.slice(0, space) : "necessary");
      if (verdict) element.setAttribute("data-consent-agent-held", verdict.slice(space + 1));
      else element.removeAttribute("data-consent-agent-held");
    }
  }

  // ---- the watcher: what no trap sees (watch.js) ----
  var watcher = consentWatcher(WATCH_INTERVAL_MS, {
    check: function () {
      checkExpiry();
      sweepIfChanged();
    },
    changed: sweepIfChanged,
    // Another tab or frame wrote a storage key: deciding that one is enough.
    storageEvent: function (event) {
      var index = event.storageArea === stores[1] || event.storageArea === window.localStorage ? 1 : 2;
      if (typeof event.key === "string" && event.newValue !== null && stores[index] &&
        !allowed(index, event.key)) {
        stores[index].removeItem(event.key);
      }
    },
    // The event names the cookies: a refused one is deleted by name at once,
    // even when document.cookie does not show it yet (Chromium sometimes
    // fires the event first).
    cookieEvent: function (event) {
      var refused = (event.changed || []).map(function (c) { return c && c.name; }).filter(function (name) {
        return typeof name === "string" && !allowed(0, name);
      });
      if (refused.length) wasm.deleteNames(refused.join("\n"));
      sweepIfChanged();
    },
  });
  var arm = watcher.arm, ownsTimer = watcher.ownsTimer, watch = watcher.watch;

  // ---- only the visitor widens consent (activation.js) ----
  var visitor = consentActivation(log);
  var mayWiden = visitor.mayWiden, visitorActing = visitor.acting;

  // ---- the public API ----
  // The consent state, the record's expiry and its cookies (record-state.js).
  var state = consentState(wasm);
  var consent = state.consent, noteState = state.note, recordIn = state.recordIn, randomId = state.randomId;
  function checkExpiry() {
    if (state.expired()) {
      loadRecord(false);
      changed(); // the banner asks again (ui.js listens for the change)
    }
  }
  var lastRecord = null; // the record's cookies as the last sweep left the jar
  // A new state (choice, withdrawal, reset, expiry, config): swept at once,
  // in one task, so that what it refuses is gone when the call returns
  // (about 30 ms with 50,000 kept keys in Chromium, more when it deletes
  // thousands: the browser's removeItem; BENCHMARKS.md, "Watcher cost").
  function changed() {
    noteState();
    updateSignals();
    // Brief: keys seen before are not classified or listed again (a
    // withdrawal with 50,000 kept keys stays a short task).
    var report = parseJson(wasm.sweep(undefined, 1));
    lastRecord = recordIn(lastJar());
    dispatch("consentagent:change", consent());
    swept(report);
  }
  // Every copy of the record visible on the page is removed, then one is
  // written in the configured scope: the visitor's latest choice is the
  // only one in force.
  // `widening`: a call from the API, taken only from the visitor when it
  // grants more than now (mayWiden).
  function choose(ids, widening) {
    var before = parseJson(wasm.consent());
    if (widening && !mayWiden(before, ids)) return;
    if (!wasm.choose(applyFunction(joinArray, ids, [" "]), Date.now() / 1000, randomId())) {
      log("error", "the configuration is invalid, so the choice is not recorded; only required categories are allowed");
      return;
    }
    changed();
    told("choice", before);
  }
  // What the page stores and why (inventory.js).
  var inventory = consentInventory(wasm, function () { return autoBlock.list(); }, databases.names, log);
  var audit = inventory.audit, printAudit = inventory.print;
  // The declaration: rows from the core, details from the declaration file.
  var declare = consentDeclaration(wasm, declarationUrl, log);
  var declaration = declare.rows, renderDeclarations = declare.render;

  // Before the engine is ready (README, "Before the engine is ready"):
  // a choice, reset or sweep is done once it is (a choice that widens is
  // checked for the visitor's activation now, when it is asked for);
  // consent() answers null, accepted() false, classify() null, audit() [].
  // Queued among the held writes (early.js), in the page's order.
  function whenLive(job, otherwise) {
    return function () {
      if (live) return applyFunction(job, null, arguments);
      var args = arguments, acting = visitorActing();
      early.call(function () {
        visitor.replay(acting, function () { // the activation the call had when it was made
          applyFunction(job, null, args);
        });
      });
      return otherwise;
    };
  }
  var readyPromise = new Promise(function (resolve) {
    readyResolve = resolve;
  });
  var readyResolve;
  var api = consentApi(wasm, {
    live: function () { return live; },
    consent: consent,
    choose: choose,
    reset: function () {
      var before = parseJson(wasm.consent());
      wasm.forget();
      changed();
      told("reset", before);
    },
    sweep: sweepAndTell,
    audit: audit,
    declaration: declaration,
    whenLive: whenLive,
    ready: readyPromise,
  });

  // The banner and dialog (ui-start.js builds them from the config in force).
  var uiStart = consentUiStart(wasm, api, settings.textsUrl);

  // ---- at once: traps and auto-blocking, before the next script ----
  if (!cookieAccessor) {
    log("error", "document.cookie is not available here; the agent is not running");
    return { api: api, start: function () {} };
  }
  guard(window);
  // Known third-party scripts and frames held by URL until consent.
  var gated = null;
  var autoBlock = autoBlockIn(window, function () {
    if (gated && doc.readyState !== "loading") gated.held();
  });
  var told = null, startJar = "";
  // Consent Mode's and Microsoft's defaults before the next script, from
  // the config on the page (with a data-config file: when it arrives).
  var readSignals = function () {
    return parseJson(wasm.signals());
  };
  var signalsEarly = configUrl ? null : earlySignals(earlyConfig || {});
  var updateSignals = signalsEarly ? consentSignals(readSignals, signalsEarly) : null;
  return { api: api, start: start };

  // ---- once the engine is ready: config, stored choice, first sweep, held writes, watchers, UI ----
  // `whenReady()` is called once the first sweep is done, before `ready` resolves.
  function start(whenReady) {
    onReady = whenReady;
    wasm.attach(doc, cookieAccessor.get, cookieAccessor.set, stores[1], stores[2], readKeys);
    // Global Privacy Control: the browser's standing "do not sell or share".
    wasm.privacySignal(navigator.globalPrivacyControl === true);
    if (options.config !== undefined) {
      reportErrors(wasm.configure(options.config));
    } else if (configText !== null) {
      reportErrors(configProblem ? wasm.configureFailed(configProblem) : wasm.configure(pageConfig));
    } else {
      wasm.configure(undefined);
    }
    // While a remote config loads, enforce with what is known: the stored
    // choice (its revision is checked when the config arrives), else
    // required categories only.
    startJar = readJar(); // read once for the record and the first sweep
    loadRecord(!!configUrl, startJar);
    // Consent Mode and Microsoft's signals: the defaults before any tag runs.
    if (updateSignals) updateSignals.settle();
    else updateSignals = consentSignals(readSignals, null);
    noteState();
    // Proof of consent to the site, and the choice to its other open tabs.
    told = consentShare(function () {
      return parseJson(wasm.consent());
    }, sweepIfChanged);
    // With data-debug: the inventory before the first sweep, so refused
    // entries show too (allowed: false).
    if (script && script.hasAttribute("data-debug")) printAudit();
    // The first sweep: cookies now, storage keys SLICE at a time, one task
    // each, so a large storage makes no long task; the engine is ready
    // (writes decided, held sources released) when it is done.
    slicing = true;
    sweepInSlices(wasm, setTimer, startJar, SLICE, function (report) {
      slicing = false;
      ready(report);
    });
  }
  function ready(report) {
    live = true;
    swept(report);
    lastRecord = recordIn(lastJar());
    watch();
    if (configUrl) {
      var failed = function (why) {
        reportErrors(wasm.configureFailed("could not load " + configUrl + ": " + why));
        uiStart.build();
        changed();
      };
      fetch(configUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) return failed("HTTP status " + response.status);
        return response.text().then(function (text) {
          var config;
          try {
            config = parseJson(text);
          } catch (error) {
            return failed("not valid JSON: " + error.message);
          }
          reportErrors(wasm.configure(config));
          loadRecord(false);
          uiStart.build();
          changed();
        });
      }, function (error) {
        failed(error.message);
      });
    }
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", renderDeclarations);
    else renderDeclarations();
    window.addEventListener("consentagent:change", renderDeclarations);
    // Texts in the page's language, for the UI and the gating placeholders,
    // from the config in force (the UI is built, and they are read again, when
    // a data-config file arrives; until then the defaults').
    if (configUrl) uiStart.prepare();
    else uiStart.build();
    // What was held by host meanwhile, classified by the engine; then
    // released as the choice allows, after the first sweep.
    // (Plain loops: a page may have replaced Array.prototype.forEach meanwhile.)
    for (var r = 0; r < realms.length; r++) {
      try {
        reclassify(realms[r]);
      } catch (error) {
        // a frame gone meanwhile
      }
    }
    gated = gate(api, uiStart, function () { return parseJson(wasm.consent()).reloadOnWithdraw; }, script ? script.nonce : "");
    for (var f = 0; f < realms.length; f++) {
      if (realms[f] !== window) gated.adopt(realms[f].document);
    }
    // What the page wrote and asked for meanwhile, in its order, each write
    // decided as if written now (after the first sweep and the gate, so a
    // choice asked for meanwhile releases what it grants).
    early.decide({
      cookie: function (text) { return wasm.allowsWrite(text); },
      storage: function (index, key) { return wasm.allowsStore(index, key); },
      cookieStore: function (name) { return wasm.allowsStore(0, name); },
    });
    lastRecord = recordIn(lastJar());
    if (onReady) onReady();
    readyResolve(api);
  }
}
