import Plausible from 'plausible-tracker';
import { run } from './_h.js';
run(() => { const p = Plausible({ domain: 'shop.localhost' }); p.enableAutoPageviews(); p.trackEvent('product_viewed'); });
