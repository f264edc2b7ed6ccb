import { BrowserAgent } from '@newrelic/browser-agent/loaders/browser-agent';
import { run } from './_h.js';
run(() => {
  new BrowserAgent({
    init: { session_replay: { enabled: true, sampling_rate: 100, error_sampling_rate: 100 }, privacy: { cookies_enabled: true }, distributed_tracing: { enabled: true }, ajax: { deny_list: [] } },
    info: { beacon: 'bam.nr-data.net', errorBeacon: 'bam.nr-data.net', licenseKey: 'NRJS-0123456789abcdef012', applicationID: '123456789', sa: 1 },
    loader_config: { accountID: '1234567', trustKey: '1234567', agentID: '123456789', licenseKey: 'NRJS-0123456789abcdef012', applicationID: '123456789' },
  });
});
