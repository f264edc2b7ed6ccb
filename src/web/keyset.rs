//! A set of storage keys' 64-bit fingerprints: what the last sweep kept,
//! so that the watcher's sweep decides only keys it has not seen kept.
//!
//! Open addressing with linear probing over a power-of-two table at most
//! half full; 0 marks an empty slot (a fingerprint of 0 is stored as 1).
//! Written out instead of a sorted `Vec` because `sort_unstable` brings
//! core's sorting code and its panicking slices into the module (about
//! 0.5 KB gzip), and lookups here are one or two probes instead of 16
//! comparisons at 50,000 keys. Every access is `get`: nothing here panics.

use crate::prelude::*;

#[derive(Default)]
pub struct KeySet {
    slots: Vec<u64>,
    len: usize,
}

fn stored(hash: u64) -> u64 {
    if hash == 0 {
        1
    } else {
        hash
    }
}

impl KeySet {
    /// The slot holding `value`, or the empty one where it would go.
    fn find(&self, value: u64) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = ((value >> 32) ^ value) as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&v) if v != 0 && v != value => i = (i + 1) & mask,
                _ => return i,
            }
        }
    }

    pub fn contains(&self, hash: u64) -> bool {
        let value = stored(hash);
        !self.slots.is_empty() && self.slots.get(self.find(value)) == Some(&value)
    }

    pub fn insert(&mut self, hash: u64) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = core::mem::take(&mut self.slots);
            self.slots = alloc::vec![0; (old.len() * 2).max(16)];
            self.len = 0;
            for value in old.into_iter().filter(|&v| v != 0) {
                self.put(value);
            }
        }
        self.put(stored(hash));
    }

    fn put(&mut self, value: u64) {
        let at = self.find(value);
        if let Some(slot) = self.slots.get_mut(at) {
            if *slot == 0 {
                *slot = value;
                self.len += 1;
            }
        }
    }
}
