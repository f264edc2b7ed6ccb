//! The boundary between the page and the core: the functions the
//! JavaScript half of the web layer (`src/web/engine-start.js` and, once
//! the engine is ready, the traps of `src/web/agent.js`) calls.
//!
//! How the web layer is split: the data path (read every jar, classify,
//! decide, delete in every scope, re-read, report) runs here in Rust over
//! `web-sys` (`jars.rs`, `sweep.rs`), handed the browser's own
//! `document.cookie` accessors and `Storage` objects by `attach`.
//! JavaScript keeps what only it can do: the loader, the synchronous write
//! traps (which ask `allowsWrite` and `decide`), events, the UI and
//! gating. Every browser API reached from Rust costs an import, a shim and
//! glue in a module every visitor downloads, so the rest stays strings in,
//! strings out: one engine per page, structured answers as JSON text for the
//! page's `JSON.parse` (`answers.rs` holds the read-only ones). The cookie
//! jar, the largest string there is, never crosses: the module reads it
//! through the browser's getter for the record, the first sweep and the
//! watcher's check (`loadRecord` then `sweepBegin`; `sweepIfChanged`), and
//! hands out only reports. Nothing here
//! can panic on page input; every function answers something sensible
//! before `configure` has run.

use crate::config::{Config, ConfigError, Problem};
use crate::engine::{Attribution, Engine};
use crate::jar;
use crate::json::Json;
use crate::lazy::Lazy;
use crate::pattern::Storage;
use crate::prelude::*;
use crate::report::source_name;
use crate::scope::{self, Page};
use crate::text;
use core::sync::atomic::{AtomicU32, Ordering};
use js_sys::{Array, Object, Reflect};
use slot::Slot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod answers;
mod heap;
pub use answers::{categories, classify_source, consent, declaration, signals, ui};
mod jars;
mod keyset;
mod slot;
mod sweep;
mod sweep_calls;
pub use sweep_calls::{delete_names, note_record, sweep, sweep_begin, sweep_end, sweep_if_changed, sweep_step};
#[cfg(feature = "serde")]
pub mod typed;

/// The page's engine, built with the default config on first use.
static ENGINE: Lazy<Slot<Engine>> = Lazy::new();
/// The page's sweeper, set by [`attach`].
static SWEEPER: Slot<Option<sweep::Sweeper>> = Slot::new(None);

fn engine() -> &'static Slot<Engine> {
    ENGINE.get_or_init(|| Slot::new(Engine::new(Config::default(), Vec::new())))
}

/// Runs `f` with the sweeper: `None` before [`attach`], outside a page, or
/// when a page script called back during a sweep asks for another (it
/// gets nothing rather than a panic).
pub(super) fn with_sweeper<R>(f: impl FnOnce(&mut sweep::Sweeper) -> R) -> Option<R> {
    SWEEPER.write(|s| s.as_mut().map(f)).flatten()
}

/// Releases every borrow a page's exception left behind. `agent.js` calls
/// it after a call into the module threw (a page script's exception from
/// a method the module called, or the JavaScript stack running out), and
/// only when no call into the module is on the stack: then no Rust frame
/// can hold a borrow (see `slot.rs`). Without it, one exception would leave
/// the engine borrowed and the agent disabled for the rest of the page.
#[wasm_bindgen]
pub fn recover() {
    // SAFETY: agent.js calls this only with no call into the module on
    // the stack (its call depth is 0).
    unsafe {
        engine().release();
        SWEEPER.release();
    }
}

/// Takes the page's jars: `document`, the browser's own `document.cookie`
/// accessor functions and its own `Storage` objects (`null` where storage
/// is refused), and `read_keys`, which reads many storage keys in one call
/// (see [`jars::Jars::new`]). Called once when the agent starts, before its
/// write guard is installed (afterwards the page's view of them is the guard's).
#[wasm_bindgen]
pub fn attach(
    document: web_sys::Document,
    get: js_sys::Function,
    set: js_sys::Function,
    local: Option<web_sys::Storage>,
    session: Option<web_sys::Storage>,
    read_keys: Option<js_sys::Function>,
) {
    let jars = jars::Jars::new(document, get, set, local, session, read_keys);
    SWEEPER.write(|cell| *cell = Some(sweep::Sweeper::new(jars)));
}

/// Every entry the page can see, as JSON rows `{ name, storage, category,
/// source, allowed }`: cookies, then `localStorage` and `sessionStorage`
/// keys, then the IndexedDB databases `databases` (an array of names, as
/// the last listing found them: `databases.js`). `inventory.js` puts
/// unknown ones first and adds held scripts.
#[wasm_bindgen]
pub fn audit(databases: &Array) -> String {
    let mut rows = with_sweeper(|s| with(|engine| s.audit(engine))).unwrap_or_default();
    with(|engine| {
        for name in strings(databases) {
            rows.push(engine.audit_row(Storage::IndexedDb, &name));
        }
    });
    let mut w = crate::json::Writer::new();
    w.open(b'[');
    for row in &rows {
        row.write_json(&mut w);
    }
    w.close(b']');
    w.finish()
}

/// Runs `f` with the engine, shared: a page script called back during the
/// call (a wrapped storage method the sweep reaches) may read the engine
/// again, and a second shared borrow is fine. While the engine is being
/// changed (never with page code on the stack) the answer is `R`'s
/// default: "", `false`, an empty list, which the callers read as "refuse".
pub(super) fn with<R: Default>(f: impl FnOnce(&Engine) -> R) -> R {
    engine().read(f).unwrap_or_default()
}

/// Runs `f` with the engine, exclusively: only for calls that change it and
/// call no page code meanwhile. `R`'s default when the engine is borrowed
/// (a page script called back during a sweep asks for a change).
fn with_mut<R: Default>(f: impl FnOnce(&mut Engine) -> R) -> R {
    engine().write(f).unwrap_or_default()
}

/// Counts the configs installed: a key's category, remembered by a sweep,
/// holds while the config does (a choice changes only which categories are
/// granted), so a later sweep under the same version need not classify
/// again the keys it has seen.
static RULES_VERSION: AtomicU32 = AtomicU32::new(0);

/// Storage by the index `agent.js` uses: 0 cookie, 1 localStorage, 2
/// sessionStorage, 3 indexedDB.
fn storage(index: u32) -> Storage {
    match index {
        1 => Storage::LocalStorage,
        2 => Storage::SessionStorage,
        3 => Storage::IndexedDb,
        _ => Storage::Cookie,
    }
}

/// The strings of a page's array (anything else in it is skipped), read by
/// index: nothing a page replaced on `Array.prototype` is called.
pub(super) fn strings(array: &Array) -> impl Iterator<Item = String> + '_ {
    (0..array.length()).filter_map(|i| array.get(i).as_string())
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
        let array = Array::from(value);
        let mut items = Vec::new();
        for i in 0..array.length() {
            items.push(to_json(&array.get(i), depth + 1));
        }
        Json::Array(items)
    } else if let Some(object) = value.dyn_ref::<Object>() {
        let mut members = Vec::new();
        for key in Object::keys(object).iter() {
            if let (Some(name), Ok(member)) = (key.as_string(), Reflect::get(value, &key)) {
                members.push((name, to_json(&member, depth + 1)));
            }
        }
        Json::Object(members)
    } else {
        Json::Null
    }
}

fn errors_text(errors: &[ConfigError]) -> String {
    let mut out = String::new();
    for error in errors {
        if !out.is_empty() {
            out.push('\n');
        }
        error.write(&mut out);
    }
    out
}

/// Replaces the engine, keeping what the page told it (the privacy signal).
fn install(engine: &mut Engine, mut fresh: Engine) {
    RULES_VERSION.fetch_add(1, Ordering::Relaxed);
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
    with_mut(|engine| install(engine, Engine::new(config, errors)));
    text
}

/// Installs the default config in the failed state: used when the config
/// text is not JSON or could not be loaded. Returns the message.
#[wasm_bindgen(js_name = configureFailed)]
pub fn configure_failed(message: String) -> String {
    let errors = vec![ConfigError { path: String::new(), problem: Problem::NotJson(message) }];
    let text = errors_text(&errors);
    with_mut(|engine| install(engine, Engine::new(Config::default(), errors)));
    text
}

/// Whether the browser sends Global Privacy Control; kept across
/// [`configure`] calls.
#[wasm_bindgen(js_name = privacySignal)]
pub fn privacy_signal(on: bool) {
    with_mut(|engine| engine.signal = on);
}

/// Reads the consent record from the jar at `now` (Unix seconds). With
/// `loading` (a remote config is still on its way) the revision and the
/// category ids are not checked yet. Only the record whose value matches
/// the copy the agent kept in `localStorage` when it wrote it can grant
/// (see [`crate::engine::Attribution`]; where storage is refused, every
/// valid record counts). Returns, for the console, why a stored record was
/// refused, or that several were found (the most restrictive reading of
/// them applies), or "".
#[wasm_bindgen(js_name = loadRecord)]
pub fn load_record(now: f64, loading: bool) -> String {
    let name = with(|engine| engine.config.consent_cookie.name.clone());
    let read = with_sweeper(|s| {
        let jar = s.jars.cookies();
        s.fresh_jar = Some(jar.clone());
        (jar, s.jars.kept_copy(&name))
    });
    let (jar_text, copy) = read.unwrap_or_default();
    let attribution = copy.as_deref().map_or(Attribution::Any, Attribution::Witness);
    with_mut(|engine| match engine.load_record(&jar_text, now as u64, loading, attribution) {
        Err(e) => text::concat(&[e.message(), "; asking again"]),
        Ok(n) if n > 1 => "found several consent records (set in more than one cookie scope); \
            the most restrictive reading of them applies until the visitor's next choice, which replaces them"
            .into(),
        Ok(_) => String::new(),
    })
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

/// Whether a `document.cookie = text` assignment may land now
/// ([`Engine::page_may_write`]: never the agent's own record).
#[wasm_bindgen(js_name = allowsWrite)]
pub fn allows_write(text: &str) -> bool {
    with(|engine| engine.page_may_write(Storage::Cookie, jar::written_name(text)))
}

/// Whether a page script may write the entry `name` in the storage
/// `storage_index` now (`setItem`, `cookieStore.set`; see
/// [`Engine::page_may_write`]).
#[wasm_bindgen(js_name = allowsStore)]
pub fn allows_store(storage_index: u32, name: &str) -> bool {
    with(|engine| engine.page_may_write(storage(storage_index), name))
}

/// The category and source of an entry as `category source`, or "".
#[wasm_bindgen]
pub fn classify(storage_index: u32, name: &str) -> String {
    with(|engine| match engine.classify(storage(storage_index), name) {
        None => String::new(),
        Some(c) => text::concat(&[c.category, " ", &source_name(c.source)]),
    })
}

/// The writes that remove every copy of the consent record the page can
/// see, in every scope, before one is written (or none, after a reset).
fn record_deletions(engine: &Engine, page: Page<'_>) -> Vec<String> {
    let key = text::concat(&[engine.config.consent_cookie.name.as_str(), "="]);
    scope::deletion_writes(&key, page)
}

/// Records a choice of exactly the space-separated category ids in
/// `granted` (plus required ones) at `now`, with record id `id`, and
/// stores it, in one call: first the deletion of every copy of the record
/// visible on the page, then the one record in the configured scope (so
/// the visitor's latest choice is the only one in force), then the copy in
/// `localStorage` that lets the agent know the record as its own. Returns
/// whether a choice was recorded: not while the config is invalid (the
/// agent fails closed and records no choice), nor before [`attach`].
#[wasm_bindgen]
pub fn choose(granted: &str, now: f64, id: &str) -> bool {
    let mut clean = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() && clean.len() < 64 {
            clean.push(char::from(b));
        }
    }
    let Some((host, path, secure)) = with_sweeper(|s| s.jars.page()) else { return false };
    let page = Page { host: &host, path: &path, secure };
    let (writes, name, value) = with_mut(|engine| {
        let writes = choice_writes(engine, text::split(granted, b' '), now as u64, clean, page);
        let value = engine.record.as_ref().map(|r| r.encode());
        (writes, engine.config.consent_cookie.name.clone(), value)
    });
    !writes.is_empty() && store_record(&writes, &name, value.as_deref())
}

/// Makes the cookie writes `writes` (the record's deletions, then its one
/// write, if any) through the browser's own setter, then keeps `copy` as
/// the agent's copy of the record named `name` in `localStorage`, or
/// removes the copy (`None`). Whether the page's jars were reachable.
fn store_record(writes: &[String], name: &str, copy: Option<&str>) -> bool {
    with_sweeper(|s| {
        for write in writes {
            s.jars.write_cookie(write);
        }
        match copy {
            Some(value) => s.jars.keep_copy(name, value),
            None => s.jars.drop_copy(name),
        }
    })
    .is_some()
}

/// The `document.cookie` assignments that record a choice of exactly
/// `granted` (plus required categories) at `now` with record id `id` on
/// `page`: first the deletion of every copy of the
/// record visible there, then the one record in the configured scope.
/// None while the config is invalid: a choice made then would count on the
/// next load while a `data-config` file loads, so the agent fails closed,
/// records nothing, and asks again once the config works.
pub(crate) fn choice_writes<'a>(
    engine: &mut Engine,
    granted: impl IntoIterator<Item = &'a str>,
    now: u64,
    id: String,
    page: Page<'_>,
) -> Vec<String> {
    if engine.fail_closed() {
        return Vec::new();
    }
    let id = if id.is_empty() { "0".to_string() } else { id };
    let record = engine.choose(granted, now, id).clone();
    let mut writes = record_deletions(engine, page);
    writes.push(engine.record_write(&record, page.secure));
    writes
}

/// Forgets the choice: removes every copy of the record visible on the
/// page, and the agent's copy in `localStorage`.
#[wasm_bindgen]
pub fn forget() {
    let Some((host, path, secure)) = with_sweeper(|s| s.jars.page()) else { return };
    let (writes, name) = with_mut(|engine| {
        engine.record = None;
        (record_deletions(engine, Page { host: &host, path: &path, secure }), engine.config.consent_cookie.name.clone())
    });
    store_record(&writes, &name, None);
}

/// Whether `category` is granted now.
#[wasm_bindgen]
pub fn granted(category: &str) -> bool {
    with(|engine| engine.granted(category))
}

/// The allocator: power-of-two size classes with a free list each
/// (`heap.rs`), a few hundred bytes where `talc` cost 1.8 KB gzip.
#[global_allocator]
static ALLOCATOR: heap::Allocator = heap::Allocator::new();
