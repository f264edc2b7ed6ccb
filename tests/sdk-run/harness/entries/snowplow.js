import { newTracker, trackPageView, enableActivityTracking, trackStructEvent } from '@snowplow/browser-tracker';
import { run } from './_h.js';
run(() => {
  newTracker('sp1', 'https://collector.shop-analytics.example', { appId: 'shop' });
  enableActivityTracking({ minimumVisitLength: 5, heartbeatDelay: 5 });
  trackPageView();
  trackStructEvent({ category: 'shop', action: 'view' });
});
