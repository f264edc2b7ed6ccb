// Must NOT type-check: every line marked BAD is an error the package's types
// catch (the test compares the lines tsc reports with the marked ones), so
// the types are not `any`.
import init from "consent-agent";
import type { ConsentAgentConfig } from "consent-agent";

export const configs: ConsentAgentConfig[] = [
  { reloadOnWidthdraw: true }, // BAD: misspelled field
  { unknown: "drop" }, // BAD: not keep or delete
  { categories: [{ id: "analytics", required: "yes" }] }, // BAD: required is a boolean
  { rules: [{ cookies: ["_ga"] }] }, // BAD: a rule needs its category
  { platforms: ["liferay"] }, // BAD: not a pack id
  { ui: { position: "top" } }, // BAD: bar, box or modal
  { ui: { texts: { en: { bannerTitel: "Hi" } } } }, // BAD: misspelled text key
  { googleConsentMode: { ad_storage: "marketing" } }, // BAD: a list of categories
  { googleConsentMode: { region: "ES" } }, // BAD: a list of regions
  { autoBlock: { allow: "www.googletagmanager.com" } }, // BAD: a list of sources
  { consentCookie: { maxAgeDays: "182" } }, // BAD: a number
  { consentLog: {} }, // BAD: url is required
  { revision: "2" }, // BAD: a number
];

export async function misuse(): Promise<void> {
  const agent = await init({ declaration: 42 }); // BAD: declaration is a URL
  agent.accept("analytics"); // BAD: accept takes a list
  agent.classify("_ga", "webSQL"); // BAD: not a storage
  const granted: string = agent.accepted("analytics"); // BAD: a boolean
  agent.acceptEverything(); // BAD: no such call
  window.consentAgent.rejectAll(); // BAD: may be undefined before the agent starts
  addEventListener("consentagent:change", (event) => event.detail.deleted); // BAD: the detail is a Consent
  addEventListener("consentagent:sweep", (event) => event.detail.categories); // BAD: the detail is a SweepReport
  const rows: string[] = await agent.declaration(); // BAD: rows are objects
  const decided: string = agent.consent().decidedAt; // BAD: null before a choice
  const first = agent.audit()[0];
  if (first && first.storage === "script") first.allowed = true; // BAD: a held row is never allowed
  console.log(granted, rows, decided);
}
