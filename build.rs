//! Compiles `catalog/catalog.tsv` with the generator in
//! `src/catalog_compile.rs` into Rust data (`$OUT_DIR/catalog_data.rs`) and
//! the declaration file (`$OUT_DIR/consent-agent-declaration.json`, which
//! `build.sh` copies into `dist/`). A row that does not validate stops the
//! build with its line number.
//!
//! It also checks `catalog/sources.tsv` (script and embed sources) and
//! writes only what holding needs, `pattern \t category` per row, to
//! `$OUT_DIR/sources.tsv`: the kind, provider and documentation columns are
//! for reviewers, and would cost the tag about 5 KB gzip.

use std::{env, fs, path::Path};

include!("src/catalog_compile.rs");

fn main() {
    // CONSENT_AGENT_CATALOG swaps in another file; only the benchmarks use it
    // (to measure what the catalog costs and how lookups scale).
    let path = env::var("CONSENT_AGENT_CATALOG").unwrap_or_else(|_| "catalog/catalog.tsv".into());
    println!("cargo:rerun-if-env-changed=CONSENT_AGENT_CATALOG");
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=src/catalog_compile.rs");
    println!("cargo:rerun-if-changed=src/catalog_encode.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let compiled = compile(&text).unwrap_or_else(|message| panic!("{message}"));
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("catalog_data.rs"), compiled.rust).expect("OUT_DIR is writable");
    fs::write(Path::new(&out_dir).join("consent-agent-declaration.json"), compiled.declaration)
        .expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=catalog/sources.tsv");
    let sources = fs::read_to_string("catalog/sources.tsv").expect("catalog/sources.tsv is readable");
    let compiled = compile_sources(&sources).unwrap_or_else(|message| panic!("{message}"));
    fs::write(Path::new(&out_dir).join("sources.tsv"), compiled).expect("OUT_DIR is writable");
}

/// `pattern \t category` lines from `catalog/sources.tsv`, after checking
/// every row: five fields, a lower-case pattern without spaces or scheme,
/// a known kind and category, a provider and a source.
fn compile_sources(text: &str) -> Result<String, String> {
    let mut out = String::new();
    for (n, line) in text.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = |why: &str| Err(format!("catalog/sources.tsv line {}: {why}", n + 1));
        let [pattern, kind, category, provider, source] = fields[..] else {
            return bad("needs 5 tab-separated fields: pattern, kind, category, provider, source");
        };
        if pattern.is_empty()
            || pattern.contains("://")
            || pattern.chars().any(|c| c.is_whitespace() || c.is_ascii_uppercase())
        {
            return bad("the pattern must be a lower-case host or host/path, without scheme or spaces");
        }
        if !["script", "frame", "both"].contains(&kind) {
            return bad("kind must be script, frame or both");
        }
        if !["necessary", "functional", "analytics", "marketing"].contains(&category) {
            return bad("category must be necessary, functional, analytics or marketing");
        }
        if provider.is_empty() || source.is_empty() {
            return bad("provider and source must not be empty");
        }
        out.push_str(pattern);
        out.push('\t');
        out.push_str(category);
        out.push('\n');
    }
    Ok(out)
}
