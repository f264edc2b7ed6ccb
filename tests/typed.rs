//! Browser tests of the `serde` feature's typed API (`src/web/typed.rs`),
//! for Rust applications that embed the agent: run by wasm-bindgen-test in
//! headless Chromium with `--features serde` (`./build.sh test`). Verdicts
//! come from the page's own `document.cookie` and storage.
#![cfg(all(target_arch = "wasm32", feature = "serde"))]

use consent_agent::config::Config;
use consent_agent::report::{Consent, Report};
use consent_agent::web::typed::{to_value, Agent, StartError};
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str =
    r#"{"revision":3,"rules":[{"category":"analytics","cookies":["trk_*"],"localStorage":["trk_*"]}]}"#;

fn document() -> JsValue {
    Reflect::get(&js_sys::global(), &"document".into()).unwrap()
}

fn jar() -> String {
    Reflect::get(&document(), &"cookie".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn write(text: &str) {
    Reflect::set(&document(), &"cookie".into(), &text.into()).unwrap();
}

fn local() -> web_sys::Storage {
    Reflect::get(&js_sys::global(), &"localStorage".into()).unwrap().unchecked_into()
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| Reflect::get(&v, &(*k).into()).unwrap_or(JsValue::UNDEFINED))
}

#[wasm_bindgen_test]
fn a_config_object_is_read_with_serde_wasm_bindgen_and_round_trips() {
    let object = JSON::parse(CONFIG).unwrap();
    let config: Config = serde_wasm_bindgen::from_value(object.clone()).expect("a valid config");
    assert_eq!(config.revision, 3);
    assert_eq!(JSON::stringify(&to_value(&config)).unwrap(), JSON::stringify(&object).unwrap());
}

#[wasm_bindgen_test]
fn an_invalid_config_is_refused_with_every_field_named() {
    let object = JSON::parse(r#"{"rules":[{"category":"analytic","cookies":["_ga"]}],"unknown":"drop"}"#).unwrap();
    match Agent::from_value(object) {
        Err(StartError::Config(errors)) => {
            let text = errors.to_string();
            assert!(text.contains("rules[0].category") && text.contains("unknown:"), "{text}");
            assert_eq!(errors.0.len(), 2);
        }
        Err(other) => panic!("expected config errors, got {other}"),
        Ok(_) => panic!("an invalid config was accepted"),
    }
    assert!(matches!(Agent::from_value(JsValue::from(5)), Err(StartError::Config(_)) | Err(StartError::NotAConfig(_))));
}

#[wasm_bindgen_test]
fn choose_records_sweeps_and_answers_typed_and_as_plain_objects() {
    let mut agent = Agent::from_value(JSON::parse(CONFIG).unwrap()).expect("agent");
    write("trk_id=1; path=/");
    write("own=1; path=/");
    local().set_item("trk_queue", "[]").unwrap();

    let report: Report = agent.choose(&[]);
    // The browser says the refused entries are gone and the others stay.
    assert!(!jar().contains("trk_id="), "{}", jar());
    assert!(jar().contains("own=1"));
    assert_eq!(local().get_item("trk_queue").unwrap(), None);
    assert!(report.deleted.iter().any(|e| e.name == "trk_id"));
    assert!(report.deleted.iter().any(|e| e.name == "trk_queue"));

    let consent: Consent = agent.consent();
    assert!(!agent.granted("analytics"));
    assert_eq!(consent.revision, 3);
    assert!(consent.decided_at.is_some());
    // The answers as plain JavaScript objects (maps as objects).
    let value = to_value(&consent);
    assert_eq!(get(&value, &["categories", "analytics"]), JsValue::FALSE);
    assert_eq!(get(&value, &["categories", "necessary"]), JsValue::TRUE);
    assert_eq!(get(&value, &["failClosed"]), JsValue::FALSE);
    let report_value = to_value(&report);
    assert_eq!(get(&report_value, &["deleted", "0", "storage"]).as_string().as_deref(), Some("cookie"));
    // And back: the same report deserializes from the object.
    let back: Report = serde_wasm_bindgen::from_value(report_value).unwrap();
    assert_eq!(back, report);

    // A later agent on the same page reads the stored choice.
    let again = Agent::from_value(JSON::parse(CONFIG).unwrap()).unwrap();
    assert!(again.consent().decided_at.is_some());
    let audit = again.audit();
    assert!(audit.iter().any(|row| row.name == "own" && row.allowed && row.category.is_none()));

    agent.choose(&["analytics"]);
    write("trk_id=2; path=/");
    assert!(agent.sweep().deleted.is_empty());
    assert!(jar().contains("trk_id=2"));
    for name in ["trk_id", "own", "consent_agent"] {
        write(&format!("{name}=; path=/; max-age=0"));
    }
}
