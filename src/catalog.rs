//! The built-in catalog: what common cookies and storage keys are, compiled
//! from `catalog/catalog.tsv` by `build.rs`.
//!
//! Rows with an empty `pack` are global; the rest belong to a platform pack
//! and apply only when the site lists the platform in `"platforms"`, because
//! names such as `ID`, `product` or `sidebar` mean something only there.

use crate::pattern::Storage;

/// Platform pack ids, as written in the config's `"platforms"`.
pub const PLATFORMS: [&str; 6] = [
    "liferay-dxp",
    "liferay-analytics-cloud",
    "liferay-cloud-console",
    "creatio",
    "optimizely-cms",
    "optimizely-dxp",
];

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
    /// Who sets it (vendor or platform); index into the shared texts.
    provider: u16,
    /// How long it lives, as the vendor states it; index into the shared texts.
    retention: u16,
    /// Set by the server with `HttpOnly`: invisible to the agent, so the
    /// server must honour the choice.
    pub server_set: bool,
    /// What it is for, in a few words; index into the shared texts.
    purpose: u16,
}

impl CatalogEntry {
    /// The category id.
    pub fn category_id(&self) -> &'static str {
        crate::config::STANDARD_CATEGORIES[self.category as usize]
    }

    /// Who sets it (vendor or platform).
    pub fn provider(&self) -> &'static str {
        TEXTS[self.provider as usize]
    }

    /// How long it lives, as the vendor states it.
    pub fn retention(&self) -> &'static str {
        TEXTS[self.retention as usize]
    }

    /// What it is for, in a few words.
    pub fn purpose(&self) -> &'static str {
        TEXTS[self.purpose as usize]
    }

    /// The platform pack id, or `None` for a global row.
    pub fn platform(&self) -> Option<&'static str> {
        (self.pack > 0).then(|| PLATFORMS[self.pack as usize - 1])
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));
