import { init, FullStory } from '@fullstory/browser';
import { run } from './_h.js';
run(() => { init({ orgId: 'o-1TEST1-na1' }); FullStory('trackEvent', { name: 'Product viewed', properties: {} }); });
