// consent-agent: when the banner and dialog are built (ui.js builds them).
// With a data-config URL only once the file has arrived (or failed), so the
// visitor never sees the defaults switch to the site's texts. A built-in
// language this file does not carry is fetched first, once
// (consent-agent-i18n/<lang>.json beside the script); if that fails, the
// file's own language is shown. What the page asked of the UI before it
// was built (kit.uiPending: agent.js's showBanner, showPreferences) is done
// once it is; kit.ui is the built UI.
//
// consentUiStart(wasm, kit) → { build(), prepare(), text(key), title(id) }:
// build() builds the UI from the config in force (again after a
// data-config file arrives); prepare() only reads its texts; text() and
// title() answer in the page's language (gate.js's placeholders).

import { parseJson } from "./builtins.js";
import { CONSENT_TEXTS } from "./texts.js";
import { consentTexts } from "./ui-texts.js";
import { consentUi } from "./ui-view.js";

export function consentUiStart(wasm, kit) {
  "use strict";
  var texts = null, asked = {}, building = false;
  function settings() {
    return [parseJson(wasm.ui()), parseJson(wasm.categories())];
  }
  function build() {
    if (kit.ui) return;
    var now = settings();
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
    kit.ui = consentUi(kit.api, now[0], now[1], texts);
    var pending = kit.uiPending;
    kit.uiPending = null;
    if (pending) kit.ui[pending]();
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
