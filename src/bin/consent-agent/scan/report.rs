//! What the scan says: each entry and request classified by the full
//! catalog (third-party and HttpOnly rows included) and the site's config,
//! the violations, the unknown entries with a suggested rule each, and the
//! JSON document (`schema.json` beside this file describes it).

use super::findings::{Entry, Findings, Pass, Requested};
use consent_agent::engine::{looks_essential, Engine};
use consent_agent::pattern::Storage;
use consent_agent::report::source_name;
use serde_json::{json, Map, Value};

/// What the catalog and config say about one entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    /// Category id, `None` when unknown.
    pub category: Option<String>,
    /// `site`, `platform:<id>` or `catalog`, as `audit()` says.
    pub source: Option<String>,
    /// Who sets it.
    pub provider: String,
    /// How long it lives, as its row says.
    pub retention: String,
    /// What it is for.
    pub purpose: String,
}

/// Classifies one name.
pub fn known(engine: &Engine, storage: Storage, name: &str) -> Known {
    let Some(c) = engine.classify(storage, name) else { return Known::default() };
    let (provider, retention, purpose) = match (c.entry, c.rule.and_then(|i| engine.config.rules.get(i))) {
        (Some(e), _) => (e.provider().to_string(), e.retention().to_string(), e.purpose().to_string()),
        (None, Some(rule)) => (
            rule.provider.clone().unwrap_or_default(),
            rule.retention.clone().unwrap_or_default(),
            rule.purpose.clone().unwrap_or_default(),
        ),
        (None, None) => {
            ("this site (its consent manager)".into(), String::new(), "Stores the visitor's consent choice".into())
        }
    };
    Known { category: Some(c.category.to_string()), source: Some(source_name(c.source)), provider, retention, purpose }
}

/// Whether a category is one the visitor cannot refuse.
pub fn required(engine: &Engine, category: &str) -> bool {
    engine.config.category(category).is_some_and(|c| c.required)
}

/// The rule the scanner suggests for an unknown name: dynamic parts (runs
/// of six or more hex digits and dashes holding a digit, or of four or more
/// digits) become `*`, unless less than three literal characters would be
/// left; the category is `necessary` for names that look essential
/// (session, csrf, auth, …) and `functional` otherwise, for the site owner
/// to review.
pub fn suggested_rule(name: &str) -> (String, &'static str) {
    let mut pattern = String::new();
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let hex_run = chars[i..].iter().take_while(|c| c.is_ascii_hexdigit() || **c == '-').count();
        let digit_run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let has_digit = chars[i..i + hex_run].iter().any(char::is_ascii_digit);
        let run = if hex_run >= 6 && has_digit {
            hex_run
        } else if digit_run >= 4 {
            digit_run
        } else {
            0
        };
        if run > 0 {
            if !pattern.ends_with('*') {
                pattern.push('*');
            }
            i += run;
        } else {
            pattern.push(chars[i]);
            i += 1;
        }
    }
    let literal = pattern.chars().filter(|c| *c != '*').count();
    let pattern = if literal >= 3 { pattern } else { name.to_string() };
    (pattern, if looks_essential(name) { "necessary" } else { "functional" })
}

fn place_key(entry: &Entry) -> &'static str {
    if entry.storage == Storage::Cookie {
        "domain"
    } else {
        "origin"
    }
}

/// A violation: something that must not be there in a pass.
fn violation(pass: Pass, what: Value) -> Value {
    let mut v = Map::new();
    v.insert("kind".into(), json!(pass.name()));
    if let Value::Object(fields) = what {
        v.extend(fields);
    }
    Value::Object(v)
}

/// The violations: a non-required entry present, or a non-required script
/// or frame requested, before consent or after a rejection.
pub fn violations(engine: &Engine, findings: &Findings) -> Vec<Value> {
    let mut out = Vec::new();
    for pass in [Pass::BeforeConsent, Pass::AfterReject] {
        for entry in findings.entries.iter().filter(|e| e.in_pass(pass)) {
            let known = known(engine, entry.storage, &entry.name);
            if let Some(category) = known.category.filter(|c| !required(engine, c)) {
                let what = json!({ "entry": entry.name, "storage": entry.storage.as_str(), place_key(entry): entry.place,
                    "category": category, "provider": known.provider });
                out.push(violation(pass, what));
            }
        }
        for request in findings.requested.iter().filter(|r| r.in_pass(pass)) {
            if let Some(source) = engine.config.sources.classify(&request.url).filter(|s| !required(engine, s.category))
            {
                let what = json!({ request.kind: request.url, "category": source.category, "requestedBy": request.requested_by });
                out.push(violation(pass, what));
            }
        }
    }
    out
}

fn entry_json(engine: &Engine, entry: &Entry) -> Value {
    let known = known(engine, entry.storage, &entry.name);
    let mut v = Map::new();
    v.insert("name".into(), json!(entry.name));
    v.insert("storage".into(), json!(entry.storage.as_str()));
    v.insert(place_key(entry).into(), json!(entry.place));
    if entry.storage == Storage::Cookie {
        v.insert("path".into(), json!(entry.path));
        v.insert("httpOnly".into(), json!(entry.http_only));
        v.insert("secure".into(), json!(entry.secure));
        v.insert("sameSite".into(), json!(entry.same_site));
        v.insert("partitioned".into(), json!(entry.partitioned));
        v.insert("expires".into(), json!(entry.expires));
    }
    v.insert("thirdParty".into(), json!(entry.third_party));
    v.insert("category".into(), json!(known.category));
    v.insert("source".into(), json!(known.source));
    v.insert("provider".into(), json!(known.provider));
    v.insert("retention".into(), json!(known.retention));
    v.insert("purpose".into(), json!(known.purpose));
    v.insert("firstSeenOn".into(), json!(entry.first_seen_on));
    v.insert("beforeConsent".into(), json!(entry.in_pass(Pass::BeforeConsent)));
    v.insert("afterReject".into(), json!(entry.in_pass(Pass::AfterReject)));
    v.insert("afterAccept".into(), json!(entry.in_pass(Pass::AfterAccept)));
    Value::Object(v)
}

fn request_json(engine: &Engine, request: &Requested) -> Value {
    let source = engine.config.sources.classify(&request.url);
    json!({
        "url": request.url,
        "kind": request.kind,
        "requestedBy": request.requested_by,
        "category": source.map(|s| s.category),
        "firstSeenOn": request.first_seen_on,
        "requestedBeforeConsent": request.in_pass(Pass::BeforeConsent),
        "requestedAfterReject": request.in_pass(Pass::AfterReject),
        "requestedAfterAccept": request.in_pass(Pass::AfterAccept),
    })
}

/// The entries nothing classifies, each with its suggested rule.
fn unknown_entries<'a>(
    engine: &'a Engine,
    findings: &'a Findings,
) -> impl Iterator<Item = (&'a Entry, (String, &'static str))> {
    findings
        .entries
        .iter()
        .filter(|e| engine.classify(e.storage, &e.name).is_none())
        .map(|e| (e, suggested_rule(&e.name)))
}

/// The unknown entries as the report lists them.
pub fn unknown(engine: &Engine, findings: &Findings) -> Vec<Value> {
    unknown_entries(engine, findings)
        .map(|(entry, (pattern, category))| {
            json!({ "name": entry.name, "storage": entry.storage.as_str(), place_key(entry): entry.place,
                "thirdParty": entry.third_party, "suggestedRule": { "category": category, "pattern": pattern } })
        })
        .collect()
}

/// The whole report as one JSON document.
pub fn document(engine: &Engine, findings: &Findings, peak_memory_kb: Option<u64>) -> Value {
    let passes: Vec<Value> = Pass::ALL
        .iter()
        .map(|pass| {
            let seconds = findings.pass_seconds.iter().find(|(p, _)| p == pass).map(|(_, s)| *s);
            let choice = findings.choices.iter().find(|(p, _)| p == pass).map(|(_, c)| c.clone());
            json!({ "name": pass.name(), "seconds": seconds, "choice": choice })
        })
        .collect();
    json!({
        "scanner": { "tool": "consent-agent scan", "version": env!("CARGO_PKG_VERSION"), "passes": passes,
            "peakMemoryKb": peak_memory_kb },
        "pages": findings.pages.iter().map(|p| json!({ "url": p.url, "status": p.status, "error": p.error })).collect::<Vec<_>>(),
        "entries": findings.entries.iter().map(|e| entry_json(engine, e)).collect::<Vec<_>>(),
        "scripts": findings.requested.iter().map(|r| request_json(engine, r)).collect::<Vec<_>>(),
        "violations": violations(engine, findings),
        "unknown": unknown(engine, findings),
    })
}

/// The `--rules` fragment: the unknown entries' suggested rules, one rule
/// object per category, as a config `check` accepts.
pub fn rules_fragment(engine: &Engine, findings: &Findings) -> Value {
    let mut rules: Vec<(&str, Map<String, Value>)> = Vec::new();
    for (entry, (pattern, category)) in unknown_entries(engine, findings) {
        let field = if entry.storage == Storage::Cookie { "cookies" } else { entry.storage.as_str() };
        let index = rules.iter().position(|(c, _)| *c == category).unwrap_or_else(|| {
            let mut rule = Map::new();
            rule.insert("category".into(), json!(category));
            rules.push((category, rule));
            rules.len() - 1
        });
        let list = rules[index].1.entry(field).or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut().filter(|l| !l.contains(&json!(pattern))) {
            list.push(json!(pattern));
        }
    }
    json!({ "rules": rules.into_iter().map(|(_, r)| Value::Object(r)).collect::<Vec<_>>() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_rules_turn_ids_into_patterns() {
        assert_eq!(suggested_rule("shop_pref_9f3b2c7a1d"), ("shop_pref_*".to_string(), "functional"));
        assert_eq!(suggested_rule("cart_session_20241107"), ("cart_session_*".to_string(), "necessary"));
        // All of it looks like an id: too little would be left, so the exact name.
        assert_eq!(suggested_rule("ab12345678"), ("ab12345678".to_string(), "functional"));
        assert_eq!(suggested_rule("theme"), ("theme".to_string(), "functional"));
    }
}
