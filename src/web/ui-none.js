// Stand-in for ui.js, ui-texts.js and ui-view.js in the benchmark build that measures what the UI costs:
// the same interface, no banner, English placeholder texts.
export function consentTexts() {
  var texts = { placeholder: "This content loads only with your consent to: {categories}.", placeholderButton: "Accept {categories}" };
  return { text: function (key) { return texts[key]; }, title: function (id) { return id; } };
}
export function consentUi() {
  var noop = function () {};
  return { showBanner: noop, showPreferences: noop, hide: noop, destroy: noop };
}
