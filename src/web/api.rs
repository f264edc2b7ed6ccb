//! The public contract, `window.consentAgent`: every function here is
//! exported to JavaScript and wired onto that object by the loader.
//! Arguments are taken as `JsValue` and read leniently, so a page calling
//! with odd values gets a sensible answer rather than an exception.

use super::{now_seconds, with_agent, Entry, Report};
use crate::declaration;
use crate::engine::Source;
use crate::pattern::Storage;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn string_or_null(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

fn iso_date(seconds: u64) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0))
        .to_iso_string()
        .into()
}

/// Dispatches `name` on `window` with `detail`. Never called while the agent
/// is borrowed: listeners may call back into the API.
pub(super) fn dispatch(name: &str, detail: &JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window.dispatch_event(&event);
    }
}

impl Entry {
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "name", &JsValue::from_str(&self.name));
        set(&o, "storage", &JsValue::from_str(self.storage.as_str()));
        set(&o, "category", &string_or_null(self.category.as_deref()));
        o.into()
    }
}

impl Report {
    pub(super) fn to_js(&self) -> JsValue {
        let o = Object::new();
        for (key, list) in [
            ("deleted", &self.deleted),
            ("kept", &self.kept),
            ("unknown", &self.unknown),
            ("failed", &self.failed),
        ] {
            let array: Array = list.iter().map(Entry::to_js).collect();
            set(&o, key, &array);
        }
        o.into()
    }
}

/// Reads a storage name; anything else means `cookie`.
fn storage_of(value: &JsValue) -> Storage {
    value
        .as_string()
        .and_then(|s| Storage::parse(&s))
        .unwrap_or(Storage::Cookie)
}

/// A random id for a consent record: 16 hex digits from the browser's
/// cryptographic generator.
fn random_id() -> String {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                HEX[(b >> 4) as usize] as char,
                HEX[(b & 15) as usize] as char,
            ]
        })
        .collect()
}

/// The visitor's choice now: `{ categories, revision, decidedAt, expiresAt, id }`.
#[wasm_bindgen]
pub fn consent() -> JsValue {
    with_agent(|agent| {
        let engine = &agent.engine;
        let categories = Object::new();
        for (id, granted) in engine.categories() {
            set(&categories, id, &JsValue::from_bool(granted));
        }
        let o = Object::new();
        set(&o, "categories", &categories);
        let record = engine.record.as_ref();
        let revision = record.map_or(engine.config.revision, |r| r.revision);
        set(&o, "revision", &JsValue::from_f64(revision as f64));
        set(
            &o,
            "decidedAt",
            &record.map_or(JsValue::NULL, |r| iso_date(r.decided_at)),
        );
        set(
            &o,
            "expiresAt",
            &record.map_or(JsValue::NULL, |r| iso_date(r.expires_at)),
        );
        set(&o, "id", &string_or_null(record.map(|r| r.id.as_str())));
        JsValue::from(o)
    })
    .unwrap_or(JsValue::NULL)
}

/// Whether `category` is granted now.
#[wasm_bindgen]
pub fn accepted(category: JsValue) -> bool {
    let Some(category) = category.as_string() else {
        return false;
    };
    with_agent(|agent| agent.engine.granted(&category)).unwrap_or(false)
}

/// Records a choice of exactly `granted` (plus required categories), stores
/// it, sweeps, and tells listeners.
fn choose(granted: Vec<String>) {
    let id = random_id();
    let report = with_agent(|agent| {
        let secure = agent.secure;
        let record = agent
            .engine
            .choose(granted.iter().map(String::as_str), now_seconds(), id)
            .clone();
        let write = agent.engine.record_write(&record, secure);
        agent.write_cookie(&write);
        agent.sweep()
    });
    if let Some(report) = report {
        dispatch("consentagent:change", &consent());
        dispatch("consentagent:sweep", &report.to_js());
    }
}

/// Grants every category.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    let all = with_agent(|agent| {
        agent
            .engine
            .config
            .categories
            .iter()
            .map(|c| c.id.clone())
            .collect()
    })
    .unwrap_or_default();
    choose(all);
}

/// Grants only required categories.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    choose(Vec::new());
}

/// Grants exactly `categories` (an array of ids, or one id) plus required ones.
#[wasm_bindgen]
pub fn accept(categories: JsValue) {
    let ids: Vec<String> = if Array::is_array(&categories) {
        Array::from(&categories)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    } else {
        categories.as_string().into_iter().collect()
    };
    choose(ids);
}

/// Forgets the choice: removes the consent record, so the visitor is asked
/// again, and sweeps with required categories only.
#[wasm_bindgen]
pub fn reset() {
    let report = with_agent(|agent| {
        let clear = agent.engine.record_clear(agent.secure);
        agent.write_cookie(&clear);
        agent.engine.record = None;
        agent.sweep()
    });
    if let Some(report) = report {
        dispatch("consentagent:change", &consent());
        dispatch("consentagent:sweep", &report.to_js());
    }
}

/// Enforces now and reports `{ deleted, kept, unknown, failed }`.
#[wasm_bindgen]
pub fn sweep() -> JsValue {
    match with_agent(|agent| agent.sweep()) {
        Some(report) => {
            let js = report.to_js();
            dispatch("consentagent:sweep", &js);
            js
        }
        None => JsValue::NULL,
    }
}

/// The category of `name` in `storage` (default `"cookie"`), or `null`.
#[wasm_bindgen]
pub fn classify(name: JsValue, storage: JsValue) -> JsValue {
    let Some(name) = name.as_string() else {
        return JsValue::NULL;
    };
    let storage = storage_of(&storage);
    with_agent(|agent| string_or_null(agent.engine.classify(storage, &name).map(|c| c.category)))
        .unwrap_or(JsValue::NULL)
}

fn source_name(source: Source) -> String {
    match source {
        Source::Agent => "agent".into(),
        Source::Site => "site".into(),
        Source::Platform(p) => format!("platform:{p}"),
        Source::Catalog => "catalog".into(),
    }
}

/// Every visible entry, as `(storage, name)`.
fn visible(agent: &super::Agent) -> Vec<(Storage, String)> {
    let jar_text = agent.read_jar();
    let mut out: Vec<(Storage, String)> = crate::jar::parse(&jar_text)
        .iter()
        .map(|c| (Storage::Cookie, c.name.to_string()))
        .collect();
    for storage in [Storage::LocalStorage, Storage::SessionStorage] {
        out.extend(
            agent
                .storage_keys(storage)
                .into_iter()
                .map(|k| (storage, k)),
        );
    }
    out
}

/// Every visible cookie and storage key as
/// `{ name, storage, category, source, allowed }`; deletes nothing.
#[wasm_bindgen]
pub fn audit() -> JsValue {
    with_agent(|agent| {
        let rows = Array::new();
        for (storage, name) in visible(agent) {
            let c = agent.engine.classify(storage, &name);
            let o = Object::new();
            set(&o, "name", &JsValue::from_str(&name));
            set(&o, "storage", &JsValue::from_str(storage.as_str()));
            set(&o, "category", &string_or_null(c.map(|c| c.category)));
            set(
                &o,
                "source",
                &c.map_or(JsValue::NULL, |c| JsValue::from_str(&source_name(c.source))),
            );
            set(
                &o,
                "allowed",
                &JsValue::from_bool(agent.engine.decide(storage, &name).keep),
            );
            rows.push(&o);
        }
        JsValue::from(rows)
    })
    .unwrap_or(JsValue::NULL)
}

/// Prints the audit as a console table, unknown entries first, each with a
/// hint of the rule that would classify it (`data-debug`).
pub(super) fn print_audit() {
    let rows = with_agent(|agent| {
        let mut rows: Vec<(bool, JsValue)> = Vec::new();
        for (storage, name) in visible(agent) {
            let c = agent.engine.classify(storage, &name);
            let o = Object::new();
            set(&o, "name", &JsValue::from_str(&name));
            set(&o, "storage", &JsValue::from_str(storage.as_str()));
            set(&o, "category", &string_or_null(c.map(|c| c.category)));
            set(
                &o,
                "source",
                &c.map_or(JsValue::NULL, |c| JsValue::from_str(&source_name(c.source))),
            );
            set(
                &o,
                "allowed",
                &JsValue::from_bool(agent.engine.decide(storage, &name).keep),
            );
            if c.is_none() {
                let field = if storage == Storage::Cookie {
                    "cookies"
                } else {
                    storage.as_str()
                };
                let hint = format!("{{ \"category\": \"…\", \"{field}\": [\"{name}\"] }}");
                set(&o, "hint", &JsValue::from_str(&hint));
            }
            rows.push((c.is_some(), o.into()));
        }
        rows
    });
    if let Some(rows) = rows {
        // Unknown entries first (two passes instead of a sort: smaller code).
        let array: Array = rows
            .iter()
            .filter(|(known, _)| !known)
            .chain(rows.iter().filter(|(known, _)| *known))
            .map(|(_, o)| o.clone())
            .collect();
        web_sys::console::info_1(&JsValue::from_str(
            "consent-agent: what this page stores (unknown entries first)",
        ));
        web_sys::console::table_1(&array);
    }
}

/// The declaration rows `{ name, storage, category, provider, retention,
/// purpose, serverSet }` for the site's rules, enabled packs and catalog
/// entries present on the page.
#[wasm_bindgen]
pub fn declaration() -> JsValue {
    with_agent(|agent| {
        let present = visible(agent);
        let rows = declaration::rows(&agent.engine, present.iter().map(|(s, n)| (*s, n.as_str())));
        let out = Array::new();
        for r in rows {
            let o = Object::new();
            set(&o, "name", &JsValue::from_str(&r.name));
            set(&o, "storage", &JsValue::from_str(r.storage.as_str()));
            set(&o, "category", &JsValue::from_str(&r.category));
            set(&o, "provider", &JsValue::from_str(&r.provider));
            set(&o, "retention", &JsValue::from_str(&r.retention));
            set(&o, "purpose", &JsValue::from_str(&r.purpose));
            set(&o, "serverSet", &JsValue::from_bool(r.server_set));
            out.push(&o);
        }
        JsValue::from(out)
    })
    .unwrap_or(JsValue::NULL)
}
