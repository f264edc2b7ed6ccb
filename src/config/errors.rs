//! Configuration problems, each at an exact field, worded for a web
//! developer reading the browser console.

use crate::catalog;
use crate::prelude::*;
use crate::text;
use core::fmt;

/// One problem in a configuration, at an exact field.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The field, written as in JavaScript: `rules[2].category`; empty for the whole document.
    pub path: String,
    /// What is wrong there.
    pub problem: Problem,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The text is not JSON at all (or could not be loaded).
    NotJson(String),
    /// The value has the wrong JSON type.
    WrongType {
        /// What the field must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },
    /// A member this version does not know; usually a typo.
    UnknownField {
        /// The members allowed at that place.
        allowed: &'static [&'static str],
    },
    /// A rule names a category that `categories` does not define.
    UnknownCategory(String),
    /// Two categories share an id.
    DuplicateCategory(String),
    /// An id with characters other than ASCII letters, digits, `_`, `-`, or too long.
    InvalidId(String),
    /// `categories` is empty.
    NoCategories,
    /// A number that must be whole and within range is not.
    OutOfRange {
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// A string that must be one of a few words is not.
    NotOneOf {
        /// The words allowed.
        allowed: &'static [&'static str],
    },
    /// An empty name pattern.
    EmptyPattern,
    /// A pattern or cookie name with a character cookies cannot carry.
    ForbiddenCharacter(char),
    /// A platform pack id that does not exist.
    UnknownPlatform(String),
    /// A required category listed where only refusable ones make sense.
    RequiredCategory(String),
    /// A Google Consent Mode region that is not an ISO 3166 code.
    InvalidRegion(String),
    /// A script or frame source pattern that is empty or has spaces.
    InvalidSource(String),
    /// An address that is empty or has spaces.
    InvalidUrl(String),
}

impl ConfigError {
    /// The message for the console: `path: problem` (`config: problem` for
    /// the whole config). Built without `core::fmt` (see `src/text.rs`).
    pub fn message(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends the [`message`](Self::message).
    pub fn write(&self, out: &mut String) {
        out.push_str(if self.path.is_empty() { "config" } else { &self.path });
        out.push_str(": ");
        self.problem.write(out);
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// `"a", "b", "c"`.
fn push_list(out: &mut String, items: &[&str]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_quoted(out, item);
    }
}

/// `"text"`.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

impl Problem {
    /// Appends what is wrong, in words a web developer understands.
    pub fn write(&self, out: &mut String) {
        let quoted = |out: &mut String, before: &str, item: &str, after: &str| {
            out.push_str(before);
            push_quoted(out, item);
            out.push_str(after);
        };
        match self {
            Problem::NotJson(m) => out.push_str(m),
            Problem::WrongType { expected, found } => {
                out.push_str("must be ");
                out.push_str(expected);
                out.push_str(", not ");
                out.push_str(found);
            }
            Problem::UnknownField { allowed } => {
                out.push_str("unknown field (allowed: ");
                push_list(out, allowed);
                out.push(')');
            }
            Problem::UnknownCategory(id) => quoted(out, "unknown category ", id, ""),
            Problem::DuplicateCategory(id) => quoted(out, "category ", id, " is defined twice"),
            Problem::InvalidId(id) => {
                quoted(out, "invalid id ", id, ": use 1 to 40 ASCII letters, digits, \"_\" or \"-\"")
            }
            Problem::NoCategories => out.push_str("must list at least one category"),
            Problem::OutOfRange { min, max } => {
                out.push_str("must be a whole number from ");
                text::push_number(out, u64::from(*min));
                out.push_str(" to ");
                text::push_number(out, u64::from(*max));
            }
            Problem::NotOneOf { allowed } => {
                out.push_str("must be one of ");
                push_list(out, allowed);
            }
            Problem::EmptyPattern => out.push_str("a name pattern cannot be empty"),
            Problem::ForbiddenCharacter(c) => {
                out.push_str("a cookie name cannot contain ");
                match c {
                    ' ' => out.push_str("a space"),
                    c if c.is_whitespace() || c.is_control() => out.push_str("whitespace or control characters"),
                    c => {
                        out.push('"');
                        out.push(*c);
                        out.push('"');
                    }
                }
            }
            Problem::RequiredCategory(id) => quoted(out, "category ", id, " is required, so it cannot be refused"),
            Problem::InvalidSource(pattern) => quoted(
                out,
                "invalid source ",
                pattern,
                ": use a host (\"cdn.example.com\"), \"*.example.com\" or \"host/path*\"",
            ),
            Problem::InvalidUrl(url) => quoted(out, "invalid address ", url, ": use a URL such as \"/consent-log\""),
            Problem::InvalidRegion(code) => {
                quoted(out, "invalid region ", code, ": use ISO 3166 codes such as \"ES\" or \"US-CA\"")
            }
            Problem::UnknownPlatform(id) => {
                quoted(out, "unknown platform ", id, " (known: ");
                push_list(out, &catalog::PLATFORMS);
                out.push(')');
            }
        }
    }
}
