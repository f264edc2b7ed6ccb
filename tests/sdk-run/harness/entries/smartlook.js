import Smartlook from 'smartlook-client';
import { run } from './_h.js';
run(() => { Smartlook.init('0123456789abcdef0123456789abcdef01234567'); Smartlook.track('product_viewed', {}); });
