//! Building text without `core::fmt`.
//!
//! `format!`, `write!` and `to_string()` on numbers bring the formatting
//! machinery (`Formatter::pad`, `pad_integral`, `fmt::write` and their
//! tables) into the WebAssembly module: about 1.1 KB gzip for the few
//! places the agent needs a number or a joined string. Everything the module
//! writes goes through these instead; native-only code (the CLI, tests) may
//! still use `format!`.

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
        [path, ".", key].concat()
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
}
