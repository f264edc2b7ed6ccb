import * as braze from '@braze/web-sdk';
import { run } from './_h.js';
run(() => {
  braze.initialize('01234567-89ab-cdef-0123-456789abcdef', { baseUrl: 'sdk.iad-01.braze.com' });
  braze.automaticallyShowInAppMessages();
  braze.openSession();
  braze.logCustomEvent('product_viewed');
});
