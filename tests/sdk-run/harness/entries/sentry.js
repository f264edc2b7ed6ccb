import * as Sentry from '@sentry/browser';
import { run } from './_h.js';
run(() => {
  Sentry.init({
    dsn: 'https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/1234567',
    integrations: [Sentry.browserTracingIntegration(), Sentry.replayIntegration()],
    tracesSampleRate: 1, replaysSessionSampleRate: 1, replaysOnErrorSampleRate: 1,
    transport: Sentry.makeBrowserOfflineTransport(Sentry.makeFetchTransport),
  });
  Sentry.captureMessage('product viewed');
});
