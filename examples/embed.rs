//! A minimal Rust application that embeds the agent through the `serde`
//! feature's typed API (`src/web/typed.rs`), as a Leptos, Yew or Dioxus
//! application would: a config object in, the visitor's choice applied, the
//! consent answer out as a plain JavaScript object. `./build.sh bench`
//! builds it to report what the feature costs such an application
//! (BENCHMARKS.md); it is not part of the script tag.
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown --features serde --example embed
//! ```

#[cfg(all(target_arch = "wasm32", feature = "serde"))]
mod app {
    use consent_agent::web::typed::{to_value, Agent};
    use wasm_bindgen::prelude::*;

    /// Starts the agent with `config`, records that the visitor granted
    /// `granted` (space-separated category ids), and answers the consent.
    #[wasm_bindgen]
    pub fn run(config: JsValue, granted: &str) -> Result<JsValue, JsValue> {
        let mut agent = Agent::from_value(config).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let ids: Vec<&str> = granted.split_whitespace().collect();
        let report = agent.choose(&ids);
        let answer = js_sys::Object::new();
        js_sys::Reflect::set(&answer, &"consent".into(), &to_value(&agent.consent()))?;
        js_sys::Reflect::set(&answer, &"report".into(), &to_value(&report))?;
        js_sys::Reflect::set(&answer, &"audit".into(), &to_value(&agent.audit()))?;
        Ok(answer.into())
    }
}
