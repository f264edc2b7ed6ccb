//! Browser tests of the WebAssembly boundary (`src/web/mod.rs`), run by
//! wasm-bindgen-test in headless Chromium (`./build.sh test`): the exports
//! the JavaScript web layer calls, against the real `JSON.parse` and the
//! real `document.cookie` and storage of the test page, and the sweep in Rust
//! (`src/web/sweep.rs`): verdicts read back from the page itself. The test
//! page is on 127.0.0.1, so domain scopes are left to the end-to-end tests
//! on real host names; path scopes are exercised here.
#![cfg(target_arch = "wasm32")]

use consent_agent::web;
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
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
    attach();
    web::configure(parse(r#"{"rules":[{"category":"marketing","cookies":["ads_*"],"localStorage":["ads_*"]}]}"#));
    web::forget();
    assert_eq!(web::decide(0, "ads_id"), "-marketing");
    assert_eq!(web::decide(1, "ads_seen"), "-marketing");
    assert_eq!(web::decide(0, "_ga"), "-analytics");
    assert_eq!(web::decide(0, "mystery"), "+");
    assert_eq!(web::decide(0, "consent_agent"), "+necessary");
    assert_eq!(web::classify(0, "_ga"), "analytics catalog");
    assert_eq!(web::classify(0, "ads_id"), "marketing site");
    write("consent_agent=stale; path=/");
    assert!(web::choose("marketing", 1_800_000_000.0, "abc123"));
    // One record in the jar: the stale copy went first.
    assert_eq!(jar().matches("consent_agent=").count(), 1, "{}", jar());
    assert!(jar().contains("consent_agent=2~1~1800000000~"), "{}", jar());
    assert_eq!(web::decide(0, "ads_id"), "+marketing");
    assert!(web::allows_write("ads_id=1; path=/"));
    assert!(!web::allows_write("_ga=1; path=/"));
    // The record's name is the agent's alone, whatever the choice.
    assert!(!web::allows_write("consent_agent=2~1~1~2~x~necessary~~0~0; path=/"));
    web::forget();
    assert!(!jar().contains("consent_agent="));
}

#[wasm_bindgen_test]
fn record_round_trip_through_the_real_jar() {
    attach();
    web::configure(JsValue::UNDEFINED);
    let now = js_sys::Date::now() / 1000.0;
    assert!(web::choose("analytics", now, "r4nd0m"));
    assert!(jar().contains("consent_agent=2~1~"));
    let local = storage("localStorage");
    let kept = local.get_item("consent_agent").unwrap().unwrap_or_default();
    assert!(jar().contains(&format!("consent_agent={kept}")), "the agent kept a copy of its record");
    web::configure(JsValue::UNDEFINED); // forgets the choice in memory
    assert!(!web::granted("analytics"));
    assert_eq!(web::load_record(now, false), "");
    assert!(web::granted("analytics"));
    assert!(!web::granted("marketing"));
    // Without the agent's copy the same record is somebody else's: no consent.
    local.remove_item("consent_agent").unwrap();
    assert!(web::load_record(now, false).contains("did not write"));
    assert!(!web::granted("analytics"));
    local.set_item("consent_agent", &kept).unwrap();
    web::forget();
    assert!(!jar().contains("consent_agent="));
    assert_eq!(local.get_item("consent_agent").unwrap(), None);
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
    let jar_text = jar();
    let key =
        consent_agent::jar::parse(&jar_text).iter().map(|c| c.key()).find(|k| k == "probe=").expect("probe in the jar");
    let page = consent_agent::scope::Page { host: &host, path: &path, secure: false };
    for w in consent_agent::scope::deletion_writes(&key, page) {
        write(&w);
    }
    assert!(!jar().contains("probe="), "left: {}", jar());
}

/// Hands the page's jars to the module, as `agent.js` does at start.
fn attach() {
    let document = document();
    let mut proto = js_sys::Object::get_prototype_of(&document);
    while Reflect::get_own_property_descriptor(&proto, &"cookie".into()).map_or(true, |d| d.is_undefined()) {
        proto = js_sys::Object::get_prototype_of(&proto);
    }
    let descriptor = Reflect::get_own_property_descriptor(&proto, &"cookie".into()).unwrap();
    let accessor = |k: &str| Reflect::get(&descriptor, &k.into()).unwrap().unchecked_into::<js_sys::Function>();
    let store =
        |k: &str| Reflect::get(&js_sys::global(), &k.into()).ok().map(|s| s.unchecked_into::<web_sys::Storage>());
    web::attach(
        document.unchecked_into(),
        accessor("get"),
        accessor("set"),
        store("localStorage"),
        store("sessionStorage"),
        None,
    );
}

fn storage(name: &str) -> web_sys::Storage {
    Reflect::get(&js_sys::global(), &name.into()).unwrap().unchecked_into()
}

/// The names in one list of a sweep report, as `storage:name`.
fn listed(report: &JsValue, list: &str) -> Vec<String> {
    let entries: js_sys::Array = Reflect::get(report, &list.into()).unwrap().unchecked_into();
    entries
        .iter()
        .map(|e| {
            let field = |k: &str| Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            format!("{}:{}", field("storage"), field("name"))
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_rust_sweep_reads_deletes_in_every_path_scope_and_reports() {
    attach();
    web::configure(parse(
        r#"{"rules":[{"category":"analytics","cookies":["trk_*"],"localStorage":["trk_*"],"sessionStorage":["trk_*"]},
            {"category":"functional","cookies":["pref"]}]}"#,
    ));
    let location = Reflect::get(&js_sys::global(), &"location".into()).unwrap();
    let get = |k: &str| Reflect::get(&location, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let path = get("pathname");
    assert!(web::choose("functional", js_sys::Date::now() / 1000.0, "sw33p"));
    // The refused cookie in every path scope of the page, a kept one, an unknown one.
    let mut parent = String::from("/");
    write("trk_a=root; path=/");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        parent.push_str(segment);
        write(&format!("trk_a={segment}; path={parent}"));
        parent.push('/');
    }
    write("pref=dark; path=/");
    write("mystery=1; path=/");
    let (local, session) = (storage("localStorage"), storage("sessionStorage"));
    local.set_item("trk_l", "1").unwrap();
    local.set_item("note", "1").unwrap();
    session.set_item("trk_s", "1").unwrap();

    let report = JSON::parse(&web::sweep(None, 0)).unwrap();
    // Verdicts from the browser: the jar and the storages as the page sees them.
    assert!(!jar().contains("trk_a="), "left: {}", jar());
    assert!(jar().contains("pref=dark") && jar().contains("mystery=1"), "{}", jar());
    assert_eq!(local.get_item("trk_l").unwrap(), None);
    assert_eq!(session.get_item("trk_s").unwrap(), None);
    assert_eq!(local.get_item("note").unwrap().as_deref(), Some("1"));
    // The report says the same.
    let deleted = listed(&report, "deleted");
    for entry in ["cookie:trk_a", "localStorage:trk_l", "sessionStorage:trk_s"] {
        assert!(deleted.contains(&entry.to_string()), "{entry} in {deleted:?}");
    }
    assert!(listed(&report, "kept").contains(&"cookie:pref".to_string()));
    let unknown = listed(&report, "unknown");
    assert!(unknown.contains(&"cookie:mystery".to_string()) && unknown.contains(&"localStorage:note".to_string()));
    assert!(listed(&report, "failed").is_empty());
    // Nothing changed since: the watcher's check says so and sweeps
    // nothing; a new refused key is swept by it.
    web::note_record();
    assert_eq!(web::sweep_if_changed(), "");
    local.set_item("trk_new", "1").unwrap();
    assert!(web::sweep_if_changed().contains("trk_new"));
    assert_eq!(local.get_item("trk_new").unwrap(), None);
    // A record written behind the agent's back: the check says so first.
    write("consent_agent=2~1~1~2~x~~~0~0; path=/");
    assert_eq!(web::sweep_if_changed(), "r");
    write("consent_agent=; path=/; max-age=0");
    web::forget();
    for name in ["pref", "mystery"] {
        write(&format!("{name}=; path=/; max-age=0"));
    }
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn many_refused_keys_are_cleared_at_once_and_kept_ones_written_back() {
    attach();
    web::configure(parse(r#"{"rules":[{"category":"marketing","localStorage":["ads_*"]}]}"#));
    web::forget();
    let local = storage("localStorage");
    local.clear().unwrap();
    for i in 0..600 {
        local.set_item(&format!("ads_{i}"), "x").unwrap();
    }
    for i in 0..7 {
        local.set_item(&format!("own_{i}"), &format!("value {i}")).unwrap();
    }
    let report = JSON::parse(&web::sweep(None, 0)).unwrap();
    assert_eq!(local.length().unwrap(), 7);
    assert_eq!(local.get_item("own_3").unwrap().as_deref(), Some("value 3"));
    assert_eq!(listed(&report, "deleted").len(), 600);
    local.clear().unwrap();
}

/// A choice's sweep (brief) takes keys seen before by their category's
/// grant: a withdrawal deletes the remembered analytics keys, with their
/// category, and lists the kept ones no more; a new config classifies again.
#[wasm_bindgen_test]
fn a_choice_takes_keys_seen_before_by_their_category() {
    attach();
    web::configure(parse(r#"{"rules":[{"category":"analytics","localStorage":["stat_*"]}]}"#));
    web::forget();
    let local = storage("localStorage");
    local.clear().unwrap();
    assert!(web::choose("analytics", js_sys::Date::now() / 1000.0, "k33p"));
    for key in ["stat_a", "stat_b", "cart"] {
        local.set_item(key, "1").unwrap();
    }
    let first = JSON::parse(&web::sweep(None, 1)).unwrap();
    assert!(listed(&first, "kept").contains(&"localStorage:stat_a".to_string()));
    assert!(web::choose("", js_sys::Date::now() / 1000.0, "w1thdr4wn"));
    let second = JSON::parse(&web::sweep(None, 1)).unwrap();
    assert_eq!(local.get_item("stat_a").unwrap(), None);
    assert_eq!(local.get_item("stat_b").unwrap(), None);
    assert_eq!(local.get_item("cart").unwrap().as_deref(), Some("1"));
    let deleted = JSON::stringify(&Reflect::get(&second, &"deleted".into()).unwrap()).unwrap();
    assert!(String::from(deleted).contains(r#"{"name":"stat_a","storage":"localStorage","category":"analytics"}"#));
    assert!(listed(&second, "unknown").is_empty(), "cart was seen before: not listed again");
    // Another config: the same key is classified anew (now marketing, refused).
    web::configure(parse(r#"{"rules":[{"category":"marketing","localStorage":["cart"]}]}"#));
    web::forget();
    let third = JSON::parse(&web::sweep(None, 1)).unwrap();
    assert_eq!(local.get_item("cart").unwrap(), None);
    assert!(listed(&third, "deleted").contains(&"localStorage:cart".to_string()));
    web::forget();
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn the_audit_and_declaration_read_the_page_themselves() {
    attach();
    web::configure(JsValue::UNDEFINED);
    write("_ga=GA1.1.1; path=/");
    let rows = JSON::parse(&web::audit(&js_sys::Array::new())).unwrap();
    let text = JSON::stringify(&rows).unwrap().as_string().unwrap_or_default();
    assert!(
        text.contains(r#"{"name":"_ga","storage":"cookie","category":"analytics","source":"catalog","allowed":false}"#),
        "{text}"
    );
    let declared = web::declaration();
    assert!(declared.contains(r#""name":"_ga""#), "{declared}");
    write("_ga=; path=/; max-age=0");
}

#[wasm_bindgen_test]
fn keys_named_like_storage_methods_or_holding_nul_are_still_read() {
    attach();
    web::configure(parse(r#"{"rules":[{"category":"marketing","localStorage":["length","getItem","ads\u0000x"]}]}"#));
    web::forget();
    let local = storage("localStorage");
    local.clear().unwrap();
    for key in ["length", "getItem", "ads\0x", "own"] {
        local.set_item(key, "1").unwrap();
    }
    let report = JSON::parse(&web::sweep(None, 0)).unwrap();
    assert_eq!(local.length().unwrap(), 1, "only `own` is left");
    assert_eq!(local.get_item("own").unwrap().as_deref(), Some("1"));
    assert_eq!(listed(&report, "deleted").len(), 3);
    local.clear().unwrap();
}

/// The module's allocator (`src/web/heap.rs`) is this test binary's too:
/// blocks freed and taken again keep their contents apart, every block has
/// the alignment asked for (an over-aligned type included), and growing a
/// string keeps what it held.
#[wasm_bindgen_test]
fn the_allocator_reuses_blocks_without_mixing_them_up() {
    #[repr(align(64))]
    struct Wide([u8; 64]);
    for round in 0..3u32 {
        let strings: Vec<String> = (0..5000u32).map(|i| "x".repeat((i % 300) as usize) + &i.to_string()).collect();
        let (kept, dropped): (Vec<_>, Vec<_>) = strings.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
        drop(dropped);
        let again: Vec<String> = (0..2500u32).map(|i| format!("again{round}-{i}")).collect();
        for (i, s) in &kept {
            assert!(s.ends_with(&i.to_string()) && s.len() == (i % 300) + i.to_string().len());
        }
        assert!(again.iter().enumerate().all(|(i, s)| *s == format!("again{round}-{i}")));
        let wide: Vec<u128> = (0..100).collect();
        assert_eq!(wide.as_ptr() as usize % 16, 0);
        let boxed = Box::new(Wide([round as u8; 64]));
        assert_eq!(&*boxed as *const Wide as usize % 64, 0);
        assert!(boxed.0.iter().all(|&b| b == round as u8));
    }
    let mut grown = String::new();
    for i in 0..100_000u32 {
        grown.push(char::from(b'a' + (i % 26) as u8));
    }
    assert!(grown.bytes().enumerate().all(|(i, b)| b == b'a' + (i % 26) as u8));
    grown.truncate(10);
    grown.shrink_to_fit();
    assert_eq!(grown, "abcdefghij");
}
