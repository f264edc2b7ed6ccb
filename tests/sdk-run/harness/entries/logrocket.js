import LogRocket from 'logrocket';
import { run } from './_h.js';
run(() => { LogRocket.init('abcdef/shop-test'); LogRocket.track('Product viewed'); });
