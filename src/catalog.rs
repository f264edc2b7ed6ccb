//! The built-in catalog: what common cookies and storage keys are, compiled
//! from `catalog/catalog.tsv` by `build.rs`.
//!
//! Rows with an empty `pack` are global; the rest belong to a platform pack
//! and apply only when the site lists the platform in `"platforms"`, because
//! names such as `ID`, `product` or `sidebar` mean something only there.
//!
//! Size: the module carries only the rows a page can meet, as one front-coded
//! string of patterns (each row a marker byte giving how much it shares with
//! the previous pattern, then the rest) and one byte per row (storage,
//! category, pack); every byte is below 0x80 so it stays one byte in the
//! inlined module. Front coding makes the names about 8% smaller under gzip
//! than a plain sorted list (it pays for the flag bytes), and all of it is
//! far less than a table of `&str` (8 bytes of pointer per row). The
//! catalog costs about 15.2 KB gzip of the script-tag file for 2,963 rows
//! (BENCHMARKS.md and catalog/README.md have the measurements). Rows no
//! page can meet (third-party cookies, set on ad-tech and identity domains;
//! `rare` rows; global cookies the server sets `HttpOnly`) are compiled
//! only into the native build, where the CLI and the declaration use them. The declaration details
//! (provider, retention, purpose, source, server-set) are read only by
//! [`CatalogEntry::provider`] and its siblings, which the WebAssembly build
//! never calls: the linker drops them there, and the browser gets them from
//! `consent-agent-declaration.json` instead, only when a page asks for the
//! declaration. [`rows`] decodes the patterns once (about 30 KB of text for
//! 2,500 rows, well under a millisecond) and keeps them for the page's life.

use crate::pattern::Storage;
use crate::prelude::*;

/// The catalog's categories, in the order of its flag values; also the
/// categories a configuration gets when it lists none.
pub const STANDARD_CATEGORIES: [&str; 4] = ["necessary", "functional", "analytics", "marketing"];

include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

/// Platform pack ids, as written in the config's `"platforms"`.
pub const PLATFORMS: [&str; 6] =
    ["liferay-dxp", "liferay-analytics-cloud", "liferay-cloud-console", "creatio", "optimizely-cms", "optimizely-dxp"];

/// One catalog row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogEntry {
    /// Exact name or `*` pattern.
    pub pattern: &'static str,
    /// Where the entry lives.
    pub storage: Storage,
    /// Index into [`STANDARD_CATEGORIES`].
    pub category: u8,
    /// 0 for global rows, else 1 + index into [`PLATFORMS`].
    pub pack: u8,
    /// Row number, for the declaration details.
    row: u16,
}

/// Line `n` of a text table.
fn line(table: &'static str, n: u16) -> &'static str {
    table.split('\n').nth(usize::from(n)).unwrap_or_default()
}

/// Decodes a front-coded pattern list (see `tools/catalog_encode.rs`) into one
/// leaked string and the patterns as slices of it. Runs once per table.
fn decode(coded: &'static str) -> Vec<&'static str> {
    // Built as a `String` char by char (every byte is ASCII): checking a
    // byte buffer with `String::from_utf8` would bring UTF-8 validation
    // code into the module for nothing.
    let mut text = String::with_capacity(coded.len() * 2);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &byte in coded.as_bytes() {
        if byte < 0x20 {
            let (start, _) = spans.last().copied().unwrap_or_default();
            let end = text.len();
            if let Some(last) = spans.last_mut() {
                last.1 = end;
            }
            for i in start..(start + usize::from(byte)).min(end) {
                if let Some(c) = text.as_bytes().get(i).copied() {
                    text.push(char::from(c));
                }
            }
            spans.push((end, end));
        } else {
            text.push(char::from(byte));
        }
    }
    if let Some(last) = spans.last_mut() {
        last.1 = text.len();
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let mut patterns = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        patterns.push(text.get(start..end).unwrap_or_default());
    }
    patterns
}

/// The patterns of the rows the script tag carries (sources included), in
/// the module's order, decoded on first use. Public for the command-line
/// tool's `tag-names`, which the benchmarks compress for the catalog's floor.
pub fn in_tag_patterns() -> &'static [&'static str] {
    static CELL: crate::lazy::Lazy<Vec<&'static str>> = crate::lazy::Lazy::new();
    CELL.get_or_init(|| decode(NAMES))
}

/// The patterns of native-only rows, decoded on first use.
#[cfg(not(target_arch = "wasm32"))]
fn native_only_patterns() -> &'static [&'static str] {
    static CELL: crate::lazy::Lazy<Vec<&'static str>> = crate::lazy::Lazy::new();
    CELL.get_or_init(|| decode(NATIVE_ONLY_NAMES))
}

fn entry(row: usize, pattern: &'static str, flags: u8) -> CatalogEntry {
    CatalogEntry {
        pattern,
        storage: match flags & STORAGE_BITS {
            1 => Storage::LocalStorage,
            2 => Storage::SessionStorage,
            4 => Storage::IndexedDb,
            _ => Storage::Cookie,
        },
        category: (flags >> 3) & 3,
        pack: flags >> 5,
        row: row as u16,
    }
}

/// A row's flag byte: storage (3 bits: 0 cookie, 1 localStorage, 2
/// sessionStorage, 3 script, 4 indexedDB) | category (2 bits) << 3 | pack
/// (3 bits) << 5.
const STORAGE_BITS: u8 = 7;

/// The storage bits of a `script` row: a script or embed source.
const SCRIPT: u8 = 3;

/// Every catalog row of a storage the build carries: the rows a page can
/// meet, then (native build only) the rest (third-party, `rare`, global
/// `HttpOnly`); each part grouped by flag byte, then sorted by pattern.
/// Script and embed sources are not among them ([`sources`]).
pub fn rows() -> Rows {
    Rows { next: 0 }
}

/// The iterator of [`rows`]: one `next` function, where a chain of
/// iterator adapters brought one function each into the module.
pub struct Rows {
    next: usize,
}

impl Iterator for Rows {
    type Item = CatalogEntry;

    fn next(&mut self) -> Option<CatalogEntry> {
        loop {
            let row = self.next;
            self.next += 1;
            let (pattern, flags) = row_at(row)?;
            if flags & STORAGE_BITS != SCRIPT {
                return Some(entry(row, pattern, flags));
            }
        }
    }
}

/// The pattern and flags of row `row`: the tag's rows first, then (native
/// build only) the rest.
fn row_at(row: usize) -> Option<(&'static str, u8)> {
    if let (Some(pattern), Some(flags)) = (in_tag_patterns().get(row), FLAGS.get(row)) {
        return Some((pattern, *flags));
    }
    native_row_at(row)
}

/// Row `row` among the native-only rows (they follow the tag's rows).
#[cfg(not(target_arch = "wasm32"))]
fn native_row_at(row: usize) -> Option<(&'static str, u8)> {
    let i = row.checked_sub(FLAGS.len())?;
    Some((native_only_patterns().get(i)?, *NATIVE_ONLY_FLAGS.get(i)?))
}

/// The module carries no native-only rows.
#[cfg(target_arch = "wasm32")]
fn native_row_at(_row: usize) -> Option<(&'static str, u8)> {
    None
}

/// The script and embed sources (`script` rows: `host` or `host/path*`)
/// with their category ids, for auto-blocking ([`crate::sources`]).
pub fn sources() -> impl Iterator<Item = (&'static str, &'static str)> {
    in_tag_patterns()
        .iter()
        .zip(FLAGS.iter())
        .filter(|(_, f)| *f & STORAGE_BITS == SCRIPT)
        .map(|(p, f)| (*p, STANDARD_CATEGORIES[usize::from((f >> 3) & 3)]))
}

impl CatalogEntry {
    /// The category id.
    pub fn category_id(&self) -> &'static str {
        STANDARD_CATEGORIES[self.category as usize & 3]
    }

    /// The platform pack id, or `None` for a global row.
    pub fn platform(&self) -> Option<&'static str> {
        PLATFORMS.get((self.pack as usize).checked_sub(1)?).copied()
    }

    fn details(&self) -> ([u16; 4], bool) {
        DETAILS.get(usize::from(self.row)).copied().unwrap_or_default()
    }

    /// Who sets it (vendor or platform).
    pub fn provider(&self) -> &'static str {
        line(PROVIDERS, self.details().0[0])
    }

    /// How long it lives, as the vendor states it.
    pub fn retention(&self) -> &'static str {
        line(RETENTIONS, self.details().0[1])
    }

    /// What it is for, in a few words.
    pub fn purpose(&self) -> &'static str {
        line(PURPOSES, self.details().0[2])
    }

    /// Set by the server with `HttpOnly`: invisible to the agent, so the
    /// server must honour the choice.
    pub fn server_set(&self) -> bool {
        self.details().1
    }

    /// Where the row comes from: the vendor's documentation URL, the dataset
    /// (Open Cookie Database, CookieBlock) or the published code it was read
    /// from.
    pub fn source(&self) -> &'static str {
        line(SOURCES, self.details().0[3])
    }

    /// Whether the row is left out of the script tag: a third-party cookie
    /// (set on another site's domain), a `rare` first-party name, or a
    /// global cookie the server sets `HttpOnly` (no page script can see it).
    /// Such rows exist only in the native build and the declaration file.
    pub fn native_only(&self) -> bool {
        usize::from(self.row) >= FLAGS.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_unpack() {
        let all: Vec<CatalogEntry> = rows().collect();
        assert_eq!(all.len() + sources().count(), FLAGS.len() + NATIVE_ONLY_FLAGS.len());
        assert_eq!(FLAGS.len() + NATIVE_ONLY_FLAGS.len(), DETAILS.len());
        assert!(sources().count() >= 150, "script and embed sources");
        assert!(sources()
            .all(|(p, c)| !p.contains(' ') && ["necessary", "functional", "analytics", "marketing"].contains(&c)));
        assert!(NAMES.bytes().all(|b| b < 0x80), "names stay one byte in the inlined module");
        let ga = all.iter().find(|e| e.pattern == "_ga" && e.pack == 0).expect("_ga is in the catalog");
        assert_eq!(ga.category_id(), "analytics");
        assert_eq!(ga.storage, Storage::Cookie);
        assert!(!ga.native_only());
        let ide = all.iter().find(|e| e.pattern == "IDE").expect("IDE is in the native catalog");
        assert!(ide.native_only());
        assert!(!ide.source().is_empty());
        let ac = all
            .iter()
            .find(|e| e.pattern == "ac_client_user_id" && e.storage == Storage::LocalStorage)
            .expect("AC key");
        assert_eq!(ac.category_id(), "analytics");
        assert!(all.iter().any(|e| e.platform() == Some("optimizely-dxp")));
        assert!(all.iter().any(|e| e.pattern == "JSESSIONID" && e.server_set()));
    }
}

/// The generator `build.rs` runs, compiled here too so it is tested.
#[cfg(test)]
#[path = "../tools/catalog_compile.rs"]
mod compile;

#[cfg(test)]
mod generator_tests {
    use super::compile::{compile, front_code, front_decode, rust_literal};

    const HEADER: &str = "pattern\tstorage\tcategory\tpack\tprovider\tretention\tserver_set\tpurpose\tparty\tsource\n";

    #[test]
    fn output_is_sorted_packed_and_deterministic() {
        let tsv = format!(
            "{HEADER}_gid\tcookie\tanalytics\t\tGoogle\t1 day\tno\tMeasures\tfirst\tdocs\n# a comment\n\nID\tcookie\tnecessary\tliferay-dxp\tLiferay\tsession\tyes\tRemember me\tfirst\tseed\n_ga\tlocalStorage\tmarketing\t\tGoogle\t1 day\t\tMeasures\tfirst\tdocs\nIDE\tcookie\tmarketing\t\tGoogle\t1 year\tno\tAds\tthird\tdocs\n"
        );
        let out = compile(&tsv).expect("valid");
        let again = compile(&tsv).expect("valid");
        assert_eq!((&out.rust, &out.declaration), (&again.rust, &again.declaration), "deterministic");
        // What the module's data decodes to is checked row by row in
        // tests/catalog_encoding.rs (every row in, every row out); here, the
        // declaration file the generator writes.
        let declaration: serde_json::Value =
            serde_json::from_str(&out.declaration).expect("the declaration file is JSON");
        assert_eq!(
            declaration,
            serde_json::json!({
                "catalog": {
                    "cookie": { "IDE": ["Google", "1 year", "Ads", false], "_gid": ["Google", "1 day", "Measures", false] },
                    "localStorage": { "_ga": ["Google", "1 day", "Measures", false] }
                },
                "platform:liferay-dxp": { "cookie": { "ID": ["Liferay", "session", "Remember me", true] } }
            })
        );
        let quoted =
            compile(&format!("{HEADER}x\tcookie\tanalytics\t\tA \"B\" \\ C\t1 day\tno\tU\tfirst\tS\n")).expect("valid");
        let quoted: serde_json::Value = serde_json::from_str(&quoted.declaration).expect("escaped JSON");
        assert_eq!(quoted["catalog"]["cookie"]["x"][0], "A \"B\" \\ C");
        assert_eq!(front_code(["abc", "abd", "abd"]), "\0abc\u{2}d\u{3}");
        assert_eq!(rust_literal("\u{0}1\"\\"), r#""\u{0}1\"\\""#);
        // Round trip over the shipped catalog's patterns, long shared prefixes included.
        let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
        let mut patterns: Vec<&str> = text.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
        patterns.push("com.liferay.commerce.model.CommerceOrder#1");
        patterns.push("com.liferay.commerce.model.CommerceOrder#2");
        patterns.sort();
        assert_eq!(front_decode(&front_code(patterns.iter().copied())), patterns);
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let cases = [
            ("x\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\n", "line 2: expected 10 tab-separated columns"),
            ("x\tbrowser\tanalytics\t\tP\tR\tno\tU\tfirst\tS\n", "line 2: unknown variant `browser`, expected one of `cookie`, `localStorage`, `sessionStorage`, `script`, `indexedDB`"),
            ("x\tcookie\tstats\t\tP\tR\tno\tU\tfirst\tS\n", "line 2: unknown variant `stats`, expected one of `necessary`, `functional`, `analytics`, `marketing`"),
            ("x\tcookie\tanalytics\tliferay\tP\tR\tno\tU\tfirst\tS\n", "line 2: unknown pack \"liferay\""),
            ("a b\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\tS\n", "line 2: \"a b\" is not a cookie name"),
            (
                "x\tcookie\tanalytics\t\tP\tR\tmaybe\tU\tfirst\tS\n",
                "line 2: unknown variant `maybe`, expected one of `yes`, ``, `no`",
            ),
            (
                "x\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\tS\nx\tcookie\tmarketing\t\tP\tR\tno\tU\tfirst\tS\n",
                "line 3: x is listed twice",
            ),
            (
                "x\tcookie\tanalytics\t\tP\tR\tno\tU\tboth\tS\n",
                "line 2: unknown variant `both`, expected one of `first`, `third`, `rare`",
            ),
            ("x\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\t\n", "line 2: empty source"),
            ("_s*\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\tS\n", "line 2: \"_s*\" has too short a literal part"),
            (
                "caf\u{e9}\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\tS\n",
                "line 2: \"caf\u{e9}\" must be printable ASCII",
            ),
        ];
        for (rows, message) in cases {
            let Err(error) = compile(&format!("{HEADER}{rows}")) else { panic!("{message}") };
            assert!(error.ends_with(message), "{error} / {message}");
        }
        assert!(compile("name\tstorage\n").is_err());
        // The same name may be a cookie and a storage key, or global and in a pack.
        let fine = format!("{HEADER}x\tcookie\tanalytics\t\tP\tR\tno\tU\tfirst\tS\nx\tlocalStorage\tanalytics\t\tP\tR\tno\tU\tfirst\tS\nx\tcookie\tanalytics\tcreatio\tP\tR\tno\tU\tfirst\tS\n");
        assert!(compile(&fine).is_ok());
    }

    #[test]
    fn the_shipped_catalog_compiles() {
        let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
        let out = compile(&text).expect("the catalog is valid");
        assert!(out.rust.contains("static FLAGS"));
        let declaration: serde_json::Value = serde_json::from_str(&out.declaration).expect("JSON");
        assert_eq!(declaration["catalog"]["cookie"]["_ga"][0], "Google Analytics");
        assert_eq!(declaration["catalog"]["cookie"]["IDE"][0], "Google");
    }
}
