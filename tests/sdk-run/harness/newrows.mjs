// Writes ../new-rows.tsv: one catalog-format row per (pattern, storage) seen
// in ../results.tsv that the catalog has no row for, with the provider,
// category and purpose written below. Names too generic to claim are listed
// in SKIP and left out.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SKIP = {
  'sessionID': 'highlight.run: generic word, any site may use it',
  'sessionData_*': 'highlight.run: generic stem',
  '__anon_id': 'analytics (getanalytics): generic name',
  '*': 'configcat-js: the key is a bare SHA-1 hex digest, no literal part to match',
};
// pattern -> [provider, category, purpose]
const META = {
  'AMP_URL_INFO': ['Amplitude', 'analytics', 'Amplitude Browser SDK: last page URL and referrer kept for page-view and attribution events in this tab'],
  'amp_*': ['Amplitude', 'analytics', 'Legacy Amplitude JS SDK (amplitude-js): device id, session id and event counters of the visitor'],
  'amp-exp-*': ['Amplitude', 'analytics', 'Amplitude Experiment: cached variants and flag definitions assigned to this visitor'],
  'EXP_*_DEFAULT_USER_PROVIDER': ['Amplitude', 'analytics', 'Amplitude Experiment: the device id and user properties used to assign experiment variants'],
  'EXP_unsent_*': ['Amplitude', 'analytics', 'Amplitude Experiment: queue of exposure events not yet sent'],
  'EXP_sent_v3_*': ['Amplitude', 'analytics', 'Amplitude Experiment: exposures already tracked in this tab, to send each once'],
  'gist.web.isPersistingSession': ['Customer.io', 'marketing', 'Customer.io in-app messaging (Gist): whether the messaging session is kept in localStorage or this tab only'],
  '*.applicationinsights.azure.com/v2/track': ['Microsoft Azure Application Insights', 'analytics', 'Application Insights SDK: counters of requests sent to the ingestion endpoint, keyed by instrumentation key and endpoint URL'],
  '*dc.services.visualstudio.com/v2/track': ['Microsoft Azure Application Insights', 'analytics', 'Application Insights SDK: counters of requests sent to the default ingestion endpoint, keyed by instrumentation key and endpoint URL'],
  'AI_buffer_1': ['Microsoft Azure Application Insights', 'analytics', 'Application Insights SDK: telemetry waiting to be sent (versioned key of AI_buffer)'],
  'AI_sentBuffer_1': ['Microsoft Azure Application Insights', 'analytics', 'Application Insights SDK: telemetry sent but not yet acknowledged (versioned key of AI_sentBuffer)'],
  'mprtcl-v4': ['mParticle', 'analytics', 'mParticle Web SDK: visitor and session state (ids, identities, consent state of the SDK)'],
  'mprtcl-v4-id-cache': ['mParticle', 'analytics', 'mParticle Web SDK: cache of identity API answers for this visitor'],
  '__openreplay_uuid': ['OpenReplay', 'analytics', 'OpenReplay session replay: device id of the visitor'],
  '__openreplay_token': ['OpenReplay', 'analytics', 'OpenReplay session replay: token of the recording session of this tab'],
  '__openreplay_token_version': ['OpenReplay', 'analytics', 'OpenReplay session replay: version of the stored session token'],
  '__openreplay_tabid': ['OpenReplay', 'analytics', 'OpenReplay session replay: id of this tab in the recording'],
  '__openreplay_pageno': ['OpenReplay', 'analytics', 'OpenReplay session replay: page counter of the recording session'],
  'optimizely-vuid': ['Optimizely', 'analytics', 'Optimizely Feature Experimentation SDK: anonymous visitor id (VUID) used for experiments and audience segments'],
  'optly_event:*': ['Optimizely', 'analytics', 'Optimizely Feature Experimentation SDK: queued impression or conversion event not yet sent'],
  'rudder_*.queue': ['RudderStack', 'analytics', 'RudderStack JS SDK: queue of events waiting to be sent'],
  'rudder_*.batchQueue': ['RudderStack', 'analytics', 'RudderStack JS SDK: events batched for sending'],
  'rudder_*.inProgress': ['RudderStack', 'analytics', 'RudderStack JS SDK: events being sent'],
  'rudder_*.ack': ['RudderStack', 'analytics', 'RudderStack JS SDK: heartbeat of the tab that owns the event queue'],
  'FLAGSMITH_DB_*': ['Flagsmith', 'functional', 'Flagsmith JS SDK: cached feature flags of the environment'],
  'FLAGSMITH_EVENT_*': ['Flagsmith', 'functional', 'Flagsmith JS SDK: counts of flag evaluations waiting to be sent'],
  'highlightClientID': ['Highlight (LaunchDarkly)', 'analytics', 'Highlight session replay and observability: client id of the browser'],
  'ld:*:$diagnostics': ['LaunchDarkly', 'functional', 'LaunchDarkly JS SDK: diagnostic data of the SDK connection'],
  'ld:*:eyJ*': ['LaunchDarkly', 'functional', 'LaunchDarkly JS SDK: cached flag values for one evaluation context (key is the base64 of the context)'],
  'ph_*_session_registered_properties': ['PostHog', 'analytics', 'PostHog JS SDK: properties registered for the current session'],
  'unleash:repository:repo': ['Unleash', 'functional', 'Unleash proxy client: cached feature toggles'],
  'unleash:repository:sessionId': ['Unleash', 'functional', 'Unleash proxy client: random session id used for sticky gradual rollouts'],
};
const lines = fs.readFileSync(path.join(ROOT, '..', 'results.tsv'), 'utf8').trim().split('\n');
const head = lines[0].split('\t');
const rows = lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v])));
const out = new Map();
const skipped = [];
for (const r of rows) {
  if (r.catalog_row) continue;
  if (SKIP[r.pattern] !== undefined) { skipped.push(`${r.storage}\t${r.name}\t${SKIP[r.pattern]}`); continue; }
  const key = `${r.pattern}\t${r.storage}`;
  const m = META[r.pattern];
  if (!m) { console.error('no META for', key); continue; }
  const pkg = r.sdk.replace(/ \(.*\)$/, '');
  if (!out.has(key)) out.set(key, [r.pattern, r.storage, m[1], '', m[0], 'see source', 'no', m[2], 'first', `published code of ${pkg}@${r.version}`]);
}
// Application Insights' default endpoint: the same key as observed, but for
// a connection string without IngestionEndpoint (constant in the SDK).
if ([...out.keys()].some((k) => k.startsWith('*.applicationinsights.azure.com'))) {
  const v = rows.find((r) => r.sdk.startsWith('@microsoft/applicationinsights-web')).version;
  out.set('*dc.services.visualstudio.com/v2/track\tsessionStorage', ['*dc.services.visualstudio.com/v2/track', 'sessionStorage', 'analytics', '', META['*dc.services.visualstudio.com/v2/track'][0], 'see source', 'no', META['*dc.services.visualstudio.com/v2/track'][2], 'first', `published code of @microsoft/applicationinsights-web@${v}`]);
}
const header = 'pattern\tstorage\tcategory\tpack\tprovider\tretention\tserver_set\tpurpose\tparty\tsource';
fs.writeFileSync(path.join(ROOT, '..', 'new-rows.tsv'), [header, ...[...out.values()].map((r) => r.join('\t'))].join('\n') + '\n');
fs.writeFileSync(path.join(ROOT, 'out', 'skipped.tsv'), skipped.join('\n') + '\n');
console.log(`${out.size} new rows; skipped ${skipped.length} names`);
