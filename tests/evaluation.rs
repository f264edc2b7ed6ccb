//! Catalog accuracy on the three evaluation sets, with the built-in catalog
//! only (no site rules, no packs), as a site trusting the defaults runs it:
//!
//! * `tests/data/evaluation.tsv`: the project's first set, written beside
//!   the catalog (so it says little about unseen names);
//! * `tests/data/evaluation-web.tsv`: 848 names from vendors' and
//!   frameworks' own documentation and SDK code, frozen before the catalog
//!   grew and built apart from it (`tests/data/evaluation-web.md`);
//! * `tests/data/evaluation-third.tsv`: 637 names from families and sources
//!   the first two did not use, frozen before the long-tail rows of issue 23
//!   (`tests/data/evaluation-third.md`).
//!
//! Each fails if any site-specific name (expected `unknown`) is claimed,
//! and when accuracy falls under its floor: 95% for the project's set; for
//! the independent set the target is also 95% (issue "Knowledge at web
//! scale"), which the catalog does not reach yet (90.5% on 2026-11-24, after vendor-documented rows grew the catalog;
//! 90.4% on 2026-12-07, when `PrestaShop-*` became `PrestaShop-0*` … `PrestaShop-9*` so that a site's own
//! `PrestaShop-storelocator`, a control of the third set, is no longer claimed: a PrestaShop cookie whose hash starts
//! with a letter is unknown now), so its floor is that figure: it may only go up. Misses (unknown to the catalog) and
//! disagreements (filed under another category) print apart. The figures print with
//! `cargo test --test evaluation -- --nocapture`; BENCHMARKS.md has them.

use consent_agent::config::Config;
use consent_agent::engine::Engine;
use consent_agent::pattern::Storage;
use std::collections::BTreeMap;

struct Score {
    known: usize,
    right: usize,
    unknown: usize,
    claimed: Vec<String>,
    /// Known names the catalog does not know (unknown).
    misses: Vec<String>,
    /// Known names the catalog files under another category.
    disagreements: Vec<String>,
    per_category: BTreeMap<String, (usize, usize)>,
}

fn score(file: &str) -> Score {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the evaluation set {path} is missing: {e}"));
    let engine = Engine::new(Config::default(), Vec::new());
    let mut s = Score {
        known: 0,
        right: 0,
        unknown: 0,
        claimed: vec![],
        misses: vec![],
        disagreements: vec![],
        per_category: BTreeMap::new(),
    };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (name, storage, expected) = (fields[0], fields[1], fields[2]);
        let storage = Storage::parse(storage).unwrap_or_else(|| panic!("{file}: bad storage in {line}"));
        let got = engine.classify(storage, name).map(|c| c.category.to_string());
        if expected == "unknown" {
            s.unknown += 1;
            if let Some(got) = got {
                s.claimed.push(format!("{name} ({}): {got}", storage.as_str()));
            }
            continue;
        }
        s.known += 1;
        let entry = s.per_category.entry(expected.to_string()).or_default();
        entry.0 += 1;
        if got.as_deref() == Some(expected) {
            s.right += 1;
            entry.1 += 1;
        } else if let Some(got) = got {
            s.disagreements.push(format!("{name} ({}): expected {expected}, catalog says {got}", storage.as_str()));
        } else {
            s.misses.push(format!("{name} ({}): expected {expected}, unknown", storage.as_str()));
        }
    }
    println!(
        "{file}: {}/{} known names right ({:.1}%), {} unknown to the catalog, {} filed under another category; {} of {} site-specific names claimed",
        s.right,
        s.known,
        100.0 * s.right as f64 / s.known as f64,
        s.misses.len(),
        s.disagreements.len(),
        s.claimed.len(),
        s.unknown
    );
    for (category, (n, right)) in &s.per_category {
        println!("  {category}: {right}/{n} ({:.1}%)", 100.0 * *right as f64 / *n as f64);
    }
    for m in &s.misses {
        println!("  miss: {m}");
    }
    for d in &s.disagreements {
        println!("  disagreement: {d}");
    }
    for c in &s.claimed {
        println!("  false claim: {c}");
    }
    s
}

fn check(file: &str, floor: f64) {
    let s = score(file);
    assert!(s.claimed.is_empty(), "{file}: site-specific names claimed: {:?}", s.claimed);
    let accuracy = s.right as f64 / s.known as f64;
    assert!(accuracy >= floor, "{file}: {:.1}% of known names right, under {:.1}%", accuracy * 100.0, floor * 100.0);
}

#[test]
fn the_project_set() {
    check("evaluation.tsv", 0.95);
}

#[test]
fn the_independent_web_set() {
    check("evaluation-web.tsv", 0.904);
}

/// The third set (`tests/data/evaluation-third.tsv`), frozen before the
/// long-tail rows of issue 23 were added. Before them: 72/532 known names
/// right (13.5%) and 4 of 105 controls claimed (`wordpress_*`,
/// `PrestaShop-*`, `_vercel_*` and `_hj*` were too wide); after them and the
/// narrowed patterns: 220/532 (41.4%), none claimed. The floor is that figure.
#[test]
fn the_third_independent_set() {
    check("evaluation-third.tsv", 0.413);
}
