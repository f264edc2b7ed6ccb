import { AnalyticsBrowser } from '@june-so/analytics-next';
import { run } from './_h.js';
run(() => {
  const wk = 'abcDEF0123456789abcDEF0123456789';
  const analytics = AnalyticsBrowser.load({ writeKey: wk, cdnSettings: { integrations: { 'Segment.io': { apiKey: wk } } } });
  analytics.page();
  analytics.identify({ plan: 'free' });
  analytics.track('Product viewed', { sku: 'A1' });
});
