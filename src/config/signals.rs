//! The consent signals the agent sends to tags a site already runs: Google
//! Consent Mode v2 (`gtag('consent', …)` on `window.dataLayer`), Microsoft
//! UET (`window.uetq`) and Microsoft Clarity (`clarity('consentv2', …)`).
//! This part of the config says which of the site's categories grant each
//! signal; `src/web/signals.js` sends them.

use super::validate::Validator;
use super::{Category, Problem};
use crate::json::Json;
use crate::prelude::*;

/// Google's consent types, each granted when every listed category is
/// granted, with the categories that grant it by default.
pub const GOOGLE_TYPES: [(&str, &[&str]); 7] = [
    ("ad_storage", &["marketing"]),
    ("ad_user_data", &["marketing"]),
    ("ad_personalization", &["marketing"]),
    ("analytics_storage", &["analytics"]),
    ("functionality_storage", &["functional"]),
    ("personalization_storage", &["functional"]),
    ("security_storage", &[]),
];

/// Google Consent Mode v2 settings (`"googleConsentMode"`).
#[derive(Debug, Clone, PartialEq)]
pub struct GoogleConsentMode {
    /// Per consent type (Google's names, in [`GOOGLE_TYPES`] order), the
    /// categories that must all be granted for it to be `granted`; an
    /// empty list means always granted.
    pub types: Vec<(&'static str, Vec<String>)>,
    /// `wait_for_update` in the `default` command: how long Google's tags
    /// wait for an update, in milliseconds (default 500).
    pub wait_for_update: u32,
    /// `set('ads_data_redaction', …)`: redact ad click ids while
    /// `ad_storage` is denied (default `true`).
    pub ads_data_redaction: bool,
    /// `set('url_passthrough', …)` (default `false`).
    pub url_passthrough: bool,
    /// `region` of the `default` command: ISO 3166-2 codes it applies to;
    /// `None` applies everywhere.
    pub region: Option<Vec<String>>,
}

/// Which signals the agent sends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signals {
    /// Google Consent Mode v2; `None` (the default) sends nothing to Google's tags.
    pub google: Option<GoogleConsentMode>,
    /// Microsoft UET consent mode (`window.uetq`), from `ad_storage`'s
    /// categories (Google's mapping, or `marketing`); default `true`.
    pub microsoft: bool,
    /// Microsoft Clarity's `consentv2` call; default `true`.
    pub clarity: bool,
}

impl GoogleConsentMode {
    /// The defaults of the issue and Google's documentation, for the
    /// categories a config has (a type whose default category does not
    /// exist in the config maps to nothing, so it is always granted only if
    /// it was meant to be: `security_storage`).
    pub fn defaults() -> GoogleConsentMode {
        let mut types = Vec::new();
        for (t, categories) in GOOGLE_TYPES {
            let mut needed = Vec::new();
            for c in categories {
                needed.push(String::from(*c));
            }
            types.push((t, needed));
        }
        GoogleConsentMode {
            types,
            wait_for_update: 500,
            ads_data_redaction: true,
            url_passthrough: false,
            region: None,
        }
    }

    /// The categories `ad_storage` needs.
    pub fn ad_storage(&self) -> &[String] {
        self.types.iter().find(|(t, _)| *t == "ad_storage").map(|(_, c)| c.as_slice()).unwrap_or_default()
    }
}

/// A category id no config can define (ids are ASCII letters, digits, `_`
/// and `-`): a consent type mapped to it is never granted. Used where a
/// type's default category is missing from the config, or a listed one is
/// unknown, so the signal fails closed.
pub const NEVER: &str = "\u{0}never";

impl Validator {
    /// `googleConsentMode`, `microsoftConsentMode` and `clarityConsent`.
    pub(super) fn signals(&mut self, json: &Json, categories: &[Category]) -> Signals {
        let mut signals = Signals {
            google: None,
            microsoft: self.bool("microsoftConsentMode", json.get("microsoftConsentMode"), true),
            clarity: self.bool("clarityConsent", json.get("clarityConsent"), true),
        };
        match json.get("googleConsentMode") {
            None | Some(Json::Bool(false)) | Some(Json::Null) => {}
            Some(Json::Bool(true)) => signals.google = Some(self.google_defaults(categories)),
            Some(value) => signals.google = self.google(value, categories),
        }
        signals
    }

    fn google_defaults(&mut self, categories: &[Category]) -> GoogleConsentMode {
        let mut google = GoogleConsentMode::defaults();
        // A default category the config does not define: refuse the type
        // rather than grant it (the category can never be granted).
        for (_, needed) in &mut google.types {
            if needed.iter().any(|c| !categories.iter().any(|k| &k.id == c)) {
                *needed = vec![String::from(NEVER)];
            }
        }
        google
    }

    fn google(&mut self, value: &Json, categories: &[Category]) -> Option<GoogleConsentMode> {
        const PATH: &str = "googleConsentMode";
        let members = self.object(PATH, value)?;
        self.check_fields(PATH, members, GOOGLE_FIELDS);
        let mut google = self.google_defaults(categories);
        for (name, needed) in &mut google.types {
            let path = crate::text::member(PATH, name);
            let Some(list) = value.get(name) else { continue };
            let mut ids = Vec::new();
            for (i, item) in self.array(&path, list).iter().enumerate() {
                let item_path = crate::text::item(&path, i);
                let Some(id) = self.string(&item_path, item) else { continue };
                if categories.iter().any(|c| c.id == id) {
                    ids.push(id);
                } else {
                    self.error(&item_path, Problem::UnknownCategory(id));
                    ids.push(String::from(NEVER)); // fail closed: never granted
                }
            }
            *needed = ids;
        }
        google.wait_for_update =
            self.whole("googleConsentMode.waitForUpdate", value.get("waitForUpdate"), WAIT_RANGE.0, WAIT_RANGE.1, 500);
        google.ads_data_redaction =
            self.bool("googleConsentMode.adsDataRedaction", value.get("adsDataRedaction"), true);
        google.url_passthrough = self.bool("googleConsentMode.urlPassthrough", value.get("urlPassthrough"), false);
        match value.get("region") {
            None | Some(Json::Null) => {}
            Some(list) => {
                let mut codes = Vec::new();
                for (i, item) in self.array("googleConsentMode.region", list).iter().enumerate() {
                    let path = crate::text::item("googleConsentMode.region", i);
                    if let Some(code) = self.string(&path, item) {
                        if code.is_empty()
                            || code.len() > 6
                            || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        {
                            self.error(&path, Problem::InvalidRegion(code));
                        } else {
                            codes.push(code);
                        }
                    }
                }
                google.region = Some(codes);
            }
        }
        Some(google)
    }
}

/// Allowed `googleConsentMode.waitForUpdate` values, in milliseconds.
pub(super) const WAIT_RANGE: (u32, u32) = (0, 60_000);

/// Every field `googleConsentMode` may hold, for the unknown-field message.
pub(super) const GOOGLE_FIELDS: &[&str] = &[
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
    "waitForUpdate",
    "adsDataRedaction",
    "urlPassthrough",
    "region",
];
