// consent-agent consent signals: Google Consent Mode v2, Microsoft UET and
// Microsoft Clarity, in the shapes their tags read. What each signal says is
// the WebAssembly core's answer (src/signals.rs via wasm.signals()); this
// file only speaks the tags' protocols, which are JavaScript's.
//
// consentSignals(read) sends the `default` state at once (call it before any
// tag can run), and an update when a choice is already stored; it returns
// update(), to be called on every change, withdrawal, expiry and reset.
//   Google: window.dataLayer (kept if present) and, unless the page has one,
//     window.gtag, which pushes its `arguments` object: Google's tag ignores
//     plain arrays. A site's own gtag defined later pushes to the same queue.
//   Microsoft UET: window.uetq.push("consent", "default" | "update", …).
//   Clarity: clarity("consentv2", …) whenever window.clarity is (re)defined,
//     and on every update.

export function consentSignals(read) {
  "use strict";
  var state = read();
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
  return function update() {
    var was = { google: begun.google, microsoft: begun.microsoft };
    state = read();
    begin();
    if (state.google && was.google) gtag("consent", "update", state.google.update);
    if (state.microsoft && was.microsoft) uet("consent", "update", { ad_storage: state.microsoft });
    tellClarity();
  };
}
