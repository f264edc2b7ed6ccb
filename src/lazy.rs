//! A value built on first use and kept for the life of the module: the
//! catalog's decoded patterns, the page's engine and sweeper.
//!
//! Natively it is `std::sync::OnceLock` (the CLI and `cargo test` run
//! threads). In WebAssembly it is `core::cell::OnceCell`, which needs
//! neither std nor atomics: the script tag is built `no_std`, and a page's
//! module runs on one thread.

/// A value built by the first [`Lazy::get_or_init`] and kept.
pub struct Lazy<T> {
    #[cfg(target_arch = "wasm32")]
    cell: core::cell::OnceCell<T>,
    #[cfg(not(target_arch = "wasm32"))]
    cell: std::sync::OnceLock<T>,
}

// SAFETY: WebAssembly in a page is single-threaded; the module is never
// shared with workers, so no two threads can reach the cell.
#[cfg(target_arch = "wasm32")]
unsafe impl<T> Sync for Lazy<T> {}

impl<T> Lazy<T> {
    /// An empty cell, for a `static`.
    pub const fn new() -> Self {
        Lazy {
            #[cfg(target_arch = "wasm32")]
            cell: core::cell::OnceCell::new(),
            #[cfg(not(target_arch = "wasm32"))]
            cell: std::sync::OnceLock::new(),
        }
    }

    /// The value, built with `init` the first time.
    pub fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
        self.cell.get_or_init(init)
    }
}

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Self::new()
    }
}
