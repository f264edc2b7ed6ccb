// consent-agent: which scripts and frames to hold before the engine is
// ready. The engine classifies a source by the catalog's `script` rows and
// the site's rules (src/sources.rs); until it is ready, auto-blocking
// (autoblock.js) asks this file instead, which matches the same patterns
// (SOURCE_PATTERNS, the rows' patterns, made from catalog/catalog.tsv by
// tools/bundle.mjs, and those of the config on the page) the same way:
// `host` or `*.domain`, then an optional path where `*` matches any run of
// characters; the URL without scheme, port, query or fragment. It does not
// know the categories (they are the engine's): what it holds gets the
// category `?`, which nothing grants, and when the engine is ready each is
// classified again (agent.js, reclassify): a source the engine does not
// hold (allowed by a rule only a later config says) runs then, in
// document order with the other held ones.
//
// earlySources(config) → classify(url) → "" (not held) or "? early".
// `config` is the page's config object as parsed, or null (a data-config
// file, or none: the catalog's patterns only).

import { SOURCE_PATTERNS } from "consent-agent:sources";

var URLClass = URL;

export var EARLY = "?";

export function earlySources(config) {
  "use strict";
  var held = [], allowed = [];
  // [host pattern, path RegExp or null] of `host/path`, a scheme or `//` allowed in front.
  function compile(list, pattern) {
    if (typeof pattern !== "string" || !pattern) return;
    var bare = pattern.replace(/^(https?:)?\/\//i, ""), slash = bare.indexOf("/");
    var host = (slash < 0 ? bare : bare.slice(0, slash)).toLowerCase();
    var path = slash < 0 ? null : new RegExp("^" + bare.slice(slash).split("*").map(function (part) {
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("[\\s\\S]*") + "$");
    list.push([host, path]);
  }
  SOURCE_PATTERNS.split(" ").forEach(function (p) {
    compile(held, p);
  });
  var autoBlock = config && config.autoBlock;
  if (autoBlock === false) return function () { return ""; };
  if (autoBlock && Array.isArray(autoBlock.allow)) autoBlock.allow.forEach(function (p) { compile(allowed, p); });
  if (config && Array.isArray(config.rules)) {
    config.rules.forEach(function (rule) {
      if (rule && Array.isArray(rule.scripts)) rule.scripts.forEach(function (p) { compile(held, p); });
    });
  }
  function hostMatches(pattern, host) {
    if (pattern.slice(0, 2) !== "*.") return pattern === host;
    var domain = pattern.slice(2);
    return host === domain || host.slice(-domain.length - 1) === "." + domain;
  }
  function any(list, host, path) {
    return list.some(function (p) {
      return hostMatches(p[0], host) && (!p[1] || p[1].test(path));
    });
  }
  return function classify(url) {
    var host, path;
    try {
      var parsed = new URLClass(url);
      host = parsed.hostname.toLowerCase();
      path = parsed.pathname;
    } catch (error) {
      return "";
    }
    if (!host || any(allowed, host, path)) return "";
    return any(held, host, path) ? EARLY + " early" : "";
  };
}
