//! A minimal JSON value, the hand-over point between whoever parsed a
//! configuration (the browser's `JSON.parse` in the page, `serde_json` in the
//! command-line tool) and the validation in [`crate::config`].
//!
//! The core never parses JSON text itself: in the browser that work is done
//! by the engine the page already has, which costs the download nothing.
//! It writes JSON text: [`Writer`] for the answers the page asks for,
//! [`Json::write`] for values it holds (the CLI's schema).

use crate::prelude::*;

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
            serde_json::Value::Array(items) => Json::Array(items.into_iter().map(Json::from).collect()),
            serde_json::Value::Object(members) => {
                Json::Object(members.into_iter().map(|(k, v)| (k, Json::from(v))).collect())
            }
        }
    }
}

/// Parses JSON text natively (command-line tool and tests only).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(text: &str) -> Result<Json, String> {
    serde_json::from_str::<serde_json::Value>(text).map(Json::from).map_err(|e| format!("not valid JSON: {e}"))
}

impl Json {
    /// Writes the value as JSON text. Numbers are written as whole numbers
    /// (the agent only ever produces whole numbers; this keeps float
    /// formatting out of the module); non-finite or fractional ones as `null`.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) if n.abs() < 9.0e15 && (*n as i64) as f64 == *n => {
                if *n < 0.0 {
                    out.push('-');
                }
                crate::text::push_number(out, n.abs() as u64)
            }
            Json::Number(_) => out.push_str("null"),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The value as JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// A string value.
    pub fn str(text: &str) -> Json {
        Json::String(text.to_string())
    }

    /// A string value, or `null`.
    pub fn str_or_null(text: Option<&str>) -> Json {
        text.map_or(Json::Null, Json::str)
    }
}

/// Writes JSON text straight into a string, member by member, without
/// building a [`Json`] value first: the answers the module hands the page
/// are written this way, since a tree of owned keys and values costs code
/// to build and to drop in every answer.
///
/// Commas are the writer's business: each value or key after the first in
/// an object or array is preceded by one.
#[derive(Default)]
pub struct Writer {
    out: String,
    after_value: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    fn comma(&mut self) {
        if self.after_value {
            self.out.push(',');
        }
        self.after_value = true;
    }

    /// Opens an object (`b'{'`) or array (`b'['`).
    pub fn open(&mut self, bracket: u8) -> &mut Writer {
        self.comma();
        self.out.push(char::from(bracket));
        self.after_value = false;
        self
    }

    /// Closes the innermost object (`b'}'`) or array (`b']'`).
    pub fn close(&mut self, bracket: u8) -> &mut Writer {
        self.out.push(char::from(bracket));
        self.after_value = true;
        self
    }

    /// The key of the next member of an object.
    pub fn key(&mut self, key: &str) -> &mut Writer {
        self.comma();
        write_string(key, &mut self.out);
        self.out.push(':');
        self.after_value = false;
        self
    }

    /// A string value.
    pub fn string(&mut self, value: &str) -> &mut Writer {
        self.comma();
        write_string(value, &mut self.out);
        self
    }

    /// A string value, or `null`.
    pub fn string_or_null(&mut self, value: Option<&str>) -> &mut Writer {
        match value {
            Some(value) => self.string(value),
            None => self.raw("null"),
        }
    }

    /// A whole number, or `null`.
    pub fn number_or_null(&mut self, value: Option<u64>) -> &mut Writer {
        match value {
            Some(value) => self.number(value),
            None => self.raw("null"),
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) -> &mut Writer {
        self.raw(if value { "true" } else { "false" })
    }

    /// A whole number.
    pub fn number(&mut self, value: u64) -> &mut Writer {
        self.comma();
        crate::text::push_number(&mut self.out, value);
        self
    }

    /// A value already written as JSON text (`null`, a literal).
    pub fn raw(&mut self, json: &str) -> &mut Writer {
        self.comma();
        self.out.push_str(json);
        self
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Writes `s` as a JSON string literal.
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[(n >> shift) as usize & 15] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_json_that_parses_back() {
        let value = Json::Object(vec![
            ("a".into(), Json::Array(vec![Json::Null, Json::Bool(true), Json::Number(42.0), Json::Number(0.5)])),
            ("s".into(), Json::str("quote \" slash \\ nl \n tab \t ctrl \u{1} é ✓")),
        ]);
        let text = value.to_text();
        assert_eq!(&text[..30], r#"{"a":[null,true,42,null],"s":""#);
        let back = parse(&text).unwrap();
        assert_eq!(back.get("s"), value.get("s"));
    }

    #[test]
    fn the_writer_places_commas_and_nests() {
        let mut w = Writer::new();
        w.open(b'{').key("a").open(b'[').raw("null").bool(true).number(42).close(b']');
        w.key("o").open(b'{').close(b'}').key("s").string("q\"").key("n").string_or_null(None).close(b'}');
        let text = w.finish();
        assert_eq!(text, r#"{"a":[null,true,42],"o":{},"s":"q\"","n":null}"#);
        assert!(parse(&text).is_ok());
        let mut w = Writer::new();
        w.open(b'[').number_or_null(Some(7)).number_or_null(None).close(b']');
        assert_eq!(w.finish(), "[7,null]");
    }
}
