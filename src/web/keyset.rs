//! A map from storage keys' fingerprints to why the last sweep kept them
//! (a [`Standing`]), so that the watcher's sweep, and a change of choice,
//! need not decide again every key they have seen.
//!
//! Open addressing with linear probing over a power-of-two table at most
//! half full. A slot packs a key's 64-bit fingerprint with its low 16 bits
//! replaced by its standing (a 48-bit fingerprint: two of 50,000 keys
//! collide by accident with odds of about 1 in 220,000); 0 marks an empty
//! slot. Written out instead of a sorted `Vec` because `sort_unstable`
//! brings core's sorting code and its panicking slices into the module
//! (about 0.5 KB gzip), and lookups here are one or two probes instead of
//! 16 comparisons at 50,000 keys. Every access is `get`: nothing here
//! panics.

use crate::prelude::*;

/// Why a key was kept, as long as the configuration stays: whatever the
/// visitor chooses ([`ALWAYS`]: unknown entries kept by the policy or by
/// their name, the agent's own), or while the config's category of this
/// index is granted.
pub type Standing = u16;
pub const ALWAYS: Standing = u16::MAX;

#[derive(Default)]
pub struct KeySet {
    slots: Vec<u64>,
    len: usize,
}

const STANDING_BITS: u64 = 0xffff;

/// The fingerprint part of a slot (never 0: 0 marks an empty slot).
fn print(hash: u64) -> u64 {
    let print = hash & !STANDING_BITS;
    if print == 0 {
        1 << 16
    } else {
        print
    }
}

impl KeySet {
    /// The slot holding the print `print`, or the empty one where it would go.
    fn find(&self, print: u64) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = ((print >> 32) ^ (print >> 16)) as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&v) if v != 0 && v & !STANDING_BITS != print => i = (i + 1) & mask,
                _ => return i,
            }
        }
    }

    /// The standing of the key with fingerprint `hash`, if it is in the set.
    pub fn get(&self, hash: u64) -> Option<Standing> {
        let print = print(hash);
        match self.slots.get(self.find(print)) {
            Some(&v) if v != 0 => Some((v & STANDING_BITS) as Standing),
            _ => None,
        }
    }

    pub fn insert(&mut self, hash: u64, standing: Standing) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = core::mem::take(&mut self.slots);
            self.slots = alloc::vec![0; (old.len() * 2).max(16)];
            self.len = 0;
            for value in old.into_iter().filter(|&v| v != 0) {
                self.put(value);
            }
        }
        self.put(print(hash) | u64::from(standing));
    }

    fn put(&mut self, value: u64) {
        let at = self.find(value & !STANDING_BITS);
        if let Some(slot) = self.slots.get_mut(at) {
            if *slot == 0 {
                self.len += 1;
            }
            *slot = value;
        }
    }
}
