// build.sh finds the folder where build.rs wrote the declaration file
// (tools/generated-dir.mjs over cargo's JSON messages) from a checkout in a
// folder named like the package (what a plain `git clone` gives: cargo then
// spells the package id differently) and from a path with a space in it.
// Each checkout is a copy of what cargo reads, checked (not built) into the
// project's own target directory, so it costs seconds, not a rebuild.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LOCATE = join(ROOT, "tools/generated-dir.mjs");

function checkout(folder) {
  mkdirSync(folder, { recursive: true });
  for (const file of ["Cargo.toml", "Cargo.lock", "build.rs"]) cpSync(join(ROOT, file), join(folder, file));
  for (const dir of ["src", "catalog", "examples", "tools"]) cpSync(join(ROOT, dir), join(folder, dir), { recursive: true });
  return folder;
}

function generatedDir(folder) {
  const cargo = spawnSync("cargo", ["check", "--release", "--target", "wasm32-unknown-unknown", "--lib", "--no-default-features",
    "--quiet", "--message-format=json-render-diagnostics"], {
    cwd: folder, encoding: "utf8", maxBuffer: 64 << 20,
    env: { ...process.env, CARGO_TARGET_DIR: join(ROOT, "target") },
  });
  assert.equal(cargo.status, 0, `cargo check in ${folder}: ${cargo.stderr}`);
  const locate = spawnSync(process.execPath, [LOCATE, join(folder, "Cargo.toml")], { input: cargo.stdout, encoding: "utf8" });
  assert.equal(locate.status, 0, `no generated folder found for ${folder}: ${locate.stderr}`);
  return locate.stdout.trim();
}

test("build.sh finds build.rs's output from a checkout named consent-agent and from a path with a space", () => {
  const base = mkdtempSync(join(tmpdir(), "consent-agent-build-"));
  try {
    for (const folder of [join(base, "consent-agent"), join(base, "with space", "consent-agent"), join(base, "other name")]) {
      const out = generatedDir(checkout(folder));
      assert.ok(existsSync(join(out, "consent-agent-declaration.json")), `${folder}: ${out} has the declaration file`);
    }
    // Messages about another package (a dependency with its own build
    // script, or the same package in another folder) are not taken.
    const elsewhere = spawnSync(process.execPath, [LOCATE, join(base, "nowhere", "Cargo.toml")], {
      input: JSON.stringify({ reason: "build-script-executed", package_id: "path+file:///x/consent-agent#0.1.0", out_dir: "/x" }) + "\n",
      encoding: "utf8",
    });
    assert.equal(elsewhere.status, 1);
    assert.equal(elsewhere.stdout, "");
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
