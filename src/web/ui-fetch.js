// consent-agent: the banner and dialog (ui.js) in a file of their own,
// consent-agent-ui.<hash>.js beside the tag (UI_FILE, named by the build,
// cacheable for a year), so the script tag that blocks rendering does not
// carry them: they are needed only once the engine is ready. The tag
// requests the file as it starts, in parallel with the engine, with its
// own nonce. The file (ui-file.js) hands its builder over through an event
// on its own script element; the builder is taken only while that very
// element runs (document.currentScript, read through the getter taken
// here), so no page script can hand over another. If the file cannot be
// loaded, the banner cannot be shown: nothing is granted (only required
// categories), and the console says why.

import { applyFunction } from "./builtins.js";

export var UI_HANDOVER = "consent-agent:ui";
var currentScript = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get;
var builder = null, waiting = [];

// Inserts the UI's script element (once), beside the tag `tag`.
export function requestUi(tag) {
  var element = document.createElement("script"), url = UI_FILE;
  try {
    url = new URL(UI_FILE, tag && tag.src ? tag.src : location.href).href;
  } catch (error) {
    // a page whose URL the browser cannot parse: relative to the page
  }
  element.addEventListener(UI_HANDOVER, function (event) {
    if (builder || applyFunction(currentScript, document, []) !== element || typeof event.detail !== "function") return;
    builder = event.detail;
    var all = waiting;
    waiting = [];
    for (var i = 0; i < all.length; i++) all[i](builder);
  });
  element.addEventListener("error", function () {
    console.error("consent-agent: could not load " + url + ", so the banner cannot be shown; only required categories are allowed");
  });
  try {
    if (tag && tag.nonce) element.nonce = tag.nonce;
    element.src = url;
    (document.head || document.documentElement).appendChild(element);
  } catch (error) {
    // (a page that enforces Trusted Types refuses a plain URL here)
    console.error("consent-agent: could not request " + url + ", so the banner cannot be shown", error);
  }
}

// Calls done(consentUi) once the file has handed it over.
export function loadUi(done) {
  if (builder) done(builder);
  else waiting[waiting.length] = done;
}
