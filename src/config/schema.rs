//! The config's JSON Schema (draft 2020-12), generated from the lists and
//! ranges the validator checks with (`validate.rs`, `signals.rs`), so an
//! editor completing a config and the agent reading it agree on every field
//! name, enumeration and range. `consent-agent schema` prints it; `build.sh`
//! ships it as `schema.json` in the npm package.
//!
//! What a schema cannot say, and only the agent and `consent-agent check`
//! report: a rule naming a category the config does not define, two
//! categories with one id, a required category listed in
//! `globalPrivacyControl`. Native only: the browser never needs it.

use super::settings::{COOKIE_FIELDS, MAX_AGE_RANGE, POSITIONS, SHADOW_ROOTS, THEMES, UI_FIELDS};
use super::signals::{GOOGLE_FIELDS, WAIT_RANGE};
use super::validate::*;
use super::{GOOGLE_TYPES, TEXT_KEYS};
use crate::catalog::PLATFORMS;
use crate::json::Json;

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}
fn text(s: &str) -> Json {
    Json::str(s)
}
fn kind(t: &str) -> Json {
    obj(vec![("type", text(t))])
}
fn described(mut schema: Json, description: &str) -> Json {
    if let Json::Object(members) = &mut schema {
        members.insert(0, ("description".into(), text(description)));
    }
    schema
}
fn one_of_words(words: &[&str]) -> Json {
    obj(vec![("enum", Json::Array(words.iter().map(|w| text(w)).collect()))])
}
fn whole(range: (u32, u32), default: u32) -> Json {
    obj(vec![
        ("type", text("integer")),
        ("minimum", Json::Number(range.0 as f64)),
        ("maximum", Json::Number(range.1 as f64)),
        ("default", Json::Number(default as f64)),
    ])
}
fn list(items: Json) -> Json {
    obj(vec![("type", text("array")), ("items", items)])
}
fn string_or_null() -> Json {
    obj(vec![("type", Json::Array(vec![text("string"), text("null")]))])
}
fn pattern(regex: &str) -> Json {
    obj(vec![("type", text("string")), ("pattern", text(regex))])
}
/// An object with exactly `fields`, each described by `fragment`.
fn object(fields: &[&str], fragment: impl Fn(&str) -> Option<Json>, required: &[&str]) -> Json {
    let properties = fields.iter().map(|f| (f.to_string(), fragment(f).unwrap_or(Json::Null))).collect();
    let mut members = vec![
        ("type", text("object")),
        ("properties", Json::Object(properties)),
        ("additionalProperties", Json::Bool(false)),
    ];
    if !required.is_empty() {
        members.push(("required", Json::Array(required.iter().map(|r| text(r)).collect())));
    }
    obj(members)
}
fn bool_or(object: Json) -> Json {
    obj(vec![("oneOf", Json::Array(vec![kind("boolean"), object]))])
}

/// Category ids: what [`valid_id`](super::valid_id) accepts.
const ID: &str = "^[A-Za-z0-9_-]{1,40}$";
/// Cookie names and patterns: no separators, whitespace or controls
/// ([`forbidden_cookie_char`](super::forbidden_cookie_char)).
const COOKIE_NAME: &str = "^[^;=,\\s\\u0000-\\u001f\\u007f]+$";

fn category(field: &str) -> Option<Json> {
    Some(match field {
        "id" => pattern(ID),
        "required" => kind("boolean"),
        "title" | "description" => string_or_null(),
        _ => return None,
    })
}

fn rule(field: &str) -> Option<Json> {
    Some(match field {
        "category" => kind("string"),
        "cookies" => list(pattern(COOKIE_NAME)),
        "localStorage" | "sessionStorage" | "indexedDB" => {
            list(obj(vec![("type", text("string")), ("minLength", Json::Number(1.0))]))
        }
        "scripts" => described(list(pattern("^\\S+$")), "script and frame sources held until the category is granted"),
        "provider" | "purpose" | "retention" => string_or_null(),
        _ => return None,
    })
}

fn ui(field: &str) -> Option<Json> {
    Some(match field {
        "enabled" | "floatingButton" => kind("boolean"),
        "language" => string_or_null(),
        "texts" => obj(vec![
            ("type", text("object")),
            ("additionalProperties", object(TEXT_KEYS, |_| Some(kind("string")), &[])),
        ]),
        "theme" => one_of_words(THEMES),
        "position" => one_of_words(POSITIONS),
        "shadowRoot" => one_of_words(SHADOW_ROOTS),
        _ => return None,
    })
}

fn google(field: &str) -> Option<Json> {
    if GOOGLE_TYPES.iter().any(|(t, _)| *t == field) {
        return Some(described(list(kind("string")), "categories that must all be granted (empty: always granted)"));
    }
    Some(match field {
        "waitForUpdate" => whole(WAIT_RANGE, 500),
        "adsDataRedaction" | "urlPassthrough" => kind("boolean"),
        "region" => obj(vec![("oneOf", Json::Array(vec![kind("null"), list(pattern("^[A-Za-z0-9-]{1,6}$"))]))]),
        _ => return None,
    })
}

fn top(field: &str) -> Option<Json> {
    Some(match field {
        "$schema" => kind("string"),
        "revision" => described(whole(REVISION_RANGE, 1), "raise it to ask every visitor again"),
        "categories" => obj(vec![
            ("type", text("array")),
            ("minItems", Json::Number(1.0)),
            ("items", object(CATEGORY_FIELDS, category, &["id"])),
        ]),
        "rules" => list(object(RULE_FIELDS, rule, &["category"])),
        "unknown" => one_of_words(UNKNOWN_VALUES),
        "consentCookie" => object(
            COOKIE_FIELDS,
            |f| match f {
                "name" => Some(pattern("^[^;=,*\\s\\u0000-\\u001f\\u007f]+$")),
                "domain" => Some(string_or_null()),
                "maxAgeDays" => Some(whole(MAX_AGE_RANGE, 182)),
                _ => None,
            },
            &[],
        ),
        "platforms" => list(one_of_words(&PLATFORMS)),
        "catalog" | "reloadOnWithdraw" | "allowScriptGrants" | "microsoftConsentMode" | "clarityConsent" => {
            kind("boolean")
        }
        "globalPrivacyControl" => list(kind("string")),
        "ui" => bool_or(object(UI_FIELDS, ui, &[])),
        "googleConsentMode" => bool_or(object(GOOGLE_FIELDS, google, &[])),
        "autoBlock" => bool_or(object(AUTO_BLOCK_FIELDS, |_| Some(list(pattern("^\\S+$"))), &[])),
        "consentLog" => object(CONSENT_LOG_FIELDS, |_| Some(pattern("^\\S+$")), &["url"]),
        _ => return None,
    })
}

/// The fields of the record `consentLog` receives (`src/web/share.js`).
const LOG_FIELDS: &[&str] = &[
    "event",
    "id",
    "granted",
    "denied",
    "revision",
    "decidedAt",
    "expiresAt",
    "page",
    "configRevision",
    "globalPrivacyControl",
    "sentAt",
];

/// The body a `consentLog` address receives, for the site's receiver.
fn consent_log_record() -> Json {
    let date = obj(vec![("type", Json::Array(vec![text("string"), text("null")])), ("format", text("date-time"))]);
    let mut record = object(
        LOG_FIELDS,
        |f| {
            Some(match f {
                "event" => one_of_words(&["choice", "withdrawal", "reset"]),
                "id" => obj(vec![
                    ("type", Json::Array(vec![text("string"), text("null")])),
                    ("pattern", text("^[0-9A-Za-z]{1,64}$")),
                ]),
                "granted" | "denied" => list(pattern(ID)),
                "revision" | "configRevision" => kind("integer"),
                "decidedAt" | "expiresAt" => date.clone(),
                "page" => described(kind("string"), "origin and path of the page, without query or fragment"),
                "globalPrivacyControl" => kind("boolean"),
                "sentAt" => obj(vec![("type", text("string")), ("format", text("date-time"))]),
                _ => return None,
            })
        },
        LOG_FIELDS,
    );
    if let Json::Object(members) = &mut record {
        members.insert(0, ("title".into(), text("the record a consentLog address receives (POST, JSON)")));
    }
    record
}

/// The schema as a JSON value.
pub fn schema() -> Json {
    let mut root = object(TOP_FIELDS, top, &[]);
    if let Json::Object(members) = &mut root {
        members.splice(
            0..0,
            [
                ("$schema".to_string(), text("https://json-schema.org/draft/2020-12/schema")),
                ("$id".to_string(), text("https://unpkg.com/consent-agent/schema.json")),
                ("title".to_string(), text("consent-agent configuration")),
            ],
        );
        members.push(("$defs".into(), obj(vec![("consentLogRecord", consent_log_record())])));
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No field the validator accepts is missing from the schema (a
    /// fragment that is `null` means someone added a field to one and not
    /// the other).
    #[test]
    fn every_field_the_validator_reads_has_a_schema() {
        fn walk(path: &str, value: &Json) {
            match value {
                Json::Null => panic!("{path}: no schema for this field"),
                Json::Object(members) => members.iter().for_each(|(k, v)| walk(&format!("{path}.{k}"), v)),
                Json::Array(items) => items.iter().for_each(|v| walk(path, v)),
                _ => {}
            }
        }
        walk("schema", &schema());
        let text = schema().to_text();
        for field in TOP_FIELDS.iter().chain(RULE_FIELDS).chain(UI_FIELDS).chain(GOOGLE_FIELDS).chain(TEXT_KEYS) {
            assert!(text.contains(&format!("\"{field}\":")), "{field}");
        }
    }
}
