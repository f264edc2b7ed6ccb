import { H } from 'highlight.run';
import { run } from './_h.js';
run(() => { H.init('abc123xyz', { networkRecording: { enabled: true } }); H.track('product_viewed'); });
