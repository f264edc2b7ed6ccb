//! The human outputs: the terminal summary (violations first, then unknown
//! entries, then counts by category and party) and the Markdown cookie
//! declaration for a cookie-policy page.

use super::findings::{Entry, Findings};
use super::report::known;
use consent_agent::engine::Engine;
use consent_agent::pattern::Storage;
use serde_json::Value;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// How long an entry lives: its row's retention, else what the browser
/// holds (a cookie's expiry from now, or "session").
fn retention(entry: &Entry, stated: &str, now: f64) -> String {
    if !stated.is_empty() {
        return stated.to_string();
    }
    match (entry.storage, entry.expires) {
        (Storage::Cookie, None) => "session".into(),
        (Storage::Cookie, Some(at)) => {
            let days = ((at - now) / 86_400.0).round().max(0.0);
            format!("{days} days (as set)")
        }
        (Storage::SessionStorage, _) => "until the tab closes".into(),
        _ => "until deleted".into(),
    }
}

fn now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or_default()
}

/// The declaration: one table per category in config order, then one of
/// entries nothing classifies; each entry once (by name, storage and place).
pub fn markdown(engine: &Engine, findings: &Findings) -> String {
    let mut out = String::from("# Cookies and storage on this site\n\nFound by `consent-agent scan`.\n");
    let mut groups: Vec<(Option<&str>, String)> = Vec::new();
    for category in &engine.config.categories {
        groups.push((Some(category.id.as_str()), category.title.clone().unwrap_or_else(|| category.id.clone())));
    }
    groups.push((None, "Not yet classified".into()));
    let now = now();
    for (category, title) in groups {
        let rows: Vec<(&Entry, _)> = findings
            .entries
            .iter()
            .map(|e| (e, known(engine, e.storage, &e.name)))
            .filter(|(_, k)| k.category.as_deref() == category)
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", cell(&title)));
        out.push_str(
            "| Name | Storage | Set on | Party | Provider | Retention | Purpose |\n|---|---|---|---|---|---|---|\n",
        );
        for (entry, known) in rows {
            let party = if entry.third_party { "third party" } else { "first party" };
            let purpose = if entry.http_only {
                format!("{} (set by the server, HttpOnly)", known.purpose).trim_start().to_string()
            } else {
                known.purpose.clone()
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} | {} |\n",
                entry.name.replace('`', "'"),
                entry.storage,
                cell(entry.place.trim_start_matches('.')),
                party,
                cell(&known.provider),
                cell(&retention(entry, &known.retention, now)),
                cell(&purpose)
            ));
        }
    }
    out
}

/// The terminal summary.
pub fn summary(engine: &Engine, findings: &Findings, document: &Value) -> String {
    let mut out = String::new();
    let failed = findings.pages.iter().filter(|p| p.error.is_some()).count();
    out.push_str(&format!("Scanned {} page(s), {failed} with errors.\n", findings.pages.len()));
    for page in findings.pages.iter().filter(|p| p.error.is_some()) {
        out.push_str(&format!("  page {}: {}\n", page.url, page.error.as_deref().unwrap_or_default()));
    }
    for (pass, note) in &findings.choices {
        out.push_str(&format!("  {}: {note}\n", pass.name()));
    }
    let violations = document["violations"].as_array().cloned().unwrap_or_default();
    out.push_str(&format!("\nViolations: {}\n", violations.len()));
    for v in &violations {
        let what = ["entry", "script", "frame"].iter().find_map(|k| v.get(*k).and_then(Value::as_str).map(|s| (*k, s)));
        let (kind, name) = what.unwrap_or(("entry", ""));
        let place = v.get("domain").or_else(|| v.get("origin")).and_then(Value::as_str).unwrap_or_default();
        let storage = v.get("storage").and_then(Value::as_str).unwrap_or(kind);
        out.push_str(&format!(
            "  {}: {storage} {name} {place} ({})\n",
            v["kind"].as_str().unwrap_or_default(),
            v["category"].as_str().unwrap_or_default()
        ));
    }
    let unknown = document["unknown"].as_array().cloned().unwrap_or_default();
    out.push_str(&format!("\nUnknown entries: {}\n", unknown.len()));
    for u in &unknown {
        let place = u.get("domain").or_else(|| u.get("origin")).and_then(Value::as_str).unwrap_or_default();
        out.push_str(&format!(
            "  {} {} {place}: suggested rule {} → {}\n",
            u["storage"].as_str().unwrap_or_default(),
            u["name"].as_str().unwrap_or_default(),
            u["suggestedRule"]["pattern"].as_str().unwrap_or_default(),
            u["suggestedRule"]["category"].as_str().unwrap_or_default()
        ));
    }
    out.push_str("\nEntries by category (first party / third party):\n");
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for entry in &findings.entries {
        let category = known(engine, entry.storage, &entry.name).category.unwrap_or_else(|| "unknown".into());
        let i = counts.iter().position(|(c, _, _)| *c == category).unwrap_or_else(|| {
            counts.push((category, 0, 0));
            counts.len() - 1
        });
        if entry.third_party {
            counts[i].2 += 1;
        } else {
            counts[i].1 += 1;
        }
    }
    for (category, first, third) in counts {
        out.push_str(&format!("  {category}: {first} / {third}\n"));
    }
    out
}
