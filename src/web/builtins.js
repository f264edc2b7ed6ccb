// consent-agent: the built-ins every part of the web layer calls, taken
// when the tag's code starts, before any page script that runs after it can
// replace them (hostile, or an old polyfill). A page that replaces
// JSON.parse, Function.prototype.apply or String.prototype.split later must
// not stop a choice or its enforcement: the layer calls these, through
// applyFunction where they are methods. The engine's script
// (engine-file.js), which arrives after page scripts ran, is handed the
// very same ones (BUILTINS; builtins-handed.js is its copy of this file).
export var parseJson = JSON.parse, toJson = JSON.stringify, applyFunction = Reflect.apply;
// And the string and array methods on the enforcement path (the watcher,
// rejectAll), called through applyFunction, and the watcher's clocks.
export var storageKey = typeof Storage === "function" ? Storage.prototype.key : null,
  storageGet = typeof Storage === "function" ? Storage.prototype.getItem : null;
export var splitString = String.prototype.split, sliceString = String.prototype.slice, joinArray = Array.prototype.join, objectKeys = Object.keys,
  sliceArray = Array.prototype.slice;
export var setTimer = window.setTimeout, clearTimer = window.clearTimeout,
  abortAfter = window.AbortSignal && typeof AbortSignal.timeout === "function" ? AbortSignal.timeout.bind(AbortSignal) : null;
export var BUILTINS = {
  parseJson: parseJson, toJson: toJson, applyFunction: applyFunction, storageKey: storageKey, storageGet: storageGet, splitString: splitString,
  sliceString: sliceString, joinArray: joinArray, objectKeys: objectKeys, sliceArray: sliceArray, setTimer: setTimer, clearTimer: clearTimer,
  abortAfter: abortAfter,
};
