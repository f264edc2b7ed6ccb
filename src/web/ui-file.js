// consent-agent: the entry of consent-agent-ui.<hash>.js (tools/bundle.mjs),
// the banner and dialog in a file of their own; it hands the builder to
// the tag that requested it (ui-fetch.js) through an event on its own
// script element.

import { consentUi } from "./ui.js";
import { UI_HANDOVER } from "./ui-fetch.js";

var element = document.currentScript;
if (element) element.dispatchEvent(new CustomEvent(UI_HANDOVER, { detail: consentUi }));
