//! Inputs for the pattern matcher and the deletion scopes: patterns, names, hosts and paths.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---- pattern

/// A name a pattern matches: each `*` replaced by some text.
pub(crate) fn instantiate(rng: &mut Rng, pattern: &str) -> String {
    let mut out = String::new();
    for (i, part) in pattern.split('*').enumerate() {
        if i > 0 {
            match rng.below(4) {
                0 => {}
                1 => out.push_str(&any_text(rng, 4)),
                _ => out.push_str(&word(rng, 10)),
            }
        }
        out.push_str(part);
    }
    out
}

pub(crate) const HOSTS: &[&str] = &[
    "www.shop.example.test",
    "www.shop.example.test",
    "example.test",
    "localhost",
    "127.0.0.1",
    "::1",
    "[::1]",
    "",
    ".",
    "..",
    "a..b",
    ".example.test",
    "example.test.",
    "example.test..",
    "xn--bcher-kva.example",
    "10.0.0.256",
    "1.2.3",
    "0x7f.1",
    "a.b.c.d.e.f.g.h",
    "co.uk",
    "www.example.co.uk",
    "ÉXAMPLE.test",
    "例え.テスト",
    "a b.test",
    "a;b.test",
];
pub(crate) const SEGMENTS: &[&str] =
    &["a", "b", "", ".", "..", "%2F", "page.html", "a;b", "✓", "x=1", "?q", "#h", "A", " "];

pub(crate) fn gen_host(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=5 => rng.pick(HOSTS).to_string(),
        6 | 7 => (0..rng.range(1, 6)).map(|_| word(rng, 8)).collect::<Vec<_>>().join("."),
        8 if rng.one_in(50) => "a.".repeat(rng.range(60, 127)) + "test",
        _ => {
            let mut h = rng.pick(HOSTS).to_string();
            mutate(rng, &mut h, &[".", "..", ":", "-", "a"], 300);
            h
        }
    }
}

pub(crate) fn gen_path(rng: &mut Rng) -> String {
    if rng.one_in(10) {
        return rng.pick(&["", "a/b", "//", "///", "/\0", "/a//b/", "\u{a0}/a"]).to_string();
    }
    let segments = rng.count(4, 300, 5000);
    let mut path = String::new();
    for _ in 0..segments {
        path.push('/');
        path.push_str(if rng.one_in(4) { any_text(rng, 6) } else { rng.pick(SEGMENTS).to_string() }.as_str());
    }
    if path.is_empty() || rng.one_in(3) {
        path.push('/');
    }
    path
}

/// Keeps the page within what a loaded page can have: a host within DNS's
/// 253 bytes, and a path within the 1024 bytes of a cookie's `Path` (the
/// deletion writes grow with the product of host labels and path segments:
/// past these the fuzzer would spend its time and memory on a few inputs;
/// `scope::deletion_writes` on longer paths is measured apart).
pub(crate) fn cap_page(input: &mut Input) {
    for (key, value) in &mut input.fields {
        match key.as_str() {
            "host" => cut(value, 253),
            "path" => cut(value, 1024),
            _ => {}
        }
    }
}

pub(crate) fn gen_pattern_input(rng: &mut Rng, seeds: &[(String, Input)]) -> Input {
    if rng.one_in(20) {
        let mut input = small_seed(rng, seeds);
        mutate_field(rng, &mut input, &["*", "**", ".", "/", "=", "__Host-"], 4096);
        cap_page(&mut input);
        return input;
    }
    let mut input = Input::default();
    let mut patterns = Vec::new();
    for _ in 0..rng.count(6, 400, 5000) {
        let storage = rng.pick(&["cookie", "cookie", "cookie", "localStorage", "localStorage", "sessionStorage"]);
        let p = gen_pattern(rng);
        input.push(storage, p.clone());
        patterns.push(p);
    }
    let mut names = Vec::new();
    for _ in 0..rng.range(0, 6) {
        let name = match rng.below(8) {
            0..=2 if !patterns.is_empty() => {
                let p = rng.pick_ref(&patterns).clone();
                instantiate(rng, &p)
            }
            3 if !patterns.is_empty() => {
                let p = rng.pick_ref(&patterns).clone();
                let mut n = instantiate(rng, &p);
                mutate(rng, &mut n, &["*", "_", "a"], 512);
                n
            }
            4 if !patterns.is_empty() => rng.pick_ref(&patterns).clone(),
            5 if rng.one_in(20) => "a".repeat(rng.range(1, 3000)),
            _ => gen_cookie_name(rng),
        };
        input.push("name", name.clone());
        names.push(name);
    }
    input.push("host", gen_host(rng));
    input.push("path", gen_path(rng));
    cap_page(&mut input);
    if rng.one_in(2) {
        input.push("secure", "1");
    }
    for _ in 0..rng.range(0, 2) {
        let name = if names.is_empty() || rng.one_in(3) { gen_cookie_name(rng) } else { rng.pick_ref(&names).clone() };
        let key = match rng.below(6) {
            0 => name,
            1 => format!("{}{name}=", rng.pick(&["__Host-", "__Secure-", "__host-", "__SECURE-"])),
            _ => format!("{name}="),
        };
        input.push("key", key);
    }
    input
}
