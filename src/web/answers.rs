//! The page's questions about the state of things, answered as JSON text
//! for its `JSON.parse`: the choice now, script sources, consent signals,
//! categories, UI settings and the declaration's rows. Read-only: nothing
//! here changes the engine.

use super::{with, with_sweeper};
use crate::declaration;
use crate::json::Writer;
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
    with(|engine| engine.consent().to_json_text())
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
        engine
            .config
            .sources
            .classify(url)
            .map(|s| crate::text::concat(&[s.category, " ", s.origin]))
            .unwrap_or_default()
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
        let word = |granted: bool| if granted { "granted" } else { "denied" };
        let types = |w: &mut Writer, list: Vec<(&str, bool)>| {
            w.open(b'{');
            for (t, g) in list {
                w.key(t).string(word(g));
            }
            w.close(b'}');
        };
        let mut w = Writer::new();
        w.open(b'{').key("google");
        match (engine.config.signals.google.as_ref(), crate::signals::google_default(engine)) {
            (Some(settings), Some(default)) => {
                w.open(b'{').key("default");
                types(&mut w, default);
                w.key("update");
                types(&mut w, crate::signals::google(engine).unwrap_or_default());
                w.key("waitForUpdate").number(u64::from(settings.wait_for_update));
                w.key("adsDataRedaction").bool(settings.ads_data_redaction);
                w.key("urlPassthrough").bool(settings.url_passthrough).key("region");
                match &settings.region {
                    Some(region) => {
                        w.open(b'[');
                        for code in region {
                            w.string(code);
                        }
                        w.close(b']');
                    }
                    None => {
                        w.raw("null");
                    }
                }
                w.close(b'}');
            }
            _ => {
                w.raw("null");
            }
        }
        w.key("microsoft").string_or_null(crate::signals::microsoft(engine).map(word)).key("clarity");
        match crate::signals::clarity(engine) {
            Some((ad, analytics)) => {
                w.open(b'{').key("ad_Storage").string(word(ad)).key("analytics_Storage").string(word(analytics));
                w.close(b'}');
            }
            None => {
                w.raw("null");
            }
        }
        w.key("decided").bool(engine.record.is_some()).close(b'}');
        w.finish()
    })
}

/// The categories as JSON: `[{ id, required, title, description,
/// refusedBySignal }]`, titles defaulting to the id.
#[wasm_bindgen]
pub fn categories() -> String {
    with(|engine| {
        let mut w = Writer::new();
        w.open(b'[');
        for c in &engine.config.categories {
            w.open(b'{').key("id").string(&c.id);
            w.key("required").bool(c.required || c.id == crate::engine::NECESSARY);
            w.key("title").string(c.title.as_deref().unwrap_or(&c.id));
            w.key("description").string_or_null(c.description.as_deref());
            w.key("refusedBySignal").bool(engine.refused_by_signal(&c.id)).close(b'}');
        }
        w.close(b']');
        w.finish()
    })
}

/// The banner and dialog settings as JSON: `{ enabled, language, texts:
/// { language: { key: text } }, theme, position, floatingButton }`.
#[wasm_bindgen]
pub fn ui() -> String {
    with(|engine| {
        let ui = &engine.config.ui;
        let mut w = Writer::new();
        w.open(b'{').key("enabled").bool(ui.enabled).key("language").string_or_null(ui.language.as_deref());
        w.key("texts").open(b'{');
        for (language, texts) in &ui.texts {
            w.key(language).open(b'{');
            for (key, text) in texts {
                w.key(key).string(text);
            }
            w.close(b'}');
        }
        w.close(b'}').key("theme").string(ui.theme).key("position").string(ui.position);
        w.key("floatingButton").bool(ui.floating_button).key("shadowRoot").string(ui.shadow_root).close(b'}');
        w.finish()
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
        let mut w = Writer::new();
        w.open(b'[');
        for row in declaration::rows(engine, entries) {
            w.open(b'{').key("name").string(row.name).key("storage").string(row.storage.as_str());
            w.key("category").string(row.category).key("source").string(&source_name(row.source()));
            if let declaration::Details::Site { provider, retention, purpose } = &row.details {
                w.key("provider").string(provider).key("retention").string(retention).key("purpose").string(purpose);
            }
            w.close(b'}');
        }
        w.close(b']');
        w.finish()
    })
}
