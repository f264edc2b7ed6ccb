// Prints the folder where this crate's build script (build.rs) wrote what it
// generates (its OUT_DIR), read from cargo's JSON messages on standard input:
//
//   cargo build … --message-format=json-render-diagnostics | node tools/generated-dir.mjs Cargo.toml
//
// The crate is found by its manifest path, never by how cargo spells package
// ids: the spelling differs with the checkout folder's name (a folder named
// like the package gives `path+file:///…/consent-agent#0.1.0`, any other
// name `path+file:///…/x#consent-agent@0.1.0`) and between cargo versions.
// A `compiler-artifact` message carries both the manifest path and the
// package id; the `build-script-executed` message with that id carries the
// folder. Paths may hold spaces or any other character: they stay JSON
// strings until compared. Exits 1, printing nothing, when no message says.
import { readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";

const real = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};
const manifest = real(process.argv[2] || "Cargo.toml");
const ids = new Set();
const outDirs = new Map();
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (!line.startsWith("{")) continue; // cargo prints only JSON lines here; be lenient anyway
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    continue;
  }
  if (message.reason === "compiler-artifact" && typeof message.manifest_path === "string" &&
    real(message.manifest_path) === manifest) {
    ids.add(message.package_id);
  } else if (message.reason === "build-script-executed" && typeof message.out_dir === "string") {
    outDirs.set(message.package_id, message.out_dir);
  }
}
const found = [...ids].map((id) => outDirs.get(id)).find(Boolean);
if (!found) process.exit(1);
console.log(found);
