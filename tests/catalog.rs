//! Native tests of the catalog as shipped: every row of the shared seed
//! table classifies to the category `catalog/catalog.tsv` records for it
//! (with its pack enabled), short stems claim nothing, dynamic names match.

use consent_agent::config::Config;
use consent_agent::engine::{Engine, Source};
use consent_agent::pattern::{matches, Storage};

const PACKS: &[(&str, &str)] = &[
    ("Creatio", "creatio"),
    ("Liferay DXP", "liferay-dxp"),
    ("Liferay Analytics Cloud", "liferay-analytics-cloud"),
    ("Liferay Cloud Console", "liferay-cloud-console"),
    ("Optimizely CMS", "optimizely-cms"),
    ("Optimizely DXP", "optimizely-dxp"),
];

fn engine(platforms: &[&str]) -> Engine {
    let list: Vec<String> = platforms.iter().map(|p| format!("\"{p}\"")).collect();
    let (config, errors) = Config::from_text(&format!(r#"{{"platforms": [{}]}}"#, list.join(",")));
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(config, errors)
}

/// The catalog file's rows: (pattern, storage, category, pack).
fn catalog_rows() -> Vec<(String, Storage, String, String)> {
    let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), Storage::parse(c[1]).expect("storage"), c[2].to_string(), c[3].to_string())
        })
        .collect()
}

/// A concrete name for a pattern: each `*` becomes `X1`.
fn instance(pattern: &str) -> String {
    pattern.replace('*', "X1")
}

#[test]
fn every_seed_row_classifies_as_the_catalog_records_it() {
    let seeds = std::fs::read_to_string("../shared/data/seed_cookies.tsv");
    let Ok(seeds) = seeds else {
        eprintln!("../shared/data/seed_cookies.tsv is not here; skipping");
        return;
    };
    let catalog = catalog_rows();
    let mut checked = 0;
    for line in seeds.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let (platform, pattern, storage) = (c[0], c[1], Storage::parse(c[3]).expect("storage"));
        let pack = PACKS.iter().find(|(p, _)| *p == platform).expect("known platform").1;
        let recorded = catalog
            .iter()
            .find(|(p, s, _, k)| p == pattern && *s == storage && k == pack)
            .unwrap_or_else(|| panic!("{pattern} ({storage}) of {platform} is not in its pack"));
        let e = engine(&[pack]);
        let name = instance(pattern);
        let found = e.classify(storage, &name).unwrap_or_else(|| panic!("{name} is unknown with pack {pack}"));
        assert_eq!(found.category, recorded.2, "{name} ({storage}) with pack {pack}");
        // Aliases the seed notes (misspellings) classify the same way.
        for alias in c[14].split('|').filter(|a| !a.is_empty() && *a != "userTokenName") {
            assert_eq!(e.classify(storage, alias).map(|c| c.category), Some(found.category), "alias {alias}");
        }
        checked += 1;
    }
    assert_eq!(checked, 93);
}

#[test]
fn generic_platform_names_are_never_global() {
    let global = engine(&[]);
    for (name, storage) in [
        ("ID", Storage::Cookie),
        ("product", Storage::Cookie),
        ("LOGIN", Storage::Cookie),
        ("UserName", Storage::Cookie),
        ("SERVER_ID", Storage::Cookie),
        ("sidebar", Storage::LocalStorage),
        ("subscriptions", Storage::LocalStorage),
    ] {
        assert_eq!(global.classify(storage, name), None, "{name} must only be known with its pack");
    }
    let liferay = engine(&["liferay-dxp"]);
    assert_eq!(liferay.classify(Storage::Cookie, "ID").map(|c| c.source), Some(Source::Platform("liferay-dxp")));
    let creatio = engine(&["creatio"]);
    assert_eq!(creatio.classify(Storage::Cookie, "product").map(|c| c.category), Some("necessary"));
}

#[test]
fn short_stems_claim_no_unrelated_names() {
    let e = engine(&[]);
    for name in [
        "tp_lang",
        "mp_checkout_step",
        "sb-sidebar-collapsed",
        "s_theme",
        "SR_variant",
        "amp_checkout",
        "ga_region",
        "hj_notes",
        "ai_chat_open",
        "pk_cart",
        "wp_custom_filter",
        "intercom_hidden",
        "_gd_locale",
        "ac_banner_closed",
    ] {
        assert_eq!(e.classify(Storage::Cookie, name).map(|c| c.category), None, "{name}");
    }
    // No pattern in the catalog has a literal part shorter than 3 characters.
    for (pattern, _, _, _) in catalog_rows() {
        if pattern.contains('*') {
            let literal = pattern.replace('*', "");
            assert!(literal.len() >= 3, "pattern {pattern} is too short to be safe");
        }
    }
}

#[test]
fn dynamic_names_match() {
    let e = engine(&[]);
    for (name, storage, category) in [
        ("_gat_gtag_UA_12345_1", Storage::Cookie, "analytics"),
        ("_ga_X1Y2Z3", Storage::Cookie, "analytics"),
        ("_pk_id.1.a1b2", Storage::Cookie, "analytics"),
        ("_pk_ses.7.ffee", Storage::Cookie, "analytics"),
        ("mp_0123456789abcdef0123456789abcdef_mixpanel", Storage::Cookie, "analytics"),
        ("_hjSessionUser_3456789", Storage::Cookie, "analytics"),
        ("_hjSession_3456789", Storage::Cookie, "analytics"),
        ("AMCV_1234ABCD%40AdobeOrg", Storage::Cookie, "analytics"),
        ("intercom-id-abc123", Storage::Cookie, "functional"),
        ("wordpress_logged_in_0123abcd", Storage::Cookie, "necessary"),
        ("ac_client_user_id", Storage::LocalStorage, "analytics"),
        ("ac_client_user_id", Storage::Cookie, "marketing"),
        ("ac_client_anything_new", Storage::LocalStorage, "analytics"),
        ("cmplz_marketing", Storage::Cookie, "necessary"),
    ] {
        assert_eq!(e.classify(storage, name).map(|c| c.category), Some(category), "{name} ({storage})");
    }
}

#[test]
fn catalog_off_and_site_rules_win() {
    let (config, errors) = Config::from_text(r#"{"catalog": false}"#);
    let off = Engine::new(config, errors);
    assert_eq!(off.classify(Storage::Cookie, "_ga"), None);
    assert_eq!(off.classify(Storage::Cookie, "consent_agent").map(|c| c.source), Some(Source::Agent));
    let (config, errors) = Config::from_text(
        r#"{"platforms":["liferay-dxp"],"rules":[{"category":"functional","cookies":["_ga","ID"]}]}"#,
    );
    let site = Engine::new(config, errors);
    assert_eq!(
        site.classify(Storage::Cookie, "_ga").map(|c| (c.category, c.source)),
        Some(("functional", Source::Site))
    );
    assert_eq!(site.classify(Storage::Cookie, "ID").map(|c| c.source), Some(Source::Site));
}

#[test]
fn every_catalog_pattern_finds_itself() {
    let all: Vec<&str> = consent_agent::catalog::PLATFORMS.to_vec();
    let e = engine(&all);
    for (pattern, storage, category, pack) in catalog_rows() {
        let name = instance(&pattern);
        let found = e.classify(storage, &name).unwrap_or_else(|| panic!("{name} unknown"));
        assert!(matches(&pattern, &name));
        if pack.is_empty() {
            // A pack row for the same name may override the global one.
            continue;
        }
        assert_eq!(found.category, category, "{name} ({storage}) of pack {pack}");
    }
}
