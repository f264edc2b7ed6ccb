// consent-agent: where ui-start.js gets the banner and dialog (ui.js). In
// the ES module they are bundled in and at hand at once; the script tag's
// build puts ui-fetch.js in this file's place, which loads them from a
// file of their own.

import { consentUi } from "./ui.js";

// Nothing to request: the builder is bundled in.
export function requestUi() {}

// Calls done(consentUi) once the builder is there (here: at once).
export function loadUi(done) {
  done(consentUi);
}
