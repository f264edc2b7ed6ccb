// consent-agent: what the page tells the agent before anything runs: the
// tag's attributes (data-config, data-declaration), the config element as
// it is when the tag runs (one after the tag is not read: tag.js says so
// in the console), and the addresses of the files beside the tag.
//
// pageSettings(script, options) → { configUrl, configText, pageConfig,
// configProblem, earlyConfig, declarationUrl, textsUrl(language) }:
// `pageConfig` is the element's JSON parsed once, for the tag's early work
// and for the engine (null without an element or when it is not JSON,
// `configProblem` says why; the engine reports it); `earlyConfig` is what
// the tag's early work uses (the ES module's own config, else the page's).

import { parseJson } from "./builtins.js";

export function pageSettings(script, options) {
  "use strict";
  var configUrl = script && script.getAttribute("data-config");
  var configElement = document.getElementById("consent-agent-config");
  var configText = configElement ? configElement.textContent : null;
  var pageConfig = null, configProblem = "";
  if (configText !== null) {
    try {
      pageConfig = parseJson(configText);
    } catch (error) {
      configProblem = "not valid JSON: " + error.message;
    }
  }
  function besideScript(file) {
    try {
      return new URL(file, script.src).href;
    } catch (error) {
      return ""; // an inline script, or a base URL files cannot be beside (data:, blob:)
    }
  }
  return {
    configUrl: configUrl,
    configText: configText,
    pageConfig: pageConfig,
    configProblem: configProblem,
    earlyConfig: options.config !== undefined ? options.config : pageConfig,
    // The declaration file: data-declaration on the script tag, else beside
    // the script (the ES module passes its own).
    declarationUrl: (script && (script.getAttribute("data-declaration") || besideScript("consent-agent-declaration.json"))) ||
      options.declaration || "",
    // A built-in language's texts: the ES module's pattern, else beside the tag.
    textsUrl: function (language) {
      if (!language) return "";
      var file = "consent-agent-i18n/" + language + ".json";
      if (options.texts) return options.texts.replace("{lang}", language);
      return script ? besideScript(file) : "";
    },
  };
}
