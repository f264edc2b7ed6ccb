// consent-agent: the UI's texts in the page's language (texts.js holds the
// languages one file carries). In the script tag, not in the UI's own file:
// the placeholders of held frames (gate.js) need them too, and whether a
// language must be fetched is known before the UI is built.

import { objectKeys } from "./builtins.js";
import { CONSENT_TEXTS, CONSENT_LANGUAGES } from "./texts.js";

// The texts in the page's language: config language, else <html lang>, else
// the tag's own language; per-language overrides from the config win; a
// category's own title and description win over the built-in ones.
// `missing` names a built-in language this file does not carry (texts.js),
// which the caller may fetch before showing anything.
export function consentTexts(settings, categories) {
  var own = objectKeys(CONSENT_TEXTS)[0];
  var wanted = String(settings.language || document.documentElement.lang || own).toLowerCase().split("-")[0];
  var language = CONSENT_TEXTS[wanted] ? wanted : own;
  var overrides = (settings.texts || {})[wanted] || {};
  function text(key) {
    if (overrides[key] !== undefined) return overrides[key];
    return CONSENT_TEXTS[language][key] !== undefined ? CONSENT_TEXTS[language][key] : CONSENT_TEXTS[own][key];
  }
  function title(category) {
    return category.title !== category.id || !CONSENT_TEXTS[own][category.id + "Title"] ? category.title : text(category.id + "Title");
  }
  return {
    missing: !CONSENT_TEXTS[wanted] && CONSENT_LANGUAGES.indexOf(wanted) >= 0 ? wanted : "",
    text: text,
    categoryTitle: title,
    description: function (category) { return category.description || text(category.id + "Text") || ""; },
    title: function (id) {
      var found = categories.filter(function (c) { return c.id === id; })[0];
      return found ? title(found) : id;
    },
  };
}
