import { SplitFactory } from '@splitsoftware/splitio';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const f = SplitFactory({
    core: { authorizationKey: 'abcdefghijklmnopqrstuvwxyz0123456789', key: 'anon-key-1' },
    storage: { type: 'LOCALSTORAGE' },
    urls: { sdk: MOCK + '/api', events: MOCK + '/events', auth: MOCK + '/auth', telemetry: MOCK + '/telemetry' },
    streamingEnabled: false,
  });
  const client = f.client();
  await withTimeout(new Promise((res) => { client.on(client.Event.SDK_READY, res); client.on(client.Event.SDK_READY_TIMED_OUT, res); }));
  client.getTreatment('new_checkout');
  client.track('user', 'product_viewed');
});
