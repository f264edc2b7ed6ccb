// The watcher's cost with a large localStorage: the agent's timer tasks on
// an idle page, traced (Chromium's devtools.timeline TimerFire events), at
// 1,000, 10,000 and 50,000 kept keys. Desktop profile (no throttling).
//
//   import { watcherCost } from "./watcher.mjs"
//   await watcherCost(browser, origin) → { [keys]: { ticks, median, max } }
// Standalone: node tests/bench/watcher.mjs (serves tests/pages, prints JSON).
import { chromium } from "playwright-core";
import { serve } from "../support/server.mjs";

const SIZES = [1000, 10000, 50000];
const SECONDS = 6;

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
    const page = await context.newPage();
    await page.goto(`${origin}/a/b/blank.html`);
    await page.evaluate((n) => { for (let i = 0; i < n; i++) localStorage.setItem(`cart_items_${i}`, "x"); }, size);
    // A script that ran before the tag kept the browser's own setItem and
    // storage: its writes pass no trap, so only the watcher finds them.
    await page.addInitScript(() => { window.untrapped = { set: Storage.prototype.setItem, store: localStorage }; });
    await page.goto(`${origin}/a/b/page.html`);
    await page.waitForTimeout(1500);
    const idle = tickTasks(await traced(page, SECONDS)).filter((d) => d > 0.05).sort((a, b) => a - b);
    // Then one refused key a second, written where no trap sees it.
    await page.evaluate(() => {
      let n = 0;
      window.writer = setInterval(() => window.untrapped.set.call(window.untrapped.store, `ads_untrapped_${n++}`, "1"), 1000);
    });
    const busy = tickTasks(await traced(page, SECONDS)).filter((d) => d > 0.05).sort((a, b) => a - b);
    const left = await page.evaluate(() => { clearInterval(window.writer); return Object.keys(window.untrapped.store).filter((k) => k.startsWith("ads_")).length; });
    const summary = (d) => ({ ticks: d.length, median: d[d.length >> 1] || 0, max: d[d.length - 1] || 0 });
    out[size] = { idle: summary(idle), writes: summary(busy), refusedLeft: left };
    await context.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP *.example.test 127.0.0.1"] });
  try {
    console.log(JSON.stringify(await watcherCost(browser, `http://www.shop.example.test:${server.port}`), null, 1));
  } finally {
    await browser.close();
    server.close();
  }
}
