import * as configcat from 'configcat-js';
import { run, MOCK, withTimeout } from './_h.js';
run(async () => {
  const c = configcat.getClient('configcat-sdk-1/ABCDEFGHIJKLMNOPQRSTUV/ABCDEFGHIJKLMNOPQRSTUV', configcat.PollingMode.AutoPoll, { baseUrl: MOCK });
  await withTimeout(c.getValueAsync('newCheckout', false));
});
