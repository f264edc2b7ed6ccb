import Hotjar from '@hotjar/browser';
import { run } from './_h.js';
run(() => { Hotjar.init(1234567, 6); Hotjar.event('product_viewed'); });
