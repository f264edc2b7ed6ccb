import { StatsigClient } from '@statsig/js-client';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const c = new StatsigClient('client-testkey1234567890', { userID: '' }, { networkConfig: { api: MOCK + '/v1' } });
  await withTimeout(c.initializeAsync());
  c.checkGate('new_checkout');
  c.logEvent('product_viewed');
});
