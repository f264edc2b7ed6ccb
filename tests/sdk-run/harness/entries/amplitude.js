import * as amplitude from '@amplitude/analytics-browser';
import { run } from './_h.js';
run(async () => {
  amplitude.init('0123456789abcdef0123456789abcdef', undefined, { autocapture: true });
  amplitude.track('Product viewed', { sku: 'A1' });
});
