import Intercom from '@intercom/messenger-js-sdk';
import { run } from './_h.js';
run(() => { Intercom({ app_id: 'abc12345' }); });
