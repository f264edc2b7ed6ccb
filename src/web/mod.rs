//! The web layer: the only code that touches `document`, storage, the DOM
//! and events. It reads the jars, asks the [`Engine`] what to do, acts, and
//! reports. Everything it exports is wired to `window.consentAgent` by the
//! loader (`src/web/loader.js`).
//!
//! Re-entrancy: page code runs inside our event dispatches and our write
//! traps run inside page code, so the agent's state is never borrowed while
//! an event is dispatched, and the traps use `try_borrow` and let a write
//! through rather than panic if the state is busy.

mod api;
mod dom;

use crate::config::{Config, ConfigError, Problem};
use crate::engine::Engine;
use crate::jar;
use crate::json::Json;
use crate::pattern::Storage;
use crate::scope::{self, Page};
use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The page-wide agent state.
struct Agent {
    engine: Engine,
    /// The browser's own `document.cookie` accessors, captured before the
    /// agent replaces the setter, so the agent's writes never hit its trap.
    cookie_get: Function,
    cookie_set: Function,
    document: web_sys::Document,
    local: Option<web_sys::Storage>,
    session: Option<web_sys::Storage>,
    host: String,
    path: String,
    secure: bool,
    /// What the last sweep left, to notice changes cheaply.
    last_jar: String,
    last_lengths: (u32, u32),
    /// Writes refused by the traps since the last report.
    blocked: u32,
}

thread_local! {
    static AGENT: RefCell<Option<Agent>> = const { RefCell::new(None) };
}

/// Runs `f` on the agent, if started and not busy.
fn with_agent<R>(f: impl FnOnce(&mut Agent) -> R) -> Option<R> {
    AGENT.with(|cell| {
        cell.try_borrow_mut()
            .ok()
            .and_then(|mut a| a.as_mut().map(f))
    })
}

fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Logs once per call, prefixed so developers know who speaks.
fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("consent-agent: {message}")));
}

fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("consent-agent: {message}")));
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
        Json::Array(
            Array::from(value)
                .iter()
                .map(|v| to_json(&v, depth + 1))
                .collect(),
        )
    } else if let Some(object) = value.dyn_ref::<Object>() {
        let keys = Object::keys(object);
        Json::Object(
            keys.iter()
                .filter_map(|k| {
                    let v = Reflect::get(value, &k).ok()?;
                    Some((k.as_string()?, to_json(&v, depth + 1)))
                })
                .collect(),
        )
    } else {
        Json::Null
    }
}

/// Validates config text, reporting every error in the console.
fn config_from_text(text: &str) -> (Config, Vec<ConfigError>) {
    match js_sys::JSON::parse(text) {
        Ok(value) => Config::from_json(&to_json(&value, 0)),
        Err(e) => {
            let detail = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            (
                Config::default(),
                vec![ConfigError {
                    path: String::new(),
                    problem: Problem::NotJson(format!("not valid JSON: {detail}")),
                }],
            )
        }
    }
}

fn report_errors(errors: &[ConfigError]) {
    for e in errors {
        console_error(&e.to_string());
    }
    if !errors.is_empty() {
        console_error("the configuration is invalid, so only required categories are allowed");
    }
}

/// Finds the accessor `name` on `object` or its prototype chain.
fn find_accessor(object: &JsValue, name: &str) -> Option<(Function, Function)> {
    let key = JsValue::from_str(name);
    let mut current = Reflect::get_prototype_of(object).ok()?;
    loop {
        let descriptor = Object::get_own_property_descriptor(&current, &key);
        if descriptor.is_object() {
            let get = Reflect::get(&descriptor, &"get".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            let set = Reflect::get(&descriptor, &"set".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            return Some((get, set));
        }
        current = Reflect::get_prototype_of(&current).ok()?;
        if current.is_null() {
            return None;
        }
    }
}

impl Agent {
    fn page(&self) -> Page<'_> {
        Page {
            host: &self.host,
            path: &self.path,
            secure: self.secure,
        }
    }

    fn read_jar(&self) -> String {
        self.cookie_get
            .call0(&self.document)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    fn write_cookie(&self, text: &str) {
        let _ = self
            .cookie_set
            .call1(&self.document, &JsValue::from_str(text));
    }

    fn storage(&self, storage: Storage) -> Option<&web_sys::Storage> {
        match storage {
            Storage::Cookie => None,
            Storage::LocalStorage => self.local.as_ref(),
            Storage::SessionStorage => self.session.as_ref(),
        }
    }

    fn storage_keys(&self, storage: Storage) -> Vec<String> {
        let Some(s) = self.storage(storage) else {
            return Vec::new();
        };
        let n = s.length().unwrap_or(0);
        (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
    }

    fn lengths(&self) -> (u32, u32) {
        let len = |s: Option<&web_sys::Storage>| s.and_then(|s| s.length().ok()).unwrap_or(0);
        (len(self.local.as_ref()), len(self.session.as_ref()))
    }

    /// Whether anything changed since the last sweep (cheap: one jar read,
    /// two lengths).
    fn changed(&self) -> bool {
        self.read_jar() != self.last_jar || self.lengths() != self.last_lengths
    }

    /// One sweep: classify every entry, delete what is not allowed, re-read.
    fn sweep(&mut self) -> Report {
        let mut report = Report::default();
        let jar_text = self.read_jar();
        let mut deleted_cookies: Vec<String> = Vec::new();
        for cookie in jar::parse(&jar_text) {
            let decision = self.engine.decide(Storage::Cookie, cookie.name);
            let entry = Entry::new(cookie.name, Storage::Cookie, decision.category);
            if decision.keep {
                if decision.category.is_some() {
                    report.kept.push(entry);
                } else {
                    report.unknown.push(entry);
                }
                continue;
            }
            for write in scope::deletion_writes(&cookie.key(), self.page()) {
                self.write_cookie(&write);
            }
            deleted_cookies.push(cookie.name.to_string());
            report.deleted.push(entry);
        }
        for storage in [Storage::LocalStorage, Storage::SessionStorage] {
            let keys = self.storage_keys(storage);
            let Some(s) = self.storage(storage) else {
                continue;
            };
            for key in keys {
                let decision = self.engine.decide(storage, &key);
                let entry = Entry::new(&key, storage, decision.category);
                if decision.keep {
                    if decision.category.is_some() {
                        report.kept.push(entry);
                    } else {
                        report.unknown.push(entry);
                    }
                } else {
                    let _ = s.remove_item(&key);
                    report.deleted.push(entry);
                }
            }
        }
        // Re-read: anything still there was not deleted (HttpOnly twins,
        // scopes outside this page, storage that refused).
        let after = self.read_jar();
        if !deleted_cookies.is_empty() {
            let survivors = jar::parse(&after);
            let local = &self.local;
            let session = &self.session;
            let (failed, deleted): (Vec<Entry>, Vec<Entry>) =
                report.deleted.drain(..).partition(|e| match e.storage {
                    Storage::Cookie => survivors.iter().any(|c| c.name == e.name),
                    Storage::LocalStorage => local
                        .as_ref()
                        .is_some_and(|s| s.get_item(&e.name).ok().flatten().is_some()),
                    Storage::SessionStorage => session
                        .as_ref()
                        .is_some_and(|s| s.get_item(&e.name).ok().flatten().is_some()),
                });
            report.deleted = deleted;
            report.failed = failed;
        }
        self.last_jar = after;
        self.last_lengths = self.lengths();
        report
    }

    /// Whether a write of `name` into `storage` may land now.
    fn allows(&self, storage: Storage, name: &str) -> bool {
        self.engine.decide(storage, name).keep
    }
}

/// One entry in a report.
struct Entry {
    name: String,
    storage: Storage,
    category: Option<String>,
}

impl Entry {
    fn new(name: &str, storage: Storage, category: Option<&str>) -> Entry {
        Entry {
            name: name.to_string(),
            storage,
            category: category.map(str::to_string),
        }
    }
}

/// What one sweep did.
#[derive(Default)]
struct Report {
    deleted: Vec<Entry>,
    kept: Vec<Entry>,
    unknown: Vec<Entry>,
    failed: Vec<Entry>,
}

impl Report {
    fn is_quiet(&self) -> bool {
        self.deleted.is_empty() && self.failed.is_empty()
    }
}

/// Starts the agent: reads the config and the stored choice, installs the
/// write traps, runs the first sweep, and keeps watching. Called by the
/// loader while the script tag executes, so enforcement is done before the
/// next script runs. `options` may carry `{ config }` (ES-module use).
#[wasm_bindgen]
pub fn start(options: JsValue) {
    let already = AGENT.with(|a| a.try_borrow().map(|a| a.is_some()).unwrap_or(true));
    if already {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let script = document.current_script();
    let attr = |name: &str| script.as_ref().and_then(|s| s.get_attribute(name));
    let config_url = attr("data-config");
    let debug = attr("data-debug").is_some();

    let given = Reflect::get(&options, &"config".into())
        .ok()
        .filter(|v| v.is_object());
    let (config, errors) = if let Some(value) = given {
        Config::from_json(&to_json(&value, 0))
    } else if let Some(element) = document.get_element_by_id("consent-agent-config") {
        config_from_text(&element.text_content().unwrap_or_default())
    } else {
        (Config::default(), Vec::new())
    };
    report_errors(&errors);

    let Some((cookie_get, cookie_set)) = find_accessor(&document, "cookie") else {
        console_error("document.cookie is not available here; the agent is not running");
        return;
    };
    let location = window.location();
    let secure = location.protocol().map(|p| p == "https:").unwrap_or(false);
    let mut agent = Agent {
        engine: Engine::new(config, errors),
        cookie_get,
        cookie_set,
        local: window.local_storage().ok().flatten(),
        session: window.session_storage().ok().flatten(),
        host: location.hostname().unwrap_or_default(),
        path: location.pathname().unwrap_or_default(),
        secure,
        document: document.clone(),
        last_jar: String::new(),
        last_lengths: (0, 0),
        blocked: 0,
    };
    // While a remote config loads, a stored choice counts whatever revision
    // it was made under; the real revision is checked when the config arrives.
    if config_url.is_some() {
        agent.engine.config.revision = 0;
    }
    let jar_text = agent.read_jar();
    if let Err(problem) = agent.engine.load_record(&jar_text, now_seconds()) {
        console_warn(&format!("{problem}; asking again"));
    }
    let report = agent.sweep();
    AGENT.with(|a| *a.borrow_mut() = Some(agent));

    dom::install_traps(&window, &document);
    dom::watch(&window);
    api::dispatch("consentagent:sweep", &report.to_js());
    if let Some(url) = config_url {
        dom::load_config(&window, &url);
    }
    if debug {
        api::print_audit();
    }
}

/// Replaces the config (used when a `data-config` URL has loaded, or failed).
fn reconfigure(config: Config, errors: Vec<ConfigError>) {
    report_errors(&errors);
    let report = with_agent(|agent| {
        agent.engine = Engine::new(config, errors);
        let jar_text = agent.read_jar();
        if let Err(problem) = agent.engine.load_record(&jar_text, now_seconds()) {
            console_warn(&format!("{problem}; asking again"));
        }
        agent.sweep()
    });
    if let Some(report) = report {
        api::dispatch("consentagent:change", &api::consent());
        api::dispatch("consentagent:sweep", &report.to_js());
    }
}

/// Sweeps if anything changed since the last sweep; used by the watchers.
fn sweep_if_changed() {
    let report = with_agent(|agent| agent.changed().then(|| agent.sweep())).flatten();
    if let Some(report) = report {
        if !report.is_quiet() {
            api::dispatch("consentagent:sweep", &report.to_js());
        }
    }
}
