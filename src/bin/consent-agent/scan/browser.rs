//! One Chromium, driven over the DevTools protocol (headless_chrome): load a
//! page, wait until its network is quiet, and read back what the browser
//! itself holds — every cookie of the profile, the web storages and
//! IndexedDB databases of every frame's storage key, and the scripts and
//! frames the page requested. Nothing here trusts the page: values come from
//! the protocol, not from scripts the page could have replaced.
//!
//! Calls go through [`Raw`] methods that answer plain JSON, so a field or
//! enum value that a newer Chromium adds cannot make a typed answer fail.

use super::crawl::Plan;
use headless_chrome::protocol::cdp::types::{Event, Method};
use headless_chrome::protocol::cdp::Network::ResourceType;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{json, Value};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A DevTools method whose parameters and answer are plain JSON.
macro_rules! raw_method {
    ($($ty:ident = $name:literal;)*) => {$(
        #[derive(Debug)]
        struct $ty(Value);
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }
        impl Method for $ty {
            const NAME: &'static str = $name;
            type ReturnObject = Value;
        }
    )*};
}

raw_method! {
    NetworkEnable = "Network.enable";
    PageEnable = "Page.enable";
    AllCookies = "Network.getAllCookies";
    FrameTree = "Page.getFrameTree";
    StorageKeyForFrame = "Storage.getStorageKeyForFrame";
    StorageItems = "DOMStorage.getDOMStorageItems";
    DomStorageEnable = "DOMStorage.enable";
    DatabaseNames = "IndexedDB.requestDatabaseNames";
    Evaluate = "Runtime.evaluate";
    MouseEvent = "Input.dispatchMouseEvent";
}

/// A script or frame the page requested.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The URL requested.
    pub url: String,
    /// `script` or `frame`.
    pub kind: &'static str,
    /// What asked for it: the script whose code made the request, else the
    /// document whose HTML holds it.
    pub requested_by: String,
}

/// How the page's own document answered.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// HTTP status of the main document.
    pub status: Option<u16>,
    /// Its MIME type.
    pub mime: Option<String>,
}

/// What the network listener has seen since the last [`Session::visit`].
#[derive(Default)]
struct NetworkLog {
    last_activity: Option<Instant>,
    requests: Vec<Request>,
    document: Document,
}

/// Bounds of one page's visit.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Longest wait for the load and then for a quiet network.
    pub page_timeout: Duration,
    /// The network counts as quiet after this long without a request.
    pub quiet: Duration,
    /// Extra wait after the network is quiet, for timers.
    pub settle: Duration,
}

/// One browser with a fresh profile: a temporary `--user-data-dir` of its
/// own, removed when the session ends.
pub struct Session {
    // Dropping it stops the browser process.
    browser: Option<Browser>,
    profile: PathBuf,
    tab: Arc<Tab>,
    log: Arc<Mutex<NetworkLog>>,
    timing: Timing,
}

/// The Chromium to drive: `--browser`, else the first of the usual names on
/// the `PATH`.
pub fn find_browser(given: Option<&str>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        let path = PathBuf::from(path);
        return if path.is_file() { Ok(path) } else { Err(format!("--browser {}: no such file", path.display())) };
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&dirs) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err("no Chromium found: install Debian's chromium or pass --browser PATH".into())
}

fn lock(log: &Mutex<NetworkLog>) -> std::sync::MutexGuard<'_, NetworkLog> {
    // A panicking listener thread poisons the lock; its data is still usable.
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Who requested a resource, from the protocol's initiator.
fn initiator(event: &headless_chrome::protocol::cdp::Network::events::RequestWillBeSentEvent) -> String {
    let initiator = &event.params.initiator;
    if let Some(stack) = &initiator.stack {
        if let Some(frame) = stack.call_frames.iter().find(|f| !f.url.is_empty()) {
            return frame.url.clone();
        }
    }
    if let Some(url) = initiator.url.as_ref().filter(|u| !u.is_empty()) {
        return url.clone();
    }
    event.params.document_url.clone()
}

fn listen(tab: &Tab, log: Arc<Mutex<NetworkLog>>) -> Result<(), String> {
    let main_frame = tab.get_target_id().clone();
    let listener = move |event: &Event| match event {
        Event::NetworkRequestWillBeSent(e) => {
            let mut log = lock(&log);
            log.last_activity = Some(Instant::now());
            let frame = e.params.frame_id.as_deref().unwrap_or_default();
            let kind = match e.params.Type {
                Some(ResourceType::Script) => Some("script"),
                Some(ResourceType::Document) if frame != main_frame => Some("frame"),
                _ => None,
            };
            if let Some(kind) = kind {
                let request = Request { url: e.params.request.url.clone(), kind, requested_by: initiator(e) };
                log.requests.push(request);
            }
        }
        Event::NetworkResponseReceived(e) => {
            let mut log = lock(&log);
            log.last_activity = Some(Instant::now());
            if e.params.Type == ResourceType::Document && e.params.frame_id.as_deref() == Some(main_frame.as_str()) {
                log.document = Document {
                    status: u16::try_from(e.params.response.status as i64).ok(),
                    mime: Some(e.params.response.mime_type.clone()),
                };
            }
        }
        Event::NetworkLoadingFinished(_) | Event::NetworkLoadingFailed(_) => {
            lock(&log).last_activity = Some(Instant::now());
        }
        _ => {}
    };
    tab.add_event_listener(Arc::new(listener)).map(|_| ()).map_err(|e| e.to_string())
}

impl Session {
    /// Starts the plan's browser headless with a fresh profile and one tab
    /// listening to the network. The plan's `resolve` maps host names to an
    /// address (Chromium's `--host-resolver-rules`), for sites served locally.
    pub fn start(plan: &Plan) -> Result<Session, String> {
        let (browser, timing) = (&plan.browser, plan.timing);
        let rules = plan.resolve.as_deref().map(|r| format!("--host-resolver-rules={r}"));
        // Third-party cookies and storage allowed, as in Chrome's default
        // (not incognito) windows, where most visitors are: Chromium's
        // tracking-protection trial would otherwise block them and the scan
        // would miss what third-party frames store. One --disable-features
        // (Chromium reads only the last), so headless_chrome's own is replaced.
        // The profile's preferences allow them too (a fresh Chromium profile
        // blocks them), and frames share the page's process
        // (--disable-site-isolation-trials), so the page's frame tree lists
        // cross-site frames and their storage can be read.
        let features = "--disable-features=TranslateUI,BlinkGenPropertyTrees,TrackingProtection3pcd";
        let mut args: Vec<&OsStr> = vec![
            OsStr::new("--no-first-run"),
            OsStr::new("--disable-gpu"),
            OsStr::new("--disable-site-isolation-trials"),
            OsStr::new(features),
        ];
        if let Some(rules) = &rules {
            args.push(OsStr::new(rules));
        }
        let profile = fresh_profile()?;
        let options = LaunchOptions::default_builder()
            .path(Some(browser.to_path_buf()))
            .user_data_dir(Some(profile.clone()))
            .headless(true)
            .sandbox(false)
            .ignore_certificate_errors(plan.insecure)
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(600))
            .args(args)
            .ignore_default_args(vec![OsStr::new("--disable-features=TranslateUI,BlinkGenPropertyTrees")])
            .build()
            .map_err(|e| format!("cannot configure the browser: {e}"))?;
        let chromium = Browser::new(options).map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
        let tab = chromium.new_tab().map_err(|e| format!("cannot open a tab: {e}"))?;
        tab.set_default_timeout(timing.page_timeout);
        let log = Arc::new(Mutex::new(NetworkLog::default()));
        listen(&tab, Arc::clone(&log))?;
        for enabled in [
            tab.call_method(NetworkEnable(json!({}))),
            tab.call_method(PageEnable(json!({}))),
            tab.call_method(DomStorageEnable(json!({}))),
        ] {
            enabled.map_err(|e| format!("the browser refused a DevTools call: {e}"))?;
        }
        Ok(Session { browser: Some(chromium), profile, tab, log, timing })
    }

    /// Loads `url`, waits for the load and a quiet network (both bounded by
    /// the page timeout), then the settle time. Returns the final URL and how
    /// the document answered, or why the page could not be loaded.
    pub fn visit(&self, url: &str) -> Result<(String, Document), String> {
        {
            let mut log = lock(&self.log);
            log.requests.clear();
            log.document = Document::default();
        }
        let started = Instant::now();
        // A mark on the document being left: the wait below counts only the
        // new one (the old one is complete too until the navigation commits).
        let _ = self.evaluate("window.__consentAgentScanLeft = true");
        self.tab.navigate_to(url).map_err(|e| e.to_string())?;
        if !self.wait_quiet(started) {
            return Err(format!("did not load within {} s", self.timing.page_timeout.as_secs_f64()));
        }
        std::thread::sleep(self.timing.settle);
        let document = lock(&self.log).document.clone();
        Ok((self.tab.get_url(), document))
    }

    /// Waits until the network is quiet, or the page timeout since `started`
    /// has passed; says whether the new document was complete by then.
    /// Quiet: the document is complete, and for the quiet time neither the
    /// protocol reported network activity nor the page's count of finished
    /// resources (Resource Timing) grew. Not a count of requests in flight,
    /// nor headless_chrome's own navigation flag: an event this protocol
    /// version cannot parse, or a page that polls for ever, would keep
    /// those waiting to the timeout.
    pub fn wait_quiet(&self, started: Instant) -> bool {
        let probe = "window.__consentAgentScanLeft ? -1 : \
                     document.readyState === 'complete' ? performance.getEntriesByType('resource').length : -1";
        let mut last = (None, Instant::now());
        let mut complete = false;
        loop {
            let resources = self.evaluate(probe).and_then(|v| v.as_i64());
            complete |= resources.is_some_and(|n| n >= 0);
            if started.elapsed() >= self.timing.page_timeout {
                return complete;
            }
            if resources != last.0 {
                last = (resources, Instant::now());
            }
            let activity = lock(&self.log).last_activity.map_or(Duration::MAX, |t| t.elapsed());
            let quiet = self.timing.quiet;
            if resources.is_some_and(|n| n >= 0) && last.1.elapsed() >= quiet && activity >= quiet {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The scripts and frames requested since the last visit began.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.log).requests.clone()
    }

    /// Runs `expression` in the page and returns its value (awaited when it
    /// is a promise), or `None` when it threw or the page is gone.
    pub fn evaluate(&self, expression: &str) -> Option<Value> {
        self.run(expression, false)
    }

    /// The same, as if the visitor had just clicked (the page sees a user
    /// activation, as after a real click).
    pub fn evaluate_as_visitor(&self, expression: &str) -> Option<Value> {
        self.run(expression, true)
    }

    /// A real left click at a point of the viewport.
    pub fn click(&self, x: f64, y: f64) -> Result<(), String> {
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            let event = json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 });
            self.tab.call_method(MouseEvent(event)).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn run(&self, expression: &str, user_gesture: bool) -> Option<Value> {
        let answer = self
            .tab
            .call_method(Evaluate(json!({
                "expression": expression,
                "returnByValue": true,
                "awaitPromise": true,
                "userGesture": user_gesture,
                "timeout": 5000,
            })))
            .ok()?;
        if answer.get("exceptionDetails").is_some() {
            return None;
        }
        answer.get("result").and_then(|r| r.get("value")).cloned()
    }

    /// Every cookie the profile holds, for every domain.
    pub fn cookies(&self) -> Vec<Value> {
        let answer = self.tab.call_method(AllCookies(json!({}))).unwrap_or_default();
        answer.get("cookies").and_then(Value::as_array).cloned().unwrap_or_default()
    }

    /// `(frame origin, storage key)` of the page and each of its frames.
    pub fn storage_keys(&self) -> Vec<(String, String)> {
        let tree = self.tab.call_method(FrameTree(json!({}))).unwrap_or_default();
        let mut frames = Vec::new();
        collect_frames(tree.get("frameTree"), &mut frames, 0);
        let mut keys: Vec<(String, String)> = Vec::new();
        for (id, origin) in frames {
            if !origin.starts_with("http") {
                continue;
            }
            let answer = self.tab.call_method(StorageKeyForFrame(json!({ "frameId": id }))).unwrap_or_default();
            let key = answer.get("storageKey").and_then(Value::as_str).unwrap_or(&origin).to_string();
            if !keys.iter().any(|(_, k)| *k == key) {
                keys.push((origin, key));
            }
        }
        keys
    }

    /// The keys of `localStorage` (or `sessionStorage`) under a storage key.
    pub fn storage_items(&self, storage_key: &str, local: bool) -> Vec<String> {
        let id = json!({ "storageId": { "storageKey": storage_key, "isLocalStorage": local } });
        let answer = self.tab.call_method(StorageItems(id)).unwrap_or_default();
        let entries = answer.get("entries").and_then(Value::as_array).cloned().unwrap_or_default();
        entries.iter().filter_map(|pair| pair.get(0).and_then(Value::as_str).map(str::to_string)).collect()
    }

    /// The IndexedDB database names under a storage key.
    pub fn databases(&self, storage_key: &str) -> Vec<String> {
        let answer = self.tab.call_method(DatabaseNames(json!({ "storageKey": storage_key }))).unwrap_or_default();
        let names = answer.get("databaseNames").and_then(Value::as_array).cloned().unwrap_or_default();
        names.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        drop(self.browser.take());
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A new profile directory whose preferences allow third-party cookies.
fn fresh_profile() -> Result<PathBuf, String> {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("consent-agent-scan-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let preferences = r#"{"profile":{"cookie_controls_mode":0,"block_third_party_cookies":false}}"#;
    std::fs::create_dir_all(dir.join("Default"))
        .and_then(|()| std::fs::write(dir.join("Default").join("Preferences"), preferences))
        .map_err(|e| format!("cannot make a browser profile in {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Frames depth-first, at most 200 and 10 levels deep (a page cannot make
/// the scan walk an unbounded tree).
fn collect_frames(node: Option<&Value>, out: &mut Vec<(String, String)>, depth: usize) {
    let Some(node) = node else { return };
    if depth > 10 || out.len() >= 200 {
        return;
    }
    if let Some(frame) = node.get("frame") {
        let id = frame.get("id").and_then(Value::as_str).unwrap_or_default();
        let origin = frame.get("securityOrigin").and_then(Value::as_str).unwrap_or_default();
        out.push((id.to_string(), origin.to_string()));
    }
    if let Some(children) = node.get("childFrames").and_then(Value::as_array) {
        for child in children {
            collect_frames(Some(child), out, depth + 1);
        }
    }
}
