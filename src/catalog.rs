//! The built-in catalog: what common cookies and storage keys are, compiled
//! from `catalog/catalog.tsv` by `build.rs`.
//!
//! Rows with an empty `pack` are global; the rest belong to a platform pack
//! and apply only when the site lists the platform in `"platforms"`, because
//! names such as `ID`, `product` or `sidebar` mean something only there.
//!
//! Size: the module carries one string of patterns and one byte per row
//! (storage, category, pack), not a table of `&str` (8 bytes of pointer per
//! string per row). The declaration details (provider, retention, purpose,
//! server-set) are read only by [`CatalogEntry::provider`] and its siblings,
//! which the WebAssembly build never calls: the linker drops them there, and
//! the browser gets them from `consent-agent-declaration.json` instead, only
//! when a page asks for the declaration. [`rows`] unpacks the data when an
//! engine is built.

use crate::pattern::Storage;

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
    /// Index into [`crate::config::STANDARD_CATEGORIES`].
    pub category: u8,
    /// 0 for global rows, else 1 + index into [`PLATFORMS`].
    pub pack: u8,
    /// Row number, for the declaration details.
    row: u16,
}

/// Line `n` of a text table.
fn line(table: &'static str, n: u8) -> &'static str {
    table.split('\n').nth(n as usize).unwrap_or_default()
}

/// Every catalog row, sorted by pattern.
pub fn rows() -> impl Iterator<Item = CatalogEntry> {
    PATTERNS.split('\n').zip(FLAGS.iter()).enumerate().map(|(row, (pattern, flags))| CatalogEntry {
        pattern,
        storage: match flags & 3 {
            1 => Storage::LocalStorage,
            2 => Storage::SessionStorage,
            _ => Storage::Cookie,
        },
        category: (flags >> 2) & 3,
        pack: flags >> 4,
        row: row as u16,
    })
}

impl CatalogEntry {
    /// The category id.
    pub fn category_id(&self) -> &'static str {
        crate::config::STANDARD_CATEGORIES[self.category as usize & 3]
    }

    /// The platform pack id, or `None` for a global row.
    pub fn platform(&self) -> Option<&'static str> {
        PLATFORMS.get((self.pack as usize).checked_sub(1)?).copied()
    }

    fn details(&self) -> [u8; 4] {
        DETAILS.get(self.row as usize).copied().unwrap_or_default()
    }

    /// Who sets it (vendor or platform).
    pub fn provider(&self) -> &'static str {
        line(PROVIDERS, self.details()[0])
    }

    /// How long it lives, as the vendor states it.
    pub fn retention(&self) -> &'static str {
        line(RETENTIONS, self.details()[1])
    }

    /// What it is for, in a few words.
    pub fn purpose(&self) -> &'static str {
        line(PURPOSES, self.details()[2])
    }

    /// Set by the server with `HttpOnly`: invisible to the agent, so the
    /// server must honour the choice.
    pub fn server_set(&self) -> bool {
        self.details()[3] != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_unpack() {
        let all: Vec<CatalogEntry> = rows().collect();
        assert_eq!(all.len(), FLAGS.len());
        assert_eq!(all.len(), DETAILS.len());
        assert!(FLAGS.iter().all(|f| *f < 0x80), "flags stay one byte in the inlined module");
        let ga = all.iter().find(|e| e.pattern == "_ga" && e.pack == 0).expect("_ga is in the catalog");
        assert_eq!(ga.category_id(), "analytics");
        assert_eq!(ga.storage, Storage::Cookie);
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
#[path = "catalog_compile.rs"]
mod compile;

#[cfg(test)]
mod generator_tests {
    use super::compile::compile;

    const HEADER: &str = "pattern\tstorage\tcategory\tpack\tprovider\tretention\tserver_set\tpurpose\n";

    #[test]
    fn output_is_sorted_packed_and_deterministic() {
        let tsv = format!(
            "{HEADER}_gid\tcookie\tanalytics\t\tGoogle\t1 day\tno\tMeasures\n# a comment\n\nID\tcookie\tnecessary\tliferay-dxp\tLiferay\tsession\tyes\tRemember me\n_ga\tlocalStorage\tmarketing\t\tGoogle\t1 day\t\tMeasures\n"
        );
        let out = compile(&tsv).expect("valid");
        let again = compile(&tsv).expect("valid");
        assert_eq!((&out.rust, &out.declaration), (&again.rust, &again.declaration), "deterministic");
        let rust = &out.rust;
        assert!(rust.contains(r#"static PATTERNS: &str = "ID\n_ga\n_gid";"#), "{rust}");
        // ID: cookie (0) | necessary (0) | pack 1 (1 << 4) = 16; _ga: localStorage (1) | marketing (3 << 2) = 13;
        // _gid: analytics (2 << 2) = 8.
        assert!(rust.contains("static FLAGS: [u8; 3] = [16, 13, 8];"), "{rust}");
        // Texts numbered in row order: Liferay 0, Google 1; ID is server-set.
        assert!(rust.contains("static DETAILS: [[u8; 4]; 3] = [[0, 0, 0, 1], [1, 1, 1, 0], [1, 1, 1, 0]];"), "{rust}");
        assert!(rust.contains(r#"static PROVIDERS: &str = "Liferay\nGoogle";"#));
        assert!(rust.contains(r#"static RETENTIONS: &str = "session\n1 day";"#));
        let declaration: serde_json::Value =
            serde_json::from_str(&out.declaration).expect("the declaration file is JSON");
        assert_eq!(
            declaration,
            serde_json::json!({
                "catalog": {
                    "cookie": { "_gid": ["Google", "1 day", "Measures", false] },
                    "localStorage": { "_ga": ["Google", "1 day", "Measures", false] }
                },
                "platform:liferay-dxp": { "cookie": { "ID": ["Liferay", "session", "Remember me", true] } }
            })
        );
        let quoted = compile(&format!("{HEADER}x\tcookie\tanalytics\t\tA \"B\" \\ C\t1 day\tno\tU\n")).expect("valid");
        let quoted: serde_json::Value = serde_json::from_str(&quoted.declaration).expect("escaped JSON");
        assert_eq!(quoted["catalog"]["cookie"]["x"][0], "A \"B\" \\ C");
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let cases = [
            ("x\tcookie\tanalytics\t\tP\tR\tno\n", "line 2: expected 8 tab-separated columns"),
            ("x\tindexedDB\tanalytics\t\tP\tR\tno\tU\n", "line 2: unknown storage \"indexedDB\""),
            ("x\tcookie\tstats\t\tP\tR\tno\tU\n", "line 2: unknown category \"stats\""),
            ("x\tcookie\tanalytics\tliferay\tP\tR\tno\tU\n", "line 2: unknown pack \"liferay\""),
            ("a b\tcookie\tanalytics\t\tP\tR\tno\tU\n", "line 2: \"a b\" is not a cookie name"),
            ("x\tcookie\tanalytics\t\tP\tR\tmaybe\tU\n", "line 2: server_set must be yes or no, not \"maybe\""),
            ("x\tcookie\tanalytics\t\tP\tR\tno\tU\nx\tcookie\tmarketing\t\tP\tR\tno\tU\n", "line 3: x is listed twice"),
        ];
        for (rows, message) in cases {
            let Err(error) = compile(&format!("{HEADER}{rows}")) else { panic!("{message}") };
            assert!(error.ends_with(message), "{error} / {message}");
        }
        assert!(compile("name\tstorage\n").is_err());
        // The same name may be a cookie and a storage key, or global and in a pack.
        let fine = format!("{HEADER}x\tcookie\tanalytics\t\tP\tR\tno\tU\nx\tlocalStorage\tanalytics\t\tP\tR\tno\tU\nx\tcookie\tanalytics\tcreatio\tP\tR\tno\tU\n");
        assert!(compile(&fine).is_ok());
    }

    #[test]
    fn the_shipped_catalog_compiles() {
        let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
        let out = compile(&text).expect("the catalog is valid");
        assert!(out.rust.contains("static FLAGS"));
        let declaration: serde_json::Value = serde_json::from_str(&out.declaration).expect("JSON");
        assert_eq!(declaration["catalog"]["cookie"]["_ga"][0], "Google Analytics");
    }
}
