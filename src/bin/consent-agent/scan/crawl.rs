//! The crawl: a breadth-first walk over same-site links in the first pass,
//! then the same pages again after "Reject all" and after "Accept all",
//! each pass in a browser with a fresh profile.

use super::browser::{Session, Timing};
use super::choice;
use super::findings::{Findings, Page, Pass};
use super::progress::Progress;
use consent_agent::pattern::Storage;
use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::time::Instant;

/// What to scan and how.
pub struct Plan {
    /// The URLs the crawl starts from.
    pub start: Vec<String>,
    /// At most this many pages.
    pub max_pages: usize,
    /// Waits and bounds per page.
    pub timing: Timing,
    /// The Chromium to drive.
    pub browser: PathBuf,
    /// `--host-resolver-rules` for Chromium, for sites served locally.
    pub resolve: Option<String>,
    /// Accept any TLS certificate (local test sites).
    pub insecure: bool,
}

/// Links read from one page, at most (a page with more is read up to here).
const LINKS_PER_PAGE: usize = 2000;

/// The host of an `http(s)` URL, lower case, without port or user (the
/// core's own URL reading, the one auto-blocking matches sources with).
pub fn host(url: &str) -> Option<String> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return None;
    }
    let host_and_path = consent_agent::sources::host_and_path(url)?;
    host_and_path.split('/').next().map(str::to_string)
}

/// The site a host belongs to: its last two labels, or three when the
/// second-to-last is a common second-level label of a country code
/// (`shop.example.co.uk` → `example.co.uk`). An approximation of the Public
/// Suffix List, which the tool does not carry; an IP address or a
/// one-label host is its own site.
pub fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.');
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host.to_string();
    }
    let labels: Vec<&str> = host.split('.').collect();
    let second_level = ["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"];
    let keep = match labels.as_slice() {
        [.., second, top] if top.len() == 2 && second_level.contains(second) && labels.len() > 2 => 3,
        _ => 2,
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Whether `host` is on one of the `sites`.
pub fn on_sites(host: &str, sites: &[String]) -> bool {
    let host = host.trim_start_matches('.').to_ascii_lowercase();
    sites.iter().any(|s| host == *s || host.ends_with(&format!(".{s}")))
}

/// `url` without its fragment; `None` unless it is `http(s)`.
fn normalise(url: &str) -> Option<String> {
    host(url)?;
    Some(url.split('#').next().unwrap_or(url).to_string())
}

/// Reads what the browser holds after a page and records it.
fn snapshot(session: &Session, findings: &mut Findings, pass: Pass, page: &str, sites: &[String]) {
    let first_party = |domain: &str| on_sites(domain, sites);
    findings.add_cookies(pass, page, &session.cookies(), &first_party);
    for (origin, key) in session.storage_keys() {
        let third = !host(&origin).is_some_and(|h| on_sites(&h, sites));
        let local = session.storage_items(&key, true);
        findings.add_stored(pass, page, Storage::LocalStorage, &origin, third, &local);
        let session_keys = session.storage_items(&key, false);
        findings.add_stored(pass, page, Storage::SessionStorage, &origin, third, &session_keys);
        let databases = session.databases(&key);
        findings.add_stored(pass, page, Storage::IndexedDb, &origin, third, &databases);
    }
    for request in session.requests() {
        findings.add_request(pass, page, &request.url, request.kind, &request.requested_by);
    }
}

/// Loads a page; on success returns the links it holds (first pass only).
fn visit(session: &Session, findings: &mut Findings, pass: Pass, url: &str, sites: &[String]) -> Option<Vec<String>> {
    let (final_url, document) = match session.visit(url) {
        Ok(answer) => answer,
        Err(error) => {
            findings.page_error(url, pass, error);
            return None;
        }
    };
    if let Some(page) = findings.pages.iter_mut().find(|p| p.url == url) {
        page.status = page.status.or(document.status);
    }
    if !host(&final_url).is_some_and(|h| on_sites(&h, sites)) {
        findings.page_error(url, pass, format!("redirected off-site to {final_url}"));
        return None;
    }
    if let Some(mime) = document.mime.as_deref().filter(|m| !m.contains("html")) {
        findings.page_error(url, pass, format!("not an HTML page ({mime})"));
        return None;
    }
    snapshot(session, findings, pass, url, sites);
    if pass != Pass::BeforeConsent {
        return Some(Vec::new());
    }
    let script =
        format!("Array.from(document.querySelectorAll('a[href]'), a => String(a.href)).slice(0, {LINKS_PER_PAGE})");
    let links = session.evaluate(&script).and_then(|v| v.as_array().cloned()).unwrap_or_default();
    Some(links.iter().filter_map(|l| l.as_str().and_then(normalise)).collect())
}

/// Runs the three passes. `Err` only when the browser cannot start.
pub fn run(plan: &Plan, progress: &mut Progress) -> Result<Findings, String> {
    let mut findings = Findings::default();
    let start: Vec<String> = plan.start.iter().filter_map(|u| normalise(u)).collect();
    let mut sites: Vec<String> = start.iter().filter_map(|u| host(u)).map(|h| site_of(&h)).collect();
    sites.dedup();

    // Pass 1: the crawl.
    let begun = Instant::now();
    let session = Session::start(plan)?;
    let mut queue: VecDeque<String> = start.iter().cloned().collect();
    let mut queued: HashSet<String> = start.iter().cloned().collect();
    progress.pass(Pass::BeforeConsent, plan.max_pages.min(queue.len().max(1)));
    while let Some(url) = queue.pop_front() {
        if findings.pages.len() >= plan.max_pages {
            break;
        }
        findings.pages.push(Page { url: url.clone(), status: None, error: None });
        progress.page(&url, plan.max_pages.min(findings.pages.len() + queue.len()));
        for link in visit(&session, &mut findings, Pass::BeforeConsent, &url, &sites).unwrap_or_default() {
            let same_site = host(&link).is_some_and(|h| on_sites(&h, &sites));
            // Bounded: the queue never holds more than the pages still wanted.
            if same_site && queue.len() + findings.pages.len() < plan.max_pages && queued.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    drop(session);
    findings.pass_seconds.push((Pass::BeforeConsent, begun.elapsed().as_secs_f64()));

    // Passes 2 and 3: choose on the first page that loaded, then every page again.
    let pages: Vec<String> = findings.pages.iter().filter(|p| p.error.is_none()).map(|p| p.url.clone()).collect();
    for pass in [Pass::AfterReject, Pass::AfterAccept] {
        let begun = Instant::now();
        let session = Session::start(plan)?;
        progress.pass(pass, pages.len());
        if let Some(first) = pages.first() {
            progress.page(&format!("choosing on {first}"), pages.len());
            let note = match session.visit(first) {
                Ok(_) => choice::make(&session, pass),
                Err(error) => format!("the first page did not load: {error}"),
            };
            findings.choices.push((pass, note));
        }
        for url in &pages {
            progress.page(url, pages.len());
            visit(&session, &mut findings, pass, url, &sites);
        }
        drop(session);
        findings.pass_seconds.push((pass, begun.elapsed().as_secs_f64()));
    }
    progress.finish();
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_sites() {
        assert_eq!(host("http://User@WWW.Shop.localhost:8080/a?b#c").as_deref(), Some("www.shop.localhost"));
        assert_eq!(host("mailto:x@y.z"), None);
        assert_eq!(site_of("www.shop.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("www.shop.localhost"), "shop.localhost");
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
        let sites = vec!["shop.localhost".to_string()];
        assert!(on_sites(".shop.localhost", &sites));
        assert!(on_sites("www.shop.localhost", &sites));
        assert!(!on_sites("tracker.localhost", &sites));
        assert!(!on_sites("evilshop.localhost", &sites));
    }
}
