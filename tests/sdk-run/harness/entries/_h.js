// Shared helper for the harness entries: marks the page done for run.mjs.
export const MOCK = window.MOCK; // http://shop.localhost:PORT/mock/<sdk>
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function run(fn) {
  Promise.resolve()
    .then(fn)
    .then(() => { window.__sdkStatus = 'ok'; }, (e) => { window.__sdkStatus = 'error: ' + (e && e.message || e); })
    .finally(() => { window.__sdkDone = true; });
}
export function withTimeout(p, ms = 4000) {
  return Promise.race([p, sleep(ms).then(() => 'timeout')]);
}
