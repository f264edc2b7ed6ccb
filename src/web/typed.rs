//! The typed Rust API, behind the `serde` cargo feature, for Rust front-end
//! applications (Leptos, Yew, Dioxus, plain wasm-bindgen) that embed the
//! agent in their own WebAssembly module instead of loading the script tag.
//!
//! The boundary is serde-wasm-bindgen: [`Agent::from_value`] reads a config
//! from a JavaScript object (validated by the same reader as the tag's, so
//! an invalid one is refused with every error, each naming its field), and
//! [`to_value`] turns any answer ([`Consent`], [`Report`], [`AuditRow`]) into
//! a plain JavaScript object. The data path is the tag's: [`Sweeper`] over
//! the page's jars. Not in the script tag: serde and serde-wasm-bindgen
//! would add about 36–42 KB gzip to a download every visitor pays for, while
//! an application that already ships serde pays little more (BENCHMARKS.md).
//!
//! What the embedding application does not get from this API: the write
//! guard, the watcher, the banner and script gating, which are the script
//! tag's JavaScript. It calls [`Agent::sweep`] when it has reason to (after
//! a navigation, after its own writes), and renders its own choice UI.

use super::jars::Jars;
use super::sweep::Sweeper;
use crate::config::Config;
use crate::engine::Engine;
use crate::json::Json;
use crate::json_serde::ConfigErrors;
use crate::report::{AuditRow, Consent, Report};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Why an [`Agent`] could not start.
#[derive(Debug)]
pub enum StartError {
    /// The config is invalid: every problem, each naming its field.
    Config(ConfigErrors),
    /// The value is not a config object at all (serde-wasm-bindgen's message).
    NotAConfig(String),
    /// No page: no `window.document` (a worker), or its storage is unreachable.
    NoPage,
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            StartError::Config(errors) => write!(f, "consent-agent: the config is invalid:\n{errors}"),
            StartError::NotAConfig(message) => write!(f, "consent-agent: the config is not an object: {message}"),
            StartError::NoPage => f.write_str("consent-agent: no page document to enforce on"),
        }
    }
}

impl std::error::Error for StartError {}

/// The agent on this page, for an application that embeds it.
pub struct Agent {
    engine: Engine,
    sweeper: Sweeper,
}

/// Now, in Unix seconds.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Any answer as a plain JavaScript object (maps as objects, not `Map`).
pub fn to_value<T: Serialize>(answer: &T) -> JsValue {
    answer.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

impl Agent {
    /// An agent with a validated `config` on this page's jars; reads the
    /// visitor's stored choice.
    pub fn new(config: Config) -> Result<Agent, StartError> {
        let jars = Jars::from_window().ok_or(StartError::NoPage)?;
        let mut engine = Engine::new(config, Vec::new());
        let _ = engine.load_record(&jars.cookies(), now(), false, crate::engine::Attribution::Any);
        Ok(Agent { engine, sweeper: Sweeper::new(jars) })
    }

    /// An agent with a config given as a JavaScript object.
    pub fn from_value(config: JsValue) -> Result<Agent, StartError> {
        // Read as JSON first, then validated, so the errors stay typed.
        let json: Json = serde_wasm_bindgen::from_value(config).map_err(|e| StartError::NotAConfig(e.to_string()))?;
        Config::try_from(json).map_err(StartError::Config).and_then(Agent::new)
    }

    /// One sweep: deletes what the visitor refused, in every scope the page
    /// can reach, and reports.
    pub fn sweep(&mut self) -> Report {
        self.sweeper.sweep(&self.engine, None, super::sweep::Mode::Full, None)
    }

    /// Records that the visitor granted exactly `granted` (plus required
    /// categories), replacing every earlier record, then sweeps.
    pub fn choose(&mut self, granted: &[&str]) -> Report {
        let id: String = (0..4).map(|_| ((js_sys::Math::random() * 1e9) as u64).to_string()).collect();
        let (host, path, secure) = self.sweeper.jars.page();
        let page = crate::scope::Page { host: &host, path: &path, secure };
        let writes = super::choice_writes(&mut self.engine, granted.iter().copied(), now(), id, page);
        for write in writes {
            self.sweeper.jars.write_cookie(&write);
        }
        self.sweep()
    }

    /// The choice in force.
    pub fn consent(&self) -> Consent {
        self.engine.consent()
    }

    /// Whether `category` is granted now.
    pub fn granted(&self, category: &str) -> bool {
        self.engine.granted(category)
    }

    /// What the page stores now and why.
    pub fn audit(&self) -> Vec<AuditRow> {
        self.sweeper.audit(&self.engine)
    }
}
