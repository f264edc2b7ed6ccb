import { GrowthBook, LocalStorageStickyBucketService } from '@growthbook/growthbook';
import { autoAttributesPlugin } from '@growthbook/growthbook/plugins';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const gb = new GrowthBook({ apiHost: MOCK, clientKey: 'sdk-abc123TEST', trackingCallback: () => {}, stickyBucketService: new LocalStorageStickyBucketService(), plugins: [autoAttributesPlugin()] });
  await withTimeout(gb.init({ timeout: 3000 }));
  gb.isOn('new-checkout');
  gb.getFeatureValue('button-color', 'blue');
});
