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
    let (config, _) = Config::from_text(r#"{"categories": [{"id": "necessary", "required": true}, {"id": "ads"}]}"#);
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
    assert_eq!(errors("{"), vec!["config: not valid JSON: EOF while parsing an object at line 1 column 1"]);
    assert_eq!(errors(r#"{"revision": 1.5}"#), vec!["revision: must be a whole number from 0 to 1000000000"]);
    assert_eq!(errors(r#"{"revision": "2"}"#), vec!["revision: must be a whole number, not a string"]);
    assert_eq!(errors(r#"{"unknown": "drop"}"#), vec![r#"unknown: must be one of "keep", "delete""#]);
    assert_eq!(
        errors(r#"{"rule": []}"#),
        vec![
            r#"rule: unknown field (allowed: "revision", "categories", "rules", "unknown", "consentCookie", "platforms", "catalog", "reloadOnWithdraw", "allowScriptGrants", "globalPrivacyControl", "ui", "googleConsentMode", "microsoftConsentMode", "clarityConsent", "autoBlock", "consentLog", "$schema")"#
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
    assert_eq!(config.ui.texts[1], ("en".to_string(), vec![("bannerTitle".to_string(), "<b>Cookies</b>".to_string())]));
    assert!(!Config::from_text(r#"{"ui": false}"#).0.ui.enabled);
    assert_eq!(errors(r#"{"ui": {"theme": "blue"}}"#), vec![r#"ui.theme: must be one of "auto", "light", "dark""#]);
    assert_eq!(config.ui.shadow_root, "closed", "closed unless a site opens it");
    assert_eq!(Config::from_text(r#"{"ui": {"shadowRoot": "open"}}"#).0.ui.shadow_root, "open");
    assert_eq!(errors(r#"{"ui": {"shadowRoot": true}}"#).len(), 1);
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

#[test]
fn consent_log_and_schema_reference() {
    let (config, problems) = Config::from_text(
        r#"{"$schema": "./node_modules/consent-agent/schema.json", "consentLog": {"url": "/consent-log"}}"#,
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config.consent_log.as_deref(), Some("/consent-log"));
    assert_eq!(Config::default().consent_log, None);
    assert_eq!(
        errors(r#"{"consentLog": {"url": " "}}"#),
        vec![r#"consentLog.url: invalid address " ": use a URL such as "/consent-log""#]
    );
    assert_eq!(errors(r#"{"consentLog": {}}"#), vec!["consentLog.url: must be a string, not missing"]);
    assert_eq!(errors(r#"{"$schema": 1}"#), vec!["$schema: must be a string, not a number"]);
}
