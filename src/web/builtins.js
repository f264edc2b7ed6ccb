// consent-agent: the built-ins every part of the web layer calls, taken
// when the tag's code starts, before any page script that runs after it can
// replace them (hostile, or an old polyfill). A page that replaces
// JSON.parse, Function.prototype.apply or String.prototype.split later must
// not stop a choice or its enforcement: the layer calls these, through
// applyFunction where they are methods.
export var parseJson = JSON.parse, toJson = JSON.stringify, applyFunction = Reflect.apply;
// And the string and array methods on the enforcement path (the watcher,
// rejectAll), called through applyFunction.
export var storageKey = typeof Storage === "function" ? Storage.prototype.key : null;
export var splitString = String.prototype.split, sliceString = String.prototype.slice, joinArray = Array.prototype.join, objectKeys = Object.keys,
  sliceArray = Array.prototype.slice;

