//! The fuzz targets: for each parser a page or a visitor's browser can feed,
//! one function that runs an input through it and checks what must hold of
//! the answer. Shared by the fuzz loop (`examples/fuzz.rs`) and the
//! regression corpus (`tests/fuzz_corpus.rs`, which includes this file).
//!
//! An [`Input`] is a list of named text fields (a field may repeat); on disk
//! it is written as `@@ <field> <length in bytes>`, a newline, the exact
//! bytes and a newline, after optional `#` comment lines:
//!
//! ```text
//! # jar: a bare pair between two others
//! @@ jar 11
//! a=1; b; c=3
//! ```
//!
//! Each target times only the calls into the crate (the parse), then checks
//! the answers. A panic is the crate's; an `Err` is a broken property.

use consent_agent::config::{self, Config, STANDARD_CATEGORIES};
use consent_agent::declaration;
use consent_agent::engine::Engine;
use consent_agent::jar::{self, JarCookie};
use consent_agent::json::{self, Json};
use consent_agent::pattern::{self, PatternIndex, Storage};
use consent_agent::record::ConsentRecord;
use consent_agent::scope::{self, Page};
use consent_agent::signals;
use std::cell::RefCell;
use std::time::{Duration, Instant};

/// The parsers, in the order a full run fuzzes them.
pub const PARSERS: [&str; 4] = ["jar", "record", "config", "pattern"];

/// One input: named fields in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// `(field, text)` pairs.
    pub fields: Vec<(String, String)>,
}

impl Input {
    /// Adds a field.
    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.fields.push((key.to_string(), value.into()));
    }

    /// The first field called `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every field called `key`, in order.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// A field read as a whole number.
    pub fn number(&self, key: &str) -> Option<u64> {
        self.get(key).and_then(|v| v.trim().parse().ok())
    }

    /// Total bytes of all field values.
    pub fn size(&self) -> usize {
        self.fields.iter().map(|(_, v)| v.len()).sum()
    }

    /// The file form, with `comment` (one or more lines) on top.
    pub fn to_file(&self, comment: &str) -> String {
        let mut out = String::new();
        for line in comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for (key, value) in &self.fields {
            out.push_str(&format!("@@ {key} {}\n", value.len()));
            out.push_str(value);
            out.push('\n');
        }
        out
    }

    /// Reads the file form.
    pub fn from_file(text: &str) -> Result<Input, String> {
        let mut input = Input::default();
        let mut rest = text;
        // Comment lines, then fields.
        while rest.starts_with('#') || rest.starts_with('\n') {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        }
        while !rest.is_empty() {
            let (header, after) = rest.split_once('\n').ok_or("a field header without a newline")?;
            let mut words = header.split(' ');
            let (Some("@@"), Some(key), Some(len), None) = (words.next(), words.next(), words.next(), words.next())
            else {
                return Err(format!("expected `@@ <field> <length>`, found {header:?}"));
            };
            let len: usize = len.parse().map_err(|_| format!("bad length in {header:?}"))?;
            let value = after.get(..len).ok_or_else(|| format!("field {key} is shorter than {len} bytes"))?;
            input.push(key, value);
            rest = &after[len..];
            rest = rest.strip_prefix('\n').or(if rest.is_empty() { Some("") } else { None }).ok_or_else(|| {
                format!("field {key}: {len} bytes are not followed by a newline (is the length right?)")
            })?;
        }
        Ok(input)
    }
}

/// What running one input gave.
#[derive(Debug)]
pub struct Outcome {
    /// Time spent in the crate's calls, not in the checks.
    pub parse_time: Duration,
    /// `Err` names a property that does not hold.
    pub result: Result<(), String>,
}

/// Runs `input` through `parser` (one of [`PARSERS`]). Panics propagate.
pub fn run(parser: &str, input: &Input) -> Outcome {
    match parser {
        "jar" => jar_target(input),
        "record" => record_target(input),
        "config" => config_target(input),
        "pattern" => pattern_target(input),
        other => Outcome { parse_time: Duration::ZERO, result: Err(format!("no parser called {other:?}")) },
    }
}

macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// A short, printable excerpt of a possibly huge text, for messages.
pub fn excerpt(text: &str) -> String {
    let mut s: String = text.chars().take(120).collect();
    if s.len() < text.len() {
        s.push_str(&format!("… ({} bytes)", text.len()));
    }
    format!("{s:?}")
}

// The targets, after the `ensure!` macro they use.

#[path = "target_jar_record.rs"]
mod target_jar_record;
use target_jar_record::*;
#[path = "target_config.rs"]
mod target_config;
use target_config::*;
#[path = "target_pattern.rs"]
mod target_pattern;
use target_pattern::*;
