//! # consent-agent
//!
//! A consent enforcer for the browser: one `<script>` tag that reads the
//! page's cookies, `localStorage`, `sessionStorage` and IndexedDB
//! databases, knows which consent
//! category each entry belongs to, and removes every entry outside the
//! categories the visitor consented to: at load, on every change of choice,
//! and whenever a script writes one later.
//!
//! ## Words
//!
//! * **entry**: one cookie, `localStorage` key, `sessionStorage` key or
//!   IndexedDB database, known by its name and its storage
//!   ([`pattern::Storage`]).
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
//!   (`src/web/sweep.rs`).
//!
//! ## Layout
//!
//! A pure core, plain Rust tested natively with `cargo test`:
//! [`json`], [`config`] (with `config/validate.rs`, `settings.rs`,
//! `errors.rs`, `signals.rs`, `schema.rs`), [`pattern`], [`catalog`], [`record`],
//! [`jar`], [`scope`], [`engine`], [`report`] (the answers: sweep report,
//! audit rows, consent), [`declaration`], [`signals`] (Consent Mode, UET and
//! Clarity states), [`sources`] (script and embed sources for
//! auto-blocking), and, with the `serde` feature, `json_serde`. A thin web
//! layer in `src/web/` is the only code that touches the page:
//!
//! * in Rust (compiled only for `wasm32`): `mod.rs`, the boundary the
//!   page's JavaScript calls; `answers.rs`, its read-only answers (the
//!   choice, signals, categories, UI settings, declaration rows); `jars.rs`,
//!   the page's cookie jar and storages over `web-sys`; `sweep.rs`, the data path (read every jar, classify,
//!   decide, delete in every scope, re-read, report), and `sweep/pass.rs`,
//!   a sweep in parts (the first one runs in slices); `sweep_calls.rs`, the
//!   sweep's calls from the page's JavaScript; `heap.rs`, the
//!   module's allocator; `keyset.rs`, the fingerprints of the keys
//!   sweeps kept, with their category (what the watcher's and a choice's
//!   sweeps need not classify again); `slot.rs`, the engine's and sweeper's cell, whose
//!   borrows can be released after a page's exception; `typed.rs`, the typed
//!   API of the `serde` feature for Rust applications that embed the agent;
//! * in JavaScript (ES modules, bundled by esbuild), only where the browser
//!   makes it JavaScript's job, in two parts. What must run before the
//!   next script (the render-blocking tag): `tag.js` (its entry; it
//!   fetches the module and inserts the engine's script) and `agent.js`
//!   (the traps at once, the API, the kit the engine takes over), with
//!   `builtins.js` (the built-ins taken before any later page script can
//!   replace them), `page-config.js` (what the tag's attributes and the
//!   config element say), `api.js` (the public API object), `guard.js`
//!   (traps writes synchronously before they land), `early.js` (holds the
//!   writes made before the engine is ready), `early-sources.js` (the
//!   sources to hold until then), `autoblock.js` (holds known trackers by
//!   URL), `signals.js` (speaks Google's and Microsoft's consent
//!   protocols), `databases.js` (deletes refused IndexedDB databases and
//!   refuses their `open`), `activation.js` (only the visitor widens) and
//!   `engine-fetch.js` (requests the engine's script and takes its
//!   handover). What waits for the module (the engine's script,
//!   `dist/consent-agent-engine.<hash>.js`, entry `engine-file.js`, which
//!   reads the handover first in `engine-handshake.js` and is handed the
//!   tag's built-ins, `builtins-handed.js`): `engine-start.js` (config,
//!   stored choice, first sweep, held writes, choices), `watch.js` (the
//!   watcher), `record-state.js` (the consent state, expiry, the record's
//!   cookies), `slices.js` (the first sweep in slices), `inventory.js`
//!   (`audit()`), `share.js` (proof of consent, other tabs), `declare.js`
//!   (the declaration), `gate.js` (holds scripts and embeds until
//!   consent), `boundary.js` (exception-safe calls into the module),
//!   `ui-start.js` (when the banner and preferences dialog are built),
//!   `ui-early.js` (the banner's settings read before the module is there),
//!   `ui.js` (builds them), `ui-view.js` (hands `ui.js` over) and
//!   `ui-texts.js` over `texts.js` (the page's language). `module.js`, the
//!   npm package's entry, runs both parts one after the other.
//!
//! The command-line tool, `src/bin/consent-agent/` (native only):
//! `main.rs` (`check`, `declare`, `classify`, `schema`, `tag-names`) and,
//! behind the cargo feature `scan`, the site scanner `scan/` (`mod.rs`
//! options and exit codes; `browser.rs` drives Chromium over the DevTools
//! protocol through headless_chrome; `crawl.rs` the three passes;
//! `choice.rs` rejects or accepts; `findings.rs` what was seen;
//! `report.rs` classification, violations and the JSON described by
//! `schema.json`; `text.rs` the summary and Markdown declaration;
//! `progress.rs` the progress bar, indicatif). The scanner makes the
//! release binary 6.5 MiB instead of 0.65 MiB (677,600 → 6,784,048 bytes on
//! 2026-12-07: the protocol bindings, a WebSocket client and their
//! dependencies) and adds nothing to the WebAssembly build.
//!
//! Build-time code, none of which reaches a page: `build.rs` with
//! `tools/catalog_compile.rs` and `tools/catalog_encode.rs` (the catalog
//! generator), `tools/bundle.mjs` and `tools/package.mjs` (assemble
//! `dist/` and the npm package), `tools/generated-dir.mjs` (tells `build.sh` where `build.rs`
//! wrote its output, by the crate's manifest path), `tools/harden-glue.mjs`
//! (rewrites wasm-bindgen's glue to call captured built-ins, see below).
//!
//! Data flows one way: read the jar, classify, decide, act, report.
//!
//! ## Untrusted input
//!
//! Everything the agent reads comes from the page, and the page is not on
//! its side:
//!
//! * **The config** is validated field by field ([`config`]); every error
//!   names its field, and any error makes the agent fail closed (required
//!   categories only, no choice recorded).
//! * **Cookie strings, records, patterns** are parsed by byte loops that do
//!   not panic ([`jar`], [`record`], [`pattern`]; fuzzed by `./build.sh
//!   fuzz`). A record can only restrict ([`engine::Engine::load_record`]),
//!   and only one whose value matches the copy the agent kept when it wrote
//!   it can grant ([`engine::Attribution`]).
//! * **Page scripts that throw through the module.** A JavaScript exception
//!   (or the stack running out) inside a call runs no Rust destructor, so
//!   the engine and the sweeper live in a `Slot` (`src/web/slot.rs`), not a
//!   `RefCell`: `agent.js` counts its calls into the module and, once none
//!   is on the stack, calls `recover`, which releases the borrows; the call
//!   is retried once and otherwise fails closed (refuse, not granted).
//!   What remains: the Rust shadow stack pointer is not restored after such
//!   an unwind (its frames leak, a few hundred bytes each; thousands of
//!   unwinds would exhaust the 1 MB stack and the module then traps on every
//!   call, failing closed).
//! * **Page scripts that replace built-ins after the tag.** Captured when
//!   the tag runs and called through the captured `Reflect.apply`: in
//!   wasm-bindgen's glue (`tools/harden-glue.mjs`) `Function.prototype.call`
//!   and `apply` (as `Reflect.apply`), `Object.keys`, `Array.isArray`,
//!   `Array.from`, `Reflect.get`, `Array.prototype.join`,
//!   `String.prototype.slice` (strings go into the module through one
//!   `encodeInto`, not a `charCodeAt` per character), `Uint8Array.prototype.subarray`,
//!   `DataView.prototype.setInt32` and `setFloat64`, `TextDecoder.prototype.decode`,
//!   `TextEncoder.prototype.encodeInto`, `WebAssembly.Table.prototype.set`,
//!   `Storage.prototype.getItem`, `setItem`, `removeItem`, `key` and
//!   `clear`; the `document.cookie` accessors (handed to `attach`); in the
//!   JavaScript half, `JSON.parse`/`stringify`, `Object.keys`,
//!   `String.prototype.split`/`slice`, `Array.prototype.join`/`slice`,
//!   `setTimeout`/`clearTimeout`, `AbortSignal.timeout`, and every call the
//!   write guard makes. The engine's script, which runs after page scripts
//!   did, takes none of these itself: the tag hands it the ones it took
//!   (`builtins-handed.js`, and the glue's through `adoptGlueBuiltins`).
//! * **Page scripts that want the engine's handover.** The engine's script
//!   receives the agent's kit through `window.consentAgentEngine`, a
//!   non-configurable getter that answers once, and only while that very
//!   script element runs (the captured `document.currentScript` getter);
//!   the script reads it before any other code of its own runs, so page
//!   code the script calls (a replaced `TextDecoder.prototype.decode`, say)
//!   finds nothing. A second copy of the file, loaded by a page script,
//!   gets nothing and starts nothing (`e2e/engine-script.test.mjs`).
//!   Not captured: property getters (`length`, `buffer`, `byteLength`),
//!   constructors, and the UI's and auto-blocking's DOM calls (a page that
//!   breaks those breaks its own rendering first).
//! * **Page scripts that reach for the agent's surfaces.** The UI lives in
//!   a closed shadow root (`ui.shadowRoot`), its buttons act on trusted
//!   events only; `window.consentAgent` is read-only; the `document.cookie`
//!   accessor is non-configurable on the prototype and on the document;
//!   every same-origin frame, `<object>`, `<embed>` and popup gets the write
//!   guard and auto-blocking when the page can first reach it.
//! * **Many keys.** The watcher's idle check costs one block of 4,096 keys
//!   per tick, and its sweep decides only keys it has not kept before
//!   (`src/web/keyset.rs`): 50,000 keys cost 2 ms an idle tick and 38 ms a
//!   tick after an untrapped write; the engine's first sweep decides every
//!   key once, 4,096 keys per task (about 5 ms each in Chromium on this
//!   machine), so that no task of the agent is long at 50,000 keys
//!   (BENCHMARKS.md, "Watcher cost"); it is ready after the last slice.
//!
//! ## Which build uses what
//!
//! * **The script tag** (`dist/consent-agent.js`): wasm-bindgen, js-sys and
//!   web-sys (`Document`, `Storage`, `Location`); no serde. The page's own
//!   `JSON.parse` parses the config, a short `js_sys` walk turns it into a
//!   [`json::Json`], and answers go back as JSON text for `JSON.parse`,
//!   written straight out by [`json::Writer`]. serde + serde-wasm-bindgen reading the config
//!   measured +35.6 KB gzip on the tag, +41.8 KB with `to_value` for the
//!   answers: their error paths bring float formatting and tables.
//! * **The `serde` feature** (Rust applications embedding the agent,
//!   `src/web/typed.rs`, `examples/embed.rs`): `Config`, [`report::Consent`],
//!   [`report::Report`] and [`report::AuditRow`] derive
//!   `Serialize`/`Deserialize`; serde-wasm-bindgen is the boundary
//!   (`from_value` for a config object, `to_value` for answers). Such an
//!   application usually ships serde already; BENCHMARKS.md gives its cost.
//! * **The command-line tool and the tests** (native): serde_json reads
//!   configs into [`json::Json`].
//! * **The catalog generator** (`build.rs`, `tools/catalog_compile.rs`):
//!   serde reads each TSV line into a typed row (storage, category, party
//!   and server-set are enums, so a wrong word is named with the words
//!   allowed), and serde_json writes the declaration file. Build time only:
//!   nothing of it reaches the module.
//!
//! ## Size trade-offs
//!
//! Every byte is downloaded by every visitor (numbers in `BENCHMARKS.md`):
//!
//! * **The sweep in Rust over web-sys** costs the tag about 5.8 KB gzip
//!   over the same loop in JavaScript (74,468 B → 80,253 B, measured on
//!   this crate): every browser call from Rust brings an import, a shim and
//!   glue. Taken for one data path in one language, tested with
//!   wasm-bindgen-test. Kept small: the loader hands the module the
//!   browser's own `document.cookie` accessors and `Storage` objects (found
//!   from Rust they cost about 1.5 KB more of module and glue); no sorting
//!   (the slice sort alone cost 7 KB raw): decisions are asked again instead.
//! * **One language per tag file.** `consent-agent.js` carries English;
//!   `consent-agent.<lang>.js` another language; a tag fetches a built-in
//!   language it lacks from `consent-agent-i18n/<lang>.json`, and so does
//!   the ES module (which carried all of them: 2.3 KB gzip less without).
//!   Six languages in every tag cost 1.5 KB gzip more when measured; nine
//!   are built in now, so a tenth costs every visitor nothing.
//! * **No regular-expression engine**: `*` wildcards cover every pattern
//!   ([`pattern`]); `regex-lite` would cost about 29 KB gzip.
//! * **A size-class allocator of its own** (`src/web/heap.rs`): power-of-two
//!   classes with one free list each, constant time, under 0.5 KB gzip.
//!   `talc`, used before, cost 1.8 KB gzip (74,622 B → 73,169 B of the tag
//!   without it), and dlmalloc about 1.8 KB more. `lol_alloc`'s single free
//!   list was small but walked every free block on each allocation: a config
//!   of 10,000 rules took 2.2 s to read with it. The price is memory: a
//!   request is rounded up to a power of two, and a freed block serves only
//!   its own class.
//! * **The script tag is `no_std`** (built with `--no-default-features`):
//!   its panic handler only traps, so no panic message is formatted and
//!   `core::fmt`, std's panic hook and the panic locations' file names
//!   leave the module: 8.4 KB raw, 3.5 KB gzip of the tag (78,937 B →
//!   75,421 B). The `std` feature (default) keeps std for the tests and
//!   the `serde` feature; [`lazy::Lazy`] replaces `thread_local!` and
//!   `OnceLock`, which need std.
//! * **Answers are written, not built**: [`json::Writer`] writes each
//!   answer's JSON text member by member, where a [`json::Json`] tree of
//!   owned keys cost code to build and drop in every answer: 2.0 KB gzip of
//!   the tag (72,998 B → 70,971 B).
//! * **No float formatting, no panics on page input**: times are whole
//!   seconds and dates are formatted by the browser's `Date`; string slicing
//!   uses `get` (a panicking slice pulls in kilobytes of formatting).
//! * **The catalog is packed** by `build.rs`: one front-coded string of
//!   patterns and one byte per row (storage, category, pack), every byte
//!   below 0x80 so it stays one byte in the inlined module. Rows are
//!   grouped by that byte before they are sorted by pattern, so the flag
//!   bytes come in runs: the tag is 120 B smaller under the bench's gzip
//!   (zlib -9: 64,309 B → 64,189 B), 340 B under GNU gzip -9 and 425 B
//!   under brotli, though 5 KB larger before compression (group edges
//!   break shared prefixes),
//!   with every classification unchanged (checked once over every catalog
//!   pattern and source and the names of `tests/data/evaluation.tsv`, with
//!   and without every platform pack). Rows no page
//!   script can meet stay out of the module: third-party cookies, and
//!   global cookies the server sets `HttpOnly` (146 rows, 0.65 KB gzip);
//!   BENCHMARKS.md has the catalog's cost and its floor. The patterns are
//!   decoded straight into a `String` (every byte is ASCII): validating a
//!   byte buffer with `String::from_utf8` cost 0.55 KB gzip of code.
//! * **The declaration details are not in the module.** Providers,
//!   retentions and purposes of the catalog's rows would cost every visitor
//!   about 3 KB gzip more, yet only a cookie-policy page or an opened
//!   preferences dialog reads them. `build.rs` writes them to
//!   `consent-agent-declaration.json`, fetched once when the declaration is
//!   first asked for; the cost is that `declaration()` returns a promise.
//!   The native build (the CLI) keeps them compiled in.
//! * **No `&str` or `char` searches on page paths.** `str::contains`,
//!   `split_once` with a `&str` pattern and friends bring the two-way
//!   searcher and its panicking slices: byte loops instead saved 9.6 KB raw
//!   in [`engine::looks_essential`] and 9 KB raw in
//!   [`sources::host_and_path`]. `char` patterns (`split(';')`,
//!   `trim_matches`, `contains('.')`) bring core's char searcher, `memchr`
//!   and UTF-8 decoding: [`text`]'s byte helpers (`split`, `split_first`,
//!   `has`, `trim`, `join`, `concat`) replace them: about 1.2 KB gzip. No
//!   panic path of the crate's own is left in the module (`get` instead of
//!   indexing, 0.3 KB; the one left is inside wasm-bindgen's string
//!   conversion).
//! * **Plain loops instead of iterator adapters** where the module runs:
//!   each `flat_map`, `partition`, `filter_map`, `zip`/`enumerate` chain or
//!   `collect` into a `Result` is compiled into functions of its own. Loops
//!   (and the catalog's one-function [`catalog::Rows`]) saved 4.8 KB gzip
//!   (69,060 B → 64,216 B). The pattern index
//!   takes a `dyn` function from id to pattern, so its lookup is compiled
//!   once, not once per caller.
//! * **Sources in the catalog's encoding.** Auto-blocking's script and
//!   embed sources are `script` rows of `catalog/catalog.tsv`, front-coded
//!   with the rest: only pattern and category reach the module (about
//!   1.7 KB gzip for 215 sources); providers, purposes and documentation go
//!   to the declaration file.
//! * **The module is a file of its own** (`consent-agent.<hash>.wasm`), fetched
//!   and compiled by the tag without blocking the page, not inlined in the
//!   script (it was, as a binary string, until the issue "First paint"):
//!   inlined, its 52 KB gzip blocked rendering and the page paid about 50 ms
//!   at 4× CPU turning the string into bytes. The tag keeps what must run
//!   before the next script (traps, holding, the API, the signals' defaults:
//!   12.0 KB gzip, 18.8 KB until the issue "First paint" moved the rest);
//!   what only the engine's start needs (the wasm-bindgen glue, texts,
//!   declaration, sharing, gating, watcher, banner and dialog: 13.1 KB
//!   gzip) is the engine's script, fetched in parallel with the module
//!   (about 0.9 KB more in total than one file: two files' compression
//!   and the built-ins both need). It arrives before the module, so it
//!   shows the banner when the answer is certain without the engine
//!   (`ui-early.js`: 0.9 KB gzip; mobile cold, the banner at 974 ms from
//!   navigation instead of 1,222 ms; orejime's 670 ms comes from its one
//!   render-blocking file, a round trip earlier than any file the tag
//!   requests); writes
//!   in between are held (`early.js`). The tag carries the 215
//!   script-source patterns a second time (about 1.5 KB gzip) so it can
//!   hold trackers before the engine is ready. `tools/bundle.mjs` drops
//!   wasm-bindgen's unused asynchronous initialiser (about 0.4 KB gzip).

#![warn(missing_docs)]
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

/// What every module takes from `alloc`: the standard library's prelude
/// has these, a `no_std` build (the script tag) does not. (Which of them
/// a build uses depends on its target and features.)
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

/// The script tag's panic handler: nothing on a page's path panics (see
/// above), and if something ever did, the module traps and the caller's
/// `try`/`catch` in `agent.js` fails closed. It formats nothing, which is
/// what keeps `core::fmt` out of the module.
#[cfg(all(target_arch = "wasm32", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

pub mod catalog;
pub mod config;
pub mod declaration;
pub mod engine;
pub mod jar;
pub mod json;
#[cfg(feature = "serde")]
pub mod json_serde;
pub mod lazy;
pub mod pattern;
pub mod record;
pub mod report;
pub mod scope;
pub mod signals;
pub mod sources;
pub mod text;

/// The WebAssembly boundary the page's JavaScript calls (see `src/web/`).
#[cfg(target_arch = "wasm32")]
pub mod web;
