//! The site's configuration: categories, rules, and how the consent record is
//! stored, validated field by field.
//!
//! Validation never stops at the first problem and never fails to produce a
//! configuration: every error names the exact field
//! (`rules[2].category: unknown category "analytic"`), and the caller gets a
//! usable [`Config`] built from whatever was valid. A page that receives any
//! error enforces fail-closed (only required categories allowed), see
//! [`crate::engine::Engine`].
//!
//! Files: this one holds the types and defaults; `config/validate.rs` reads
//! a [`Json`] value field by field, `config/settings.rs` the banner (`ui`)
//! and the record cookie (`consentCookie`), `config/signals.rs` the
//! consent-signal settings; `config/errors.rs` words the problems.

use crate::prelude::*;
mod errors;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
mod settings;
mod signals;
#[cfg(test)]
mod tests;
mod validate;

use crate::json::Json;
use crate::pattern::Storage;
use crate::sources::Sources;
pub use errors::{ConfigError, Problem};
pub use signals::{GoogleConsentMode, Signals, GOOGLE_TYPES};
use validate::Validator;
pub use validate::{forbidden_cookie_char, valid_id};

/// The category ids used when a configuration lists none (the catalog's
/// four, defined there so the catalog needs nothing from the config).
pub use crate::catalog::STANDARD_CATEGORIES;

/// A consent category the visitor can grant or deny.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Identifier used in rules, the API and the consent record:
    /// ASCII letters, digits, `_` and `-`, at most 40 characters.
    pub id: String,
    /// Required categories are always granted and cannot be refused.
    pub required: bool,
    /// Human title, for declarations and the banner.
    pub title: Option<String>,
    /// Human description, for declarations and the banner.
    pub description: Option<String>,
}

/// One site rule: entries in `storage` whose name matches `pattern` belong to
/// `category`. A rule object in the JSON with several patterns becomes several
/// `Rule`s.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The category id (known to exist in the config).
    pub category: String,
    /// Where the entry lives.
    pub storage: Storage,
    /// An exact name or a `*` pattern, see [`crate::pattern`].
    pub pattern: String,
    /// Who sets the entry, for the declaration.
    pub provider: Option<String>,
    /// Why, for the declaration.
    pub purpose: Option<String>,
    /// How long it lives, for the declaration.
    pub retention: Option<String>,
}

/// What happens to entries that no rule, pack or catalog entry classifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownPolicy {
    /// Leave them alone (the default): a site's own unlisted cookies keep working.
    Keep,
    /// Remove them like entries of a refused category.
    Delete,
}

/// Where and how long the consent record is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentCookie {
    /// Cookie name; default `consent_agent`.
    pub name: String,
    /// Optional `Domain` attribute, to share one choice across sub-domains.
    pub domain: Option<String>,
    /// Lifetime of a choice in days; default 182 (about six months).
    pub max_age_days: u32,
}

/// A validated configuration. With the `serde` feature it deserializes
/// through [`Config::from_json`] (so an invalid one is refused with every
/// error) and serializes back to the JSON it was read from.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(try_from = "Json", into = "Json"))]
pub struct Config {
    /// Raising it invalidates every stored choice made under a lower one.
    pub revision: u32,
    /// Categories in display order.
    pub categories: Vec<Category>,
    /// Site rules in the order written; they take precedence over platform
    /// packs and the catalog.
    pub rules: Vec<Rule>,
    /// Policy for unclassified entries.
    pub unknown: UnknownPolicy,
    /// The consent record's cookie.
    pub consent_cookie: ConsentCookie,
    /// Enabled platform packs (ids from [`crate::catalog::PLATFORMS`]).
    pub platforms: Vec<&'static str>,
    /// Whether the built-in catalog classifies entries.
    pub catalog: bool,
    /// Whether withdrawing a category whose gated scripts already ran reloads
    /// the page (scripts cannot be un-run); default `false`.
    pub reload_on_withdraw: bool,
    /// Whether `accept()`/`acceptAll()` called by a page script without the
    /// visitor's interaction may widen the choice (a site that restores a
    /// logged-in user's stored choice from its server); default `false`:
    /// only the visitor widens consent.
    pub allow_script_grants: bool,
    /// Categories a Global Privacy Control signal from the browser refuses:
    /// "Accept all" leaves them off, and only a choice made while the signal
    /// is on can grant them. Default: `marketing` when the config defines it.
    pub global_privacy_control: Vec<String>,
    /// The banner and preferences dialog.
    pub ui: Ui,
    /// Consent signals to Google's and Microsoft's tags ([`Signals`]).
    pub signals: Signals,
    /// Whether scripts and frames from known sources are held until their
    /// category is granted (`"autoBlock"`, default `true`).
    pub auto_block: bool,
    /// The site's allowed hosts and own script sources ([`Sources`]).
    pub sources: Sources,
    /// Where each choice, withdrawal and reset is sent as proof of consent
    /// (`"consentLog": { "url": … }`); `None`: nowhere.
    pub consent_log: Option<String>,
    /// The JSON this config was read from (`serde` feature only: what it
    /// serializes to; the script tag does not keep a copy).
    #[cfg(feature = "serde")]
    pub given: Json,
}

/// How the banner and preferences dialog look and speak.
#[derive(Debug, Clone, PartialEq)]
pub struct Ui {
    /// `false` for sites with their own banner, which use the API.
    pub enabled: bool,
    /// Language of the built-in texts; default: the page's `<html lang>`.
    pub language: Option<String>,
    /// Text overrides per language: `(language, [(text key, text)])`.
    pub texts: Vec<(String, Vec<(String, String)>)>,
    /// `auto` (follow `prefers-color-scheme`), `light` or `dark`.
    pub theme: &'static str,
    /// `bar` (bottom bar), `box` (corner box) or `modal` (centred).
    pub position: &'static str,
    /// The small button that reopens the preferences after a choice.
    pub floating_button: bool,
    /// `closed` (default: no page script reaches the banner's elements) or
    /// `open` (a site's own tests can click it; grants still need the
    /// visitor's real click).
    pub shadow_root: &'static str,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            enabled: true,
            language: None,
            texts: Vec::new(),
            theme: "auto",
            position: "bar",
            floating_button: true,
            shadow_root: "closed",
        }
    }
}

/// The texts of the banner and dialog a config may override, per language.
pub const TEXT_KEYS: &[&str] = &[
    "bannerTitle",
    "bannerText",
    "acceptAll",
    "rejectAll",
    "preferences",
    "dialogTitle",
    "dialogText",
    "save",
    "close",
    "settings",
    "alwaysOn",
    "entries",
    "name",
    "provider",
    "retention",
    "necessaryTitle",
    "necessaryText",
    "functionalTitle",
    "functionalText",
    "analyticsTitle",
    "analyticsText",
    "marketingTitle",
    "marketingText",
    "placeholder",
    "placeholderButton",
    "signal",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            revision: 1,
            categories: {
                let mut categories = Vec::new();
                for id in STANDARD_CATEGORIES {
                    categories.push(Category {
                        id: id.into(),
                        required: id == "necessary",
                        title: None,
                        description: None,
                    });
                }
                categories
            },
            rules: Vec::new(),
            unknown: UnknownPolicy::Keep,
            consent_cookie: ConsentCookie { name: "consent_agent".into(), domain: None, max_age_days: 182 },
            platforms: Vec::new(),
            catalog: true,
            reload_on_withdraw: false,
            allow_script_grants: false,
            global_privacy_control: vec!["marketing".into()],
            ui: Ui::default(),
            signals: Signals { google: None, microsoft: true, clarity: true },
            auto_block: true,
            sources: Sources::default(),
            consent_log: None,
            #[cfg(feature = "serde")]
            given: Json::Object(Vec::new()),
        }
    }
}

impl Config {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Validates a parsed JSON configuration. Always returns a usable config;
    /// the list of errors is empty only when the whole input was valid.
    pub fn from_json(json: &Json) -> (Config, Vec<ConfigError>) {
        let mut v = Validator::default();
        #[allow(unused_mut)]
        let mut config = v.config(json);
        #[cfg(feature = "serde")]
        {
            config.given = json.clone();
        }
        (config, v.errors)
    }

    /// Parses and validates JSON text (command-line tool and native tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_text(text: &str) -> (Config, Vec<ConfigError>) {
        match crate::json::parse(text) {
            Ok(json) => Config::from_json(&json),
            Err(message) => {
                (Config::default(), vec![ConfigError { path: String::new(), problem: Problem::NotJson(message) }])
            }
        }
    }
}
