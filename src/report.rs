//! The agent's answers: what a sweep did ([`Report`]), what the page
//! stores and why ([`AuditRow`]), and the visitor's choice in force
//! ([`Consent`]). Plain data, built by the core and the web layer alike.
//!
//! Each answer has one shape everywhere: the script tag's API hands it to
//! the page as JSON text written by [`Writer`] (no serde in the tag: serde's code
//! would cost the download about 36 KB gzip), and with the `serde` feature
//! the same structs derive `Serialize`/`Deserialize` for Rust applications
//! that embed the agent (field names in camelCase, as in the JavaScript
//! API).

use crate::engine::{Engine, Source};
use crate::json::Writer;
use crate::pattern::Storage;
use crate::prelude::*;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_json_with_every_list() {
        let entry = |name: &str, category: Option<&str>| Entry {
            name: name.into(),
            storage: Storage::LocalStorage,
            category: category.map(str::to_string),
        };
        let report = Report {
            deleted: vec![entry("a\"b", Some("analytics")), entry("c", Some("marketing"))],
            unknown: vec![entry("d", None)],
            ..Report::default()
        };
        assert_eq!(
            report.to_json_text(),
            r#"{"deleted":[{"name":"a\"b","storage":"localStorage","category":"analytics"},{"name":"c","storage":"localStorage","category":"marketing"}],"kept":[],"unknown":[{"name":"d","storage":"localStorage","category":null}],"failed":[]}"#
        );
    }
}

/// One cookie or storage key in a [`Report`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Entry {
    /// The cookie name or storage key.
    pub name: String,
    /// Where it lives.
    pub storage: Storage,
    /// Its category id; `None` when nothing classifies it.
    pub category: Option<String>,
}

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Report {
    /// Refused entries that are gone.
    pub deleted: Vec<Entry>,
    /// Classified entries that may stay.
    pub kept: Vec<Entry>,
    /// Unclassified entries that may stay (`"unknown": "keep"`).
    pub unknown: Vec<Entry>,
    /// Refused entries still there after the sweep: a scope outside this
    /// page, an `HttpOnly` twin, a storage that refused.
    pub failed: Vec<Entry>,
}

/// One row of an audit: an entry the page stores, what it is and whether
/// the visitor's choice allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct AuditRow {
    /// The cookie name or storage key.
    pub name: String,
    /// Where it lives.
    pub storage: Storage,
    /// Its category id; `None` when nothing classifies it.
    pub category: Option<String>,
    /// Who classified it: `site`, `platform:<id>` or `catalog`.
    pub source: Option<String>,
    /// Whether it may stay now.
    pub allowed: bool,
}

/// The visitor's choice in force.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize), serde(rename_all = "camelCase"))]
pub struct Consent {
    /// Every category id of the config, with whether it is granted now.
    #[cfg_attr(feature = "serde", serde(with = "crate::json_serde::pairs"))]
    pub categories: Vec<(String, bool)>,
    /// The revision of the record in force (the config's when none is).
    pub revision: u32,
    /// When the visitor chose (Unix seconds), if a record is in force.
    pub decided_at: Option<u64>,
    /// When the record lapses (Unix seconds), if one is in force.
    pub expires_at: Option<u64>,
    /// The record's random id, for the site's proof of consent.
    pub id: Option<String>,
    /// The config is invalid: only required categories are allowed.
    pub fail_closed: bool,
    /// The site reloads the page when a category is withdrawn.
    pub reload_on_withdraw: bool,
    /// Page scripts may widen the choice without the visitor's interaction.
    pub allow_script_grants: bool,
    /// The browser sends Global Privacy Control and the site honours it.
    pub global_privacy_control: bool,
    /// The config's revision.
    pub config_revision: u32,
    /// The consent record's cookie name.
    pub cookie: String,
    /// The `consentLog` address, if the site has one.
    pub log: Option<String>,
}

/// A source as the API names it: `site`, `platform:<id>` or `catalog`. The
/// agent's own record counts as `site`: the site configures it.
pub fn source_name(source: Source) -> String {
    match source {
        Source::Agent | Source::Site => "site".into(),
        Source::Platform(p) => crate::text::concat(&["platform:", p]),
        Source::Catalog => "catalog".into(),
    }
}

impl Engine {
    /// The audit row of one entry.
    pub fn audit_row(&self, storage: Storage, name: &str) -> AuditRow {
        let found = self.classify(storage, name);
        AuditRow {
            name: name.to_string(),
            storage,
            category: found.map(|c| c.category.to_string()),
            source: found.map(|c| source_name(c.source)),
            allowed: self.decide(storage, name).keep,
        }
    }

    /// The choice in force.
    pub fn consent(&self) -> Consent {
        let record = self.record.as_ref();
        Consent {
            categories: {
                let mut categories = Vec::new();
                for (id, granted) in self.categories() {
                    categories.push((id.to_string(), granted));
                }
                categories
            },
            revision: record.map_or(self.config.revision, |r| r.revision),
            decided_at: record.map(|r| r.decided_at),
            expires_at: record.map(|r| r.expires_at),
            id: record.map(|r| r.id.clone()),
            fail_closed: self.fail_closed(),
            reload_on_withdraw: self.config.reload_on_withdraw,
            allow_script_grants: self.config.allow_script_grants,
            global_privacy_control: self.signal && !self.config.global_privacy_control.is_empty(),
            config_revision: self.config.revision,
            cookie: self.config.consent_cookie.name.clone(),
            log: self.config.consent_log.clone(),
        }
    }
}

impl Entry {
    /// Writes `{"name":…,"storage":…,"category":…}`.
    fn write_json(&self, w: &mut Writer) {
        w.open(b'{').key("name").string(&self.name).key("storage").string(self.storage.as_str());
        w.key("category").string_or_null(self.category.as_deref()).close(b'}');
    }
}

impl Report {
    /// `{ deleted, kept, unknown, failed }`, each a list of `{ name,
    /// storage, category }`, as JSON text. Written straight out, not through
    /// a [`Json`](crate::json::Json) tree: a first sweep over 10,000 keys
    /// reports 10,000 entries, and a tree would cost four allocations each.
    pub fn to_json_text(&self) -> String {
        let mut w = Writer::new();
        w.open(b'{');
        for (name, entries) in
            [("deleted", &self.deleted), ("kept", &self.kept), ("unknown", &self.unknown), ("failed", &self.failed)]
        {
            w.key(name).open(b'[');
            for entry in entries {
                entry.write_json(&mut w);
            }
            w.close(b']');
        }
        w.close(b'}');
        w.finish()
    }
}

impl AuditRow {
    /// Writes `{ name, storage, category, source, allowed }`.
    pub fn write_json(&self, w: &mut Writer) {
        w.open(b'{').key("name").string(&self.name).key("storage").string(self.storage.as_str());
        w.key("category").string_or_null(self.category.as_deref());
        w.key("source").string_or_null(self.source.as_deref()).key("allowed").bool(self.allowed).close(b'}');
    }
}

impl Consent {
    /// The JSON text the script tag's `consent()` answers (`decidedAt` and
    /// `expiresAt` as Unix seconds here; `agent.js` turns them into dates).
    pub fn to_json_text(&self) -> String {
        let mut w = Writer::new();
        w.open(b'{').key("categories").open(b'{');
        for (id, granted) in &self.categories {
            w.key(id).bool(*granted);
        }
        w.close(b'}').key("revision").number(u64::from(self.revision));
        w.key("decidedAt").number_or_null(self.decided_at).key("expiresAt").number_or_null(self.expires_at);
        w.key("id").string_or_null(self.id.as_deref()).key("failClosed").bool(self.fail_closed);
        w.key("reloadOnWithdraw").bool(self.reload_on_withdraw).key("allowScriptGrants").bool(self.allow_script_grants);
        w.key("globalPrivacyControl").bool(self.global_privacy_control);
        w.key("configRevision").number(u64::from(self.config_revision)).key("cookie").string(&self.cookie);
        w.key("log").string_or_null(self.log.as_deref()).close(b'}');
        w.finish()
    }
}
