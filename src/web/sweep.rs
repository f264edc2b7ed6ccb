//! The sweep: read every jar, classify and decide each entry, delete the
//! refused ones (cookies in every scope visible to the page, storage keys),
//! re-read and report what was deleted, kept, unknown, or could not be
//! deleted. One pass, in Rust, over [`Jars`]; the core decides
//! ([`Engine::decide`], [`Scopes`]). A pass may run in slices (`pass.rs`).

mod pass;
pub use pass::Pass;

use super::jars::Jars;
use super::keyset::KeySet;
use crate::engine::Engine;
use crate::jar;
use crate::pattern::Storage;
use crate::prelude::*;
use crate::report::AuditRow;
use crate::scope::{Page, Scopes};

/// From this many refused keys in one storage on, and when they outnumber
/// the kept keys [`REWRITE_COST`] times or more, the storage is cleared and
/// the kept keys are written back; else each refused key is removed. In
/// Chromium a `removeItem` costs about 5 µs and a kept key's read and
/// rewrite about 13 µs (50,000 keys, 5,000 refused: 25 ms one by one,
/// 620 ms by clearing). Other tabs then see one `storage` event with a
/// null key, and one per kept key.
const MANY_KEYS: usize = 256;
const REWRITE_COST: usize = 3;

/// Whether a storage with `doomed` refused and `kept` kept keys is better
/// cleared and rewritten than its refused keys removed one by one.
fn clears(doomed: usize, kept: usize) -> bool {
    doomed >= MANY_KEYS && doomed >= kept.saturating_mul(REWRITE_COST)
}

/// Keys the change check reads per call: with more keys than this, one
/// block of them is compared per call, in turn (50,000 keys: 13 watcher
/// ticks for a full round, each reading 4,096 keys by index).
const BLOCK: usize = 4096;

/// The sweeper: the jars, and what the last sweep saw (to tell whether
/// anything changed since).
pub struct Sweeper {
    /// The page's jars.
    pub jars: Jars,
    last_jar: Option<String>,
    /// Per storage: the keys as the last sweep left them.
    last_keys: [KeyPrint; 2],
    /// The block the next change check compares, counted across both storages.
    next_block: usize,
    /// Per storage: the fingerprints ([`key_hash`]) of the keys sweeps
    /// kept, with why, and the config version they were classified under.
    kept: [KeySet; 2],
    kept_under: Option<u32>,
    /// A sliced sweep under way (see [`Pass`]).
    pub pending: Option<Pass>,
    /// The jar as `load_record` just read it, for the first sweep
    /// (`sweep_begin`), which follows in the same task: one read of
    /// `document.cookie` for both. Any other sweep drops it.
    pub fresh_jar: Option<String>,
    /// The record's cookies as the agent last noted them (`noteRecord`):
    /// a jar whose record cookies differ was changed by another tab's
    /// choice or a script.
    pub record: String,
}

/// A storage's keys as the last sweep saw them: how many, and a hash of
/// every [`BLOCK`] of them in the browser's order (which stays the same
/// while the keys do).
#[derive(Default)]
struct KeyPrint {
    count: u32,
    blocks: Vec<u64>,
}

/// FNV-1a over the keys, each followed by a byte no UTF-8 text holds.
fn hash<'a>(keys: impl Iterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for &b in key.as_bytes().iter().chain([0xff].iter()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// One key's fingerprint, for the set of kept keys: comparing 64-bit
/// numbers instead of strings makes the watcher's sweep over 50,000 keys
/// about twice as fast (and a hash set needs no sorting). A page script that forged a collision would keep
/// one refused key alive only on the watcher's path (every trapped write
/// is decided by name), and could as well have stored its data under a
/// kept name.
fn key_hash(key: &str) -> u64 {
    hash(core::iter::once(key))
}

impl KeyPrint {
    /// A print no storage matches: the next change check sees a change.
    fn unread() -> KeyPrint {
        KeyPrint { count: u32::MAX, blocks: Vec::new() }
    }

    fn of(keys: &[String]) -> KeyPrint {
        let blocks = keys.chunks(BLOCK).map(|block| hash(block.iter().map(String::as_str))).collect();
        KeyPrint { count: u32::try_from(keys.len()).unwrap_or(u32::MAX), blocks }
    }
}

/// How much a sweep decides and reports.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// Every entry decided and reported.
    Full,
    /// The watcher's and a choice's sweep: a storage key an earlier sweep
    /// kept under the same config (see [`Sweeper::sweep`]) is not
    /// classified again, only its category's grant looked up, and the
    /// report lists what was deleted or failed and the entries decided
    /// anew (50,000 keys and one new one: one decision, not 50,001).
    Brief,
}

const STORAGES: [Storage; 2] = [Storage::LocalStorage, Storage::SessionStorage];

/// The name in a cookie key (`name=` or a bare pair).
fn name_of(key: &str) -> &str {
    key.strip_suffix('=').unwrap_or(key)
}

impl Sweeper {
    /// A sweeper over `jars`, which has seen nothing yet.
    pub fn new(jars: Jars) -> Sweeper {
        Sweeper {
            jars,
            last_jar: None,
            last_keys: Default::default(),
            next_block: 0,
            kept: Default::default(),
            kept_under: None,
            pending: None,
            fresh_jar: None,
            record: String::new(),
        }
    }

    /// The jar as the last sweep left it.
    pub fn last_jar(&self) -> Option<&str> {
        self.last_jar.as_deref()
    }

    /// Whether the jar (as just read) or the storage keys differ from what
    /// the last sweep left. The key counts are compared every call; the
    /// keys themselves one [`BLOCK`] per call, in turn, so a check costs
    /// the same at 5,000 keys as at 50,000. A key replaced by another
    /// outside every trap (the count unchanged) is seen within one round.
    pub fn changed(&mut self, jar: &str) -> bool {
        if self.last_jar.as_deref() != Some(jar) {
            return true;
        }
        let [local, session] = &self.last_keys;
        if self.jars.length(Storage::LocalStorage) != local.count
            || self.jars.length(Storage::SessionStorage) != session.count
        {
            return true;
        }
        let total = local.blocks.len() + session.blocks.len();
        if total == 0 {
            return false;
        }
        let block = self.next_block % total;
        self.next_block = block + 1;
        let (storage, print, index) = match block.checked_sub(local.blocks.len()) {
            None => (Storage::LocalStorage, local, block),
            Some(index) => (Storage::SessionStorage, session, index),
        };
        let start = index.saturating_mul(BLOCK);
        let end = start.saturating_add(BLOCK).min(print.count as usize);
        let keys = self.jars.keys_between(storage, start as u32, end as u32);
        print.blocks.get(index) != Some(&hash(keys.iter().map(String::as_str)))
    }

    /// Deletes the cookies `keys` in rounds: round r writes the r-th
    /// deletion write (likeliest scope first) of every cookie still visible,
    /// then reads the jar once. Most cookies go in the first round or two,
    /// so 180 refused cookies cost a handful of jar reads, not one per
    /// write. Returns the jar as last read, `None` when nothing was written.
    /// The page's location is read only when there is something to delete.
    fn delete_cookies(&self, keys: &[&str]) -> Option<String> {
        if keys.is_empty() {
            return None;
        }
        let (host, path, secure) = self.jars.page();
        let scopes = Scopes::of(Page { host: &host, path: &path, secure });
        let mut pending: Vec<&str> = keys.to_vec();
        let mut jar = None;
        for round in 0.. {
            let mut written = Vec::new();
            for key in pending {
                if let Some(write) = scopes.deletion_write(key, round) {
                    self.jars.write_cookie(&write);
                    written.push(key);
                }
            }
            if written.is_empty() {
                break;
            }
            let now = self.jars.cookies();
            let left = jar::parse(&now);
            pending = Vec::new();
            for key in written {
                if left.iter().any(|c| c.has_key(key)) {
                    pending.push(key);
                }
            }
            jar = Some(now);
        }
        jar
    }

    /// Removes the keys `doomed` from a store whose other keys are `kept`.
    fn remove_keys(&self, storage: Storage, kept: &[&str], doomed: &[&str]) {
        let Some(store) = self.jars.store(storage) else { return };
        if !clears(doomed.len(), kept.len()) {
            for key in doomed {
                let _ = store.remove_item(key);
            }
            return;
        }
        let mut values: Vec<(&str, String)> = Vec::new();
        for &key in kept {
            if let Ok(Some(value)) = store.get_item(key) {
                values.push((key, value));
            }
        }
        let _ = store.clear();
        for (key, value) in values {
            let _ = store.set_item(key, &value);
        }
    }

    /// Every entry the page stores now: cookie names, then
    /// `localStorage` and `sessionStorage` keys.
    pub fn present(&self) -> Vec<(Storage, String)> {
        let jar = self.jars.cookies();
        let mut out: Vec<(Storage, String)> = Vec::new();
        for cookie in jar::parse(&jar) {
            out.push((Storage::Cookie, cookie.name.to_string()));
        }
        for storage in [Storage::LocalStorage, Storage::SessionStorage] {
            for key in self.jars.keys(storage) {
                out.push((storage, key));
            }
        }
        out
    }

    /// What the page stores now and why, entry by entry (see [`present`](Self::present)).
    pub fn audit(&self, engine: &Engine) -> Vec<AuditRow> {
        let mut rows = Vec::new();
        for (storage, name) in self.present() {
            rows.push(engine.audit_row(storage, &name));
        }
        rows
    }

    /// Deletes the cookies `names` with every deletion write, without
    /// waiting for the jar to show them (a `cookieStore` change event may
    /// name a cookie before `document.cookie` shows it).
    pub fn delete_names<'a>(&self, names: impl Iterator<Item = &'a str>) {
        let (host, path, secure) = self.jars.page();
        let scopes = Scopes::of(Page { host: &host, path: &path, secure });
        for name in names {
            for write in scopes.deletion_writes(&crate::text::concat(&[name, "="])) {
                self.jars.write_cookie(&write);
            }
        }
    }
}
