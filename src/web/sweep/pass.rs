//! A sweep in parts ([`Pass`]): the cookies, then the storages' keys read
//! and decided a slice at a time, then the refused keys removed and the
//! report made. The agent's first sweep runs so, one task per slice, so
//! that a large storage makes no long task; every other sweep runs all
//! parts in one go ([`Sweeper::sweep`]).

use super::{clears, key_hash, name_of, KeyPrint, Mode, Sweeper, STORAGES};
use crate::engine::{Decision, Engine};
use crate::jar;
use crate::pattern::Storage;
use crate::prelude::*;
use crate::report::{Entry, Report};
use crate::web::keyset::{KeySet, Standing, ALWAYS};

/// A removal's cost in a sliced pass's budget, in key reads: a
/// `removeItem` costs about as much as reading and deciding 8 keys.
const REMOVAL_COST: u32 = 8;

/// Decides one entry into `report`; the decision.
fn sort<'e>(report: &mut Report, engine: &'e Engine, name: &str, storage: Storage) -> Decision<'e> {
    let d = engine.decide(storage, name);
    let entry = Entry { name: name.to_string(), storage, category: d.category.map(str::to_string) };
    match (d.keep, d.category.is_some()) {
        (true, true) => report.kept.push(entry),
        (true, false) => report.unknown.push(entry),
        (false, _) => report.deleted.push(entry),
    }
    d
}

/// Why a kept entry of category `category` is kept ([`Standing`]): its
/// category's index in the config, or [`ALWAYS`] for an unknown entry
/// kept whatever the choice (the agent's own record is `necessary`, always
/// granted). `None` when that cannot be said (more categories than a
/// standing counts): the key is then not remembered.
fn standing(engine: &Engine, category: Option<&str>) -> Option<Standing> {
    let Some(id) = category else { return Some(ALWAYS) };
    let index = engine.config.categories.iter().position(|c| c.id == id)?;
    Standing::try_from(index).ok().filter(|&i| i != ALWAYS)
}

/// Whether a key remembered with `standing` may stay under the choice in
/// force now; when not, its category, for the report.
fn stays(engine: &Engine, standing: Standing) -> Result<(), Option<&str>> {
    if standing == ALWAYS {
        return Ok(());
    }
    match engine.config.categories.get(usize::from(standing)) {
        Some(c) if engine.granted(&c.id) => Ok(()),
        c => Err(c.map(|c| c.id.as_str())),
    }
}

/// A sweep under way ([`Sweeper::begin`], [`Sweeper::step`],
/// [`Sweeper::finish`]): the agent's first sweep over a large storage runs
/// in slices, one task each, so that no task of the agent is long.
pub struct Pass {
    report: Report,
    /// The cookie jar after the refused cookies went.
    jar: String,
    reuse: bool,
    version: Option<u32>,
    /// Per storage: its key count when the sweep began, the keys read so
    /// far, whether each is refused, and the fingerprints of those kept.
    counts: [u32; 2],
    keys: [Vec<String>; 2],
    refused: [Vec<bool>; 2],
    known: [KeySet; 2],
    /// The storage being read (2: both done).
    slot: usize,
    /// Whether the pass runs in slices (then its steps remove the refused
    /// keys, one by one, and how many of each storage's keys are done).
    sliced: bool,
    removed: [usize; 2],
}

impl Pass {
    /// Makes the pass one that runs in slices: its steps remove the refused
    /// keys one by one (no long `clear` and rewrite of every kept key).
    pub fn slice(&mut self) {
        self.sliced = true;
    }

    /// The kept and unknown entries decided since the last call, taken
    /// from the report (a sliced pass hands them over slice by slice, so
    /// that its last slice does not carry 50,000 entries at once).
    pub fn take_decided(&mut self) -> Report {
        let kept = core::mem::take(&mut self.report.kept);
        let unknown = core::mem::take(&mut self.report.unknown);
        Report { kept, unknown, ..Report::default() }
    }
}

impl Sweeper {
    /// One sweep with `engine`'s decisions, in one go: [`begin`](Self::begin),
    /// every key read and decided, [`finish`](Self::finish). `jar`: the
    /// cookie jar as read a moment ago, if the caller has it (reading a
    /// 700 KB jar costs milliseconds). `version`: the config's version when
    /// the caller counts configs, so that a brief sweep may take a key an
    /// earlier sweep under the same version kept by its category, whatever
    /// the visitor chose since.
    pub fn sweep(&mut self, engine: &Engine, jar: Option<String>, mode: Mode, version: Option<u32>) -> Report {
        self.pending = None; // a whole sweep supersedes a sliced one under way
        let mut pass = self.begin(engine, jar, mode, version);
        self.step(&mut pass, engine, u32::MAX);
        self.finish(pass, engine)
    }

    /// A sweep's first part: the cookies decided and the refused ones
    /// deleted; the storages' keys are read and decided by [`step`](Self::step).
    pub fn begin(&mut self, engine: &Engine, jar: Option<String>, mode: Mode, version: Option<u32>) -> Pass {
        // Kept before under this very config: taken by its category's grant.
        let reuse = mode == Mode::Brief && version.is_some() && version == self.kept_under;
        let kept_before = core::mem::take(&mut self.kept);
        let jar = jar.unwrap_or_else(|| self.jars.cookies());
        let mut report = Report::default();
        let mut refused: Vec<String> = Vec::new();
        for cookie in jar::parse(&jar) {
            let key = cookie.key();
            if !sort(&mut report, engine, name_of(&key), Storage::Cookie).keep {
                refused.push(key);
            }
        }
        let refused: Vec<&str> = refused.iter().map(String::as_str).collect();
        let after = self.delete_cookies(&refused).unwrap_or(jar);
        let counts = STORAGES.map(|storage| self.jars.length(storage));
        // Kept keys for the next brief sweep: those known before (a key
        // since deleted stays: its decision is the same while the engine
        // is), skipped undecided, and the ones kept now.
        let known = if reuse { kept_before } else { Default::default() };
        let (keys, refused, removed) = Default::default();
        Pass { report, jar: after, reuse, version, counts, slot: 0, keys, refused, known, sliced: false, removed }
    }

    /// Reads and decides up to `budget` more storage keys, by index in the
    /// browser's order; nothing is deleted while keys are read, so the
    /// indexes stay put meanwhile. Then, in a sliced pass, removes the
    /// refused keys by name, `budget / REMOVAL_COST` per call. Whether
    /// work is left for another call.
    pub fn step(&self, pass: &mut Pass, engine: &Engine, budget: u32) -> bool {
        let mut budget = budget;
        while budget > 0 && pass.slot < STORAGES.len() {
            let (Some(storage), Some(&count), Some(keys), Some(refused), Some(known)) = (
                STORAGES.get(pass.slot),
                pass.counts.get(pass.slot),
                pass.keys.get_mut(pass.slot),
                pass.refused.get_mut(pass.slot),
                pass.known.get_mut(pass.slot),
            ) else {
                return false;
            };
            let from = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            if from >= count {
                // Read in full. A sliced pass removes its refused keys one
                // by one after reading, unless they are most: then the
                // storage is cleared at the end instead (one short task).
                let doomed = refused.iter().filter(|&&gone| gone).count();
                if let (true, Some(done)) = (pass.sliced, pass.removed.get_mut(pass.slot)) {
                    if clears(doomed, keys.len().saturating_sub(doomed)) {
                        *done = keys.len();
                    }
                }
                pass.slot += 1;
                continue;
            }
            let to = from.saturating_add(budget).min(count);
            let read = self.jars.keys_between(*storage, from, to);
            if read.is_empty() {
                // The storage shrank under us (a page's removal): what is
                // left is read again by the next sweep (see finish).
                if let Some(count) = pass.counts.get_mut(pass.slot) {
                    *count = from;
                }
                continue;
            }
            budget = budget.saturating_sub(to - from);
            for key in read {
                let h = key_hash(&key);
                // A full sweep decides every key, so a crafted fingerprint
                // collision never skips one there. A brief one takes a key
                // it has seen under this config by its category's grant.
                let seen = if pass.reuse { known.get(h) } else { None };
                let gone = match seen.map(|standing| stays(engine, standing)) {
                    Some(Ok(())) => false,
                    Some(Err(category)) => {
                        let category = category.map(str::to_string);
                        pass.report.deleted.push(Entry { name: key.clone(), storage: *storage, category });
                        true
                    }
                    None => {
                        let d = sort(&mut pass.report, engine, &key, *storage);
                        if d.keep {
                            if let Some(standing) = standing(engine, d.category) {
                                known.insert(h, standing);
                            }
                        }
                        !d.keep
                    }
                };
                refused.push(gone);
                keys.push(key);
            }
        }
        // Removals only once every key is read, so that indexes stay put.
        if pass.sliced && pass.slot >= STORAGES.len() {
            let mut removals = budget / REMOVAL_COST;
            for (slot, storage) in STORAGES.into_iter().enumerate() {
                let (Some(keys), Some(refused), Some(done), Some(store)) =
                    (pass.keys.get(slot), pass.refused.get(slot), pass.removed.get_mut(slot), self.jars.store(storage))
                else {
                    continue;
                };
                while *done < keys.len() {
                    if removals == 0 {
                        return true;
                    }
                    if let (Some(key), Some(true)) = (keys.get(*done), refused.get(*done)) {
                        let _ = store.remove_item(key);
                        removals -= 1;
                    }
                    *done += 1;
                }
            }
        }
        pass.slot < STORAGES.len()
    }

    /// A sweep's last part: the refused keys deleted, what is left re-read
    /// where needed, and the report of what went and what could not.
    pub fn finish(&mut self, pass: Pass, engine: &Engine) -> Report {
        let Pass { mut report, jar, version, counts, keys, refused, known, sliced, .. } = pass;
        let mut left: [Vec<String>; 2] = Default::default();
        // Whether the keys read are the storage as it is: not when the
        // page removed keys while a sliced sweep read them (one may have
        // moved past the reader unread); the next sweep then reads all.
        let mut exact = [true; 2];
        // The keys of a storage read again after its removals (fingerprints).
        let mut reread: [Option<KeySet>; 2] = Default::default();
        for (slot, ((all, refused_at), storage)) in keys.into_iter().zip(refused).zip(STORAGES).enumerate() {
            let (Some(left), Some(exact)) = (left.get_mut(slot), exact.get_mut(slot)) else { continue };
            // (A sliced pass has removed its refused keys already.)
            let refused_count = refused_at.iter().filter(|&&gone| gone).count();
            let removed_already = sliced && !clears(refused_count, all.len().saturating_sub(refused_count));
            let removed = if removed_already { refused_count } else { 0 };
            let count_now = self.jars.length(storage) as usize;
            let count_then = counts.get(slot).map_or(0, |&c| c as usize);
            *exact = all.len() == count_then && count_now.saturating_add(removed) == count_then;
            if !refused_at.contains(&true) {
                *left = all;
                continue;
            }
            let (mut doomed, mut kept): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            for (key, &gone) in all.iter().zip(&refused_at) {
                if gone {
                    doomed.push(key);
                } else {
                    kept.push(key);
                }
            }
            // (A sliced pass removed them in its steps, unless they are most.)
            if !sliced || clears(doomed.len(), kept.len()) {
                self.remove_keys(storage, &kept, &doomed);
            }
            // What is left: the kept keys when the count says the refused
            // ones went (no second read of 50,000 keys); else a re-read, in
            // which a refused key still there was not deleted.
            let went = *exact && self.jars.length(storage) as usize == kept.len();
            *left = if went {
                all.into_iter().zip(refused_at).filter(|(_, gone)| !gone).map(|(k, _)| k).collect()
            } else {
                let now = self.jars.keys(storage);
                if let Some(reread) = reread.get_mut(slot) {
                    let mut set = KeySet::default();
                    for key in &now {
                        set.insert(key_hash(key), ALWAYS);
                    }
                    *reread = Some(set);
                }
                now
            };
        }
        if !report.deleted.is_empty() {
            let cookies_left = jar::parse(&jar);
            for entry in core::mem::take(&mut report.deleted) {
                let gone = match entry.storage {
                    Storage::Cookie => !cookies_left.iter().any(|c| c.name == entry.name),
                    // A refused key still in storage (usually none; only
                    // a re-read storage can show one).
                    other => {
                        !reread.get(usize::from(other == Storage::SessionStorage)).and_then(Option::as_ref).is_some_and(
                            |now| now.get(key_hash(&entry.name)).is_some() && !engine.decide(other, &entry.name).keep,
                        )
                    }
                };
                if gone {
                    report.deleted.push(entry);
                } else {
                    report.failed.push(entry);
                }
            }
        }
        let [local, session] = &left;
        let print = |keys: &[String], exact: bool| if exact { KeyPrint::of(keys) } else { KeyPrint::unread() };
        self.last_keys = [print(local, exact[0]), print(session, exact[1])];
        // Only kept decisions are remembered: a refused key that failed to
        // go is in report.failed and decided again next time.
        self.kept = known;
        self.kept_under = version;
        self.last_jar = Some(jar);
        report
    }
}
