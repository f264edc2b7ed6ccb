// consent-agent: where ui-start.js gets the banner and dialog (ui.js); the
// benchmark build that measures what the UI costs puts ui-none.js in this
// file's place.

export { consentUi } from "./ui.js";
