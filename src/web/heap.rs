//! The module's allocator: power-of-two size classes, one free list each.
//!
//! Why not a general-purpose allocator: every byte of it is downloaded by
//! every visitor. `talc` cost 1.8 KB gzip of the script tag (measured
//! against an allocator that never frees); this one costs a few hundred
//! bytes. Why not a bump allocator that never frees: a page lives for
//! hours and every sweep reads the jars again.
//!
//! How: a request is rounded up to a power of two of at least 8 bytes (its
//! class). A freed block goes to the front of its class's list and the next
//! request of that class takes it; a class with an empty list takes fresh
//! memory from the end of the heap, grown a page run at a time. Every
//! operation is constant time, so a config of 10,000 rules or a jar of
//! 180 cookies allocates as fast as with `talc`. The cost is memory: up to
//! twice what is asked for, and a freed block serves only its own class.
//! The agent's allocations are small strings and lists, and the largest
//! (the jar as read, re-read on every sweep) reuse the block the last
//! sweep freed.
//!
//! Alignment: fresh blocks are aligned to their class, up to 16 bytes, so
//! any block of a class satisfies any request of it with an alignment of at
//! most 16 (an alignment never exceeds its class). Requests for a larger
//! alignment, which nothing in the crate makes, get fresh memory and are
//! never reused.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

/// The largest alignment a reused block is known to have.
const MAX_ALIGN: usize = 16;
/// Bytes in a WebAssembly memory page.
const PAGE: usize = 65536;

/// The allocator (see the module doc).
pub struct Allocator {
    state: UnsafeCell<State>,
}

struct State {
    /// The first free block of each class (0: none); each free block holds
    /// the address of the next one in its first word.
    free: [usize; 32],
    /// Where fresh memory starts, and where it ends.
    next: usize,
    end: usize,
}

// SAFETY: WebAssembly in a page is single-threaded; the module is never
// shared with workers.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator with no memory yet: the first request grows the
    /// memory, so the heap starts after the stack and static data.
    pub const fn new() -> Allocator {
        Allocator { state: UnsafeCell::new(State { free: [0; 32], next: 0, end: 0 }) }
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Allocator::new()
    }
}

/// The class of a request: log2 of its block size, `None` when it needs an
/// alignment above [`MAX_ALIGN`] or more than 2 GiB.
fn class(size: usize, align: usize) -> Option<usize> {
    if align > MAX_ALIGN {
        return None;
    }
    let block = size.max(align).max(8).checked_next_power_of_two()?;
    Some(block.trailing_zeros() as usize)
}

impl State {
    /// `size` fresh bytes aligned to `align`, growing the memory when the
    /// heap's end is reached; null when the browser refuses more memory.
    fn fresh(&mut self, size: usize, align: usize) -> *mut u8 {
        let mut start = (self.next + align - 1) & !(align - 1);
        if start + size > self.end {
            let pages = (size + align).div_ceil(PAGE);
            let first = wasm32::memory_grow(0, pages);
            if first == usize::MAX {
                return ptr::null_mut();
            }
            // Someone else grew the memory since: start at the new pages.
            if self.end != first * PAGE {
                self.next = first * PAGE;
            }
            self.end = (first + pages) * PAGE;
            start = (self.next + align - 1) & !(align - 1);
        }
        self.next = start + size;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let state = unsafe { &mut *self.state.get() };
        let Some(class) = class(layout.size(), layout.align()) else {
            return state.fresh(layout.size(), layout.align());
        };
        let Some(head) = state.free.get_mut(class) else { return ptr::null_mut() };
        if *head != 0 {
            let block = *head as *mut u8;
            // SAFETY: a free block of at least 8 bytes holds the next free block's address.
            *head = unsafe { *(block as *const usize) };
            return block;
        }
        let size = 1 << class;
        state.fresh(size, size.min(MAX_ALIGN))
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        let Some(head) = class(layout.size(), layout.align()).and_then(|c| state.free.get_mut(c)) else { return };
        // SAFETY: the block is the caller's to give back and at least 8 bytes long.
        unsafe { *(block as *mut usize) = *head };
        *head = block as usize;
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class(layout.size(), layout.align());
        if old.is_some() && old == class(new_size, layout.align()) {
            return block;
        }
        // SAFETY: the caller guarantees `new_size` is valid with this alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as in `GlobalAlloc::realloc`'s default: a fresh block, the old bytes copied, the old block freed.
        unsafe {
            let fresh = self.alloc(new_layout);
            if !fresh.is_null() {
                ptr::copy_nonoverlapping(block, fresh, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            fresh
        }
    }
}
