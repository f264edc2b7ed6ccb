//! Hand-written nasty inputs per parser, kept in the corpus.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------- nasty inputs

pub(crate) fn one(fields: &[(&str, &str)]) -> Input {
    let mut input = Input::default();
    for (k, v) in fields {
        input.push(k, *v);
    }
    input
}

/// Hand-written nasty inputs of each parser, with what each is about. They
/// run first in every run, are mutated now and then, and `--write-corpus`
/// puts them in the corpus.
pub(crate) fn nasty(parser: usize) -> &'static [(String, Input)] {
    static ALL: OnceLock<Vec<Vec<(String, Input)>>> = OnceLock::new();
    &ALL.get_or_init(|| (0..PARSERS.len()).map(build_nasty).collect())[parser]
}

pub(crate) fn build_nasty(parser: usize) -> Vec<(String, Input)> {
    let mut out: Vec<(String, Input)> = Vec::new();
    let mut add = |what: &str, input: Input| out.push((what.to_string(), input));
    match PARSERS[parser] {
        "jar" => {
            add("empty jar and empty write", one(&[("jar", ""), ("write", "")]));
            add("only separators and blanks", one(&[("jar", ";;; ;\t; ; ;"), ("write", ";")]));
            add("empty names, bare pairs, doubled =", one(&[("jar", "=; ==; = ; a; a; b==c; =x"), ("write", "=")]));
            add(
                "non-ASCII and percent-encoded names, whitespace other than space and tab",
                one(&[
                    ("jar", "naïve=1; %E2%9C%93=✓; 😀=😀; a\u{a0}=1; \u{3000}b=2; c\u{2028}=3; \u{feff}d=4"),
                    ("write", "\u{a0}_ga=1; path=/"),
                    ("name", "a"),
                    ("name", "a\u{a0}"),
                ]),
            );
            add("controls", one(&[("jar", "\0=\0; \r\n=\r\n; \u{7f}; a=\u{1}"), ("write", "\r\n=1")]));
            add(
                "prefixed names in every case",
                one(&[("jar", "__Host-x=1; __host-x=2; __Secure-y=3; __SECURE-y; __Host-"), ("write", "__Host-x=1")]),
            );
            let huge = ["big1=", &"v".repeat(4096), "; big2=", &"w".repeat(4096), "; big3", &"x".repeat(4096)].concat();
            add("three 4 KB cookies", one(&[("jar", &huge), ("write", &huge), ("name", "big2")]));
            let distinct: Vec<String> = (0..1000).map(|i| format!("c{i}={i}")).collect();
            add("1000 distinct names", one(&[("jar", &distinct.join("; ")), ("write", "c999=1"), ("name", "c999")]));
            add("1000 copies of one name", one(&[("jar", &["a=1"; 1000].join("; ")), ("name", "a")]));
            add("2000 bare pairs", one(&[("jar", &["bare"; 2000].join(";"))]));
        }
        "record" => {
            let valid = ConsentRecord {
                revision: 2,
                decided_at: 1_790_000_000,
                expires_at: 1_805_724_800,
                id: "k3j9x0a7q2m1".into(),
                granted: vec!["necessary".into(), "analytics".into()],
                denied: vec!["functional".into(), "marketing".into()],
                signal: false,
            }
            .encode();
            let now = ("now", "1790000001");
            let rev = ("revision", "2");
            let jar = format!("consent_agent={valid}");
            add("a valid record", one(&[("value", &valid), ("jar", &jar), now, rev]));
            add(
                "empty and separator-only values",
                one(&[("value", "~"), ("jar", "consent_agent=; consent_agent=~~~~~~~")]),
            );
            add("right field count, empty fields", one(&[("value", &sign("2~~~~~~~")), now, rev]));
            add("numbers past u64 and u32", one(&[("value", &sign("2~4294967296~99999999999999999999~1~a~~~0")), now]));
            add(
                "15-digit times, 64-character id, signal on",
                one(&[("value", &sign(&format!("2~0~999999999999999~999999999999999~{}~~~1", "Z".repeat(64)))), now]),
            );
            add("format 1", one(&[("value", &sign("1~2~1790000000~1805724800~abc~necessary~analytics")), now, rev]));
            let many: Vec<String> = (0..1000).map(|i| format!("c{i}")).collect();
            let long = sign(&format!("2~2~1790000000~1805724800~abc~{}~~0", many.join("+")));
            add("1000 granted ids", one(&[("value", &long), now, rev]));
            add("10000 tildes", one(&[("value", &"~".repeat(10_000)), now]));
            let copies: Vec<String> = (0..50).map(|_| format!("consent_agent={valid}")).collect();
            add("50 copies of a valid record", one(&[("jar", &copies.join("; ")), now, rev]));
            let mixed =
                format!("consent_agent\u{a0}={valid}; consent_agent ={valid}; CONSENT_AGENT={valid}; consent_agent=x");
            add("near-miss names beside a bad record", one(&[("jar", &mixed), now, rev]));
            add(
                "a choice at the end of time",
                one(&[
                    ("now", "18446744073709551615"),
                    ("revision", "4294967295"),
                    ("choose", "analytics x y"),
                    ("id", ""),
                ]),
            );
        }
        "config" => {
            for (what, json) in [
                ("not JSON at all", ""),
                ("empty object", "{}"),
                ("an array, null, a number", "[]"),
                ("null", "null"),
                ("prototype keys at the top", r#"{"__proto__":{"revision":2},"constructor":1,"toString":"x"}"#),
                (
                    "prototype keys as ids, languages, patterns",
                    r#"{"categories":[{"id":"__proto__"},{"id":"constructor","required":true}],
                        "rules":[{"category":"__proto__","cookies":["__proto__","*"]}],
                        "ui":{"texts":{"__proto__":{"save":"x"},"constructor":{"toString":"y"}}}}"#,
                ),
                (
                    "wrong types in every field",
                    r#"{"revision":"1","categories":{},"rules":"x","unknown":1,"consentCookie":[],"platforms":{},
                        "catalog":"yes","reloadOnWithdraw":0,"globalPrivacyControl":"marketing","ui":"on"}"#,
                ),
                (
                    "wrong types one level down",
                    r#"{"categories":[1,null,"a",[],{"id":1,"required":"yes","title":2}],
                        "rules":[1,{"category":1,"cookies":[1,null,""],"localStorage":{},"provider":[]}],
                        "consentCookie":{"name":1,"domain":2,"maxAgeDays":"182"},
                        "ui":{"enabled":1,"texts":[],"theme":1,"position":null,"floatingButton":"no"}}"#,
                ),
                (
                    "numbers at the edges",
                    r#"{"revision":1e400,"consentCookie":{"maxAgeDays":-0},"categories":[{"id":"a"}],
                        "rules":[{"category":"a","cookies":["x"]}]}"#,
                ),
                (
                    "duplicate keys and categories",
                    r#"{"revision":1,"revision":2,"categories":[{"id":"a"},{"id":"a"},{"id":"a","id":"b"}]}"#,
                ),
                ("escapes and a lone surrogate", r#"{"categories":[{"id":"\u0061\u0000"}],"x":"\ud800"}"#),
            ] {
                add(what, one(&[("json", json)]));
            }
            add("127 levels deep", one(&[("json", &format!("{}{}", "[".repeat(127), "]".repeat(127)))]));
            add("129 levels deep", one(&[("json", &format!("{}{}", "[".repeat(129), "]".repeat(129)))]));
            let categories: Vec<String> = (0..500).map(|i| format!(r#"{{"id":"c{i}"}}"#)).collect();
            add("500 categories", one(&[("json", &format!(r#"{{"categories":[{}]}}"#, categories.join(",")))]));
            let patterns: Vec<String> = (0..500).map(|i| format!(r#""p{i}_*""#)).collect();
            let rules = format!(r#"{{"rules":[{{"category":"analytics","cookies":[{}]}}]}}"#, patterns.join(","));
            add("one rule with 500 patterns", one(&[("json", &rules), ("name", "p499_x"), ("name", "p1")]));
        }
        _ => {
            let star_a = "*a".repeat(30) + "*b";
            let a2000 = "a".repeat(2000);
            add("no patterns, empty name, empty host and path", one(&[("name", ""), ("host", ""), ("path", "")]));
            add("catch-all patterns", one(&[("cookie", "*"), ("cookie", "**********"), ("name", ""), ("name", "x")]));
            add(
                "backtracking: (*a)^30*b against 2000 a's",
                one(&[("cookie", &star_a), ("localStorage", &star_a), ("name", &a2000)]),
            );
            add(
                "a name with a literal star",
                one(&[("cookie", "a*"), ("cookie", "a**"), ("name", "a*"), ("key", "a*=")]),
            );
            add(
                "non-ASCII patterns and names",
                one(&[
                    ("cookie", "é*"),
                    ("cookie", "*✓"),
                    ("cookie", "\u{a0}*"),
                    ("name", "éclair✓"),
                    ("name", "e\u{301}"),
                ]),
            );
            let mut many = Input::default();
            for i in 0..500 {
                many.push("cookie", format!("*x{i}*"));
            }
            many.push("name", "x499".repeat(10));
            add("500 patterns sharing the empty prefix", many);
            add(
                "__Host- and __Secure- keys on http and https",
                one(&[("key", "__Host-a="), ("key", "__host-b"), ("key", "__Secure-c="), ("host", "a.b.example.test")]),
            );
            add(
                "prefixed keys on https",
                one(&[("key", "__Host-a="), ("key", "__SECURE-c="), ("secure", "1"), ("path", "/a/b/")]),
            );
            for (what, host, path) in [
                ("IP and IPv6 hosts", "[::1]", "/a//b"),
                ("dots only", "..", "//"),
                ("trailing dots", "example.test..", "/./../"),
                ("path without a leading slash", "localhost", "a/b/c"),
            ] {
                add(what, one(&[("host", host), ("path", path), ("key", "k="), ("secure", "1")]));
            }
            let long_host = "a.".repeat(126) + "test";
            add("a 256-byte host of 127 labels", one(&[("host", &long_host), ("path", "/a/b"), ("key", "k=")]));
            let long_path = "/a".repeat(200);
            add("a path of 200 segments", one(&[("host", "www.example.test"), ("path", &long_path), ("key", "k=")]));
        }
    }
    out
}
