// consent-agent: the banner before the module is there. The engine's
// script usually arrives well before the module (about 12 KB against
// 57 KB gzip): when the answer is certain without the engine, the banner
// is shown then. Certain means: the config is on the page and is JSON
// (no data-config file), the banner is on, the page holds no stored choice
// (neither the record cookie nor the agent's copy of it in localStorage,
// under the configured name) and the browser sends no Global Privacy
// Control (which notes change). The settings are read here the way the
// engine answers them (src/web/answers.rs, ui() and categories()); a
// value this reading does not know shows no early banner. The visitor's
// clicks meanwhile are queued as API calls are (README, "Before the
// engine is ready"), with the activation they had. Once the engine is
// ready, ui-start.js compares its answer with this one: the same, and the
// banner stays; else it is replaced (an invalid config, for one).
//
// earlyUiSettings(kit) → [settings, categories], or null when the engine
// must decide first.

import { applyFunction, storageGet, objectKeys } from "./builtins.js";

var STANDARD_CATEGORIES = ["necessary", "functional", "analytics", "marketing"];

export function earlyUiSettings(kit) {
  var page = kit.settings;
  if (page.configUrl || page.configProblem || navigator.globalPrivacyControl === true) return null;
  var config = page.earlyConfig === null || page.earlyConfig === undefined ? {} : page.earlyConfig;
  if (!isObject(config)) return null;
  // A stored choice: whether it still holds is the engine's to say.
  var cookie = config.consentCookie === undefined ? {} : config.consentCookie;
  var record = isObject(cookie) && cookie.name === undefined ? "consent_agent" : isObject(cookie) && cookie.name;
  if (typeof record !== "string" || !record) return null;
  try {
    var jar = "; " + applyFunction(kit.cookieAccessor.get, document, []);
    if (jar.indexOf("; " + record + "=") >= 0) return null;
    if (kit.stores[1] && applyFunction(storageGet, kit.stores[1], [record]) !== null) return null;
  } catch (error) {
    return null;
  }
  var ui = config.ui === undefined || config.ui === true ? {} : config.ui;
  if (!isObject(ui) || ui.enabled === false) return null;
  var settings = {
    enabled: true,
    language: optional(ui.language),
    texts: texts(ui.texts),
    theme: oneOf(ui.theme, ["auto", "light", "dark"]),
    position: oneOf(ui.position, ["bar", "box", "modal"]),
    floatingButton: ui.floatingButton === undefined ? true : ui.floatingButton,
    shadowRoot: oneOf(ui.shadowRoot, ["closed", "open"]),
  };
  var categories = list(config.categories);
  if (settings.language === false || !settings.texts || !settings.theme || !settings.position ||
    typeof settings.floatingButton !== "boolean" || !settings.shadowRoot || !categories) return null;
  return [settings, categories];
}

function isObject(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function optional(value) {
  return value === undefined || value === null ? null : typeof value === "string" ? value : false;
}
// The first of `allowed` when absent; null when not one of them.
function oneOf(value, allowed) {
  if (value === undefined) return allowed[0];
  return allowed.indexOf(value) >= 0 ? value : null;
}
// { language: { key: text } }, every text a string.
function texts(value) {
  if (value === undefined) return {};
  if (!isObject(value)) return null;
  var out = {}, languages = objectKeys(value);
  for (var i = 0; i < languages.length; i++) {
    var table = value[languages[i]];
    if (!isObject(table)) return null;
    var keys = objectKeys(table), copy = {};
    for (var k = 0; k < keys.length; k++) {
      if (typeof table[keys[k]] !== "string") return null;
      copy[keys[k]] = table[keys[k]];
    }
    out[languages[i]] = copy;
  }
  return out;
}
// The categories as the engine lists them; the four standard ones by default.
function list(value) {
  var given = value === undefined ? STANDARD_CATEGORIES.map(function (id) { return { id: id, required: id === "necessary" }; }) : value;
  if (!Array.isArray(given) || !given.length) return null;
  var out = [];
  for (var i = 0; i < given.length; i++) {
    var c = given[i];
    if (!isObject(c) || typeof c.id !== "string" || !c.id) return null;
    var title = optional(c.title), description = optional(c.description);
    if (title === false || description === false || (c.required !== undefined && typeof c.required !== "boolean")) return null;
    out[out.length] = { id: c.id, required: c.required === true || c.id === "necessary", title: title || c.id, description: description, refusedBySignal: false };
  }
  return out;
}
