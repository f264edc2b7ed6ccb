// How the page's Storage behaves under the agent's guard, as a library
// would use it: one self-contained function run inside a page of the agent
// (every engine), and what it returns when Storage behaves as without the
// agent. Used by integrity.test.mjs and integrity-engines.test.mjs.
export const probeStorageGuard = async () => {
  localStorage.clear();
  localStorage.setItem("cart_items", "[1]");
  localStorage.site_key = "k";
  const seen = [];
  for (const k in localStorage) if (Object.prototype.hasOwnProperty.call(localStorage, k)) seen.push(k);
  const event = new Promise((resolve) => addEventListener("storage", (e) => resolve(e.storageArea === localStorage && e.key === "site_key"), { once: true }));
  const other = document.createElement("iframe");
  other.src = "/a/b/blank.html";
  document.body.appendChild(other);
  await new Promise((r) => other.addEventListener("load", r, { once: true }));
  other.contentWindow.localStorage.setItem("site_key", "changed");
  return {
    instance: localStorage instanceof Storage,
    keys: Object.keys(localStorage).sort(),
    forIn: seen.sort(),
    length: localStorage.length,
    key0: [localStorage.key(0), localStorage.key(1)].sort(),
    json: JSON.parse(JSON.stringify(localStorage)),
    protoGet: Storage.prototype.getItem.call(localStorage, "cart_items"),
    lengthGetter: Object.getOwnPropertyDescriptor(Storage.prototype, "length").get.call(localStorage),
    property: localStorage.cart_items,
    has: "site_key" in localStorage,
    removed: (delete localStorage.site_key, localStorage.getItem("site_key")),
    storageEvent: await Promise.race([event, new Promise((r) => setTimeout(() => r("no storage event within 2 s"), 2000))]),
    same: localStorage === window.localStorage && localStorage === self.localStorage,
  };
};

export const AS_WITHOUT_AGENT = {
  instance: true, keys: ["cart_items", "site_key"], forIn: ["cart_items", "site_key"], length: 2,
  key0: ["cart_items", "site_key"], json: { cart_items: "[1]", site_key: "changed" }, protoGet: "[1]", lengthGetter: 2,
  property: "[1]", has: true, removed: null, storageEvent: true, same: true,
};
