import { createClient } from '@launchdarkly/js-client-sdk';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const c = createClient('0123456789abcdef01234567', { kind: 'user', anonymous: true }, { baseUri: MOCK, eventsUri: MOCK, streamUri: MOCK, streaming: false });
  await withTimeout(c.start());
  c.variation('new-checkout', false);
  c.track('product-viewed');
});
