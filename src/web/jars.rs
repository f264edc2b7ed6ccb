//! The page's three jars through web-sys: `document.cookie`, `localStorage`
//! and `sessionStorage`, as thin wrappers in the manner of `gloo`.
//!
//! Two things are taken once, when the agent starts and before its write
//! guard (`guard.js`) is installed, because afterwards the page's view of
//! them is the guard's:
//!
//! * the browser's own `document.cookie` accessor functions, from the
//!   document's prototype chain. web-sys reaches `document.cookie` by
//!   property lookup at each call, which would go through the agent's own
//!   trap (and the trap refuses writes of refused names, deletions included);
//! * the browser's own `Storage` objects (the guard answers
//!   `window.localStorage` with a proxy).
//!
//! Every call here swallows the browser's exceptions (storage disabled,
//! sandboxed frames, a quota error): a jar the agent cannot reach is a jar
//! with nothing to enforce, never a failure of the page.

use crate::pattern::Storage as Kind;
use crate::prelude::*;
use js_sys::Function;
use wasm_bindgen::JsValue;
use web_sys::{Document, Storage};

/// The page's jars, with the browser's own accessors.
pub struct Jars {
    document: Document,
    get: Function,
    set: Function,
    local: Option<Storage>,
    session: Option<Storage>,
    read_keys: Option<Function>,
}

impl Jars {
    /// The jars of `document`, read and written with the browser's own
    /// `document.cookie` accessor functions `get` and `set`, and its own
    /// storage objects (`None` where the browser refuses storage). The
    /// loader hands them over: it reaches them with no import at all,
    /// where finding them from Rust costs about 1.5 KB of module and glue.
    /// `read_keys(store, start, end)`, when given, answers the keys
    /// `start..end` of `store` joined by NUL in one string: one crossing
    /// instead of one per key (50,000 keys: about 20 ms instead of 140 ms
    /// in Chromium, most of it spent passing 50,000 strings one by one).
    pub fn new(
        document: Document,
        get: Function,
        set: Function,
        local: Option<Storage>,
        session: Option<Storage>,
        read_keys: Option<Function>,
    ) -> Jars {
        Jars { document, get, set, local, session, read_keys }
    }

    /// The jars of this window's document, for an application that embeds
    /// the agent (no guard there, so the accessors are the browser's):
    /// `None` outside a page.
    #[cfg(feature = "serde")]
    pub fn from_window() -> Option<Jars> {
        use js_sys::{Object, Reflect};
        use wasm_bindgen::JsCast;
        let window = web_sys::window()?;
        let document = window.document()?;
        let mut proto = Object::get_prototype_of(&document);
        let mut accessors = None;
        while accessors.is_none() && !proto.is_null() {
            let descriptor = Object::get_own_property_descriptor(&proto, &JsValue::from_str("cookie"));
            if !descriptor.is_undefined() {
                let get = |which: &str| {
                    Reflect::get(&descriptor, &JsValue::from_str(which)).ok()?.dyn_into::<Function>().ok()
                };
                accessors = Some((get("get")?, get("set")?));
            }
            proto = Object::get_prototype_of(&proto);
        }
        let (get, set) = accessors?;
        let local = window.local_storage().ok().flatten();
        let session = window.session_storage().ok().flatten();
        Some(Jars::new(document, get, set, local, session, None))
    }

    /// The cookie jar as `document.cookie` shows it ("" when unreadable).
    pub fn cookies(&self) -> String {
        self.get.call0(&self.document).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    /// One `document.cookie = text` assignment, through the browser's setter.
    pub fn write_cookie(&self, text: &str) {
        let _ = self.set.call1(&self.document, &JsValue::from_str(text));
    }

    /// The browser's own storage object of `kind` (`None` for cookies and
    /// IndexedDB, or when the browser refuses storage).
    pub fn store(&self, kind: Kind) -> Option<&Storage> {
        match kind {
            Kind::LocalStorage => self.local.as_ref(),
            Kind::SessionStorage => self.session.as_ref(),
            Kind::Cookie | Kind::IndexedDb => None,
        }
    }

    /// How many keys the storage `kind` holds (0 when unreachable).
    pub fn length(&self, kind: Kind) -> u32 {
        self.store(kind).and_then(|store| store.length().ok()).unwrap_or(0)
    }

    /// The keys `start..end` of the storage `kind`, in the browser's order
    /// (which stays the same while the keys do).
    pub fn keys_between(&self, kind: Kind, start: u32, end: u32) -> Vec<String> {
        let Some(store) = self.store(kind) else { return Vec::new() };
        if start >= end {
            return Vec::new();
        }
        if let Some(read) = &self.read_keys {
            let text = read.call3(&JsValue::NULL, store, &start.into(), &end.into()).ok().and_then(|v| v.as_string());
            if let Some(text) = text {
                let keys: Vec<String> = crate::text::split(&text, 0).map(str::to_string).collect();
                // A key holding a NUL itself: read one by one instead.
                if keys.len() == (end - start) as usize {
                    return keys;
                }
            }
        }
        (start..end).filter_map(|i| store.key(i).ok().flatten()).collect()
    }

    /// Every key of the storage `kind`, in the browser's order. By index,
    /// not `Object.keys`, which Chromium answers about 5x slower for a
    /// `Storage` (50,000 keys: 126 ms against 26 ms).
    pub fn keys(&self, kind: Kind) -> Vec<String> {
        self.keys_between(kind, 0, self.length(kind))
    }

    /// The agent's copy of the consent record it wrote last, kept in
    /// `localStorage` under the record's name: "" when there is none,
    /// `None` when the browser refuses storage.
    pub fn kept_copy(&self, name: &str) -> Option<String> {
        let store = self.local.as_ref()?;
        store.get_item(name).ok().map(Option::unwrap_or_default)
    }

    /// Keeps `value`, the record just written, as the agent's copy.
    pub fn keep_copy(&self, name: &str, value: &str) {
        if let Some(store) = &self.local {
            let _ = store.set_item(name, value);
        }
    }

    /// Removes the agent's copy of the record.
    pub fn drop_copy(&self, name: &str) {
        if let Some(store) = &self.local {
            let _ = store.remove_item(name);
        }
    }

    /// The page's host, path and whether it is served over https.
    pub fn page(&self) -> (String, String, bool) {
        match self.document.location() {
            Some(l) => (
                l.hostname().unwrap_or_default(),
                l.pathname().unwrap_or_default(),
                l.protocol().is_ok_and(|p| p == "https:"),
            ),
            None => (String::new(), String::new(), false),
        }
    }
}
