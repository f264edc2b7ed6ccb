//! Fuzzing the parsers a page or a visitor's browser can feed: the cookie
//! jar string, the consent record, the config reader and the pattern
//! matcher (with the deletion scopes built from the page's host and path).
//!
//! ```text
//! ./build.sh fuzz [options]                       (builds with panic=unwind, writes target/fuzz-report.txt)
//! cargo run --release --example fuzz -- [options]
//!   --inputs N        inputs per parser (default 10000000)
//!   --parser P        jar, record, config, pattern or all (default all)
//!   --seed S          seed of the generators (default 1); input i of a seed is always the same
//!   --jobs J          threads (default: every core)
//!   --report FILE     also write the summary table (Markdown) to FILE
//!   --write-corpus    rewrite tests/fuzz_corpus/<parser>-<n>.txt from the hand-written
//!                     nasty inputs and this run's slowest small inputs
//!   --replay FILE...  run saved inputs (`<parser>-….txt`) once each and say what happened
//! ```
//!
//! No fuzzing crate: a structured generator per parser (valid inputs built
//! from the crate's own encoders and real catalog patterns, then mutated at
//! the field and the character level, plus hand-written nasty inputs and
//! mutations of them) driven by a SplitMix64 generator, on stable Rust.
//! Every input is derived from `(seed, parser, index)` alone, so any input a
//! run reports can be rebuilt, and the threads need not share anything but
//! a counter.
//!
//! Each input runs under `catch_unwind`. A panic, or a property of the
//! answer that does not hold (see `fuzz/targets.rs`), is counted, printed
//! and saved to `tests/fuzz_corpus/<parser>-panic-<index>.txt` (or
//! `-failure-`), where `cargo test --test fuzz_corpus` replays it. The
//! slowest inputs of each parser go to `target/fuzz-worst/`. The exit status
//! is 1 when anything panicked or failed.
//!
//! The release profile aborts on panic (the shipped module is smaller so);
//! `./build.sh fuzz` builds this with `panic = "unwind"` so every panic is
//! caught and counted. Built with the plain release profile, the first panic
//! still saves and prints its input, then ends the run.

#[path = "fuzz/gen.rs"]
mod gen;
#[path = "fuzz/targets.rs"]
mod targets;
use gen::*;
#[path = "fuzz/gen_jar.rs"]
mod gen_jar;
use gen_jar::*;
#[path = "fuzz/gen_record.rs"]
mod gen_record;
use gen_record::*;
#[path = "fuzz/gen_config.rs"]
mod gen_config;
use gen_config::*;
#[path = "fuzz/gen_pattern.rs"]
mod gen_pattern;
use gen_pattern::*;
#[path = "fuzz/nasty.rs"]
mod nasty;
use nasty::*;
#[path = "fuzz/files.rs"]
mod files;
use files::*;

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use targets::{excerpt, Input, PARSERS};

use consent_agent::catalog;
use consent_agent::config::{GOOGLE_TYPES, STANDARD_CATEGORIES};
use consent_agent::record::ConsentRecord;

const DEFAULT_INPUTS: u64 = 10_000_000;
/// The slowest inputs kept per parser, and the candidates tracked for them:
/// on a loaded machine a fast input can time slow, so many candidates are
/// kept during the run and timed again at its end.
const WORST_KEPT: usize = 8;
const WORST_CANDIDATES: usize = 64;
/// Panics or failures saved per parser and run (all are counted).
const SAVED_PER_KIND: usize = 10;
/// Inputs a thread takes from the shared counter at a time.
const CHUNK: u64 = 4096;
/// Inputs up to this size are also ranked among themselves: the slowest
/// small inputs point at algorithmic hot spots, and fit in the corpus.
const SMALL_BYTES: usize = 8 * 1024;
/// Slow small inputs `--write-corpus` copies into the corpus, per parser:
/// the slowest within a budget, so the corpus test stays well under its
/// limit in a debug build (slower inputs are reported, not kept).
const CORPUS_SLOW: usize = 3;
const CORPUS_BUDGET: Duration = Duration::from_millis(5);

// ---------------------------------------------------------------- the loop

thread_local! {
    /// The input running on this thread, so the panic hook can rebuild it.
    static CURRENT: Cell<Option<(usize, u64)>> = const { Cell::new(None) };
    /// The last panic's message.
    static PANIC_MESSAGE: Cell<Option<String>> = const { Cell::new(None) };
}
static SEED: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
struct Stats {
    inputs: u64,
    bytes: u64,
    parse_time: Duration,
    panics: u64,
    failures: u64,
    /// `(index, message)` of the first few of each.
    panic_samples: Vec<(u64, String)>,
    failure_samples: Vec<(u64, String)>,
    /// `(parse time, index)`, slowest first: of all inputs, and of those
    /// up to [`SMALL_BYTES`] within [`CORPUS_BUDGET`].
    worst: Vec<(Duration, u64)>,
    worst_small: Vec<(Duration, u64)>,
}

impl Stats {
    fn would_keep(list: &[(Duration, u64)], time: Duration) -> bool {
        list.len() < WORST_CANDIDATES || time > list[list.len() - 1].0
    }

    fn keep(list: &mut Vec<(Duration, u64)>, time: Duration, index: u64) {
        if Stats::would_keep(list, time) {
            let at = list.partition_point(|(t, _)| *t >= time);
            list.insert(at, (time, index));
            list.truncate(WORST_CANDIDATES);
        }
    }

    fn merge(&mut self, other: Stats) {
        self.inputs += other.inputs;
        self.bytes += other.bytes;
        self.parse_time += other.parse_time;
        self.panics += other.panics;
        self.failures += other.failures;
        self.panic_samples.extend(other.panic_samples);
        self.failure_samples.extend(other.failure_samples);
        for (time, index) in other.worst {
            Stats::keep(&mut self.worst, time, index);
        }
        for (time, index) in other.worst_small {
            Stats::keep(&mut self.worst_small, time, index);
        }
        self.panic_samples.sort();
        self.panic_samples.truncate(SAVED_PER_KIND);
        self.failure_samples.sort();
        self.failure_samples.truncate(SAVED_PER_KIND);
    }
}

fn worker(parser: usize, seed: u64, total: u64, next: &AtomicU64, done: &AtomicU64) -> Stats {
    let mut stats = Stats::default();
    loop {
        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
        if start >= total {
            return stats;
        }
        let end = (start + CHUNK).min(total);
        for index in start..end {
            let input = generate(parser, seed, index);
            CURRENT.set(Some((parser, index)));
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| targets::run(PARSERS[parser], &input)));
            CURRENT.set(None);
            stats.inputs += 1;
            stats.bytes += input.size() as u64;
            match outcome {
                Ok(outcome) => {
                    stats.parse_time += outcome.parse_time;
                    // A slow time may be the scheduler's: a candidate for the
                    // slowest inputs is timed twice more, and keeps its best.
                    let mut time = outcome.parse_time;
                    let small = input.size() <= SMALL_BYTES;
                    if Stats::would_keep(&stats.worst, time) || (small && Stats::would_keep(&stats.worst_small, time)) {
                        for _ in 0..2 {
                            let again = panic::catch_unwind(AssertUnwindSafe(|| targets::run(PARSERS[parser], &input)));
                            time = again.map_or(time, |o| time.min(o.parse_time));
                        }
                        Stats::keep(&mut stats.worst, time, index);
                        if small && time <= CORPUS_BUDGET {
                            Stats::keep(&mut stats.worst_small, time, index);
                        }
                    }
                    if let Err(message) = outcome.result {
                        stats.failures += 1;
                        if stats.failure_samples.len() < SAVED_PER_KIND {
                            stats.failure_samples.push((index, message));
                        }
                    }
                }
                Err(_) => {
                    stats.panics += 1;
                    let message = PANIC_MESSAGE.take().unwrap_or_else(|| "(no message)".into());
                    if stats.panic_samples.len() < SAVED_PER_KIND {
                        stats.panic_samples.push((index, message));
                    }
                }
            }
        }
        done.fetch_add(end - start, Ordering::Relaxed);
    }
}

fn fuzz(parser: usize, seed: u64, total: u64, jobs: usize) -> (Stats, f64) {
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let start = Instant::now();
    let stats = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(16 << 20)
                    .spawn_scoped(scope, || worker(parser, seed, total, &next, &done))
                    .expect("a fuzz thread starts")
            })
            .collect();
        scope.spawn(|| {
            let mut last = Instant::now();
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if last.elapsed() >= Duration::from_secs(30) {
                    last = Instant::now();
                    let n = done.load(Ordering::Relaxed);
                    eprintln!("  {}: {n} of {total} inputs, {:.0} s", PARSERS[parser], start.elapsed().as_secs_f64());
                }
            }
        });
        let mut stats = Stats::default();
        for w in workers {
            stats.merge(w.join().expect("the fuzz loop itself does not panic"));
        }
        finished.store(true, Ordering::Relaxed);
        stats
    });
    (stats, start.elapsed().as_secs_f64())
}

struct Options {
    inputs: u64,
    parsers: Vec<usize>,
    seed: u64,
    jobs: usize,
    report: Option<PathBuf>,
    write_corpus: bool,
    replay: Vec<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        inputs: DEFAULT_INPUTS,
        parsers: (0..PARSERS.len()).collect(),
        seed: 1,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        report: None,
        write_corpus: false,
        replay: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--inputs" => o.inputs = value()?.replace('_', "").parse().map_err(|e| format!("--inputs: {e}"))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--jobs" => o.jobs = value()?.parse::<usize>().map_err(|e| format!("--jobs: {e}"))?.max(1),
            "--report" => o.report = Some(PathBuf::from(value()?)),
            "--write-corpus" => o.write_corpus = true,
            "--replay" => {
                o.replay.push(PathBuf::from(value()?));
                o.replay.extend(args.by_ref().map(PathBuf::from));
            }
            "--parser" => {
                let p = value()?;
                o.parsers = if p == "all" {
                    (0..PARSERS.len()).collect()
                } else {
                    vec![PARSERS.iter().position(|n| *n == p).ok_or(format!("--parser: no parser {p:?}"))?]
                };
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

const USAGE: &str =
    "usage: cargo run --release --example fuzz -- [--inputs N] [--parser jar|record|config|pattern|all] \
                     [--seed S] [--jobs J] [--report FILE] [--write-corpus] [--replay FILE...]";

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("fuzz: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    SEED.store(o.seed, Ordering::Relaxed);
    panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        if cfg!(panic = "abort") {
            // The process ends after this hook: save what panicked first.
            if let Some((parser, index)) = CURRENT.get() {
                let seed = SEED.load(Ordering::Relaxed);
                save_found("panic", parser, seed, index, &message, &generate(parser, seed, index));
            } else {
                eprintln!("{message}");
            }
        }
        PANIC_MESSAGE.set(Some(message));
    }));
    if !o.replay.is_empty() {
        return replay(&o.replay);
    }
    if cfg!(panic = "abort") {
        eprintln!(
            "fuzz: built with panic=abort (the release profile), so the first panic ends the run; \
             `./build.sh fuzz` builds with panic=unwind and counts them all"
        );
    }
    println!(
        "fuzzing {} input(s) per parser, seed {}, {} thread(s){}",
        o.inputs,
        o.seed,
        o.jobs,
        if cfg!(debug_assertions) { " (debug build: slow)" } else { "" }
    );
    let mut rows = Vec::new();
    let mut bad = false;
    let mut corpus: HashMap<usize, Vec<(String, Input)>> = HashMap::new();
    let total_start = Instant::now();
    for &parser in &o.parsers {
        let name = PARSERS[parser];
        let (mut stats, seconds) = fuzz(parser, o.seed, o.inputs, o.jobs);
        // The slowest inputs are timed again one by one, now that the other
        // threads are done: a time taken under load is the machine's.
        for list in [&mut stats.worst, &mut stats.worst_small] {
            for (time, index) in list.iter_mut() {
                let input = generate(parser, o.seed, *index);
                for _ in 0..5 {
                    if let Ok(outcome) = panic::catch_unwind(AssertUnwindSafe(|| targets::run(name, &input))) {
                        *time = (*time).min(outcome.parse_time);
                    }
                }
            }
            list.sort_by_key(|&(time, _)| std::cmp::Reverse(time));
            list.truncate(WORST_KEPT);
        }
        for (index, message) in &stats.panic_samples {
            save_found("panic", parser, o.seed, *index, message, &generate(parser, o.seed, *index));
        }
        for (index, message) in &stats.failure_samples {
            save_found("failure", parser, o.seed, *index, message, &generate(parser, o.seed, *index));
        }
        bad |= stats.panics > 0 || stats.failures > 0;
        let mean = stats.parse_time / stats.inputs.max(1) as u32;
        let (slowest, slowest_index) = stats.worst.first().copied().unwrap_or_default();
        let slowest_input = generate(parser, o.seed, slowest_index);
        let worst_dir = root().join("target/fuzz-worst");
        for (list, kind, label) in
            [(&stats.worst, "", "slowest input"), (&stats.worst_small, "small-", "slowest small input within 5 ms")]
        {
            for (rank, (time, index)) in list.iter().enumerate() {
                let input = generate(parser, o.seed, *index);
                let what = nasty(parser).get(*index as usize).map_or("generated", |(what, _)| what.as_str());
                let comment = format!(
                    "{name}: {label} {} of `fuzz --seed {}` ({} inputs): input {index} ({what}), {} bytes, {} (optimised native build)",
                    rank + 1,
                    o.seed,
                    o.inputs,
                    input.size(),
                    micros(*time)
                );
                write_file(&worst_dir.join(format!("{name}-{kind}{}.txt", rank + 1)), &input.to_file(&comment));
                // The corpus takes slow generated inputs (the nasty ones are in it anyway).
                let generated = *index as usize >= nasty(parser).len();
                if o.write_corpus
                    && !kind.is_empty()
                    && generated
                    && corpus.get(&parser).is_none_or(|c| c.len() < CORPUS_SLOW)
                {
                    corpus.entry(parser).or_default().push((comment, input));
                }
            }
        }
        let mean_bytes = stats.bytes / stats.inputs.max(1);
        println!(
            "{name:8} {:>10} inputs ({mean_bytes} bytes on average) {:>8.1} s  {} panics  {} failures  slowest {} (input {slowest_index}, {} bytes)  mean {}",
            stats.inputs,
            seconds,
            stats.panics,
            stats.failures,
            micros(slowest),
            slowest_input.size(),
            micros(mean)
        );
        rows.push((
            name,
            stats.inputs,
            mean_bytes,
            seconds,
            stats.panics,
            stats.failures,
            slowest,
            slowest_input.size(),
            mean,
        ));
    }
    let total_seconds = total_start.elapsed().as_secs_f64();
    println!("total {total_seconds:.1} s; slowest inputs in target/fuzz-worst/");
    if o.write_corpus {
        write_corpus(&o.parsers, corpus);
    }
    if let Some(path) = &o.report {
        let today = date(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
        let mut report = format!(
            "Fuzzing (`./build.sh fuzz`) on {today}: {} inputs per parser, seed {}, {} thread(s), {total_seconds:.0} s in all. \
             Times are of the parser calls alone, in an optimised native build (the browser runs the same code as WebAssembly); \
             a slowest input's time is the best of several runs.\n\n\
             | parser | inputs | mean size | seconds | panics | property failures | mean per input | slowest input |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|\n",
            o.inputs, o.seed, o.jobs
        );
        for (name, inputs, mean_bytes, seconds, panics, failures, slowest, size, mean) in &rows {
            let _ = writeln!(
                report,
                "| {name} | {inputs} | {mean_bytes} bytes | {seconds:.1} | {panics} | {failures} | {} | {} ({size} bytes) |",
                micros(*mean),
                micros(*slowest)
            );
        }
        write_file(path, &report);
        println!("summary written to {}", path.display());
    }
    if bad {
        eprintln!("fuzz: panics or property failures found; their inputs are in tests/fuzz_corpus/");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
