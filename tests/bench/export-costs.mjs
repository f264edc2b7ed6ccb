// What each export of the script tag's module costs: the module is built
// again with one export's body replaced by a default answer (so the linker
// drops whatever only that export reaches), and the difference in gzip
// bytes of the optimized module is that export's share. Two more builds
// give the floors: every export but `classify` stubbed (runtime, engine
// construction, classifying and the catalog), and `classify` stubbed too
// (the wasm-bindgen runtime and the allocator alone).
//
// Run by `./build.sh bench` (which has set up wasm-bindgen and wasm-opt);
// writes target/bench/export-costs.json for bench.mjs. Numbers, not a test.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = new URL("../..", import.meta.url).pathname;
const BENCH = join(ROOT, "target/bench");
const COPY = join(BENCH, "stub-src");
const TARGET_DIR = join(BENCH, "stub-target");
// The release build's wasm-opt flags, from build.sh (which runs this script).
const WASM_OPT_FLAGS = (process.env.WASM_OPT_FLAGS || "").split(" ").filter(Boolean);
if (!WASM_OPT_FLAGS.length) throw new Error("export-costs: run it through ./build.sh bench (WASM_OPT_FLAGS is unset)");

// Every export of the module: [file under src/web/, Rust function name, the
// name the page calls], read from the sources. `attach` and `classify` stay
// in every build (the floors below stub `classify` last).
const EXPORTS = ["mod.rs", "answers.rs"].flatMap((file) =>
  [...readFileSync(join(ROOT, "src/web", file), "utf8").matchAll(/#\[wasm_bindgen(?:\(js_name = (\w+)\))?\]\s*pub fn (\w+)/g)]
    .map(([, js, name]) => [file, name, js || name])
    .filter(([, name]) => name !== "attach" && name !== "classify"));

/** `source` with the body of `pub fn name` replaced by `Default::default()`. */
function stub(source, name) {
  const start = source.search(new RegExp(`pub fn ${name}\\b`));
  if (start < 0) throw new Error(`export-costs: no pub fn ${name}`);
  const open = source.indexOf("{", start);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "{") depth++;
    else if (source[i] === "}" && --depth === 0) return source.slice(0, open) + "{ Default::default() }" + source.slice(i + 1);
  }
  throw new Error(`export-costs: unbalanced braces after pub fn ${name}`);
}

/** Gzip bytes of the optimized module built from the copy with `stubs` applied. */
function build(stubs) {
  rmSync(join(COPY, "src"), { recursive: true, force: true });
  cpSync(join(ROOT, "src"), join(COPY, "src"), { recursive: true });
  for (const [file, name] of stubs) {
    const path = join(COPY, "src/web", file);
    writeFileSync(path, stub(readFileSync(path, "utf8"), name));
  }
  execFileSync("cargo", ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--lib", "--no-default-features"],
    { cwd: COPY, env: { ...process.env, CARGO_TARGET_DIR: TARGET_DIR }, stdio: ["ignore", "ignore", "pipe"] });
  const out = join(BENCH, "stub-out");
  rmSync(out, { recursive: true, force: true });
  execFileSync("wasm-bindgen", ["--target", "no-modules", "--no-typescript", "--remove-name-section", "--out-dir", out,
    join(TARGET_DIR, "wasm32-unknown-unknown/release/consent_agent.wasm")]);
  execFileSync("wasm-opt", [...WASM_OPT_FLAGS, join(out, "consent_agent_bg.wasm"), "-o", join(out, "opt.wasm")]);
  const wasm = readFileSync(join(out, "opt.wasm"));
  return { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };
}

mkdirSync(COPY, { recursive: true });
for (const item of ["Cargo.toml", "Cargo.lock", "build.rs", "catalog", "examples", "tools"]) {
  cpSync(join(ROOT, item), join(COPY, item), { recursive: true });
}
const full = build([]);
const costs = EXPORTS.map(([file, name, js]) => {
  const without = build([[file, name]]);
  return { export: js, raw: full.raw - without.raw, gzip: full.gzip - without.gzip };
});
const classifyOnly = build(EXPORTS.map(([file, name]) => [file, name]));
const runtimeOnly = build([...EXPORTS.map(([file, name]) => [file, name]), ["mod.rs", "classify"]]);
writeFileSync(join(BENCH, "export-costs.json"), JSON.stringify({ full, costs, classifyOnly, runtimeOnly }, null, 1));
console.log(`export-costs: ${EXPORTS.length + 3} builds measured`);
