// End-to-end (Chromium): the watcher's cost is bounded with 50,000 keys in
// localStorage (issue "Only the visitor widens consent", point 9): on an
// idle page the agent's ticks make no long task (PerformanceObserver
// "longtask", the browser's own measure: a task over 50 ms). Per-tick
// numbers at 1,000 / 10,000 / 50,000 keys are in BENCHMARKS.md
// (tests/bench/watcher.mjs); a tick that must read every key after an
// untrapped write is measured there, not asserted here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("the watcher with 50,000 keys present: no long task on an idle page, and a key written past the traps still goes", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/blank.html`);
  await page.evaluate(() => { for (let i = 0; i < 50000; i++) localStorage.setItem(`cart_items_${i}`, "x"); });
  await page.addInitScript(() => { window.untrapped = { set: Storage.prototype.setItem, store: localStorage }; });
  await page.goto(`${env.http}/a/b/page.html`);
  await page.waitForTimeout(1500); // the start's sweep reads every key once: not the watcher
  const longTasks = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => Math.round(e.duration)))).observe({ type: "longtask" });
    setTimeout(() => resolve(seen), 4500); // four ticks or more
  }));
  assert.deepEqual(longTasks, [], "no task over 50 ms while the watcher ticks");
  await page.evaluate(() => window.untrapped.set.call(window.untrapped.store, "ads_untrapped", "1"));
  await page.waitForFunction(() => window.untrapped.store.getItem("ads_untrapped") === null, null, { timeout: 3000 });
  assert.equal(await page.evaluate(() => localStorage.length), 50000, "every kept key stays");
  await page.context().close();
});
