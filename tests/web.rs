//! Browser tests of the WebAssembly boundary (`src/web/mod.rs`), run by
//! wasm-bindgen-test in headless Chromium (`./build.sh test`): the exports
//! the JavaScript web layer calls, against the real `JSON.parse` and the
//! real `document.cookie` of the test page.
#![cfg(target_arch = "wasm32")]

use consent_agent::web;
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parse(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn document() -> JsValue {
    Reflect::get(&js_sys::global(), &"document".into()).expect("a document")
}

fn jar() -> String {
    Reflect::get(&document(), &"cookie".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn write(text: &str) {
    Reflect::set(&document(), &"cookie".into(), &text.into()).expect("cookie write");
}

#[wasm_bindgen_test]
fn configure_reports_exact_fields_and_fails_closed() {
    let errors = web::configure(parse(r#"{"rules":[{"category":"analytic","cookies":["_ga"]}],"unknown":"drop"}"#));
    assert_eq!(
        errors,
        "rules[0].category: unknown category \"analytic\"\nunknown: must be one of \"keep\", \"delete\""
    );
    let state = JSON::parse(&web::consent()).unwrap();
    assert_eq!(Reflect::get(&state, &"failClosed".into()).unwrap(), JsValue::TRUE);
    assert_eq!(web::configure(JsValue::UNDEFINED), "");
}

#[wasm_bindgen_test]
fn hostile_values_from_json_parse_do_not_break_configure() {
    let deep = "[".repeat(500) + &"]".repeat(500);
    let errors =
        web::configure(parse(&format!(r#"{{"rules": {deep}, "revision": 1e300, "categories": [{{"id": 5}}]}}"#)));
    assert!(errors.contains("revision: must be a whole number"), "{errors}");
    assert!(errors.contains("categories[0].id: must be a string, not a number"), "{errors}");
    assert_eq!(web::configure(parse("null")), "config: must be an object, not null");
}

#[wasm_bindgen_test]
fn decisions_follow_rules_catalog_and_choice() {
    web::configure(parse(r#"{"rules":[{"category":"marketing","cookies":["ads_*"],"localStorage":["ads_*"]}]}"#));
    web::forget("", "/", false);
    assert_eq!(web::decide(0, "ads_id"), "-marketing");
    assert_eq!(web::decide(1, "ads_seen"), "-marketing");
    assert_eq!(web::decide(0, "_ga"), "-analytics");
    assert_eq!(web::decide(0, "mystery"), "+");
    assert_eq!(web::decide(0, "consent_agent"), "+necessary");
    assert_eq!(web::classify(0, "_ga"), "analytics catalog");
    assert_eq!(web::classify(0, "ads_id"), "marketing site");
    let writes = web::choose("marketing", 1_800_000_000.0, "abc123", "www.shop.example.test", "/a/b/", false);
    let write = writes.lines().last().unwrap_or_default();
    assert!(write.starts_with("consent_agent=2~1~1800000000~"), "{write}");
    assert!(
        writes.lines().filter(|w| w.contains("Max-Age=0")).count() > 3,
        "every visible copy is removed first: {writes}"
    );
    assert_eq!(web::decide(0, "ads_id"), "+marketing");
    assert!(web::allows_write("ads_id=1; path=/"));
    assert!(!web::allows_write("_ga=1; path=/"));
}

#[wasm_bindgen_test]
fn record_round_trip_through_the_real_jar() {
    web::configure(JsValue::UNDEFINED);
    let now = js_sys::Date::now() / 1000.0;
    for w in web::choose("analytics", now, "r4nd0m", "", "/", false).lines() {
        write(w);
    }
    assert!(jar().contains("consent_agent=2~1~"));
    web::forget("", "/", false);
    assert!(!web::granted("analytics"));
    assert_eq!(web::load_record(&jar(), now, false), "");
    assert!(web::granted("analytics"));
    assert!(!web::granted("marketing"));
    for w in web::forget("", "/", false).lines() {
        write(w);
    }
    assert!(!jar().contains("consent_agent="));
}

#[wasm_bindgen_test]
fn deletion_writes_remove_a_cookie_from_every_path_of_the_page() {
    let location = Reflect::get(&js_sys::global(), &"location".into()).unwrap();
    let get = |k: &str| Reflect::get(&location, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let (host, path) = (get("hostname"), get("pathname"));
    let mut parent = String::from("/");
    write("probe=root; path=/");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        parent.push_str(segment);
        write(&format!("probe={segment}; path={parent}"));
        parent.push('/');
    }
    assert!(jar().contains("probe="));
    let key = web::cookies(&jar()).lines().find(|k| *k == "probe=").expect("probe in the jar").to_string();
    for w in web::deletion_writes(&key, &host, &path, false).lines() {
        write(w);
    }
    assert!(!jar().contains("probe="), "left: {}", jar());
}
