import { initializeFaro } from '@grafana/faro-web-sdk';
import { run, MOCK } from './_h.js';
run(() => {
  const faro = initializeFaro({ url: 'https://faro-collector.shop-observability.example/collect/abc', app: { name: 'shop', version: '1.0.0' } });
  faro.api.pushEvent('product_viewed');
});
