import { ApplicationInsights } from '@microsoft/applicationinsights-web';
import { run } from './_h.js';
run(() => {
  const ai = new ApplicationInsights({ config: { connectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/', enableAutoRouteTracking: true } });
  ai.loadAppInsights(); ai.trackPageView(); ai.trackEvent({ name: 'product_viewed' }); ai.flush();
});
