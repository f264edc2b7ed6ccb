// consent-agent: when the banner and dialog are built (ui.js builds them).
// With a data-config URL only once the file has arrived (or failed), so the
// visitor never sees the defaults switch to the site's texts. A built-in
// language this file does not carry is fetched first, once
// (consent-agent-i18n/<lang>.json beside the script); if that fails, the
// file's own language is shown. What the page asked of the UI before it
// was built (kit.uiPending: agent.js's showBanner, showPreferences) is done
// once it is; kit.ui is the built UI.
//
// A banner may have been shown before the engine was ready (ui-early.js,
// consentUiEarly): build() keeps it when the engine's settings are the
// same, else replaces it.
//
// consentUiStart(wasm, kit) → { build(), prepare(), text(key), title(id) }:
// build() builds the UI from the config in force (again after a
// data-config file arrives); prepare() only reads its texts; text() and
// title() answer in the page's language (gate.js's placeholders).

import { parseJson, toJson } from "./builtins.js";
import { CONSENT_TEXTS } from "./texts.js";
import { consentTexts } from "./ui-texts.js";
import { consentUi } from "./ui-view.js";
import { earlyUiSettings } from "./ui-early.js";

// The API as the UI calls it: before the engine is ready, the state is
// "nothing decided, required categories only" (the early banner's).
function uiApi(kit, categories) {
  var api = kit.api;
  return {
    consent: function () {
      if (kit.live) return api.consent();
      var state = {};
      for (var i = 0; i < categories.length; i++) state[categories[i].id] = categories[i].required;
      return { categories: state, decidedAt: null };
    },
    acceptAll: api.acceptAll,
    rejectAll: api.rejectAll,
    accept: api.accept,
    declaration: api.declaration,
  };
}
function built(kit, ui) {
  kit.ui = ui;
  var pending = kit.uiPending;
  kit.uiPending = null;
  if (pending) ui[pending]();
}

// The banner before the module is there, when its answer is certain (ui-early.js).
export function consentUiEarly(kit) {
  if (kit.ui || kit.live) return;
  var now = earlyUiSettings(kit);
  if (!now) return;
  var texts = consentTexts(now[0], now[1]);
  if (texts.missing) return; // a built-in language to fetch first: the engine's start does
  kit.uiEarly = toJson(now);
  built(kit, consentUi(uiApi(kit, now[1]), now[0], now[1], texts));
}

export function consentUiStart(wasm, kit) {
  "use strict";
  var texts = null, asked = {}, building = false;
  function settings() {
    return [parseJson(wasm.ui()), parseJson(wasm.categories())];
  }
  function build() {
    var now = settings();
    if (kit.uiEarly) {
      var same = kit.uiEarly === toJson(now);
      kit.uiEarly = null;
      if (same) {
        texts = consentTexts(now[0], now[1]);
        return;
      }
      kit.ui.destroy();
      kit.ui = null;
    }
    if (kit.ui) return;
    texts = consentTexts(now[0], now[1]);
    var missing = texts.missing, url = kit.settings.textsUrl(missing);
    if (missing && url && !asked[missing]) {
      asked[missing] = true;
      fetch(url).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (found) {
        if (found && typeof found === "object") CONSENT_TEXTS[missing] = found;
      }).then(build, build);
      return;
    }
    if (building) return;
    building = true;
    built(kit, consentUi(uiApi(kit, now[1]), now[0], now[1], texts));
  }
  return {
    build: build,
    prepare: function () {
      var now = settings();
      texts = consentTexts(now[0], now[1]);
    },
    text: function (key) { return texts.text(key); },
    title: function (id) { return texts.title(id); },
  };
}
