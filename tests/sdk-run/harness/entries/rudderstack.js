import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';
import { run } from './_h.js';
run(() => {
  const wk = '2abcDEF0123456789abcDEF01234';
  const ra = new RudderAnalytics();
  ra.load(wk, 'https://shopdataplane.rudderstack.com', {
    getSourceConfig: () => ({ source: { id: 'src1', name: 'shop', writeKey: wk, enabled: true, workspaceId: 'ws1', config: {}, destinations: [] } }),
  });
  ra.page();
  ra.track('Product viewed', { sku: 'A1' });
});
