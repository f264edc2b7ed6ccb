// consent-agent write guard: the synchronous traps that stop a refused write
// before it lands. JavaScript's job, because only an accessor or a proxy
// sees a write as it happens; every decision is the WebAssembly core's.
//
// consentGuard(policy) returns guard(win), which traps, in `win`'s realm:
//   * document.cookie, at the prototype that defines it and on the
//     document itself, non-configurable:
//     a script finds the agent's descriptor anywhere it looks and cannot
//     delete or redefine it (`delete document.cookie` is a no-op);
//   * Storage.prototype.setItem (the key is read once, then decided and
//     written with that string), and window.localStorage/sessionStorage,
//     which answer a guarding proxy so that `localStorage.key = …`,
//     `Object.assign(localStorage, …)` and `Reflect.set` are decided too.
//     The proxy keeps `instanceof Storage`, Object.keys, for…in, length,
//     key(), JSON.stringify, `Storage.prototype.getItem.call(localStorage, …)`
//     and StorageEvent.storageArea working as without the agent;
//   * CookieStore.prototype.set (the name is read once);
//   * frames and popups: a same-origin frame's, <object>'s or <embed>'s
//     window is guarded when the page first reaches it (contentWindow,
//     contentDocument, getSVGDocument, window.open, document.open's
//     three-argument form, or inserting it: then every nested window)
//     and when it loads; a frame that navigates to its own page runs its
//     first scripts before anyone can reach it, so the page is swept then;
//   * fetch and XMLHttpRequest: an answer's Set-Cookie cannot be stopped,
//     so the jar is checked as soon as the headers are in;
//   * clearTimeout and clearInterval, which refuse the agent's watcher timer.
//
// policy: { cookieWrite(text) → bool, cookieRead(text) → text (what
// document.cookie answers), storageWrite(index, key, value) → bool,
// storageRead(index, key, value) → value (what getItem answers),
// storageRemoved(index, key | null) (removeItem, clear),
// cookieStoreWrite(name, later) → bool, or a promise when the write is held
// (`later()` makes it), noticed() (something may have been
// written: check now), ownsTimer(win, id) → bool (the agent's watcher timer
// on that window, which a frame's clearTimeout must not clear), realm(win)
// (a new realm was guarded: the agent's other traps there) }. Storage indexes: 1 localStorage, 2 sessionStorage.

import { applyFunction, sliceArray } from "./builtins.js";

export function consentGuard(policy) {
  "use strict";
  var guarded = new WeakSet();
  var realOf = new WeakMap(); // guarding proxy → the browser's Storage
  var proxyOf = new WeakMap(); // the browser's Storage → its proxy
  var indexOf = new WeakMap(); // the browser's Storage → 1 or 2

  function unwrap(object) {
    return (object && realOf.get(object)) || object;
  }

  // The object that defines `key`, walking up from `start`, with its descriptor.
  function at(start, key) {
    for (var object = start; object; object = Object.getPrototypeOf(object)) {
      var descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor) return { object: object, key: key, descriptor: descriptor };
    }
    return null;
  }
  // Redefines what `at` found with `changes`, non-configurable, so a page
  // can neither delete it (uncovering the browser's own) nor redefine it.
  function replace(found, changes) {
    if (!found || !found.descriptor.configurable) return false;
    var descriptor = found.descriptor;
    for (var k in changes) descriptor[k] = changes[k];
    descriptor.configurable = false;
    Object.defineProperty(found.object, found.key, descriptor);
    return true;
  }

  function guardCookie(win) {
    var found = at(win.document, "cookie");
    if (!found || !found.descriptor.set) return;
    var set = found.descriptor.set, get = found.descriptor.get;
    replace(found, {
      get: function cookie() {
        return policy.cookieRead(applyFunction(get, this, []));
      },
      set: function cookie(value) {
        var text = String(value); // read once: decided and written as this string
        if (policy.cookieWrite(text)) applyFunction(set, this, [text]);
        else policy.noticed();
      },
    });
    // And on the document itself, non-configurable, so that
    // Object.defineProperty(document, "cookie", …) throws instead of
    // shadowing the trap.
    // (replace() left the trapped descriptor in `found`.)
    var trapped = found.descriptor;
    Object.defineProperty(win.document, "cookie", { get: trapped.get, set: trapped.set, enumerable: trapped.enumerable, configurable: false });
  }

  function storageProxy(real) {
    var proxy = proxyOf.get(real);
    if (proxy) return proxy;
    var index = indexOf.get(real);
    proxy = new Proxy(real, {
      get: function (target, key) {
        return Reflect.get(target, key, target);
      },
      set: function (target, key, value) {
        if (typeof key === "string" && !policy.storageWrite(index, key, value)) return true; // dropped (or held), as a refused setItem
        return Reflect.set(target, key, value, target);
      },
      defineProperty: function (target, key, descriptor) {
        if (typeof key === "string" && !policy.storageWrite(index, key, descriptor.value)) return descriptor.configurable !== false;
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
    realOf.set(proxy, real);
    proxyOf.set(real, proxy);
    return proxy;
  }

  function guardStorage(win) {
    var proto = win.Storage && win.Storage.prototype;
    if (!proto) return;
    ["localStorage", "sessionStorage"].forEach(function (name, i) {
      var found = at(win, name);
      if (!found || !found.descriptor.get) return;
      var get = found.descriptor.get;
      var real;
      try {
        real = applyFunction(get, win, []);
      } catch (error) {
        return; // storage disabled here: nothing to guard
      }
      indexOf.set(real, i + 1);
      storageProxy(real); // now, so StorageEvent.storageArea finds it
      replace(found, {
        get: function () {
          return storageProxy(unwrap(applyFunction(get, this, [])));
        },
      });
    });
    // Methods and length accept the proxy as `this`. getItem answers a
    // write the policy holds; removeItem and clear tell it what went.
    ["getItem", "removeItem", "key", "clear"].forEach(function (name) {
      var found = at(proto, name);
      if (!found || typeof found.descriptor.value !== "function") return;
      var method = found.descriptor.value;
      replace(found, {
        value: renamed(name, method.length, function (key) {
          var real = unwrap(this), index = indexOf.get(real);
          var result = applyFunction(method, real, arguments);
          if (index && name === "getItem" && arguments.length) return policy.storageRead(index, String(key), result);
          if (index && name === "removeItem" && arguments.length) policy.storageRemoved(index, String(key));
          if (index && name === "clear") policy.storageRemoved(index, null);
          return result;
        }),
      });
    });
    var setItem = at(proto, "setItem");
    if (setItem && typeof setItem.descriptor.value === "function") {
      var original = setItem.descriptor.value;
      replace(setItem, {
        value: renamed("setItem", 2, function (key, value) {
          var real = unwrap(this);
          var index = indexOf.get(real);
          if (!index || arguments.length < 2) return applyFunction(original, real, arguments);
          var name = String(key); // read once: decided and written as this string
          if (!policy.storageWrite(index, name, value)) return;
          return applyFunction(original, real, [name, value]);
        }),
      });
    }
    var length = at(proto, "length");
    if (length && length.descriptor.get) {
      var getLength = length.descriptor.get;
      replace(length, {
        get: function () {
          return applyFunction(getLength, unwrap(this), []);
        },
      });
    }
    var area = win.StorageEvent && at(win.StorageEvent.prototype, "storageArea");
    if (area && area.descriptor.get) {
      var getArea = area.descriptor.get;
      replace(area, {
        get: function () {
          var real = applyFunction(getArea, this, []);
          return (real && proxyOf.get(real)) || real;
        },
      });
    }
  }

  function renamed(name, length, fn) {
    Object.defineProperty(fn, "name", { value: name });
    Object.defineProperty(fn, "length", { value: length });
    return fn;
  }

  // A plain copy of a cookieStore.set() options object, each member read
  // once (a getter cannot answer the agent one name and the browser another).
  var COOKIE_MEMBERS = ["name", "value", "expires", "domain", "path", "sameSite", "partitioned", "maxAge"];
  function snapshot(options) {
    var copy = {};
    COOKIE_MEMBERS.forEach(function (k) {
      var v = options[k];
      if (v !== undefined) copy[k] = v;
    });
    for (var k in options) if (!(k in copy) && COOKIE_MEMBERS.indexOf(k) < 0) copy[k] = options[k];
    copy.name = String(copy.name);
    return copy;
  }

  // cookieStore.set(name, value) and cookieStore.set({ name, … }) (secure
  // pages): a refused write resolves without writing, as the browser's own
  // would after writing. The name is read once and passed on as a string.
  function guardCookieStore(win) {
    var found = win.CookieStore && at(win.CookieStore.prototype, "set");
    if (!found || typeof found.descriptor.value !== "function") return;
    var set = found.descriptor.value;
    replace(found, {
      value: renamed("set", 1, function (nameOrOptions, value) {
        var args = applyFunction(sliceArray, arguments, []);
        try {
          if (args.length > 1) {
            args[0] = String(nameOrOptions); // set(name, value)
          } else if (nameOrOptions && typeof nameOrOptions === "object") {
            args[0] = snapshot(nameOrOptions); // set({ name, value, … })
          } else {
            return applyFunction(set, this, args); // the browser's own error
          }
        } catch (error) {
          return Promise.reject(error); // a name that cannot become a string
        }
        var name = typeof args[0] === "object" ? args[0].name : args[0], self = this;
        var later = function () {
          return applyFunction(set, self, args);
        };
        later.cookieName = name;
        var verdict = policy.cookieStoreWrite(name, later);
        if (verdict && typeof verdict.then === "function") return verdict; // held until the engine decides
        if (!verdict) {
          policy.noticed();
          return Promise.resolve();
        }
        return later();
      }),
    });
  }

  // The windows nested in `win` (frames, objects, embeds), by index:
  // `win[i]` reaches an <embed>'s page, which has no contentWindow.
  function guardNested(win) {
    for (var i = 0; i < win.length; i++) guard(win[i]);
  }
  var NESTING = { IFRAME: true, FRAME: true, OBJECT: true, EMBED: true };

  function guardFrames(win) {
    [win.HTMLIFrameElement, win.HTMLFrameElement, win.HTMLObjectElement, win.HTMLEmbedElement].forEach(function (type) {
      if (!type) return;
      ["contentWindow", "contentDocument", "getSVGDocument"].forEach(function (key) {
        var found = at(type.prototype, key);
        if (!found) return;
        var get = found.descriptor.get || found.descriptor.value;
        if (typeof get !== "function") return;
        var reached = function () {
          var value = applyFunction(get, this, arguments);
          if (value) guard(key === "contentWindow" ? value : value.defaultView);
          return value;
        };
        replace(found, found.descriptor.get ? { get: reached } : { value: renamed(key, 0, reached) });
      });
    });
    // document.open(url, name, features) opens a window, like window.open.
    var reopen = win.Document && at(win.Document.prototype, "open");
    if (reopen && typeof reopen.descriptor.value === "function") {
      var openDocument = reopen.descriptor.value;
      replace(reopen, {
        value: renamed("open", 0, function () {
          var result = applyFunction(openDocument, this, arguments);
          if (arguments.length >= 3 && result) {
            guard(result);
            policy.noticed();
          }
          return result;
        }),
      });
    }
    var open = at(win, "open");
    if (open && typeof open.descriptor.value === "function") {
      var openWindow = open.descriptor.value;
      replace(open, {
        value: renamed("open", 0, function () {
          var opened = applyFunction(openWindow, this, arguments);
          if (opened) guard(opened);
          policy.noticed();
          return opened;
        }),
      });
    }
    // A frame that loaded its own page: its first scripts ran unguarded.
    win.document.addEventListener("load", function (event) {
      var target = event.target;
      if (target && NESTING[target.tagName]) {
        guardNested(win);
        policy.noticed();
      }
    }, true);
    if (typeof win.MutationObserver === "function") {
      new win.MutationObserver(function (changes) {
        for (var i = 0; i < changes.length; i++) {
          var added = changes[i].addedNodes;
          for (var j = 0; j < added.length; j++) {
            var node = added[j];
            if (node.nodeType !== 1) continue;
            if (NESTING[node.tagName] || (node.querySelector && node.querySelector("iframe, frame, object, embed"))) {
              guardNested(win);
              break;
            }
          }
        }
      }).observe(win.document, { childList: true, subtree: true });
    }
  }

  // Set-Cookie in a fetch or XMLHttpRequest answer lands before any script
  // sees the answer; check the jar right then.
  function guardNetwork(win) {
    var fetch = at(win, "fetch");
    if (fetch && typeof fetch.descriptor.value === "function") {
      var originalFetch = fetch.descriptor.value;
      replace(fetch, {
        value: renamed("fetch", 1, function () {
          var answer = applyFunction(originalFetch, this, arguments);
          answer.then(policy.noticed, policy.noticed);
          return answer;
        }),
      });
    }
    var xhr = win.XMLHttpRequest && at(win.XMLHttpRequest.prototype, "send");
    if (xhr && typeof xhr.descriptor.value === "function") {
      var send = xhr.descriptor.value;
      replace(xhr, {
        value: renamed("send", 0, function () {
          var request = this;
          request.addEventListener("readystatechange", function () {
            if (request.readyState >= 2) policy.noticed();
          });
          return applyFunction(send, this, arguments);
        }),
      });
    }
  }

  // clearTimeout/clearInterval clear the timers of the window they are
  // called on (`this`, else their own): the agent's watcher timer stays,
  // whether a page clears every id it can find or a frame's functions are
  // called on the agent's window.
  function guardTimers(win) {
    ["clearTimeout", "clearInterval"].forEach(function (name) {
      var found = at(win, name);
      if (!found || typeof found.descriptor.value !== "function") return;
      var clear = found.descriptor.value;
      replace(found, {
        value: renamed(name, 0, function (id) {
          if (policy.ownsTimer(this == null ? win : this, id)) return;
          return applyFunction(clear, this, arguments);
        }),
      });
    });
  }

  // Keyed by document: a frame's window object stays the same when the
  // frame navigates, but the new page is a new realm to guard.
  function guard(win) {
    try {
      if (!win || !win.document || guarded.has(win.document)) return;
      guarded.add(win.document); // reading document throws for another origin: nothing to guard there
    } catch (error) {
      return;
    }
    [guardCookie, guardStorage, guardCookieStore, guardFrames, guardNetwork, guardTimers, policy.realm].forEach(function (step) {
      try {
        step(win);
      } catch (error) {
        // A window closing under us, or a browser without that API.
      }
    });
  }
  guard.unwrap = unwrap;
  return guard;
}
