//! Inputs for the cookie-jar reader: `document.cookie` strings and writes.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---- jar

pub(crate) const REAL_NAMES: &[&str] = &[
    "_ga",
    "_ga_X1Y2Z3",
    "_gid",
    "_gat",
    "_fbp",
    "_fbc",
    "__utma",
    "IDE",
    "NID",
    "PHPSESSID",
    "JSESSIONID",
    "consent_agent",
    "__Host-session",
    "__Secure-3PSID",
    "__host-x",
    "_hjSession_123",
    "mp_0a1b_mixpanel",
    "ajs_anonymous_id",
    "OptanonConsent",
    "CookieConsent",
    "euconsent-v2",
    "XSRF-TOKEN",
    "_pk_id.1.a1b2",
    "%E2%9C%93",
    "naïve",
    "a",
    "",
];
pub(crate) const VALUES: &[&str] = &[
    "",
    "1",
    "GA1.1.12345.67890",
    "\"quoted\"",
    "a=b=c",
    "2~1~1790000000~1805724800~abc~necessary~analytics~0~0badbeef",
    "%3D%3B",
    " padded ",
    "base64+/==",
    "✓",
    "deleted",
];
pub(crate) const SEPARATORS: &[&str] =
    &["; ", "; ", "; ", "; ", ";", " ; ", ";;", ";\t", "; ;", ";  ", "\t;", ";\u{a0}"];
pub(crate) const JAR_TOKENS: &[&str] =
    &[";", "; ", "=", "==", " ", "\t", "a=1", "=x", "; =", "__Host-", "__Secure-", "consent_agent="];

pub(crate) fn gen_cookie_name(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=2 => rng.pick(REAL_NAMES).to_string(),
        3..=5 => word(rng, 12),
        6 => format!("{}{}", rng.pick(REAL_NAMES), word(rng, 6)),
        7 => any_text(rng, 8),
        8 => format!("{}{}", rng.pick(&["__Host-", "__Secure-", "__host-", "__SECURE-", "__Host", "_"]), word(rng, 8)),
        _ if rng.one_in(50) => "n".repeat(rng.range(1, 4096)),
        _ => String::new(),
    }
}

pub(crate) fn gen_cookie_value(rng: &mut Rng) -> String {
    match rng.below(8) {
        0..=2 => rng.pick(VALUES).to_string(),
        3..=5 => word(rng, 24),
        6 => any_text(rng, 12),
        _ if rng.one_in(30) => "v".repeat(rng.range(1, 4096)),
        _ => gen_record_value(rng).0,
    }
}

pub(crate) fn gen_jar(rng: &mut Rng, seeds: &[(String, Input)]) -> Input {
    if rng.one_in(20) {
        let mut input = small_seed(rng, seeds);
        mutate_field(rng, &mut input, JAR_TOKENS, 1 << 16);
        return input;
    }
    let pairs = rng.count(8, 2000, 20_000);
    let mut names: Vec<String> = Vec::new();
    let mut text = String::new();
    for i in 0..pairs {
        if i > 0 {
            text.push_str(rng.pick(SEPARATORS));
        }
        let name = if !names.is_empty() && rng.one_in(5) { rng.pick_ref(&names).clone() } else { gen_cookie_name(rng) };
        if rng.one_in(10) {
            text.push_str(rng.pick(&[" ", "\t", "  ", "\u{a0}"]));
        }
        text.push_str(&name);
        match rng.below(20) {
            0 => {}
            1 => text.push_str(" = "),
            2 => text.push_str("=="),
            _ => text.push('='),
        }
        text.push_str(&gen_cookie_value(rng));
        if names.len() < 64 {
            names.push(name);
        }
    }
    if rng.one_in(3) {
        mutate(rng, &mut text, JAR_TOKENS, 1 << 18);
    }
    let mut input = Input::default();
    input.push("jar", text);
    let mut write = if rng.one_in(2) && !names.is_empty() {
        format!("{}={}", rng.pick_ref(&names).clone(), gen_cookie_value(rng))
    } else {
        any_text(rng, 16)
    };
    for _ in 0..rng.below(4) {
        write.push_str(rng.pick(&[
            "; path=/",
            "; Path=/a",
            "; max-age=0",
            "; expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "; domain=.example.test",
            "; Secure",
            "; SameSite=None",
            "; Partitioned",
            ";",
            "; =x",
        ]));
    }
    if rng.one_in(4) {
        mutate(rng, &mut write, JAR_TOKENS, 1 << 12);
    }
    input.push("write", write);
    for _ in 0..rng.below(3) {
        input.push("name", gen_cookie_name(rng));
    }
    input
}
