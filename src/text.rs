//! Building and taking apart text with the least code in the module.
//!
//! Building: `format!`, `write!` and `to_string()` on numbers bring the
//! formatting machinery (`Formatter::pad`, `pad_integral`, `fmt::write` and
//! their tables) into the WebAssembly module: about 1.1 KB gzip for the few
//! places the agent needs a number or a joined string. Everything the module
//! writes goes through [`push_number`], [`concat()`], [`join`] and friends
//! instead; native-only code (the CLI, tests) may still use `format!`.
//!
//! Taking apart: every separator the agent splits on is an ASCII byte
//! (`;`, `=`, `~`, `+`, `.`, `/`, NUL, newline), so [`split`],
//! [`split_first`], [`split_last`], [`has`] and [`trim`] work on bytes.
//! `str`'s own versions with a `char` pattern bring core's char searcher,
//! `memchr` and UTF-8 decoding (about 1.2 KB gzip with the generic joins).

use crate::prelude::*;

/// Appends the decimal digits of `n`.
pub fn push_number(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// The decimal digits of `n`.
pub fn number(n: u64) -> String {
    let mut out = String::new();
    push_number(&mut out, n);
    out
}

/// `path[i]`: the path of an array item, as error messages name it.
pub fn item(path: &str, i: usize) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    out.push_str(path);
    out.push('[');
    push_number(&mut out, i as u64);
    out.push(']');
    out
}

/// `path.key` (or `key` at the top): the path of an object member.
pub fn member(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        concat(&[path, ".", key])
    }
}

/// `parts` one after another: `[&str]::concat` without its generic copy
/// (and the capacity-overflow panic inside it).
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `items` joined by `separator`. One plain loop for every list the module
/// joins: `[String]::join` is generic, and each use brought a copy of it.
pub fn join(items: &[String], separator: char) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(item);
    }
    out
}

/// Whether `s` holds `byte` (an ASCII byte): a byte loop where
/// `str::contains(char)` would bring core's char searcher.
pub fn has(s: &str, byte: u8) -> bool {
    s.bytes().any(|b| b == byte)
}

/// `s` without the leading and trailing bytes `strip` accepts (ASCII bytes
/// only), by byte loops: `trim_matches` walks chars, which brings UTF-8
/// decoding code.
pub fn trim(s: &str, strip: impl Fn(u8) -> bool) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|&b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| !strip(b)).map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

/// `s` without trailing bytes `strip` accepts (ASCII bytes only).
pub fn trim_end(s: &str, strip: impl Fn(u8) -> bool) -> &str {
    let end = s.bytes().rposition(|b| !strip(b)).map_or(0, |i| i + 1);
    s.get(..end).unwrap_or_default()
}

/// A space or a tab: what `document.cookie` trims around names.
pub fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `s` split around the first `byte` (an ASCII byte, so both halves are
/// whole characters). A byte search where `split_once(char)` would bring
/// core's char searcher and its panicking slices into the module.
pub fn split_first(s: &str, byte: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == byte)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` split around the last `byte` (an ASCII byte), as [`split_first`].
pub fn split_last(s: &str, byte: u8) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|b| b == byte)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// The pieces of `s` between each `byte` (an ASCII byte), as
/// `str::split` gives them, found by a byte loop for the same reason as
/// [`split_first`].
pub fn split(s: &str, byte: u8) -> Pieces<'_> {
    Pieces { rest: Some(s), byte }
}

/// The iterator of [`split`].
pub struct Pieces<'a> {
    rest: Option<&'a str>,
    byte: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_first(rest, self.byte) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_paths() {
        for n in [0u64, 7, 10, 99, 182, 1_800_000_000, u64::MAX] {
            assert_eq!(number(n), n.to_string());
        }
        assert_eq!(item("rules", 12), "rules[12]");
        assert_eq!(member("", "ui"), "ui");
        assert_eq!(member("ui", "texts"), "ui.texts");
    }

    #[test]
    fn splits_around_a_byte() {
        assert_eq!(split_first("a=b=c", b'='), Some(("a", "b=c")));
        assert_eq!(split_last("a~b~c", b'~'), Some(("a~b", "c")));
        assert_eq!(split_first("é=ü", b'='), Some(("é", "ü")));
        assert_eq!(split_first("abc", b'='), None);
        assert_eq!(split_last("=", b'='), Some(("", "")));
        assert_eq!(join(&["a".into(), "".into(), "b".into()], '+'), "a++b");
        assert_eq!(join(&[], '+'), "");
        assert_eq!(concat(&["a", "", "bc"]), "abc");
        for text in ["", " ", " a ", "\ta b\t ", "é ", "  ü"] {
            assert_eq!(trim(text, blank), text.trim_matches([' ', '\t']));
            assert_eq!(trim_end(text, blank), text.trim_end_matches([' ', '\t']));
        }
        for text in ["", ";", "a", "a;b", ";a;;b;", "é;ü"] {
            assert_eq!(split(text, b';').collect::<Vec<_>>(), text.split(';').collect::<Vec<_>>());
        }
    }
}
