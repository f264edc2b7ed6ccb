//! Hooks into the page: write traps that stop a refused entry before it
//! lands, watchers that sweep when something slipped past them (HTTP
//! `Set-Cookie`, property-style storage writes), and loading a remote config.

use super::{config_from_text, reconfigure, sweep_if_changed, with_agent, Agent};
use crate::config::{Config, ConfigError, Problem};
use crate::pattern::Storage;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How often the watcher compares the jars with what the last sweep left.
/// One `document.cookie` read and two `length` reads: microseconds.
const WATCH_INTERVAL_MS: i32 = 1000;

/// The name a `document.cookie = "…"` assignment writes.
fn written_cookie_name(text: &str) -> &str {
    let pair = text.split(';').next().unwrap_or_default();
    match pair.split_once('=') {
        Some((name, _)) => name.trim(),
        None => pair.trim(),
    }
}

/// Replaces `document.cookie`'s setter on the document and
/// `Storage.prototype.setItem` with traps that drop writes the visitor's
/// choice does not allow. Reads are untouched (the original getter).
pub(super) fn install_traps(window: &web_sys::Window, document: &web_sys::Document) {
    let cookie_get = with_agent(|a| a.cookie_get.clone());
    if let Some(get) = cookie_get {
        let set = Closure::<dyn Fn(JsValue)>::new(|value: JsValue| {
            let text = match value.as_string() {
                Some(t) => t,
                // Non-strings are converted the way the browser would.
                None => Array::of1(&value).join("").into(),
            };
            let handled = with_agent(|agent: &mut Agent| {
                if agent.allows(Storage::Cookie, written_cookie_name(&text)) {
                    agent.write_cookie(&text);
                } else {
                    agent.blocked += 1;
                }
            });
            if handled.is_none() {
                pass_through(&text);
            }
        });
        let descriptor = Object::new();
        let _ = Reflect::set(&descriptor, &"get".into(), &get);
        let _ = Reflect::set(&descriptor, &"set".into(), set.as_ref());
        let _ = Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE);
        let _ = Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE);
        Object::define_property(document, &"cookie".into(), &descriptor);
        set.forget();
    }
    trap_set_item(window);
}

/// The agent is busy (a write from inside our own event dispatch); let the
/// write through with the original setter rather than lose it. The next
/// sweep judges it.
fn pass_through(text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some((_, set)) = super::find_accessor(&document, "cookie") {
        let _ = set.call1(&document, &JsValue::from_str(text));
    }
}

fn trap_set_item(window: &web_sys::Window) {
    let Some(local) = window.local_storage().ok().flatten() else {
        return;
    };
    let Ok(prototype) = Reflect::get_prototype_of(&local) else {
        return;
    };
    let Ok(original) = Reflect::get(&prototype, &"setItem".into()) else {
        return;
    };
    let Ok(original) = original.dyn_into::<Function>() else {
        return;
    };
    let local: JsValue = local.into();
    let session: JsValue = window
        .session_storage()
        .ok()
        .flatten()
        .map(Into::into)
        .unwrap_or(JsValue::NULL);
    let apply = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        move |target: JsValue, this: JsValue, args: JsValue| {
            let storage = if Object::is(&this, &local) {
                Some(Storage::LocalStorage)
            } else if Object::is(&this, &session) {
                Some(Storage::SessionStorage)
            } else {
                None
            };
            if let Some(storage) = storage {
                let args_array = Array::from(&args);
                let key = args_array.get(0);
                let key = key
                    .as_string()
                    .unwrap_or_else(|| Array::of1(&key).join("").into());
                let refused = with_agent(|agent| {
                    let refused = !agent.allows(storage, &key);
                    if refused {
                        agent.blocked += 1;
                    }
                    refused
                })
                .unwrap_or(false);
                if refused {
                    return Ok(JsValue::UNDEFINED);
                }
            }
            let target: Function = target.unchecked_into();
            Reflect::apply(&target, &this, &Array::from(&args))
        },
    );
    let handler = Object::new();
    let _ = Reflect::set(&handler, &"apply".into(), apply.as_ref());
    let proxy = js_sys::Proxy::new(&original, &handler);
    let _ = Reflect::set(&prototype, &"setItem".into(), &proxy);
    apply.forget();
}

/// Sweeps while the page lives: on `cookieStore` change events where the
/// browser has them (secure contexts in Chromium), when the page is shown
/// again from the back/forward cache, and on a cheap periodic check.
pub(super) fn watch(window: &web_sys::Window) {
    let on_change = Closure::<dyn Fn()>::new(sweep_if_changed);
    let callback: &Function = on_change.as_ref().unchecked_ref();
    let _ =
        window.set_interval_with_callback_and_timeout_and_arguments_0(callback, WATCH_INTERVAL_MS);
    let _ = window.add_event_listener_with_callback("pageshow", callback);
    let _ = window.add_event_listener_with_callback("focus", callback);
    if let Ok(store) = Reflect::get(window, &"cookieStore".into()) {
        if let Some(target) = store.dyn_ref::<web_sys::EventTarget>() {
            let _ = target.add_event_listener_with_callback("change", callback);
        }
    }
    on_change.forget();
}

/// Fetches a config from `url` and applies it; any failure is a config
/// error (fail closed), reported with the URL.
pub(super) fn load_config(window: &web_sys::Window, url: &str) {
    let failed = {
        let url = url.to_string();
        move |why: String| {
            let error = ConfigError {
                path: String::new(),
                problem: Problem::NotJson(format!("could not load {url}: {why}")),
            };
            reconfigure(Config::default(), vec![error]);
        }
    };
    let on_error = {
        let failed = failed.clone();
        Closure::once_into_js(move |e: JsValue| {
            let why = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            failed(why);
        })
    };
    let on_text = Closure::once_into_js(move |text: JsValue| {
        let (config, errors) = config_from_text(&text.as_string().unwrap_or_default());
        reconfigure(config, errors);
    });
    let on_response = {
        let failed = failed.clone();
        let on_text = on_text.clone();
        let on_error = on_error.clone();
        Closure::once_into_js(move |response: JsValue| -> JsValue {
            let ok = Reflect::get(&response, &"ok".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if !ok {
                let status = Reflect::get(&response, &"status".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0) as u32;
                failed(format!("HTTP status {status}"));
                return JsValue::UNDEFINED;
            }
            let text = Reflect::get(&response, &"text".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .and_then(|f| f.call0(&response).ok());
            match text {
                Some(p) => then(&p, &on_text, &on_error),
                None => {
                    failed("no body".into());
                    JsValue::UNDEFINED
                }
            }
        })
    };
    let promise: JsValue = window.fetch_with_str(url).into();
    then(&promise, &on_response, &on_error);
}

/// `promise.then(on_ok, on_err)` with plain JavaScript functions.
fn then(promise: &JsValue, on_ok: &JsValue, on_err: &JsValue) -> JsValue {
    Reflect::get(promise, &"then".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call2(promise, on_ok, on_err).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

#[cfg(test)]
mod tests {
    use super::written_cookie_name;

    #[test]
    fn names_of_writes() {
        assert_eq!(written_cookie_name("_ga=GA1.2; path=/; max-age=10"), "_ga");
        assert_eq!(written_cookie_name(" spaced = x"), "spaced");
        assert_eq!(written_cookie_name("bare"), "bare");
        assert_eq!(written_cookie_name(""), "");
    }
}
