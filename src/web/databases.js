// consent-agent: IndexedDB, the storage trackers keep identifiers in where
// no cookie banner looks (Firebase's installations and heartbeat, Mixpanel's
// recordings, push SDKs' tokens). Two jobs, both JavaScript's because the
// browser makes them so (IndexedDB is asynchronous and an `open` must be
// answered synchronously):
//
// * sweep(): lists the origin's databases (`indexedDB.databases()`), has
//   the core decide every name at once (`decideDatabases`), and deletes the
//   refused ones, then reports what it deleted or could not (a
//   `consentagent:sweep` event, only when something was refused, listing
//   the kept databases too). A database the page holds open is deleted once the page
//   closes it: the browser sends its connections `versionchange` (most
//   libraries close then) and reports the deletion "blocked" meanwhile; the
//   report lists it under `failed` until it is done, then a second report
//   lists it as deleted. Run at the engine's start, after every choice and
//   by `sweep()`. Where the browser cannot list databases (no
//   `databases()`), nothing is deleted: the agent never guesses names.
// * trap(win): in the page and each same-origin frame or popup the guard
//   reaches, `indexedDB.open(name)` of a refused name throws `SecurityError`,
//   as a browser that blocks storage does, so an SDK falls back as it does
//   in a private window. Before the engine is ready every open passes; the
//   start's sweep then closes the connections those opens made to refused
//   databases (the SDK's next transaction fails, as if storage were
//   blocked) and deletes them, so a page that keeps its connection open
//   does not keep the database (found by `consent-agent scan`).
//
// consentDatabases(wasm, allowed, isLive, tell) → { sweep(), trap(win), names() }.
//   allowed(name) → whether the core lets the page open `name` now;
//   tell(report) hands a report to the page (consentagent:sweep);
//   names() → the databases the last listing found (for audit()).

import { applyFunction, parseJson } from "./builtins.js";

export function consentDatabases(wasm, allowed, isLive, tell) {
  "use strict";
  var factory = typeof IDBFactory === "function" ? IDBFactory.prototype : null;
  var remove = factory && factory.deleteDatabase, list = factory && factory.databases;
  var store = window.indexedDB || null, found = [];
  var trapped = new WeakSet(), isTrapped = WeakSet.prototype.has, markTrapped = WeakSet.prototype.add;
  var early = []; // [name, request] of opens made before the engine was ready
  var closeConnection = typeof IDBDatabase === "function" ? IDBDatabase.prototype.close : null;
  var resultOf = typeof IDBRequest === "function" ? Object.getOwnPropertyDescriptor(IDBRequest.prototype, "result") : null;
  var listen = typeof EventTarget === "function" ? EventTarget.prototype.addEventListener : null;

  // The open() of window `win`'s IndexedDB (each realm has its own).
  function trap(win) {
    var own, open, Refusal;
    try {
      own = win.IDBFactory && win.IDBFactory.prototype;
      open = own && own.open;
      Refusal = win.DOMException;
    } catch (error) {
      return; // a frame gone or not ours
    }
    if (typeof open !== "function" || applyFunction(isTrapped, trapped, [own])) return;
    applyFunction(markTrapped, trapped, [own]);
    var guarded = function (name) {
      if (isLive() && !allowed(String(name))) {
        throw new Refusal("consent-agent: the visitor refused the category of the IndexedDB database " + String(name), "SecurityError");
      }
      var request = applyFunction(open, this, arguments);
      if (!isLive()) early[early.length] = [String(name), request];
      return request;
    };
    try {
      Object.defineProperty(own, "open", { value: guarded, writable: false, configurable: false });
    } catch (error) {
      // a page script made it unconfigurable first: the sweep still deletes
    }
  }

  // Closes the page's connections to refused databases opened before ready.
  function closeEarly() {
    var opens = early;
    early = [];
    for (var i = 0; i < opens.length; i++) {
      if (allowed(opens[i][0])) continue;
      closeWhenOpen(opens[i][1]);
    }
  }
  // An open still in flight is closed when it succeeds, and the database
  // then listed and deleted by a sweep of its own (the start's listing ran
  // before the database existed).
  function closeWhenOpen(request) {
    function close(late) {
      try {
        var connection = resultOf && applyFunction(resultOf.get, request, []);
        if (connection && closeConnection) applyFunction(closeConnection, connection, []);
        if (late === true) sweep();
      } catch (error) {
        // failed or not open yet: nothing to close
      }
    }
    close(false);
    try {
      if (listen) applyFunction(listen, request, ["success", function () { close(true); }]);
    } catch (error) {
      // not an IDBRequest
    }
  }

  function sweep() {
    closeEarly();
    if (!store || typeof list !== "function") return;
    var listing;
    try {
      listing = applyFunction(list, store, []);
    } catch (error) {
      return; // storage refused by the browser: nothing to do
    }
    listing.then(function (all) {
      var names = [];
      for (var i = 0; i < all.length; i++) {
        var name = all[i] && all[i].name;
        if (typeof name === "string") names[names.length] = name;
      }
      found = names;
      if (!names.length) return;
      // The names cross to the core as one array (any string, line breaks included).
      var report = parseJson(wasm.decideDatabases(names));
      var doomed = report.deleted, left = doomed.length;
      report.deleted = [];
      if (!left) return; // nothing refused: no report (as the watcher's sweeps)
      for (var d = 0; d < doomed.length; d++) remove1(doomed[d]);
      function remove1(entry) {
        var request, settled = false;
        function settle(gone) {
          if (gone) forget(entry.name);
          if (settled) return;
          settled = true;
          (gone ? report.deleted : report.failed).push(entry);
          if (--left === 0) tell(report);
        }
        try {
          request = applyFunction(remove, store, [entry.name]);
        } catch (error) {
          return settle(false);
        }
        request.onsuccess = function () {
          if (settled) {
            forget(entry.name);
            return tell({ deleted: [entry], kept: [], unknown: [], failed: [] }); // done once the page closed it
          }
          settle(true);
        };
        request.onerror = function () {
          settle(false);
        };
        request.onblocked = function () {
          settle(false); // reported as failed until the page closes its connection
        };
      }
    }, function () {
      // the browser refused to list (a sandboxed frame): nothing to do
    });
  }

  // A database deleted since the listing leaves audit()'s list.
  function forget(name) {
    var left = [];
    for (var i = 0; i < found.length; i++) if (found[i] !== name) left[left.length] = found[i];
    found = left;
  }

  return { sweep: sweep, trap: trap, names: function () { return found; } };
}
