// Turns the observed names (out/observed.json) into `*` patterns, looks each
// name up in the project catalog and writes ../results.tsv.
// Usage: node patterns.mjs [catalog.tsv]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDKS } from './sdks.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const CATALOG = process.argv[2] || '/work/main/catalog/catalog.tsv';
const observed = JSON.parse(fs.readFileSync(path.join(ROOT, 'out', 'observed.json'), 'utf8'));

// Names whose dynamic part the generic rules below cannot see (short hashes
// of the key or of the host), written by hand after reading the SDK's code.
export const OVERRIDES = [
  [/^_sp_(id|ses)\.[0-9a-f]{4}$/, '_sp_$1.*'], // hash of the cookie domain
  [/^amp_[0-9a-f]{6}$/, 'amp_*'], // amplitude-js: first 6 characters of the API key
  [/^amp-exp-.*$/, 'amp-exp-*'], // <instance name>-<last 6 of the deployment key>[-flags]
  [/^EXP_.{1,10}_DEFAULT_USER_PROVIDER$/, 'EXP_*_DEFAULT_USER_PROVIDER'], // first 10 of the deployment key
  [/^EXP_(unsent|sent_v3)_.*$/, 'EXP_$1_*'], // instance name
  [/^ld:[0-9a-f]{24}:eyJ.*$/, 'ld:*:eyJ*'], // env key, base64 of the context JSON
  [/^LaunchDarkly_ContextKeys_.*$/, 'LaunchDarkly_ContextKeys_*'], // context kind
  [/^LaunchDarkly_[A-Za-z0-9+/=]+_(ContextIndex|freshness)$/, 'LaunchDarkly_*_$1'],
  [/^LaunchDarkly_[A-Za-z0-9+/=]+_[A-Za-z0-9+/=]+_freshness$/, 'LaunchDarkly_*_freshness'],
  [/^LaunchDarkly_[A-Za-z0-9+/=]+_[A-Za-z0-9+/=]+$/, 'LaunchDarkly_*_*'], // hashed env key, hashed context
  [/^[0-9a-f-]{36}:https:\/\/.*\.applicationinsights\.azure\.com\/v2\/track$/, '*.applicationinsights.azure.com/v2/track'], // <iKey>:<endpoint>
  [/^rudder_[^.]+\.[^.]+\.(\w+)$/, 'rudder_*.$1'], // write key, queue uuid
  [/^gbStickyBuckets__.*$/, 'gbStickyBuckets__*'], // hash attribute||value
  [/^sessionData_[A-Za-z0-9]+$/, 'sessionData_*'], // highlight session secure id
  [/^SPLITIO\.(split|trafficType)\..*$/, 'SPLITIO.$1.*'], // flag name, traffic type
  [/^[0-9a-f]{40}$/, '*'], // configcat: sha1 of the key; no literal part
];

export function toPattern(name, tokens) {
  for (const [re, rep] of OVERRIDES) if (re.test(name)) return name.replace(re, rep);
  let p = name;
  for (const t of [...tokens].sort((a, b) => b.length - a.length)) if (t) p = p.split(t).join('\u0000');
  p = p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '\u0000');
  p = p.replace(/[0-9a-f]*[0-9][0-9a-f]*/gi, (m) => (m.length >= 8 && /[a-f]/i.test(m) ? '\u0000' : m));
  p = p.replace(/\d{5,}/g, '\u0000');
  p = p.replace(/\u0000+/g, '*');
  return p;
}

export function literalChars(p) { return p.replace(/\*/g, '').length; }
const globRe = (p) => new RegExp('^' + p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');

export function loadCatalog(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v])))
    .filter((r) => r.storage !== 'script').map((r) => ({ ...r, re: globRe(r.pattern) }));
}

// Global rows (no pack) first, as the tag uses them; exact beats pattern,
// then the pattern with most literal characters.
export function lookup(catalog, storage, name) {
  const hits = catalog.filter((r) => r.storage === storage && r.re.test(name));
  const rank = (r) => [r.pack ? 1 : 0, r.pattern.includes('*') ? 1 : 0, -literalChars(r.pattern)];
  hits.sort((a, b) => { const x = rank(a), y = rank(b); for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; });
  return hits[0];
}

const KIND_CATEGORY = { analytics: 'analytics', rum: 'analytics', replay: 'analytics', experiment: 'analytics', flags: 'functional', marketing: 'marketing', functional: 'functional' };
// Names that are an opt-out / consent record or a pure capability probe.
const NECESSARY = [/opt_?(in|out)/i, /optOut/];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const catalog = loadCatalog(CATALOG);
  const rows = [['sdk', 'version', 'storage', 'name', 'pattern', 'catalog_row', 'catalog_category', 'suggested_category'].join('\t')];
  for (const r of observed) {
    const sdk = SDKS.find((s) => s.name === r.sdk);
    for (const it of r.items) {
      if (!['cookie', 'localStorage', 'sessionStorage', 'indexedDB'].includes(it.storage)) continue;
      const pattern = toPattern(it.name, sdk.tokens || []);
      const hit = lookup(catalog, it.storage, it.name);
      const suggested = NECESSARY.some((re) => re.test(it.name)) ? 'necessary' : KIND_CATEGORY[sdk.kind];
      rows.push([`${r.pkg}${r.sdk !== r.pkg ? ` (${r.sdk})` : ''}`, r.version, it.storage, it.name, pattern,
        hit ? `${hit.pattern}\t${hit.storage}`.replace('\t', ' @ ') : '', hit ? hit.category : '', suggested].join('\t'));
    }
  }
  fs.writeFileSync(path.join(ROOT, '..', 'results.tsv'), rows.join('\n') + '\n');
  console.log(rows.join('\n'));
}
