import Analytics from 'analytics';
import { run } from './_h.js';
run(async () => { const a = Analytics({ app: 'shop' }); await a.page(); await a.track('product_viewed'); });
