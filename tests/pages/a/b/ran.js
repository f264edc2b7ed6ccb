// A stand-in third-party script for the cross-engine auto-blocking test: it
// records the query of the URL it was loaded from when it runs.
(function () {
  var script = document.currentScript;
  var url = (script && (script.src || script.getAttribute("href"))) || "";
  (window.ran = window.ran || []).push(url.split("?")[1] || url);
})();
