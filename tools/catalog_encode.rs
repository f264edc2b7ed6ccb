// The catalog's compact encoding, shared by the generator (`build.rs`, through
// `tools/catalog_compile.rs`) and its tests. Plain std only.
//
// Names are front-coded: rows sorted (by flag byte, then by pattern; see
// `tools/catalog_compile.rs`), and each row written as one
// byte `k` (0x00..=0x1f: how many leading bytes it shares with the previous
// row's pattern, at most 31) followed by the rest of its pattern (bytes
// 0x20..=0x7e). The marker byte is the separator, so nothing else is spent
// per row, and every byte stays below 0x80.
// Sorted neighbours share a vendor prefix (`_hjSession_*`, `_hjSessionUser_*`),
// so front coding drops about a third of the characters before gzip sees
// them; gzip of the coded text is about 8% smaller than gzip of the plain
// sorted list (measured on the shipped catalog, see catalog/README.md).

/// The longest shared prefix a marker byte can state.
const MAX_SHARED: usize = 0x1f;

/// Front-codes `patterns` (in the order given; sort them first for a good
/// ratio). Every pattern must be made of bytes 0x20..=0x7e.
pub fn front_code<'a>(patterns: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut prev: &str = "";
    for pattern in patterns {
        let shared = prev.bytes().zip(pattern.bytes()).take(MAX_SHARED).take_while(|(a, b)| a == b).count();
        out.push(char::from(shared as u8));
        out.push_str(&pattern[shared..]);
        prev = pattern;
    }
    out
}

/// The inverse of [`front_code`]: every pattern, in order. Only the tests
/// call it (the crate decodes in `src/catalog.rs` without allocating per row).
#[allow(dead_code)]
pub fn front_decode(coded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for byte in coded.bytes() {
        if usize::from(byte) <= MAX_SHARED {
            let prefix = out.last().map(|p| p.get(..usize::from(byte)).unwrap_or(p).to_string()).unwrap_or_default();
            out.push(prefix);
        } else if let Some(last) = out.last_mut() {
            last.push(char::from(byte));
        }
    }
    out
}

/// A Rust string literal for `text`, control characters written as
/// `\u{..}` (the `{:?}` form writes `\0`, which reads as an octal escape
/// when a digit follows).
pub fn rust_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
