//! The site's configuration: categories, rules, and how the consent record is
//! stored, validated field by field.
//!
//! Validation never stops at the first problem and never fails to produce a
//! configuration: every error names the exact field
//! (`rules[2].category: unknown category "analytic"`), and the caller gets a
//! usable [`Config`] built from whatever was valid. A page that receives any
//! error enforces fail-closed (only required categories allowed), see
//! [`crate::engine::Engine`].

mod signals;
use crate::catalog;
use crate::json::Json;
use crate::pattern::Storage;
use crate::sources::{self, Sources};
pub use signals::{GoogleConsentMode, Signals, GOOGLE_TYPES};
use std::fmt;

/// The category ids used when a configuration lists none, and by the catalog.
pub const STANDARD_CATEGORIES: [&str; 4] = ["necessary", "functional", "analytics", "marketing"];

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

/// A validated configuration.
#[derive(Debug, Clone, PartialEq)]
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
    /// Enabled platform packs (ids from [`catalog::PLATFORMS`]).
    pub platforms: Vec<&'static str>,
    /// Whether the built-in catalog classifies entries.
    pub catalog: bool,
    /// Whether withdrawing a category whose gated scripts already ran reloads
    /// the page (scripts cannot be un-run); default `false`.
    pub reload_on_withdraw: bool,
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
}

impl Default for Ui {
    fn default() -> Self {
        Ui { enabled: true, language: None, texts: Vec::new(), theme: "auto", position: "bar", floating_button: true }
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
            categories: STANDARD_CATEGORIES
                .iter()
                .map(|id| Category { id: id.to_string(), required: *id == "necessary", title: None, description: None })
                .collect(),
            rules: Vec::new(),
            unknown: UnknownPolicy::Keep,
            consent_cookie: ConsentCookie { name: "consent_agent".into(), domain: None, max_age_days: 182 },
            platforms: Vec::new(),
            catalog: true,
            reload_on_withdraw: false,
            global_privacy_control: vec!["marketing".into()],
            ui: Ui::default(),
            signals: Signals { google: None, microsoft: true, clarity: true },
            auto_block: true,
            sources: Sources::default(),
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
        let mut v = Validator { errors: Vec::new() };
        let config = v.config(json);
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

/// One problem in a configuration, at an exact field.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The field, written as in JavaScript: `rules[2].category`; empty for the whole document.
    pub path: String,
    /// What is wrong there.
    pub problem: Problem,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The text is not JSON at all (or could not be loaded).
    NotJson(String),
    /// The value has the wrong JSON type.
    WrongType {
        /// What the field must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },
    /// A member this version does not know; usually a typo.
    UnknownField {
        /// The members allowed at that place.
        allowed: &'static [&'static str],
    },
    /// A rule names a category that `categories` does not define.
    UnknownCategory(String),
    /// Two categories share an id.
    DuplicateCategory(String),
    /// An id with characters other than ASCII letters, digits, `_`, `-`, or too long.
    InvalidId(String),
    /// `categories` is empty.
    NoCategories,
    /// A number that must be whole and within range is not.
    OutOfRange {
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// A string that must be one of a few words is not.
    NotOneOf {
        /// The words allowed.
        allowed: &'static [&'static str],
    },
    /// An empty name pattern.
    EmptyPattern,
    /// A pattern or cookie name with a character cookies cannot carry.
    ForbiddenCharacter(char),
    /// A platform pack id that does not exist.
    UnknownPlatform(String),
    /// A required category listed where only refusable ones make sense.
    RequiredCategory(String),
    /// A Google Consent Mode region that is not an ISO 3166 code.
    InvalidRegion(String),
    /// A script or frame source pattern that is empty or has spaces.
    InvalidSource(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "config: {}", self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[&str]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "\"{item}\"")?;
    }
    Ok(())
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotJson(m) => f.write_str(m),
            Problem::WrongType { expected, found } => write!(f, "must be {expected}, not {found}"),
            Problem::UnknownField { allowed } => {
                f.write_str("unknown field (allowed: ")?;
                write_list(f, allowed)?;
                f.write_str(")")
            }
            Problem::UnknownCategory(id) => write!(f, "unknown category \"{id}\""),
            Problem::DuplicateCategory(id) => write!(f, "category \"{id}\" is defined twice"),
            Problem::InvalidId(id) => {
                write!(f, "invalid id \"{id}\": use 1 to 40 ASCII letters, digits, \"_\" or \"-\"")
            }
            Problem::NoCategories => f.write_str("must list at least one category"),
            Problem::OutOfRange { min, max } => {
                write!(f, "must be a whole number from {min} to {max}")
            }
            Problem::NotOneOf { allowed } => {
                f.write_str("must be one of ")?;
                write_list(f, allowed)
            }
            Problem::EmptyPattern => f.write_str("a name pattern cannot be empty"),
            Problem::ForbiddenCharacter(c) => {
                f.write_str("a cookie name cannot contain ")?;
                match c {
                    ' ' => f.write_str("a space"),
                    c if c.is_whitespace() || c.is_control() => f.write_str("whitespace or control characters"),
                    c => write!(f, "\"{c}\""),
                }
            }
            Problem::RequiredCategory(id) => write!(f, "category \"{id}\" is required, so it cannot be refused"),
            Problem::InvalidSource(pattern) => write!(
                f,
                "invalid source \"{pattern}\": use a host (\"cdn.example.com\"), \"*.example.com\" or \"host/path*\""
            ),
            Problem::InvalidRegion(code) => {
                write!(f, "invalid region \"{code}\": use ISO 3166 codes such as \"ES\" or \"US-CA\"")
            }
            Problem::UnknownPlatform(id) => {
                write!(f, "unknown platform \"{id}\" (known: ")?;
                write_list(f, &catalog::PLATFORMS)?;
                f.write_str(")")
            }
        }
    }
}

const TOP_FIELDS: &[&str] = &[
    "revision",
    "categories",
    "rules",
    "unknown",
    "consentCookie",
    "platforms",
    "catalog",
    "reloadOnWithdraw",
    "globalPrivacyControl",
    "ui",
    "googleConsentMode",
    "microsoftConsentMode",
    "clarityConsent",
    "autoBlock",
];
const AUTO_BLOCK_FIELDS: &[&str] = &["allow"];
const UI_FIELDS: &[&str] = &["enabled", "language", "texts", "theme", "position", "floatingButton"];
const THEMES: &[&str] = &["auto", "light", "dark"];
const POSITIONS: &[&str] = &["bar", "box", "modal"];
const CATEGORY_FIELDS: &[&str] = &["id", "required", "title", "description"];
const RULE_FIELDS: &[&str] =
    &["category", "cookies", "localStorage", "sessionStorage", "scripts", "provider", "purpose", "retention"];
const COOKIE_FIELDS: &[&str] = &["name", "domain", "maxAgeDays"];
const UNKNOWN_VALUES: &[&str] = &["keep", "delete"];

/// Whether `id` is a valid category id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The first character a cookie name cannot contain, if any: separators that
/// `document.cookie` would split on, and controls.
pub fn forbidden_cookie_char(name: &str) -> Option<char> {
    name.chars().find(|&c| c == ';' || c == '=' || c == ',' || c.is_whitespace() || c.is_control())
}

struct Validator {
    errors: Vec<ConfigError>,
}

impl Validator {
    fn error(&mut self, path: &str, problem: Problem) {
        self.errors.push(ConfigError { path: path.to_string(), problem });
    }

    fn check_fields(&mut self, path: &str, members: &[(String, Json)], allowed: &'static [&'static str]) {
        for (key, _) in members {
            if !allowed.contains(&key.as_str()) {
                let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                self.error(&field, Problem::UnknownField { allowed });
            }
        }
    }

    fn object<'a>(&mut self, path: &str, value: &'a Json) -> Option<&'a [(String, Json)]> {
        match value {
            Json::Object(members) => Some(members),
            other => {
                self.error(path, Problem::WrongType { expected: "an object", found: other.kind() });
                None
            }
        }
    }

    fn array<'a>(&mut self, path: &str, value: &'a Json) -> &'a [Json] {
        match value {
            Json::Array(items) => items,
            other => {
                self.error(path, Problem::WrongType { expected: "an array", found: other.kind() });
                &[]
            }
        }
    }

    fn string(&mut self, path: &str, value: &Json) -> Option<String> {
        match value {
            Json::String(s) => Some(s.clone()),
            other => {
                self.error(path, Problem::WrongType { expected: "a string", found: other.kind() });
                None
            }
        }
    }

    fn optional_string(&mut self, path: &str, value: Option<&Json>) -> Option<String> {
        match value {
            None | Some(Json::Null) => None,
            Some(v) => self.string(path, v),
        }
    }

    fn bool(&mut self, path: &str, value: Option<&Json>, default: bool) -> bool {
        match value {
            None => default,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.error(path, Problem::WrongType { expected: "true or false", found: other.kind() });
                default
            }
        }
    }

    fn whole(&mut self, path: &str, value: Option<&Json>, min: u32, max: u32, default: u32) -> u32 {
        match value {
            None => default,
            Some(Json::Number(n)) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => *n as u32,
            Some(Json::Number(_)) => {
                self.error(path, Problem::OutOfRange { min, max });
                default
            }
            Some(other) => {
                self.error(path, Problem::WrongType { expected: "a whole number", found: other.kind() });
                default
            }
        }
    }

    fn config(&mut self, json: &Json) -> Config {
        let mut config = Config::default();
        let Some(members) = self.object("", json) else {
            return config;
        };
        self.check_fields("", members, TOP_FIELDS);
        config.revision = self.whole("revision", json.get("revision"), 0, 1_000_000_000, 1);
        if let Some(categories) = json.get("categories") {
            config.categories = self.categories(categories);
        }
        if let Some(rules) = json.get("rules") {
            config.rules = self.rules(rules, &config.categories);
        }
        if let Some(unknown) = json.get("unknown") {
            match unknown {
                Json::String(s) if s == "keep" => config.unknown = UnknownPolicy::Keep,
                Json::String(s) if s == "delete" => config.unknown = UnknownPolicy::Delete,
                _ => self.error("unknown", Problem::NotOneOf { allowed: UNKNOWN_VALUES }),
            }
        }
        if let Some(cookie) = json.get("consentCookie") {
            self.consent_cookie(cookie, &mut config.consent_cookie);
        }
        if let Some(platforms) = json.get("platforms") {
            for (i, item) in self.array("platforms", platforms).iter().enumerate() {
                let path = format!("platforms[{i}]");
                if let Some(id) = self.string(&path, item) {
                    match catalog::PLATFORMS.iter().find(|p| **p == id) {
                        Some(p) if !config.platforms.contains(p) => config.platforms.push(p),
                        Some(_) => {}
                        None => self.error(&path, Problem::UnknownPlatform(id)),
                    }
                }
            }
        }
        config.catalog = self.bool("catalog", json.get("catalog"), true);
        config.reload_on_withdraw = self.bool("reloadOnWithdraw", json.get("reloadOnWithdraw"), false);
        config.global_privacy_control = match json.get("globalPrivacyControl") {
            Some(value) => self.refusable_categories("globalPrivacyControl", value, &config.categories),
            None => config.category("marketing").map(|c| vec![c.id.clone()]).unwrap_or_default(),
        };
        match json.get("ui") {
            Some(Json::Bool(enabled)) => config.ui.enabled = *enabled,
            Some(ui) => self.ui(ui, &mut config.ui),
            None => {}
        }
        config.signals = self.signals(json, &config.categories);
        match json.get("autoBlock") {
            None => {}
            Some(Json::Bool(on)) => config.auto_block = *on,
            Some(value) => {
                if let Some(members) = self.object("autoBlock", value) {
                    self.check_fields("autoBlock", members, AUTO_BLOCK_FIELDS);
                    if let Some(list) = value.get("allow") {
                        config.sources.allow = self.source_patterns("autoBlock.allow", list);
                    }
                }
            }
        }
        if let Some(Json::Array(rules)) = json.get("rules") {
            for (i, rule) in rules.iter().enumerate() {
                let (Some(list), Some(Json::String(category))) = (rule.get("scripts"), rule.get("category")) else {
                    continue;
                };
                let patterns = self.source_patterns(&format!("rules[{i}].scripts"), list);
                if config.category(category).is_some() {
                    config.sources.site.extend(patterns.into_iter().map(|p| (category.clone(), p)));
                }
            }
        }
        config
    }

    /// A list of script or frame source patterns (`host`, `*.domain`,
    /// `host/path*`, with or without `https://`).
    fn source_patterns(&mut self, path: &str, value: &Json) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, value).iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(pattern) = self.string(&item_path, item) else { continue };
            let bare = sources::normalise(&pattern);
            if bare.is_empty() || bare.starts_with('/') || bare.chars().any(|c| c.is_whitespace() || c.is_control()) {
                self.error(&item_path, Problem::InvalidSource(pattern));
            } else {
                out.push(bare);
            }
        }
        out
    }

    /// A list of ids of defined, not required categories.
    fn refusable_categories(&mut self, path: &str, value: &Json, categories: &[Category]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, value).iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(id) = self.string(&item_path, item) else { continue };
            match categories.iter().find(|c| c.id == id) {
                None => self.error(&item_path, Problem::UnknownCategory(id)),
                Some(c) if c.required => self.error(&item_path, Problem::RequiredCategory(id)),
                Some(_) if !out.contains(&id) => out.push(id),
                Some(_) => {}
            }
        }
        out
    }

    fn categories(&mut self, value: &Json) -> Vec<Category> {
        let mut out: Vec<Category> = Vec::new();
        let items = self.array("categories", value);
        for (i, item) in items.iter().enumerate() {
            let path = format!("categories[{i}]");
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            self.check_fields(&path, members, CATEGORY_FIELDS);
            let id_path = format!("{path}.id");
            let id = match item.get("id") {
                None => {
                    self.error(&id_path, Problem::WrongType { expected: "a string", found: "missing" });
                    continue;
                }
                Some(v) => match self.string(&id_path, v) {
                    Some(id) => id,
                    None => continue,
                },
            };
            if !valid_id(&id) {
                self.error(&id_path, Problem::InvalidId(id));
                continue;
            }
            if out.iter().any(|c| c.id == id) {
                self.error(&id_path, Problem::DuplicateCategory(id));
                continue;
            }
            let required = self.bool(&format!("{path}.required"), item.get("required"), false);
            let title = self.optional_string(&format!("{path}.title"), item.get("title"));
            let description = self.optional_string(&format!("{path}.description"), item.get("description"));
            out.push(Category { id, required, title, description });
        }
        if out.is_empty() {
            if matches!(value, Json::Array(a) if a.is_empty()) {
                self.error("categories", Problem::NoCategories);
            }
            return Config::default().categories;
        }
        out
    }

    fn rules(&mut self, value: &Json, categories: &[Category]) -> Vec<Rule> {
        let mut out = Vec::new();
        for (i, item) in self.array("rules", value).iter().enumerate() {
            let path = format!("rules[{i}]");
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            self.check_fields(&path, members, RULE_FIELDS);
            let category_path = format!("{path}.category");
            let category = match item.get("category") {
                None => {
                    self.error(&category_path, Problem::WrongType { expected: "a string", found: "missing" });
                    None
                }
                Some(v) => self.string(&category_path, v),
            };
            let category = match category {
                Some(c) if categories.iter().any(|k| k.id == c) => Some(c),
                Some(c) => {
                    self.error(&category_path, Problem::UnknownCategory(c));
                    None
                }
                None => None,
            };
            let provider = self.optional_string(&format!("{path}.provider"), item.get("provider"));
            let purpose = self.optional_string(&format!("{path}.purpose"), item.get("purpose"));
            let retention = self.optional_string(&format!("{path}.retention"), item.get("retention"));
            for storage in Storage::ALL {
                let field = if storage == Storage::Cookie { "cookies" } else { storage.as_str() };
                let Some(list) = item.get(field) else {
                    continue;
                };
                let list_path = format!("{path}.{field}");
                for (j, pattern) in self.array(&list_path, list).iter().enumerate() {
                    let pattern_path = format!("{list_path}[{j}]");
                    let Some(pattern) = self.string(&pattern_path, pattern) else {
                        continue;
                    };
                    if pattern.is_empty() {
                        self.error(&pattern_path, Problem::EmptyPattern);
                        continue;
                    }
                    if storage == Storage::Cookie {
                        if let Some(c) = forbidden_cookie_char(&pattern) {
                            self.error(&pattern_path, Problem::ForbiddenCharacter(c));
                            continue;
                        }
                    }
                    if let Some(category) = &category {
                        out.push(Rule {
                            category: category.clone(),
                            storage,
                            pattern,
                            provider: provider.clone(),
                            purpose: purpose.clone(),
                            retention: retention.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    fn one_of(
        &mut self,
        path: &str,
        value: Option<&Json>,
        allowed: &'static [&'static str],
        default: &'static str,
    ) -> &'static str {
        match value {
            None => default,
            Some(Json::String(s)) => match allowed.iter().find(|a| *a == s) {
                Some(a) => a,
                None => {
                    self.error(path, Problem::NotOneOf { allowed });
                    default
                }
            },
            Some(_) => {
                self.error(path, Problem::NotOneOf { allowed });
                default
            }
        }
    }

    /// `ui` is `false`, `true`, or an object of settings.
    fn ui(&mut self, value: &Json, into: &mut Ui) {
        let Some(members) = self.object("ui", value) else { return };
        self.check_fields("ui", members, UI_FIELDS);
        into.enabled = self.bool("ui.enabled", value.get("enabled"), true);
        into.language = self.optional_string("ui.language", value.get("language"));
        into.theme = self.one_of("ui.theme", value.get("theme"), THEMES, "auto");
        into.position = self.one_of("ui.position", value.get("position"), POSITIONS, "bar");
        into.floating_button = self.bool("ui.floatingButton", value.get("floatingButton"), true);
        let Some(texts) = value.get("texts") else { return };
        let Some(languages) = self.object("ui.texts", texts) else { return };
        for (language, table) in languages {
            let path = format!("ui.texts.{language}");
            let Some(entries) = self.object(&path, table) else { continue };
            self.check_fields(&path, entries, TEXT_KEYS);
            let mut list = Vec::new();
            for (key, text) in entries {
                if TEXT_KEYS.contains(&key.as_str()) {
                    if let Some(text) = self.string(&format!("{path}.{key}"), text) {
                        list.push((key.clone(), text));
                    }
                }
            }
            into.texts.push((language.clone(), list));
        }
    }

    fn consent_cookie(&mut self, value: &Json, into: &mut ConsentCookie) {
        let Some(members) = self.object("consentCookie", value) else {
            return;
        };
        self.check_fields("consentCookie", members, COOKIE_FIELDS);
        if let Some(v) = value.get("name") {
            if let Some(name) = self.string("consentCookie.name", v) {
                if name.is_empty() {
                    self.error("consentCookie.name", Problem::EmptyPattern);
                } else if let Some(c) = forbidden_cookie_char(&name).or_else(|| name.chars().find(|&c| c == '*')) {
                    self.error("consentCookie.name", Problem::ForbiddenCharacter(c));
                } else {
                    into.name = name;
                }
            }
        }
        if let Some(domain) = self.optional_string("consentCookie.domain", value.get("domain")) {
            match forbidden_cookie_char(&domain) {
                Some(c) => self.error("consentCookie.domain", Problem::ForbiddenCharacter(c)),
                None if domain.is_empty() => {}
                None => into.domain = Some(domain),
            }
        }
        into.max_age_days = self.whole("consentCookie.maxAgeDays", value.get("maxAgeDays"), 1, 3650, 182);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        Config::from_text(text).1.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn example_config_is_valid() {
        let (config, errs) = Config::from_text(
            r#"{
              "revision": 3,
              "categories": [{ "id": "necessary", "required": true }, { "id": "functional" }, { "id": "analytics" }, { "id": "marketing" }],
              "rules": [{ "category": "analytics", "cookies": ["_ga", "_ga_*"], "localStorage": ["ac_client_*"], "sessionStorage": [] }],
              "unknown": "delete",
              "consentCookie": { "name": "consent_agent", "domain": null, "maxAgeDays": 182 }
            }"#,
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(config.revision, 3);
        assert_eq!(config.rules.len(), 3);
        assert_eq!(config.rules[2].storage, Storage::LocalStorage);
        assert_eq!(config.unknown, UnknownPolicy::Delete);
        assert!(config.categories[0].required);
    }

    #[test]
    fn empty_object_gives_defaults() {
        let (config, errs) = Config::from_text("{}");
        assert!(errs.is_empty());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn global_privacy_control_lists_refusable_categories() {
        let (config, errs) = Config::from_text(r#"{"globalPrivacyControl": ["analytics", "marketing", "analytics"]}"#);
        assert!(errs.is_empty());
        assert_eq!(config.global_privacy_control, ["analytics", "marketing"]);
        let (config, _) =
            Config::from_text(r#"{"categories": [{"id": "necessary", "required": true}, {"id": "ads"}]}"#);
        assert!(config.global_privacy_control.is_empty(), "no marketing category, nothing refused by default");
        let (config, _) = Config::from_text(r#"{"globalPrivacyControl": []}"#);
        assert!(config.global_privacy_control.is_empty(), "a site may ignore the signal");
        assert_eq!(
            errors(r#"{"globalPrivacyControl": ["necessary", "ads", 3]}"#),
            vec![
                r#"globalPrivacyControl[0]: category "necessary" is required, so it cannot be refused"#,
                r#"globalPrivacyControl[1]: unknown category "ads""#,
                "globalPrivacyControl[2]: must be a string, not a number",
            ]
        );
        assert_eq!(
            errors(r#"{"globalPrivacyControl": true}"#),
            vec!["globalPrivacyControl: must be an array, not a boolean"]
        );
    }

    #[test]
    fn unknown_category_names_the_exact_field() {
        let e = errors(
            r#"{"rules": [{"category":"analytics","cookies":["a"]},{"category":"marketing","cookies":["b"]},{"category":"analytic","cookies":["c"]}]}"#,
        );
        assert_eq!(e, vec![r#"rules[2].category: unknown category "analytic""#]);
    }

    #[test]
    fn messages_for_each_kind_of_problem() {
        assert_eq!(errors("[1]"), vec!["config: must be an object, not an array"]);
        assert_eq!(errors("{").len(), 1, "one message for text that is not JSON");
        assert!(errors("{").first().is_some_and(|m| m.starts_with("config: not valid JSON")));
        assert_eq!(errors(r#"{"revision": 1.5}"#), vec!["revision: must be a whole number from 0 to 1000000000"]);
        assert_eq!(errors(r#"{"revision": "2"}"#), vec!["revision: must be a whole number, not a string"]);
        assert_eq!(errors(r#"{"unknown": "drop"}"#), vec![r#"unknown: must be one of "keep", "delete""#]);
        assert_eq!(
            errors(r#"{"rule": []}"#),
            vec![
                r#"rule: unknown field (allowed: "revision", "categories", "rules", "unknown", "consentCookie", "platforms", "catalog", "reloadOnWithdraw", "globalPrivacyControl", "ui", "googleConsentMode", "microsoftConsentMode", "clarityConsent", "autoBlock")"#
            ]
        );
        assert_eq!(errors(r#"{"categories": []}"#), vec!["categories: must list at least one category"]);
        assert_eq!(
            errors(r#"{"categories": [{"id":"a"},{"id":"a"}]}"#),
            vec![r#"categories[1].id: category "a" is defined twice"#]
        );
        assert_eq!(
            errors(r#"{"categories": [{"id":"a b"}]}"#),
            vec![r#"categories[0].id: invalid id "a b": use 1 to 40 ASCII letters, digits, "_" or "-""#]
        );
        assert_eq!(
            errors(r#"{"categories": [{"required":true}]}"#),
            vec!["categories[0].id: must be a string, not missing"]
        );
        assert_eq!(
            errors(r#"{"rules": [{"category":"analytics","cookies":["a;b", ""]}]}"#),
            vec![
                r#"rules[0].cookies[0]: a cookie name cannot contain ";""#,
                "rules[0].cookies[1]: a name pattern cannot be empty"
            ]
        );
        assert_eq!(
            errors(r#"{"rules": [{"category":"analytics","localStorage":"x"}]}"#),
            vec!["rules[0].localStorage: must be an array, not a string"]
        );
        assert_eq!(
            errors(r#"{"consentCookie": {"maxAgeDays": 0}}"#),
            vec!["consentCookie.maxAgeDays: must be a whole number from 1 to 3650"]
        );
        assert_eq!(errors(r#"{"catalog": "no"}"#), vec!["catalog: must be true or false, not a string"]);
        assert!(errors(r#"{"platforms": ["liferay"]}"#)[0]
            .starts_with(r#"platforms[0]: unknown platform "liferay" (known: "liferay-dxp""#));
    }

    #[test]
    fn ui_settings() {
        let (config, errs) = Config::from_text(
            r#"{"ui": {"language": "de", "theme": "dark", "position": "modal", "floatingButton": false,
                "texts": {"de": {"acceptAll": "Alle akzeptieren"}, "en": {"bannerTitle": "<b>Cookies</b>"}}}}"#,
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(config.ui.language.as_deref(), Some("de"));
        assert_eq!((config.ui.theme, config.ui.position, config.ui.floating_button), ("dark", "modal", false));
        assert_eq!(
            config.ui.texts[1],
            ("en".to_string(), vec![("bannerTitle".to_string(), "<b>Cookies</b>".to_string())])
        );
        assert!(!Config::from_text(r#"{"ui": false}"#).0.ui.enabled);
        assert_eq!(errors(r#"{"ui": {"theme": "blue"}}"#), vec![r#"ui.theme: must be one of "auto", "light", "dark""#]);
        assert!(errors(r#"{"ui": {"texts": {"fr": {"acceptEverything": "x"}}}}"#)[0]
            .starts_with(r#"ui.texts.fr.acceptEverything: unknown field (allowed: "bannerTitle""#));
        assert_eq!(
            errors(r#"{"ui": {"texts": {"fr": {"save": 1}}}}"#),
            vec!["ui.texts.fr.save: must be a string, not a number"]
        );
    }

    #[test]
    fn storage_patterns_may_contain_cookie_separators() {
        let (config, errs) = Config::from_text(r#"{"rules": [{"category":"functional","localStorage":["a=b; c"]}]}"#);
        assert!(errs.is_empty());
        assert_eq!(config.rules[0].pattern, "a=b; c");
    }

    #[test]
    fn valid_parts_survive_errors() {
        let (config, errs) = Config::from_text(
            r#"{"rules": [{"category":"nope","cookies":["x"]},{"category":"analytics","cookies":["y"]}], "consentCookie": {"name": "my consent"}}"#,
        );
        assert_eq!(errs.len(), 2);
        assert_eq!(config.rules.len(), 1);
        assert_eq!(config.rules[0].pattern, "y");
        assert_eq!(config.consent_cookie.name, "consent_agent");
    }

    #[test]
    fn consent_signal_settings() {
        let (config, problems) = Config::from_text(r#"{"googleConsentMode": true}"#);
        assert!(problems.is_empty());
        let google = config.signals.google.expect("on");
        assert_eq!(google.wait_for_update, 500);
        assert!(google.ads_data_redaction && !google.url_passthrough && google.region.is_none());
        assert_eq!(Config::from_text("{}").0.signals.google, None);
        assert_eq!(
            errors(r#"{"googleConsentMode": {"ad_storage": ["marketin"], "region": ["ES", "no way"], "wait": 1}}"#),
            vec![
                r#"googleConsentMode.wait: unknown field (allowed: "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage", "waitForUpdate", "adsDataRedaction", "urlPassthrough", "region")"#,
                r#"googleConsentMode.ad_storage[0]: unknown category "marketin""#,
                r#"googleConsentMode.region[1]: invalid region "no way": use ISO 3166 codes such as "ES" or "US-CA""#,
            ]
        );
        assert_eq!(errors(r#"{"clarityConsent": "yes"}"#), vec!["clarityConsent: must be true or false, not a string"]);
    }

    #[test]
    fn auto_block_settings() {
        let (config, problems) = Config::from_text(
            r#"{"autoBlock": {"allow": ["https://www.googletagmanager.com"]},
                "rules": [{"category": "analytics", "scripts": ["https://cdn.example-analytics.com/*"]}]}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(config.auto_block);
        assert_eq!(config.sources.allow, ["www.googletagmanager.com"]);
        assert_eq!(config.sources.site, [("analytics".to_string(), "cdn.example-analytics.com/*".to_string())]);
        assert!(!Config::from_text(r#"{"autoBlock": false}"#).0.auto_block);
        assert_eq!(
            errors(r#"{"autoBlock": {"alow": []}, "rules": [{"category": "analytics", "scripts": ["", "a b"]}]}"#),
            vec![
                r#"autoBlock.alow: unknown field (allowed: "allow")"#,
                r#"rules[0].scripts[0]: invalid source "": use a host ("cdn.example.com"), "*.example.com" or "host/path*""#,
                r#"rules[0].scripts[1]: invalid source "a b": use a host ("cdn.example.com"), "*.example.com" or "host/path*""#,
            ]
        );
    }
}
