import { Experiment } from '@amplitude/experiment-js-client';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const e = Experiment.initialize('client-testkey1234567890abcdef', { serverUrl: MOCK, flagsServerUrl: MOCK, fetchOnStart: true });
  await withTimeout(e.start({ device_id: 'device-test-1' }));
  e.variant('new-checkout');
});
