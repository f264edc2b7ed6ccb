//! Files the fuzzer reads and writes: found inputs, the corpus, replays, the report's units.

#![allow(clippy::wildcard_imports)]
use super::*;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn write_file(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("fuzz: cannot write {}: {e}", path.display());
    }
}

/// Saves a panicking or failing input to the corpus and prints it.
pub(crate) fn save_found(kind: &str, parser: usize, seed: u64, index: u64, message: &str, input: &Input) {
    let name = PARSERS[parser];
    let path = root().join("tests/fuzz_corpus").join(format!("{name}-{kind}-{index}.txt"));
    let comment = format!("{name}: {kind} found by `fuzz --seed {seed}`, input {index}\n{message}");
    write_file(&path, &input.to_file(&comment));
    eprintln!("\n{kind} in {name}, input {index} (saved as {}):\n{message}", path.display());
    for (k, v) in &input.fields {
        eprintln!("  {k}: {}", excerpt(v));
    }
}

pub(crate) fn micros(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

/// `YYYY-MM-DD` of a Unix time (civil-from-days).
pub(crate) fn date(unix: u64) -> String {
    let z = (unix / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Rewrites `tests/fuzz_corpus/<parser>-<n>.txt`: the nasty inputs, then
/// this run's slowest small ones. Saved panics and failures stay.
pub(crate) fn write_corpus(parsers: &[usize], mut slow: HashMap<usize, Vec<(String, Input)>>) {
    let dir = root().join("tests/fuzz_corpus");
    for &parser in parsers {
        let name = PARSERS[parser];
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let file = entry.file_name().to_string_lossy().into_owned();
                let numbered = file
                    .strip_prefix(name)
                    .and_then(|r| r.strip_prefix('-'))
                    .and_then(|r| r.strip_suffix(".txt"))
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
                if numbered {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let nasty = nasty(parser).iter().map(|(what, input)| (format!("{name}: {what}"), input.clone()));
        for (n, (comment, input)) in nasty.chain(slow.remove(&parser).unwrap_or_default()).enumerate() {
            write_file(&dir.join(format!("{name}-{:02}.txt", n + 1)), &input.to_file(&comment));
        }
    }
    println!("corpus written to {}", dir.display());
}

/// Runs saved inputs once each.
pub(crate) fn replay(files: &[PathBuf]) -> ExitCode {
    let mut bad = false;
    for path in files {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let parser = file.split('-').next().unwrap_or_default();
        let input = match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| Input::from_file(&t)) {
            Ok(input) if PARSERS.contains(&parser) => input,
            Ok(_) => {
                eprintln!("{}: the name does not start with a parser ({})", path.display(), PARSERS.join(", "));
                bad = true;
                continue;
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                bad = true;
                continue;
            }
        };
        match panic::catch_unwind(AssertUnwindSafe(|| targets::run(parser, &input))) {
            Ok(outcome) => {
                let verdict = outcome.result.as_ref().err().map_or("ok".to_string(), |e| format!("FAILED: {e}"));
                bad |= outcome.result.is_err();
                println!("{}: {} bytes, {}, {verdict}", path.display(), input.size(), micros(outcome.parse_time));
            }
            Err(_) => {
                bad = true;
                let message = PANIC_MESSAGE.take().unwrap_or_default();
                println!("{}: PANICKED: {message}", path.display());
            }
        }
    }
    if bad {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
