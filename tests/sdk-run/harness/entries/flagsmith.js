import flagsmith from 'flagsmith';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  await withTimeout(flagsmith.init({ environmentID: 'abcDEF1234567890abcdef', api: MOCK + '/api/v1/', cacheFlags: true, enableAnalytics: true }).catch(() => {}));
  flagsmith.hasFeature('new_checkout');
});
