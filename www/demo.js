// The demo page's own script: plants entries, offers choices, shows what remains.
// It uses only the public API (window.consentAgent) and events.
(function () {
  "use strict";
  var agent = window.consentAgent;
  var $ = function (id) { return document.getElementById(id); };
  if (!agent) {
    $("consent").textContent = "The agent did not start: see the console.";
    return;
  }

  // Every parent domain of this host (none on an IP address or a single label).
  function domains() {
    var host = location.hostname, out = [];
    if (/^[\d.]+$/.test(host) || host.indexOf(".") < 0) return out;
    var labels = host.split(".");
    for (var i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
    return out;
  }

  function plant() {
    var paths = ["/", "/a", "/a/b", "/a/b/"];
    var cookies = [];
    ["_ga", "demo_theme", "demo_ads_campaign", "demo_cart", "site_unknown_pref"].forEach(function (name) {
      paths.forEach(function (path) { cookies.push(name + "=1; Path=" + path); });
      domains().forEach(function (domain) { cookies.push(name + "=2; Domain=" + domain + "; Path=/a"); });
    });
    cookies.push("_ga_DEMO123=GS1.1; Path=/", "_gat_gtag_UA_12345_1=1; Path=/", "_hjSessionUser_3456=x; Path=/a/b");
    var query = cookies.map(function (c) { return "c=" + encodeURIComponent(c); }).join("&");
    fetch("/plant?" + query).then(function () {
      var keys = { ac_client_user_id: "u-42", ac_client_batch: "[]", ac_client_context: "{}", demo_theme: "dark", demo_cart_items: "[1,2]", _hjid: "h", site_unknown_key: "1" };
      Object.keys(keys).forEach(function (k) { localStorage[k] = keys[k]; });
      sessionStorage.ac_session_demo = "1";
      render();
    });
  }

  var boxes = {};
  function buildChoices() {
    var state = agent.consent();
    var set = $("choices");
    Object.keys(state.categories).forEach(function (id) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = state.categories[id];
      box.disabled = id === "necessary";
      boxes[id] = box;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + id));
      set.appendChild(label);
    });
  }

  function render() {
    var state = agent.consent();
    Object.keys(boxes).forEach(function (id) { boxes[id].checked = state.categories[id]; });
    $("consent").textContent = state.decidedAt
      ? "Choice of " + state.decidedAt + " (id " + state.id + "): " + Object.keys(state.categories).filter(function (k) { return state.categories[k]; }).join(", ")
      : "No choice stored: only required categories are allowed.";
    var body = $("inventory");
    body.replaceChildren();
    agent.audit().forEach(function (e) {
      var tr = body.insertRow();
      if (!e.allowed) tr.className = "refused";
      [e.name, e.storage, e.category || "unknown", e.source || "", e.allowed ? "yes" : "no"].forEach(function (text) {
        tr.insertCell().textContent = text;
      });
    });
  }

  addEventListener("consentagent:sweep", function (event) {
    var r = event.detail;
    $("report").textContent = JSON.stringify({ deleted: r.deleted, failed: r.failed, unknown: r.unknown, kept: r.kept.length + " entries" }, null, 1);
    render();
  });
  addEventListener("consentagent:change", render);

  $("plant").addEventListener("click", plant);
  $("accept-all").addEventListener("click", function () { agent.acceptAll(); });
  $("reject-all").addEventListener("click", function () { agent.rejectAll(); });
  $("save").addEventListener("click", function () {
    agent.accept(Object.keys(boxes).filter(function (id) { return boxes[id].checked; }));
  });
  $("reset").addEventListener("click", function () { agent.reset(); });
  $("sweep").addEventListener("click", function () { agent.sweep(); });
  buildChoices();
  render();
  setInterval(render, 1500);
})();
