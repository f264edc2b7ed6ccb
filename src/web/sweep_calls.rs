//! The sweep's calls from `engine-start.js`: a whole sweep (a choice's,
//! `sweep()`), the watcher's check, the first sweep in slices. The cookie
//! jar is read here, in Rust, and does not cross the boundary: the first
//! sweep reuses the jar `loadRecord` read, and the watcher's check reads
//! it once for the record, the change check and its sweep.

use super::sweep::Mode;
use super::{strings, with, with_sweeper, RULES_VERSION};
use crate::pattern::Storage;
use crate::prelude::*;
use crate::report::{Entry, Report};
use crate::text;
use core::sync::atomic::Ordering;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// One sweep (see `src/web/sweep.rs`): reads every jar (the cookie jar is
/// `jar` when the caller has just read it), deletes what the visitor
/// refused, re-reads, and returns the report as JSON: `{ deleted, kept,
/// unknown, failed }`, lists of `{ name, storage, category }`. `mode` 0:
/// every entry decided and listed (`sweep()`); 1: brief (a choice's: keys
/// seen before are taken by their category's grant and not listed as
/// kept, so 50,000 kept keys are neither classified again nor written out
/// and parsed); 2: brief, and "" when nothing was deleted or failed (the
/// watcher's).
#[wasm_bindgen]
pub fn sweep(jar: Option<String>, mode: u32) -> String {
    with_sweeper(|s| s.fresh_jar = None);
    let brief = if mode == 0 { Mode::Full } else { Mode::Brief };
    let version = Some(RULES_VERSION.load(Ordering::Relaxed));
    let report = with_sweeper(|s| with(|engine| s.sweep(engine, jar, brief, version))).unwrap_or_default();
    if mode == 2 && report.deleted.is_empty() && report.failed.is_empty() {
        return String::new();
    }
    report.to_json_text()
}

/// The agent's first sweep, in slices so that no task is long with a large
/// storage (`engine-start.js` starts the engine so), over the jar
/// `loadRecord` read just before: the cookies are swept and up
/// to `budget` storage keys read and decided now; `sweepStep` reads and
/// decides `budget` more per call, one call per task, then removes the
/// refused keys (`budget / 8` per call); `sweepEnd` returns the report, as
/// `sweep` does. Each call answers `+` when work is left (call `sweepStep`
/// again) or `-` (call `sweepEnd`), then the kept and unknown entries it
/// decided, as a report's JSON (the other lists empty): handed over slice
/// by slice, so the last one does not carry 50,000 entries at once. A
/// `sweep` meanwhile supersedes the sliced one.
#[wasm_bindgen(js_name = sweepBegin)]
pub fn sweep_begin(budget: u32) -> String {
    let version = Some(RULES_VERSION.load(Ordering::Relaxed));
    with_sweeper(|s| {
        // The jar loadRecord read a moment ago, in the same task.
        let jar = s.fresh_jar.take();
        let mut pass = with(|engine| Some(s.begin(engine, jar, Mode::Full, version)))?;
        pass.slice();
        s.pending = Some(pass);
        Some(())
    });
    sweep_step(budget)
}

/// Reads and decides `budget` more keys of the sliced sweep, or removes
/// refused ones (see [`sweep_begin`]).
#[wasm_bindgen(js_name = sweepStep)]
pub fn sweep_step(budget: u32) -> String {
    let part = with_sweeper(|s| {
        let mut pass = s.pending.take()?;
        let more = with(|engine| s.step(&mut pass, engine, budget));
        let decided = pass.take_decided();
        s.pending = Some(pass);
        Some((more, decided))
    })
    .flatten();
    let (more, decided) = part.unwrap_or_default();
    text::concat(&[if more { "+" } else { "-" }, &decided.to_json_text()])
}

/// Ends the sliced sweep: clears a storage whose keys were mostly refused,
/// checks what went, and returns its report as JSON (see [`sweep`]); empty
/// lists when none is under way. (Decisions made under an engine that
/// changed meanwhile are not trusted by the next brief sweep: the pass
/// remembers the version it began under.)
#[wasm_bindgen(js_name = sweepEnd)]
pub fn sweep_end() -> String {
    with_sweeper(|s| {
        let pass = s.pending.take()?;
        Some(with(|engine| s.finish(pass, engine)))
    })
    .flatten()
    .unwrap_or_default()
    .to_json_text()
}

/// The watcher's check, in one call: reads the jar once; answers `r` when
/// the record's cookies differ from those last noted (`noteRecord`:
/// another tab chose, or a script wrote them; the caller loads the record
/// and sweeps), else sweeps briefly when the jar or any storage key
/// changed since the last sweep, answering as `sweep` in mode 2 ("" when
/// nothing was deleted or failed).
#[wasm_bindgen(js_name = sweepIfChanged)]
pub fn sweep_if_changed() -> String {
    let jar = read_jar();
    let name = with(|engine| engine.config.consent_cookie.name.clone());
    let moved = with_sweeper(|s| s.last_jar() != Some(jar.as_str()) && record_in(&jar, &name) != s.record);
    if moved == Some(true) {
        return "r".into();
    }
    if with_sweeper(|s| s.changed(&jar)) != Some(true) {
        return String::new();
    }
    sweep(Some(jar), 2)
}

/// Notes the record's cookies as the last sweep left the jar: what the
/// watcher's check compares with (after every new state, and once the
/// engine is ready).
#[wasm_bindgen(js_name = noteRecord)]
pub fn note_record() {
    let name = with(|engine| engine.config.consent_cookie.name.clone());
    with_sweeper(|s| s.record = record_in(s.last_jar().unwrap_or_default(), &name));
}

/// The pairs of cookies named `name` in `jar`, in its order.
fn record_in(jar: &str, name: &str) -> String {
    let mut found = String::new();
    for pair in text::split(jar, b';') {
        let pair = pair.trim_start_matches(' ');
        if pair.strip_prefix(name).is_some_and(|rest| rest.starts_with('=')) {
            if !found.is_empty() {
                found.push_str("; ");
            }
            found.push_str(pair);
        }
    }
    found
}

/// Deletes the cookies named in `names` (one per line) in every scope,
/// without waiting for the jar to show them.
#[wasm_bindgen(js_name = deleteNames)]
pub fn delete_names(names: &str) {
    with_sweeper(|s| s.delete_names(text::split(names, b'\n').filter(|n| !n.is_empty())));
}

/// The cookie jar as `document.cookie` shows it, read through the
/// browser's own getter.
fn read_jar() -> String {
    with_sweeper(|s| s.jars.cookies()).unwrap_or_default()
}

/// Decides the page's IndexedDB databases, `names` an array of their
/// names (as `indexedDB.databases()` listed them, `databases.js`; any
/// string, line breaks included): a report's JSON
/// whose `deleted` are those to delete (the caller deletes them, which the
/// browser does asynchronously, and moves any it could not delete to
/// `failed`), and `kept` and `unknown` the others. The agent's own record
/// is never a database, so nothing here is its own.
#[wasm_bindgen(js_name = decideDatabases)]
pub fn decide_databases(names: &Array) -> String {
    let mut report = Report::default();
    with(|engine| {
        for name in strings(names) {
            let d = engine.decide(Storage::IndexedDb, &name);
            let category = d.category.map(str::to_string);
            let (keep, classified) = (d.keep, category.is_some());
            let entry = Entry { name, storage: Storage::IndexedDb, category };
            match (keep, classified) {
                (true, true) => report.kept.push(entry),
                (true, false) => report.unknown.push(entry),
                (false, _) => report.deleted.push(entry),
            }
        }
    });
    report.to_json_text()
}
