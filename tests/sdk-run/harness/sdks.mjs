// Every SDK the harness runs: page name, npm package, what kind of tool it is
// (for the suggested consent category), canned replies of its vendor API
// (served at /mock/<name>/...; [path regex, body]) and the fake keys used,
// which patterns.mjs turns into `*`.
const MP = '0123456789abcdef0123456789abcdef';
export const SDKS = [
  { name: 'posthog', pkg: 'posthog-js', kind: 'analytics', tokens: ['phc_testkey123'],
    mock: [['^/array/.*config', { sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip-js'] }], ['^/(flags|decide)', { featureFlags: { beta: true }, featureFlagPayloads: {}, sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip-js'] }]] },
  { name: 'mixpanel', pkg: 'mixpanel-browser', kind: 'analytics', tokens: [MP] },
  { name: 'mixpanel-localstorage', pkg: 'mixpanel-browser', kind: 'analytics', tokens: [MP] },
  { name: 'amplitude', pkg: '@amplitude/analytics-browser', kind: 'analytics', tokens: [MP, MP.slice(0, 10)] },
  { name: 'amplitude-session-replay', pkg: '@amplitude/session-replay-browser', kind: 'analytics', tokens: [MP, MP.slice(0, 10)],
    mock: [['^/config', { configs: { sessionReplay: { sr_sampling_config: { sample_rate: 1, capture_enabled: true } } } }]] },
  { name: 'amplitude-js', pkg: 'amplitude-js', kind: 'analytics', tokens: [MP, MP.slice(0, 6), MP.slice(0, 10)] },
  { name: 'amplitude-experiment', pkg: '@amplitude/experiment-js-client', kind: 'experiment', tokens: ['client-testkey1234567890abcdef', 'testkey123'],
    mock: [['^/sdk/v2/vardata', { 'new-checkout': { key: 'on', value: 'on' } }], ['^/sdk/v2/flags', []]] },
  { name: 'segment', pkg: '@segment/analytics-next', kind: 'analytics', tokens: ['abcDEF0123456789abcDEF0123456789'] },
  { name: 'june', pkg: '@june-so/analytics-next', kind: 'analytics', tokens: ['abcDEF0123456789abcDEF0123456789'] },
  { name: 'customerio', pkg: '@customerio/cdp-analytics-browser', kind: 'marketing', tokens: ['abcDEF0123456789abcDEF0123456789'] },
  { name: 'rudderstack', pkg: '@rudderstack/analytics-js', kind: 'analytics', tokens: ['2abcDEF0123456789abcDEF01234'] },
  { name: 'snowplow', pkg: '@snowplow/browser-tracker', kind: 'analytics', tokens: ['sp1'] },
  { name: 'getanalytics', pkg: 'analytics', kind: 'analytics', tokens: [] },
  { name: 'mparticle', pkg: '@mparticle/web-sdk', kind: 'analytics', tokens: ['us1-' + MP] },
  { name: 'plausible', pkg: 'plausible-tracker', kind: 'analytics', tokens: [] },
  { name: 'vercel-analytics', pkg: '@vercel/analytics', kind: 'analytics', tokens: [] },
  { name: 'datadog-rum', pkg: '@datadog/browser-rum', kind: 'rum', tokens: [] },
  { name: 'datadog-logs', pkg: '@datadog/browser-logs', kind: 'rum', tokens: [] },
  { name: 'sentry', pkg: '@sentry/browser', kind: 'rum', tokens: [] },
  { name: 'newrelic', pkg: '@newrelic/browser-agent', kind: 'rum', tokens: [] },
  { name: 'elastic-apm', pkg: '@elastic/apm-rum', kind: 'rum', tokens: [] },
  { name: 'faro', pkg: '@grafana/faro-web-sdk', kind: 'rum', tokens: [] },
  { name: 'faro-persistent', pkg: '@grafana/faro-web-sdk', kind: 'rum', tokens: [] },
  { name: 'appinsights', pkg: '@microsoft/applicationinsights-web', kind: 'rum', tokens: [] },
  { name: 'openreplay', pkg: '@openreplay/tracker', kind: 'replay', tokens: ['AbCdEfGhIjKlMnOpQrSt'],
    mock: [['^/v1/web/start', { token: 'tok123', userUUID: 'uuid-test-1', sessionID: '1234567890', projectID: '1', delay: 0, startTimestamp: 1767225600000, beaconSizeLimit: 1000000 }]] },
  { name: 'highlight', pkg: 'highlight.run', kind: 'replay', tokens: ['abc123xyz'] },
  { name: 'logrocket', pkg: 'logrocket', kind: 'replay', tokens: ['abcdef/shop-test'] },
  { name: 'fullstory', pkg: '@fullstory/browser', kind: 'replay', tokens: [] },
  { name: 'hotjar', pkg: '@hotjar/browser', kind: 'replay', tokens: ['1234567'] },
  { name: 'clarity', pkg: '@microsoft/clarity', kind: 'replay', tokens: ['abcd1234ef'] },
  { name: 'smartlook', pkg: 'smartlook-client', kind: 'replay', tokens: [] },
  { name: 'react-ga4', pkg: 'react-ga4', kind: 'analytics', tokens: ['TEST123456'] },
  { name: 'growthbook', pkg: '@growthbook/growthbook', kind: 'experiment', tokens: ['sdk-abc123TEST'],
    mock: [['^/api/features/', { status: 200, features: { 'new-checkout': { defaultValue: false, rules: [{ key: 'checkout-exp', variations: [false, true], weights: [0.5, 0.5], coverage: 1, hashAttribute: 'id', fallbackAttribute: 'deviceId', bucketVersion: 1, meta: [{ key: '0' }, { key: '1' }] }] }, 'button-color': { defaultValue: 'blue' } }, dateUpdated: '2026-01-01T00:00:00Z' }]] },
  { name: 'statsig', pkg: '@statsig/js-client', kind: 'experiment', tokens: ['client-testkey1234567890'],
    mock: [['^/v1/initialize', { feature_gates: {}, dynamic_configs: {}, layer_configs: {}, time: 1767225600000, has_updates: true, hash_used: 'djb2', derived_fields: {} }]] },
  { name: 'launchdarkly', pkg: 'launchdarkly-js-client-sdk', kind: 'flags', tokens: ['0123456789abcdef01234567'],
    mock: [['^/sdk/eval', { 'new-checkout': { value: true, version: 1, flagVersion: 1, variation: 1 } }]] },
  { name: 'launchdarkly-v4', pkg: '@launchdarkly/js-client-sdk', kind: 'flags', tokens: ['0123456789abcdef01234567'],
    mock: [['^/sdk/eval', { 'new-checkout': { value: true, version: 1, flagVersion: 1, variation: 1 } }]] },
  { name: 'split', pkg: '@splitsoftware/splitio', kind: 'flags', tokens: ['anon-key-1', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    mock: [['^/api/splitChanges', { ff: { d: [{ name: 'new_checkout', trafficTypeName: 'user', status: 'ACTIVE', killed: false, defaultTreatment: 'off', changeNumber: 1, seed: 1, trafficAllocation: 100, trafficAllocationSeed: 1, algo: 2, conditions: [] }], s: -1, t: 1 }, rbs: { d: [], s: -1, t: 1 } }],
      ['^/api/memberships', { ms: { k: [] }, ls: { k: [] } }]] },
  { name: 'optimizely', pkg: '@optimizely/optimizely-sdk', kind: 'experiment', tokens: ['TestSdkKey123456789'],
    mock: [['^/datafiles/', { version: '4', rollouts: [], typedAudiences: [], anonymizeIP: true, projectId: '123', variables: [], featureFlags: [], experiments: [], audiences: [], groups: [], attributes: [], botFiltering: false, accountId: '456', events: [{ key: 'product_viewed', id: '789', experimentIds: [] }], revision: '1', integrations: [] }]] },
  { name: 'unleash', pkg: 'unleash-proxy-client', kind: 'flags', tokens: ['shop'],
    mock: [['^/proxy', { toggles: [{ name: 'new-checkout', enabled: true, variant: { name: 'disabled', enabled: false }, impressionData: false }] }]] },
  { name: 'configcat', pkg: 'configcat-js', kind: 'flags', tokens: [],
    mock: [['^/configuration-files/', { p: { u: 'https://cdn-global.configcat.com', r: 0, s: 'salt' }, f: { newCheckout: { t: 0, v: { b: true }, i: 'id1' } } }]] },
  { name: 'flagsmith', pkg: 'flagsmith', kind: 'flags', tokens: ['abcDEF1234567890abcdef'],
    mock: [['^/api/v1/flags', [{ feature: { name: 'new_checkout', id: 1, type: 'FLAG' }, enabled: true, feature_state_value: null }]]] },
  { name: 'braze', pkg: '@braze/web-sdk', kind: 'marketing', tokens: ['01234567-89ab-cdef-0123-456789abcdef'] },
  { name: 'intercom', pkg: '@intercom/messenger-js-sdk', kind: 'functional', tokens: ['abc12345'] },
];

/** The canned vendor reply for `/mock/<name><rest>`: [body, content type] (JSON `{}` when none matches). */
export function mockReply(name, rest) {
  const sdk = SDKS.find((s) => s.name === name);
  for (const [pattern, body, type] of sdk?.mock || []) {
    if (new RegExp(pattern).test(rest || '/')) return [typeof body === 'string' ? body : JSON.stringify(body), type || 'application/json'];
  }
  return ['{}', 'application/json'];
}
