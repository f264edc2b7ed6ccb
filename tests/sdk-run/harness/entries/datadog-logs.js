import { datadogLogs } from '@datadog/browser-logs';
import { run } from './_h.js';
run(() => {
  datadogLogs.init({ clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com', forwardErrorsToLogs: true, sessionSampleRate: 100 });
  datadogLogs.logger.info('product viewed');
});
