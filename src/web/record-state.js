// consent-agent: the consent state as the page's JavaScript needs it: the
// public `consent()` object (dates as ISO 8601), when the stored choice
// lapses (the visitor is asked again and the signals say "denied" again),
// and a choice's random id. One reading of the core's state per
// change (`note()`).
//
// consentState(wasm) → { consent(), note(), expired(), randomId() }.

import { parseJson } from "./builtins.js";

export function consentState(wasm) {
  "use strict";
  var expiresAt = null;
  function isoDate(seconds) {
    return seconds === null ? null : new Date(seconds * 1000).toISOString();
  }
  function consent() {
    var state = parseJson(wasm.consent());
    return {
      categories: state.categories,
      revision: state.revision,
      decidedAt: isoDate(state.decidedAt),
      expiresAt: isoDate(state.expiresAt),
      id: state.id,
      globalPrivacyControl: state.globalPrivacyControl,
    };
  }
  function note() {
    var state = parseJson(wasm.consent());
    expiresAt = state.expiresAt;
  }
  function expired() {
    return expiresAt !== null && Date.now() / 1000 >= expiresAt;
  }
  function randomId() {
    var bytes = new Uint8Array(8), hex = "";
    crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] + 256).toString(16).slice(1);
    return hex;
  }
  return { consent: consent, note: note, expired: expired, randomId: randomId };
}
