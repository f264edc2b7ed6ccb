import amplitude from 'amplitude-js';
import { run } from './_h.js';
run(() => {
  const a = amplitude.getInstance();
  a.init('0123456789abcdef0123456789abcdef', null, { includeUtm: true, includeReferrer: true, saveEvents: true });
  a.logEvent('Product viewed', { sku: 'A1' });
});
