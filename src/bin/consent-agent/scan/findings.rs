//! What the scan saw, merged over its passes: each entry (a cookie of one
//! domain and path, or a storage key or database of one origin) once, with
//! the passes it was present in and the page it was first seen on.

use consent_agent::pattern::Storage;
use serde_json::Value;

/// The three passes over the same pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// A first visit, nobody has chosen.
    BeforeConsent = 0,
    /// After "Reject all".
    AfterReject = 1,
    /// After "Accept all".
    AfterAccept = 2,
}

impl Pass {
    /// Every pass, in the order they run.
    pub const ALL: [Pass; 3] = [Pass::BeforeConsent, Pass::AfterReject, Pass::AfterAccept];

    /// The name used in reports and `--fail-on`.
    pub fn name(self) -> &'static str {
        match self {
            Pass::BeforeConsent => "before-consent",
            Pass::AfterReject => "after-reject",
            Pass::AfterAccept => "after-accept",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One cookie, storage key or database.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The exact name.
    pub name: String,
    /// Where it lives.
    pub storage: Storage,
    /// Cookies: the domain as the browser holds it (a leading `.` for a
    /// domain cookie). Others: the origin of the page or frame.
    pub place: String,
    /// Cookies: the path.
    pub path: Option<String>,
    /// Cookies: `HttpOnly`, `Secure`, `SameSite`, partitioned (CHIPS), expiry
    /// in seconds since the epoch (`None`: a session cookie).
    pub http_only: bool,
    /// See `http_only`.
    pub secure: bool,
    /// See `http_only`.
    pub same_site: Option<String>,
    /// See `http_only`.
    pub partitioned: bool,
    /// See `http_only`.
    pub expires: Option<f64>,
    /// Set on another site than the scanned one.
    pub third_party: bool,
    /// The page after whose load it was first present.
    pub first_seen_on: String,
    /// Present after a page of each pass.
    pub present: [bool; 3],
}

/// A script or frame some page requested.
#[derive(Debug, Clone, PartialEq)]
pub struct Requested {
    /// Its URL.
    pub url: String,
    /// `script` or `frame`.
    pub kind: &'static str,
    /// What requested it first.
    pub requested_by: String,
    /// The page it was first requested on.
    pub first_seen_on: String,
    /// Requested in each pass.
    pub present: [bool; 3],
}

/// A page of the crawl.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The URL as queued.
    pub url: String,
    /// HTTP status of its document, when it answered.
    pub status: Option<u16>,
    /// Why it was not scanned (or only partly), per pass where it happened.
    pub error: Option<String>,
}

/// Everything the scan found.
#[derive(Debug, Default)]
pub struct Findings {
    /// The pages, in crawl order.
    pub pages: Vec<Page>,
    /// Entries, in the order first seen.
    pub entries: Vec<Entry>,
    /// Scripts and frames, in the order first requested.
    pub requested: Vec<Requested>,
    /// What happened to each pass's choice ("rejected through the agent's
    /// API", "no button named like “Reject all” found", …).
    pub choices: Vec<(Pass, String)>,
    /// Seconds each pass took.
    pub pass_seconds: Vec<(Pass, f64)>,
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

impl Findings {
    fn add(&mut self, pass: Pass, page: &str, candidate: Entry) {
        let same = |e: &&mut Entry| {
            e.storage == candidate.storage
                && e.name == candidate.name
                && e.place == candidate.place
                && e.path == candidate.path
        };
        match self.entries.iter_mut().find(same) {
            Some(entry) => entry.present[pass.index()] = true,
            None => {
                let mut entry = candidate;
                entry.first_seen_on = page.to_string();
                entry.present[pass.index()] = true;
                self.entries.push(entry);
            }
        }
    }

    /// Records the cookies of a `Network.getAllCookies` answer as present
    /// after `page` in `pass`; `party` tells whether a domain is the site's.
    pub fn add_cookies(&mut self, pass: Pass, page: &str, cookies: &[Value], first_party: &dyn Fn(&str) -> bool) {
        for cookie in cookies {
            let domain = text(cookie, "domain");
            let session = cookie.get("session").and_then(Value::as_bool).unwrap_or(false);
            let entry = Entry {
                name: text(cookie, "name"),
                storage: Storage::Cookie,
                third_party: !first_party(domain.trim_start_matches('.')),
                place: domain,
                path: Some(text(cookie, "path")),
                http_only: cookie.get("httpOnly").and_then(Value::as_bool).unwrap_or(false),
                secure: cookie.get("secure").and_then(Value::as_bool).unwrap_or(false),
                same_site: cookie.get("sameSite").and_then(Value::as_str).map(str::to_string),
                partitioned: cookie.get("partitionKey").is_some_and(|k| !k.is_null()),
                expires: if session { None } else { cookie.get("expires").and_then(Value::as_f64) },
                first_seen_on: String::new(),
                present: [false; 3],
            };
            self.add(pass, page, entry);
        }
    }

    /// Records storage keys or database names of one origin.
    pub fn add_stored(
        &mut self,
        pass: Pass,
        page: &str,
        storage: Storage,
        origin: &str,
        third_party: bool,
        names: &[String],
    ) {
        for name in names {
            let entry = Entry {
                name: name.clone(),
                storage,
                place: origin.to_string(),
                path: None,
                http_only: false,
                secure: false,
                same_site: None,
                partitioned: false,
                expires: None,
                third_party,
                first_seen_on: String::new(),
                present: [false; 3],
            };
            self.add(pass, page, entry);
        }
    }

    /// Records a script or frame requested on `page`.
    pub fn add_request(&mut self, pass: Pass, page: &str, url: &str, kind: &'static str, requested_by: &str) {
        match self.requested.iter_mut().find(|r| r.url == url && r.kind == kind) {
            Some(r) => r.present[pass.index()] = true,
            None => {
                let mut present = [false; 3];
                present[pass.index()] = true;
                self.requested.push(Requested {
                    url: url.to_string(),
                    kind,
                    requested_by: requested_by.to_string(),
                    first_seen_on: page.to_string(),
                    present,
                });
            }
        }
    }

    /// Notes a page's failure in one pass (the first failure is kept, with
    /// the pass named).
    pub fn page_error(&mut self, url: &str, pass: Pass, error: String) {
        if let Some(page) = self.pages.iter_mut().find(|p| p.url == url) {
            if page.error.is_none() {
                page.error = Some(format!("{} ({})", error, pass.name()));
            }
        }
    }
}

impl Entry {
    /// Present in `pass`.
    pub fn in_pass(&self, pass: Pass) -> bool {
        self.present[pass.index()]
    }
}

impl Requested {
    /// Requested in `pass`.
    pub fn in_pass(&self, pass: Pass) -> bool {
        self.present[pass.index()]
    }
}
