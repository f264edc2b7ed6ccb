//! A minimal JSON value, the hand-over point between whoever parsed a
//! configuration (the browser's `JSON.parse` in the page, `serde_json` in the
//! command-line tool) and the validation in [`crate::config`].
//!
//! The core never parses JSON text itself: in the browser that work is done
//! by the engine the page already has, which costs the download nothing.

/// One JSON value. Objects keep their members in source order, so error
/// messages and declarations follow the order the developer wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// Any number. Only whole numbers are accepted where the config asks for
    /// one; floats are never formatted back, which keeps float formatting
    /// code out of the WebAssembly module.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in source order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object, or `None` (also for non-objects).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, in the words JSON uses; used in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => Json::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Json::String(s),
            serde_json::Value::Array(items) => {
                Json::Array(items.into_iter().map(Json::from).collect())
            }
            serde_json::Value::Object(members) => Json::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, Json::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Parses JSON text natively (command-line tool and tests only).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(text: &str) -> Result<Json, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(Json::from)
        .map_err(|e| format!("not valid JSON: {e}"))
}
