// Runs every SDK of sdks.mjs in its own page (/sdk/<name>.html) in a fresh
// headless Chromium profile, one browser at a time, and prints every cookie,
// localStorage / sessionStorage key and IndexedDB database name it leaves.
// Usage: node run.mjs [--no-build] [--json out.json] [sdk ...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { SDKS } from './sdks.mjs';
import { build } from './build.mjs';
import { startServer } from './server.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const jsonAt = args.includes('--json') ? args[args.indexOf('--json') + 1] : path.join(ROOT, 'out', 'observed.json');
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--json');
const HOST = process.env.SDK_HOST || 'shop.localhost';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SETTLE_MS = Number(process.env.SETTLE_MS || 3000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pkgVersion = (pkg) => JSON.parse(fs.readFileSync(path.join(ROOT, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;

async function snapshot(context, page) {
  const cookies = (await context.cookies()).map((c) => ({ storage: 'cookie', name: c.name, value: c.value, domain: c.domain, httpOnly: c.httpOnly }));
  const rest = await page.evaluate(async () => {
    const out = [];
    for (const [storage, st] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      for (let i = 0; i < st.length; i++) { const k = st.key(i); out.push({ storage, name: k, value: String(st.getItem(k)).slice(0, 200) }); }
    }
    try { for (const d of await indexedDB.databases()) out.push({ storage: 'indexedDB', name: d.name, value: 'v' + d.version }); } catch (e) { out.push({ storage: 'error', name: String(e) }); }
    return out;
  }).catch((e) => [{ storage: 'error', name: String(e) }]);
  return [...cookies, ...rest];
}

async function runOne(sdk, port, hits) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true,
    // look like a visitor's browser: some SDKs (highlight.run) stay idle when navigator.webdriver is true
    ignoreDefaultArgs: ['--enable-automation'], args: ['--disable-blink-features=AutomationControlled'],
  });
  const external = new Set();
  const errors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname.endsWith('localhost') || u.hostname === '127.0.0.1') {
      if (u.port === String(port)) return route.continue();
    }
    if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    external.add(`${route.request().resourceType()} ${u.origin}${u.pathname}`.slice(0, 160));
    return route.abort('internetdisconnected');
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 200)); });
  const url = `http://${HOST}:${port}/sdk/${sdk.name}.html`;
  const hitsBefore = hits.length;
  const seen = new Map();
  const add = (items) => { for (const it of items) { const k = it.storage + '\t' + it.name; if (!seen.has(k)) seen.set(k, it); } };
  try {
    for (let visit = 0; visit < 2; visit++) {
      if (visit === 0) await page.goto(url, { waitUntil: 'load', timeout: 15000 });
      else await page.reload({ waitUntil: 'load', timeout: 15000 });
      await page.waitForFunction(() => window.__sdkDone, null, { timeout: 10000 }).catch(() => errors.push('timeout waiting for __sdkDone'));
      await page.click('#buy').catch(() => {});
      await sleep(SETTLE_MS);
      add(await snapshot(context, page));
    }
  } catch (e) { errors.push('run: ' + String(e).slice(0, 200)); }
  const status = await page.evaluate(() => window.__sdkStatus || null).catch(() => null);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { sdk: sdk.name, pkg: sdk.pkg, version: pkgVersion(sdk.pkg), status, items: [...seen.values()], external: [...external], mockHits: hits.slice(hitsBefore), errors };
}

const list = SDKS.filter((s) => !only.length || only.includes(s.name));
if (!noBuild) {
  const b = await build(list.map((s) => s.name));
  for (const [k, v] of Object.entries(b)) if (v !== 'ok') console.error(`${k}: ${v}`);
}
const { server, port, hits } = await startServer();
const results = [];
for (const sdk of list) {
  const r = await runOne(sdk, port, hits);
  results.push(r);
  for (const it of r.items) console.log([r.sdk, r.version, it.storage, it.name].join('\t'));
  if (!r.items.length) console.log([r.sdk, r.version, '-', '(nothing stored)'].join('\t'));
  console.error(`# ${r.sdk}@${r.version}: ${r.items.length} names, status=${JSON.stringify(r.status)}, external=${r.external.length}, errors=${r.errors.length}`);
}
server.close();
fs.mkdirSync(path.dirname(jsonAt), { recursive: true });
// merge with earlier results for SDKs not run this time
let prev = [];
try { prev = JSON.parse(fs.readFileSync(jsonAt, 'utf8')); } catch {}
const merged = [...prev.filter((p) => !results.some((r) => r.sdk === p.sdk)), ...results];
merged.sort((a, b) => SDKS.findIndex((s) => s.name === a.sdk) - SDKS.findIndex((s) => s.name === b.sdk));
fs.writeFileSync(jsonAt, JSON.stringify(merged, null, 1));
