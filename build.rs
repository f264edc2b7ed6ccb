//! Compiles `catalog/catalog.tsv` with the generator in
//! `tools/catalog_compile.rs` into Rust data (`$OUT_DIR/catalog_data.rs`) and
//! the declaration file (`$OUT_DIR/consent-agent-declaration.json`, which
//! `build.sh` copies into `dist/`). A row that does not validate stops the
//! build with its line number.

use std::{env, fs, path::Path};

include!("tools/catalog_compile.rs");

fn main() {
    // CONSENT_AGENT_CATALOG swaps in another file; only the benchmarks use it
    // (to measure what the catalog costs and how lookups scale).
    let path = env::var("CONSENT_AGENT_CATALOG").unwrap_or_else(|_| "catalog/catalog.tsv".into());
    println!("cargo:rerun-if-env-changed=CONSENT_AGENT_CATALOG");
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=tools/catalog_compile.rs");
    println!("cargo:rerun-if-changed=tools/catalog_encode.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let compiled = compile(&text).unwrap_or_else(|message| panic!("{message}"));
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("catalog_data.rs"), compiled.rust).expect("OUT_DIR is writable");
    fs::write(Path::new(&out_dir).join("consent-agent-declaration.json"), compiled.declaration)
        .expect("OUT_DIR is writable");
}
