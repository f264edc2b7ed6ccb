import Tracker from '@openreplay/tracker';
import { run, withTimeout, MOCK } from './_h.js';
run(async () => {
  const t = new Tracker({ projectKey: 'AbCdEfGhIjKlMnOpQrSt', ingestPoint: MOCK, __DISABLE_SECURE_MODE: true });
  await withTimeout(t.start());
  t.event('product_viewed', {});
});
