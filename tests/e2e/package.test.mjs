// End-to-end: the npm package (dist/npm/, made by src/web/package.mjs) as a
// site gets it. `npm pack` gives a tarball; a scratch project installs it
// offline; tsc --strict type-checks a sample that uses every API call, event
// and config field (tests/package-sample/main.ts) and one that must fail
// line by line (bad.ts: the types are not `any`); esbuild bundles the sample;
// Chromium runs it and the browser's jar (CDP) shows a refused cookie gone
// after rejectAll(). The runtime shapes are compared with the declarations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setUp, newPage, plant, allCookies, settled, goneWithin, until, storedRecord, HOST } from "../support/browser.mjs";
import { serve } from "../support/server.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PACKAGE = join(ROOT, "dist/npm");
const SAMPLE = join(ROOT, "tests/package-sample");
const BIN = join(ROOT, "node_modules/.bin");

let work, site, env, server;
// npm in a sandbox: its own empty cache, no audit, no fund, quiet.
const npmEnv = () => ({ ...process.env, npm_config_cache: join(work, "npm-cache"), npm_config_update_notifier: "false", npm_config_loglevel: "error" });
const run = (command, args, cwd, env = process.env) => execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
// tsc's exit status and what it printed (it prints errors to stdout).
function tsc(cwd, files, extra = []) {
  const args = ["--strict", "--noEmit", "--target", "ES2020", "--module", "esnext", "--moduleResolution", "bundler",
    "--lib", "ES2020,DOM", "--pretty", "false", ...extra, ...files];
  try {
    return { status: 0, output: run(join(BIN, "tsc"), args, cwd) };
  } catch (error) {
    return { status: error.status, output: String(error.stdout) + String(error.stderr) };
  }
}

// The keys of `values` (instances at one place of the config) against the
// schema's `properties` there, recursively through arrays, `oneOf`
// alternatives and maps (`additionalProperties`): a key the types declare
// but the schema lacks, or the other way round, fails.
function compareWithSchema(node, values, path) {
  const alternatives = [node, ...(node.oneOf || []), ...(node.anyOf || [])];
  const objects = values.filter((v) => v && typeof v === "object" && !Array.isArray(v));
  const arrays = values.filter(Array.isArray);
  const list = alternatives.find((n) => n.items);
  if (arrays.length && list) compareWithSchema(list.items, arrays.flat(), path + "[]");
  if (!objects.length) return;
  const object = alternatives.find((n) => n.properties);
  if (object) {
    const keys = [...new Set(objects.flatMap(Object.keys))].sort();
    assert.deepEqual(keys, Object.keys(object.properties).sort(), `the fields of ${path}`);
    for (const key of keys) compareWithSchema(object.properties[key], objects.filter((o) => key in o).map((o) => o[key]), `${path}.${key}`);
    return;
  }
  const map = alternatives.find((n) => n.additionalProperties && typeof n.additionalProperties === "object");
  if (map) compareWithSchema(map.additionalProperties, objects.flatMap(Object.values), path + ".*");
}

before(() => {
  assert.ok(existsSync(join(PACKAGE, "package.json")), "dist/npm/ is missing: run ./build.sh first");
  work = mkdtempSync(join(tmpdir(), "consent-agent-package-"));
  site = join(work, "site");
});
after(async () => {
  await env?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the package: manifest, npm pack, offline install, exports", () => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8"));
  const cargoVersion = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version\s*=\s*"([^"]+)"/m)[1];
  assert.equal(manifest.name, "consent-agent");
  assert.equal(manifest.version, cargoVersion);
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.equal(manifest.type, "module");
  assert.deepEqual(Object.keys(manifest.exports), [".", "./script", "./script/*", "./declaration.json", "./schema.json", "./package.json"]);
  assert.deepEqual(manifest.dependencies, undefined, "a site installs it with nothing else");

  // npm pack into a scratch folder, then a scratch project that depends on the tarball.
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], PACKAGE, npmEnv()))[0];
  const tarball = join(work, packed.filename);
  assert.ok(existsSync(tarball));
  const files = packed.files.map((f) => f.path).sort();
  for (const file of ["package.json", "README.md", "NOTICE", "consent-agent.mjs", "consent-agent.js", "consent-agent.d.ts", "script.d.ts",
    "consent-agent-declaration.json", "schema.json", "esm/consent_agent.js", "esm/consent_agent_bg.wasm"]) {
    assert.ok(files.includes(file), `${file} in the tarball (${files.join(", ")})`);
  }
  console.log(`# ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);

  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, "package.json"), JSON.stringify({
    name: "sample-site", private: true, type: "module", dependencies: { "consent-agent": `file:${tarball}` },
  }, null, 2));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund"], site, npmEnv());
  const installed = join(site, "node_modules/consent-agent");
  assert.equal(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).version, cargoVersion);

  // Every subpath of the exports map resolves to a file the package has.
  const resolved = JSON.parse(run(process.execPath, ["--input-type=module", "-e", `
    const out = {};
    for (const s of ["consent-agent", "consent-agent/script", "consent-agent/declaration.json", "consent-agent/schema.json", "consent-agent/package.json"]) out[s] = import.meta.resolve(s);
    console.log(JSON.stringify(out));`], site));
  for (const [specifier, url] of Object.entries(resolved)) {
    assert.ok(existsSync(fileURLToPath(url)), `${specifier} → ${url}`);
  }
  assert.ok(resolved["consent-agent"].endsWith("/consent-agent.mjs"));
  assert.ok(resolved["consent-agent/script"].endsWith("/consent-agent.js"));
  assert.equal(JSON.parse(readFileSync(fileURLToPath(resolved["consent-agent/schema.json"]), "utf8")).type, "object");
});

test("the types: the sample type-checks with --strict; every misuse in bad.ts is an error", () => {
  assert.ok(existsSync(join(site, "node_modules/consent-agent")), "installed by the first test");
  for (const file of ["main.ts", "script.ts", "bad.ts"]) cpSync(join(SAMPLE, file), join(site, file));
  const good = tsc(site, ["main.ts", "script.ts"], ["--noUncheckedSideEffectImports"]);
  assert.equal(good.status, 0, good.output);
  // The declarations themselves, also with the strictest options.
  const declarations = tsc(site, ["node_modules/consent-agent/consent-agent.d.ts"], ["--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess"]);
  assert.equal(declarations.status, 0, declarations.output);

  const bad = tsc(site, ["bad.ts"]);
  assert.notEqual(bad.status, 0, "bad.ts must not type-check");
  const source = readFileSync(join(site, "bad.ts"), "utf8").split("\n");
  const marked = source.flatMap((line, i) => (line.includes("// BAD") ? [i + 1] : []));
  const reported = [...new Set([...bad.output.matchAll(/^bad\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  assert.ok(marked.length >= 20);
  assert.deepEqual(reported, marked, bad.output);
});

test("the bundle runs in Chromium: every call, every event, a refused cookie deleted after rejectAll()", async () => {
  assert.ok(existsSync(join(site, "main.ts")), "written by the previous test");
  const app = join(site, "app");
  run(join(BIN, "esbuild"), ["main.ts", "--bundle", "--format=esm", "--target=es2020", `--outfile=${join(app, "main.js")}`, "--log-level=warning"], site);
  // The files init() is told about, taken from the installed package.
  const installed = join(site, "node_modules/consent-agent");
  cpSync(join(installed, "esm/consent_agent_bg.wasm"), join(app, "esm/consent_agent_bg.wasm"));
  cpSync(join(installed, "consent-agent-declaration.json"), join(app, "consent-agent-declaration.json"));
  cpSync(join(SAMPLE, "tag.js"), join(app, "tag.js"));
  writeFileSync(join(app, "consent-log"), "{}"); // consentLog's receiver: any 2xx answer
  writeFileSync(join(site, "favicon.ico"), ""); // the /plant page asks for one
  mkdirSync(join(site, "a/b"), { recursive: true });
  cpSync(join(SAMPLE, "index.html"), join(site, "a/b/index.html"));
  cpSync(join(SAMPLE, "blank.html"), join(site, "a/b/blank.html"));

  server = await serve({ root: site });
  env = await setUp();
  const origin = `http://${HOST}:${server.port}`;
  const page = await newPage(env);

  const missing = [];
  page.on("response", (response) => { if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`); });
  // A refused cookie planted the way a server sets it: deleted at start.
  await plant(page, origin, ["_ga=GA1.1.1.1; Path=/", "lang=de; Path=/"]);
  page.messages.length = 0;
  await page.goto(`${origin}/a/b/index.html`);
  await until(() => page.evaluate(() => Boolean(window.sample || window.sampleError)), "the sample ran", 10000);
  assert.equal(await page.evaluate(() => window.sampleError), undefined);
  // The config that uses every field the types declare is valid at runtime: no message at all.
  assert.deepEqual(page.messages.filter((m) => m.type === "error" || m.type === "warning").map((m) => m.text), [], missing.join(", "));
  assert.deepEqual(page.errors, []);

  // The held script is fetched once analytics is granted: give its download time to finish.
  await until(() => page.evaluate(() => (window.tagRan || 0) > 0), "the held script ran", 5000).catch(() => {});
  const sample = await page.evaluate(() => {
    const s = window.sample;
    return { ...s, rejectAll: undefined, reset: undefined, tagRan: window.tagRan || 0 };
  });
  assert.equal(sample.same, true, "init() resolves to window.consentAgent, and again on a second call");

  // The sample's config names every field the types declare (it is
  // `satisfies Required<…>` at every level): the package's schema has
  // exactly those fields, at every level, and those platform packs.
  const schema = JSON.parse(readFileSync(join(site, "node_modules/consent-agent/schema.json"), "utf8"));
  if (schema.properties) {
    compareWithSchema(schema, [sample.config], "config");
    assert.deepEqual([...sample.config.platforms].sort(), [...schema.properties.platforms.items.enum].sort(), "platforms");
  } else {
    console.log("# the package has the placeholder schema: fields not compared");
  }

  // consent(): the declared Consent, nothing more.
  const CONSENT_KEYS = ["categories", "decidedAt", "expiresAt", "globalPrivacyControl", "id", "revision"];
  for (const consent of [sample.start, sample.afterAcceptAll, ...sample.events.ready, ...sample.events.change]) {
    assert.deepEqual(Object.keys(consent).sort(), CONSENT_KEYS);
    assert.equal(typeof consent.revision, "number");
    assert.equal(typeof consent.globalPrivacyControl, "boolean");
    for (const value of Object.values(consent.categories)) assert.equal(typeof value, "boolean");
  }
  assert.deepEqual(sample.start.categories, { necessary: true, functional: false, analytics: false, marketing: false });
  assert.equal(sample.start.decidedAt, null);
  assert.equal(sample.start.expiresAt, null);
  assert.equal(sample.start.id, null);
  assert.match(sample.afterAcceptAll.decidedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(sample.afterAcceptAll.expiresAt, /^\d{4}-\d\d-\d\dT/);
  assert.match(sample.afterAcceptAll.id, /^[0-9a-f]+$/);
  assert.equal(sample.afterAcceptAll.revision, 2);
  assert.deepEqual(sample.afterAccept, { analytics: true, marketing: false });
  assert.equal(sample.events.ready.length, 1);
  assert.equal(sample.events.change.length, 2, "accept() and acceptAll()");

  // sweep() and the sweep events: the declared SweepReport.
  const isEntry = (e) => {
    assert.deepEqual(Object.keys(e).sort(), ["category", "name", "storage"]);
    assert.ok(["cookie", "localStorage", "sessionStorage"].includes(e.storage));
    assert.ok(e.category === null || typeof e.category === "string");
  };
  for (const report of [sample.report, ...sample.events.sweep]) {
    assert.deepEqual(Object.keys(report).sort(), ["deleted", "failed", "kept", "unknown"]);
    Object.values(report).flat().forEach(isEntry);
    report.kept.forEach((e) => assert.equal(typeof e.category, "string"));
    report.unknown.forEach((e) => assert.equal(e.category, null));
  }
  assert.ok(sample.events.sweep[0].deleted.some((e) => e.name === "_ga" && e.storage === "cookie" && e.category === "analytics"),
    "the planted _ga was deleted at start: " + JSON.stringify(sample.events.sweep[0]));

  // classify(), audit() (entries and the held script), declaration().
  assert.deepEqual(sample.classified, ["analytics", "analytics", null]);
  const SOURCE = /^(site|catalog|platform:(liferay-dxp|liferay-analytics-cloud|liferay-cloud-console|creatio|optimizely-cms|optimizely-dxp))$/;
  for (const row of sample.audit) {
    if (row.storage === "script" || row.storage === "frame") {
      assert.deepEqual(Object.keys(row).sort(), ["allowed", "category", "name", "source", "storage"]);
      assert.equal(row.allowed, false);
      assert.ok(["site", "catalog"].includes(row.source));
    } else {
      assert.deepEqual(Object.keys(row).sort(), ["allowed", "category", "name", "source", "storage"]);
      assert.ok(["cookie", "localStorage", "sessionStorage"].includes(row.storage));
      assert.ok(row.source === null || SOURCE.test(row.source), row.source);
      assert.equal(typeof row.allowed, "boolean");
    }
  }
  assert.deepEqual(sample.held.map(({ storage, category, source, allowed }) => ({ storage, category, source, allowed })),
    [{ storage: "script", category: "analytics", source: "site", allowed: false }]);
  assert.match(sample.held[0].name, /^http:\/\/cdn\.analytics\.example\.test:\d+\/app\/tag\.js$/);
  assert.equal(sample.tagRan, 1, "the held script ran once analytics was granted");
  const DECLARATION_KEYS = ["category", "name", "provider", "purpose", "retention", "serverSet", "source", "storage"];
  for (const row of sample.declaration) {
    assert.deepEqual(Object.keys(row).sort(), DECLARATION_KEYS);
    assert.match(row.source, SOURCE);
    for (const key of ["name", "storage", "category", "provider", "retention", "purpose"]) assert.equal(typeof row[key], "string");
    assert.equal(typeof row.serverSet, "boolean");
  }
  assert.ok(sample.declaration.some((r) => r.name === "_ga" && r.source === "site" && r.provider === "Google" && r.retention === "2 years"));
  assert.ok(sample.declaration.some((r) => r.source === "platform:liferay-dxp" && r.provider !== ""),
    "pack rows have their provider from the declaration file init() was pointed at");

  // The cookie written while analytics was granted is in the jar; rejectAll() deletes it.
  await settled(page);
  assert.ok((await allCookies(page)).some((c) => c.name === "_ga" && c.value === "GA1.1.123.456"), "written under acceptAll()");
  const rejected = await page.evaluate(() => window.sample.rejectAll());
  await goneWithin(page, ["_ga"], 1000);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ["consent_agent"], "ac_client_user removed too; the agent's copy of its record stays");
  assert.equal(rejected.analytics, false);
  assert.deepEqual(rejected.consent.categories, { necessary: true, functional: false, analytics: false, marketing: false });
  assert.deepEqual(rejected.change, rejected.consent, "consentagent:change carries consent()");
  assert.ok(rejected.sweep.deleted.some((e) => e.name === "_ga" && e.storage === "cookie"), JSON.stringify(rejected.sweep));
  assert.ok(rejected.sweep.deleted.some((e) => e.name === "ac_client_user" && e.storage === "localStorage"));
  const record = await storedRecord(page);
  assert.deepEqual(record.granted, ["necessary"]);
  assert.deepEqual(record.denied, ["analytics", "functional", "marketing"]);

  // reset() forgets the choice.
  const afterReset = await page.evaluate(() => window.sample.reset());
  assert.equal(afterReset.decidedAt, null);
  assert.equal(await storedRecord(page), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
