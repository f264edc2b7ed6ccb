//! Deletion writes that reach a cookie whatever scope it was set with.
//!
//! A cookie's scope is its `Domain` (host-only, or a parent domain) and
//! `Path`; `document.cookie` shows neither, and a deletion only removes the
//! cookie whose name, domain and path it repeats exactly. So the agent writes
//! an expired cookie for every scope that could be visible on the page:
//!
//! * domain: host-only, and `Domain=` each of the host and its parent
//!   domains except the top-level label (`www.shop.example.test`,
//!   `shop.example.test`, `example.test`). No public-suffix list is shipped:
//!   a write for a public suffix such as `co.uk` is refused by the browser and
//!   costs nothing. IP addresses and single-label hosts get host-only only.
//! * path: `/`, each ancestor of the page path with and without the trailing
//!   slash, and the page path itself.
//! * `__Host-` names: only `Path=/`, no `Domain`, `Secure` (their write rules).
//!   `__Secure-` names: every scope, `Secure`.
//! * on secure pages every write carries `Secure`, and is repeated with
//!   `Partitioned` (and `SameSite=None`, which partitioned cookies need) to
//!   reach a cookie in the page's partition.

use crate::prelude::*;
use crate::text;

/// Where a page is: what decides which scopes are visible.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// `location.hostname`
    pub host: &'a str,
    /// `location.pathname`
    pub path: &'a str,
    /// Whether the page is served over https (cookies may be `Secure`).
    pub secure: bool,
}

/// The `Domain` values worth trying for `host`: the host and its parents,
/// without the top-level label. Empty for IP addresses and single labels.
pub fn domains(host: &str) -> Vec<&str> {
    let host = text::trim_end(host, |b| b == b'.');
    let is_ip = text::has(host, b':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if is_ip || !text::has(host, b'.') {
        return Vec::new();
    }
    let mut all = vec![host];
    let mut rest = host;
    while let Some((_, parent)) = text::split_first(rest, b'.') {
        if !text::has(parent, b'.') {
            break;
        }
        all.push(parent);
        rest = parent;
    }
    // The host itself and the last parents (the registrable domain is one
    // of them): the parents right after the host go first when there are
    // too many.
    let skip = all.len().saturating_sub(MAX_DOMAINS);
    let mut out = Vec::new();
    for (i, domain) in all.into_iter().enumerate() {
        if (i == 0 || i > skip) && domain.len() <= MAX_ATTRIBUTE {
            out.push(domain);
        }
    }
    out
}

/// Browsers ignore a `Path` or `Domain` attribute longer than 1024 bytes
/// (RFC 6265bis), so no cookie has a longer path prefix. Without this bound
/// a crafted 8 KB page path (`/a/a/a/…`) made one call quadratic: 210 ms
/// and 267 MB per refused cookie (found by fuzzing).
const MAX_ATTRIBUTE: usize = 1024;

/// At most this many `Domain` values are tried: the host and its nearest
/// parents up to the registrable domain, which is among the last labels
/// (real hosts have a handful; a crafted one with 100 labels would multiply
/// every deletion).
const MAX_DOMAINS: usize = 10;

/// The `Path` values a cookie visible on `path` can have.
pub fn paths(path: &str) -> Vec<&str> {
    let mut out = vec!["/"];
    if !path.starts_with('/') {
        return out;
    }
    // `get` rather than indexing: the indexes are char boundaries anyway,
    // and this keeps string-slicing panic code out of the module.
    // Every `/` after the leading one ends a directory.
    for (i, b) in path.bytes().enumerate().skip(1) {
        if b != b'/' {
            continue;
        }
        if i >= MAX_ATTRIBUTE {
            break;
        }
        if let (Some(bare), Some(slashed)) = (path.get(..i), path.get(..=i)) {
            out.push(bare);
            out.push(slashed);
        }
    }
    if path.len() > 1 && path.len() <= MAX_ATTRIBUTE && !path.ends_with('/') {
        out.push(path);
    }
    out.dedup();
    out
}

fn has_prefix(name: &str, prefix: &str) -> bool {
    name.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Every scope a cookie visible on one page can have, worked out once per
/// page: a sweep that deletes 180 cookies asks for their writes one by one
/// and would otherwise work out the same domains and paths 180 times.
pub struct Scopes<'a> {
    secure: bool,
    /// `""` (host-only, no `Domain` attribute) first, then [`domains`].
    domains: Vec<&'a str>,
    /// [`paths`].
    paths: Vec<&'a str>,
}

/// The attributes a secure page's writes end with: one plain, one for the
/// page's partition (`Partitioned` needs `SameSite=None`).
const SECURE_SUFFIXES: [&str; 2] = ["; Secure", "; Secure; SameSite=None; Partitioned"];

impl<'a> Scopes<'a> {
    /// The scopes visible on `page`.
    pub fn of(page: Page<'a>) -> Scopes<'a> {
        let mut all = vec![""];
        all.append(&mut domains(page.host));
        Scopes { secure: page.secure, domains: all, paths: paths(page.path) }
    }

    fn suffixes(&self) -> &'static [&'static str] {
        if self.secure {
            &SECURE_SUFFIXES
        } else {
            &[""]
        }
    }

    /// The `n`-th `document.cookie` assignment that deletes the cookie
    /// written as `key` (`name=`, or a bare pair), most likely scope first;
    /// `None` past the last. Paths outer, domains inner: the commonest
    /// scopes (host-only or a parent domain, on `/`) come first, so a caller
    /// that stops once the cookie is gone usually stops after a few writes.
    pub fn deletion_write(&self, key: &str, n: usize) -> Option<String> {
        let suffixes = self.suffixes();
        let suffix = suffixes.get(n % suffixes.len())?;
        let rest = n / suffixes.len();
        if has_prefix(key, "__Host-") {
            // Only `Path=/`, no `Domain`, `Secure`: the prefix's write rules.
            return (self.secure && rest == 0).then(|| text::concat(&[key, "; Max-Age=0; Path=/", suffix]));
        }
        if has_prefix(key, "__Secure-") && !self.secure {
            return None;
        }
        let domain = self.domains.get(rest % self.domains.len())?;
        let path = self.paths.get(rest / self.domains.len())?;
        let mut write = String::with_capacity(key.len() + path.len() + domain.len() + 48);
        write.push_str(key);
        write.push_str("; Max-Age=0; Path=");
        write.push_str(path);
        if !domain.is_empty() {
            write.push_str("; Domain=");
            write.push_str(domain);
        }
        write.push_str(suffix);
        Some(write)
    }

    /// Every [`deletion_write`](Self::deletion_write) of `key`, in order.
    pub fn deletion_writes(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(write) = self.deletion_write(key, out.len()) {
            out.push(write);
        }
        out
    }
}

/// The `document.cookie` assignments that delete the cookie written as
/// `key` (`name=`, or a bare pair) in every scope visible on `page`, most
/// likely scopes first (see [`Scopes`], for many keys on one page).
pub fn deletion_writes(key: &str, page: Page<'_>) -> Vec<String> {
    Scopes::of(page).deletion_writes(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_domains() {
        assert_eq!(domains("www.shop.example.test"), ["www.shop.example.test", "shop.example.test", "example.test"]);
        assert_eq!(domains("example.test"), ["example.test"]);
        assert!(domains("localhost").is_empty());
        assert!(domains("127.0.0.1").is_empty());
        assert!(domains("::1").is_empty());
    }

    #[test]
    fn crafted_paths_and_hosts_stay_bounded() {
        let long_path = "/a".repeat(4000);
        let p = paths(&long_path);
        assert!(p.len() <= 1024 && p.iter().all(|x| x.len() <= MAX_ATTRIBUTE), "{}", p.len());
        let host = ["x"; 120].join(".") + ".example.test";
        let d = domains(&host);
        assert_eq!(d.len(), MAX_DOMAINS);
        assert_eq!(d[0], host);
        assert_eq!(d.last(), Some(&"example.test"));
    }

    #[test]
    fn visible_paths() {
        assert_eq!(paths("/a/b/page.html"), ["/", "/a", "/a/", "/a/b", "/a/b/", "/a/b/page.html"]);
        assert_eq!(paths("/a/b/"), ["/", "/a", "/a/", "/a/b", "/a/b/"]);
        assert_eq!(paths("/"), ["/"]);
        assert_eq!(paths(""), ["/"]);
        assert_eq!(paths("/x"), ["/", "/x"]);
    }

    /// The scopes a write reaches: (path, domain or "", Secure, Partitioned).
    fn scopes(writes: &[String]) -> Vec<(String, String, bool, bool)> {
        let mut out: Vec<_> = writes
            .iter()
            .map(|w| {
                let attribute = |name: &str| {
                    w.split("; ").find_map(|a| a.strip_prefix(name)).map(str::to_string).unwrap_or_default()
                };
                (attribute("Path="), attribute("Domain="), w.contains("; Secure"), w.contains("; Partitioned"))
            })
            .collect();
        out.sort();
        out
    }

    /// Every path visible on the page crossed with host-only and every parent domain, once.
    fn every_scope(host: &str, path: &str, variants: &[(bool, bool)]) -> Vec<(String, String, bool, bool)> {
        let mut out = Vec::new();
        for p in paths(path) {
            for d in core::iter::once("").chain(domains(host)) {
                for (secure, partitioned) in variants {
                    out.push((p.to_string(), d.to_string(), *secure, *partitioned));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn candidates_for_host_and_path() {
        let page = Page { host: "www.shop.example.test", path: "/a/b/page.html", secure: false };
        let writes = deletion_writes("_ga=", page);
        assert_eq!(scopes(&writes), every_scope(page.host, page.path, &[(false, false)]));
        assert!(writes.iter().all(|w| w.starts_with("_ga=; Max-Age=0; ")));
    }

    #[test]
    fn secure_pages_add_secure_and_partitioned() {
        let page = Page { host: "www.shop.example.test", path: "/a/", secure: true };
        let writes = deletion_writes("x=", page);
        assert_eq!(scopes(&writes), every_scope(page.host, page.path, &[(true, false), (true, true)]));
        assert!(writes.iter().filter(|w| w.contains("Partitioned")).all(|w| w.contains("SameSite=None")));
    }

    #[test]
    fn prefixed_names_follow_their_rules() {
        let http = Page { host: "www.shop.example.test", path: "/a/", secure: false };
        let https = Page { secure: true, ..http };
        assert!(deletion_writes("__Host-id=", http).is_empty());
        assert_eq!(
            deletion_writes("__Host-id=", https),
            [
                "__Host-id=; Max-Age=0; Path=/; Secure",
                "__Host-id=; Max-Age=0; Path=/; Secure; SameSite=None; Partitioned"
            ]
        );
        assert!(deletion_writes("__Secure-id=", http).is_empty());
        let writes = deletion_writes("__secure-id=", https);
        assert_eq!(scopes(&writes), every_scope(https.host, https.path, &[(true, false), (true, true)]));
    }

    #[test]
    fn likely_scopes_come_first() {
        let page = Page { host: "www.shop.example.test", path: "/a/b/page.html", secure: false };
        let writes = deletion_writes("_ga=", page);
        assert_eq!(writes[0], "_ga=; Max-Age=0; Path=/");
        assert_eq!(writes[3], "_ga=; Max-Age=0; Path=/; Domain=example.test");
    }

    #[test]
    fn scopes_answer_one_write_at_a_time_in_the_same_order() {
        for secure in [false, true] {
            let page = Page { host: "www.shop.example.test", path: "/a/b/page.html", secure };
            let scopes = Scopes::of(page);
            for key in ["_ga=", "__Host-id=", "__Secure-id=", "bare"] {
                let all = scopes.deletion_writes(key);
                for (n, write) in all.iter().enumerate() {
                    assert_eq!(scopes.deletion_write(key, n).as_ref(), Some(write));
                }
                assert_eq!(scopes.deletion_write(key, all.len()), None, "{key}: nothing past the last");
                assert_eq!(scopes.deletion_write(key, all.len() + 7), None);
                assert_eq!(all, deletion_writes(key, page));
            }
        }
    }

    #[test]
    fn ip_hosts_get_host_only_writes() {
        let page = Page { host: "127.0.0.1", path: "/a/b", secure: false };
        assert_eq!(
            deletion_writes("k=", page),
            ["k=; Max-Age=0; Path=/", "k=; Max-Age=0; Path=/a", "k=; Max-Age=0; Path=/a/", "k=; Max-Age=0; Path=/a/b"]
        );
    }
}
