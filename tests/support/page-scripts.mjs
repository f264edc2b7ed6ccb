// Self-contained page functions the hostile-script tests run in every
// engine (Playwright's page.evaluate and the engines harness's evaluate both
// take them as they are).

/** Recursion to the stack's end, calling the agent in every frame on the way back: near the end the calls run out of stack inside the agent. */
export function exhaustStackInsideAgent() {
  function dive() {
    try {
      dive();
    } catch (error) {
      try {
        consentAgent.consent();
        consentAgent.accepted("analytics");
      } catch (again) {
        // out of stack inside the agent's call
      }
    }
  }
  dive();
}

/** Inserts a same-origin <object> or <embed> (`tag`) showing /a/b/late-writer.html, which writes refused entries 300 ms after it loads. */
export function insertLateWriter(tag) {
  const nested = document.createElement(tag);
  nested.setAttribute(tag === "object" ? "data" : "src", "/a/b/late-writer.html");
  nested.setAttribute("type", "text/html");
  document.body.appendChild(nested);
}

/** Stores 400 refused keys (ac_client_*) and two kept ones (cart_items, myapp_pref), then wraps getItem and setItem the way a page might: getItem answers "WRAPPED" for the kept keys, setItem prefixes "SET:". */
export function fillAndWrapStorage() {
  for (let i = 0; i < 400; i++) localStorage.setItem(`ac_client_${i}`, "x");
  localStorage.setItem("cart_items", "[1,2,3]");
  localStorage.setItem("myapp_pref", "{\"dark\":true}");
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) { return key === "cart_items" || key === "myapp_pref" ? "WRAPPED" : getItem.call(this, key); };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) { return setItem.call(this, key, "SET:" + value); };
}
