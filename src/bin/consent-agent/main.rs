//! `consent-agent`: the command-line tool for front-end developers, built
//! from the same core the browser agent runs, so its verdicts and messages
//! are the agent's.
//!
//! ```text
//! consent-agent check site.json                       validate a config (exit 1 on errors)
//! consent-agent declare site.json [--format markdown|html]
//!                                                     print the cookie declaration
//! consent-agent classify NAME [--storage cookie|localStorage|sessionStorage|indexedDB] [--config site.json]
//!                                                     what the agent thinks NAME is
//! consent-agent schema                                print the config's JSON Schema
//! consent-agent tag-names                             the distinct names and sources the
//!                                                     script tag's catalog carries, sorted
//! consent-agent scan URL… [options]                   what a site stores before consent, after
//!                                                     a rejection and with consent (feature
//!                                                     `scan`; see scan/mod.rs)
//! consent-agent scan-schema                           the JSON Schema of scan's --json report
//! ```

// The tool is native only (it reads files, and parses JSON with serde_json);
// for wasm32 (built when the browser tests run) it is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(all(feature = "scan", not(target_arch = "wasm32")))]
mod scan;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use consent_agent::config::{Config, ConfigError};
    use consent_agent::declaration;
    use consent_agent::engine::{Engine, Source};
    use consent_agent::pattern::Storage;
    use std::process::ExitCode;

    const USAGE: &str = "usage:
      consent-agent check CONFIG.json
      consent-agent declare CONFIG.json [--format markdown|html]
      consent-agent classify NAME [--storage cookie|localStorage|sessionStorage|indexedDB] [--config CONFIG.json]
      consent-agent schema
      consent-agent tag-names
      consent-agent scan URL... [--pages N] [--config CONFIG.json] [--json FILE] [--markdown FILE] [--rules FILE]
                                [--fail-on before-consent,after-reject] [--browser PATH] [--wait SECONDS]
                                [--timeout SECONDS] [--resolve RULES]
      consent-agent scan-schema";

    /// Exit codes: 0 success, 1 the config has errors, 2 the command line or a file is wrong.
    enum Failure {
        Config,
        Usage(String),
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.first().is_some_and(|a| a == "scan" || a == "scan-schema") {
            return scan(&args);
        }
        match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Config) => ExitCode::from(1),
            Err(Failure::Usage(message)) => {
                eprintln!("consent-agent: {message}\n{USAGE}");
                ExitCode::from(2)
            }
        }
    }

    /// `scan` and `scan-schema`, in a build with the scanner.
    #[cfg(feature = "scan")]
    fn scan(args: &[String]) -> ExitCode {
        if args.first().is_some_and(|a| a == "scan-schema") {
            print!("{}", crate::scan::SCHEMA);
            return ExitCode::SUCCESS;
        }
        crate::scan::main(args.get(1..).unwrap_or_default())
    }

    /// Without the scanner: say how to get it.
    #[cfg(not(feature = "scan"))]
    fn scan(_: &[String]) -> ExitCode {
        eprintln!("consent-agent: this build has no scanner; build it with `cargo build --release --features scan`");
        ExitCode::from(2)
    }

    /// The value after `--name`, if present.
    fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, Failure> {
        match args.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) => {
                args.get(i + 1).map(|v| Some(v.as_str())).ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
            }
        }
    }

    /// Reads and validates a config file, printing every error as the agent would.
    fn load(path: &str) -> Result<(Config, Vec<ConfigError>), Failure> {
        let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("cannot read {path}: {e}")))?;
        let (config, errors) = Config::from_text(&text);
        for error in &errors {
            eprintln!("{path}: {error}");
        }
        Ok((config, errors))
    }

    fn run(args: &[String]) -> Result<(), Failure> {
        match args.first().map(String::as_str) {
            Some("schema") => {
                println!("{}", consent_agent::config::schema::schema().to_text());
                Ok(())
            }
            Some("check") => {
                let path = args.get(1).ok_or_else(|| Failure::Usage("check needs a config file".into()))?;
                let (config, errors) = load(path)?;
                if !errors.is_empty() {
                    eprintln!("{path}: {} error(s); the agent would allow only required categories", errors.len());
                    return Err(Failure::Config);
                }
                let patterns = config.rules.len();
                println!("{path}: valid ({} categories, {patterns} rule patterns)", config.categories.len());
                Ok(())
            }
            Some("declare") => {
                let path = args.get(1).ok_or_else(|| Failure::Usage("declare needs a config file".into()))?;
                let (config, errors) = load(path)?;
                if !errors.is_empty() {
                    return Err(Failure::Config);
                }
                let engine = Engine::new(config, errors);
                let rows = declaration::rows(&engine, std::iter::empty());
                match option(args, "--format")?.unwrap_or("markdown") {
                    "markdown" => print!("{}", declaration::markdown(&engine, &rows)),
                    "html" => print!("{}", declaration::html(&engine, &rows)),
                    other => return Err(Failure::Usage(format!("unknown format {other:?} (markdown or html)"))),
                }
                Ok(())
            }
            Some("classify") => {
                let name = args
                    .get(1)
                    .filter(|n| !n.starts_with("--"))
                    .ok_or_else(|| Failure::Usage("classify needs a name".into()))?;
                let storage = match option(args, "--storage")? {
                    None => Storage::Cookie,
                    Some(s) => Storage::parse(s).ok_or_else(|| Failure::Usage(format!("unknown storage {s:?}")))?,
                };
                let (config, errors) = match option(args, "--config")? {
                    Some(path) => load(path)?,
                    None => (Config::default(), Vec::new()),
                };
                let engine = Engine::new(config, errors);
                match engine.classify(storage, name) {
                    None => println!("{name} ({storage}): unknown"),
                    Some(c) => {
                        let source = match c.source {
                            Source::Agent => "the agent's consent record".to_string(),
                            Source::Site => {
                                format!("site rule {:?}", engine.config.rules[c.rule.unwrap_or_default()].pattern)
                            }
                            Source::Platform(p) => {
                                format!(
                                    "platform pack {p}, pattern {:?}",
                                    c.entry.map(|e| e.pattern).unwrap_or_default()
                                )
                            }
                            Source::Catalog => {
                                format!("catalog, pattern {:?}", c.entry.map(|e| e.pattern).unwrap_or_default())
                            }
                        };
                        let provider = c.entry.map(|e| e.provider()).filter(|p| !p.is_empty());
                        let provider = provider.map(|p| format!(", provider {p}")).unwrap_or_default();
                        println!("{name} ({storage}): {} (from {source}{provider})", c.category);
                    }
                }
                Ok(())
            }
            Some("tag-names") => {
                let mut names = consent_agent::catalog::in_tag_patterns().to_vec();
                names.sort_unstable();
                names.dedup();
                for name in names {
                    println!("{name}");
                }
                Ok(())
            }
            Some("--help" | "-h" | "help") => {
                println!("{USAGE}");
                Ok(())
            }
            Some(other) => Err(Failure::Usage(format!("unknown command {other:?}"))),
            None => Err(Failure::Usage("no command given".into())),
        }
    }
}
