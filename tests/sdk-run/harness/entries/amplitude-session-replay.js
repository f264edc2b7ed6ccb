import * as amplitude from '@amplitude/analytics-browser';
import * as sessionReplay from '@amplitude/session-replay-browser';
import { run, withTimeout, MOCK } from './_h.js';
run(async () => {
  amplitude.init('0123456789abcdef0123456789abcdef', undefined, { autocapture: false });
  await withTimeout(sessionReplay.init('0123456789abcdef0123456789abcdef', { deviceId: amplitude.getDeviceId(), sessionId: amplitude.getSessionId(), sampleRate: 1, storeType: 'idb', configServerUrl: MOCK + '/config' }).promise);
  amplitude.track('Product viewed', sessionReplay.getSessionReplayProperties());
});
