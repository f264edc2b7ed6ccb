import { createInstance, createPollingProjectConfigManager, createBatchEventProcessor, createOdpManager, createVuidManager } from '@optimizely/optimizely-sdk';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const client = createInstance({
    projectConfigManager: createPollingProjectConfigManager({ sdkKey: 'TestSdkKey123456789', urlTemplate: MOCK + '/datafiles/%s.json', autoUpdate: false }),
    eventProcessor: createBatchEventProcessor(),
    odpManager: createOdpManager(),
    vuidManager: createVuidManager({ enableVuid: true }),
  });
  await withTimeout(client.onReady({ timeout: 3000 }).catch(() => {}));
  const u = client.createUserContext();
  if (u) { u.decide('new_checkout'); u.trackEvent('product_viewed'); }
});
