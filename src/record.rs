//! The consent record: the visitor's choice, stored in one first-party cookie.
//!
//! Format (one cookie value, only characters RFC 6265 allows unquoted):
//!
//! ```text
//! 2~<revision>~<decided, Unix seconds>~<expires, Unix seconds>~<id>~<granted>~<denied>~<signal>~<check>
//! ```
//!
//! `signal` is `1` when the browser sent Global Privacy Control as the
//! visitor chose, else `0`. Records of format 1 (the same without `signal`)
//! are still read, as chosen without the signal.
//!
//! `granted` and `denied` are category ids joined by `+` (ids are restricted
//! to ASCII letters, digits, `_` and `-`, so no escaping is needed). `check`
//! is an FNV-1a hash of everything before it, in hex. It detects a record that
//! was edited by hand or truncated, not a determined forger: anybody can
//! compute it, and nothing in a page can keep a secret. Any record that does
//! not decode exactly is treated as no consent.

use crate::config::valid_id;
use crate::prelude::*;
use crate::text;
use core::fmt;

/// A decoded consent record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The config revision the choice was made under.
    pub revision: u32,
    /// When the visitor chose, Unix seconds.
    pub decided_at: u64,
    /// When the choice lapses, Unix seconds.
    pub expires_at: u64,
    /// A random id, so a site can prove which choice a visitor made.
    pub id: String,
    /// Category ids the visitor granted.
    pub granted: Vec<String>,
    /// Category ids the visitor denied, stated explicitly so a record is
    /// readable on its own.
    pub denied: Vec<String>,
    /// Whether the browser sent Global Privacy Control when the visitor
    /// chose: only such a choice can grant the categories the signal refuses.
    pub signal: bool,
}

/// Why a stored record was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    /// Not in the format above (wrong version, field count, characters).
    Malformed,
    /// The check does not match: the value was altered.
    Tampered,
    /// The record's time is over.
    Expired,
    /// The site raised its config revision since the choice.
    Outdated,
    /// Decided later than now (beyond [`CLOCK_SKEW_SECONDS`]): not written by this visitor's agent.
    FromTheFuture,
    /// Made under a higher config revision than the page's.
    NewerRevision,
    /// Grants and denies the same category.
    Contradictory,
    /// Names a category the config does not have.
    UnknownCategory,
    /// Valid, but not written by the agent on this site (a page script,
    /// the server, or a sibling host under a parent domain the config does
    /// not name): it may restrict a choice of the visitor's, never stand for one.
    NotTheAgents,
}

/// How far a record's decision time may lie ahead of the visitor's clock
/// (clocks are adjusted; ten minutes covers that, and a record further in
/// the future was not written by this visitor's agent).
pub const CLOCK_SKEW_SECONDS: u64 = 600;

impl RecordError {
    /// A sentence a web developer understands, for the console.
    pub fn message(self) -> &'static str {
        match self {
            RecordError::Malformed => "the stored consent record is malformed",
            RecordError::Tampered => "the stored consent record was altered",
            RecordError::Expired => "the stored consent record has expired",
            RecordError::Outdated => "the stored consent record predates the current config revision",
            RecordError::FromTheFuture => "the stored consent record is dated in the future",
            RecordError::NewerRevision => "the stored consent record names a config revision above the current one",
            RecordError::Contradictory => "the stored consent record both grants and denies a category",
            RecordError::UnknownCategory => "the stored consent record names a category the config does not have",
            RecordError::NotTheAgents => {
                "a consent record the agent did not write was found (a page script, the server or a sibling host \
                 set it); it cannot stand for the visitor's choice"
            }
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

fn check(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

fn hex(n: u32) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(8);
    for shift in [28, 24, 20, 16, 12, 8, 4, 0] {
        out.push(char::from(DIGITS[(n >> shift) as usize & 15]));
    }
    out
}

impl ConsentRecord {
    /// The cookie value.
    pub fn encode(&self) -> String {
        let body = text::concat(&[
            "2~",
            &text::number(u64::from(self.revision)),
            "~",
            &text::number(self.decided_at),
            "~",
            &text::number(self.expires_at),
            "~",
            &self.id,
            "~",
            &text::join(&self.granted, '+'),
            "~",
            &text::join(&self.denied, '+'),
            if self.signal { "~1" } else { "~0" },
        ]);
        let sum = hex(check(&body));
        body + "~" + &sum
    }

    /// Decodes a cookie value, rejecting anything not produced by [`encode`](Self::encode).
    pub fn decode(value: &str) -> Result<ConsentRecord, RecordError> {
        let (body, sum) = text::split_last(value, b'~').ok_or(RecordError::Malformed)?;
        let fields: Vec<&str> = text::split(body, b'~').collect();
        let (signal, rest) = match fields.as_slice() {
            ["1", rest @ ..] => (false, rest),
            ["2", rest @ .., "0"] => (false, rest),
            ["2", rest @ .., "1"] => (true, rest),
            _ => return Err(RecordError::Malformed),
        };
        let [revision, decided_at, expires_at, id, granted, denied] = rest else {
            return Err(RecordError::Malformed);
        };
        if sum != hex(check(body)) {
            return Err(RecordError::Tampered);
        }
        let number = |s: &str| -> Result<u64, RecordError> {
            if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(RecordError::Malformed);
            }
            // At most 15 digits: no overflow, and no `str::parse` machinery in the module.
            Ok(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
        };
        let ids = |s: &str| -> Result<Vec<String>, RecordError> {
            if s.is_empty() {
                return Ok(Vec::new());
            }
            let mut out = Vec::new();
            for id in text::split(s, b'+') {
                if !valid_id(id) {
                    return Err(RecordError::Malformed);
                }
                out.push(id.to_string());
            }
            Ok(out)
        };
        let revision = u32::try_from(number(revision)?).map_err(|_| RecordError::Malformed)?;
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RecordError::Malformed);
        }
        Ok(ConsentRecord {
            revision,
            decided_at: number(decided_at)?,
            expires_at: number(expires_at)?,
            id: id.to_string(),
            granted: ids(granted)?,
            denied: ids(denied)?,
            signal,
        })
    }

    /// Whether the record still stands at `now` (Unix seconds) under a
    /// config of `revision` whose categories are those `known` accepts, and
    /// whose records last at most `max_age` seconds (a record claiming a
    /// longer life lapses at `decided_at + max_age`). With `revision`
    /// `None` (the config is still loading) neither the revision nor the
    /// category ids are checked yet.
    pub fn validate(
        &self,
        now: u64,
        revision: Option<u32>,
        known: impl Fn(&str) -> bool,
        max_age: u64,
    ) -> Result<(), RecordError> {
        if self.granted.iter().any(|g| self.denied.contains(g)) {
            return Err(RecordError::Contradictory);
        }
        if self.decided_at > now.saturating_add(CLOCK_SKEW_SECONDS) || self.expires_at < self.decided_at {
            return Err(RecordError::FromTheFuture);
        }
        if now >= self.expires_at.min(self.decided_at.saturating_add(max_age)) {
            return Err(RecordError::Expired);
        }
        let Some(revision) = revision else {
            return Ok(());
        };
        if revision > self.revision {
            Err(RecordError::Outdated)
        } else if revision < self.revision {
            Err(RecordError::NewerRevision)
        } else if !self.granted.iter().chain(&self.denied).all(|id| known(id)) {
            Err(RecordError::UnknownCategory)
        } else {
            Ok(())
        }
    }

    /// The most restrictive reading of several valid records: a category is
    /// granted only when every record grants it; the dates, id and revision
    /// are those of the latest decision, the expiry the earliest, and the
    /// Global Privacy Control mark holds only when every record carries it.
    pub fn combine(mut self, other: &ConsentRecord) -> ConsentRecord {
        self.granted.retain(|g| other.grants(g));
        for d in other.denied.iter().chain(&other.granted) {
            if !self.granted.contains(d) && !self.denied.contains(d) {
                self.denied.push(d.clone());
            }
        }
        self.expires_at = self.expires_at.min(other.expires_at);
        self.signal &= other.signal;
        if other.decided_at > self.decided_at {
            self.decided_at = other.decided_at;
            self.id.clone_from(&other.id);
            self.revision = other.revision;
        }
        self
    }

    /// Whether the visitor granted `category` in this record.
    pub fn grants(&self, category: &str) -> bool {
        self.granted.iter().any(|g| g == category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ConsentRecord {
        ConsentRecord {
            revision: 2,
            decided_at: 1_790_000_000,
            expires_at: 1_805_724_800,
            id: "k3j9x0a7q2m1".into(),
            granted: vec!["necessary".into(), "analytics".into()],
            denied: vec!["functional".into(), "marketing".into()],
            signal: false,
        }
    }

    #[test]
    fn round_trip() {
        let r = sample();
        let text = r.encode();
        assert!(text.starts_with("2~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~0~"));
        assert_eq!(ConsentRecord::decode(&text), Ok(r));
        let signal = ConsentRecord { signal: true, ..sample() };
        assert!(signal.encode().contains("~functional+marketing~1~"));
        assert_eq!(ConsentRecord::decode(&signal.encode()), Ok(signal));
        let empty = ConsentRecord { granted: vec![], denied: vec![], ..sample() };
        assert_eq!(ConsentRecord::decode(&empty.encode()), Ok(empty));
    }

    #[test]
    fn value_is_a_valid_cookie_value() {
        let text = sample().encode();
        assert!(text.bytes().all(|b| b.is_ascii_graphic() && !b";,\\\"".contains(&b)));
    }

    #[test]
    fn tampering_is_detected() {
        let text = sample().encode();
        let granted_more = text.replace("~functional+marketing~", "~~").replace("analytics", "analytics+marketing");
        assert_eq!(ConsentRecord::decode(&granted_more), Err(RecordError::Tampered));
        let later = text.replace("1805724800", "1905724800");
        assert_eq!(ConsentRecord::decode(&later), Err(RecordError::Tampered));
    }

    #[test]
    fn garbage_is_malformed() {
        for bad in [
            "",
            "~",
            "yes",
            "1~2~3",
            "2~2~1~2~id~~~00000000",
            "1~x~1~2~id~~~0",
            "1~1~1~2~id~a b~~0",
            "%E2%9C%93",
            "1~1~1~2~~~~0",
        ] {
            assert!(ConsentRecord::decode(bad).is_err(), "{bad}");
        }
        // Bodies with a right check (golden values) that are still not records.
        for text in [
            "1~1~1~2~id~a b~~5f32661a",
            "1~99999999999~1~2~id~~~4880e27d",
            "2~1~1~2~id~a~b~yes~0ede0e10",
            "2~1~1~2~id~a~b~97122ab9",
            "1~1~1~2~id~a~b~1~c9a3bdf3",
        ] {
            assert_eq!(ConsentRecord::decode(text), Err(RecordError::Malformed), "{text}");
        }
    }

    #[test]
    fn format_1_records_still_count_as_chosen_without_the_signal() {
        // A golden record: its check written down once, so a change that
        // voids stored records fails here.
        let text = "1~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing~a5241d1a";
        assert_eq!(ConsentRecord::decode(text), Ok(sample()));
    }

    const DAY: u64 = 86_400;
    fn known(id: &str) -> bool {
        ["necessary", "functional", "analytics", "marketing"].contains(&id)
    }

    #[test]
    fn expiry_and_revision() {
        let r = sample();
        let life = 182 * DAY;
        assert_eq!(r.validate(1_790_000_001, Some(2), known, life), Ok(()));
        assert_eq!(r.validate(1_790_000_001, Some(1), known, life), Err(RecordError::NewerRevision));
        assert_eq!(r.validate(1_790_000_001, Some(3), known, life), Err(RecordError::Outdated));
        assert_eq!(r.validate(1_805_724_800, Some(2), known, life), Err(RecordError::Expired));
        // A shorter configured life ends the record earlier.
        assert_eq!(r.validate(1_790_000_000 + 30 * DAY, Some(2), known, 30 * DAY), Err(RecordError::Expired));
        // While the config loads, neither revision nor categories are checked yet.
        assert_eq!(r.validate(1_790_000_001, None, |_| false, life), Ok(()));
    }

    #[test]
    fn records_the_agent_never_wrote_mean_no_consent() {
        let life = 182 * DAY;
        let now = 1_790_000_000;
        // Decided in the future, beyond the clock skew; within it is fine.
        let future = ConsentRecord { decided_at: now + 3600, expires_at: now + 3600 + DAY, ..sample() };
        assert_eq!(future.validate(now, Some(2), known, life), Err(RecordError::FromTheFuture));
        let skewed = ConsentRecord { decided_at: now + 60, ..sample() };
        assert_eq!(skewed.validate(now, Some(2), known, life), Ok(()));
        let backwards = ConsentRecord { expires_at: now - 1, ..sample() };
        assert_eq!(backwards.validate(now, Some(2), known, life), Err(RecordError::FromTheFuture));
        // Grants and denies the same category.
        let both = ConsentRecord { granted: vec!["analytics".into()], denied: vec!["analytics".into()], ..sample() };
        assert_eq!(both.validate(now + 1, Some(2), known, life), Err(RecordError::Contradictory));
        // Names a category the config does not have, granted or denied.
        let stranger = ConsentRecord { granted: vec!["everything".into()], ..sample() };
        assert_eq!(stranger.validate(now + 1, Some(2), known, life), Err(RecordError::UnknownCategory));
        let stranger = ConsentRecord { denied: vec!["nothing".into()], ..sample() };
        assert_eq!(stranger.validate(now + 1, Some(2), known, life), Err(RecordError::UnknownCategory));
    }

    #[test]
    fn several_records_read_most_restrictively() {
        let older = sample(); // grants analytics
        let newer = ConsentRecord {
            decided_at: 1_791_000_000,
            id: "newer".into(),
            granted: vec!["necessary".into(), "marketing".into()],
            denied: vec!["functional".into(), "analytics".into()],
            signal: true,
            ..sample()
        };
        for combined in [older.clone().combine(&newer), newer.clone().combine(&older)] {
            assert_eq!(combined.granted, ["necessary"]);
            assert!(!combined.grants("analytics") && !combined.grants("marketing"));
            assert!(!combined.signal);
            assert_eq!(combined.id, "newer");
            assert_eq!(combined.decided_at, 1_791_000_000);
            let mut denied = combined.denied.clone();
            denied.sort();
            assert_eq!(denied, ["analytics", "functional", "marketing"]);
        }
    }
}
