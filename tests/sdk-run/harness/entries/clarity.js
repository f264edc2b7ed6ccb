import Clarity from '@microsoft/clarity';
import { run } from './_h.js';
run(() => { Clarity.init('abcd1234ef'); Clarity.event('product_viewed'); });
