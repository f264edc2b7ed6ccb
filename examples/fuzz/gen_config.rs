//! Inputs for the config reader: JSON configs built field by field, then mutated.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---- config

/// A JSON value to write as text; `Raw` is written as is (numbers, odd
/// tokens, deep nesting built as text).
pub(crate) enum J {
    Raw(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

pub(crate) fn raw(s: &str) -> J {
    J::Raw(s.to_string())
}

pub(crate) fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn write_j(j: &J, out: &mut String) {
    match j {
        J::Raw(s) => out.push_str(s),
        J::Str(s) => write_str(s, out),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_j(item, out);
            }
            out.push(']');
        }
        J::Obj(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write_j(v, out);
            }
            out.push('}');
        }
    }
}

pub(crate) const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "1.5",
    "1e9",
    "1000000000",
    "1000000001",
    "4294967295",
    "4294967296",
    "1e300",
    "1e400",
    "-1e400",
    "5e-324",
    "0.1",
    "1E2",
    "3650",
    "3651",
    "182",
    "9007199254740993",
    "123456789012345678901234567890",
    "1.0000000000000002",
];
pub(crate) const PROTO_KEYS: &[&str] = &[
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineGetter__",
    "__lookupGetter__",
    "isPrototypeOf",
    "then",
    "length",
    "",
];
pub(crate) const TOP_FIELDS: &[&str] = &[
    "revision",
    "categories",
    "rules",
    "unknown",
    "consentCookie",
    "platforms",
    "catalog",
    "reloadOnWithdraw",
    "globalPrivacyControl",
    "ui",
    "googleConsentMode",
    "microsoftConsentMode",
    "clarityConsent",
];
pub(crate) const TEXT_KEYS: &[&str] =
    &["bannerTitle", "acceptAll", "rejectAll", "save", "signal", "placeholder", "bannertitle"];
pub(crate) const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "\"__proto__\":",
    "\"categories\":",
    "\"rules\":[",
    "{\"id\":\"a\"}",
    "\"*\"",
    "\u{feff}",
    " ",
    "\n",
];

pub(crate) fn text_value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => String::new(),
        1 => any_text(rng, 24),
        2 if rng.one_in(20) => "t".repeat(rng.range(1, 20_000)),
        _ => word(rng, 16),
    }
}

/// Any JSON value, mostly of the wrong type for where it lands.
pub(crate) fn gen_any(rng: &mut Rng, depth: usize) -> J {
    match rng.below(if depth == 0 { 5 } else { 8 }) {
        0 => raw(rng.pick(&["null", "true", "false"])),
        1 | 2 => raw(rng.pick(NUMBERS)),
        3 | 4 => J::Str(text_value(rng)),
        5 => J::Arr((0..rng.range(0, 3)).map(|_| gen_any(rng, depth - 1)).collect()),
        6 => J::Obj((0..rng.range(0, 3)).map(|_| (key(rng), gen_any(rng, depth - 1))).collect()),
        _ => deep(rng),
    }
}

pub(crate) fn key(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.pick(PROTO_KEYS).to_string(),
        1 => rng.pick(TOP_FIELDS).to_string(),
        2 => any_text(rng, 10),
        _ => word(rng, 10),
    }
}

/// Nesting 1 to 200 deep (serde_json stops at 128, the browser build's
/// conversion at 32), written as text.
pub(crate) fn deep(rng: &mut Rng) -> J {
    let depth = if rng.one_in(4) { rng.range(100, 200) } else { rng.range(1, 40) };
    let (open, close) = if rng.one_in(2) { ("[", "]") } else { ("{\"categories\":", "}") };
    J::Raw(format!("{}{}{}", open.repeat(depth), rng.pick(&["null", "[]", "{}", "1", "\"x\""]), close.repeat(depth)))
}

pub(crate) fn gen_pattern(rng: &mut Rng) -> String {
    static CATALOG: OnceLock<Vec<&'static str>> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| catalog::rows().map(|e| e.pattern).collect());
    match rng.below(12) {
        0..=3 => rng.pick(catalog).to_string(),
        4 => {
            let mut p = rng.pick(catalog).to_string();
            mutate(rng, &mut p, &["*", "**", "_", "a"], 256);
            p
        }
        5 | 6 => {
            let pieces = ["*", "a", "b", "_", "ga", "id", ".", "-", "é", "✓", "**", "ab"];
            (0..rng.range(1, 8)).map(|_| rng.pick(&pieces)).collect()
        }
        7 => (0..rng.range(1, 50)).map(|_| if rng.one_in(2) { "*" } else { "a" }).collect(),
        8 => "*a".repeat(rng.range(1, 30)) + "*b",
        9 => any_text(rng, 16),
        10 => rng.pick(&["", "*", "**", "***", "*=", " *", "a*;"]).to_string(),
        _ => word(rng, 12),
    }
}

pub(crate) fn patterns_array(rng: &mut Rng) -> J {
    J::Arr((0..rng.count(3, 300, 3000)).map(|_| J::Str(gen_pattern(rng))).collect())
}

pub(crate) fn bool_j(rng: &mut Rng) -> J {
    raw(if rng.one_in(2) { "true" } else { "false" })
}

pub(crate) fn gen_config(rng: &mut Rng) -> J {
    let mut members: Vec<(String, J)> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    if rng.one_in(2) {
        let n = if rng.one_in(3) { rng.range(0, 1000).to_string() } else { rng.pick(NUMBERS).to_string() };
        members.push(("revision".into(), J::Raw(n)));
    }
    if rng.one_in(2) {
        let mut categories = Vec::new();
        for i in 0..rng.count(5, 400, 4000) {
            let standard = STANDARD_CATEGORIES.get(i).filter(|_| rng.one_in(2));
            let id = if let Some(standard) = standard {
                standard.to_string()
            } else if rng.one_in(10) {
                any_text(rng, 12)
            } else if rng.one_in(20) && !ids.is_empty() {
                rng.pick_ref(&ids).clone()
            } else {
                word(rng, 12)
            };
            let mut c = vec![("id".to_string(), J::Str(id.clone()))];
            if rng.one_in(3) {
                c.push(("required".into(), bool_j(rng)));
            }
            if rng.one_in(3) {
                c.push(("title".into(), J::Str(text_value(rng))));
            }
            if rng.one_in(4) {
                c.push(("description".into(), J::Str(text_value(rng))));
            }
            ids.push(id);
            categories.push(J::Obj(c));
        }
        members.push(("categories".into(), J::Arr(categories)));
    } else {
        ids.extend(STANDARD_CATEGORIES.iter().map(|s| s.to_string()));
    }
    if rng.one_in(2) {
        let mut rules = Vec::new();
        for _ in 0..rng.count(4, 200, 3000) {
            let category =
                if !ids.is_empty() && !rng.one_in(8) { rng.pick_ref(&ids).clone() } else { category_id(rng) };
            let mut r = vec![("category".to_string(), J::Str(category))];
            for field in ["cookies", "localStorage", "sessionStorage"] {
                if rng.one_in(if field == "cookies" { 1 } else { 3 }) {
                    r.push((field.into(), patterns_array(rng)));
                }
            }
            for field in ["provider", "purpose", "retention"] {
                if rng.one_in(4) {
                    r.push((field.into(), J::Str(text_value(rng))));
                }
            }
            rules.push(J::Obj(r));
        }
        members.push(("rules".into(), J::Arr(rules)));
    }
    if rng.one_in(3) {
        members.push(("unknown".into(), J::Str(rng.pick(&["keep", "delete", "Keep", "drop", ""]).to_string())));
    }
    if rng.one_in(3) {
        let mut c = Vec::new();
        if rng.one_in(2) {
            let name = if rng.one_in(3) { any_text(rng, 12) } else { rng.pick(CONSENT_NAMES).to_string() };
            c.push(("name".to_string(), J::Str(name)));
        }
        if rng.one_in(3) {
            let domain = rng.pick(&["example.test", ".example.test", "", "a b", "ex;ample"]);
            c.push(("domain".into(), if rng.one_in(4) { raw("null") } else { J::Str(domain.to_string()) }));
        }
        if rng.one_in(2) {
            c.push(("maxAgeDays".into(), raw(rng.pick(NUMBERS))));
        }
        members.push(("consentCookie".into(), J::Obj(c)));
    }
    if rng.one_in(4) {
        let platforms = (0..rng.range(0, 4))
            .map(|_| J::Str(if rng.one_in(4) { word(rng, 12) } else { rng.pick(&catalog::PLATFORMS).to_string() }))
            .collect();
        members.push(("platforms".into(), J::Arr(platforms)));
    }
    for (field, one_in) in [("catalog", 4), ("reloadOnWithdraw", 6)] {
        if rng.one_in(one_in) {
            members.push((field.into(), bool_j(rng)));
        }
    }
    if rng.one_in(4) {
        let list = (0..rng.count(3, 100, 2000))
            .map(|_| {
                J::Str(if !ids.is_empty() && rng.one_in(2) { rng.pick_ref(&ids).clone() } else { category_id(rng) })
            })
            .collect();
        members.push(("globalPrivacyControl".into(), J::Arr(list)));
    }
    if rng.one_in(4) {
        let ui = if rng.one_in(4) {
            bool_j(rng)
        } else {
            let mut u = Vec::new();
            if rng.one_in(2) {
                u.push(("enabled".to_string(), bool_j(rng)));
            }
            if rng.one_in(2) {
                u.push(("language".into(), J::Str(rng.pick(&["de", "en", "fr-CA", "", "__proto__"]).to_string())));
            }
            if rng.one_in(2) {
                let languages = (0..rng.range(0, 3))
                    .map(|_| {
                        let language = if rng.one_in(3) { rng.pick(PROTO_KEYS).to_string() } else { word(rng, 5) };
                        let texts = (0..rng.range(0, 4))
                            .map(|_| (rng.pick(TEXT_KEYS).to_string(), J::Str(text_value(rng))))
                            .collect();
                        (language, J::Obj(texts))
                    })
                    .collect();
                u.push(("texts".into(), J::Obj(languages)));
            }
            for (field, words) in
                [("theme", &["auto", "light", "dark", "blue"][..]), ("position", &["bar", "box", "modal", "top"][..])]
            {
                if rng.one_in(2) {
                    u.push((field.into(), J::Str(rng.pick(words).to_string())));
                }
            }
            if rng.one_in(3) {
                u.push(("floatingButton".into(), bool_j(rng)));
            }
            J::Obj(u)
        };
        members.push(("ui".into(), ui));
    }
    if rng.one_in(4) {
        let google = if rng.one_in(4) {
            raw(rng.pick(&["true", "false", "null", "1", "\"yes\"", "[]"]))
        } else {
            let mut g: Vec<(String, J)> = Vec::new();
            for (name, _) in GOOGLE_TYPES {
                if rng.one_in(3) {
                    let ids = (0..rng.count(2, 50, 1000))
                        .map(|_| {
                            J::Str(if !ids.is_empty() && rng.one_in(2) {
                                rng.pick_ref(&ids).clone()
                            } else {
                                category_id(rng)
                            })
                        })
                        .collect();
                    g.push((name.to_string(), J::Arr(ids)));
                }
            }
            if rng.one_in(3) {
                let wait = if rng.one_in(2) { rng.pick(&["0", "500", "60000", "60001"]) } else { rng.pick(NUMBERS) };
                g.push(("waitForUpdate".into(), raw(wait)));
            }
            for field in ["adsDataRedaction", "urlPassthrough"] {
                if rng.one_in(3) {
                    g.push((field.into(), bool_j(rng)));
                }
            }
            if rng.one_in(3) {
                let codes = ["ES", "US-CA", "", "TOOLONG", "a b", "é", "de-DE", "1", "-"];
                let region = (0..rng.range(0, 4)).map(|_| J::Str(rng.pick(&codes).to_string())).collect();
                g.push(("region".into(), if rng.one_in(5) { raw("null") } else { J::Arr(region) }));
            }
            J::Obj(g)
        };
        members.push(("googleConsentMode".into(), google));
    }
    for field in ["microsoftConsentMode", "clarityConsent"] {
        if rng.one_in(6) {
            members.push((field.into(), if rng.one_in(5) { gen_any(rng, 1) } else { bool_j(rng) }));
        }
    }
    if rng.one_in(8) {
        let i = rng.below(members.len() + 1);
        members.insert(i, (rng.pick(PROTO_KEYS).to_string(), gen_any(rng, 2)));
    }
    J::Obj(members)
}

/// How many nodes a tree has.
pub(crate) fn nodes(j: &J) -> usize {
    1 + match j {
        J::Arr(items) => items.iter().map(nodes).sum(),
        J::Obj(members) => members.iter().map(|(_, v)| nodes(v)).sum(),
        _ => 0,
    }
}

/// Node `k` in pre-order.
pub(crate) fn node_mut<'a>(j: &'a mut J, k: &mut usize) -> Option<&'a mut J> {
    if *k == 0 {
        return Some(j);
    }
    *k -= 1;
    match j {
        J::Arr(items) => items.iter_mut().find_map(|v| node_mut(v, k)),
        J::Obj(members) => members.iter_mut().find_map(|(_, v)| node_mut(v, k)),
        _ => None,
    }
}

/// Structural mutations: a value of the wrong type anywhere, prototype
/// keys, duplicated or dropped members, repeated array items, deep nesting.
pub(crate) fn mutate_tree(rng: &mut Rng, root: &mut J) {
    for _ in 0..rng.range(1, 4) {
        let mut k = rng.below(nodes(root));
        let Some(node) = node_mut(root, &mut k) else { continue };
        match (rng.below(6), node) {
            (0, J::Obj(members)) => {
                let i = rng.below(members.len() + 1);
                members.insert(i, (rng.pick(PROTO_KEYS).to_string(), gen_any(rng, 2)));
            }
            (1, J::Obj(members)) if !members.is_empty() => {
                let i = rng.below(members.len());
                match rng.below(3) {
                    0 => {
                        members.remove(i);
                    }
                    1 => members[i].0 = key(rng),
                    _ => {
                        let dup = (members[i].0.clone(), gen_any(rng, 1));
                        members.push(dup);
                    }
                }
            }
            (2, J::Arr(items)) if !items.is_empty() => {
                let i = rng.below(items.len());
                let mut text = String::new();
                write_j(&items[i], &mut text);
                let times = if rng.one_in(20) { rng.range(100, 5000) } else { rng.range(1, 4) };
                for _ in 0..times.min(200_000 / (text.len() + 1)) {
                    items.push(J::Raw(text.clone()));
                }
            }
            (3, node) if rng.one_in(10) => *node = deep(rng),
            (_, node) => *node = gen_any(rng, 2),
        }
    }
}

pub(crate) fn gen_config_input(rng: &mut Rng, seeds: &[(String, Input)]) -> Input {
    if rng.one_in(20) {
        let mut input = small_seed(rng, seeds);
        mutate_field(rng, &mut input, JSON_TOKENS, 1 << 16);
        return input;
    }
    let mut tree = gen_config(rng);
    if rng.one_in(2) {
        mutate_tree(rng, &mut tree);
    }
    let mut text = String::new();
    write_j(&tree, &mut text);
    if rng.one_in(5) {
        mutate(rng, &mut text, JSON_TOKENS, 1 << 18);
    }
    let mut input = Input::default();
    input.push("json", text);
    // Names to decide make the target build an engine (its catalog
    // classifiers cost more than the config): one input in eight.
    for _ in 0..if rng.one_in(8) { rng.range(1, 3) } else { 0 } {
        let name = if rng.one_in(2) {
            let p = gen_pattern(rng);
            instantiate(rng, &p)
        } else {
            gen_cookie_name(rng)
        };
        input.push("name", name);
    }
    input
}
