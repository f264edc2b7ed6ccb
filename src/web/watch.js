// consent-agent's watcher: what no trap sees (an HTTP Set-Cookie, another
// frame's or tab's writes). One tick a second, re-armed by every trap call
// and event, on two clocks at once so a page cannot stop it: a plain
// timeout whose id every guarded clearTimeout/clearInterval refuses
// (guard.js), and, where the browser has it, AbortSignal.timeout, which no
// clearTimeout reaches in Chromium and Firefox. A tick also comes on
// pageshow, focus and visibilitychange; storage and cookieStore change
// events name what changed.
//
// consentWatcher(interval, jobs) → { arm(), ownsTimer(id), watch() }.
// jobs: { check() (a tick), changed() (an event that may mean a change),
// storageEvent(event), cookieEvent(event) }; watch() starts listening.

import { applyFunction, setTimer, clearTimer, abortAfter } from "./builtins.js";

export function consentWatcher(interval, jobs) {
  "use strict";
  var armed = null, timerId = 0, lastTick = 0;
  function arm() {
    var now = Date.now();
    if (armed && now - lastTick < 2 * interval) return;
    if (timerId) applyFunction(clearTimer, window, [timerId]);
    lastTick = now;
    var token = armed = {};
    function tick() {
      if (armed !== token) return; // the other clock ticked first
      armed = null;
      timerId = 0;
      try {
        jobs.check();
      } catch (error) {
        arm(); // a broken built-in of the page's: the next tick tries again, and the page sees no error
      }
    }
    timerId = applyFunction(setTimer, window, [tick, interval]);
    if (abortAfter) abortAfter(interval + 50).addEventListener("abort", tick);
  }
  function ownsTimer(id) {
    return timerId !== 0 && Number(id) === timerId;
  }
  function watch() {
    arm();
    ["pageshow", "focus", "visibilitychange"].forEach(function (type) {
      window.addEventListener(type, jobs.changed, true);
    });
    // Another tab or frame wrote storage: the event names the key (a tab
    // writing 10,000 keys costs 10,000 lookups, not 10,000 sweeps).
    window.addEventListener("storage", function (event) {
      arm();
      jobs.storageEvent(event);
    }, true);
    ["pointerdown", "keydown"].forEach(function (type) {
      window.addEventListener(type, arm, true);
    });
    if (window.cookieStore && window.cookieStore.addEventListener) {
      window.cookieStore.addEventListener("change", jobs.cookieEvent);
    }
  }
  return { arm: arm, ownsTimer: ownsTimer, watch: watch };
}
