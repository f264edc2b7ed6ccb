//! Golden consent records: cookie values as visitors' browsers store them,
//! written out by hand, that must decode to exactly these values forever.
//! A change to the format, the field order or the check that would void
//! every visitor's stored choice fails here.
//!
//! The check fields were computed once, outside this crate, from the format
//! README.md and `src/record.rs` describe (FNV-1a, 32 bits, of everything
//! before the last `~`, in lower-case hex), with this Python and pasted as
//! literals; nothing here calls the crate's own hash:
//!
//! ```text
//! def fnv(s):
//!     h = 0x811c9dc5
//!     for b in s.encode():
//!         h = ((h ^ b) * 0x01000193) & 0xffffffff
//!     return format(h, "08x")
//! ```

use consent_agent::record::{ConsentRecord, RecordError};

const DAY: u64 = 86_400;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn record(
    revision: u32,
    decided_at: u64,
    expires_at: u64,
    id: &str,
    granted: &[&str],
    denied: &[&str],
    signal: bool,
) -> ConsentRecord {
    ConsentRecord {
        revision,
        decided_at,
        expires_at,
        id: id.into(),
        granted: ids(granted),
        denied: ids(denied),
        signal,
    }
}

/// Format 2 records (with the Global Privacy Control field), and what each means.
fn format_2() -> Vec<(&'static str, ConsentRecord)> {
    vec![
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~4b14e2a9",
            record(
                2,
                1_790_000_000,
                1_805_724_800,
                "k3j9x0a7q2m1",
                &["necessary", "analytics"],
                &["functional", "marketing"],
                false,
            ),
        ),
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+functional+analytics+marketing~~1~2664c1c1",
            record(
                2,
                1_790_000_000,
                1_805_724_800,
                "k3j9x0a7q2m1",
                &["necessary", "functional", "analytics", "marketing"],
                &[],
                true,
            ),
        ),
        (
            "2~7~1790000000~1790086400~A1b2C3~~~0~d7d7402e",
            record(7, 1_790_000_000, 1_790_086_400, "A1b2C3", &[], &[], false),
        ),
        (
            "2~1~1790000000~1805724800~site01~necessary+shop_reviews+ab-test~marketing~0~abfbca63",
            record(
                1,
                1_790_000_000,
                1_805_724_800,
                "site01",
                &["necessary", "shop_reviews", "ab-test"],
                &["marketing"],
                false,
            ),
        ),
        // Written by the agent itself (rejectAll() in Chromium 156 on the test
        // site), read back from the browser's jar; its check agrees with the
        // Python above.
        (
            "2~1~1795528369~1811253169~c32599b5cc3adf94~necessary~functional+analytics+marketing~0~d7d688d3",
            record(
                1,
                1_795_528_369,
                1_811_253_169,
                "c32599b5cc3adf94",
                &["necessary"],
                &["functional", "analytics", "marketing"],
                false,
            ),
        ),
    ]
}

/// Format 1 records (before the Global Privacy Control field): still read,
/// as chosen without the signal.
fn format_1() -> Vec<(&'static str, ConsentRecord)> {
    vec![
        (
            "1~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~a5241d1a",
            record(
                2,
                1_790_000_000,
                1_805_724_800,
                "k3j9x0a7q2m1",
                &["necessary", "analytics"],
                &["functional", "marketing"],
                false,
            ),
        ),
        (
            "1~1~1700000000~1715724800~legacy01~necessary~functional+analytics+marketing~92cca0b4",
            record(
                1,
                1_700_000_000,
                1_715_724_800,
                "legacy01",
                &["necessary"],
                &["functional", "analytics", "marketing"],
                false,
            ),
        ),
    ]
}

#[test]
fn format_2_records_decode_to_exactly_these_values() {
    for (text, expected) in format_2() {
        assert_eq!(ConsentRecord::decode(text), Ok(expected), "{text}");
    }
}

#[test]
fn format_1_records_decode_as_chosen_without_the_signal() {
    for (text, expected) in format_1() {
        assert_eq!(ConsentRecord::decode(text), Ok(expected), "{text}");
    }
}

#[test]
fn the_agent_writes_these_exact_values() {
    // What a visitor's browser stores today must be what the agent writes:
    // encode() of each choice is the literal, byte for byte.
    for (text, record) in format_2() {
        assert_eq!(record.encode(), text);
    }
    // A format 1 record is rewritten as format 2, with the signal off.
    let (_, old) = &format_1()[0];
    assert_eq!(old.encode(), format_2()[0].0);
}

#[test]
fn a_golden_record_still_counts() {
    let known = |id: &str| ["necessary", "functional", "analytics", "marketing"].contains(&id);
    let (text, _) = &format_2()[0];
    let record = ConsentRecord::decode(text).expect("decodes");
    assert_eq!(record.validate(1_790_000_001, Some(2), known, 182 * DAY), Ok(()));
    assert!(record.grants("analytics") && !record.grants("marketing"));
    let (old, _) = &format_1()[0];
    let old = ConsentRecord::decode(old).expect("decodes");
    assert_eq!(old.validate(1_790_000_001, Some(2), known, 182 * DAY), Ok(()));
}

#[test]
fn edited_or_cut_records_mean_no_consent() {
    let cases = [
        // Marketing added to the granted list by hand, the check left as it was.
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics+marketing~functional~0~4b14e2a9",
            RecordError::Tampered,
        ),
        // A later expiry typed in.
        (
            "2~2~1790000000~1905724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~4b14e2a9",
            RecordError::Tampered,
        ),
        // The signal switched on after the choice.
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~1~4b14e2a9",
            RecordError::Tampered,
        ),
        // The check in upper case: the format writes lower case only.
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~4B14E2A9",
            RecordError::Tampered,
        ),
        // Cut short (a cookie value truncated by a proxy).
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~4b14e2a",
            RecordError::Tampered,
        ),
        // Well-formed checks over bodies that break the format.
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~2~4914df83",
            RecordError::Malformed,
        ),
        (
            "1~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~f4999cd4",
            RecordError::Malformed,
        ),
        (
            "2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~2c93e78f",
            RecordError::Malformed,
        ),
        (
            "3~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~4b14e2a9",
            RecordError::Malformed,
        ),
        ("", RecordError::Malformed),
    ];
    for (text, error) in cases {
        assert_eq!(ConsentRecord::decode(text), Err(error), "{text}");
    }
}
