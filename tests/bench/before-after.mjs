// Start-up and sweep timings of two script-tag files in the same browser
// run, runs interleaved (before, after, before, after, …) so both see the
// same machine load: the tag as it was before the issue "A lean engine"
// (BEFORE_COMMIT, built by ./build.sh bench into target/bench/dist-before)
// and the tag now. Used by bench.mjs; numbers only, no assertions.

import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The last commit before the sweep moved into Rust (src/web/sweep.rs). */
export const BEFORE_COMMIT = "cfbf76e";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Measures both tags; `pages` is the benchmark server's root, `beforeTag`
 * the old script-tag file. Returns rows of [what, before ms, after ms].
 */
export async function beforeAfter({ browser, origin, pages, beforeTag, runs }) {
  mkdirSync(join(pages, "before"), { recursive: true });
  writeFileSync(join(pages, "before/consent-agent.js"), readFileSync(beforeTag));
  const rules = [];
  for (let i = 0; i < 500; i++) {
    const category = ["functional", "analytics", "marketing"][i % 3];
    rules.push({ category, cookies: [`site_cookie_${i}`], localStorage: [`site_key_${i}_*`] });
  }
  const head = (src, config) => `<!doctype html><html><head><meta charset="utf-8">
<script id="consent-agent-config" type="application/json">${JSON.stringify(config)}</script>
<script>window.t0 = performance.now(); window.longest = 0;
new PerformanceObserver((l) => l.getEntries().forEach((e) => { window.longest = Math.max(window.longest, e.duration); })).observe({ type: "longtask", buffered: true });</script>
<script src="${src}"></script>
<script>if (window.consentAgent.ready) consentAgent.ready.then(function () { window.t1 = performance.now(); }); else window.t1 = performance.now();</script>
<title>bench</title></head><body>bench</body></html>`;
  const variants = { before: "/before/consent-agent.js", after: "/consent-agent.js" };
  for (const [name, src] of Object.entries(variants)) {
    writeFileSync(join(pages, `a/b/ba-start-${name}.html`), head(src, { rules: rules.slice(0, 4) }));
    writeFileSync(join(pages, `a/b/ba-sweep-${name}.html`), head(src, { rules, unknown: "keep" }));
    writeFileSync(join(pages, `a/b/ba-huge-${name}.html`), head(src, {}));
  }
  const out = { start: { before: [], after: [] }, sweep: { before: [], after: [] }, reject: { before: [], after: [] },
    huge: { before: [], after: [] }, longest: { before: [], after: [] } };
  const context = await browser.newContext();
  const page = await context.newPage();
  const plantSmall = () => page.evaluate(() => {
    for (let i = 0; i < 20; i++) document.cookie = `start_${i}=${"v".repeat(50)}; path=/`;
    for (let i = 0; i < 100; i++) localStorage.setItem(`start_key_${i}`, "x");
  });
  const plantSweep = () => page.evaluate(() => {
    for (let i = 0; i < 50; i++) document.cookie = `site_cookie_${i}=v; path=/`;
    for (let i = 0; i < 1000; i++) localStorage.setItem(`site_key_${i % 500}_${i}`, "x");
  });
  for (let i = 0; i < runs + 2; i++) {
    for (const name of Object.keys(variants)) {
      const keep = i >= 2; // the first loads warm the HTTP and code caches
      // Start-up: tag start to first sweep done, 20 cookies and 100 keys present.
      await context.clearCookies();
      await page.goto(`${origin}/a/b/blank.html`);
      await page.evaluate(() => localStorage.clear());
      await plantSmall();
      await page.goto(`${origin}/a/b/ba-start-${name}.html`);
      // (The tag now starts its engine without blocking: t1 is its first sweep done.)
      const start = await page.evaluate(async () => {
        await window.consentAgent.ready;
        const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/consent-agent.js"));
        return window.t1 - Math.max(window.t0, entry.responseEnd);
      });
      // sweep() over 50 cookies and 1,000 keys against 500 rules, all kept;
      // then rejectAll(), which deletes them in every scope.
      await page.goto(`${origin}/a/b/ba-sweep-${name}.html`);
      await page.evaluate(async () => { await window.consentAgent.ready; consentAgent.acceptAll(); });
      await plantSweep();
      const sweep = await page.evaluate(() => {
        const t = performance.now();
        consentAgent.sweep();
        return performance.now() - t;
      });
      const reject = await page.evaluate(() => {
        const t = performance.now();
        consentAgent.rejectAll();
        return performance.now() - t;
      });
      // A load with the worst-case jar: 180 refused cookies of 4 KB and 10,000 refused keys.
      await context.clearCookies();
      await page.goto(`${origin}/a/b/blank.html`);
      await page.evaluate(() => {
        localStorage.clear();
        const value = "v".repeat(4000);
        for (let k = 0; k < 180; k++) document.cookie = `_ga_${k}=${value}; path=/`;
        for (let k = 0; k < 10000; k++) localStorage.setItem(`AMP_${k}`, "x");
      });
      await page.goto(`${origin}/a/b/ba-huge-${name}.html`);
      const [huge, longest] = await page.evaluate(async () => {
        await window.consentAgent.ready;
        return new Promise((r) => setTimeout(() => r([window.t1 - window.t0, window.longest]), 100));
      });
      if (keep) {
        out.start[name].push(start);
        out.sweep[name].push(sweep);
        out.reject[name].push(reject);
        out.huge[name].push(huge);
        out.longest[name].push(longest);
      }
    }
  }
  await context.close();
  const row = (what, key) => [what, median(out[key].before), median(out[key].after), out[key].after.length];
  return [
    row("tag start to first sweep done (20 cookies, 100 keys)", "start"),
    row("`sweep()`: 50 cookies + 1,000 keys against 500 rules, all kept", "sweep"),
    row("`rejectAll()`: record and delete those 50 cookies and 1,000 keys", "reject"),
    row("a load with 180 refused 4 KB cookies and 10,000 refused keys: tag start to first sweep done", "huge"),
    row("the longest main-thread task of that load (Long Tasks API; 0: none over 50 ms)", "longest"),
  ];
}
