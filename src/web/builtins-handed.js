// consent-agent: builtins.js as the engine's script (engine-file.js) has
// it. That file runs after page scripts did, so it takes nothing from the
// page's globals: the tag hands over the built-ins it took before any
// page script ran (builtins.js, BUILTINS), and adoptBuiltins() puts them
// in place before anything here is called (engine-file.js).
export var parseJson, toJson, applyFunction, storageKey, storageGet, splitString, sliceString, joinArray, objectKeys, sliceArray, setTimer, clearTimer, abortAfter;
export function adoptBuiltins(given) {
  parseJson = given.parseJson;
  toJson = given.toJson;
  applyFunction = given.applyFunction;
  storageKey = given.storageKey;
  storageGet = given.storageGet;
  splitString = given.splitString;
  sliceString = given.sliceString;
  joinArray = given.joinArray;
  objectKeys = given.objectKeys;
  sliceArray = given.sliceArray;
  setTimer = given.setTimer;
  clearTimer = given.clearTimer;
  abortAfter = given.abortAfter;
}
