// consent-agent: the first thing the engine's script runs (engine-file.js
// imports it first, and it imports nothing, so no other code of the file
// runs before it): it takes the tag's handover (engine-fetch.js) while no
// page code can have run inside this file yet.

var give = window.consentAgentEngine;

// Hands the engine's start to the tag that requested this file.
export function handOver(start) {
  if (typeof give === "function") give(start);
  else console.error("consent-agent: the engine's script runs only when the tag (consent-agent.js) requests it");
}
