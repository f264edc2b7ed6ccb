// The watcher's cost with a large localStorage: the agent's timer tasks on
// an idle page, traced (Chromium's devtools.timeline TimerFire events), at
// 1,000, 10,000 and 50,000 kept keys. Desktop profile (no throttling).
//
//   import { watcherCost } from "./watcher.mjs"
//   await watcherCost(browser, origin) → { [keys]: { ticks, median, max } }
// Standalone: node tests/bench/watcher.mjs (serves tests/pages, prints JSON).
import { chromium } from "playwright-core";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { serve } from "../support/server.mjs";
import { clickUi, pierceRoot } from "../support/browser.mjs";
import { writeSection } from "./sections.mjs";

const SIZES = [1000, 10000, 50000];
const SECONDS = 6;
// dist/consent-agent.js, gzip -9, at commit 7500d36's parent (BENCHMARKS.md then).
const TAG_BEFORE_HARDENING = 64122;

async function traced(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (message) => events.push(...message.value));
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] }, transferMode: "ReportEvents" });
  await page.waitForTimeout(seconds * 1000);
  await cdp.send("Tracing.end");
  await done;
  await cdp.detach();
  return events;
}

// The tasks that ran the agent's watcher: every main-thread task holding a
// TimerFire or an abort-signal timeout (the page itself runs nothing).
function tickTasks(events) {
  const main = events.filter((e) => e.name === "RunTask" && e.ph === "X" && e.dur);
  const fires = events.filter((e) => e.name === "TimerFire" || e.name === "FunctionCall");
  return main.filter((task) => fires.some((f) => f.pid === task.pid && f.tid === task.tid && f.ts >= task.ts && f.ts <= task.ts + task.dur))
    .map((task) => task.dur / 1000);
}

export async function watcherCost(browser, origin) {
  const out = {};
  for (const size of SIZES) {
    const context = await browser.newContext();
    await pierceRoot(context); // the tests' handle on the UI's closed shadow root
    const page = await context.newPage();
    await page.goto(`${origin}/a/b/blank.html`);
    await page.evaluate((n) => { for (let i = 0; i < n; i++) localStorage.setItem(`cart_items_${i}`, "x"); }, size);
    await page.waitForTimeout(2000); // the browser commits the writes to disk
    // What the first storage read costs any page, without the agent
    // (Chromium loads the origin's storage into the page then).
    await page.goto(`${origin}/a/b/blank.html`);
    const firstRead = await page.evaluate(() => { const t = performance.now(); void localStorage.length; return performance.now() - t; });
    // A script that ran before the tag kept the browser's own setItem and
    // storage: its writes pass no trap, so only the watcher finds them.
    await page.addInitScript(() => { window.untrapped = { set: Storage.prototype.setItem, store: localStorage }; });
    // The start: the tag's evaluation, then the engine's (its first sweep
    // reads and decides every key once, 4,096 keys per task). The page runs
    // no script of its own (quiet.html), so every long task is the agent's.
    const loading = traced(page, 2.5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.goto(`${origin}/a/b/quiet.html`);
    // The tag's evaluation, and the longest main-thread task of the load
    // (the engine's start: config, first sweep in slices, UI).
    const loaded = await loading;
    const start = Math.max(...loaded.filter((e) => e.name === "EvaluateScript" && e.dur && /consent-agent\.js/.test(e.args?.data?.url || "")).map((e) => e.dur / 1000));
    const mainTid = loaded.find((e) => e.name === "EvaluateScript" && /consent-agent\.js/.test(e.args?.data?.url || ""))?.tid;
    const engineStart = Math.max(0, ...loaded.filter((e) => e.name === "RunTask" && e.ph === "X" && e.dur && e.tid === mainTid).map((e) => e.dur / 1000));
    const idle = tickTasks(await traced(page, SECONDS)).filter((d) => d > 0.05).sort((a, b) => a - b);
    // Then one refused key a second, written where no trap sees it.
    await page.evaluate(() => {
      let n = 0;
      window.writer = setInterval(() => window.untrapped.set.call(window.untrapped.store, `ads_untrapped_${n++}`, "1"), 1000);
    });
    const busy = tickTasks(await traced(page, SECONDS)).filter((d) => d > 0.05).sort((a, b) => a - b);
    await page.evaluate(() => clearInterval(window.writer));
    await page.waitForTimeout(1500); // the last write's tick
    const left = await page.evaluate(() => Object.keys(window.untrapped.store).filter((k) => k.startsWith("ads_")).length);
    // A visitor's withdrawal: "Accept all" clicked, then rejectAll(), first
    // with nothing to delete, then after the page wrote size/10 marketing
    // keys (kept while accepted): one task each, the call's own time.
    const rejectAll = () => page.evaluate(() => { const t = performance.now(); consentAgent.rejectAll(); return performance.now() - t; });
    await clickUi(page, "Accept all", ".banner");
    await page.waitForTimeout(500);
    const withdrawal = await rejectAll();
    await page.evaluate(() => consentAgent.reset());
    await page.waitForFunction(() => document.getElementById("consent-agent-ui")?.shadowRoot?.querySelector(".banner button"));
    await clickUi(page, "Accept all", ".banner");
    await page.evaluate((n) => { for (let i = 0; i < n; i += 10) localStorage.setItem(`ads_${i}`, "x"); }, size);
    await page.waitForTimeout(1500); // the watcher's sweep sees them
    const withdrawalDeleting = await rejectAll();
    const adsLeft = await page.evaluate(() => Object.keys(window.untrapped.store).filter((k) => k.startsWith("ads_")).length);
    const summary = (d) => ({ ticks: d.length, median: d[d.length >> 1] || 0, max: d[d.length - 1] || 0 });
    out[size] = { firstRead, start, engineStart, idle: summary(idle), writes: summary(busy), refusedLeft: left + adsLeft, withdrawal, withdrawalDeleting };
    await context.close();
  }
  return out;
}

// The section of BENCHMARKS.md this file writes (./build.sh bench runs it
// after bench.mjs; `node tests/bench/watcher.mjs --write` alone refreshes it).
function section(result, size) {
  const row = (n) => {
    const r = result[n];
    return `| ${n.toLocaleString("en")} | ${r.firstRead.toFixed(1)} | ${r.start.toFixed(1)} | ${r.engineStart.toFixed(1)} | ${r.idle.ticks} | ${r.idle.median.toFixed(1)} | ${r.idle.max.toFixed(1)} | ${r.writes.median.toFixed(1)} | ${r.writes.max.toFixed(1)} | ${r.withdrawal.toFixed(1)} | ${r.withdrawalDeleting.toFixed(1)} | ${r.refusedLeft} |`;
  };
  return `## Watcher cost with large storage

The agent's timer tasks on an idle page in Chromium (desktop, no throttling),
traced (devtools.timeline) for ${SECONDS} s with 1,000, 10,000 and 50,000 kept
localStorage keys; then ${SECONDS} s more while a script that ran before the tag writes one
refused key a second through the browser's own \`setItem\` (no trap sees it:
only the watcher finds it). Milliseconds per task; generated by
tests/bench/watcher.mjs. The tag, its module and its engine's script: ${size.toLocaleString("en")} bytes gzip
(before the issue "Only the visitor widens consent", the one file was ${TAG_BEFORE_HARDENING.toLocaleString("en")}; that
issue added its exception-safe boundary, captured built-ins, record attribution, auto-blocking paths, realms and this watcher;
the issue "First paint" split the file in three).

| keys | a page's first storage read, no agent | the tag's evaluation | the load's longest main-thread task (the engine's start, its first sweep in slices) | idle ticks | idle median | idle max | after a write: median | after a write: max | a withdrawal | a withdrawal deleting a tenth | refused keys left |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${SIZES.map(row).join("\n")}

An idle tick reads the jar and both storages' lengths and fingerprints one
block of 4,096 keys; a tick that finds a change reads every key once and
decides only those it has not kept before (kept keys are remembered as
64-bit fingerprints in a hash set). The issue's bound is no task of the
agent over 50 ms with 50,000 keys. The engine's first sweep decides the
cookies and then storage keys 4,096 per task (their kept entries handed to
the page's JavaScript slice by slice), so its start is several short tasks;
the longest is the last (the report, the UI, the held writes). The second
column is what any page's first storage read costs (Chromium loads the
origin's storage into the page then, after it has committed the previous
page's writes: the benchmark waits 2 s for that).

"A withdrawal": \`rejectAll()\` after a click on "Accept all", the call's
time; "deleting a tenth": the same after the page wrote a tenth as many
marketing keys while accepted (they are deleted before the call returns).
A choice's sweep reads every key but classifies only those not seen
before under the configuration: a key seen before is looked up by its
fingerprint and its category's grant. What is left of the second figure is
mostly the browser's own \`removeItem\` (about 6 µs a key in Chromium):
the deletions are made in the call, so no page script sees a refused key
after a withdrawal returns; that, and not the agent's own work, is what
can pass 50 ms when thousands of keys are refused at once.
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP *.example.test 127.0.0.1"] });
  try {
    const result = await watcherCost(browser, `http://www.shop.example.test:${server.port}`);
    console.log(JSON.stringify(result, null, 1));
    if (process.argv.includes("--write")) {
      const dist = new URL("../../dist/", import.meta.url);
      // The English tag, its module and the engine's script it names.
      const script = readFileSync(new URL("consent-agent.js", dist), "utf8").match(/consent-agent-engine\.[0-9a-f]{10}\.js/)?.[0];
      const size = readdirSync(dist).filter((f) => f === "consent-agent.js" || f === script || /^consent-agent\.[0-9a-f]{10}\.wasm$/.test(f))
        .reduce((n, f) => n + gzipSync(readFileSync(new URL(f, dist)), { level: 9 }).length, 0);
      writeSection("## Watcher cost with large storage", section(result, size));
    }
  } finally {
    await browser.close();
    server.close();
  }
}
