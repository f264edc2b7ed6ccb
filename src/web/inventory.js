// consent-agent: what the page stores and why, entry by entry (`audit()`,
// and the console table of `data-debug`): the core's rows for cookies and
// both web storages, the databases the last IndexedDB sweep listed
// (databases.js), and the scripts and frames auto-blocking holds. Unknown
// entries first: they are the ones a site must decide about (with
// "unknown": "delete", every one not named like a session, token, cart or
// consent record is deleted).
//
// consentInventory(wasm, held, databaseNames, log) → { audit(), print() }:
// held() → auto-blocking's list; databaseNames() → the last listing.

import { parseJson, toJson } from "./builtins.js";

export function consentInventory(wasm, held, databaseNames, log) {
  "use strict";
  function audit() {
    var rows = parseJson(wasm.audit(databaseNames()));
    // Scripts and frames held by auto-blocking, with their source and category.
    var sources = held().map(function (h) {
      return { name: h.url, storage: h.kind, category: h.category, source: h.source, allowed: false };
    });
    return rows.filter(function (r) { return !r.category; }).concat(rows.filter(function (r) { return r.category; }), sources);
  }
  function print() {
    var rows = audit(), unknown = rows.filter(function (r) { return !r.category; });
    unknown.forEach(function (r) {
      var field = r.storage === "cookie" ? "cookies" : r.storage;
      r.hint = '{ "category": "…", "' + field + '": [' + toJson(r.name) + "] }";
    });
    log("info", "what this page stores (unknown entries first; add a rule for each)");
    console.table(unknown.concat(rows.filter(function (r) { return r.category; })));
  }
  return { audit: audit, print: print };
}
