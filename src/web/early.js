// consent-agent: the writes a page makes before the engine is ready.
//
// The script tag runs synchronously and traps every write path at once
// (guard.js), but the WebAssembly engine that decides arrives a moment
// later, without blocking the page (tag.js). A write in that window cannot
// be decided yet, so it is held here, not written:
//   * the page reads its own held writes back: document.cookie shows a held
//     cookie (and hides one a held write deleted), getItem answers a held
//     value; length, key() and for…in show only what is really stored;
//   * a removal (removeItem, clear, a cookie written already expired) is
//     not held: it narrows what is stored, so it is done at once, and
//     drops the held writes it covers;
//   * when the engine is ready, each held write is decided as if it had
//     been made then, in the order the page made them, and written only
//     when allowed (decide());
//   * a page that unloads first loses nothing: its held writes are kept in
//     sessionStorage (HELD_KEY) and decided by the next page's engine on
//     this tab. A cookie held so is not sent with that next request.
// Held writes are never written unless the engine allows them, so a
// refused write cannot land whenever it is made.
//
// consentEarly(cookieSet, storages) → { cookieWrite(text), cookieRead(text),
// storageWrite(index, key, value), storageRead(index, key, value),
// storageRemoved(index, key | null), cookieStoreWrite(write), call(fn),
// decide(allows) }.
// `cookieSet(text)` writes a cookie through the browser's own setter;
// `storages` is [null, localStorage, sessionStorage] (the browser's own).

import { parseJson, toJson, applyFunction, splitString, sliceString, joinArray, objectKeys } from "./builtins.js";

export var HELD_KEY = "consent_agent_held";
var storageProto = typeof Storage === "function" ? Storage.prototype : {};
var setItem = storageProto.setItem, getItem = storageProto.getItem;
var removeItem = storageProto.removeItem, hasOwn = Object.prototype.hasOwnProperty;

export function consentEarly(cookieSet, storages) {
  "use strict";
  // In the page's order: { cookie: text } | { storage: index, key, value } |
  // { later: fn } | { call: fn } (a choice, reset or sweep asked for meanwhile).
  var held = [];
  var heldCookies = {}; // name → value ("" with gone = true for a held deletion)
  var heldItems = [null, {}, {}]; // per storage: key → value
  var open = true;

  // The name and value of a `name=value; attributes` write, and whether
  // it deletes (Max-Age ≤ 0 or an Expires in the past).
  function parseCookie(text) {
    var parts = applyFunction(splitString, text, [";"]);
    var pair = parts[0], eq = pair.indexOf("=");
    var name = (eq < 0 ? "" : applyFunction(sliceString, pair, [0, eq])).trim();
    var value = (eq < 0 ? pair : applyFunction(sliceString, pair, [eq + 1])).trim();
    var gone = false;
    for (var i = 1; i < parts.length; i++) {
      var attribute = parts[i].trim(), at = attribute.indexOf("=");
      var key = (at < 0 ? attribute : applyFunction(sliceString, attribute, [0, at])).toLowerCase();
      var given = at < 0 ? "" : applyFunction(sliceString, attribute, [at + 1]);
      if (key === "max-age" && /^-?\d+$/.test(given.trim())) gone = Number(given) <= 0;
      if (key === "expires" && Date.parse(given) < Date.now()) gone = true;
    }
    return { name: name, value: value, gone: gone };
  }

  function cookieWrite(text) {
    var cookie;
    try {
      cookie = parseCookie(text);
    } catch (error) {
      held[held.length] = { cookie: text }; // a built-in the page broke: held, not shown
      return false;
    }
    if (cookie.gone) {
      delete heldCookies[cookie.name];
      drop(function (write) { return write.name === cookie.name; });
      return true; // a deletion narrows: done now, and the held writes it covers are dropped
    }
    heldCookies[cookie.name] = cookie.value;
    held[held.length] = { cookie: text, name: cookie.name };
    return false;
  }
  // document.cookie as the page would see it had its held writes landed.
  function cookieRead(text) {
    var names = objectKeys(heldCookies);
    if (!names.length) return text;
    var pairs = text ? applyFunction(splitString, text, ["; "]) : [], out = [];
    for (var i = 0; i < pairs.length; i++) {
      var eq = pairs[i].indexOf("="), name = eq < 0 ? "" : applyFunction(sliceString, pairs[i], [0, eq]);
      if (!applyFunction(hasOwn, heldCookies, [name])) out[out.length] = pairs[i];
    }
    for (var j = 0; j < names.length; j++) out[out.length] = names[j] ? names[j] + "=" + heldCookies[names[j]] : heldCookies[names[j]];
    return applyFunction(joinArray, out, ["; "]);
  }

  function storageWrite(index, key, value) {
    heldItems[index][key] = String(value);
    held[held.length] = { storage: index, key: key, value: String(value) };
    return false;
  }
  function storageRead(index, key, value) {
    var items = heldItems[index];
    return items && applyFunction(hasOwn, items, [key]) ? items[key] : value;
  }
  function storageRemoved(index, key) {
    if (key === null) heldItems[index] = {};
    else delete heldItems[index][key];
    drop(function (write) { return write.storage === index && (key === null || write.key === key); });
  }
  // Forgets the held writes a removal covers, so a write the page made and
  // then took back (an SDK's storage probe) is not written later.
  function drop(covered) {
    var kept = [];
    for (var i = 0; i < held.length; i++) if (!covered(held[i])) kept[kept.length] = held[i];
    held = kept;
  }
  // A cookieStore.set(): `later()` makes the browser's own call; the
  // promise the page gets settles when the engine has decided.
  function cookieStoreWrite(later) {
    return new Promise(function (resolve, reject) {
      held[held.length] = { later: later, resolve: resolve, reject: reject };
    });
  }

  // A call to the agent made meanwhile: run in its place among the writes,
  // so a write made after an "Accept all" is decided with that choice.
  function call(fn) {
    held[held.length] = { call: fn };
  }

  // Kept for the next page of this tab when this one unloads first.
  addEventListener("pagehide", function () {
    if (!open || !storages[2]) return;
    var kept = [];
    for (var i = 0; i < held.length; i++) if (!held[i].later && !held[i].call) kept[kept.length] = held[i];
    if (!kept.length) return;
    try {
      applyFunction(setItem, storages[2], [HELD_KEY, toJson(kept)]);
    } catch (error) {
      // storage full or disabled: the writes are lost with the page, unwritten
    }
  });

  // allows: { cookie(text) → bool, storage(index, key) → bool }. Decides
  // and writes what the previous page of this tab left, then what this one
  // held; from now on the engine decides each write as it comes.
  function decide(allows) {
    open = false;
    var left = [];
    try {
      var text = storages[2] && applyFunction(getItem, storages[2], [HELD_KEY]);
      if (text) {
        applyFunction(removeItem, storages[2], [HELD_KEY]);
        left = parseJson(text);
      }
    } catch (error) {
      left = []; // not ours, or not JSON: nothing to replay
    }
    var all = Array.isArray(left) ? left : [];
    for (var i = 0; i < held.length; i++) all[all.length] = held[i];
    held = [];
    heldCookies = {};
    heldItems = [null, {}, {}];
    for (var j = 0; j < all.length; j++) decideOne(all[j], allows);
  }
  function decideOne(write, allows) {
    if (!write || typeof write !== "object") return;
    try {
      if (typeof write.call === "function") {
        write.call();
      } else if (typeof write.cookie === "string") {
        if (allows.cookie(write.cookie)) cookieSet(write.cookie);
      } else if ((write.storage === 1 || write.storage === 2) && typeof write.key === "string" && storages[write.storage]) {
        if (allows.storage(write.storage, write.key)) applyFunction(setItem, storages[write.storage], [write.key, String(write.value)]);
      } else if (write.later) {
        if (allows.cookieStore(write.later.cookieName)) write.later().then(write.resolve, write.reject);
        else write.resolve();
      }
    } catch (error) {
      if (write.reject) write.reject(error); // e.g. storage full: as the browser's own write would fail
    }
  }

  return {
    cookieWrite: cookieWrite,
    cookieRead: cookieRead,
    storageWrite: storageWrite,
    storageRead: storageRead,
    storageRemoved: storageRemoved,
    cookieStoreWrite: cookieStoreWrite,
    call: call,
    decide: decide,
  };
}
