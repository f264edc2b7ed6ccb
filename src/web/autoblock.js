// consent-agent auto-blocking: scripts and frames from known third-party
// sources (the `script` rows of catalog/catalog.tsv, and the site's rules[].scripts) are held
// until their category is granted, without the site tagging them. What a
// URL is comes from the WebAssembly core (wasm.classifySource); this file
// only intercepts elements, which is JavaScript's job.
//
// A held element is turned into what gate.js already holds and releases:
// <script type="text/plain" data-consent-category=… data-src=…> (the
// original type kept in data-type) and <iframe data-consent-category=…
// data-src=…> behind an accessible placeholder. data-consent-agent-held
// says who held it (catalog or site). On grant gate.js runs held scripts once, in document
// order, with their attributes and nonce, and loads held frames.
//
// Interception, so the URL is never requested before consent where the
// browser allows it:
//   * script-inserted elements: Node.prototype.appendChild, insertBefore,
//     replaceChild and Element.prototype.append, prepend, before, after,
//     replaceWith, replaceChildren, insertAdjacentElement hold them before
//     insertion (a detached script or frame requests nothing); markup with
//     a frame given to innerHTML or insertAdjacentHTML is parsed inert and
//     held before it is inserted;
//   * `src` set later, as a property or with setAttribute, on an element in
//     the document: held instead of set;
//   * parser-inserted elements (the page's HTML after the tag, innerHTML,
//     document.write): a MutationObserver holds them before the parser
//     runs the script (a microtask checkpoint comes first), and Firefox's
//     beforescriptexecute stops one that slips through. The browser's
//     preload scanner may still fetch a parser-inserted URL it saw in the
//     HTML ahead of the parser: that request cannot be stopped by a
//     script, but the response is never run (BENCHMARKS.md measures it).
//
// consentAutoBlock(classify, accepted, held) → { list() }; `held()` is
// called after an element is held (gate.js shows its placeholder).

function consentAutoBlock(classify, accepted, held) {
  "use strict";
  var doc = document;
  var HELD = "data-consent-agent-held";
  var GUARDED = { SCRIPT: true, IFRAME: true };

  function absolute(url) {
    try {
      return new URL(url, doc.baseURI).href;
    } catch (error) {
      return "";
    }
  }
  // The category and origin (catalog or site) that must hold `url`, or null.
  function holding(url) {
    var found = url ? classify(absolute(url)) : "";
    if (!found) return null;
    var space = found.indexOf(" ");
    var category = found.slice(0, space);
    return accepted(category) ? null : { category: category, source: found.slice(space + 1) };
  }

  var setAttribute = Element.prototype.setAttribute;
  var removeAttribute = Element.prototype.removeAttribute;
  var getAttribute = Element.prototype.getAttribute;
  var srcOf = {};

  // Turns the element into a held one; returns whether it was held.
  function hold(element, url) {
    if (!element || !GUARDED[element.tagName] || getAttribute.call(element, "data-consent-category") !== null) return false;
    var reason = holding(url);
    if (!reason) return false;
    if (element.tagName === "SCRIPT") {
      var type = getAttribute.call(element, "type");
      if (type !== null && type !== "text/plain") setAttribute.call(element, "data-type", type);
      setAttribute.call(element, "type", "text/plain");
    }
    setAttribute.call(element, "data-src", absolute(url));
    setAttribute.call(element, "data-consent-category", reason.category);
    setAttribute.call(element, HELD, reason.source);
    // A frame already navigating is sent to about:blank; a detached one or a
    // script has requested nothing yet.
    if (element.tagName === "IFRAME" && element.isConnected && srcOf.IFRAME) srcOf.IFRAME.set.call(element, "about:blank");
    removeAttribute.call(element, "src");
    tell();
    return true;
  }
  // gate.js shows placeholders once the held elements are in the page.
  var telling = false;
  function tell() {
    if (telling) return;
    telling = true;
    Promise.resolve().then(function () {
      telling = false;
      held();
    });
  }
  function holdAll(node) {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 11)) return;
    if (node.nodeType === 1 && GUARDED[node.tagName]) hold(node, getAttribute.call(node, "src"));
    if (node.firstElementChild) {
      var inner = node.querySelectorAll("script[src], iframe[src]");
      for (var i = 0; i < inner.length; i++) hold(inner[i], getAttribute.call(inner[i], "src"));
    }
  }

  // Insertion: every node argument is checked before it enters the page.
  function wrapInsert(proto, name, nodeArgs) {
    var original = proto && proto[name];
    if (typeof original !== "function") return;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function () {
        for (var i = 0; i < arguments.length; i++) {
          if (nodeArgs === "all" || i === nodeArgs) holdAll(arguments[i]);
        }
        return original.apply(this, arguments);
      },
    });
  }
  wrapInsert(Node.prototype, "appendChild", 0);
  wrapInsert(Node.prototype, "insertBefore", 0);
  wrapInsert(Node.prototype, "replaceChild", 0);
  ["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (name) {
    wrapInsert(Element.prototype, name, "all");
  });
  wrapInsert(Element.prototype, "insertAdjacentElement", 1);

  // HTML strings: a frame in innerHTML or insertAdjacentHTML starts loading
  // as it is parsed, before any observer hears of it. Markup with a frame is
  // parsed into an inert <template> first, held there, then inserted.
  // (Scripts parsed from a string never run, so only frames matter.)
  var FRAME_TAG = /<i?frame/i;
  var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  function heldFragment(html) {
    var template = doc.createElement("template");
    innerHTML.set.call(template, html);
    holdAll(template.content);
    return template.content;
  }
  if (innerHTML && innerHTML.set) {
    Object.defineProperty(Element.prototype, "innerHTML", {
      configurable: true,
      enumerable: innerHTML.enumerable,
      get: innerHTML.get,
      set: function (html) {
        if (this.tagName !== "TEMPLATE" && typeof html === "string" && FRAME_TAG.test(html)) {
          this.replaceChildren(heldFragment(html));
        } else {
          innerHTML.set.call(this, html);
        }
      },
    });
  }
  var insertAdjacentHTML = Element.prototype.insertAdjacentHTML;
  Object.defineProperty(Element.prototype, "insertAdjacentHTML", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (position, html) {
      var where = String(position).toLowerCase();
      if (typeof html !== "string" || !FRAME_TAG.test(html) || !/^(beforebegin|afterbegin|beforeend|afterend)$/.test(where)) {
        return insertAdjacentHTML.apply(this, arguments);
      }
      var fragment = heldFragment(html);
      if (where === "afterbegin") this.insertBefore(fragment, this.firstChild);
      else if (where === "beforeend") this.appendChild(fragment);
      else if (this.parentNode) this.parentNode.insertBefore(fragment, where === "beforebegin" ? this : this.nextSibling);
    },
  });

  // `src` set on an element already in the page.
  [["SCRIPT", window.HTMLScriptElement], ["IFRAME", window.HTMLIFrameElement]].forEach(function (pair) {
    var proto = pair[1] && pair[1].prototype;
    var descriptor = proto && Object.getOwnPropertyDescriptor(proto, "src");
    if (!descriptor || !descriptor.set) return;
    srcOf[pair[0]] = descriptor;
    var set = descriptor.set;
    Object.defineProperty(proto, "src", {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: descriptor.get,
      set: function (value) {
        if (this.isConnected && hold(this, String(value))) return;
        set.call(this, value);
      },
    });
  });
  Object.defineProperty(Element.prototype, "setAttribute", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (name, value) {
      if (GUARDED[this.tagName] && this.isConnected && String(name).toLowerCase() === "src" && hold(this, String(value))) return;
      return setAttribute.apply(this, arguments);
    },
  });

  // Parser-inserted elements, innerHTML, and anything the traps missed.
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      var change = changes[i];
      if (change.type === "attributes") hold(change.target, getAttribute.call(change.target, "src"));
      for (var j = 0; j < change.addedNodes.length; j++) holdAll(change.addedNodes[j]);
    }
  }).observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["src"] });
  doc.addEventListener("beforescriptexecute", function (event) {
    var script = event.target;
    if (getAttribute.call(script, HELD) !== null || hold(script, getAttribute.call(script, "src"))) event.preventDefault();
  }, true);

  return {
    // Held scripts and frames, for audit(): { url, kind, category, source }.
    list: function () {
      return Array.prototype.map.call(doc.querySelectorAll("[" + HELD + "]"), function (element) {
        return {
          url: getAttribute.call(element, "data-src"),
          kind: element.tagName === "SCRIPT" ? "script" : "frame",
          category: getAttribute.call(element, "data-consent-category"),
          source: getAttribute.call(element, HELD),
        };
      });
    },
  };
}
