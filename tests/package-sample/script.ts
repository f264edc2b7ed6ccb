// The script-tag file as a side-effect import: window.consentAgent is typed.
import "consent-agent/script";
import type { Consent } from "consent-agent";

const agent = window.consentAgent;
if (agent) {
  const now: Consent = agent.consent();
  if (!now.decidedAt) agent.showBanner();
}
export {};
