//! Reading a configuration field by field: every problem is collected with
//! its exact path, and whatever was valid is kept.

use super::{Category, Config, ConfigError, Problem, Rule, UnknownPolicy};
use crate::catalog;
use crate::json::Json;
use crate::pattern::Storage;
use crate::prelude::*;
use crate::sources;
use crate::text;

pub(super) const TOP_FIELDS: &[&str] = &[
    "revision",
    "categories",
    "rules",
    "unknown",
    "consentCookie",
    "platforms",
    "catalog",
    "reloadOnWithdraw",
    "allowScriptGrants",
    "globalPrivacyControl",
    "ui",
    "googleConsentMode",
    "microsoftConsentMode",
    "clarityConsent",
    "autoBlock",
    "consentLog",
    "$schema",
];
pub(super) const CONSENT_LOG_FIELDS: &[&str] = &["url"];
pub(super) const AUTO_BLOCK_FIELDS: &[&str] = &["allow"];
pub(super) const CATEGORY_FIELDS: &[&str] = &["id", "required", "title", "description"];
pub(super) const RULE_FIELDS: &[&str] = &[
    "category",
    "cookies",
    "localStorage",
    "sessionStorage",
    "indexedDB",
    "scripts",
    "provider",
    "purpose",
    "retention",
];
pub(super) const UNKNOWN_VALUES: &[&str] = &["keep", "delete"];
/// Allowed `revision` values (smallest, largest).
pub(super) const REVISION_RANGE: (u32, u32) = (0, 1_000_000_000);

/// Whether `id` is a valid category id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The first character a cookie name cannot contain, if any: separators that
/// `document.cookie` would split on, and controls.
pub fn forbidden_cookie_char(name: &str) -> Option<char> {
    name.chars().find(|&c| c == ';' || c == '=' || c == ',' || c.is_whitespace() || c.is_control())
}

/// Reads a [`Json`] value into a [`Config`], collecting every problem.
#[derive(Default)]
pub(super) struct Validator {
    pub(super) errors: Vec<ConfigError>,
}

impl Validator {
    pub(super) fn error(&mut self, path: &str, problem: Problem) {
        self.errors.push(ConfigError { path: path.to_string(), problem });
    }

    pub(super) fn check_fields(&mut self, path: &str, members: &[(String, Json)], allowed: &'static [&'static str]) {
        for (key, _) in members {
            if !allowed.contains(&key.as_str()) {
                let field = text::member(path, key);
                self.error(&field, Problem::UnknownField { allowed });
            }
        }
    }

    pub(super) fn object<'a>(&mut self, path: &str, value: &'a Json) -> Option<&'a [(String, Json)]> {
        match value {
            Json::Object(members) => Some(members),
            other => {
                self.error(path, Problem::WrongType { expected: "an object", found: other.kind() });
                None
            }
        }
    }

    pub(super) fn array<'a>(&mut self, path: &str, value: &'a Json) -> &'a [Json] {
        match value {
            Json::Array(items) => items,
            other => {
                self.error(path, Problem::WrongType { expected: "an array", found: other.kind() });
                &[]
            }
        }
    }

    pub(super) fn string(&mut self, path: &str, value: &Json) -> Option<String> {
        match value {
            Json::String(s) => Some(s.clone()),
            other => {
                self.error(path, Problem::WrongType { expected: "a string", found: other.kind() });
                None
            }
        }
    }

    pub(super) fn optional_string(&mut self, path: &str, value: Option<&Json>) -> Option<String> {
        match value {
            None | Some(Json::Null) => None,
            Some(v) => self.string(path, v),
        }
    }

    pub(super) fn bool(&mut self, path: &str, value: Option<&Json>, default: bool) -> bool {
        match value {
            None => default,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.error(path, Problem::WrongType { expected: "true or false", found: other.kind() });
                default
            }
        }
    }

    pub(super) fn whole(&mut self, path: &str, value: Option<&Json>, min: u32, max: u32, default: u32) -> u32 {
        match value {
            None => default,
            Some(Json::Number(n)) if *n >= min as f64 && *n <= max as f64 && f64::from(*n as u32) == *n => *n as u32,
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

    pub(super) fn config(&mut self, json: &Json) -> Config {
        let mut config = Config::default();
        let Some(members) = self.object("", json) else {
            return config;
        };
        self.check_fields("", members, TOP_FIELDS);
        config.revision = self.whole("revision", json.get("revision"), REVISION_RANGE.0, REVISION_RANGE.1, 1);
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
                let path = text::item("platforms", i);
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
        config.allow_script_grants = self.bool("allowScriptGrants", json.get("allowScriptGrants"), false);
        config.global_privacy_control = match json.get("globalPrivacyControl") {
            Some(value) => self.refusable_categories("globalPrivacyControl", value, &config.categories),
            None => {
                config.category("marketing").filter(|c| !c.required).map(|c| vec![c.id.clone()]).unwrap_or_default()
            }
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
        if let Some(log) = json.get("consentLog") {
            if let Some(members) = self.object("consentLog", log) {
                self.check_fields("consentLog", members, CONSENT_LOG_FIELDS);
                match log.get("url") {
                    Some(url) => match self.string("consentLog.url", url) {
                        Some(url) if url.trim().is_empty() || url.chars().any(char::is_whitespace) => {
                            self.error("consentLog.url", Problem::InvalidUrl(url))
                        }
                        Some(url) => config.consent_log = Some(url),
                        None => {}
                    },
                    None => self.error("consentLog.url", Problem::WrongType { expected: "a string", found: "missing" }),
                }
            }
        }
        if let Some(schema) = json.get("$schema") {
            self.string("$schema", schema);
        }
        if let Some(Json::Array(rules)) = json.get("rules") {
            for (i, rule) in rules.iter().enumerate() {
                let (Some(list), Some(Json::String(category))) = (rule.get("scripts"), rule.get("category")) else {
                    continue;
                };
                let patterns = self.source_patterns(&text::member(&text::item("rules", i), "scripts"), list);
                if config.category(category).is_some() {
                    for pattern in patterns {
                        config.sources.site.push((category.clone(), pattern));
                    }
                }
            }
        }
        config
    }

    /// A list of script or frame source patterns (`host`, `*.domain`,
    /// `host/path*`, with or without `https://`).
    pub(super) fn source_patterns(&mut self, path: &str, value: &Json) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, value).iter().enumerate() {
            let item_path = text::item(path, i);
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
    pub(super) fn refusable_categories(&mut self, path: &str, value: &Json, categories: &[Category]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, value).iter().enumerate() {
            let item_path = text::item(path, i);
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

    pub(super) fn categories(&mut self, value: &Json) -> Vec<Category> {
        let mut out: Vec<Category> = Vec::new();
        let items = self.array("categories", value);
        for (i, item) in items.iter().enumerate() {
            let path = text::item("categories", i);
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            self.check_fields(&path, members, CATEGORY_FIELDS);
            let id_path = text::member(&path, "id");
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
            let required = self.bool(&text::member(&path, "required"), item.get("required"), false);
            let title = self.optional_string(&text::member(&path, "title"), item.get("title"));
            let description = self.optional_string(&text::member(&path, "description"), item.get("description"));
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

    pub(super) fn rules(&mut self, value: &Json, categories: &[Category]) -> Vec<Rule> {
        let mut out = Vec::new();
        for (i, item) in self.array("rules", value).iter().enumerate() {
            let path = text::item("rules", i);
            let Some(members) = self.object(&path, item) else {
                continue;
            };
            self.check_fields(&path, members, RULE_FIELDS);
            let category_path = text::member(&path, "category");
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
            let provider = self.optional_string(&text::member(&path, "provider"), item.get("provider"));
            let purpose = self.optional_string(&text::member(&path, "purpose"), item.get("purpose"));
            let retention = self.optional_string(&text::member(&path, "retention"), item.get("retention"));
            for storage in Storage::ALL {
                let field = if storage == Storage::Cookie { "cookies" } else { storage.as_str() };
                let Some(list) = item.get(field) else {
                    continue;
                };
                let list_path = text::member(&path, field);
                for (j, pattern) in self.array(&list_path, list).iter().enumerate() {
                    let pattern_path = text::item(&list_path, j);
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

    pub(super) fn one_of(
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
}
