//! The boundary between the page and the core: the functions the
//! JavaScript half of the web layer (`src/web/agent.js`) calls.
//!
//! Why the web layer is split this way: every browser API reached from Rust
//! costs an import, a JavaScript shim and glue code in the module, and the
//! module is downloaded by every visitor (inlined, so it cannot be cached
//! apart from the script). Measured on this crate: the same web layer written
//! against `web-sys` made the module 25 KB larger (about 10 KB gzip), where
//! `agent.js` costs about 2 KB gzip. So `agent.js` touches `document`, storage and events,
//! and this module only decides: strings in, strings out, one engine per page.
//! Structured answers are returned as JSON text for the page's `JSON.parse`.
//! Nothing here can panic on page input; every function answers something
//! sensible before `configure` has run.

use crate::config::{Config, ConfigError, Problem};
use crate::declaration;
use crate::engine::{Engine, Source};
use crate::jar;
use crate::json::Json;
use crate::pattern::Storage;
use crate::scope::{self, Page};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::new(Config::default(), Vec::new()));
}

fn with<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|cell| f(&mut cell.borrow_mut()))
}

/// Storage by the index `agent.js` uses: 0 cookie, 1 localStorage, 2 sessionStorage.
fn storage(index: u32) -> Storage {
    match index {
        1 => Storage::LocalStorage,
        2 => Storage::SessionStorage,
        _ => Storage::Cookie,
    }
}

/// Converts a value produced by `JSON.parse` into the core's [`Json`].
/// Depth is capped, so hostile nesting cannot exhaust the stack.
fn to_json(value: &JsValue, depth: u32) -> Json {
    if depth > 32 || value.is_null() || value.is_undefined() {
        Json::Null
    } else if let Some(b) = value.as_bool() {
        Json::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Json::Number(n)
    } else if let Some(s) = value.as_string() {
        Json::String(s)
    } else if Array::is_array(value) {
        Json::Array(Array::from(value).iter().map(|v| to_json(&v, depth + 1)).collect())
    } else if let Some(object) = value.dyn_ref::<Object>() {
        let keys = Object::keys(object);
        let members =
            keys.iter().filter_map(|k| Some((k.as_string()?, to_json(&Reflect::get(value, &k).ok()?, depth + 1))));
        Json::Object(members.collect())
    } else {
        Json::Null
    }
}

fn errors_text(errors: &[ConfigError]) -> String {
    errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
}

/// Replaces the engine, keeping what the page told it (the privacy signal).
fn install(engine: &mut Engine, mut fresh: Engine) {
    fresh.signal = engine.signal;
    *engine = fresh;
}

/// Installs a config (a value from `JSON.parse`; `undefined` for the
/// defaults) and returns its errors, one per line ("" when valid). Any
/// error makes the engine fail closed. The stored choice is forgotten:
/// callers read it again with [`load_record`] under the new revision.
#[wasm_bindgen]
pub fn configure(config: JsValue) -> String {
    let (config, errors) =
        if config.is_undefined() { (Config::default(), Vec::new()) } else { Config::from_json(&to_json(&config, 0)) };
    let text = errors_text(&errors);
    with(|engine| install(engine, Engine::new(config, errors)));
    text
}

/// Installs the default config in the failed state: used when the config
/// text is not JSON or could not be loaded. Returns the message.
#[wasm_bindgen(js_name = configureFailed)]
pub fn configure_failed(message: String) -> String {
    let errors = vec![ConfigError { path: String::new(), problem: Problem::NotJson(message) }];
    let text = errors_text(&errors);
    with(|engine| install(engine, Engine::new(Config::default(), errors)));
    text
}

/// Whether the browser sends Global Privacy Control; kept across
/// [`configure`] calls.
#[wasm_bindgen(js_name = privacySignal)]
pub fn privacy_signal(on: bool) {
    with(|engine| engine.signal = on);
}

/// Reads the consent record from the jar at `now` (Unix seconds). With
/// `loading` (a remote config is still on its way) the revision and the
/// category ids are not checked yet. Returns, for the console, why a stored
/// record was refused, or that several were found (the most restrictive
/// reading of them applies), or "".
#[wasm_bindgen(js_name = loadRecord)]
pub fn load_record(jar_text: &str, now: f64, loading: bool) -> String {
    with(|engine| match engine.load_record(jar_text, now as u64, loading) {
        Err(e) => [e.message(), "; asking again"].concat(),
        Ok(n) if n > 1 => "found several consent records (set in more than one cookie scope); \
            the most restrictive reading of them applies until the visitor's next choice, which replaces them"
            .into(),
        Ok(_) => String::new(),
    })
}

/// The distinct cookies of a jar, one per line, each as the key a deletion
/// write starts with: `name=`, or the bare pair for a cookie without `=`.
#[wasm_bindgen]
pub fn cookies(jar_text: &str) -> String {
    jar::parse(jar_text).iter().map(|c| c.key()).collect::<Vec<_>>().join("\n")
}

/// Appends the verdict on `name`: `+` (keep) or `-` (delete), then its
/// category id (nothing when no rule classifies it).
fn push_verdict(engine: &Engine, storage: Storage, name: &str, out: &mut String) {
    let d = engine.decide(storage, name);
    out.push(if d.keep { '+' } else { '-' });
    out.push_str(d.category.unwrap_or_default());
}

/// What to do with an entry: `+` (keep) or `-` (delete), followed by its
/// category id (nothing when no rule classifies it).
#[wasm_bindgen]
pub fn decide(storage_index: u32, name: &str) -> String {
    with(|engine| {
        let mut out = String::new();
        push_verdict(engine, storage(storage_index), name, &mut out);
        out
    })
}

/// [`decide`] for many names at once, one per line in and out: one call
/// across the boundary for a whole storage instead of one per key (10,000
/// keys one by one cost milliseconds in crossings alone). Names must not
/// contain a line break; the caller decides those one by one.
#[wasm_bindgen(js_name = decideAll)]
pub fn decide_all(storage_index: u32, names: &str) -> String {
    with(|engine| {
        let storage = storage(storage_index);
        let mut out = String::with_capacity(names.len() / 2);
        for (i, name) in names.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            push_verdict(engine, storage, name, &mut out);
        }
        out
    })
}

/// Whether a `document.cookie = text` assignment may land now.
#[wasm_bindgen(js_name = allowsWrite)]
pub fn allows_write(text: &str) -> bool {
    with(|engine| engine.decide(Storage::Cookie, jar::written_name(text)).keep)
}

/// A source as the API names it: `site`, `platform:<id>` or `catalog`. The
/// agent's own record counts as `site`: the site configures it
/// (`consentCookie`).
fn source_name(source: Source) -> String {
    match source {
        Source::Agent | Source::Site => "site".into(),
        Source::Platform(p) => ["platform:", p].concat(),
        Source::Catalog => "catalog".into(),
    }
}

/// The category and source of an entry as `category source`, or "".
#[wasm_bindgen]
pub fn classify(storage_index: u32, name: &str) -> String {
    with(|engine| match engine.classify(storage(storage_index), name) {
        None => String::new(),
        Some(c) => [c.category, " ", &source_name(c.source)].concat(),
    })
}

/// The `document.cookie` assignments that delete the cookie `key` (from
/// [`cookies`]) in every scope visible on the page, one per line.
#[wasm_bindgen(js_name = deletionWrites)]
pub fn deletion_writes(key: &str, host: &str, path: &str, secure: bool) -> String {
    scope::deletion_writes(key, Page { host, path, secure }).join("\n")
}

/// The writes that remove every copy of the consent record the page can
/// see, in every scope, before one is written (or none, after a reset).
fn record_deletions(engine: &Engine, page: Page<'_>) -> Vec<String> {
    let key = [engine.config.consent_cookie.name.as_str(), "="].concat();
    scope::deletion_writes(&key, page)
}

/// Records a choice of exactly the space-separated category ids in
/// `granted` (plus required ones) at `now`, with record id `id`; returns
/// the `document.cookie` assignments that store it, one per line: first
/// the deletion of every copy visible on the page (at `host` and `path`),
/// then the one record in the configured scope, so the visitor's latest
/// choice is the only one in force. Nothing ("") while the config is
/// invalid: the agent fails closed and records no choice.
#[wasm_bindgen]
pub fn choose(granted: &str, now: f64, id: &str, host: &str, path: &str, secure: bool) -> String {
    let id: String = id.chars().filter(char::is_ascii_alphanumeric).take(64).collect();
    let id = if id.is_empty() { "0".to_string() } else { id };
    with(|engine| {
        // With an invalid config nothing is recorded: a choice made then
        // would count on the next load while a data-config file loads, and
        // the visitor is asked again once the config works.
        if engine.fail_closed() {
            return String::new();
        }
        let record = engine.choose(granted.split(' '), now as u64, id).clone();
        let mut writes = record_deletions(engine, Page { host, path, secure });
        writes.push(engine.record_write(&record, secure));
        writes.join("\n")
    })
}

/// Forgets the choice; returns the assignments that remove every copy of
/// the record visible on the page, one per line.
#[wasm_bindgen]
pub fn forget(host: &str, path: &str, secure: bool) -> String {
    with(|engine| {
        engine.record = None;
        record_deletions(engine, Page { host, path, secure }).join("\n")
    })
}

/// Whether `category` is granted now.
#[wasm_bindgen]
pub fn granted(category: &str) -> bool {
    with(|engine| engine.granted(category))
}

/// The choice now, as JSON: `{ categories: { id: bool }, revision,
/// decidedAt, expiresAt (Unix seconds or null), id, failClosed,
/// reloadOnWithdraw, globalPrivacyControl, configRevision, cookie, log }`
/// (`globalPrivacyControl`: the browser sends the signal and the site
/// honours it; `cookie`: the record's name; `log`: the consentLog address).
#[wasm_bindgen]
pub fn consent() -> String {
    with(|engine| {
        let categories = engine.categories().map(|(id, g)| (id.to_string(), Json::Bool(g))).collect();
        let record = engine.record.as_ref();
        let seconds = |s: Option<u64>| s.map_or(Json::Null, |s| Json::Number(s as f64));
        Json::Object(vec![
            ("categories".into(), Json::Object(categories)),
            ("revision".into(), Json::Number(record.map_or(engine.config.revision, |r| r.revision) as f64)),
            ("decidedAt".into(), seconds(record.map(|r| r.decided_at))),
            ("expiresAt".into(), seconds(record.map(|r| r.expires_at))),
            ("id".into(), Json::str_or_null(record.map(|r| r.id.as_str()))),
            ("failClosed".into(), Json::Bool(engine.fail_closed())),
            ("reloadOnWithdraw".into(), Json::Bool(engine.config.reload_on_withdraw)),
            (
                "globalPrivacyControl".into(),
                Json::Bool(engine.signal && !engine.config.global_privacy_control.is_empty()),
            ),
            ("configRevision".into(), Json::Number(engine.config.revision as f64)),
            ("cookie".into(), Json::str(&engine.config.consent_cookie.name)),
            ("log".into(), Json::str_or_null(engine.config.consent_log.as_deref())),
        ])
        .to_text()
    })
}

/// What the script or frame at `url` (absolute) is, as `category origin`
/// (origin `site` for the site's own `rules[].scripts`, else `catalog`), or
/// "" when it is unknown, allowed by `autoBlock.allow`, or auto-blocking is off.
#[wasm_bindgen(js_name = classifySource)]
pub fn classify_source(url: &str) -> String {
    with(|engine| {
        if !engine.config.auto_block {
            return String::new();
        }
        engine.config.sources.classify(url).map(|s| [s.category, " ", s.origin].concat()).unwrap_or_default()
    })
}

/// The consent signals now, as JSON: `{ google: null | { default: { type:
/// "granted"|"denied" }, update: { … }, waitForUpdate, adsDataRedaction,
/// urlPassthrough, region }, microsoft: null | "granted" | "denied",
/// clarity: null | { ad_Storage, analytics_Storage }, decided }`
/// (`decided`: a valid choice is stored, so an update is due at once).
#[wasm_bindgen]
pub fn signals() -> String {
    with(|engine| {
        let word = |granted: bool| Json::str(if granted { "granted" } else { "denied" });
        let types =
            |list: Vec<(&str, bool)>| Json::Object(list.into_iter().map(|(t, g)| (t.into(), word(g))).collect());
        let google = match (engine.config.signals.google.as_ref(), crate::signals::google_default(engine)) {
            (Some(settings), Some(default)) => Json::Object(vec![
                ("default".into(), types(default)),
                ("update".into(), types(crate::signals::google(engine).unwrap_or_default())),
                ("waitForUpdate".into(), Json::Number(settings.wait_for_update as f64)),
                ("adsDataRedaction".into(), Json::Bool(settings.ads_data_redaction)),
                ("urlPassthrough".into(), Json::Bool(settings.url_passthrough)),
                (
                    "region".into(),
                    settings
                        .region
                        .as_ref()
                        .map_or(Json::Null, |r| Json::Array(r.iter().map(|c| Json::str(c)).collect())),
                ),
            ]),
            _ => Json::Null,
        };
        let clarity = crate::signals::clarity(engine).map_or(Json::Null, |(ad, analytics)| {
            Json::Object(vec![("ad_Storage".into(), word(ad)), ("analytics_Storage".into(), word(analytics))])
        });
        Json::Object(vec![
            ("google".into(), google),
            ("microsoft".into(), crate::signals::microsoft(engine).map_or(Json::Null, word)),
            ("clarity".into(), clarity),
            ("decided".into(), Json::Bool(engine.record.is_some())),
        ])
        .to_text()
    })
}

/// The categories as JSON: `[{ id, required, title, description,
/// refusedBySignal }]`, titles defaulting to the id.
#[wasm_bindgen]
pub fn categories() -> String {
    with(|engine| {
        let items = engine.config.categories.iter().map(|c| {
            Json::Object(vec![
                ("id".into(), Json::str(&c.id)),
                ("required".into(), Json::Bool(c.required || c.id == crate::engine::NECESSARY)),
                ("title".into(), Json::str(c.title.as_deref().unwrap_or(&c.id))),
                ("description".into(), Json::str_or_null(c.description.as_deref())),
                ("refusedBySignal".into(), Json::Bool(engine.refused_by_signal(&c.id))),
            ])
        });
        Json::Array(items.collect()).to_text()
    })
}

/// The banner and dialog settings as JSON: `{ enabled, language, texts:
/// { language: { key: text } }, theme, position, floatingButton }`.
#[wasm_bindgen]
pub fn ui() -> String {
    with(|engine| {
        let ui = &engine.config.ui;
        let texts = ui.texts.iter().map(|(language, list)| {
            (language.clone(), Json::Object(list.iter().map(|(k, v)| (k.clone(), Json::str(v))).collect()))
        });
        Json::Object(vec![
            ("enabled".into(), Json::Bool(ui.enabled)),
            ("language".into(), Json::str_or_null(ui.language.as_deref())),
            ("texts".into(), Json::Object(texts.collect())),
            ("theme".into(), Json::str(ui.theme)),
            ("position".into(), Json::str(ui.position)),
            ("floatingButton".into(), Json::Bool(ui.floating_button)),
        ])
        .to_text()
    })
}

/// The declaration as a JSON array of `{ name, storage, category, source }`,
/// plus `provider`, `retention` and `purpose` for site rules. Rows of packs
/// and the catalog get those (and `serverSet`) from the declaration file in
/// `agent.js`: the module does not carry them. `present` lists the entries
/// on the page, one per line as `<storage index><name>`.
#[wasm_bindgen]
pub fn declaration(present: &str) -> String {
    with(|engine| {
        let entries = present.lines().filter_map(|line| {
            let mut chars = line.chars();
            let index = chars.next()?.to_digit(10)?;
            Some((storage(index), chars.as_str()))
        });
        let rows = declaration::rows(engine, entries);
        let items = rows.into_iter().map(|r| {
            let source = source_name(r.source());
            let mut fields = vec![
                ("name".into(), Json::String(r.name)),
                ("storage".into(), Json::str(r.storage.as_str())),
                ("category".into(), Json::String(r.category)),
                ("source".into(), Json::String(source)),
            ];
            if let declaration::Details::Site { provider, retention, purpose } = r.details {
                fields.push(("provider".into(), Json::String(provider)));
                fields.push(("retention".into(), Json::String(retention)));
                fields.push(("purpose".into(), Json::String(purpose)));
            }
            Json::Object(fields)
        });
        Json::Array(items.collect()).to_text()
    })
}

/// The allocator: `talc`, smaller than the default dlmalloc and fast with
/// many live allocations. (`lol_alloc`'s free list, used before, walks every
/// free block on each allocation: a config of 10,000 rules took 2.2 s to
/// read; with talc it takes about as long as with dlmalloc, for less code.)
#[global_allocator]
// SAFETY: WebAssembly in a page is single-threaded; the module is never shared with workers.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
