//! The generator: a SplitMix64 random source and the text mutations every parser's inputs share.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------- generator

/// SplitMix64: tiny, fast, and good enough to drive a fuzzer.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True once in `n` times.
    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub(crate) fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A count with a heavy tail: mostly up to `small`, now and then up to
    /// 10 times that, rarely up to `huge`.
    pub(crate) fn count(&mut self, small: usize, huge: usize, huge_one_in: usize) -> usize {
        if self.one_in(huge_one_in) {
            self.range(small * 10, huge.max(small * 10))
        } else if self.one_in(20) {
            self.range(small, small * 10)
        } else {
            self.range(0, small)
        }
    }
}

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Characters that break naive parsers: separators, whitespace of every
/// kind, controls, combining marks, surrogate-pair and multi-byte text.
pub(crate) const NASTY: &[&str] = &[
    " ",
    "\t",
    ";",
    "=",
    ",",
    "\"",
    "\\",
    "*",
    "~",
    "+",
    "%",
    "/",
    ".",
    ":",
    "[",
    "]",
    "{",
    "}",
    "\0",
    "\r",
    "\n",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{200e}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{3000}",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10ffff}",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "ﬃ",
    "✓",
    "😀",
    "👩\u{200d}👧",
    "🇺🇸",
    "Ω",
    "ａ",
    "١",
    "𝟙",
    "%E2%9C%93",
    "%00",
    "%3B",
];

pub(crate) const WORD_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
pub(crate) const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

pub(crate) fn word(rng: &mut Rng, max: usize) -> String {
    let len = rng.range(1, max.max(1));
    (0..len).map(|_| rng.pick(WORD_CHARS) as char).collect()
}

pub(crate) fn alnum(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| rng.pick(ALNUM) as char).collect()
}

/// Text mixing word characters and nasty ones.
pub(crate) fn any_text(rng: &mut Rng, max: usize) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(0, max) {
        if rng.one_in(3) {
            s.push_str(rng.pick(NASTY));
        } else if rng.one_in(40) {
            s.push(char::from_u32(rng.range(0x80, 0x10ffff) as u32).unwrap_or('\u{fffd}'));
        } else {
            s.push(rng.pick(WORD_CHARS) as char);
        }
    }
    s
}

/// A random char boundary of `s`.
pub(crate) fn boundary(rng: &mut Rng, s: &str) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A char boundary at or after `from`, at most `span` bytes on.
pub(crate) fn boundary_after(rng: &mut Rng, s: &str, from: usize, span: usize) -> usize {
    let mut i = (from + rng.below(span + 1)).min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i.max(from)
}

pub(crate) fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let mut i = max;
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.truncate(i);
    }
}

/// Character-level mutations: insert tokens or nasty characters, delete,
/// repeat or move a slice, replace or flip a character, truncate.
pub(crate) fn mutate(rng: &mut Rng, s: &mut String, tokens: &[&str], max_len: usize) {
    let ops = if rng.one_in(8) { rng.range(1, 16) } else { rng.range(1, 3) };
    for _ in 0..ops {
        let a = boundary(rng, s);
        match rng.below(10) {
            0 | 1 => s.insert_str(a, rng.pick(tokens)),
            2 => s.insert_str(a, rng.pick(NASTY)),
            3 => {
                let b = boundary_after(rng, s, a, 16);
                s.replace_range(a..b, "");
            }
            4 => {
                let b = boundary_after(rng, s, a, 32);
                let times = if rng.one_in(100) { rng.range(2, 2000) } else { rng.range(2, 8) };
                let piece = s[a..b].repeat(times.min(max_len / (b - a + 1)));
                s.insert_str(b, &piece);
            }
            5 => {
                let b = boundary_after(rng, s, a, 4);
                s.replace_range(a..b, rng.pick(NASTY));
            }
            6 if rng.one_in(3) => s.truncate(a),
            7 => {
                // Flip a bit of an ASCII byte, keeping it ASCII.
                if let Some(&byte) = s.as_bytes().get(a) {
                    if byte.is_ascii() {
                        let flipped = (byte ^ (1 << rng.below(7))) as char;
                        s.replace_range(a..a + 1, flipped.encode_utf8(&mut [0; 4]));
                    }
                }
            }
            _ => {
                // Copy a slice from elsewhere in the text.
                let c = boundary(rng, s);
                let d = boundary_after(rng, s, c, 24);
                let piece = s[c..d].to_string();
                let a = boundary(rng, s);
                s.insert_str(a, &piece);
            }
        }
        cut(s, max_len);
    }
}

/// Rebuilds input `index` of `parser` for `seed`. The first indexes are the
/// hand-written nasty inputs, unchanged.
pub(crate) fn generate(parser: usize, seed: u64, index: u64) -> Input {
    let seeds = nasty(parser);
    if let Some((_, input)) = seeds.get(index as usize) {
        return input.clone();
    }
    let mut rng = Rng(mix(seed ^ mix(parser as u64 + 1) ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03)));
    match PARSERS[parser] {
        "jar" => gen_jar(&mut rng, seeds),
        "record" => gen_record_input(&mut rng, seeds),
        "config" => gen_config_input(&mut rng, seeds),
        _ => gen_pattern_input(&mut rng, seeds),
    }
}

/// A small hand-written input of the parser, to mutate (small: the big ones
/// run unchanged once per run, and would dominate the time if mutated often).
pub(crate) fn small_seed(rng: &mut Rng, seeds: &[(String, Input)]) -> Input {
    let small: Vec<&Input> = seeds.iter().map(|(_, i)| i).filter(|i| i.size() <= 512).collect();
    if small.is_empty() {
        Input::default()
    } else {
        rng.pick(&small).clone()
    }
}

/// Mutates one field of `input`.
pub(crate) fn mutate_field(rng: &mut Rng, input: &mut Input, tokens: &[&str], max_len: usize) {
    if input.fields.is_empty() {
        return;
    }
    let i = rng.below(input.fields.len());
    mutate(rng, &mut input.fields[i].1, tokens, max_len);
}
