// consent-agent UI: the banner, the preferences dialog and the button that
// reopens it: consentUi(api, settings, categories, texts), called by
// ui-start.js (once the engine is ready, or before when ui-early.js is
// sure of the answer), with the texts of ui-texts.js. The render-blocking
// tag carries none of this file: it ships in the engine's script
// (engine-file.js), so it does not block first paint.
//
// Isolation and CSP: everything lives in a shadow root styled by a
// constructed stylesheet (adoptedStyleSheets), so the site's CSS cannot break
// it, it cannot break the site's, and a strict Content-Security-Policy
// (style-src 'self', no 'unsafe-inline') needs no exception: no <style>
// element, no style attribute, no inline handler, no eval. Every text is set
// with textContent, never parsed as HTML. Colours, radius and font are CSS
// custom properties a site may set on #consent-agent-ui.

import { objectKeys } from "./builtins.js";

var CONSENT_CSS = [
  ":host{all:initial;--ca-bg:#fff;--ca-fg:#1b1b1b;--ca-muted:#474747;--ca-accent:#1d4ed8;--ca-accent-fg:#fff;--ca-border:#767676;",
  "--ca-radius:8px;--ca-font:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
  // Set on our own elements, not inherited from the host, which the site's CSS can reach.
  ".panel,.floating{font-family:var(--ca-font);font-size:16px;line-height:1.5;font-weight:400;letter-spacing:normal;text-align:left;text-transform:none}",
  ":host([data-theme=dark]){--ca-bg:#1c1c1e;--ca-fg:#f2f2f2;--ca-muted:#d0d0d0;--ca-accent:#8ab4ff;--ca-accent-fg:#0b0b0b;--ca-border:#a0a0a0}",
  "@media (prefers-color-scheme:dark){:host([data-theme=auto]){--ca-bg:#1c1c1e;--ca-fg:#f2f2f2;--ca-muted:#d0d0d0;--ca-accent:#8ab4ff;--ca-accent-fg:#0b0b0b;--ca-border:#a0a0a0}}",
  "[hidden]{display:none!important}",
  "*{box-sizing:border-box}",
  ".panel *{font-family:inherit;font-size:inherit;color:inherit}",
  ".panel{position:fixed;z-index:2147483646;background:var(--ca-bg);color:var(--ca-fg);border:1px solid var(--ca-border);",
  "border-radius:var(--ca-radius);padding:1rem 1.25rem;box-shadow:0 4px 24px rgba(0,0,0,.25);max-height:calc(100vh - 2rem);overflow:auto}",
  ".banner{left:1rem;right:1rem;bottom:1rem;margin:0 auto;max-width:64rem}",
  ":host([data-position=box]) .banner{left:auto;max-width:24rem}",
  ":host([data-position=modal]) .banner,.dialog{top:50%;left:50%;right:auto;bottom:auto;transform:translate(-50%,-50%);width:calc(100vw - 2rem);max-width:40rem}",
  ".backdrop{position:fixed;inset:0;z-index:2147483645;background:rgba(0,0,0,.5)}",
  ".panel h2{font-size:1.2rem;font-weight:700;margin:0 0 .5rem}",
  "p{margin:0 0 .75rem}",
  ".muted{color:var(--ca-muted)}",
  ".actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.75rem}",
  ".choices{display:flex;flex:1 1 16rem;gap:.5rem}",
  "button{cursor:pointer;border-radius:var(--ca-radius);padding:.6rem 1rem;min-height:44px;border:2px solid var(--ca-accent)}",
  ".choice{flex:1 1 0;background:var(--ca-accent);color:var(--ca-accent-fg);font-weight:600}",
  ".secondary{background:var(--ca-bg);color:var(--ca-fg);border-color:var(--ca-border)}",
  ".close{background:transparent;color:var(--ca-fg);border-color:transparent;padding:.25rem .6rem}",
  ":focus-visible{outline:3px solid var(--ca-accent);outline-offset:2px}",
  ".panel:focus{outline:none}",
  ".head{display:flex;justify-content:space-between;align-items:start;gap:1rem}",
  "ul{list-style:none;margin:0;padding:0}",
  "li{border-top:1px solid var(--ca-border);padding:.75rem 0}",
  ".row{display:flex;justify-content:space-between;align-items:center;gap:1rem;font-weight:600}",
  "input[type=checkbox]{width:2.75rem;height:1.5rem;accent-color:var(--ca-accent);cursor:pointer;flex:none}",
  "input:disabled{cursor:not-allowed}",
  ".always{font-weight:400;font-size:.9rem;color:var(--ca-muted)}",
  ".panel details{margin-top:.25rem;font-size:.9rem}",
  "summary{cursor:pointer;color:var(--ca-fg);text-decoration:underline}",
  "table{border-collapse:collapse;width:100%;margin-top:.5rem}",
  "th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid var(--ca-border);word-break:break-word}",
  ".floating{position:fixed;z-index:2147483644;left:1rem;bottom:1rem;background:var(--ca-bg);color:var(--ca-fg);border-color:var(--ca-border);",
  "font-size:.9rem;padding:.4rem .8rem;box-shadow:0 2px 8px rgba(0,0,0,.25)}",
].join("");

export function consentUi(api, settings, categories, texts) {
  "use strict";
  var doc = document;
  var noop = function () {};
  var text = texts.text, title = texts.categoryTitle, description = texts.description;
  if (!settings.enabled || typeof CSSStyleSheet === "undefined") {
    return { showBanner: noop, showPreferences: noop, hide: noop };
  }

  var host, root, banner, dialog, backdrop, floating, switches = {}, items = {}, entriesAsked = false, lastFocus = null, ids = 0;

  function el(tag, attributes, children) {
    var node = doc.createElement(tag);
    objectKeys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return node;
  }
  function button(label, className, action) {
    var node = el("button", { type: "button", class: className }, [label]);
    // Only the visitor's own click or key press: a script's .click() or
    // synthetic event is not a choice.
    node.addEventListener("click", function (event) {
      if (event.isTrusted) action(event);
    });
    return node;
  }
  function id(prefix) {
    return "ca-" + prefix + "-" + ++ids;
  }

  function decided() {
    return api.consent().decidedAt !== null;
  }
  function choose(action) {
    action();
    hide();
  }
  var acceptAll = function () { choose(api.acceptAll); };
  var rejectAll = function () { choose(api.rejectAll); };

  // The Global Privacy Control note, when the browser sends the signal and
  // the site honours it: says which categories "Accept all" leaves off.
  var refusedBySignal = categories.filter(function (c) { return c.refusedBySignal; }).map(title);
  function signalNote(noteId) {
    return refusedBySignal.length ? el("p", { id: noteId, class: "signal" }, [text("signal").replace("{categories}", refusedBySignal.join(", "))]) : doc.createTextNode("");
  }
  // The ids that describe a banner or dialog: its text, and the note when shown.
  function describedBy(textId, noteId) {
    return refusedBySignal.length ? textId + " " + noteId : textId;
  }

  function buildBanner() {
    var titleId = id("title"), textId = id("text"), noteId = id("note");
    var modal = settings.position === "modal";
    banner = el("section", {
      class: "panel banner",
      role: modal ? "dialog" : "region",
      "aria-labelledby": titleId,
      "aria-describedby": describedBy(textId, noteId),
      hidden: "",
    }, [
      el("h2", { id: titleId }, [text("bannerTitle")]),
      el("p", { id: textId }, [text("bannerText")]),
      signalNote(noteId),
      el("div", { class: "actions" }, [
        el("div", { class: "choices" }, [button(text("acceptAll"), "choice", acceptAll), button(text("rejectAll"), "choice", rejectAll)]),
        button(text("preferences"), "secondary", function () { showPreferences(); }),
      ]),
    ]);
    if (modal) banner.setAttribute("aria-modal", "true");
    root.appendChild(banner);
  }

  function buildDialog() {
    var titleId = id("title"), textId = id("text"), noteId = id("note");
    var list = el("ul");
    categories.forEach(function (category) {
      var switchId = id("switch"), descriptionId = id("description");
      var input = el("input", { type: "checkbox", role: "switch", id: switchId, "aria-describedby": descriptionId });
      if (category.required) {
        input.checked = true;
        input.disabled = true;
      }
      switches[category.id] = input;
      var label = el("label", { for: switchId }, [title(category)]);
      if (category.required) label.appendChild(el("span", { class: "always" }, [" (" + text("alwaysOn") + ")"]));
      items[category.id] = el("li", {}, [el("div", { class: "row" }, [label, input]), el("p", { id: descriptionId, class: "muted" }, [description(category)])]);
      list.appendChild(items[category.id]);
    });
    backdrop = el("div", { class: "backdrop", hidden: "" });
    dialog = el("div", { class: "panel dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, "aria-describedby": describedBy(textId, noteId), tabindex: "-1", hidden: "" }, [
      el("div", { class: "head" }, [el("h2", { id: titleId }, [text("dialogTitle")]), button("×", "close", closeDialog)]),
      el("p", { id: textId }, [text("dialogText")]),
      signalNote(noteId),
      list,
      el("div", { class: "actions" }, [
        button(text("save"), "choice", function () {
          choose(function () {
            api.accept(objectKeys(switches).filter(function (k) { return switches[k].checked; }));
          });
        }),
        button(text("acceptAll"), "choice", acceptAll),
        button(text("rejectAll"), "choice", rejectAll),
      ]),
    ]);
    dialog.querySelector(".close").setAttribute("aria-label", text("close"));
    root.appendChild(backdrop);
    root.appendChild(dialog);
  }

  // Each category's cookies, from the declaration: asked for when the dialog
  // first opens, because their provider and retention come from the
  // declaration file, which only visitors who open the dialog download.
  function fillEntries(rows) {
    categories.forEach(function (category) {
      var mine = rows.filter(function (r) { return r.category === category.id; });
      if (!mine.length) return;
      var body = el("tbody");
      mine.forEach(function (r) {
        body.appendChild(el("tr", {}, [el("th", { scope: "row" }, [r.name]), el("td", {}, [r.provider]), el("td", {}, [r.retention])]));
      });
      items[category.id].appendChild(el("details", {}, [
        el("summary", {}, [text("entries") + " (" + mine.length + ")"]),
        el("table", {}, [el("thead", {}, [el("tr", {}, [text("name"), text("provider"), text("retention")].map(function (h) {
          return el("th", { scope: "col" }, [h]);
        }))]), body]),
      ]));
    });
  }

  function mount() {
    if (host) return;
    host = el("div", { id: "consent-agent-ui", "data-theme": settings.theme, "data-position": settings.position });
    // Closed unless the site opens it for its own tests: page scripts then
    // cannot reach the buttons at all (they could not grant anyway).
    root = host.attachShadow({ mode: settings.shadowRoot === "open" ? "open" : "closed" });
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CONSENT_CSS);
    root.adoptedStyleSheets = [sheet];
    buildBanner();
    buildDialog();
    floating = button(text("settings"), "floating", function () { showPreferences(); });
    floating.hidden = true;
    root.appendChild(floating);
    root.addEventListener("keydown", onKey);
    // First in the body, so keyboard users reach the banner first.
    doc.body.insertBefore(host, doc.body.firstChild);
  }

  function focusables(container) {
    return Array.prototype.filter.call(container.querySelectorAll("button, input, summary, [href]"), function (node) {
      return !node.disabled && node.getClientRects().length > 0;
    });
  }
  function modalOpen() {
    if (dialog && !dialog.hidden) return dialog;
    if (banner && !banner.hidden && settings.position === "modal") return banner;
    return null;
  }
  function onKey(event) {
    var open = modalOpen();
    if (event.key === "Escape" && dialog && !dialog.hidden) {
      event.preventDefault();
      closeDialog();
    } else if (event.key === "Tab" && open) {
      var nodes = focusables(open), first = nodes[0], last = nodes[nodes.length - 1];
      var active = root.activeElement;
      if (event.shiftKey && (active === first || active === open)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function rememberFocus() {
    var active = doc.activeElement;
    if (active && active !== host) lastFocus = active;
  }
  function restoreFocus() {
    if (lastFocus && lastFocus.isConnected && lastFocus.focus) lastFocus.focus();
    lastFocus = null;
  }

  function showBanner() {
    mount();
    rememberFocus();
    dialog.hidden = backdrop.hidden = true;
    floating.hidden = true;
    banner.hidden = false;
    if (settings.position === "modal") {
      backdrop.hidden = false;
      (focusables(banner)[0] || banner).focus();
    }
    if (window.performance && performance.mark) performance.mark("consent-agent:banner");
  }

  function showPreferences() {
    mount();
    rememberFocus();
    var state = api.consent().categories;
    objectKeys(switches).forEach(function (k) { switches[k].checked = !!state[k]; });
    banner.hidden = true;
    floating.hidden = true;
    backdrop.hidden = false;
    dialog.hidden = false;
    dialog.focus();
    if (!entriesAsked) {
      entriesAsked = true;
      api.declaration().then(fillEntries);
    }
  }

  // Closing the dialog without a choice: back to the banner when the visitor
  // has not answered yet (Esc never dismisses an unanswered banner).
  function closeDialog() {
    if (!decided()) {
      dialog.hidden = backdrop.hidden = true;
      banner.hidden = false;
      if (settings.position === "modal") backdrop.hidden = false;
      (focusables(banner)[2] || banner).focus();
      return;
    }
    hide();
  }

  function hide() {
    if (!host) return;
    banner.hidden = dialog.hidden = backdrop.hidden = true;
    floating.hidden = !(settings.floatingButton && decided());
    restoreFocus();
  }

  // Taken down (a banner shown before the engine was ready, which the
  // engine's settings replace): gone from the page, deaf to changes.
  var gone = false;
  function destroy() {
    gone = true;
    if (host && host.parentNode) host.parentNode.removeChild(host);
  }

  function start() {
    if (gone) return;
    // A choice made through the API closes the UI; a forgotten one asks again.
    window.addEventListener("consentagent:change", function () {
      if (gone) return;
      if (!decided()) showBanner();
      else if (host && (!banner.hidden || !dialog.hidden)) hide();
      else if (host) floating.hidden = !settings.floatingButton;
    });
    if (decided()) {
      if (settings.floatingButton) {
        mount();
        floating.hidden = false;
      }
    } else {
      showBanner();
    }
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();

  return { showBanner: showBanner, showPreferences: showPreferences, hide: hide, destroy: destroy };
}
