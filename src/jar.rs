//! Reading the cookie jar as a page sees it: the `document.cookie` string.
//!
//! The string is `name=value` pairs joined by `"; "`, with neither domain nor
//! path. Odd input is expected and never an error: pairs without `=` (a
//! cookie written as `document.cookie = "foo"`), empty names, the same name
//! several times (one per scope), percent-encoded and non-ASCII names.

use crate::prelude::*;
use crate::text;

/// One distinct cookie name found in the jar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarCookie<'a> {
    /// The name as the page sees it. For a pair without `=` this is the whole
    /// pair, which is what a visitor or developer sees in the jar.
    pub name: &'a str,
    /// Whether the pair had no `=`. Such a cookie must be deleted by writing
    /// the pair without `=` too, so the browser parses the deletion the way it
    /// parsed the original.
    pub bare: bool,
    /// How many times the name occurs (one per scope it is set in).
    pub count: usize,
}

impl<'a> JarCookie<'a> {
    /// The text before the attributes in a deletion write: `name=` or, for a
    /// bare pair, the pair itself.
    pub fn key(&self) -> String {
        if self.bare {
            self.name.to_string()
        } else {
            text::concat(&[self.name, "="])
        }
    }

    /// Whether [`key`](Self::key) would be `key`, without building it.
    pub fn has_key(&self, key: &str) -> bool {
        if self.bare {
            self.name == key
        } else {
            key.strip_suffix('=') == Some(self.name)
        }
    }
}

/// The distinct cookies in a `document.cookie` string, in first-seen order.
pub fn parse(jar: &str) -> Vec<JarCookie<'_>> {
    let mut out: Vec<JarCookie<'_>> = Vec::new();
    for pair in text::split(jar, b';') {
        let pair = text::trim(pair, text::blank);
        if pair.is_empty() {
            continue;
        }
        let (name, bare) = match text::split_first(pair, b'=') {
            Some((name, _)) => (text::trim_end(name, text::blank), false),
            None => (pair, true),
        };
        match out.iter_mut().find(|c| c.name == name && c.bare == bare) {
            Some(seen) => seen.count += 1,
            None => out.push(JarCookie { name, bare, count: 1 }),
        }
    }
    out
}

/// The name a `document.cookie = text` assignment writes: the text before
/// the first `=` of the first pair, or the whole pair when it has no `=`,
/// as [`parse`] would show it in the jar (spaces and tabs trimmed, as
/// there: `\u{a0}_ga` is not `_ga`).
pub fn written_name(assignment: &str) -> &str {
    let pair = text::split(assignment, b';').next().unwrap_or_default();
    match text::split_first(pair, b'=') {
        Some((name, _)) => text::trim(name, text::blank),
        None => text::trim(pair, text::blank),
    }
}

/// The values of every cookie called `name`, in jar order (most specific path first).
pub fn values<'a>(jar: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text::split(jar, b';').filter_map(move |pair| {
        let pair = text::trim(pair, text::blank);
        let (n, v) = text::split_first(pair, b'=')?;
        (text::trim_end(n, text::blank) == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_jar() {
        let jar = parse("_ga=GA1.1.1; _ga_X1=GS1; consent_agent=1~x");
        let names: Vec<&str> = jar.iter().map(|c| c.name).collect();
        assert_eq!(names, ["_ga", "_ga_X1", "consent_agent"]);
    }

    #[test]
    fn odd_jars() {
        assert!(parse("").is_empty());
        assert!(parse(";;; ;").is_empty());
        let jar = parse("foo; a=1; a=2; =empty; %E2%9C%93=yes; naïve=1; b==c; c=");
        assert_eq!(jar[0], JarCookie { name: "foo", bare: true, count: 1 });
        assert_eq!(jar[1], JarCookie { name: "a", bare: false, count: 2 });
        assert_eq!(jar[2], JarCookie { name: "", bare: false, count: 1 });
        assert_eq!(jar[3].name, "%E2%9C%93");
        assert_eq!(jar[4].name, "naïve");
        assert_eq!(jar[5].name, "b");
        assert_eq!(jar[6].name, "c");
        assert_eq!(jar[0].key(), "foo");
        assert_eq!(jar[1].key(), "a=");
    }

    #[test]
    fn names_of_writes() {
        assert_eq!(written_name("_ga=GA1.2; path=/; max-age=10"), "_ga");
        assert_eq!(written_name(" spaced = x"), "spaced");
        assert_eq!(written_name("bare; path=/"), "bare");
        assert_eq!(written_name(""), "");
    }

    #[test]
    fn keys_without_building_them() {
        for cookie in parse("a=1; b; =c; d=") {
            assert!(cookie.has_key(&cookie.key()));
            assert!(!cookie.has_key(cookie.name) || cookie.bare);
        }
    }

    #[test]
    fn values_of_a_name() {
        let v: Vec<&str> = values("a=1; b=2; a=3; ab=4", "a").collect();
        assert_eq!(v, ["1", "3"]);
    }

    #[test]
    fn huge_jar() {
        let value = "v".repeat(4000);
        let text: Vec<String> = (0..180).map(|i| format!("c{i}={value}")).collect();
        let text = text.join("; ");
        assert_eq!(parse(&text).len(), 180);
    }
}
