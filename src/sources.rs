//! Script and embed sources: which third-party tags and frames belong to
//! which consent category, so the agent can hold them by URL without the
//! site tagging them ("auto-blocking"). Pure; `src/web/autoblock.js`
//! intercepts the elements and asks [`Sources::classify`].
//! The table is the `script` rows of `catalog/catalog.tsv`, in the same
//! front-coded encoding as every other row (pattern and category in the
//! tag; provider, purpose and documentation in the declaration file).
//!
//! A source pattern is `host` or `host/path`: the host exact, or `*.domain`
//! for the domain and every subdomain; the path (optional) a `*` glob over
//! the URL's path, where a trailing `*` makes it a prefix. URLs are matched
//! without scheme, port, query or fragment, the host in lower case.
//! Precedence: the site's `autoBlock.allow` hosts (never held), then its
//! `rules[].scripts`, then the built-in table (the most specific pattern).
//!
//! Size: the table is a few hundred short rows, matched by a linear scan: a
//! page has tens of third-party scripts, each checked once, and a scan of
//! 200 rows costs microseconds, so an index would only add code.

use crate::catalog;
use crate::pattern;
use crate::prelude::*;
use crate::text;

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<'a> {
    /// The consent category that must be granted before it may load.
    pub category: &'a str,
    /// Who said so: `site` (the site's `rules[].scripts`) or `catalog`
    /// (a `script` row of `catalog/catalog.tsv`, where the provider is named).
    pub origin: &'a str,
}

/// The `host/path` a URL is matched by: no scheme, user, port, query or
/// fragment; the host in lower case. `None` for URLs without a host
/// (relative, `data:`, `blob:`): a page's own scripts are never held.
pub fn host_and_path(url: &str) -> Option<String> {
    // Bytes, not `split_once("//")`: a `&str` pattern brings the two-way
    // searcher and its panicking slices into the module (about 3 KB).
    let at = url.as_bytes().windows(2).position(|w| w == b"//")?;
    let (scheme, rest) = (url.get(..at)?, url.get(at + 2..)?);
    let scheme_ok = scheme.is_empty()
        || scheme.strip_suffix(':').is_some_and(|s| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        });
    if !scheme_ok {
        return None;
    }
    let end = rest.bytes().position(|b| b == b'?' || b == b'#').unwrap_or(rest.len());
    let rest = rest.get(..end)?;
    let (authority, path) = match rest.bytes().position(|b| b == b'/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    let host = text::split_last(authority, b'@').map_or(authority, |(_, h)| h);
    let host = match host.bytes().rposition(|b| b == b':') {
        Some(i) if !host.ends_with(']') => host.get(..i)?,
        _ => host,
    };
    if host.is_empty() {
        return None;
    }
    Some(text::concat(&[host.to_ascii_lowercase().as_str(), path]))
}

/// Whether `host` matches a host pattern: exact, or `*.domain` for the
/// domain and its subdomains.
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(domain) => {
            host == domain
                || host.len() > domain.len()
                    && host.ends_with(domain)
                    && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.')
        }
        None => pattern == host,
    }
}

/// Whether a source pattern matches a `host/path` from [`host_and_path`].
pub fn source_matches(pattern: &str, target: &str) -> bool {
    let (host_pattern, path_pattern) = match pattern.bytes().position(|b| b == b'/') {
        Some(i) => (pattern.get(..i).unwrap_or_default(), pattern.get(i..)),
        None => (pattern, None),
    };
    let (host, path) = match target.bytes().position(|b| b == b'/') {
        Some(i) => (target.get(..i).unwrap_or_default(), target.get(i..).unwrap_or("/")),
        None => (target, "/"),
    };
    host_matches(host_pattern, host) && path_pattern.is_none_or(|p| pattern::matches(p, path))
}

/// A site's own source pattern as written in `rules[].scripts` or
/// `autoBlock.allow`: a leading `https://`, `http://` or `//` is dropped.
pub fn normalise(pattern: &str) -> String {
    let bare = ["https://", "http://", "//"].iter().find_map(|s| pattern.strip_prefix(s)).unwrap_or(pattern);
    match bare.bytes().position(|b| b == b'/') {
        Some(i) => text::concat(&[
            bare.get(..i).unwrap_or_default().to_ascii_lowercase().as_str(),
            bare.get(i..).unwrap_or_default(),
        ]),
        None => bare.to_ascii_lowercase(),
    }
}

/// Every built-in source as `(pattern, category)`: the `script` rows of
/// `catalog/catalog.tsv`, carried in the tag's catalog data.
pub fn rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    catalog::sources()
}

/// The sources in force for one config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    /// Hosts (or patterns) the site never wants held.
    pub allow: Vec<String>,
    /// The site's own `(category, pattern)` pairs from `rules[].scripts`.
    pub site: Vec<(String, String)>,
}

impl Sources {
    /// What the script or frame at `url` is, or `None`: unknown, or allowed
    /// by the site.
    pub fn classify(&self, url: &str) -> Option<Source<'_>> {
        let target = host_and_path(url)?;
        if self.allow.iter().any(|p| source_matches(p, &target)) {
            return None;
        }
        if let Some((category, _)) = self.site.iter().find(|(_, p)| source_matches(p, &target)) {
            return Some(Source { category, origin: "site" });
        }
        // The most specific matching pattern wins (`platform.twitter.com/oct.js*`
        // over `platform.twitter.com`), whatever the table's order.
        // (The last of equally long ones, as `max_by_key` chose.)
        let mut best: Option<(&str, &str)> = None;
        for (pattern, category) in rows() {
            if source_matches(pattern, &target) && best.is_none_or(|(p, _)| pattern.len() >= p.len()) {
                best = Some((pattern, category));
            }
        }
        best.map(|(_, category)| Source { category, origin: "catalog" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_matched_by_host_and_path() {
        assert_eq!(
            host_and_path("https://WWW.Example.com:8443/a/b.js?x=1#y").as_deref(),
            Some("www.example.com/a/b.js")
        );
        assert_eq!(host_and_path("//cdn.example.com").as_deref(), Some("cdn.example.com/"));
        assert_eq!(host_and_path("https://user:pw@host.test/x").as_deref(), Some("host.test/x"));
        for no_host in ["/local.js", "data:text/javascript,1", "blob:https://a.test/uuid", "", "javascript:alert(1)"] {
            assert_eq!(host_and_path(no_host), None, "{no_host}");
        }
        assert!(source_matches("*.hotjar.com", "static.hotjar.com/c/hotjar-1.js"));
        assert!(source_matches("*.hotjar.com", "hotjar.com/"));
        assert!(!source_matches("*.hotjar.com", "nothotjar.com/"));
        assert!(!source_matches("*.hotjar.com", "hotjar.com.evil.test/"));
        assert!(source_matches("www.youtube.com/embed/*", "www.youtube.com/embed/abc"));
        assert!(!source_matches("www.youtube.com/embed/*", "www.youtube.com/watch"));
        assert!(source_matches("connect.facebook.net/*/fbevents.js", "connect.facebook.net/en_US/fbevents.js"));
    }

    #[test]
    fn precedence_allow_then_site_then_table() {
        let mut sources = Sources::default();
        assert_eq!(
            sources.classify("https://connect.facebook.net/en_US/fbevents.js").map(|s| s.category),
            Some("marketing")
        );
        assert_eq!(sources.classify("https://cdn.example-analytics.com/a.js"), None);
        sources.site.push(("analytics".into(), normalise("https://CDN.example-analytics.com/*")));
        assert_eq!(
            sources.classify("https://cdn.example-analytics.com/a.js"),
            Some(Source { category: "analytics", origin: "site" })
        );
        sources.allow.push(normalise("connect.facebook.net"));
        assert_eq!(sources.classify("https://connect.facebook.net/en_US/fbevents.js"), None);
        let categories = ["necessary", "functional", "analytics", "marketing"];
        assert!(rows().all(|(p, c)| !p.is_empty() && !p.contains(' ') && categories.contains(&c)));
        assert!(rows().count() >= 150, "the most used third-party tags and embeds");
    }
}
