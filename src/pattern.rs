//! Name patterns and the index that finds the most specific one for a name.
//!
//! A pattern is an exact name or contains `*` wildcards, each matching any
//! run of characters (also none). `_ga` matches only `_ga`; `_ga_*` matches
//! `_ga_X1Y2`; `mp_*_mixpanel` matches `mp_0a1b…_mixpanel` but not
//! `mp_checkout_step`.
//!
//! Size and speed choices: no regular-expression engine is shipped (the
//! `regex-lite` crate costs about 29 KB gzip); `*` covers every name in the
//! catalog. Lookup cost does not grow with the number of patterns: exact
//! names and the literal prefix of every pattern (the text before its first
//! `*`) sit in one chained hash table, and a lookup hashes each prefix of the
//! name once (FNV-1a is incremental), so a name of length `n` costs `n + 1`
//! bucket probes whatever the table holds. Among matches, an exact name wins,
//! then the pattern with the most literal characters.

use crate::prelude::*;
use crate::text;
use core::fmt;

/// Where an entry lives in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Storage {
    /// `document.cookie`
    Cookie,
    /// `window.localStorage`
    LocalStorage,
    /// `window.sessionStorage`
    SessionStorage,
    /// An IndexedDB database of the page's origin, by its name.
    IndexedDb,
}

impl Storage {
    /// All storages, in the order reports list them.
    pub const ALL: [Storage; 4] = [Storage::Cookie, Storage::LocalStorage, Storage::SessionStorage, Storage::IndexedDb];

    /// The name used in the API, the config and the catalog.
    pub fn as_str(self) -> &'static str {
        match self {
            Storage::Cookie => "cookie",
            Storage::LocalStorage => "localStorage",
            Storage::SessionStorage => "sessionStorage",
            Storage::IndexedDb => "indexedDB",
        }
    }

    /// The inverse of [`Storage::as_str`].
    pub fn parse(text: &str) -> Option<Storage> {
        Storage::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `name` matches `pattern`, where each `*` matches any run of
/// characters. Linear-time greedy matching with one backtrack point, the
/// classic algorithm for `*`-only globs; works on bytes, so it never slices
/// inside a UTF-8 character.
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&here) = n.get(ni) {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == here => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == b'*')
}

/// The literal text before the first `*` (the whole pattern when it has none).
pub fn literal_prefix(pattern: &str) -> &str {
    text::split(pattern, b'*').next().unwrap_or_default()
}

/// How specific a pattern is: exact names beat every wildcard pattern, then
/// more literal characters beat fewer.
fn specificity(pattern: &str) -> usize {
    if text::has(pattern, b'*') {
        pattern.bytes().filter(|&b| b != b'*').count()
    } else {
        usize::MAX
    }
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

fn hash_start(storage: Storage) -> u32 {
    (FNV_OFFSET ^ storage as u32).wrapping_mul(FNV_PRIME)
}

fn hash_step(h: u32, byte: u8) -> u32 {
    (h ^ byte as u32).wrapping_mul(FNV_PRIME)
}

/// Marks the hash of a key that is an exact name rather than a prefix, so
/// `_ga` (exact) and `_ga*` (prefix `_ga`) never share a chain by accident.
const EXACT_MARK: u32 = 0x9e37_79b9;

const NONE: u32 = u32::MAX;

fn key_hash(storage: Storage, key: &[u8], exact: bool) -> u32 {
    let h = key.iter().fold(hash_start(storage), |h, &b| hash_step(h, b));
    if exact {
        h ^ EXACT_MARK
    } else {
        h
    }
}

/// One pattern in the index.
#[derive(Debug, Clone, Copy)]
struct Item {
    storage: Storage,
    /// The caller's id for the pattern (its position in the caller's list).
    id: u32,
    /// Full hash of the item's key (exact name, or literal prefix).
    hash: u32,
    /// Next item in the same bucket, or `NONE`.
    next: u32,
}

/// A set of patterns answering "which is the most specific match for this
/// name in this storage?" in time independent of how many patterns there
/// are. The index stores ids, not text: the caller keeps the patterns (site
/// rules in the config, catalog rows in static data) and passes a function
/// from id to pattern, so nothing is copied and the code is not generic.
#[derive(Debug, Clone, Default)]
pub struct PatternIndex {
    items: Vec<Item>,
    /// Head item of each bucket; the length is a power of two.
    buckets: Vec<u32>,
}

impl PatternIndex {
    /// Builds the index over `patterns` (`(storage, pattern)`, ids are
    /// positions). When two patterns tie, the lower id wins, so callers list
    /// higher-precedence entries first.
    pub fn new<'a>(patterns: impl Iterator<Item = (Storage, &'a str)>) -> PatternIndex {
        let mut items: Vec<Item> = Vec::new();
        for (storage, pattern) in patterns {
            let exact = !text::has(pattern, b'*');
            let hash = key_hash(storage, literal_prefix(pattern).as_bytes(), exact);
            items.push(Item { storage, id: items.len() as u32, hash, next: NONE });
        }
        let size = (items.len() * 2).next_power_of_two().max(8);
        let mut buckets = vec![NONE; size];
        // Insert in reverse so each chain lists lower ids first. (`get_mut`
        // where an index would do: no bounds-check panic in the module.)
        for (i, item) in items.iter_mut().enumerate().rev() {
            if let Some(head) = buckets.get_mut(item.hash as usize & (size - 1)) {
                item.next = *head;
                *head = i as u32;
            }
        }
        PatternIndex { items, buckets }
    }

    /// How many patterns the index holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the index holds no pattern.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The id of the most specific pattern matching `name` in `storage`: an
    /// exact name first, then the pattern with the most literal characters
    /// (ties: the lower id). `pattern` returns the text of an id.
    /// (`pattern` is a `dyn` function: one copy of the lookup serves site
    /// rules, packs and the catalog, where a generic one was compiled three
    /// times.)
    pub fn lookup<'p>(&self, storage: Storage, name: &str, pattern: &dyn Fn(u32) -> &'p str) -> Option<u32> {
        if self.items.is_empty() {
            return None;
        }
        let bytes = name.as_bytes();
        let mut best: Option<(usize, u32)> = None;
        self.consider(&mut best, storage, name, key_hash(storage, bytes, true), bytes.len(), true, pattern);
        if best.is_none() {
            // Every prefix of the name, hashed incrementally: one probe each.
            let mut h = hash_start(storage);
            self.consider(&mut best, storage, name, h, 0, false, pattern);
            for (i, &byte) in bytes.iter().enumerate() {
                h = hash_step(h, byte);
                self.consider(&mut best, storage, name, h, i + 1, false, pattern);
            }
        }
        best.map(|(_, id)| id)
    }

    /// Checks the bucket of one key (an exact name, or a prefix of `name` of
    /// `key_len` bytes) and keeps the better of `best` and its matches.
    #[allow(clippy::too_many_arguments)]
    fn consider<'p>(
        &self,
        best: &mut Option<(usize, u32)>,
        storage: Storage,
        name: &str,
        hash: u32,
        key_len: usize,
        exact: bool,
        pattern: &dyn Fn(u32) -> &'p str,
    ) {
        let mut i = self.buckets.get(hash as usize & (self.buckets.len() - 1)).copied().unwrap_or(NONE);
        while let Some(&item) = self.items.get(i as usize) {
            i = item.next;
            if item.hash != hash || item.storage != storage {
                continue;
            }
            let text = pattern(item.id);
            let fits = if exact {
                text == name
            } else {
                text::has(text, b'*') && literal_prefix(text).len() == key_len && matches(text, name)
            };
            if fits {
                let rank = specificity(text);
                if best.is_none_or(|(r, id)| rank > r || (rank == r && item.id < id)) {
                    *best = Some((rank, item.id));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matching() {
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga_*", "_ga_ABC123"));
        assert!(matches("_ga_*", "_ga_"));
        assert!(!matches("_ga_*", "_ga"));
        assert!(matches("mp_*_mixpanel", "mp_0123456789abcdef0123456789abcdef_mixpanel"));
        assert!(!matches("mp_*_mixpanel", "mp_checkout_step"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXbYY"));
        assert!(matches("_pk_id.*", "_pk_id.1.a1b2"));
        assert!(matches("*_session", "shop_session"));
        assert!(matches("a**b", "ab"));
        assert!(matches("é*", "éclair"));
    }

    /// Looks `name` up among `patterns` and returns the payload of the winner.
    fn find(patterns: &[(&str, u8)], name: &str) -> Option<u8> {
        let idx = PatternIndex::new(patterns.iter().map(|(p, _)| (Storage::Cookie, *p)));
        idx.lookup(Storage::Cookie, name, &|id| patterns[id as usize].0).map(|id| patterns[id as usize].1)
    }

    #[test]
    fn exact_beats_pattern_and_most_specific_wins() {
        let pats = [("_ga*", 1), ("_ga", 2), ("_ga_*", 3), ("_gat_gtag_UA_*", 4), ("_gat*", 5)];
        assert_eq!(find(&pats, "_ga"), Some(2));
        assert_eq!(find(&pats, "_ga_XYZ"), Some(3));
        assert_eq!(find(&pats, "_gab"), Some(1));
        assert_eq!(find(&pats, "_gat_gtag_UA_123_1"), Some(4));
        assert_eq!(find(&pats, "_gat"), Some(5));
        assert_eq!(find(&pats, "ga"), None);
    }

    #[test]
    fn most_literal_characters_win() {
        let pats = [("mp_*", 1), ("mp_*_mixpanel", 2), ("*_mixpanel_extra", 3)];
        assert_eq!(find(&pats, "mp_abc_mixpanel"), Some(2));
        assert_eq!(find(&pats, "mp_abc"), Some(1));
        assert_eq!(find(&pats, "mp_abc_mixpanel_extra"), Some(3));
    }

    #[test]
    fn storage_aware() {
        let pats = [(Storage::Cookie, "ac_client_user_id"), (Storage::LocalStorage, "ac_client_*")];
        let idx = PatternIndex::new(pats.iter().copied());
        let look = |s, n| idx.lookup(s, n, &|id| pats[id as usize].1);
        assert_eq!(look(Storage::Cookie, "ac_client_user_id"), Some(0));
        assert_eq!(look(Storage::LocalStorage, "ac_client_user_id"), Some(1));
        assert_eq!(look(Storage::SessionStorage, "ac_client_user_id"), None);
        assert_eq!(look(Storage::Cookie, "ac_client_batch"), None);
    }

    #[test]
    fn first_duplicate_wins_and_catch_all_works() {
        let pats = [("x", 1), ("x", 2), ("*", 3)];
        assert_eq!(find(&pats, "x"), Some(1));
        assert_eq!(find(&pats, "anything"), Some(3));
        assert_eq!(find(&pats, ""), Some(3));
    }

    #[test]
    fn many_patterns_all_found() {
        let pats: Vec<String> =
            (0..2000).map(|i| if i % 2 == 0 { format!("exact{i}") } else { format!("pre{i}_*") }).collect();
        let idx = PatternIndex::new(pats.iter().map(|p| (Storage::Cookie, p.as_str())));
        for i in 0..2000u32 {
            let name = if i % 2 == 0 { format!("exact{i}") } else { format!("pre{i}_tail") };
            assert_eq!(idx.lookup(Storage::Cookie, &name, &|id| &pats[id as usize]), Some(i), "{name}");
        }
        assert_eq!(idx.lookup(Storage::Cookie, "pre1", &|id| &pats[id as usize]), None);
    }
}
