//! The pattern target: the matcher and index against a reference, and the deletion scopes.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------- pattern

/// Reference `*` glob on bytes (dynamic programming), for checking `matches`.
pub(super) fn glob(pattern: &[u8], name: &[u8]) -> bool {
    let mut row = vec![false; name.len() + 1];
    row[0] = true;
    for &c in pattern {
        if c == b'*' {
            let mut any = false;
            for cell in row.iter_mut() {
                any |= *cell;
                *cell = any;
            }
        } else {
            for j in (1..=name.len()).rev() {
                row[j] = row[j - 1] && name[j - 1] == c;
            }
            row[0] = false;
        }
    }
    row[name.len()]
}

/// The most specific match by brute force: exact names first, then most
/// literal bytes, ties to the lower id.
pub(super) fn brute_lookup(patterns: &[(Storage, &str)], storage: Storage, name: &str) -> Option<u32> {
    let mut best: Option<(usize, u32)> = None;
    for (id, &(s, p)) in patterns.iter().enumerate() {
        if s != storage {
            continue;
        }
        let rank = if p.contains('*') {
            if !pattern::matches(p, name) {
                continue;
            }
            p.bytes().filter(|&b| b != b'*').count()
        } else if p == name {
            usize::MAX
        } else {
            continue;
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, id as u32));
        }
    }
    best.map(|(_, id)| id)
}

pub(super) fn has_prefix(key: &str, prefix: &str) -> bool {
    key.as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Pattern-pair checks beyond this many byte-pairs are skipped (the
/// reference glob is quadratic).
pub(super) const GLOB_CHECK_LIMIT: usize = 20_000;

/// `cookie`, `localStorage`, `sessionStorage` (repeatable, in id order):
/// patterns; `name` (repeatable): names to look up; `key` (repeatable):
/// cookies to delete on the page at `host`, `path`, `secure` (`1`).
pub(super) fn pattern_target(input: &Input) -> Outcome {
    let patterns: Vec<(Storage, &str)> =
        input.fields.iter().filter_map(|(k, v)| Some((Storage::parse(k)?, v.as_str()))).collect();
    let names: Vec<&str> = input.all("name").collect();
    let keys: Vec<&str> = input.all("key").collect();
    let page = Page {
        host: input.get("host").unwrap_or("www.shop.example.test"),
        path: input.get("path").unwrap_or("/"),
        secure: input.get("secure") == Some("1"),
    };
    let start = Instant::now();
    let index = PatternIndex::new(patterns.iter().copied());
    let found: Vec<[Option<u32>; 4]> =
        names.iter().map(|n| Storage::ALL.map(|s| index.lookup(s, n, &|id| patterns[id as usize].1))).collect();
    let mut matched = Vec::new();
    for (pi, (_, p)) in patterns.iter().enumerate().take(16) {
        for (ni, n) in names.iter().enumerate() {
            matched.push((pi, ni, pattern::matches(p, n)));
        }
    }
    let prefixes: Vec<&str> = patterns.iter().map(|(_, p)| pattern::literal_prefix(p)).collect();
    let domains = scope::domains(page.host);
    let paths = scope::paths(page.path);
    let writes: Vec<Vec<String>> = keys.iter().map(|k| scope::deletion_writes(k, page)).collect();
    let parse_time = start.elapsed();
    let result = (|| {
        ensure!(index.len() == patterns.len(), "the index holds {} of {} patterns", index.len(), patterns.len());
        for (n, found) in names.iter().zip(&found) {
            for (s, got) in Storage::ALL.into_iter().zip(found) {
                let want = brute_lookup(&patterns, s, n);
                ensure!(
                    *got == want,
                    "lookup({s}, {}) gave {:?}, the most specific match is {:?}",
                    excerpt(n),
                    got.map(|id| patterns[id as usize].1),
                    want.map(|id| patterns[id as usize].1)
                );
            }
        }
        for &(pi, ni, m) in &matched {
            let (p, n) = (patterns[pi].1, names[ni]);
            if p.len() * n.len() <= GLOB_CHECK_LIMIT {
                ensure!(m == glob(p.as_bytes(), n.as_bytes()), "matches({}, {}) = {m}", excerpt(p), excerpt(n));
            }
        }
        for (&(_, p), prefix) in patterns.iter().zip(&prefixes) {
            ensure!(
                p.starts_with(prefix)
                    && !prefix.contains('*')
                    && p[prefix.len()..].chars().next().is_none_or(|c| c == '*'),
                "literal_prefix({}) = {}",
                excerpt(p),
                excerpt(prefix)
            );
        }
        let host = page.host.trim_end_matches('.');
        for d in &domains {
            ensure!(d.contains('.') && host.ends_with(d), "domain {d:?} for host {:?}", page.host);
        }
        ensure!(paths.first() == Some(&"/"), "paths start {:?}", paths.first());
        for p in &paths {
            ensure!(p.starts_with('/') && (*p == "/" || page.path.starts_with(p)), "path {p:?} for {:?}", page.path);
        }
        for (key, writes) in keys.iter().zip(&writes) {
            let want = if has_prefix(key, "__Host-") {
                if page.secure {
                    2
                } else {
                    0
                }
            } else if has_prefix(key, "__Secure-") && !page.secure {
                0
            } else {
                paths.len() * (domains.len() + 1) * if page.secure { 2 } else { 1 }
            };
            ensure!(writes.len() == want, "{} writes for {key:?}, expected {want}", writes.len());
            for w in writes {
                ensure!(
                    w.starts_with(key) && w[key.len()..].starts_with("; Max-Age=0; Path=/"),
                    "write {}",
                    excerpt(w)
                );
            }
        }
        Ok(())
    })();
    Outcome { parse_time, result }
}
