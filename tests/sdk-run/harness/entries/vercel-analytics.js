import { inject, track } from '@vercel/analytics';
import { run } from './_h.js';
run(() => { inject({ mode: 'production' }); track('product_viewed'); });
