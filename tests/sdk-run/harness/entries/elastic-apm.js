import { init } from '@elastic/apm-rum';
import { run } from './_h.js';
run(() => {
  const apm = init({ serviceName: 'shop', serverUrl: 'https://apm.shop-observability.example', session: true });
  const tr = apm.startTransaction('view', 'custom'); tr && tr.end();
});
