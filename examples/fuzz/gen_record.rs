//! Inputs for the consent-record reader: encoded records, mutated, and jars of several.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---- record

/// The record's check (FNV-1a in hex), as `record.rs` computes it: mutated
/// records are signed again so they get past the check to the field parsing.
pub(crate) fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

pub(crate) fn sign(body: &str) -> String {
    format!("{body}~{:08x}", fnv(body))
}

pub(crate) fn category_id(rng: &mut Rng) -> String {
    match rng.below(6) {
        0..=3 => rng.pick(&STANDARD_CATEGORIES).to_string(),
        4 => word(rng, 40),
        _ => rng.pick(&["a", "-", "_", "x".repeat(40).as_str(), "ads", "stats"]).to_string(),
    }
}

pub(crate) fn gen_record(rng: &mut Rng) -> ConsentRecord {
    const MAX: u64 = 999_999_999_999_999;
    let random = rng.next();
    let revision = rng.pick(&[0, 1, 1, 2, 3, u32::MAX, random as u32]);
    let decided_at = rng.pick(&[0, 1, 1_790_000_000, 1_790_000_000, MAX, random % MAX]);
    let life = rng.pick(&[0, 1, 182 * 86_400, 182 * 86_400, 3650 * 86_400, (random >> 7) % MAX]);
    let ids = |rng: &mut Rng| -> Vec<String> { (0..rng.count(3, 200, 2000)).map(|_| category_id(rng)).collect() };
    let id_len = if rng.one_in(10) { 64 } else { rng.range(1, 16) };
    ConsentRecord {
        revision,
        decided_at,
        expires_at: decided_at.saturating_add(life).min(MAX),
        id: alnum(rng, id_len),
        granted: ids(rng),
        denied: ids(rng),
        signal: rng.one_in(3),
    }
}

pub(crate) const NUMBER_ATOMS: &[&str] = &[
    "",
    "0",
    "00",
    "1",
    "-1",
    "+1",
    " 1",
    "1 ",
    "1.0",
    "1e3",
    "0x10",
    "٣",
    "１",
    "4294967295",
    "4294967296",
    "999999999999999",
    "1000000000000000",
    "18446744073709551615",
    "18446744073709551616",
    "1790000000",
    "1805724800",
];
pub(crate) const FIELD_ATOMS: &[&str] = &[
    "",
    "a",
    "abc",
    "0",
    "a-b",
    "a_b",
    "a b",
    "é",
    "a+b",
    "+",
    "a+",
    "+a",
    "a++b",
    "necessary",
    "necessary+analytics",
    "necessary+necessary",
    "1",
    "2",
    "3",
    "02",
    "~",
    "%7E",
];
pub(crate) const RECORD_TOKENS: &[&str] = &["~", "+", "0", "1", "2", "~~", "9", "a", "-", "_"];

/// A record cookie value, and the times it was made around.
pub(crate) fn gen_record_value(rng: &mut Rng) -> (String, u64, u64, u32) {
    let r = gen_record(rng);
    let times = (r.decided_at, r.expires_at, r.revision);
    let text = match rng.below(20) {
        0 => {
            let bytes: Vec<u8> = (0..rng.range(0, 64)).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => sign(&format!(
            "1~{}~{}~{}~{}~{}~{}",
            r.revision,
            r.decided_at,
            r.expires_at,
            r.id,
            r.granted.join("+"),
            r.denied.join("+")
        )),
        2..=5 => r.encode(),
        _ => {
            let text = r.encode();
            let body = text.rsplit_once('~').map_or(text.as_str(), |(b, _)| b);
            let mut fields: Vec<String> = body.split('~').map(str::to_string).collect();
            for _ in 0..rng.range(1, 3) {
                let i = rng.below(fields.len());
                match rng.below(8) {
                    0 | 1 => fields[i] = rng.pick(NUMBER_ATOMS).to_string(),
                    2 | 3 => fields[i] = rng.pick(FIELD_ATOMS).to_string(),
                    4 => fields.insert(i, rng.pick(FIELD_ATOMS).to_string()),
                    5 if fields.len() > 1 => {
                        fields.remove(i);
                    }
                    6 => {
                        let f = fields[i].clone();
                        fields.insert(i, f);
                    }
                    _ => mutate(rng, &mut fields[i], RECORD_TOKENS, 4096),
                }
            }
            let body = fields.join("~");
            match rng.below(6) {
                0 => format!("{body}~{}", text.rsplit_once('~').map_or("", |(_, c)| c)),
                1 => format!("{body}~{}", word(rng, 9)),
                _ => sign(&body),
            }
        }
    };
    let mut text = text;
    if rng.one_in(12) {
        mutate(rng, &mut text, RECORD_TOKENS, 1 << 14);
    }
    (text, times.0, times.1, times.2)
}

pub(crate) const CONSENT_NAMES: &[&str] = &[
    "consent_agent",
    "consent_agent",
    "consent_agent",
    "my_consent",
    "c",
    "__Host-consent",
    "consent agent",
    "a;b",
    "",
    "*",
    "consent_agent ",
    "ça",
];

pub(crate) fn gen_record_input(rng: &mut Rng, seeds: &[(String, Input)]) -> Input {
    if rng.one_in(20) {
        let mut input = small_seed(rng, seeds);
        mutate_field(rng, &mut input, RECORD_TOKENS, 1 << 14);
        return input;
    }
    let mut input = Input::default();
    let (value, decided, expires, revision) = gen_record_value(rng);
    let name = rng.pick(CONSENT_NAMES);
    let name = if rng.one_in(10) { word(rng, 20) } else { name.to_string() };
    if rng.one_in(2) {
        // A jar: other cookies, and one or more records of the name (or near it).
        let mut jar = String::new();
        for i in 0..rng.count(4, 60, 1000) {
            if i > 0 {
                jar.push_str(rng.pick(SEPARATORS));
            }
            match rng.below(6) {
                0 => jar.push_str(&format!("{}={}", gen_cookie_name(rng), gen_cookie_value(rng))),
                1 => jar.push_str(&format!("{name}={value}")),
                2 => {
                    let near = rng.pick(&["", " ", "\u{a0}", "\u{3000}", "\t", "2", "_"]);
                    jar.push_str(&format!("{name}{near}={}", gen_record_value(rng).0));
                }
                _ => jar.push_str(&format!("{name}={}", gen_record_value(rng).0)),
            }
        }
        input.push("jar", jar);
    } else {
        input.push("jar", format!("{name}={value}"));
    }
    input.push("value", value);
    input.push("name", name);
    let now = match rng.below(8) {
        0 => decided,
        1 => expires,
        2 => expires.saturating_sub(1),
        3 => decided.saturating_add(rng.pick(&[600, 601, 599])),
        4 => rng.pick(&[0, u64::MAX, u64::MAX - 1, 999_999_999_999_999]),
        5 => rng.next(),
        _ => decided.saturating_add(rng.range(0, 400 * 86_400) as u64),
    };
    input.push("now", now.to_string());
    let revision = match rng.below(6) {
        0 => revision.wrapping_add(1),
        1 => revision.wrapping_sub(1),
        2 => rng.next() as u32,
        _ => revision,
    };
    input.push("revision", revision.to_string());
    if rng.one_in(3) {
        let days = rng.range(0, 4000);
        input.push("max-age-days", rng.pick(&[0, 1, 182, 3650, 5000, days]).to_string());
    }
    for (key, one_in) in [("loading", 5), ("signal", 3), ("secure", 2)] {
        if rng.one_in(one_in) {
            input.push(key, "1");
        }
    }
    if rng.one_in(4) {
        let ids: Vec<String> = (0..rng.range(0, 5)).map(|_| category_id(rng)).collect();
        input.push("choose", ids.join(" "));
        input.push("id", any_text(rng, 70));
    }
    input
}
