//! Native tests of the catalog as shipped.
//!
//! * The seed platforms: every row of the seed table (`tests/data/seed_cookies.tsv`, copied from `../shared`)
//!   classifies, with its platform's pack enabled, to the category the seed
//!   document states (its own `category` column), except where the project
//!   decided otherwise: those decisions are listed below, each with the
//!   document's category, ours and why (catalog/README.md, "Decisions on the
//!   seed table's ambiguities"), and the list must be exact.
//! * Every row of `catalog/catalog.tsv` is reachable: a name made from its
//!   pattern classifies to that row (or to the row that wins by the
//!   documented precedence, worked out here without the crate's matcher).
//! * Short stems claim nothing; dynamic names match; packs stay opt-in.

use consent_agent::config::Config;
use consent_agent::engine::{Engine, Source};
use consent_agent::pattern::Storage;

/// The seed table, copied into the repository from
/// `../shared/data/seed_cookies.tsv` (the shared folder is read-only and may
/// not sit beside a clone), so the check runs from any clone.
const SEED_FILE: &str = "tests/data/seed_cookies.tsv";
/// Where the copy came from: when it is there, the copy must still match it.
const SHARED_SEED_FILE: &str = "../shared/data/seed_cookies.tsv";

const PACKS: &[(&str, &str)] = &[
    ("Creatio", "creatio"),
    ("Liferay DXP", "liferay-dxp"),
    ("Liferay Analytics Cloud", "liferay-analytics-cloud"),
    ("Liferay Cloud Console", "liferay-cloud-console"),
    ("Optimizely CMS", "optimizely-cms"),
    ("Optimizely DXP", "optimizely-dxp"),
];

/// Where the project departs from the seed document's `category` column:
/// (platform, name as the seed writes it, storage, the document's category,
/// the project's category, why). Every seed row not listed here must
/// classify exactly as the document says.
const DECISIONS: &[(&str, &str, &str, &str, &str, &str)] = &[(
    "Liferay DXP",
    "liferay.cookie.consent",
    "cookie",
    "functional",
    "necessary",
    "Liferay files its consent record as Preferences; a consent record is necessary here and is never deleted \
     (catalog/README.md; the seed's category_alt says necessary too)",
)];

/// Aliases in the seed's `aliases` column that are not cookie names, so the
/// pack does not claim them: (platform, alias, why).
const NOT_NAMES: &[(&str, &str, &str)] = &[(
    "Liferay DXP",
    "userTokenName",
    "a configuration key of Liferay's SSO, not a cookie; the default cookie name SM_USER is the row (catalog/README.md)",
)];

fn engine(platforms: &[&str]) -> Engine {
    let list: Vec<String> = platforms.iter().map(|p| format!("\"{p}\"")).collect();
    let (config, errors) = Config::from_text(&format!(r#"{{"platforms": [{}]}}"#, list.join(",")));
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(config, errors)
}

/// The seed table's rows as column name → value maps, or a failure naming the missing file.
fn seed_rows() -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(SEED_FILE).unwrap_or_else(|error| {
        panic!("{SEED_FILE} is missing ({error}): the seed table the catalog is checked against")
    });
    if let Ok(shared) = std::fs::read_to_string(SHARED_SEED_FILE) {
        assert!(shared == text, "{SEED_FILE} differs from {SHARED_SEED_FILE}: copy it again");
    }
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    for column in ["platform", "name_or_pattern", "storage", "category", "category_alt", "example_instance", "aliases"]
    {
        assert!(header.contains(&column), "{SEED_FILE} has no {column} column: {header:?}");
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().zip(l.split('\t')).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

#[test]
fn every_seed_row_classifies_as_the_seed_document_says_or_as_decided() {
    let rows = seed_rows();
    let mut departures = Vec::new();
    for row in &rows {
        let platform = row["platform"].as_str();
        let pattern = row["name_or_pattern"].as_str();
        let storage = Storage::parse(&row["storage"]).expect("a storage the agent knows");
        let pack =
            PACKS.iter().find(|(p, _)| *p == platform).unwrap_or_else(|| panic!("unknown platform {platform}")).1;
        let e = engine(&[pack]);
        // The seed's own example of a real name, not one made up from the pattern.
        let name = row["example_instance"].as_str();
        let found =
            e.classify(storage, name).unwrap_or_else(|| panic!("{name} ({storage}) is unknown with pack {pack}"));
        assert_eq!(found.source, Source::Platform(pack), "{name} ({storage}) is in the {pack} pack");
        assert_eq!(found.entry.map(|e| e.pattern), Some(pattern), "{name} ({storage}) is classified by the seed's row");
        let stated = row["category"].as_str();
        if found.category != stated {
            departures.push((platform, pattern, storage.as_str(), stated, found.category.to_string()));
            // A departure goes the way the document's own alternative reading goes.
            assert!(
                row["category_alt"].split('|').any(|alt| alt == found.category),
                "{name}: {} is neither the document's category ({stated}) nor its alternative ({})",
                found.category,
                row["category_alt"]
            );
        }
        // Other spellings the seed notes (typos, the spelling seen on live sites) classify the same way.
        for alias in row["aliases"].split('|').filter(|a| !a.is_empty()) {
            if NOT_NAMES.iter().any(|(p, a, _)| *p == platform && *a == alias) {
                assert_eq!(e.classify(storage, alias), None, "{alias} is not a cookie name");
            } else {
                assert_eq!(e.classify(storage, alias).map(|c| c.category), Some(found.category), "alias {alias}");
            }
        }
    }
    assert_eq!(rows.len(), 93, "the seed table's rows");
    departures.dedup(); // the seed lists liferay.cookie.consent twice
    let decided: Vec<(&str, &str, &str, &str, String)> =
        DECISIONS.iter().map(|d| (d.0, d.1, d.2, d.3, d.4.to_string())).collect();
    assert_eq!(departures, decided, "departures from the seed document must be exactly the listed decisions");
}

/// The catalog file's storage rows: (pattern, storage, category, pack).
/// Script and embed sources (`script` rows) are tested in `src/sources.rs`.
fn catalog_rows() -> Vec<(String, Storage, String, String)> {
    let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && l.split('\t').nth(1) != Some("script"))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), Storage::parse(c[1]).expect("storage"), c[2].to_string(), c[3].to_string())
        })
        .collect()
}

/// `*` globs, written here apart from the crate's matcher: each `*` matches
/// any run of characters (recursive, fine for a test).
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|i| glob(rest, &name[i..])),
        Some((c, rest)) => name.first() == Some(c) && glob(rest, &name[1..]),
    }
}

/// A layer's pattern with its text before the first `*` and after the last
/// one, which a name it matches must start and end with (a cheap filter
/// before `glob`).
struct Candidate<'a> {
    pattern: &'a str,
    head: &'a str,
    tail: &'a str,
}

impl<'a> Candidate<'a> {
    fn new(pattern: &'a str) -> Candidate<'a> {
        let head = pattern.split('*').next().unwrap_or_default();
        let tail = if pattern.contains('*') { pattern.rsplit('*').next().unwrap_or_default() } else { pattern };
        Candidate { pattern, head, tail }
    }

    fn matches(&self, name: &str) -> bool {
        name.starts_with(self.head) && name.ends_with(self.tail) && glob(self.pattern.as_bytes(), name.as_bytes())
    }
}

/// The documented precedence within a layer: an exact name beats every
/// pattern, then the pattern with the most literal characters.
fn specificity(pattern: &str) -> usize {
    if pattern.contains('*') {
        pattern.len() - pattern.matches('*').count()
    } else {
        usize::MAX
    }
}

#[test]
fn every_catalog_row_is_reachable_with_its_category() {
    let rows = catalog_rows();
    assert!(rows.len() > 600, "{} rows", rows.len());
    let global = engine(&[]);
    let packs: std::collections::HashMap<&str, Engine> =
        consent_agent::catalog::PLATFORMS.iter().map(|p| (*p, engine(&[p]))).collect();
    // The layer that answers for a row: its own pack alone, else the global rows; per storage.
    let mut layers: std::collections::HashMap<(&str, Storage), Vec<Candidate>> = std::collections::HashMap::new();
    for (pattern, storage, _, pack) in &rows {
        layers.entry((pack.as_str(), *storage)).or_default().push(Candidate::new(pattern));
    }
    let mut checked = 0;
    for (pattern, storage, category, pack) in &rows {
        // A name the pattern covers: each `*` becomes text no other row spells.
        let name = pattern.replace('*', "Qz7");
        let matching: Vec<&str> =
            layers[&(pack.as_str(), *storage)].iter().filter(|c| c.matches(&name)).map(|c| c.pattern).collect();
        let best = matching.iter().map(|p| specificity(p)).max().expect("the row matches its own instance");
        let winners: Vec<&str> = matching.into_iter().filter(|p| specificity(p) == best).collect();
        let found = if pack.is_empty() { &global } else { &packs[pack.as_str()] }.classify(*storage, &name);
        let found = found.unwrap_or_else(|| panic!("{name} ({storage}) unknown"));
        let expected_source =
            if pack.is_empty() { Source::Catalog } else { Source::Platform(consent_agent_pack(pack)) };
        assert_eq!(found.source, expected_source, "{name} ({storage})");
        let entry = found.entry.expect("a catalog row");
        assert!(
            winners.contains(&entry.pattern),
            "{name} ({storage}): classified by {} instead of {winners:?}",
            entry.pattern
        );
        assert_eq!(winners, [pattern.as_str()], "{pattern} ({storage}, pack {pack:?}) is shadowed by {winners:?}");
        assert_eq!(found.category, category, "{name} ({storage}) of pack {pack:?}");
        checked += 1;
    }
    assert_eq!(checked, rows.len());
}

/// The crate's `&'static str` for a pack id read from the file.
fn consent_agent_pack(pack: &str) -> &'static str {
    consent_agent::catalog::PLATFORMS.iter().find(|p| **p == pack).unwrap_or_else(|| panic!("unknown pack {pack}"))
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

/// The tag-names rule (issue "Every storage a tracker uses"): the script
/// tag carries every row a first-party page can see, and leaves out only
/// rows no page script ever sees: third-party (`party` `third`), `rare`,
/// and global cookies the server sets `HttpOnly` (`server_set` `yes`; pack
/// rows stay whatever their `server_set`).
#[test]
fn the_tag_carries_every_name_a_first_party_page_can_see() {
    let in_tag: std::collections::HashSet<&str> = consent_agent::catalog::in_tag_patterns().iter().copied().collect();
    let text = std::fs::read_to_string("catalog/catalog.tsv").expect("catalog/catalog.tsv");
    let (mut carried, mut left_out) = (0, 0);
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let c: Vec<&str> = line.split('\t').collect();
        let (pattern, storage, pack, server_set, party) = (c[0], c[1], c[3], c[6], c[8]);
        if storage == "script" {
            continue;
        }
        let visible = party == "first" && (server_set != "yes" || storage != "cookie" || !pack.is_empty());
        if visible {
            carried += 1;
            assert!(in_tag.contains(pattern), "{pattern} ({storage}) is visible to page scripts but not in the tag");
        } else {
            left_out += 1;
        }
    }
    println!("rows in the tag: {carried}; left out (third-party, rare, global HttpOnly): {left_out}");
    assert!(carried > 3000, "{carried}");
}
