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
// order, with their attributes and nonce, and loads held frames. An
// element the site tagged with data-consent-category itself but left
// runnable (no type="text/plain", a `src` instead of `data-src`) is held
// the same way while that category is refused. SVG <script> (href,
// xlink:href) is held like an HTML one.
//
// Interception, so the URL is never requested before consent where the
// browser allows it:
//   * script-inserted elements: Node.prototype.appendChild, insertBefore,
//     replaceChild, Element.prototype.append, prepend, before, after,
//     replaceWith, replaceChildren, insertAdjacentElement and
//     Range.prototype.insertNode, surroundContents hold them before
//     insertion (a detached script or frame requests nothing);
//     Range.prototype.createContextualFragment holds what it parsed before
//     returning it; markup with a frame given to innerHTML (of an element
//     or a shadow root), outerHTML, insertAdjacentHTML or setHTMLUnsafe is
//     parsed inert and held before it is inserted; document.write and
//     writeln get their markup back with held elements rewritten;
//   * a URL set later on an element in the document: the `src` property,
//     setAttribute, setAttributeNS, setAttributeNode(NS), the attributes
//     map's setNamedItem(NS), an attribute node's value, nodeValue or
//     textContent, an SVG script's href.baseVal: held instead of set;
//   * parser-inserted elements: a MutationObserver holds them before the
//     parser runs the script (a microtask checkpoint comes first), and
//     Firefox's beforescriptexecute stops one that slips through. The
//     browser's preload scanner may still fetch a parser-inserted URL it
//     saw in the HTML ahead of the parser: that request cannot be stopped
//     by a script, but the response is never run (BENCHMARKS.md measures it).
// Dynamic import() is out of reach (README, "What the agent cannot do").
//
// consentAutoBlock(win, classify, accepted, held) traps `win`'s realm (the
// page's, and every same-origin frame's through guard.js) → { list() };
// `held()` is called after an element is held (gate.js shows its placeholder).

export function consentAutoBlock(win, classify, accepted, held) {
  "use strict";
  var doc = win.document;
  var HELD = "data-consent-agent-held";
  var SVG = "http://www.w3.org/2000/svg", XLINK = "http://www.w3.org/1999/xlink";
  var ElementProto = win.Element.prototype;
  var setAttribute = ElementProto.setAttribute;
  var removeAttribute = ElementProto.removeAttribute;
  var removeAttributeNS = ElementProto.removeAttributeNS;
  var getAttribute = ElementProto.getAttribute;
  var getAttributeNS = ElementProto.getAttributeNS;
  var frameSrc = null; // the browser's HTMLIFrameElement `src` descriptor
  var ran = new WeakSet(); // held scripts that ran anyway (caught too late): not "held" in list()

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
  // "script", "svg" (an SVG <script>), "frame" or "".
  function kind(element) {
    if (!element || element.nodeType !== 1) return "";
    var tag = element.tagName;
    if (tag === "SCRIPT") return "script";
    if (tag === "IFRAME") return "frame";
    return tag === "script" && element.namespaceURI === SVG ? "svg" : "";
  }
  function urlOf(element) {
    var k = kind(element);
    if (!k) return null;
    if (k !== "svg") return getAttribute.call(element, "src");
    return getAttribute.call(element, "href") || getAttributeNS.call(element, XLINK, "href");
  }
  // Whether attribute `name` holds `element`'s URL.
  function isUrl(element, name) {
    var k = kind(element);
    name = String(name).toLowerCase();
    return k === "svg" ? name === "href" || name === "xlink:href" : k !== "" && name === "src";
  }

  // Turns the element into a held one; returns whether it was held.
  function hold(element, url) {
    var k = kind(element);
    if (!k) return false;
    var tagged = getAttribute.call(element, "data-consent-category"), reason;
    if (tagged !== null) {
      // The site's own tag decides; already inert (gate.js's markup) or granted: nothing to do.
      var ids = tagged.split(/\s+/).filter(Boolean);
      if (ids.length && ids.every(accepted)) return false;
      if (k === "frame" ? !url : getAttribute.call(element, "type") === "text/plain" && !url) return false;
      reason = { category: tagged, source: "site" };
    } else {
      reason = holding(url);
      if (!reason) return false;
    }
    if (k !== "frame") {
      var type = getAttribute.call(element, "type");
      if (type !== null && type !== "text/plain" && getAttribute.call(element, "data-type") === null) setAttribute.call(element, "data-type", type);
      setAttribute.call(element, "type", "text/plain");
    }
    if (url) setAttribute.call(element, "data-src", absolute(url));
    if (tagged === null) setAttribute.call(element, "data-consent-category", reason.category);
    setAttribute.call(element, HELD, reason.source);
    // A frame already navigating is sent to about:blank; a detached one or a
    // script has requested nothing yet.
    if (k === "frame" && element.isConnected && frameSrc) frameSrc.set.call(element, "about:blank");
    removeAttribute.call(element, "src");
    if (k === "svg") {
      removeAttribute.call(element, "href");
      removeAttributeNS.call(element, XLINK, "href");
    }
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
  // Holds `node` and what it contains; returns how many were held.
  function holdAll(node) {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 11)) return 0;
    var count = hold(node, urlOf(node)) ? 1 : 0;
    if (node.firstElementChild) {
      var inner = node.querySelectorAll("script, iframe");
      for (var i = 0; i < inner.length; i++) if (hold(inner[i], urlOf(inner[i]))) count++;
    }
    return count;
  }
  // Defines proto[name] as `make(original)`, when the browser has it.
  function wrap(proto, name, make) {
    var original = proto && proto[name];
    if (typeof original !== "function") return;
    Object.defineProperty(proto, name, { configurable: true, writable: true, enumerable: false, value: make(original) });
  }
  // Redefines an accessor's setter as `make(set)`, when the browser has it.
  function wrapSetter(proto, name, make) {
    var descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !descriptor.set) return null;
    Object.defineProperty(proto, name, { configurable: true, enumerable: descriptor.enumerable, get: descriptor.get, set: make(descriptor.set) });
    return descriptor;
  }

  // Insertion: every node argument is checked before it enters the page.
  function wrapInsert(proto, name, nodeArgs) {
    wrap(proto, name, function (original) {
      return function () {
        for (var i = 0; i < arguments.length; i++) {
          if (nodeArgs === "all" || i === nodeArgs) holdAll(arguments[i]);
        }
        return original.apply(this, arguments);
      };
    });
  }
  wrapInsert(win.Node.prototype, "appendChild", 0);
  wrapInsert(win.Node.prototype, "insertBefore", 0);
  wrapInsert(win.Node.prototype, "replaceChild", 0);
  ["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (name) {
    wrapInsert(ElementProto, name, "all");
    // A shadow root is a DocumentFragment; a text node has before/after too.
    if (win.DocumentFragment) wrapInsert(win.DocumentFragment.prototype, name, "all");
    if (win.CharacterData) wrapInsert(win.CharacterData.prototype, name, "all");
  });
  wrapInsert(ElementProto, "insertAdjacentElement", 1);
  if (win.Range) {
    wrapInsert(win.Range.prototype, "insertNode", 0);
    wrapInsert(win.Range.prototype, "surroundContents", 0);
    // Scripts parsed by createContextualFragment run when inserted.
    wrap(win.Range.prototype, "createContextualFragment", function (original) {
      return function () {
        var fragment = original.apply(this, arguments);
        holdAll(fragment);
        return fragment;
      };
    });
  }

  // HTML strings: a frame in innerHTML and the like starts loading as it is
  // parsed, before any observer hears of it. Markup with a frame is parsed
  // into an inert <template> first, held there, then inserted. (Scripts
  // parsed from such a string never run, so only frames matter.)
  var FRAME_TAG = /<i?frame/i;
  var innerHTML = Object.getOwnPropertyDescriptor(ElementProto, "innerHTML");
  function parsed(html) {
    var template = doc.createElement("template");
    innerHTML.set.call(template, html);
    return template;
  }
  function heldFragment(html) {
    var content = parsed(html).content;
    holdAll(content);
    return content;
  }
  function framed(html) {
    return typeof html === "string" && FRAME_TAG.test(html);
  }
  if (innerHTML && innerHTML.set) {
    [[ElementProto, "innerHTML"], [win.ShadowRoot && win.ShadowRoot.prototype, "innerHTML"], [ElementProto, "outerHTML"]].forEach(function (pair) {
      var outer = pair[1] === "outerHTML";
      wrapSetter(pair[0], pair[1], function (set) {
        return function (html) {
          if (this.tagName === "TEMPLATE" || !framed(html) || (outer && !this.parentNode)) return set.call(this, html);
          if (outer) this.replaceWith(heldFragment(html));
          else this.replaceChildren(heldFragment(html));
        };
      });
    });
    [ElementProto, win.ShadowRoot && win.ShadowRoot.prototype].forEach(function (proto) {
      wrap(proto, "setHTMLUnsafe", function (original) {
        return function (html) {
          if (this.tagName === "TEMPLATE" || !framed(html)) return original.apply(this, arguments);
          this.replaceChildren(heldFragment(html));
        };
      });
    });
    wrap(ElementProto, "insertAdjacentHTML", function (original) {
      return function (position, html) {
        var where = String(position).toLowerCase();
        if (!framed(html) || !/^(beforebegin|afterbegin|beforeend|afterend)$/.test(where)) return original.apply(this, arguments);
        var fragment = heldFragment(html);
        if (where === "afterbegin") this.insertBefore(fragment, this.firstChild);
        else if (where === "beforeend") this.appendChild(fragment);
        else if (this.parentNode) this.parentNode.insertBefore(fragment, where === "beforebegin" ? this : this.nextSibling);
      };
    });
    // document.write: a written script is run by the parser before any
    // observer hears of it. Markup that holds something is written back
    // rewritten (as the template serialises it); any other is untouched.
    ["write", "writeln"].forEach(function (name) {
      wrap(win.Document.prototype, name, function (original) {
        return function () {
          var html = Array.prototype.join.call(arguments, "");
          if (/<(script|i?frame)/i.test(html)) {
            var template = parsed(html);
            if (holdAll(template.content)) html = innerHTML.get.call(template);
          }
          return original.call(this, html);
        };
      });
    });
  }

  // A URL set on an element already in the page: held instead of set.
  [win.HTMLScriptElement, win.HTMLIFrameElement].forEach(function (type) {
    var descriptor = wrapSetter(type && type.prototype, "src", function (set) {
      return function (value) {
        if (this.isConnected && hold(this, String(value))) return;
        set.call(this, value);
      };
    });
    if (type === win.HTMLIFrameElement) frameSrc = descriptor;
  });
  function setting(element, name, value) {
    return !!element && element.isConnected && isUrl(element, name) && hold(element, String(value));
  }
  wrap(ElementProto, "setAttribute", function (original) {
    return function (name, value) {
      if (!setting(this, name, value)) return original.apply(this, arguments);
    };
  });
  wrap(ElementProto, "setAttributeNS", function (original) {
    return function (namespace, name, value) {
      var local = String(name);
      if (!setting(this, local.slice(local.indexOf(":") + 1), value)) return original.apply(this, arguments);
    };
  });
  // Attribute nodes: their owner is known once attached (ownerElement), or
  // through the element whose `attributes` map they are given to.
  var ownerOf = new WeakMap();
  var attributes = Object.getOwnPropertyDescriptor(ElementProto, "attributes");
  if (attributes && attributes.get) {
    Object.defineProperty(ElementProto, "attributes", {
      configurable: true,
      enumerable: attributes.enumerable,
      get: function () {
        var map = attributes.get.call(this);
        if (kind(this)) ownerOf.set(map, this); // only elements that load a URL
        return map;
      },
    });
  }
  ["setAttributeNode", "setAttributeNodeNS"].forEach(function (name) {
    wrap(ElementProto, name, function (original) {
      return function (attr) {
        if (attr && setting(this, attr.name, attr.value)) return null;
        return original.apply(this, arguments);
      };
    });
  });
  ["setNamedItem", "setNamedItemNS"].forEach(function (name) {
    wrap(win.NamedNodeMap && win.NamedNodeMap.prototype, name, function (original) {
      return function (attr) {
        if (attr && setting(ownerOf.get(this), attr.name, attr.value)) return null;
        return original.apply(this, arguments);
      };
    });
  });
  [[win.Attr && win.Attr.prototype, "value"], [win.Node.prototype, "nodeValue"], [win.Node.prototype, "textContent"]].forEach(function (pair) {
    wrapSetter(pair[0], pair[1], function (set) {
      return function (value) {
        if (this.nodeType === 2 && setting(this.ownerElement, this.name, value)) return;
        set.call(this, value);
      };
    });
  });
  // An SVG script's href is an SVGAnimatedString: its owner is known from the getter.
  var svgScript = win.SVGScriptElement && win.SVGScriptElement.prototype;
  var href = svgScript && Object.getOwnPropertyDescriptor(svgScript, "href");
  if (href && href.get && win.SVGAnimatedString) {
    Object.defineProperty(svgScript, "href", {
      configurable: true,
      enumerable: href.enumerable,
      get: function () {
        var animated = href.get.call(this);
        ownerOf.set(animated, this);
        return animated;
      },
    });
    wrapSetter(win.SVGAnimatedString.prototype, "baseVal", function (set) {
      return function (value) {
        if (!setting(ownerOf.get(this), "href", value)) set.call(this, value);
      };
    });
  }

  // Parser-inserted elements, and anything the traps missed.
  new win.MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      var change = changes[i];
      if (change.type === "attributes") hold(change.target, urlOf(change.target));
      for (var j = 0; j < change.addedNodes.length; j++) holdAll(change.addedNodes[j]);
    }
  }).observe(doc.documentElement || doc, { childList: true, subtree: true, attributes: true, attributeFilter: ["src", "href"] });
  doc.addEventListener("beforescriptexecute", function (event) {
    var script = event.target;
    if (getAttribute.call(script, HELD) !== null || hold(script, urlOf(script))) event.preventDefault();
  }, true);
  // A script held after it had started still loads and runs: audit() then
  // does not call it held.
  doc.addEventListener("load", function (event) {
    var target = event.target;
    if (target && target.nodeType === 1 && kind(target) !== "frame" && getAttribute.call(target, HELD) !== null) ran.add(target);
  }, true);

  return {
    // Held scripts and frames that have not run, for audit(): { url, kind, category, source }.
    list: function () {
      var held = Array.prototype.filter.call(doc.querySelectorAll("[" + HELD + "]"), function (element) {
        return !ran.has(element);
      });
      return held.map(function (element) {
        return {
          url: getAttribute.call(element, "data-src"),
          kind: kind(element) === "frame" ? "frame" : "script",
          category: getAttribute.call(element, "data-consent-category"),
          source: getAttribute.call(element, HELD),
        };
      });
    },
  };
}
