//! The visitor-facing settings of a configuration: the banner and dialog
//! (`ui`) and the cookie that keeps the consent record (`consentCookie`).

use super::validate::{forbidden_cookie_char, Validator};
use super::{ConsentCookie, Problem, Ui, TEXT_KEYS};
use crate::json::Json;
use crate::prelude::*;
use crate::text;

pub(super) const UI_FIELDS: &[&str] =
    &["enabled", "language", "texts", "theme", "position", "floatingButton", "shadowRoot"];
pub(super) const THEMES: &[&str] = &["auto", "light", "dark"];
pub(super) const POSITIONS: &[&str] = &["bar", "box", "modal"];
pub(super) const SHADOW_ROOTS: &[&str] = &["closed", "open"];
pub(super) const COOKIE_FIELDS: &[&str] = &["name", "domain", "maxAgeDays"];
/// Allowed `consentCookie.maxAgeDays` values.
pub(super) const MAX_AGE_RANGE: (u32, u32) = (1, 3650);

impl Validator {
    /// `ui` is `false`, `true`, or an object of settings.
    pub(super) fn ui(&mut self, value: &Json, into: &mut Ui) {
        let Some(members) = self.object("ui", value) else { return };
        self.check_fields("ui", members, UI_FIELDS);
        into.enabled = self.bool("ui.enabled", value.get("enabled"), true);
        into.language = self.optional_string("ui.language", value.get("language"));
        into.theme = self.one_of("ui.theme", value.get("theme"), THEMES, "auto");
        into.position = self.one_of("ui.position", value.get("position"), POSITIONS, "bar");
        into.floating_button = self.bool("ui.floatingButton", value.get("floatingButton"), true);
        into.shadow_root = self.one_of("ui.shadowRoot", value.get("shadowRoot"), SHADOW_ROOTS, "closed");
        let Some(texts) = value.get("texts") else { return };
        let Some(languages) = self.object("ui.texts", texts) else { return };
        for (language, table) in languages {
            let path = text::member("ui.texts", language);
            let Some(entries) = self.object(&path, table) else { continue };
            self.check_fields(&path, entries, TEXT_KEYS);
            let mut list = Vec::new();
            for (key, text) in entries {
                if TEXT_KEYS.contains(&key.as_str()) {
                    if let Some(text) = self.string(&text::member(&path, key), text) {
                        list.push((key.clone(), text));
                    }
                }
            }
            into.texts.push((language.clone(), list));
        }
    }

    /// `consentCookie`: the record cookie's name, domain and lifetime.
    pub(super) fn consent_cookie(&mut self, value: &Json, into: &mut ConsentCookie) {
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
        into.max_age_days =
            self.whole("consentCookie.maxAgeDays", value.get("maxAgeDays"), MAX_AGE_RANGE.0, MAX_AGE_RANGE.1, 182);
    }
}
