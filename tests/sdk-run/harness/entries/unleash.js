import { UnleashClient } from 'unleash-proxy-client';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const u = new UnleashClient({ url: MOCK + '/proxy', clientKey: 'proxy-client-key', appName: 'shop' });
  await withTimeout(u.start());
  u.isEnabled('new-checkout');
});
