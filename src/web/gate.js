// consent-agent gating: scripts, iframes and images held until consent.
// Part of the web layer; bundle.mjs puts it inside the same function scope
// as agent.js. gate(api, ui, reloadOnWithdraw, agentNonce) is called by startAgent; `ui`
// gives the texts (ui.text) and category titles (ui.title) in the page's language.
//
//   <script type="text/plain" data-consent-category="analytics" [data-src="…"] [data-type="module"]>
//   <iframe data-consent-category="marketing" data-src="…"></iframe>   (and <img>)
//
// A script runs once per page, when every category in its space-separated
// data-consent-category is granted, in document order (an external script is
// waited for before the next one runs), with its attributes and nonce carried
// over. A frame or image loads on grant; meanwhile it is hidden and preceded
// by a placeholder offering to accept its category. Scripts cannot be
// un-run: when a category whose scripts ran is withdrawn, the agent has
// already swept, and with "reloadOnWithdraw" it reloads the page.

import { objectKeys } from "./builtins.js";

export function gate(api, ui, reloadOnWithdraw, agentNonce) {
  "use strict";
  var doc = document;
  var ranFor = {}; // category id -> true once a script needing it ran
  // The documents whose held scripts are released: the page's, and the
  // same-origin frames' that auto-blocking held scripts in (adopt()).
  var docs = [doc];
  var busy = new WeakSet(); // documents where a gated external script is loading

  function categoriesOf(element) {
    return (element.getAttribute("data-consent-category") || "").split(/\s+/).filter(Boolean);
  }
  function allowed(element) {
    var needed = categoriesOf(element);
    return needed.length > 0 && needed.every(function (id) { return api.accepted(id); });
  }

  // Runs the held scripts of `doc` now allowed, one at a time in document order.
  function releaseScripts(doc) {
    if (busy.has(doc)) return;
    var held = doc.querySelectorAll('script[type="text/plain"][data-consent-category]');
    for (var i = 0; i < held.length; i++) {
      var original = held[i];
      if (!allowed(original)) continue;
      var script = doc.createElement("script");
      for (var a = 0; a < original.attributes.length; a++) {
        var attribute = original.attributes[a];
        if (attribute.name !== "type" && attribute.name !== "data-src" && attribute.name !== "data-type") {
          script.setAttribute(attribute.name, attribute.value);
        }
      }
      // The held script's own nonce, else the agent tag's (a nonce-based CSP
      // then lets the released script run).
      if (original.nonce || agentNonce) script.nonce = original.nonce || agentNonce;
      if (original.hasAttribute("data-type")) script.type = original.getAttribute("data-type");
      categoriesOf(original).forEach(function (id) { ranFor[id] = true; });
      var src = original.getAttribute("data-src");
      if (src) {
        busy.add(doc);
        script.async = false;
        script.onload = script.onerror = function () {
          busy.delete(doc);
          releaseScripts(doc);
        };
        script.src = src;
      } else {
        script.text = original.text;
      }
      original.parentNode.replaceChild(script, original);
      if (busy.has(doc)) return;
      held = doc.querySelectorAll('script[type="text/plain"][data-consent-category]');
      i = -1;
    }
  }

  function placeholderFor(element) {
    var next = element.previousElementSibling;
    if (next && next.getAttribute("data-consent-agent-placeholder") !== null) return next;
    var needed = categoriesOf(element);
    var titles = needed.map(ui.title).join(", ");
    var box = doc.createElement("div");
    box.setAttribute("data-consent-agent-placeholder", "");
    box.setAttribute("role", "region");
    var message = ui.text("placeholder").replace("{categories}", titles);
    box.setAttribute("aria-label", message);
    box.className = "consent-agent-placeholder";
    var text = doc.createElement("p");
    text.textContent = message;
    var button = doc.createElement("button");
    button.type = "button";
    button.textContent = ui.text("placeholderButton").replace("{categories}", titles);
    button.addEventListener("click", function (event) {
      if (!event.isTrusted) return; // a script's click is not the visitor's choice
      var state = api.consent().categories;
      api.accept(objectKeys(state).filter(function (id) { return state[id]; }).concat(needed));
    });
    box.appendChild(text);
    box.appendChild(button);
    element.parentNode.insertBefore(box, element);
    return box;
  }

  // Loads the frames and images now allowed; holds the others behind a placeholder.
  function releaseFrames() {
    var held = doc.querySelectorAll("iframe[data-consent-category][data-src], img[data-consent-category][data-src]");
    Array.prototype.forEach.call(held, function (element) {
      if (allowed(element)) {
        var box = element.previousElementSibling;
        if (box && box.getAttribute("data-consent-agent-placeholder") !== null) box.remove();
        element.hidden = false;
        element.src = element.getAttribute("data-src");
        element.removeAttribute("data-src");
      } else {
        element.hidden = true;
        placeholderFor(element);
      }
    });
  }

  function release() {
    docs = docs.filter(function (d) { return !!d.defaultView; }); // frames since removed
    docs.forEach(releaseScripts);
    releaseFrames();
  }

  function onChange() {
    var withdrawn = objectKeys(ranFor).some(function (id) { return !api.accepted(id); });
    if (withdrawn && reloadOnWithdraw()) {
      location.reload();
      return;
    }
    release();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", release);
  else release();
  window.addEventListener("consentagent:change", onChange);
  // Auto-blocking holds more elements as they arrive: frames get their
  // placeholder at once (scripts wait for a grant).
  return {
    held: releaseFrames,
    // A frame's document where auto-blocking held scripts: released with the page's.
    adopt: function (frameDoc) {
      if (docs.indexOf(frameDoc) < 0) docs.push(frameDoc);
    },
  };
}
