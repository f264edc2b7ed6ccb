import posthog from 'posthog-js';
import 'posthog-js/dist/lazy-recorder'; // bundle the session recorder instead of loading it from the vendor
import { run, MOCK } from './_h.js';
run(() => {
  posthog.init('phc_testkey123', { api_host: MOCK, person_profiles: 'always', capture_pageview: true, autocapture: true });
  posthog.register({ plan: 'free' });
  posthog.capture('product_viewed', { sku: 'A1' });
  posthog.startSessionRecording(); // as a site with recording enabled in its project settings
});
