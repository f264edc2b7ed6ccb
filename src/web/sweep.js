// consent-agent sweep: one pass over every jar that deletes each entry
// whose category is not granted, then re-reads to report what survived.
// The core decides (wasm.decideAll, wasm.deletionWrites); this half reads
// and writes the page's jars, which is JavaScript's job here (the issue "A
// lean engine" moves it into Rust over web-sys).
//
// consentSweeper(wasm, readJar, writeCookie, stores) → { sweep(),
// deleteNames(names), changed(jar), lastJar(), storageKeys(index),
// cookieKeys(jar), nameOfKey(key) }. Storage indexes: 0 cookie, 1 localStorage, 2
// sessionStorage; `stores` holds the browser's own Storage objects.

function consentSweeper(wasm, readJar, writeCookie, stores) {
  "use strict";
  var STORAGES = ["cookie", "localStorage", "sessionStorage"];
  var secure = location.protocol === "https:";
  function storageKeys(index) {
    var store = stores[index], keys = [];
    if (store) {
      for (var i = 0, n = store.length; i < n; i++) keys.push(store.key(i));
    }
    return keys;
  }
  function cookieKeys(jar) {
    var keys = wasm.cookies(jar);
    return keys ? keys.split("\n") : [];
  }
  function nameOfKey(key) {
    return key.charAt(key.length - 1) === "=" ? key.slice(0, -1) : key;
  }
  // The verdict ("+category" keep, "-category" delete) of every name, in
  // one call across the boundary; names with a line break one by one.
  function decideAll(index, names) {
    var plain = names.every(function (name) { return name.indexOf("\n") < 0; });
    if (!plain) return names.map(function (name) { return wasm.decide(index, name); });
    return names.length ? wasm.decideAll(index, names.join("\n")).split("\n") : [];
  }

  var lastJar = null, lastKeys = null;
  function storageSignature() {
    return storageKeys(1).join("\u0000") + "\u0001" + storageKeys(2).join("\u0000");
  }

  // Deletes cookies by their keys in rounds: round r writes the r-th
  // deletion write (likeliest scope first) of every cookie still visible,
  // then reads the jar once. Most cookies go in the first round or two, so
  // a jar of 180 refused 4 KB cookies costs a handful of reads, not one per
  // write.
  // Returns the jar as last read, or null when nothing was written.
  function deleteCookies(keys) {
    var writes = keys.map(function (key) {
      return wasm.deletionWrites(key, location.hostname, location.pathname, secure).split("\n");
    });
    var pending = keys.map(function (key, i) { return i; });
    var jar = null;
    for (var round = 0; pending.length; round++) {
      var written = pending.filter(function (i) {
        if (!writes[i][round]) return false;
        writeCookie(writes[i][round]);
        return true;
      });
      if (!written.length) break;
      jar = readJar();
      var left = "\n" + wasm.cookies(jar) + "\n";
      pending = written.filter(function (i) { return left.indexOf("\n" + keys[i] + "\n") >= 0; });
    }
    return jar;
  }

  // Removes `doomed` of a store's keys `all`. The browser's removeItem
  // costs about 24 µs a key (Chromium), so 10,000 refused keys would take
  // 240 ms: from MANY_KEYS refused keys on, the store is cleared in one call
  // and the kept keys are written back with their values (other tabs see
  // one storage event with a null key, then one per kept key).
  var MANY_KEYS = 256;
  function removeKeys(store, all, doomed) {
    if (!doomed.length) return;
    if (doomed.length < MANY_KEYS) {
      doomed.forEach(function (key) { store.removeItem(key); });
      return;
    }
    var refused = new Set(doomed), kept = [];
    all.forEach(function (key) {
      if (!refused.has(key)) kept.push([key, store.getItem(key)]);
    });
    store.clear();
    kept.forEach(function (entry) {
      if (entry[1] !== null) store.setItem(entry[0], entry[1]);
    });
  }

  // `jar`: the jar as read a moment ago, if the caller has it (a read of a
  // 700 KB jar costs milliseconds).
  function sweep(jar) {
    if (typeof jar !== "string") jar = readJar();
    var report = { deleted: [], kept: [], unknown: [], failed: [] };
    function sort(name, index, verdict) {
      var entry = { name: name, storage: STORAGES[index], category: verdict.slice(1) || null };
      if (verdict.charAt(0) === "+") {
        (entry.category ? report.kept : report.unknown).push(entry);
        return false;
      }
      report.deleted.push(entry);
      return true;
    }
    var keys = cookieKeys(jar);
    var names = keys.map(nameOfKey);
    var refused = decideAll(0, names).map(function (verdict, i) {
      return sort(names[i], 0, verdict);
    });
    var lastRead = deleteCookies(keys.filter(function (key, i) { return refused[i]; }));
    for (var index = 1; index <= 2; index++) {
      var store = stores[index], all = storageKeys(index);
      var doomed = [];
      decideAll(index, all).forEach(function (verdict, i) {
        if (sort(all[i], index, verdict)) doomed.push(all[i]);
      });
      removeKeys(store, all, doomed);
    }
    // Storage work does not touch cookies: the deletion rounds' last read
    // (or the first, when nothing was deleted) is the jar now.
    var after = lastRead === null ? jar : lastRead;
    if (report.deleted.length) {
      // Re-read: whatever is still there was not deleted (a scope outside
      // this page, an HttpOnly twin, storage that refused).
      var left = { cookie: "\n" + wasm.cookies(after) + "\n", localStorage: null, sessionStorage: null };
      report.deleted = report.deleted.filter(function (entry) {
        var gone;
        if (entry.storage === "cookie") {
          gone = left.cookie.indexOf("\n" + entry.name + "=\n") < 0 && left.cookie.indexOf("\n" + entry.name + "\n") < 0;
        } else {
          if (!left[entry.storage]) left[entry.storage] = new Set(storageKeys(STORAGES.indexOf(entry.storage)));
          gone = !left[entry.storage].has(entry.name);
        }
        if (!gone) report.failed.push(entry);
        return gone;
      });
    }
    lastJar = after;
    lastKeys = storageSignature();
    return report;
  }

  // Whether the jar (as just read) or any storage key differs from the
  // last sweep's: content, not lengths (a removed key and a new one leave
  // the length unchanged).
  function changed(jar) {
    return jar !== lastJar || storageSignature() !== lastKeys;
  }

  return {
    sweep: sweep,
    // Deletes cookies by name with every deletion write, without waiting
    // for the jar to show them (the cookieStore change event may name a
    // cookie before document.cookie shows it).
    deleteNames: function (names) {
      names.forEach(function (name) {
        wasm.deletionWrites(name + "=", location.hostname, location.pathname, secure).split("\n").forEach(function (write) {
          if (write) writeCookie(write);
        });
      });
    },
    changed: changed,
    lastJar: function () { return lastJar; },
    storageKeys: storageKeys,
    cookieKeys: cookieKeys,
    nameOfKey: nameOfKey,
  };
}
