// Regression check over out/observed.json (written by run.mjs):
//  1. every (sdk, storage, pattern) of expected.tsv was seen again, and no
//     unexpected name appeared (a new SDK version may add one: review it);
//  2. with --catalog FILE, every observed name that is not in SKIP of
//     newrows.mjs is classified by a catalog row of the same storage.
// Prints 'N passed, N failed'; exits 1 on a failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDKS } from './sdks.mjs';
import { toPattern, loadCatalog, lookup } from './patterns.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const catalogFile = args.includes('--catalog') ? args[args.indexOf('--catalog') + 1] : null;
const UNCLAIMED = new Set(['sessionID', '__anon_id', 'sessionData_*', '*']);
const observed = JSON.parse(fs.readFileSync(path.join(ROOT, 'out', 'observed.json'), 'utf8'));
const expected = new Set(fs.readFileSync(path.join(ROOT, 'expected.tsv'), 'utf8').trim().split('\n').slice(1));
const seen = new Set();
let passed = 0, failed = 0;
const catalog = catalogFile ? loadCatalog(catalogFile) : null;
for (const r of observed) {
  const sdk = SDKS.find((s) => s.name === r.sdk);
  for (const it of r.items) {
    if (!['cookie', 'localStorage', 'sessionStorage', 'indexedDB'].includes(it.storage)) continue;
    const p = toPattern(it.name, sdk.tokens || []);
    seen.add(`${r.sdk}\t${it.storage}\t${p}`);
    if (catalog && !UNCLAIMED.has(p)) {
      if (lookup(catalog, it.storage, it.name)) passed++;
      else { failed++; console.log(`not in catalog: ${r.sdk} ${it.storage} ${it.name}`); }
    }
  }
}
for (const e of expected) {
  if (!observed.some((r) => r.sdk === e.split('\t')[0])) continue; // SDK not run this time
  if (seen.has(e)) passed++; else { failed++; console.log(`expected, not seen: ${e.replace(/\t/g, ' ')}`); }
}
for (const s of seen) if (!expected.has(s)) { failed++; console.log(`seen, not expected: ${s.replace(/\t/g, ' ')}`); }
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
