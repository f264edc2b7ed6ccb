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
use std::fmt;

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
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordError::Malformed => "the stored consent record is malformed",
            RecordError::Tampered => "the stored consent record was altered",
            RecordError::Expired => "the stored consent record has expired",
            RecordError::Outdated => "the stored consent record predates the current config revision",
        })
    }
}

fn check(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

fn hex(n: u32) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..8).rev().map(|i| DIGITS[(n >> (i * 4)) as usize & 15] as char).collect()
}

impl ConsentRecord {
    /// The cookie value.
    pub fn encode(&self) -> String {
        let body = format!(
            "2~{}~{}~{}~{}~{}~{}~{}",
            self.revision,
            self.decided_at,
            self.expires_at,
            self.id,
            self.granted.join("+"),
            self.denied.join("+"),
            u8::from(self.signal)
        );
        let sum = hex(check(&body));
        body + "~" + &sum
    }

    /// Decodes a cookie value, rejecting anything not produced by [`encode`](Self::encode).
    pub fn decode(value: &str) -> Result<ConsentRecord, RecordError> {
        let (body, sum) = value.rsplit_once('~').ok_or(RecordError::Malformed)?;
        let fields: Vec<&str> = body.split('~').collect();
        let signal = match (fields.first(), fields.len(), fields.get(7)) {
            (Some(&"1"), 7, None) => false,
            (Some(&"2"), 8, Some(&"0")) => false,
            (Some(&"2"), 8, Some(&"1")) => true,
            _ => return Err(RecordError::Malformed),
        };
        if sum != hex(check(body)) {
            return Err(RecordError::Tampered);
        }
        let number = |s: &str| -> Result<u64, RecordError> {
            if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(RecordError::Malformed);
            }
            s.parse().map_err(|_| RecordError::Malformed)
        };
        let ids = |s: &str| -> Result<Vec<String>, RecordError> {
            if s.is_empty() {
                return Ok(Vec::new());
            }
            s.split('+').map(|id| if valid_id(id) { Ok(id.to_string()) } else { Err(RecordError::Malformed) }).collect()
        };
        let revision = u32::try_from(number(fields[1])?).map_err(|_| RecordError::Malformed)?;
        let id = fields[4];
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RecordError::Malformed);
        }
        Ok(ConsentRecord {
            revision,
            decided_at: number(fields[2])?,
            expires_at: number(fields[3])?,
            id: id.to_string(),
            granted: ids(fields[5])?,
            denied: ids(fields[6])?,
            signal,
        })
    }

    /// Whether the record still stands at `now` (Unix seconds) under config
    /// `revision`.
    pub fn validate(&self, now: u64, revision: u32) -> Result<(), RecordError> {
        if now >= self.expires_at {
            Err(RecordError::Expired)
        } else if revision > self.revision {
            Err(RecordError::Outdated)
        } else {
            Ok(())
        }
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
        // A well-formed body with a bad character in a list still fails even with a right check.
        let body = "1~1~1~2~id~a b~";
        let text = format!("{body}~{}", hex(check(body)));
        assert_eq!(ConsentRecord::decode(&text), Err(RecordError::Malformed));
        let huge = format!("1~99999999999~1~2~id~~~{}", hex(check("1~99999999999~1~2~id~~")));
        assert_eq!(ConsentRecord::decode(&huge), Err(RecordError::Malformed));
        for body in ["2~1~1~2~id~a~b~yes", "2~1~1~2~id~a~b", "1~1~1~2~id~a~b~1"] {
            let text = format!("{body}~{}", hex(check(body)));
            assert_eq!(ConsentRecord::decode(&text), Err(RecordError::Malformed), "{body}");
        }
    }

    #[test]
    fn format_1_records_still_count_as_chosen_without_the_signal() {
        let body = "1~2~1790000000~1805724800~k3j9x0a7q2m1~necessary+analytics~functional+marketing";
        let text = format!("{body}~{}", hex(check(body)));
        assert_eq!(ConsentRecord::decode(&text), Ok(sample()));
    }

    #[test]
    fn expiry_and_revision() {
        let r = sample();
        assert_eq!(r.validate(1_790_000_001, 2), Ok(()));
        assert_eq!(r.validate(1_790_000_001, 1), Ok(()));
        assert_eq!(r.validate(1_790_000_001, 3), Err(RecordError::Outdated));
        assert_eq!(r.validate(1_805_724_800, 2), Err(RecordError::Expired));
    }
}
