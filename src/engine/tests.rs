//! The engine's unit tests: choices, records, signals, fail-closed.

use super::*;

fn engine(text: &str) -> Engine {
    let (config, errors) = Config::from_text(text);
    Engine::new(config, errors)
}

const SITE: &str = r#"{
    "categories": [{"id":"necessary","required":true},{"id":"functional"},{"id":"analytics"},{"id":"marketing"}],
    "rules": [
        {"category":"analytics","cookies":["_ga","_ga_*"],"localStorage":["ac_client_*"]},
        {"category":"functional","cookies":["site_theme"]},
        {"category":"marketing","cookies":["_ga_SPECIAL"]}
    ]
}"#;

#[test]
fn nothing_stored_means_required_only() {
    let e = engine(SITE);
    assert!(!e.decide(Storage::Cookie, "_ga").keep);
    assert!(!e.decide(Storage::LocalStorage, "ac_client_user_id").keep);
    assert!(e.decide(Storage::Cookie, "consent_agent").keep);
    assert!(e.decide(Storage::Cookie, "some_site_cookie").keep);
    assert_eq!(e.decide(Storage::Cookie, "some_site_cookie").category, None);
}

#[test]
fn a_choice_grants_exactly_what_was_chosen() {
    let mut e = engine(SITE);
    e.choose(["analytics"], 1000, "abc".into());
    assert!(e.decide(Storage::Cookie, "_ga").keep);
    assert!(e.decide(Storage::Cookie, "_ga_XYZ").keep);
    assert!(!e.decide(Storage::Cookie, "_ga_SPECIAL").keep, "exact site rule wins over pattern");
    assert!(!e.decide(Storage::Cookie, "site_theme").keep);
    let r = e.record.clone().unwrap();
    assert_eq!(r.granted, ["necessary", "analytics"]);
    assert_eq!(r.denied, ["functional", "marketing"]);
    assert_eq!(r.expires_at, 1000 + 182 * 86_400);
}

#[test]
fn global_privacy_control_refuses_marketing_unless_chosen_with_the_signal_on() {
    let mut e = engine(SITE);
    e.choose(["analytics", "marketing"], 1000, "abc".into());
    assert!(e.granted("marketing"));
    // An earlier choice (made without the signal) no longer grants what the signal refuses.
    e.signal = true;
    assert!(!e.granted("marketing"));
    assert!(!e.decide(Storage::Cookie, "_ga_SPECIAL").keep);
    assert!(e.granted("analytics"), "only the categories the signal refuses");
    // "Accept all" (in the web layer: every category the signal does not
    // refuse) leaves them off; an explicit choice with the signal on grants them.
    let refused: Vec<bool> = e.config.categories.iter().map(|c| e.refused_by_signal(&c.id)).collect();
    assert_eq!(refused, [false, false, false, true]);
    e.choose(["functional", "analytics"], 2000, "abc".into());
    assert!(!e.granted("marketing") && e.granted("functional"));
    e.choose(["marketing"], 3000, "abc".into());
    assert!(e.record.as_ref().is_some_and(|r| r.signal));
    assert!(e.granted("marketing"));
    // A site that opts out of the signal.
    let mut ignoring = engine(&SITE.replacen('{', r#"{"globalPrivacyControl": [],"#, 1));
    ignoring.signal = true;
    assert!(!ignoring.refused_by_signal("marketing"));
}

#[test]
fn record_round_trip_through_the_jar() {
    let mut e = engine(SITE);
    let record = e.choose(["functional", "nonsense"], 1000, "abc".into()).clone();
    let write = e.record_write(&record, true);
    assert!(write.starts_with("consent_agent=2~1~1000~"));
    assert!(write.ends_with("; Path=/; Max-Age=15724800; SameSite=Lax; Secure"));
    let value = write.split(';').next().unwrap().split_once('=').unwrap().1;
    let mut fresh = engine(SITE);
    let jar = format!("a=1; consent_agent=garbage; consent_agent={value}");
    // Another, unreadable record beside it means no consent.
    assert_eq!(fresh.load_record(&jar, 2000, false, Attribution::Any), Err(RecordError::Malformed));
    assert!(fresh.record.is_none());
    let jar = format!("a=1; consent_agent={value}");
    assert_eq!(fresh.load_record(&jar, 2000, false, Attribution::Any), Ok(1));
    assert!(fresh.granted("functional"));
    assert!(!fresh.granted("analytics"));
    assert_eq!(fresh.load_record(&jar, 1000 + 182 * 86_400, false, Attribution::Any), Err(RecordError::Expired));
    assert!(fresh.record.is_none());
}

#[test]
fn tampered_record_means_no_consent() {
    let mut e = engine(SITE);
    let record = e.choose([], 1000, "abc".into()).clone();
    let tampered = record.encode().replace("~necessary~", "~necessary+analytics+marketing~");
    let mut fresh = engine(SITE);
    assert_eq!(
        fresh.load_record(&format!("consent_agent={tampered}"), 2000, false, Attribution::Any),
        Err(RecordError::Tampered)
    );
    assert!(!fresh.granted("analytics"));
}

#[test]
fn higher_revision_invalidates() {
    let mut e = engine(SITE);
    let record = e.choose(["analytics"], 1000, "abc".into()).clone();
    let mut newer = engine(&SITE.replacen('{', r#"{"revision": 2,"#, 1));
    assert_eq!(
        newer.load_record(&format!("consent_agent={}", record.encode()), 2000, false, Attribution::Any),
        Err(RecordError::Outdated)
    );
    assert!(!newer.granted("analytics"));
    // While the config loads the revision is not checked yet.
    assert_eq!(newer.load_record(&format!("consent_agent={}", record.encode()), 2000, true, Attribution::Any), Ok(1));
}

#[test]
fn several_records_grant_only_what_all_grant() {
    let mut e = engine(SITE);
    let accepted = e.choose(["functional", "analytics", "marketing"], 1000, "old".into()).encode();
    let rejected = e.choose([], 2000, "new".into()).encode();
    for jar in [
        format!("consent_agent={accepted}; consent_agent={rejected}"),
        format!("consent_agent={rejected}; consent_agent={accepted}"),
    ] {
        let mut fresh = engine(SITE);
        assert_eq!(fresh.load_record(&jar, 3000, false, Attribution::Any), Ok(2));
        assert!(!fresh.granted("analytics") && !fresh.granted("marketing") && !fresh.granted("functional"));
        assert_eq!(fresh.record.as_ref().map(|r| r.id.as_str()), Some("new"));
    }
    // A record from a sibling that grants more cannot widen a refusal;
    // one that is invalid voids them all.
    let mut fresh = engine(SITE);
    let bogus = accepted.replace("~1000~", "~999999~");
    assert_eq!(
        fresh.load_record(&format!("consent_agent={bogus}; consent_agent={accepted}"), 3000, false, Attribution::Any),
        Err(RecordError::Tampered)
    );
    assert!(!fresh.granted("analytics"));
}

#[test]
fn invalid_config_fails_closed() {
    let mut e = engine(r#"{"rules":[{"category":"analytic","cookies":["_ga"]}]}"#);
    assert!(e.fail_closed());
    e.choose(["analytics", "marketing", "functional"], 1000, "abc".into());
    assert!(!e.granted("analytics"));
    assert!(e.granted("necessary"));
    assert!(e.decide(Storage::Cookie, "consent_agent").keep);
}

#[test]
fn unknown_policy() {
    let e = engine(r#"{"unknown":"delete"}"#);
    assert!(!e.decide(Storage::Cookie, "mystery").keep);
    assert!(e.decide(Storage::Cookie, "consent_agent").keep);
}

#[test]
fn unknown_delete_keeps_what_keeps_a_site_working() {
    let e = engine(r#"{"unknown":"delete","catalog":false}"#);
    for name in ["XSRF-TOKEN", "csrftoken", "_csrf", "PHPSESSID", "connect.sid", "my_app_session", "cartId", "sid"] {
        assert!(e.decide(Storage::Cookie, name).keep, "{name}");
    }
    assert!(e.decide(Storage::LocalStorage, "shop.basket").keep);
    for name in ["mystery", "sidebar_state", "inside", "_tracker_id"] {
        assert!(!e.decide(Storage::Cookie, name).keep, "{name}");
    }
    // Classified names are decided by their category, not their spelling.
    let e = engine(r#"{"unknown":"delete","rules":[{"category":"analytics","cookies":["stats_session"]}]}"#);
    assert!(!e.decide(Storage::Cookie, "stats_session").keep);
}

#[test]
fn categories_outside_the_config_are_refused_except_necessary() {
    let e = engine(
        r#"{"categories":[{"id":"essential","required":true},{"id":"stats"}],"rules":[{"category":"stats","cookies":["s"]}]}"#,
    );
    assert!(!e.granted("analytics"));
    assert!(e.granted("necessary"));
    assert!(e.granted("essential"));
    assert!(!e.decide(Storage::Cookie, "s").keep);
}

#[test]
fn only_the_agents_own_record_grants_and_others_only_restrict() {
    let mut e = engine(SITE);
    let accepted = e.choose(["functional", "analytics", "marketing"], 1000, "mine".into()).encode();
    let rejected = e.choose([], 1500, "theirs".into()).encode();
    let jar = |values: &[&str]| values.iter().map(|v| format!("consent_agent={v}")).collect::<Vec<_>>().join("; ");
    // The agent's own record (its value is the kept copy) grants.
    let mut fresh = engine(SITE);
    assert_eq!(fresh.load_record(&jar(&[&accepted]), 2000, false, Attribution::Witness(&accepted)), Ok(1));
    assert!(fresh.granted("marketing"));
    // A valid record the agent did not write (no copy kept, or another
    // one) is no choice: the visitor is asked, nothing is granted.
    for witness in ["", rejected.as_str()] {
        let mut fresh = engine(SITE);
        assert_eq!(
            fresh.load_record(&jar(&[&accepted]), 2000, false, Attribution::Witness(witness)),
            Err(RecordError::NotTheAgents)
        );
        assert!(fresh.record.is_none() && !fresh.granted("analytics"));
    }
    // Beside the agent's own, another record can restrict, never widen.
    let mut fresh = engine(SITE);
    assert_eq!(fresh.load_record(&jar(&[&accepted, &rejected]), 2000, false, Attribution::Witness(&accepted)), Ok(2));
    assert!(!fresh.granted("analytics") && fresh.record.is_some());
    let mut fresh = engine(SITE);
    assert_eq!(fresh.load_record(&jar(&[&accepted, &rejected]), 2000, false, Attribution::Witness(&rejected)), Ok(2));
    assert!(!fresh.granted("analytics"));
    // A shared domain in the config: every host under it writes the record.
    let mut shared = engine(&SITE.replacen('{', r#"{"consentCookie": {"domain": "shop.example"},"#, 1));
    assert_eq!(shared.load_record(&jar(&[&accepted]), 2000, false, Attribution::Witness("")), Ok(1));
    assert!(shared.granted("analytics"));
    // The copy in localStorage is the agent's own entry, kept whatever the
    // choice; no page script may write it or the record.
    assert!(e.decide(Storage::LocalStorage, "consent_agent").keep);
    for storage in [Storage::Cookie, Storage::LocalStorage] {
        assert!(!e.page_may_write(storage, "consent_agent"));
    }
    assert!(e.page_may_write(Storage::SessionStorage, "consent_agent"));
}
