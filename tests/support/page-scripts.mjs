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
