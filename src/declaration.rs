//! The cookie declaration: the table a cookie-policy page shows, built from
//! the same rules and catalog the agent enforces, so the two cannot drift.

use crate::catalog::CatalogEntry;
use crate::engine::{Engine, Source};
use crate::pattern::Storage;
use crate::prelude::*;

/// One row of the declaration, borrowed from the engine's config and the
/// catalog (rows are copied while grouped; owned strings would cost the
/// module code to clone and drop).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    /// Name or `*` pattern.
    pub name: &'a str,
    /// Where the entry lives.
    pub storage: Storage,
    /// Category id.
    pub category: &'a str,
    /// Where provider, retention and purpose come from.
    pub details: Details<'a>,
}

/// Where a row's provider, retention and purpose come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Details<'a> {
    /// A site rule: what the config says (each may be empty).
    Site {
        /// Who sets it.
        provider: &'a str,
        /// How long it lives.
        retention: &'a str,
        /// What it is for.
        purpose: &'a str,
    },
    /// A row of an enabled pack or of the catalog. Natively its texts are
    /// compiled in; the browser build reads them from the declaration file
    /// (see [`crate::catalog`]), so the module stays small.
    Catalog(CatalogEntry),
}

impl Row<'_> {
    /// Which layer declares the row: the site, a platform pack, or the catalog.
    pub fn source(&self) -> Source {
        match &self.details {
            Details::Site { .. } => Source::Site,
            Details::Catalog(e) => e.platform().map_or(Source::Catalog, Source::Platform),
        }
    }

    /// Who sets it.
    pub fn provider(&self) -> &str {
        match &self.details {
            Details::Site { provider, .. } => provider,
            Details::Catalog(e) => e.provider(),
        }
    }

    /// How long it lives.
    pub fn retention(&self) -> &str {
        match &self.details {
            Details::Site { retention, .. } => retention,
            Details::Catalog(e) => e.retention(),
        }
    }

    /// What it is for.
    pub fn purpose(&self) -> &str {
        match &self.details {
            Details::Site { purpose, .. } => purpose,
            Details::Catalog(e) => e.purpose(),
        }
    }

    /// Set by the server with `HttpOnly`: the agent cannot remove it, the
    /// server must honour the choice.
    pub fn server_set(&self) -> bool {
        matches!(&self.details, Details::Catalog(e) if e.server_set())
    }
}

fn from_entry<'a>(e: CatalogEntry) -> Row<'a> {
    Row { name: e.pattern, storage: e.storage, category: e.category_id(), details: Details::Catalog(e) }
}

/// The declaration for a site: every site rule, every row of the enabled
/// platform packs, and the catalog rows that classify an entry in `present`
/// (the entries seen on the page; pass none for a declaration of rules and
/// packs only). Rows are grouped by category in config order, then by
/// provider and name; a catalog row is not repeated when a site rule or pack
/// already declares the same name.
pub fn rows<'a, 'b>(engine: &'a Engine, present: impl IntoIterator<Item = (Storage, &'b str)>) -> Vec<Row<'a>> {
    let config = &engine.config;
    // Plain loops, not iterator adapters: each adapter would be compiled
    // into the module on its own.
    let mut rows: Vec<Row<'a>> = Vec::new();
    for r in &config.rules {
        rows.push(Row {
            name: &r.pattern,
            storage: r.storage,
            category: &r.category,
            details: Details::Site {
                provider: r.provider.as_deref().unwrap_or_default(),
                retention: r.retention.as_deref().unwrap_or_default(),
                purpose: r.purpose.as_deref().unwrap_or_default(),
            },
        });
    }
    for e in engine.pack_rows() {
        rows.push(from_entry(*e));
    }
    for (storage, name) in present {
        if let Some(c) = engine.classify(storage, name) {
            if let (Source::Catalog, Some(e)) = (c.source, c.entry) {
                rows.push(from_entry(e));
            }
        }
    }
    // Drop repeats, then group by category in config order (categories the
    // config does not define come last). No sort: it would cost kilobytes of
    // code in the module for lists of a few dozen rows.
    let mut unique: Vec<Row<'a>> = Vec::with_capacity(rows.len());
    for row in rows {
        if !unique.iter().any(|u| u.storage == row.storage && u.name == row.name) {
            unique.push(row);
        }
    }
    let mut grouped = Vec::with_capacity(unique.len());
    for category in &config.categories {
        for row in &unique {
            if row.category == category.id {
                grouped.push(*row);
            }
        }
    }
    for row in &unique {
        if config.category(row.category).is_none() {
            grouped.push(*row);
        }
    }
    grouped
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn html_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The title of a category for headings: its configured title, else its id.
fn title<'a>(engine: &'a Engine, category: &'a str) -> &'a str {
    engine.config.category(category).and_then(|c| c.title.as_deref()).unwrap_or(category)
}

/// Renders rows as Markdown, one table per category.
pub fn markdown(engine: &Engine, rows: &[Row]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for row in rows {
        if current != Some(row.category) {
            current = Some(row.category);
            out.push_str(&format!("\n## {}\n\n", markdown_cell(title(engine, row.category))));
            out.push_str("| Name | Storage | Provider | Retention | Purpose |\n|---|---|---|---|---|\n");
        }
        let purpose = if row.server_set() {
            format!("{} (set by the server: the server must honour the choice)", row.purpose())
        } else {
            row.purpose().to_string()
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            row.name.replace('`', "'"),
            row.storage,
            markdown_cell(row.provider()),
            markdown_cell(row.retention()),
            markdown_cell(&purpose)
        ));
    }
    out.trim_start().to_string()
}

/// Renders rows as HTML, one captioned table per category, all text escaped.
pub fn html(engine: &Engine, rows: &[Row]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for row in rows {
        if current != Some(row.category) {
            if current.is_some() {
                out.push_str("</tbody></table>\n");
            }
            current = Some(row.category);
            out.push_str(&format!(
                "<table><caption>{}</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Storage</th><th scope=\"col\">Provider</th><th scope=\"col\">Retention</th><th scope=\"col\">Purpose</th></tr></thead><tbody>\n",
                html_text(title(engine, row.category))
            ));
        }
        let server = if row.server_set() { " (set by the server: the server must honour the choice)" } else { "" };
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
            html_text(row.name),
            row.storage,
            html_text(row.provider()),
            html_text(row.retention()),
            html_text(row.purpose()),
            server
        ));
    }
    if current.is_some() {
        out.push_str("</tbody></table>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::engine_for as engine;

    #[test]
    fn site_rules_packs_and_present_catalog_entries() {
        let e = engine(
            r#"{"platforms":["creatio"],"rules":[{"category":"functional","cookies":["theme"],"provider":"Shop","purpose":"Remembers <b>dark</b> mode","retention":"1 year"}]}"#,
        );
        let rows = rows(&e, [(Storage::Cookie, "_ga"), (Storage::Cookie, "mystery")]);
        assert!(rows.iter().any(|r| r.name == "theme" && r.provider() == "Shop"));
        assert!(rows.iter().any(|r| r.name == "BPMSESSIONID"));
        assert!(rows.iter().any(|r| r.name == "_ga"));
        assert!(!rows.iter().any(|r| r.name == "mystery"));
        // grouped by category in config order
        let order: Vec<&str> = rows.iter().map(|r| r.category).collect();
        let mut sorted = order.clone();
        sorted.sort_by_key(|c| e.config.categories.iter().position(|k| k.id == *c));
        assert_eq!(order, sorted);
        let html = html(&e, &rows);
        assert!(html.contains("Remembers &lt;b&gt;dark&lt;/b&gt; mode"));
        assert!(!html.contains("<b>"));
        let md = markdown(&e, &rows);
        assert!(md.starts_with("## necessary"));
        assert!(md.contains("| `theme` | cookie | Shop | 1 year | Remembers <b>dark</b> mode |"));
    }
}
