//! [`Slot`]: the module's one piece of shared state (the engine, the
//! sweeper), borrowed like a `RefCell`, whose borrows can be released after
//! a page's JavaScript threw through the module.
//!
//! Why not `RefCell`: the module calls page JavaScript while it holds a
//! borrow (a sweep reads storage through methods a page may have wrapped).
//! When such a call throws, or the JavaScript stack runs out inside the
//! module, the exception unwinds through WebAssembly frames without running
//! any Rust destructor, so a `RefCell`'s borrow flag stays set forever and
//! every later borrow fails: the agent would be disabled for the rest of
//! the page's life. A `Slot` behaves the same while Rust code runs, and
//! [`Slot::release`] clears its flag. `agent.js` calls that (through
//! [`super::recover`]) only when no call into the module is on the stack,
//! where no Rust frame can hold a borrow, so clearing it is sound.

use core::cell::{Cell, UnsafeCell};

/// Shared state with a borrow flag: `> 0` shared borrows, `-1` exclusive.
pub struct Slot<T> {
    borrows: Cell<isize>,
    value: UnsafeCell<T>,
}

/// Ends a borrow when the closure that held it returns.
struct Release<'a>(&'a Cell<isize>, isize);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

impl<T> Slot<T> {
    /// A slot holding `value`.
    pub const fn new(value: T) -> Slot<T> {
        Slot { borrows: Cell::new(0), value: UnsafeCell::new(value) }
    }

    /// Runs `f` with a shared borrow; `None` while an exclusive one is held.
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        let n = self.borrows.get();
        if n < 0 {
            return None;
        }
        self.borrows.set(n + 1);
        let _release = Release(&self.borrows, n);
        // SAFETY: the flag says no exclusive borrow is live.
        Some(f(unsafe { &*self.value.get() }))
    }

    /// Runs `f` with an exclusive borrow; `None` while any borrow is held
    /// (a page script called back during a sweep asks for a change: it is
    /// refused, never a panic).
    pub fn write<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        if self.borrows.get() != 0 {
            return None;
        }
        self.borrows.set(-1);
        let _release = Release(&self.borrows, 0);
        // SAFETY: the flag says no other borrow is live.
        Some(f(unsafe { &mut *self.value.get() }))
    }

    /// Clears the borrow flag.
    ///
    /// # Safety
    /// Only when no Rust frame of the module is on the stack (the caller is
    /// the top of a call from JavaScript that holds no borrow), so no
    /// reference handed out by [`read`](Self::read) or
    /// [`write`](Self::write) can still be live.
    pub unsafe fn release(&self) {
        self.borrows.set(0);
    }
}

// SAFETY: WebAssembly in a page is single-threaded; the module is never
// shared with workers.
unsafe impl<T> Sync for Slot<T> {}
