//! Progress on standard error: a bar (pages done, the current URL, time
//! left) on a terminal; plain lines, without control characters, otherwise
//! (CI logs, pipes).

use super::findings::Pass;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};

/// A line on standard error; a closed pipe (`scan … 2>&1 | head`) is not an
/// error worth stopping the scan for.
fn line(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Reports the crawl's progress.
pub struct Progress {
    bar: Option<ProgressBar>,
    pass: Pass,
    done: usize,
}

impl Progress {
    /// A bar when standard error is a terminal, plain lines otherwise.
    pub fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(1);
            let style = ProgressStyle::with_template("{prefix} [{bar:24}] {pos}/{len} pages, {eta} left  {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Progress { bar, pass: Pass::BeforeConsent, done: 0 }
    }

    /// A pass begins over about `pages` pages.
    pub fn pass(&mut self, pass: Pass, pages: usize) {
        self.pass = pass;
        self.done = 0;
        let number = Pass::ALL.iter().position(|p| *p == pass).unwrap_or_default() + 1;
        match &self.bar {
            Some(bar) => {
                bar.reset();
                bar.set_length(pages as u64);
                bar.set_prefix(format!("pass {number}/3 {}", pass.name()));
            }
            None => line(&format!("scan: pass {number}/3 ({}), {pages} page(s)", pass.name())),
        }
    }

    /// A page of the pass starts; `total` is the pages known so far.
    pub fn page(&mut self, url: &str, total: usize) {
        match &self.bar {
            Some(bar) => {
                bar.set_length(total as u64);
                bar.set_position(self.done as u64);
                bar.set_message(url.to_string());
            }
            None => line(&format!("scan: {} {}/{total}: {url}", self.pass.name(), self.done + 1)),
        }
        if !url.starts_with("choosing on ") {
            self.done += 1;
        }
    }

    /// The scan is over.
    pub fn finish(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
