//! The config target: each input through the config reader and the engine built from it.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------- config

pub(super) fn has_number(json: &Json) -> bool {
    match json {
        Json::Number(_) => true,
        Json::Array(items) => items.iter().any(has_number),
        Json::Object(members) => members.iter().any(|(_, v)| has_number(v)),
        _ => false,
    }
}

/// Every number replaced by `n`: values `JSON.parse` can give the browser
/// build (infinities from `1e400`) or that text cannot carry, which only
/// [`Config::from_json`] sees.
pub(super) fn with_numbers(json: &Json, n: f64) -> Json {
    match json {
        Json::Number(_) => Json::Number(n),
        Json::Array(items) => Json::Array(items.iter().map(|v| with_numbers(v, n)).collect()),
        Json::Object(members) => Json::Object(members.iter().map(|(k, v)| (k.clone(), with_numbers(v, n))).collect()),
        other => other.clone(),
    }
}

/// The number [`with_numbers`] uses for `text`: one of the awkward ones,
/// picked by a hash so a saved input replays the same way.
pub(super) fn odd_number(text: &str) -> f64 {
    const ODD: [f64; 10] =
        [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -0.0, 4_294_967_296.0, 1e9 + 0.5, 5e-324, 1e300, -1.0, 3650.0];
    ODD[(text_hash(text) / 4) as usize % ODD.len()]
}

pub(super) fn text_hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// What `Json::write` makes of a value: numbers it cannot write exactly become `null`.
pub(super) fn as_written(json: &Json) -> Json {
    match json {
        Json::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 => Json::Number(*n),
        Json::Number(_) => Json::Null,
        Json::Array(items) => Json::Array(items.iter().map(as_written).collect()),
        Json::Object(members) => Json::Object(members.iter().map(|(k, v)| (k.clone(), as_written(v))).collect()),
        other => other.clone(),
    }
}

/// What must hold of any config validation produced, valid input or not.
pub(super) fn check_config(config: &Config, messages: &[String]) -> Result<(), String> {
    ensure!(!config.categories.is_empty(), "no categories");
    for (i, c) in config.categories.iter().enumerate() {
        ensure!(config::valid_id(&c.id), "category id {:?}", c.id);
        ensure!(!config.categories[..i].iter().any(|d| d.id == c.id), "category {:?} twice", c.id);
    }
    for r in &config.rules {
        ensure!(config.category(&r.category).is_some(), "rule for unknown category {:?}", r.category);
        ensure!(!r.pattern.is_empty(), "empty pattern");
        if r.storage == Storage::Cookie {
            ensure!(config::forbidden_cookie_char(&r.pattern).is_none(), "cookie pattern {:?}", r.pattern);
        }
    }
    let cookie = &config.consent_cookie;
    ensure!(valid_cookie_name(&cookie.name), "consent cookie name {:?}", cookie.name);
    if let Some(domain) = &cookie.domain {
        ensure!(!domain.is_empty() && config::forbidden_cookie_char(domain).is_none(), "domain {domain:?}");
    }
    ensure!((1..=3650).contains(&cookie.max_age_days), "maxAgeDays {}", cookie.max_age_days);
    ensure!(config.revision <= 1_000_000_000, "revision {}", config.revision);
    for (i, id) in config.global_privacy_control.iter().enumerate() {
        // Required categories are refused only by the default (`marketing`
        // when defined), which does not look at `required`.
        let default = id == "marketing" && config.global_privacy_control.len() == 1;
        let c = config.category(id);
        ensure!(c.is_some_and(|c| !c.required || default), "the signal refuses {id:?}");
        ensure!(!config.global_privacy_control[..i].contains(id), "the signal lists {id:?} twice");
    }
    for (i, p) in config.platforms.iter().enumerate() {
        ensure!(consent_agent::catalog::PLATFORMS.contains(p), "platform {p:?}");
        ensure!(!config.platforms[..i].contains(p), "platform {p:?} twice");
    }
    if let Some(google) = &config.signals.google {
        ensure!(google.wait_for_update <= 60_000, "waitForUpdate {}", google.wait_for_update);
        for (kind, needed) in &google.types {
            // A type needs defined categories, or one no config can define (never granted).
            let bad = needed.iter().find(|c| config.category(c).is_none() && config::valid_id(c));
            ensure!(bad.is_none(), "{kind} needs the undefined category {bad:?}");
        }
        for code in google.region.iter().flatten() {
            ensure!(
                !code.is_empty() && code.len() <= 6 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "region {code:?}"
            );
        }
    }
    ensure!(messages.iter().all(|m| !m.is_empty()), "an empty error message");
    Ok(())
}

/// `json`: config text, through `Config::from_text` as the command-line tool
/// reads it, then (when it parses) with awkward numbers through
/// `Config::from_json` as the browser build gets it; `name` (repeatable):
/// entries to decide with the resulting engine.
pub(super) fn config_target(input: &Input) -> Outcome {
    let text = input.get("json").unwrap_or_default();
    let names: Vec<&str> = input.all("name").collect();
    let start = Instant::now();
    let (config, errors) = Config::from_text(text);
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // One input in four is also parsed again to check the JSON writer and to
    // put awkward numbers through `from_json` (picked by a hash of the text,
    // so a saved input replays the same way).
    let parsed = text_hash(text).is_multiple_of(4).then(|| json::parse(text).ok()).flatten();
    let rewritten = parsed.as_ref().map(|j| json::parse(&j.to_text()));
    let odd = parsed.as_ref().filter(|j| has_number(j)).map(|j| {
        let (config, errors) = Config::from_json(&with_numbers(j, odd_number(text)));
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        (config, messages)
    });
    // The engine (classifiers over the catalog: some 40 µs whatever the
    // config) is built only for inputs that name entries to decide.
    let engine = (!names.is_empty()).then(|| {
        let engine = Engine::new(config.clone(), errors);
        let decisions: Vec<bool> = names.iter().flat_map(|n| Storage::ALL.map(|s| engine.decide(s, n).keep)).collect();
        let own = engine.decide(Storage::Cookie, &engine.config.consent_cookie.name).keep;
        let rows = declaration::rows(&engine, names.iter().map(|n| (Storage::Cookie, *n))).len();
        let google = (signals::google(&engine), signals::google_default(&engine));
        let _ = (signals::microsoft(&engine), signals::clarity(&engine));
        (engine.fail_closed(), decisions.len(), own, rows, google)
    });
    let parse_time = start.elapsed();
    let result = (|| {
        check_config(&config, &messages)?;
        if let Some((fail_closed, decisions, own, rows, (google, google_default))) = engine {
            // No choice is stored: the signals now are what the defaults state.
            ensure!(google == google_default, "Consent Mode now {google:?}, by default {google_default:?}");
            ensure!(fail_closed != messages.is_empty(), "fail-closed disagrees with the errors");
            ensure!(own, "the consent record's own cookie is not kept");
            ensure!(decisions == names.len() * Storage::ALL.len(), "decisions lost");
            ensure!(config.rules.is_empty() || rows > 0, "rules, yet no declaration rows");
        }
        if let Some((config, messages)) = &odd {
            check_config(config, messages).map_err(|e| format!("with odd numbers: {e}"))?;
        }
        if let (Some(json), Some(back)) = (&parsed, &rewritten) {
            ensure!(back.as_ref() == Ok(&as_written(json)), "Json::write output reads back as {back:?}");
        }
        Ok(())
    })();
    Outcome { parse_time, result }
}
