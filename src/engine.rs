//! Decisions: which category an entry belongs to, whether the visitor's
//! choice allows it, and what the consent record says. Pure: the web layer
//! feeds it names and the jar string and carries out what it decides.

use crate::catalog::{self, CatalogEntry};
use crate::config::{Config, ConfigError, UnknownPolicy};
use crate::jar;
use crate::pattern::{PatternIndex, Storage};
use crate::prelude::*;
use crate::record::{ConsentRecord, RecordError};

/// Which layer classified an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The agent's own consent record.
    Agent,
    /// A site rule from the config.
    Site,
    /// An enabled platform pack.
    Platform(&'static str),
    /// The built-in catalog.
    Catalog,
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification<'a> {
    /// Category id.
    pub category: &'a str,
    /// Who said so.
    pub source: Source,
    /// The catalog row, when the catalog or a pack classified it.
    pub entry: Option<CatalogEntry>,
    /// The site rule's index, when a site rule classified it.
    pub rule: Option<usize>,
}

/// What the agent does with one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision<'a> {
    /// The entry's category, `None` when nothing classifies it.
    pub category: Option<&'a str>,
    /// Whether the entry may stay.
    pub keep: bool,
}

/// Which consent records the agent takes as its own (only its own can
/// grant; see [`Engine::load_record`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution<'a> {
    /// The record whose value is exactly this one: the copy the agent kept
    /// in `localStorage` when it wrote the record ("" when it kept none).
    /// A record a page script, the server or a sibling host wrote has
    /// another value.
    Witness(&'a str),
    /// Every valid record: where the agent can keep no copy (storage
    /// refused), and the native tools.
    Any,
}

/// The category that is always allowed, whatever the config says: strictly
/// necessary storage needs no consent, and deleting it breaks sites (log-in,
/// carts, other tools' consent records).
pub const NECESSARY: &str = "necessary";

/// Name parts that mark an entry a site cannot work without: sessions,
/// anti-forgery tokens, log-in state, carts, and consent records (of this
/// agent or any other tool). With `"unknown": "delete"`, an entry nothing
/// classifies is still kept when its name contains one of these
/// (ignoring case), because deleting a framework's session or CSRF cookie
/// (`PHPSESSID`, `XSRF-TOKEN`, `csrftoken`, `_csrf`, `connect.sid`) logs
/// visitors out or breaks every form. Classified entries are never
/// affected: `_hjSession_*` stays analytics.
pub const ESSENTIAL_NAME_PARTS: &[&str] = &[
    "csrf",
    "xsrf",
    "session",
    "sessid",
    "sid",
    "auth",
    "token",
    "login",
    "logged_in",
    "cart",
    "basket",
    "checkout",
    "consent",
    "usprivacy",
    "__gpp",
];

/// Whether an unclassified name looks essential ([`ESSENTIAL_NAME_PARTS`]).
/// `sid` counts only as a whole word (`connect.sid`, `sid`), not inside
/// `inside` or `sidebar`.
pub fn looks_essential(name: &str) -> bool {
    let name = name.as_bytes();
    ESSENTIAL_NAME_PARTS.iter().any(|part| {
        let part = part.as_bytes();
        (0..name.len()).any(|start| {
            let Some(window) = name.get(start..start + part.len()) else {
                return false;
            };
            if !window.eq_ignore_ascii_case(part) {
                return false;
            }
            // `sid` only as a whole word.
            let word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
            part != b"sid" || !(word(name.get(start.wrapping_sub(1))) || word(name.get(start + part.len())))
        })
    })
}

/// The decision engine for one page: config, classifiers and stored choice.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The configuration in force (defaults where the input was invalid).
    pub config: Config,
    /// Problems found in the config; any problem means fail-closed.
    pub errors: Vec<ConfigError>,
    /// The stored choice, when valid.
    pub record: Option<ConsentRecord>,
    /// Whether the browser sends Global Privacy Control
    /// (`navigator.globalPrivacyControl`); see [`Config::global_privacy_control`].
    pub signal: bool,
    site: PatternIndex,
    /// Catalog rows of the enabled packs (ids index `pack_rows`).
    packs: PatternIndex,
    pack_rows: Vec<CatalogEntry>,
    /// Global catalog rows (ids index `catalog_rows`).
    catalog: PatternIndex,
    catalog_rows: Vec<CatalogEntry>,
}

impl Engine {
    /// Every row of the packs the site enabled, in the order it listed
    /// them (what the engine classifies with, and the declaration lists).
    pub fn pack_rows(&self) -> &[CatalogEntry] {
        &self.pack_rows
    }

    /// Builds the classifiers for `config`. With `errors` non-empty the
    /// engine allows only required categories until the page reloads.
    pub fn new(config: Config, errors: Vec<ConfigError>) -> Engine {
        let site = PatternIndex::new(config.rules.iter().map(|r| (r.storage, r.pattern.as_str())));
        // Packs in the order the site enabled them, so the first listed wins a tie.
        let mut pack_rows: Vec<CatalogEntry> = Vec::new();
        for platform in &config.platforms {
            for e in catalog::rows() {
                if e.platform() == Some(*platform) {
                    pack_rows.push(e);
                }
            }
        }
        let mut catalog_rows: Vec<CatalogEntry> = Vec::new();
        if config.catalog {
            for e in catalog::rows() {
                if e.pack == 0 {
                    catalog_rows.push(e);
                }
            }
        }
        let packs = PatternIndex::new(pack_rows.iter().map(|e| (e.storage, e.pattern)));
        let catalog = PatternIndex::new(catalog_rows.iter().map(|e| (e.storage, e.pattern)));
        Engine { config, errors, record: None, signal: false, site, packs, pack_rows, catalog, catalog_rows }
    }

    /// Whether the config was invalid, so only required categories are allowed.
    pub fn fail_closed(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Classifies an entry: the agent's own record (the cookie, and its
    /// copy in `localStorage` under the same name), then site rules, then
    /// enabled platform packs, then the catalog.
    pub fn classify(&self, storage: Storage, name: &str) -> Option<Classification<'_>> {
        if matches!(storage, Storage::Cookie | Storage::LocalStorage) && name == self.config.consent_cookie.name {
            return Some(Classification { category: NECESSARY, source: Source::Agent, entry: None, rule: None });
        }
        // `get` where an index would do: ids come from the index built over
        // these very lists, and no bounds-check panic reaches the module.
        let rules = &self.config.rules;
        let site = self.site.lookup(storage, name, &|id| rules.get(id as usize).map_or("", |r| r.pattern.as_str()));
        if let Some((i, rule)) = site.and_then(|i| Some((i as usize, rules.get(i as usize)?))) {
            return Some(Classification { category: &rule.category, source: Source::Site, entry: None, rule: Some(i) });
        }
        let row = |rows: &[CatalogEntry], id: u32| rows.get(id as usize).copied();
        let pattern = |rows: &[CatalogEntry], id: u32| row(rows, id).map_or("", |e| e.pattern);
        let pack = self.packs.lookup(storage, name, &|id| pattern(&self.pack_rows, id));
        if let Some(e) = pack.and_then(|i| row(&self.pack_rows, i)) {
            let source = Source::Platform(e.platform().unwrap_or_default());
            return Some(Classification { category: e.category_id(), source, entry: Some(e), rule: None });
        }
        let found = self.catalog.lookup(storage, name, &|id| pattern(&self.catalog_rows, id));
        found.and_then(|i| row(&self.catalog_rows, i)).map(|e| Classification {
            category: e.category_id(),
            source: Source::Catalog,
            entry: Some(e),
            rule: None,
        })
    }

    /// Whether entries of `category` may exist now: required categories and
    /// `necessary` always; others only when the stored choice grants them and
    /// the config is valid. While the browser sends Global Privacy Control,
    /// the categories it refuses count only when granted by a choice made with
    /// the signal on (which "Accept all" never does). Unknown category ids are
    /// never granted.
    pub fn granted(&self, category: &str) -> bool {
        if category == NECESSARY {
            return true;
        }
        let Some(c) = self.config.category(category) else {
            return false;
        };
        c.required
            || (!self.fail_closed()
                && self
                    .record
                    .as_ref()
                    .is_some_and(|r| r.grants(category) && (r.signal || !self.refused_by_signal(category))))
    }

    /// Whether the browser's Global Privacy Control signal refuses `category`.
    /// "Accept all" grants every category for which this is false; a visitor
    /// can still switch the others on one by one.
    pub fn refused_by_signal(&self, category: &str) -> bool {
        self.signal && self.config.global_privacy_control.iter().any(|c| c == category)
    }

    /// Whether a page script may write the entry now: what [`decide`](Self::decide)
    /// keeps, except the agent's own record and its copy, which only the
    /// agent writes (through the browser's own functions, which no trap sees).
    pub fn page_may_write(&self, storage: Storage, name: &str) -> bool {
        let own = self.classify(storage, name).is_some_and(|c| c.source == Source::Agent);
        !own && self.decide(storage, name).keep
    }

    /// What to do with an entry.
    pub fn decide(&self, storage: Storage, name: &str) -> Decision<'_> {
        match self.classify(storage, name) {
            Some(c) => {
                Decision { category: Some(c.category), keep: c.source == Source::Agent || self.granted(c.category) }
            }
            None => {
                Decision { category: None, keep: self.config.unknown == UnknownPolicy::Keep || looks_essential(name) }
            }
        }
    }

    /// Every category with whether it is granted now, in config order.
    pub fn categories(&self) -> impl Iterator<Item = (&str, bool)> {
        self.config.categories.iter().map(|c| (c.id.as_str(), self.granted(&c.id)))
    }

    /// Reads the consent record from a `document.cookie` string at `now`
    /// (Unix seconds). With `loading` (a remote config is still on its way)
    /// the revision and category ids are not checked yet.
    ///
    /// Every record of the configured name counts, not the first: a site
    /// that moved its record to a shared domain, or a sibling subdomain
    /// writing `Domain=<parent>`, leaves several. If any of them is invalid
    /// there is no consent. Only a record the agent can attribute to itself
    /// ([`Attribution`]) can grant; with one, the most restrictive reading
    /// of it and every other valid record is in force
    /// ([`ConsentRecord::combine`]), so a record somebody else wrote only
    /// ever restricts. Without one there is no consent: the visitor is
    /// asked ([`RecordError::NotTheAgents`]). Returns how many records were
    /// found, or why none counts.
    pub fn load_record(
        &mut self,
        jar_text: &str,
        now: u64,
        loading: bool,
        attribution: Attribution<'_>,
    ) -> Result<usize, RecordError> {
        self.record = None;
        let revision = (!loading).then_some(self.config.revision);
        let max_age = u64::from(self.config.consent_cookie.max_age_days) * 86_400;
        // A shared domain: every host under it writes the record.
        let trusted = matches!(attribution, Attribution::Any) || self.config.consent_cookie.domain.is_some();
        let (mut own, mut others): (Option<ConsentRecord>, Option<ConsentRecord>) = (None, None);
        let mut count = 0;
        for value in jar::values(jar_text, &self.config.consent_cookie.name) {
            let record = ConsentRecord::decode(value)?;
            record.validate(now, revision, |id| self.config.category(id).is_some(), max_age)?;
            count += 1;
            let mine = trusted || matches!(attribution, Attribution::Witness(w) if w == value);
            let slot = if mine { &mut own } else { &mut others };
            *slot = Some(match slot.take() {
                None => record,
                Some(seen) => seen.combine(&record),
            });
        }
        self.record = match (own, others) {
            (Some(own), Some(others)) => Some(own.combine(&others)),
            (Some(own), None) => Some(own),
            (None, Some(_)) => return Err(RecordError::NotTheAgents),
            (None, None) => None,
        };
        Ok(count)
    }

    /// Records a choice: exactly `granted` plus every required category.
    /// Unknown ids are ignored. Returns the new record.
    pub fn choose<'a>(&mut self, granted: impl IntoIterator<Item = &'a str>, now: u64, id: String) -> &ConsentRecord {
        let asked: Vec<&str> = granted.into_iter().collect();
        let (mut yes, mut no) = (Vec::new(), Vec::new());
        for c in &self.config.categories {
            if c.required || asked.contains(&c.id.as_str()) {
                yes.push(c.id.clone());
            } else {
                no.push(c.id.clone());
            }
        }
        let expires_at = now.saturating_add(u64::from(self.config.consent_cookie.max_age_days) * 86_400);
        self.record.insert(ConsentRecord {
            revision: self.config.revision,
            decided_at: now,
            expires_at,
            id,
            granted: yes,
            denied: no,
            signal: self.signal,
        })
    }

    /// The `document.cookie` assignment that stores `record`.
    pub fn record_write(&self, record: &ConsentRecord, secure: bool) -> String {
        let max_age = record.expires_at.saturating_sub(record.decided_at);
        let value = record.encode();
        self.record_cookie(&value, &crate::text::number(max_age), secure)
    }

    /// `name=value` with the record's attributes: path `/`, the configured
    /// domain, `SameSite=Lax`, and `Secure` on secure pages.
    fn record_cookie(&self, value: &str, max_age: &str, secure: bool) -> String {
        let cookie = &self.config.consent_cookie;
        let mut write =
            crate::text::concat(&[cookie.name.as_str(), "=", value, "; Path=/; Max-Age=", max_age, "; SameSite=Lax"]);
        if let Some(domain) = &cookie.domain {
            write.push_str("; Domain=");
            write.push_str(domain);
        }
        if secure {
            write.push_str("; Secure");
        }
        write
    }
}

/// An engine for a valid config text, for the core's unit tests.
#[cfg(test)]
pub(crate) fn engine_for(text: &str) -> Engine {
    let (config, errors) = Config::from_text(text);
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(config, errors)
}

#[cfg(test)]
mod tests;
