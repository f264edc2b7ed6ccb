import * as LDClient from 'launchdarkly-js-client-sdk';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const c = LDClient.initialize('0123456789abcdef01234567', { kind: 'user', anonymous: true }, { bootstrap: 'localStorage', baseUrl: MOCK, eventsUrl: MOCK, streamUrl: MOCK, streaming: false });
  await withTimeout(c.waitForInitialization(3).catch(() => {}));
  c.variation('new-checkout', false);
  c.track('product-viewed');
});
