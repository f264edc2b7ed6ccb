// consent-agent consent signals: Google Consent Mode v2, Microsoft UET and
// Microsoft Clarity, in the shapes their tags read. What each signal says is
// the WebAssembly core's answer (src/signals.rs via wasm.signals()); this
// file only speaks the tags' protocols, which are JavaScript's.
//
// consentSignals(read, early) sends the `default` state at once (call it
// before any tag can run), and an update when a choice is already stored; it
// returns update(), to be called on every change, withdrawal, expiry and
// reset. `early`: the defaults earlySignals() read from the config before
// the engine was ready (sent at once), or null; with it, update.settle() is
// due when the engine is ready: an update when a choice is stored, or when
// the engine's answer differs from those defaults.
//   Google: window.dataLayer (kept if present) and, unless the page has one,
//     window.gtag, which pushes its `arguments` object: Google's tag ignores
//     plain arrays. A site's own gtag defined later pushes to the same queue.
//   Microsoft UET: window.uetq.push("consent", "default" | "update", …).
//   Clarity: clarity("consentv2", …) whenever window.clarity is (re)defined,
//     and on every update.

import { toJson } from "./builtins.js";

export function consentSignals(read, early) {
  "use strict";
  var state = early || read();
  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
  }
  function uet() {
    (window.uetq = window.uetq || []).push.apply(window.uetq, arguments);
  }
  var clarity = window.clarity;
  function tellClarity() {
    if (state.clarity && typeof clarity === "function") {
      try {
        clarity("consentv2", state.clarity);
      } catch (error) {
        // Clarity's own failure is not the page's
      }
    }
  }
  var begun = { google: false, microsoft: false };
  var update = function () {
    var was = { google: begun.google, microsoft: begun.microsoft };
    state = read();
    begin();
    if (state.google && was.google) gtag("consent", "update", state.google.update);
    if (state.microsoft && was.microsoft) uet("consent", "update", { ad_storage: state.microsoft });
    tellClarity();
  };
  // The `default` command of each signal turned on, once; then at once an
  // update when a choice is stored. (With a data-config file, Consent Mode
  // begins when the file arrives: Google's tags should come after it.)
  function begin() {
    if (state.google && !begun.google) {
      begun.google = true;
      window.dataLayer = window.dataLayer || [];
      if (typeof window.gtag !== "function") window.gtag = gtag;
      var defaults = {};
      for (var type in state.google.default) defaults[type] = state.google.default[type];
      defaults.wait_for_update = state.google.waitForUpdate;
      if (state.google.region) defaults.region = state.google.region;
      gtag("consent", "default", defaults);
      gtag("set", "ads_data_redaction", state.google.adsDataRedaction);
      gtag("set", "url_passthrough", state.google.urlPassthrough);
      if (state.decided) gtag("consent", "update", state.google.update);
    }
    if (state.microsoft && !begun.microsoft) {
      begun.microsoft = true;
      uet("consent", "default", { ad_storage: "denied" });
      if (state.decided) uet("consent", "update", { ad_storage: state.microsoft });
    }
  }
  begin();
  try {
    Object.defineProperty(window, "clarity", {
      configurable: true,
      enumerable: true,
      get: function () {
        return clarity;
      },
      set: function (value) {
        clarity = value;
        tellClarity();
      },
    });
  } catch (error) {
    // window.clarity is not configurable here: updates still reach it
  }
  tellClarity();
  update.settle = function () {
    state = read();
    var decided = state.decided;
    begin();
    if (state.google && early && early.google && (decided || toJson(state.google.update) !== toJson(early.google.default))) {
      gtag("consent", "update", state.google.update);
    }
    if (state.microsoft && early && early.microsoft && (decided || state.microsoft !== early.microsoft)) {
      uet("consent", "update", { ad_storage: state.microsoft });
    }
    tellClarity();
  };
  return update;
}

// Google's consent types with the categories that grant each by default
// (src/config/signals.rs, GOOGLE_TYPES).
var GOOGLE_TYPES = [["ad_storage", ["marketing"]], ["ad_user_data", ["marketing"]], ["ad_personalization", ["marketing"]],
  ["analytics_storage", ["analytics"]], ["functionality_storage", ["functional"]], ["personalization_storage", ["functional"]],
  ["security_storage", []]];
var DEFAULT_CATEGORIES = [{ id: "necessary", required: true }, { id: "functional" }, { id: "analytics" }, { id: "marketing" }];

// The signals' defaults from a config object, before the engine is ready,
// as the engine gives them (src/signals.rs, google_default: a type is
// granted by default when every category it needs is required; a category
// the config does not define refuses it), in the shape consentSignals
// reads; null without a config. What the engine answers when it is ready
// wins (update.settle).
export function earlySignals(config) {
  if (!config || typeof config !== "object") return null;
  var categories = Array.isArray(config.categories) ? config.categories : DEFAULT_CATEGORIES;
  function find(id) {
    for (var i = 0; i < categories.length; i++) if (categories[i] && categories[i].id === id) return categories[i];
    return null;
  }
  var google = config.googleConsentMode, state = { google: null, microsoft: null, clarity: null, decided: false };
  if (google === true || (google && typeof google === "object")) {
    var settings = google === true ? {} : google, types = {};
    GOOGLE_TYPES.forEach(function (entry) {
      var needed = Array.isArray(settings[entry[0]]) ? settings[entry[0]] : entry[1];
      types[entry[0]] = needed.every(function (id) {
        var found = find(id);
        return found && (id === "necessary" || found.required === true);
      }) ? "granted" : "denied";
    });
    var wait = settings.waitForUpdate;
    state.google = {
      default: types,
      update: types,
      waitForUpdate: typeof wait === "number" && wait >= 0 && wait <= 60000 ? Math.floor(wait) : 500,
      adsDataRedaction: settings.adsDataRedaction !== false,
      urlPassthrough: settings.urlPassthrough === true,
      region: Array.isArray(settings.region) ? settings.region : null,
    };
  }
  if (config.microsoftConsentMode !== false) state.microsoft = "denied";
  return state;
}
