//! # consent-agent
//!
//! A consent enforcer for the browser: one `<script>` tag that reads the
//! page's cookies, `localStorage` and `sessionStorage`, knows which consent
//! category each entry belongs to, and removes every entry outside the
//! categories the visitor consented to: at load, on every change of choice,
//! and whenever a script writes one later.
//!
//! ## Words
//!
//! * **entry**: one cookie, `localStorage` key or `sessionStorage` key, known
//!   by its name and its storage ([`pattern::Storage`]).
//! * **jar**: everything a page can see in one storage; for cookies the
//!   `document.cookie` string ([`jar`]).
//! * **scope**: the `Domain` and `Path` a cookie was set with. A page cannot
//!   read it, and a deletion must repeat it exactly ([`scope`]).
//! * **category**: a purpose a visitor grants or denies as a whole
//!   (`necessary`, `functional`, `analytics`, `marketing`, or the site's own);
//!   required categories are always granted ([`config`]).
//! * **consent record**: the visitor's choice, kept in one first-party cookie
//!   ([`record`]).
//! * **sweep**: one pass over every jar that deletes each entry whose category
//!   is not granted, then re-reads the jars to report what survived
//!   (`src/web/`).
//!
//! ## Layout
//!
//! A pure core, plain Rust tested natively with `cargo test`:
//! [`json`], [`config`], [`pattern`], [`catalog`], [`record`], [`jar`],
//! [`scope`], [`engine`], [`declaration`]. A thin web layer (`src/web/`,
//! compiled only for `wasm32`) is the only code that touches `document`,
//! storage and events. Data flows one way: read the jar, classify, decide,
//! act, report.
//!
//! ## Size trade-offs
//!
//! Every byte is downloaded by every visitor, so:
//!
//! * no `serde`/`serde-wasm-bindgen` in the module: the page's own
//!   `JSON.parse` parses the config, and the web layer walks the result with
//!   `js_sys` into a [`json::Json`] (measured: serde + serde-wasm-bindgen for a
//!   10-field config cost about 22 KB gzip, the `js_sys` walk under 2 KB);
//! * no regular-expression engine: `*` wildcards cover every pattern
//!   ([`pattern`]);
//! * no float formatting and no `unwrap` on page input (either would pull in
//!   panic and formatting machinery); times are whole seconds, and dates are
//!   formatted by the browser's `Date`;
//! * the WebAssembly module is inlined into the script file (base64), which
//!   costs about a third more bytes but lets enforcement finish before the
//!   next script on the page runs.

#![warn(missing_docs)]

pub mod catalog;
pub mod config;
pub mod declaration;
pub mod engine;
pub mod jar;
pub mod json;
pub mod pattern;
pub mod record;
pub mod scope;

#[cfg(target_arch = "wasm32")]
pub mod web;
