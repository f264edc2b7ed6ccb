import mixpanel from 'mixpanel-browser';
import { run } from './_h.js';
run(() => {
  mixpanel.init('0123456789abcdef0123456789abcdef', { persistence: 'localStorage', track_pageview: true, batch_requests: true });
  mixpanel.track('Product viewed', { sku: 'A1' });
});
