//! The page's questions about the state of things, answered as JSON text
//! for its `JSON.parse`: the choice now, script sources, consent signals,
//! categories, UI settings and the declaration's rows. Read-only: nothing
//! here changes the engine.

use super::{with, with_sweeper};
use crate::declaration;
use crate::json::Json;
use crate::prelude::*;
use crate::report::source_name;
use wasm_bindgen::prelude::*;

/// The choice now, as JSON: `{ categories: { id: bool }, revision,
/// decidedAt, expiresAt (Unix seconds or null), id, failClosed,
/// reloadOnWithdraw, globalPrivacyControl, configRevision, cookie, log }`
/// (`globalPrivacyControl`: the browser sends the signal and the site
/// honours it; `cookie`: the record's name; `log`: the consentLog address).
#[wasm_bindgen]
pub fn consent() -> String {
    with(|engine| engine.consent().to_json().to_text())
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
/// `agent.js`: the module does not carry them. Entries the page stores now
/// are listed too.
#[wasm_bindgen]
pub fn declaration() -> String {
    let present = with_sweeper(|s| s.present()).unwrap_or_default();
    with(|engine| {
        let entries = present.iter().map(|(storage, name)| (*storage, name.as_str()));
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
