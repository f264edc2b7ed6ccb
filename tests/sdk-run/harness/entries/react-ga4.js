import ReactGA from 'react-ga4';
import { run } from './_h.js';
run(() => { ReactGA.initialize('G-TEST123456'); ReactGA.send({ hitType: 'pageview', page: '/' }); ReactGA.event({ category: 'shop', action: 'view' }); });
