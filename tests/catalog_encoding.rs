//! The catalog's encoding and its claims: every row of `catalog/catalog.tsv`
//! comes back out of the compiled data, precedence holds, generic names stay
//! unclaimed, and fresh instances of every dynamic name classify right.

use consent_agent::catalog::{self, CatalogEntry};
use consent_agent::config::Config;
use consent_agent::engine::Engine;
use consent_agent::pattern::Storage;
use std::collections::BTreeMap;

/// (pattern, storage, pack) -> (category, party, in the tag, provider,
/// source) from the TSV. The tag carries `first`-party rows except global cookies the
/// server sets `HttpOnly`, which no page script can see.
type Key = (String, Storage, String);
fn tsv() -> BTreeMap<Key, (String, String, bool, String, String)> {
    let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
    let mut rows = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 10, "{line}");
        if c[1] == "script" {
            continue; // script and embed sources: src/sources.rs and the round trip below
        }
        let key = (c[0].to_string(), Storage::parse(c[1]).expect("storage"), c[3].to_string());
        let in_tag = c[8] == "first" && !(c[6] == "yes" && c[3].is_empty() && c[1] == "cookie");
        let value = (c[2].to_string(), c[8].to_string(), in_tag, c[4].to_string(), c[9].to_string());
        assert!(rows.insert(key, value).is_none(), "{line} is listed twice");
    }
    rows
}

fn engine() -> Engine {
    let (config, errors) = Config::from_text("{}");
    assert!(errors.is_empty());
    Engine::new(config, errors)
}

#[test]
fn every_row_in_is_every_row_out() {
    let file = tsv();
    let built: Vec<CatalogEntry> = catalog::rows().collect();
    assert_eq!(built.len(), file.len(), "the native build carries every row");
    for e in &built {
        let key = (e.pattern.to_string(), e.storage, e.platform().unwrap_or_default().to_string());
        let (category, _, in_tag, provider, source) =
            file.get(&key).unwrap_or_else(|| panic!("{key:?} not in the TSV"));
        assert_eq!(e.category_id(), category, "{key:?}");
        assert_eq!(e.native_only(), !in_tag, "{key:?}");
        assert_eq!(e.provider(), provider, "{key:?}");
        assert_eq!(e.source(), source, "{key:?}");
    }
    // Rows the tag carries come first, then native-only rows, each sorted.
    let parties: Vec<bool> = built.iter().map(CatalogEntry::native_only).collect();
    assert!(parties.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn breadth() {
    let file = tsv();
    assert!(file.len() >= 2500, "{} rows", file.len());
    assert!(file.values().all(|(_, _, _, _, source)| !source.is_empty()));
    assert!(file.values().filter(|v| v.1 == "third").count() >= 500);
}

#[test]
fn precedence_exact_beats_patterns_and_longer_literals_win() {
    let e = engine();
    let class = |s, n: &str| e.classify(s, n).map(|c| c.category);
    // `_ga` is exact; `_ga_*` and `_gat_*` are patterns; `_gcl_*` is marketing.
    assert_eq!(class(Storage::Cookie, "_ga"), Some("analytics"));
    assert_eq!(class(Storage::Cookie, "_ga_ABC123"), Some("analytics"));
    assert_eq!(class(Storage::Cookie, "_gcl_au"), Some("marketing"));
    // Hotjar's names are rows of their own (`_hjSessionUser_*` a pattern);
    // there is no `_hj*` fallback since 2026-12-07, so a site's own
    // `_hjPromoBannerClosed` (a control of the third evaluation set) is not
    // claimed. `cmplz_*` (a consent tool) is necessary whatever follows.
    assert_eq!(class(Storage::Cookie, "_hjSessionUser_123456"), Some("analytics"));
    assert_eq!(class(Storage::Cookie, "_hjPromoBannerClosed"), None);
    assert_eq!(class(Storage::Cookie, "cmplz_marketing"), Some("necessary"));
    // An exact row for another storage does not leak: `_ga` as a sessionStorage key is unknown.
    assert_eq!(class(Storage::SessionStorage, "_ga"), None);
}

#[test]
fn generic_names_are_unclaimed_or_only_necessary() {
    let e = engine();
    let generic = [
        "lang",
        "uid",
        "session",
        "token",
        "theme",
        "cart",
        "id",
        "user",
        "sid",
        "_s",
        "SR",
        "tp",
        "locale",
        "language",
        "currency",
        "country",
        "timezone",
        "user_id",
        "userId",
        "session_id",
        "visitor_id",
        "login",
        "auth",
        "consent",
        "cookie",
        "test",
        "debug",
        "mode",
        "color",
        "region",
        "basket",
        "wishlist",
        "search",
        "history",
        "state",
        "nonce",
        "code",
        "access_token",
        "refresh_token",
        "id_token",
        "jwt",
        "ab",
        "variant",
        "tz",
        "redirect",
        "returnUrl",
        "sidebar",
        "menu",
        "tab",
        "settings",
        "preferences",
        "tp_lang",
        "SR_variant",
        "s_theme",
        "mp_checkout_step",
        "amp_checkout",
        "hj_notes",
        "ai_chat_open",
        "pk_cart",
        "_gd_locale",
        "wp_custom_filter",
        "sb-sidebar-collapsed",
        "dark-mode",
        "color-scheme",
        "recently_viewed",
    ];
    // A framework's documented default session or anti-forgery cookie name
    // may be claimed, but only as `necessary` (never deleted, so a site's own
    // entry of that name is never harmed): `session` (Express, Flask).
    for name in generic {
        for storage in Storage::ALL {
            let found = e.classify(storage, name).map(|c| c.category);
            assert!(found.is_none() || found == Some("necessary"), "{name} ({storage}): {found:?}");
        }
    }
}

#[test]
fn no_pattern_has_a_short_stem() {
    for ((pattern, _, _), _) in tsv() {
        if pattern.contains('*') {
            assert!(pattern.replace('*', "").len() >= 3, "{pattern}");
            // A leading wildcard only before a long, vendor-specific stem
            // (Amplitude's `<api key>_amp_targeting`).
            let stem = pattern.trim_start_matches('*');
            assert!(stem.len() == pattern.len() || stem.len() >= 12, "{pattern} would claim names of any vendor");
        }
    }
}

#[test]
fn fresh_instances_of_every_pattern_classify_as_recorded() {
    let e = engine();
    let mut checked = 0;
    for ((pattern, storage, pack), (category, party, _, _, _)) in tsv() {
        if !pattern.contains('*') || !pack.is_empty() {
            continue;
        }
        for filler in ["0a1B2c", "1", "X_y-z.9"] {
            let name = pattern.replace('*', filler);
            let Some(found) = e.classify(storage, &name) else { panic!("{name} ({storage}) unknown") };
            // A more specific row (exact, or more literal characters) may say otherwise;
            // then it must itself be in the catalog.
            if found.category != category {
                let entry = found.entry.expect("classified by the catalog");
                assert_ne!(entry.pattern, pattern, "{name}: {} vs {category}", found.category);
            }
            if party == "third" {
                assert!(found.entry.is_some());
            }
        }
        checked += 1;
    }
    assert!(checked > 300, "{checked} dynamic families");
    for (name, storage, category) in [
        ("AMP_a2dbce0e18", Storage::Cookie, "analytics"),
        ("AMP_unsent_a2dbce0e18", Storage::LocalStorage, "analytics"),
        ("ph_phc_abc123_posthog", Storage::LocalStorage, "analytics"),
        ("ph_phc_abc123_window_id", Storage::SessionStorage, "analytics"),
        ("__ph_opt_in_out_phc_abc", Storage::LocalStorage, "necessary"),
        ("mp_0123abcd_mixpanel", Storage::Cookie, "analytics"),
        ("__mpq_0123abcd_ev", Storage::LocalStorage, "analytics"),
        ("_sp_id.1fff", Storage::Cookie, "analytics"),
        ("sb-abcdefgh-auth-token", Storage::LocalStorage, "necessary"),
        ("firebase:authUser:AIza:[DEFAULT]", Storage::LocalStorage, "necessary"),
        ("@@auth0spajs@@::client::aud::openid", Storage::LocalStorage, "necessary"),
        ("__Secure-next-auth.session-token.0", Storage::Cookie, "necessary"),
        ("BIGipServerpool_web", Storage::Cookie, "necessary"),
        ("visid_incap_123456", Storage::Cookie, "necessary"),
        ("_hjSession_3456789", Storage::SessionStorage, "analytics"),
        ("_dd_s", Storage::Cookie, "analytics"),
        ("kndctr_1234_AdobeOrg_consent", Storage::Cookie, "necessary"),
        ("wp-settings-time-1", Storage::Cookie, "functional"),
        ("NEXT_LOCALE", Storage::Cookie, "functional"),
        ("chakra-ui-color-mode", Storage::LocalStorage, "functional"),
        ("intercom-session-abc", Storage::Cookie, "functional"),
    ] {
        assert_eq!(e.classify(storage, name).map(|c| c.category), Some(category), "{name} ({storage})");
    }
}

/// Every script and embed source of the TSV comes back out of the encoded
/// data with its category.
#[test]
fn script_sources_round_trip() {
    let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
    let mut expected: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.get(1) == Some(&"script"))
        .map(|c| (c[0].to_string(), c[2].to_string()))
        .collect();
    let mut got: Vec<(String, String)> =
        consent_agent::catalog::sources().map(|(p, c)| (p.to_string(), c.to_string())).collect();
    expected.sort();
    got.sort();
    assert!(expected.len() >= 150);
    assert_eq!(got, expected);
}
