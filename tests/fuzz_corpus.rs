//! The fuzz corpus as regression tests: every input in `tests/fuzz_corpus/`
//! (the nastiest hand-written inputs and the slowest ones a fuzz run found,
//! plus any that ever panicked) goes through its parser again, through the
//! same targets and checks as the fuzz loop (`examples/fuzz.rs`). Files are
//! named `<parser>-<anything>.txt`; `cargo run --release --example fuzz --
//! --replay FILE` runs one by hand.
//!
//! Each must not panic, must keep every property the fuzz loop checks, and
//! must parse within [`LIMIT`] even in a debug build: the slow inputs are
//! here so that a change making a parser quadratic where it was linear
//! shows up as a failure.

// The fuzz loop uses more of the targets than the replay does.
#[allow(dead_code)]
#[path = "../examples/fuzz/targets.rs"]
mod targets;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;
use targets::{Input, PARSERS};

/// Time allowed to each input's parse, in any build.
const LIMIT: Duration = Duration::from_millis(100);

/// The corpus files of `parser`, sorted. A missing or empty corpus fails.
fn corpus(parser: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the fuzz corpus {} cannot be read ({e}); it is part of the tests: restore it from git, \
             or write a new one with `cargo run --release --example fuzz -- --write-corpus`",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("the corpus directory lists").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    let strays: Vec<String> = files
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .filter(|f| !PARSERS.iter().any(|parser| f.starts_with(&format!("{parser}-"))))
        .collect();
    assert!(strays.is_empty(), "corpus files not named <parser>-….txt (parsers: {PARSERS:?}): {strays:?}");
    files.retain(|p| p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(&format!("{parser}-"))));
    files.sort();
    assert!(!files.is_empty(), "the fuzz corpus {} has no input for the {parser} parser", dir.display());
    files
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Runs every corpus input of `parser`; fails listing every problem.
fn replay(parser: &str) {
    let files = corpus(parser);
    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let input = match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| Input::from_file(&t)) {
            Ok(input) => input,
            Err(e) => {
                problems.push(format!("{name}: unreadable: {e}"));
                continue;
            }
        };
        // A loaded machine can stall one run: an input over the limit gets
        // two more tries, and counts its fastest.
        let mut fastest = Duration::MAX;
        for _ in 0..3 {
            match panic::catch_unwind(AssertUnwindSafe(|| targets::run(parser, &input))) {
                Err(payload) => {
                    problems.push(format!("{name}: panicked: {}", panic_message(payload.as_ref())));
                    break;
                }
                Ok(outcome) => {
                    if let Err(e) = outcome.result {
                        problems.push(format!("{name}: {e}"));
                        break;
                    }
                    fastest = fastest.min(outcome.parse_time);
                    if fastest <= LIMIT {
                        break;
                    }
                }
            }
        }
        if fastest != Duration::MAX && fastest > LIMIT {
            problems.push(format!("{name}: took {fastest:?}, more than {LIMIT:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} {parser} corpus inputs failed:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}

#[test]
fn jar_corpus() {
    replay("jar");
}

#[test]
fn record_corpus() {
    replay("record");
}

#[test]
fn config_corpus() {
    replay("config");
}

#[test]
fn pattern_corpus() {
    replay("pattern");
}

/// The file format round-trips, whatever the text holds.
#[test]
fn input_files_read_back() {
    let mut input = Input::default();
    input.push("jar", "a=1\n@@ jar 3\nx");
    input.push("name", "");
    input.push("name", "\n\n");
    let text = input.to_file("a comment\non two lines");
    assert_eq!(Input::from_file(&text), Ok(input));
    assert!(Input::from_file("@@ jar 10\nshort\n").is_err());
    assert!(Input::from_file("@@ jar\nx\n").is_err());
}
