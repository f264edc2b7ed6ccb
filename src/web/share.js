// consent-agent: a choice leaves the tab. Proof of consent goes to the
// site's consentLog address, and the site's other open tabs learn of the
// choice. Both are browser protocols (sendBeacon, BroadcastChannel), so
// JavaScript; what is sent is the core's consent state.
//
// consentShare(state, otherTab) → told(kind, before): `state()` is the raw
// consent state (wasm.consent(), seconds); `otherTab()` is called when
// another tab of this origin says it recorded a choice (the caller re-reads
// the record, sweeps, updates its UI and fires consentagent:change); told()
// is called after every choice or reset with the state before it.
//
// The proof (POST, JSON; documented in README.md and schema.json):
//   { event: "choice" | "withdrawal" | "reset", id, granted: [ids],
//     denied: [ids], revision, decidedAt, expiresAt (ISO dates),
//     page (origin + path, no query or fragment), configRevision,
//     globalPrivacyControl, sentAt }
// sent with navigator.sendBeacon (falling back to fetch with keepalive),
// never awaited, without any cookie's value in it. "withdrawal": a choice
// that refuses a category the previous one granted; "reset": the record
// being forgotten (its id and categories).

import { toJson, objectKeys } from "./builtins.js";

export function consentShare(state, otherTab) {
  "use strict";
  var channel = null;
  try {
    channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("consent-agent:" + state().cookie) : null;
  } catch (error) {
    channel = null; // opaque origins (sandboxed frames) have none: the watcher's record check still runs
  }
  if (channel) channel.onmessage = function () { otherTab(); };

  function iso(seconds) {
    return seconds === null ? null : new Date(seconds * 1000).toISOString();
  }
  function proof(kind, now) {
    var ids = objectKeys(now.categories);
    return toJson({
      event: kind,
      id: now.id,
      granted: ids.filter(function (id) { return now.categories[id]; }),
      denied: ids.filter(function (id) { return !now.categories[id]; }),
      revision: now.revision,
      decidedAt: iso(now.decidedAt),
      expiresAt: iso(now.expiresAt),
      page: location.origin + location.pathname,
      configRevision: now.configRevision,
      globalPrivacyControl: now.globalPrivacyControl,
      sentAt: new Date().toISOString(),
    });
  }
  function send(url, body) {
    var target;
    try {
      target = new URL(url, location.href);
    } catch (error) {
      return;
    }
    var type = target.origin === location.origin ? "application/json" : "text/plain;charset=UTF-8";
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(target.href, new Blob([body], { type: type }))) return;
    } catch (error) {
      // fall through to fetch
    }
    try {
      fetch(target.href, { method: "POST", body: body, headers: { "Content-Type": type }, keepalive: true, credentials: "same-origin" })
        .catch(function () {});
    } catch (error) {
      // the page's own fetch is broken: nothing more to try
    }
  }

  return function told(kind, before) {
    var now = state();
    if (now.log) {
      if (kind === "reset") {
        send(now.log, proof("reset", before));
      } else {
        var withdrawn = objectKeys(before.categories).some(function (id) {
          return before.decidedAt !== null && before.categories[id] && !now.categories[id];
        });
        send(now.log, proof(withdrawn ? "withdrawal" : "choice", now));
      }
    }
    if (channel) channel.postMessage(kind);
  };
}
