//! The sweep: read every jar, classify and decide each entry, delete the
//! refused ones (cookies in every scope visible to the page, storage keys),
//! re-read and report what was deleted, kept, unknown, or could not be
//! deleted. One pass, in Rust, over [`Jars`]; the core decides
//! ([`Engine::decide`], [`Scopes`]).

use super::jars::Jars;
use crate::engine::Engine;
use crate::jar;
use crate::pattern::Storage;
use crate::prelude::*;
use crate::report::{AuditRow, Entry, Report};
use crate::scope::{Page, Scopes};

/// From this many refused keys in one storage on, the storage is cleared
/// and the kept keys are written back: Chromium spends about 24 µs per
/// `removeItem`, so 10,000 refused keys one by one would take 240 ms
/// (other tabs then see one `storage` event with a null key, and one per
/// kept key).
const MANY_KEYS: usize = 256;

/// The sweeper: the jars, and what the last sweep saw (to tell whether
/// anything changed since).
pub struct Sweeper {
    /// The page's jars.
    pub jars: Jars,
    last_jar: Option<String>,
    last_keys: String,
}

/// Both storages' keys as one string: equal strings, equal key sets.
fn signature(keys: &[Vec<String>; 2]) -> String {
    let [local, session] = keys;
    let mut out = crate::text::join(local, '\0');
    out.push('\u{1}');
    out.push_str(&crate::text::join(session, '\0'));
    out
}

/// The name in a cookie key (`name=` or a bare pair).
fn name_of(key: &str) -> &str {
    key.strip_suffix('=').unwrap_or(key)
}

impl Sweeper {
    /// A sweeper over `jars`, which has seen nothing yet.
    pub fn new(jars: Jars) -> Sweeper {
        Sweeper { jars, last_jar: None, last_keys: String::new() }
    }

    /// The jar as the last sweep left it.
    pub fn last_jar(&self) -> Option<&str> {
        self.last_jar.as_deref()
    }

    /// Every storage key, as one string: equal strings, equal key sets.
    fn storage_signature(&self) -> String {
        signature(&[self.jars.keys(Storage::LocalStorage), self.jars.keys(Storage::SessionStorage)])
    }

    /// Whether the jar (as just read) or any storage key differs from what
    /// the last sweep left: by content, not length (a removed key and a new
    /// one leave the length unchanged).
    pub fn changed(&self, jar: &str) -> bool {
        self.last_jar.as_deref() != Some(jar) || self.storage_signature() != self.last_keys
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
        if doomed.len() < MANY_KEYS {
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

    /// One sweep with `engine`'s decisions. `jar`: the cookie jar as read a
    /// moment ago, if the caller has it (reading a 700 KB jar costs
    /// milliseconds).
    pub fn sweep(&mut self, engine: &Engine, jar: Option<String>) -> Report {
        let jar = jar.unwrap_or_else(|| self.jars.cookies());
        let mut report = Report::default();
        let mut sort = |name: &str, storage: Storage| -> bool {
            let d = engine.decide(storage, name);
            let entry = Entry { name: name.to_string(), storage, category: d.category.map(str::to_string) };
            match (d.keep, d.category.is_some()) {
                (true, true) => report.kept.push(entry),
                (true, false) => report.unknown.push(entry),
                (false, _) => report.deleted.push(entry),
            }
            !d.keep
        };
        let mut keys: Vec<String> = Vec::new();
        for cookie in jar::parse(&jar) {
            keys.push(cookie.key());
        }
        let mut refused: Vec<&str> = Vec::new();
        for key in &keys {
            if sort(name_of(key), Storage::Cookie) {
                refused.push(key);
            }
        }
        let last_read = self.delete_cookies(&refused);
        for storage in [Storage::LocalStorage, Storage::SessionStorage] {
            let all = self.jars.keys(storage);
            let (mut doomed, mut kept): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            for key in &all {
                if sort(key, storage) {
                    doomed.push(key);
                } else {
                    kept.push(key);
                }
            }
            self.remove_keys(storage, &kept, &doomed);
        }
        // Storage work does not touch cookies: the deletion rounds' last
        // read (or the first, when nothing was deleted) is the jar now.
        let after = last_read.unwrap_or(jar);
        // Re-read once: whatever refused entry is still there was not
        // deleted (a scope outside this page, an HttpOnly twin, a storage
        // that refused); the same read is what the next change check compares.
        let left = [self.jars.keys(Storage::LocalStorage), self.jars.keys(Storage::SessionStorage)];
        if !report.deleted.is_empty() {
            let cookies_left = jar::parse(&after);
            for entry in core::mem::take(&mut report.deleted) {
                let gone = match entry.storage {
                    Storage::Cookie => !cookies_left.iter().any(|c| c.name == entry.name),
                    // A refused key still in storage (usually none).
                    other => !left
                        .get(usize::from(other == Storage::SessionStorage))
                        .is_some_and(|keys| keys.contains(&entry.name) && !engine.decide(other, &entry.name).keep),
                };
                if gone {
                    report.deleted.push(entry);
                } else {
                    report.failed.push(entry);
                }
            }
        }
        self.last_keys = signature(&left);
        self.last_jar = Some(after);
        report
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
