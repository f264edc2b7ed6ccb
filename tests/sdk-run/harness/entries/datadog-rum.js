import { datadogRum } from '@datadog/browser-rum';
import { run } from './_h.js';
run(() => {
  datadogRum.init({ applicationId: '00000000-aaaa-bbbb-cccc-000000000001', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com', service: 'shop', sessionSampleRate: 100, sessionReplaySampleRate: 100, trackUserInteractions: true, trackResources: true });
  datadogRum.addAction('product_viewed');
});
