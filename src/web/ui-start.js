// consent-agent: when the banner and dialog are built (ui.js builds them).
// With a data-config URL only once the file has arrived (or failed), so the
// visitor never sees the defaults switch to the site's texts. A built-in
// language this file does not carry is fetched first, once
// (consent-agent-i18n/<lang>.json beside the script); if that fails, the
// file's own language is shown. API calls and settings links
// ([data-consent-agent-open]) that come before the UI exists are done once
// it is built. In the script tag, the banner and dialog come in a file of
// their own (ui-fetch.js): the UI is built once both it and the engine are
// there.
//
// consentUiStart(wasm, api, textsUrl) → { build(), prepare(), text(key),
// title(id) }: build() builds the UI from the config in force (again after
// a data-config file arrives); prepare() only reads its texts; text() and
// title() answer in the page's language (gate.js's placeholders).

import { parseJson } from "./builtins.js";
import { CONSENT_TEXTS } from "./texts.js";
import { consentTexts } from "./ui-texts.js";
import { loadUi } from "./ui-view.js";

export function consentUiStart(wasm, api, textsUrl) {
  "use strict";
  var ui = null, texts = null, asked = {}, pending = null, building = false;
  function settings() {
    return [parseJson(wasm.ui()), parseJson(wasm.categories())];
  }
  function build() {
    if (ui) return;
    var now = settings();
    texts = consentTexts(now[0], now[1]);
    var missing = texts.missing, url = textsUrl(missing);
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
    // The builder may still be on its way (the script tag's UI file).
    loadUi(function (consentUi) {
      ui = consentUi(api, now[0], now[1], texts);
      if (pending) ui[pending]();
      pending = null;
    });
  }
  api.showBanner = function () { if (ui) ui.showBanner(); else pending = "showBanner"; };
  api.showPreferences = function () { if (ui) ui.showPreferences(); else pending = "showPreferences"; };
  api.hide = function () { if (ui) ui.hide(); else pending = null; };
  // Settings links open the preferences: at once when the UI exists, else
  // once it is built. The one listener for them. The link takes focus first
  // (Safari does not focus a clicked link), so closing the dialog returns
  // focus to it.
  document.addEventListener("click", function (event) {
    var opener = event.target && event.target.closest && event.target.closest("[data-consent-agent-open]");
    if (opener) {
      event.preventDefault();
      if (opener.focus) opener.focus();
      api.showPreferences();
    }
  });
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
