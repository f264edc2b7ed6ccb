//! Configuration problems, each at an exact field, worded for a web
//! developer reading the browser console.

use crate::catalog;
use std::fmt;

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

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "config: {}", self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[&str]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "\"{item}\"")?;
    }
    Ok(())
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotJson(m) => f.write_str(m),
            Problem::WrongType { expected, found } => write!(f, "must be {expected}, not {found}"),
            Problem::UnknownField { allowed } => {
                f.write_str("unknown field (allowed: ")?;
                write_list(f, allowed)?;
                f.write_str(")")
            }
            Problem::UnknownCategory(id) => write!(f, "unknown category \"{id}\""),
            Problem::DuplicateCategory(id) => write!(f, "category \"{id}\" is defined twice"),
            Problem::InvalidId(id) => {
                write!(f, "invalid id \"{id}\": use 1 to 40 ASCII letters, digits, \"_\" or \"-\"")
            }
            Problem::NoCategories => f.write_str("must list at least one category"),
            Problem::OutOfRange { min, max } => {
                write!(f, "must be a whole number from {min} to {max}")
            }
            Problem::NotOneOf { allowed } => {
                f.write_str("must be one of ")?;
                write_list(f, allowed)
            }
            Problem::EmptyPattern => f.write_str("a name pattern cannot be empty"),
            Problem::ForbiddenCharacter(c) => {
                f.write_str("a cookie name cannot contain ")?;
                match c {
                    ' ' => f.write_str("a space"),
                    c if c.is_whitespace() || c.is_control() => f.write_str("whitespace or control characters"),
                    c => write!(f, "\"{c}\""),
                }
            }
            Problem::RequiredCategory(id) => write!(f, "category \"{id}\" is required, so it cannot be refused"),
            Problem::InvalidSource(pattern) => write!(
                f,
                "invalid source \"{pattern}\": use a host (\"cdn.example.com\"), \"*.example.com\" or \"host/path*\""
            ),
            Problem::InvalidUrl(url) => write!(f, "invalid address \"{url}\": use a URL such as \"/consent-log\""),
            Problem::InvalidRegion(code) => {
                write!(f, "invalid region \"{code}\": use ISO 3166 codes such as \"ES\" or \"US-CA\"")
            }
            Problem::UnknownPlatform(id) => {
                write!(f, "unknown platform \"{id}\" (known: ")?;
                write_list(f, &catalog::PLATFORMS)?;
                f.write_str(")")
            }
        }
    }
}
