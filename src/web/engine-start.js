// consent-agent web layer, JavaScript half, second part: the engine's
// start and its jobs, in the engine's script (engine-file.js, which the
// tag loads without blocking the page) and in the ES module. It takes over
// the kit the first part made (agent.js) once the module is instantiated:
// config, stored choice, the first sweep (storage keys in slices of SLICE,
// one task each), then the writes held meanwhile, watchers, UI, gating,
// and whenReady().
//
// startEngine(kit, exports, whenReady): `exports` are the module's
// exports (wasm-bindgen's glue), instantiated.

import { parseJson, applyFunction, storageKey, joinArray, setTimer } from "./builtins.js";
import { consentSignals } from "./signals.js";
import { consentShare } from "./share.js";
import { consentDeclaration } from "./declare.js";
import { consentUiStart } from "./ui-start.js";
import { gate } from "./gate.js";
import { exceptionSafe } from "./boundary.js";
import { consentWatcher } from "./watch.js";
import { EARLY } from "./early-sources.js";
import { sweepInSlices } from "./slices.js";
import { consentInventory } from "./inventory.js";
import { consentState } from "./record-state.js";

var WATCH_INTERVAL_MS = 1000;
// Storage keys the first sweep reads and decides per task: about 15 ms
// in Chromium on the desktop profile (BENCHMARKS.md, "Watcher cost").
var SLICE = 4096;

export function startEngine(kit, exports, whenReady) {
  "use strict";
  var wasm = kit.wasm = exceptionSafe(exports);
  var doc = document, script = kit.script, settings = kit.settings, configUrl = settings.configUrl;
  var log = kit.log, dispatch = kit.dispatch, early = kit.early, stores = kit.stores, databases = kit.databases;
  var slicing = false; // the first sweep in slices is under way (slices.js)

  // The keys start..end of a storage in one string, joined by NUL: one
  // crossing into the module instead of one per key (src/web/jars.rs).
  // String concatenation and the captured key(): nothing a page replaced.
  function readKeys(store, start, end) {
    var text = "";
    for (var i = start; i < end; i++) text += (i > start ? "\0" : "") + applyFunction(storageKey, store, [i]);
    return text;
  }
  function reportErrors(text) {
    if (!text) return;
    var lines = text.split("\n");
    for (var i = 0; i < lines.length; i++) log("error", lines[i]);
    log("error", "the configuration is invalid, so only required categories are allowed");
  }
  var recordWarnings = {};
  // The record from the jar (read in the module; the sweep that follows
  // in the same task reuses that read).
  function loadRecord(loading) {
    var problem = wasm.loadRecord(Date.now() / 1000, loading);
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
  function sweepAndTell() {
    var report = parseJson(wasm.sweep(undefined, 0));
    swept(report);
    return report;
  }
  // A sweep's report told to the page; then IndexedDB's own sweep, whose
  // report follows when it has one.
  function swept(report) {
    dispatch("consentagent:sweep", report);
    databases.sweep();
  }
  // Sweeps only when something changed since the last sweep, by content:
  // the jar string and every storage key (a removed key and a new one
  // leave the length unchanged). One call: the jar stays in the module.
  function sweepIfChanged() {
    arm();
    if (slicing) return; // a sweep runs; the next tick looks again
    var answer = wasm.sweepIfChanged();
    // The record changed under us: another tab chose (or a script wrote it).
    if (answer === "r") {
      loadRecord(false);
      changed();
    } else if (answer) {
      dispatch("consentagent:sweep", parseJson(answer));
    }
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
  var arm = watcher.arm;

  // ---- the consent state, choices and their enforcement ----
  // The consent state, the record's expiry and its cookies (record-state.js).
  var state = consentState(wasm);
  var consent = state.consent, noteState = state.note;
  function checkExpiry() {
    if (state.expired()) {
      loadRecord(false);
      changed(); // the banner asks again (ui.js listens for the change)
    }
  }
  var updateSignals = kit.updateSignals, told = null;
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
    wasm.noteRecord();
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
    if (widening && !kit.visitor.mayWiden(before, ids)) return;
    if (!wasm.choose(applyFunction(joinArray, ids, [" "]), Date.now() / 1000, state.randomId())) {
      log("error", "the configuration is invalid, so the choice is not recorded; only required categories are allowed");
      return;
    }
    changed();
    told("choice", before);
  }
  // What the page stores and why (inventory.js).
  var inventory = consentInventory(wasm, function () { return kit.autoBlock.list(); }, databases.names, log);
  // The declaration: rows from the core, details from the declaration file.
  var declare = consentDeclaration(wasm, settings.declarationUrl, log);
  // The banner and dialog (ui-start.js builds them from the config in force).
  var uiStart = consentUiStart(wasm, kit);
  var gated = null;
  kit.engine = {
    arm: arm,
    ownsTimer: watcher.ownsTimer,
    sweepIfChanged: sweepIfChanged,
    held: function () { if (gated) gated.held(); },
    adopt: function (frameDoc) { if (gated) gated.adopt(frameDoc); },
    consent: consent,
    choose: choose,
    reset: function () {
      var before = parseJson(wasm.consent());
      wasm.forget();
      changed();
      told("reset", before);
    },
    sweep: sweepAndTell,
    audit: inventory.audit,
    declaration: declare.rows,
  };

  // ---- config, stored choice, first sweep ----
  wasm.attach(doc, kit.cookieAccessor.get, kit.cookieAccessor.set, stores[1], stores[2], readKeys);
  // Global Privacy Control: the browser's standing "do not sell or share".
  wasm.privacySignal(navigator.globalPrivacyControl === true);
  if (kit.options.config !== undefined) {
    reportErrors(wasm.configure(kit.options.config));
  } else if (settings.configText !== null) {
    reportErrors(settings.configProblem ? wasm.configureFailed(settings.configProblem) : wasm.configure(settings.pageConfig));
  } else {
    wasm.configure(undefined);
  }
  // While a remote config loads, enforce with what is known: the stored
  // choice (its revision is checked when the config arrives), else
  // required categories only.
  loadRecord(!!configUrl);
  // Consent Mode and Microsoft's signals: the defaults went out before any
  // tag ran (agent.js); with a data-config file, they begin now.
  if (updateSignals) updateSignals.settle();
  else updateSignals = consentSignals(kit.readSignals, null);
  noteState();
  // Proof of consent to the site, and the choice to its other open tabs.
  told = consentShare(function () {
    return parseJson(wasm.consent());
  }, sweepIfChanged);
  // With data-debug: the inventory before the first sweep, so refused
  // entries show too (allowed: false).
  if (script && script.hasAttribute("data-debug")) inventory.print();
  // The first sweep: cookies now, storage keys SLICE at a time, one task
  // each, so a large storage makes no long task; the engine is ready
  // (writes decided, held sources released) when it is done.
  slicing = true;
  sweepInSlices(wasm, setTimer, SLICE, function (report) {
    slicing = false;
    ready(report);
  });

  // ---- once the first sweep is done: watchers, remote config, UI, gating, held writes ----
  function ready(report) {
    kit.live = true;
    swept(report);
    wasm.noteRecord();
    watcher.watch();
    if (configUrl) fetchConfig();
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", declare.render);
    else declare.render();
    window.addEventListener("consentagent:change", declare.render);
    // Texts in the page's language, for the UI and the gating placeholders,
    // from the config in force (the UI is built, and they are read again, when
    // a data-config file arrives; until then the defaults').
    if (configUrl) uiStart.prepare();
    else uiStart.build();
    // What was held by host meanwhile, classified by the engine; then
    // released as the choice allows, after the first sweep.
    // (Plain loops: a page may have replaced Array.prototype.forEach meanwhile.)
    var realms = kit.realms;
    for (var r = 0; r < realms.length; r++) {
      try {
        reclassify(realms[r]);
      } catch (error) {
        // a frame gone meanwhile
      }
    }
    gated = gate(kit.api, uiStart, function () { return parseJson(wasm.consent()).reloadOnWithdraw; }, script ? script.nonce : "");
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
    wasm.noteRecord();
    if (whenReady) whenReady();
    kit.resolveReady(kit.api);
  }
  // A data-config file: the UI is built, and the state changed, once it
  // arrives (or fails: only required categories).
  function fetchConfig() {
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
}
