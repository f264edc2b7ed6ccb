// Bundles harness/entries/<name>.js (which imports the SDK from node_modules)
// into harness/dist/<name>.js and writes harness/sdk/<name>.html.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDKS } from './sdks.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

export async function build(only) {
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  fs.mkdirSync(path.join(ROOT, 'sdk'), { recursive: true });
  const out = {};
  for (const s of SDKS) {
    if (only && !only.includes(s.name)) continue;
    try {
      await esbuild.build({
        entryPoints: [path.join(ROOT, 'entries', `${s.name}.js`)],
        bundle: true, format: 'iife', platform: 'browser', target: 'es2020',
        outfile: path.join(ROOT, 'dist', `${s.name}.js`),
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        logLevel: 'silent', minify: false,
        absWorkingDir: path.resolve(ROOT, '..'),
      });
      out[s.name] = 'ok';
    } catch (e) {
      out[s.name] = 'build error: ' + (e.errors?.[0]?.text || e.message);
    }
    fs.writeFileSync(path.join(ROOT, 'sdk', `${s.name}.html`),
      `<!doctype html><html><head><meta charset="utf-8"><title>${s.name} storage test</title></head>` +
      `<body><h1>Shop</h1><button id="buy">Buy</button>` +
      `<script>window.MOCK = location.origin + '/mock/${s.name}';</script>` +
      `<script src="/dist/${s.name}.js"></script></body></html>\n`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await build(process.argv.slice(2).length ? process.argv.slice(2) : undefined));
}
