import mParticle from '@mparticle/web-sdk';
import { run } from './_h.js';
run(() => {
  mParticle.init('us1-0123456789abcdef0123456789abcdef', { isDevelopmentMode: true });
  mParticle.logEvent('product_viewed', mParticle.EventType.Navigation);
});
