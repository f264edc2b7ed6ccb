import mixpanel from 'mixpanel-browser';
import { run } from './_h.js';
run(() => {
  mixpanel.init('0123456789abcdef0123456789abcdef', { track_pageview: true, record_sessions_percent: 100, batch_requests: true });
  mixpanel.register({ plan: 'free' });
  mixpanel.track('Product viewed', { sku: 'A1' });
});
