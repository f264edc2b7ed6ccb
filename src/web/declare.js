// consent-agent: the cookie declaration, for a cookie-policy page
// ([data-consent-agent-declaration] elements) and the preferences dialog.
// The rows come from the WebAssembly core (what is on the page and what
// each entry is); providers, retentions and purposes of pack and catalog
// rows come from consent-agent-declaration.json, fetched once when first
// asked for (inside the tag they would cost every visitor about 3 KB gzip).
//
// consentDeclaration(wasm, declarationUrl, log) → { rows(), render() }:
// rows() is the promise declaration() returns; render() fills the page's
// declaration elements, one captioned table per category, text only.

import { parseJson } from "./builtins.js";

export function consentDeclaration(wasm, declarationUrl, log) {
  "use strict";
  // Provider, retention, purpose and server-set of pack and catalog rows are
  // not in the module (every visitor would download them): they are in the
  // declaration file, fetched once, the first time the declaration is asked
  // for. Without it those rows still list name, storage and category.
  var details = null;
  function loadDetails() {
    if (!details) {
      details = (declarationUrl ? fetch(declarationUrl, { credentials: "same-origin" }) : Promise.reject(new Error("no address (set data-declaration on the script tag)")))
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP status " + response.status);
          return response.json();
        })
        .catch(function (error) {
          log("error", "could not load the declaration file " + declarationUrl + ": " + error.message +
            "; rows from platform packs and the catalog have no provider, retention or purpose");
          return {};
        });
    }
    return details;
  }
  function own(object, key) {
    return object && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;
  }
  function declaration() {
    var rows = parseJson(wasm.declaration());
    var needed = rows.some(function (r) { return r.source !== "site"; });
    return (needed ? loadDetails() : Promise.resolve({})).then(function (file) {
      return rows.map(function (r) {
        var found = r.source === "site" ? [r.provider, r.retention, r.purpose] : own(own(own(file, r.source), r.storage), r.name) || [];
        return {
          name: r.name,
          storage: r.storage,
          category: r.category,
          source: r.source,
          provider: String(found[0] || ""),
          retention: String(found[1] || ""),
          purpose: String(found[2] || ""),
          serverSet: found[3] === true,
        };
      });
    });
  }

  // Fills every [data-consent-agent-declaration] element with one captioned
  // table per category. Every text goes in as text, never as HTML.
  var renders = 0;
  function renderDeclarations() {
    if (!document.querySelector("[data-consent-agent-declaration]")) return;
    var render = ++renders;
    declaration().then(function (rows) {
      if (render === renders) fillDeclarations(rows);
    });
  }
  function fillDeclarations(rows) {
    var targets = document.querySelectorAll("[data-consent-agent-declaration]");
    var categories = parseJson(wasm.categories());
    function cell(row, tag, text, scope) {
      var element = document.createElement(tag);
      element.textContent = text;
      if (scope) element.setAttribute("scope", scope);
      row.appendChild(element);
      return element;
    }
    Array.prototype.forEach.call(targets, function (target) {
      var parts = [];
      categories.forEach(function (category) {
        var mine = rows.filter(function (r) { return r.category === category.id; });
        if (!mine.length) return;
        var table = document.createElement("table");
        table.className = "consent-agent-declaration";
        var caption = document.createElement("caption");
        caption.textContent = category.title + (category.description ? " — " + category.description : "");
        table.appendChild(caption);
        var head = table.createTHead().insertRow();
        ["Name", "Storage", "Provider", "Retention", "Purpose"].forEach(function (title) { cell(head, "th", title, "col"); });
        var body = table.createTBody();
        mine.forEach(function (r) {
          var tr = body.insertRow();
          cell(tr, "th", r.name, "row");
          cell(tr, "td", r.storage);
          cell(tr, "td", r.provider);
          cell(tr, "td", r.retention);
          cell(tr, "td", r.purpose + (r.serverSet ? " (set by the server, which must honour the choice)" : ""));
        });
        parts.push(table);
      });
      target.replaceChildren.apply(target, parts);
    });
  }

  return { rows: declaration, render: renderDeclarations };
}
