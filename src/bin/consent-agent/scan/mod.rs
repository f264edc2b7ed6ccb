//! `consent-agent scan`: what a site stores before consent, after a
//! rejection and after an acceptance, read from a real Chromium over the
//! DevTools protocol; classified by the full catalog and the site's config.
//!
//! ```text
//! consent-agent scan URL… [--pages N] [--config site.json] [--json FILE] [--markdown FILE]
//!                         [--rules FILE] [--fail-on before-consent,after-reject] [--browser PATH]
//!                         [--wait SECONDS] [--timeout SECONDS] [--resolve RULES]
//!                         [--ignore-certificate-errors]
//! ```
//!
//! `--resolve` passes Chromium's `--host-resolver-rules` (`"MAP *.example.test
//! 127.0.0.1"`) and `--ignore-certificate-errors` accepts self-signed
//! certificates: both for sites served locally, as in the tests.
//!
//! Exit codes: 0 nothing under `--fail-on` was found; 1 something was; 2 a
//! usage error, an unreadable or invalid config, or a browser that cannot
//! start (the reason on standard error).
//!
//! Layout: `browser.rs` drives Chromium; `crawl.rs` walks the pages of the
//! three passes; `choice.rs` rejects or accepts; `findings.rs` merges what
//! was seen; `report.rs` classifies it and builds the JSON (described by
//! `schema.json`); `text.rs` writes the summary and the Markdown
//! declaration; `progress.rs` the progress bar.

mod browser;
mod choice;
mod crawl;
mod findings;
mod progress;
mod report;
mod text;

use consent_agent::config::Config;
use consent_agent::engine::Engine;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

/// The JSON Schema of the `--json` report (shipped as
/// `dist/consent-agent-scan.schema.json`).
pub const SCHEMA: &str = include_str!("schema.json");

const USAGE: &str =
    "usage: consent-agent scan URL... [--pages N] [--config CONFIG.json] [--json FILE] [--markdown FILE]
         [--rules FILE] [--fail-on before-consent,after-reject] [--browser PATH]
         [--wait SECONDS] [--timeout SECONDS] [--resolve RULES] [--ignore-certificate-errors]";

struct Options {
    urls: Vec<String>,
    pages: usize,
    config: Option<String>,
    json: Option<String>,
    markdown: Option<String>,
    rules: Option<String>,
    fail_on: Vec<String>,
    browser: Option<String>,
    wait: f64,
    timeout: f64,
    resolve: Option<String>,
    insecure: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        urls: Vec::new(),
        pages: 20,
        config: None,
        json: None,
        markdown: None,
        rules: None,
        fail_on: Vec::new(),
        browser: None,
        wait: 2.0,
        timeout: 20.0,
        resolve: None,
        insecure: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if !arg.starts_with("--") {
            if !arg.starts_with("http://") && !arg.starts_with("https://") {
                return Err(format!("{arg:?} is not an http(s) URL"));
            }
            o.urls.push(arg.clone());
            continue;
        }
        if arg == "--ignore-certificate-errors" {
            o.insecure = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?.clone();
        let number = |v: &str| v.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0);
        match arg.as_str() {
            "--pages" => {
                o.pages = value.parse().ok().filter(|n| *n > 0).ok_or("--pages needs a whole number above 0")?
            }
            "--config" => o.config = Some(value),
            "--json" => o.json = Some(value),
            "--markdown" => o.markdown = Some(value),
            "--rules" => o.rules = Some(value),
            "--browser" => o.browser = Some(value),
            "--resolve" => o.resolve = Some(value),
            "--wait" => o.wait = number(&value).ok_or("--wait needs seconds (a number, 0 or more)")?,
            "--timeout" => o.timeout = number(&value).filter(|n| *n > 0.0).ok_or("--timeout needs seconds above 0")?,
            "--fail-on" => {
                for kind in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    if kind != "before-consent" && kind != "after-reject" {
                        return Err(format!("--fail-on: unknown kind {kind:?} (before-consent, after-reject)"));
                    }
                    o.fail_on.push(kind.to_string());
                }
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.urls.is_empty() {
        return Err("scan needs at least one URL".into());
    }
    Ok(o)
}

/// The scanner process's peak resident memory (Linux), in KB.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn write(path: &str, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("consent-agent scan: {message}\n{USAGE}");
    ExitCode::from(2)
}

/// Runs `consent-agent scan` with the arguments after `scan`.
pub fn main(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => return usage_error(&message),
    };
    let (config, errors) = match &options.config {
        None => (Config::default(), Vec::new()),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Config::from_text(&text),
            Err(e) => return usage_error(&format!("cannot read {path}: {e}")),
        },
    };
    if !errors.is_empty() {
        for error in &errors {
            eprintln!("{}: {error}", options.config.as_deref().unwrap_or_default());
        }
        return usage_error("the config has errors; fix them first (consent-agent check)");
    }
    let engine = Engine::new(config, errors);
    let browser = match browser::find_browser(options.browser.as_deref()) {
        Ok(path) => path,
        Err(message) => return usage_error(&message),
    };
    let plan = crawl::Plan {
        start: options.urls.clone(),
        max_pages: options.pages,
        timing: browser::Timing {
            page_timeout: Duration::from_secs_f64(options.timeout),
            quiet: Duration::from_millis(500),
            settle: Duration::from_secs_f64(options.wait),
        },
        browser,
        resolve: options.resolve.clone(),
        insecure: options.insecure,
    };
    let mut progress = progress::Progress::new();
    let findings = match crawl::run(&plan, &mut progress) {
        Ok(findings) => findings,
        Err(message) => {
            eprintln!("consent-agent scan: {message}");
            return ExitCode::from(2);
        }
    };
    let document = report::document(&engine, &findings, peak_memory_kb());
    // A closed standard output (`| head`) does not stop the files below.
    let _ = write!(std::io::stdout(), "{}", text::summary(&engine, &findings, &document));
    let outputs = [
        (options.json.as_deref(), serde_json::to_string_pretty(&document).unwrap_or_default()),
        (options.markdown.as_deref(), text::markdown(&engine, &findings)),
        (
            options.rules.as_deref(),
            serde_json::to_string_pretty(&report::rules_fragment(&engine, &findings)).unwrap_or_default(),
        ),
    ];
    for (path, text) in outputs {
        if let Some(path) = path {
            if let Err(message) = write(path, &(text + "\n")) {
                eprintln!("consent-agent scan: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let violations = document["violations"].as_array().cloned().unwrap_or_default();
    let failing = violations.iter().filter(|v| options.fail_on.iter().any(|k| v["kind"] == **k)).count();
    if failing > 0 {
        eprintln!("consent-agent scan: {failing} violation(s) of kinds {}", options.fail_on.join(", "));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
