// The catalog generator: turns `catalog/catalog.tsv` into Rust source and the
// declaration file. Used by `build.rs` (through `include!`) and by the crate's
// tests (as a module), so the generator is tested like any other code. It
// reads the TSV with serde (each line's columns, named by the header, are
// deserialized into a typed row; storage, category, party and server_set
// are enums) and writes the declaration file with serde_json; the semantic
// checks (cookie names, pattern stems, duplicates) are its own.
//
// Two outputs, split by who needs them:
// - Rust data compiled into the module, which every visitor downloads: only
//   what classifying needs. All patterns in one string (rows grouped by
//   their flag byte, then sorted by pattern, file order breaking ties) and
//   one byte of flags per row (in runs, which gzip all but drops); pattern
//   bytes stay below 0x80 (a habit from when the module was inlined into
//   the script-tag file as a binary string saved as UTF-8; the module is a
//   file of its own now, so the flag byte may use all eight bits).
//   Patterns are front-coded (see `tools/catalog_encode.rs`). Rows no page
//   script can meet are written to separate tables that only the native
//   build compiles, so they cost the script tag nothing: `party` `third`
//   (cookies set on an ad-tech or identity domain, never in a first-party
//   `document.cookie`), `rare`, and global cookies the server sets
//   `HttpOnly` (`server_set` `yes`). The declaration details (provider,
//   retention, purpose, source, server-set) are there too, but only the
//   native build (the CLI) reads them: the WebAssembly build never does, so
//   the linker leaves them out.
// - `consent-agent-declaration.json`, the same details for the browser,
//   fetched only when a page asks for the declaration (a cookie-policy page,
//   the preferences dialog's lists): `{ source: { storage: { pattern:
//   [provider, retention, purpose, serverSet] } } }` with source `catalog` or
//   `platform:<id>`, the words `audit()` uses.
// Both are deterministic: the same TSV gives the same bytes.

include!("catalog_encode.rs");

/// A row's storage, the TSV's `storage` column; the discriminant is the flag
/// value. `script` rows are not storage: they are script and embed sources
/// (`host` or `host/path*`) that auto-blocking holds until their category is
/// granted (`src/sources.rs`).
#[derive(serde::Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
enum StorageColumn {
    Cookie = 0,
    LocalStorage = 1,
    SessionStorage = 2,
    Script = 3,
    #[serde(rename = "indexedDB")]
    IndexedDb = 4,
}

/// Row storages by flag value, as the declaration file names them.
const STORAGES: [&str; 5] = ["cookie", "localStorage", "sessionStorage", "script", "indexedDB"];

/// A row's category, the TSV's `category` column; the discriminant is the
/// flag value.
#[derive(serde::Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum CategoryColumn {
    Necessary = 0,
    Functional = 1,
    Analytics = 2,
    Marketing = 3,
}

/// Whether a page can meet the row (`first`), only another site's domain
/// sets it (`third`), or it is left out of the tag for want of evidence
/// that sites set it (`rare`): see catalog/README.md, "What goes where".
#[derive(serde::Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Party {
    First,
    Third,
    Rare,
}

/// The `server_set` column: `yes`, or `no` (empty means no).
#[derive(serde::Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ServerSet {
    Yes,
    #[serde(alias = "")]
    No,
}

/// One line of the TSV as serde reads it, columns by header name.
#[derive(serde::Deserialize)]
struct TsvRow<'a> {
    pattern: &'a str,
    storage: StorageColumn,
    category: CategoryColumn,
    pack: &'a str,
    provider: &'a str,
    retention: &'a str,
    server_set: ServerSet,
    purpose: &'a str,
    party: Party,
    source: &'a str,
}

/// Pack ids; flag value 0 is "global", 1 + index a pack.
const PLATFORMS: [&str; 6] =
    ["liferay-dxp", "liferay-analytics-cloud", "liferay-cloud-console", "creatio", "optimizely-cms", "optimizely-dxp"];
/// The TSV header, exactly.
const COLUMNS: [&str; 10] =
    ["pattern", "storage", "category", "pack", "provider", "retention", "server_set", "purpose", "party", "source"];

/// Reads one line's columns into a [`TsvRow`] with serde, the header's
/// names as keys.
fn read_row<'a>(cols: &[&'a str]) -> Result<TsvRow<'a>, serde::de::value::Error> {
    use serde::de::value::{BorrowedStrDeserializer, MapDeserializer};
    use serde::Deserialize as _;
    let pairs =
        COLUMNS.iter().zip(cols).map(|(k, v)| (BorrowedStrDeserializer::new(k), BorrowedStrDeserializer::new(v)));
    TsvRow::deserialize(MapDeserializer::new(pairs))
}

/// What the generator makes of the TSV.
pub struct Compiled {
    /// Rust source defining `NAMES`/`FLAGS` (the rows the tag carries),
    /// `NATIVE_ONLY_NAMES`/`NATIVE_ONLY_FLAGS` (the rest, native build only),
    /// `DETAILS`, `PROVIDERS`, `RETENTIONS`, `PURPOSES` and `SOURCES`.
    pub rust: String,
    /// The declaration file's JSON text.
    pub declaration: String,
}

/// One valid TSV row.
struct Row<'a> {
    pattern: &'a str,
    storage: usize,
    category: usize,
    pack: usize,
    texts: [&'a str; 3],
    server_set: bool,
    /// Left out of the module: compiled only into the native build.
    native_only: bool,
    source: &'a str,
}

impl Row<'_> {
    /// The row's byte in the module: storage (3 bits) | category (2 bits) << 3
    /// | pack (3 bits) << 5 (`src/catalog.rs` reads it).
    fn flags(&self) -> u8 {
        (self.storage | self.category << 3 | self.pack << 5) as u8
    }
}

fn position(list: &[&str], value: &str, what: &str, line: usize) -> Result<usize, String> {
    list.iter().position(|x| *x == value).ok_or_else(|| format!("catalog.tsv line {line}: unknown {what} {value:?}"))
}

fn parse(text: &str) -> Result<Vec<Row<'_>>, String> {
    let mut rows = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let (_, header) = lines.next().ok_or("catalog.tsv is empty")?;
    if header.split('\t').collect::<Vec<_>>() != COLUMNS {
        return Err(format!("catalog.tsv header must be {}", COLUMNS.join(" ")));
    }
    for (number, line) in lines {
        let line_no = number + 1;
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != COLUMNS.len() {
            return Err(format!("catalog.tsv line {line_no}: expected {} tab-separated columns", COLUMNS.len()));
        }
        let row = read_row(&cols).map_err(|e| format!("catalog.tsv line {line_no}: {e}"))?;
        let TsvRow { pattern, storage, category, pack, provider, retention, server_set, purpose, party, source } = row;
        if pattern.is_empty() {
            return Err(format!("catalog.tsv line {line_no}: empty pattern"));
        }
        if !pattern.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Err(format!("catalog.tsv line {line_no}: {pattern:?} must be printable ASCII"));
        }
        if pattern.contains('*') && pattern.bytes().filter(|&b| b != b'*').count() < 3 {
            return Err(format!("catalog.tsv line {line_no}: {pattern:?} has too short a literal part"));
        }
        if source.trim().is_empty() {
            return Err(format!("catalog.tsv line {line_no}: empty source"));
        }
        if storage == StorageColumn::Cookie
            && pattern.chars().any(|c| c == ';' || c == '=' || c == ',' || c.is_whitespace())
        {
            return Err(format!("catalog.tsv line {line_no}: {pattern:?} is not a cookie name"));
        }
        if storage == StorageColumn::Script
            && (pattern.contains("://")
                || pattern.chars().any(|c| c.is_whitespace() || c.is_ascii_uppercase())
                || !pack.is_empty()
                || party != Party::First)
        {
            return Err(format!(
                "catalog.tsv line {line_no}: a script source is a lower-case host or host/path*, global and first-party (carried in the tag)"
            ));
        }
        let server_set = matches!(server_set, ServerSet::Yes);
        let http_only_cookie = server_set && storage == StorageColumn::Cookie;
        let (storage, category) = (storage as usize, category as usize);
        let pack = if pack.is_empty() { 0 } else { 1 + position(&PLATFORMS, pack, "pack", line_no)? };
        if !seen.insert((pattern, storage, pack)) {
            return Err(format!("catalog.tsv line {line_no}: {pattern} is listed twice"));
        }
        if party != Party::First && pack != 0 {
            return Err(format!("catalog.tsv line {line_no}: pack rows are first-party"));
        }
        // Left out of the tag (the native build and the declaration file
        // keep them): `third` and `rare` rows, and global cookies the server
        // sets `HttpOnly`, which no page script can see or delete. Pack rows
        // stay: a pack's declaration lists all of them. See
        // catalog/README.md, "What goes where".
        let native_only = party != Party::First || (http_only_cookie && pack == 0);
        let texts = [provider, retention, purpose];
        rows.push(Row { pattern, storage, category, pack, texts, server_set, native_only, source });
    }
    // Rows for the module, then native-only rows; each part grouped by its
    // flag byte (pack, category, storage), then sorted by pattern: the flag
    // bytes come in runs that gzip all but drops, and neighbours still share
    // prefixes (front coding). Precedence never depends on row order (the
    // sort is stable, so ties keep file order).
    rows.sort_by(|a, b| (a.native_only, a.flags(), a.pattern).cmp(&(b.native_only, b.flags(), b.pattern)));
    Ok(rows)
}

/// Compiles catalog TSV text into the module's data and the declaration
/// file, or says which line is wrong.
pub fn compile(text: &str) -> Result<Compiled, String> {
    use std::fmt::Write as _;
    let rows = parse(text)?;
    if rows.len() > usize::from(u16::MAX) {
        return Err(format!("catalog.tsv has {} rows; rows are numbered with 16 bits", rows.len()));
    }
    // Texts stored once each; rows refer to them by line number.
    let mut tables: [Vec<&str>; 4] = Default::default();
    let mut details = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut entry = [0u16; 4];
        let values = [row.texts[0], row.texts[1], row.texts[2], row.source];
        for (slot, (table, value)) in entry.iter_mut().zip(tables.iter_mut().zip(values)) {
            let i = table.iter().position(|x| *x == value).unwrap_or_else(|| {
                table.push(value);
                table.len() - 1
            });
            *slot = i as u16;
        }
        details.push((entry, row.server_set));
    }
    let (in_tag, native_only): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| !r.native_only);
    let flags = |part: &[&Row]| -> Vec<u8> { part.iter().map(|r| r.flags()).collect() };
    let names = |part: &[&Row]| front_code(part.iter().map(|r| r.pattern));

    let mut rust = String::from("// Generated by build.rs from catalog/catalog.tsv. Do not edit.\n\n");
    let _ = writeln!(
        rust,
        "/// The patterns of the rows the tag carries, front-coded (see tools/catalog_encode.rs).\nstatic NAMES: &str = {};\n",
        rust_literal(&names(&in_tag))
    );
    let _ = writeln!(
        rust,
        "/// Per row the tag carries: storage (3 bits), category (2 bits), pack (3 bits).\nstatic FLAGS: [u8; {}] = {:?};\n",
        in_tag.len(),
        flags(&in_tag)
    );
    let _ = writeln!(
        rust,
        "/// Rows no page can meet (third-party, rare, global HttpOnly), native build only.\n#[cfg(not(target_arch = \"wasm32\"))]\nstatic NATIVE_ONLY_NAMES: &str = {};\n",
        rust_literal(&names(&native_only))
    );
    let _ = writeln!(
        rust,
        "/// Their flags, native build only.\n#[cfg(not(target_arch = \"wasm32\"))]\nstatic NATIVE_ONLY_FLAGS: [u8; {}] = {:?};\n",
        native_only.len(),
        flags(&native_only)
    );
    let _ = writeln!(
        rust,
        "/// Per row (the tag's rows, then native-only rows), for the declaration only:\n/// line numbers in PROVIDERS, RETENTIONS, PURPOSES and SOURCES, and whether the\n/// server sets it.\nstatic DETAILS: [([u16; 4], bool); {}] = {:?};\n",
        details.len(),
        details
    );
    for (name, table) in ["PROVIDERS", "RETENTIONS", "PURPOSES", "SOURCES"].iter().zip(&tables) {
        let _ = writeln!(
            rust,
            "/// Texts referred to by DETAILS, one per line.\nstatic {name}: &str = {:?};",
            table.join("\n")
        );
    }

    // The declaration file: sources in pack order (catalog first), then
    // storages, then patterns sorted (first- and third-party rows together);
    // serde_json's maps keep insertion order (its `preserve_order` feature).
    use serde_json::{json, Map, Value};
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by(|a, b| a.pattern.cmp(b.pattern));
    let mut file = Map::new();
    for pack in 0..=PLATFORMS.len() {
        let mut storages = Map::new();
        for (storage, storage_name) in STORAGES.iter().enumerate() {
            let entries: Map<String, Value> = sorted
                .iter()
                .filter(|r| r.pack == pack && r.storage == storage)
                .map(|r| (r.pattern.to_string(), json!([r.texts[0], r.texts[1], r.texts[2], r.server_set])))
                .collect();
            if !entries.is_empty() {
                storages.insert(storage_name.to_string(), Value::Object(entries));
            }
        }
        if !storages.is_empty() {
            let source = if pack == 0 { "catalog".to_string() } else { format!("platform:{}", PLATFORMS[pack - 1]) };
            file.insert(source, Value::Object(storages));
        }
    }
    let mut declaration = Value::Object(file).to_string();
    declaration.push('\n');
    Ok(Compiled { rust, declaration })
}
