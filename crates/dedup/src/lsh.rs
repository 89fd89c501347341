//! Banded locality-sensitive hashing over MinHash signatures: an incremental index (insert,
//! remove, query) for live use, and a sort-based batch join that yields the same pairs.
//!
//! A signature of `bands · rows` values is cut into `bands` slices; two texts become
//! candidates when any slice is identical, which happens with probability
//! `1 - (1 - J^rows)^bands` for Jaccard similarity `J`.

use std::collections::HashMap;
use std::hash::Hash;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::minhash::Signature;

/// The banding of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub bands: usize,
    pub rows: usize,
}

impl Bands {
    /// Signature length this banding needs.
    pub fn len(&self) -> usize {
        self.bands * self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Probability that a pair of Jaccard similarity `j` becomes a candidate.
    pub fn probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The similarity where the S-curve is steepest, about `(1/bands)^(1/rows)`.
    pub fn threshold(&self) -> f64 {
        (1.0 / self.bands as f64).powf(1.0 / self.rows as f64)
    }

    /// Persisted key of each band of `sig`: xxh3 of the band's values, seeded by the band
    /// number so equal slices in different bands never meet.
    ///
    /// # Panics
    /// When the signature is shorter than `bands · rows`.
    pub fn keys<'a>(&self, sig: &'a Signature) -> impl Iterator<Item = u64> + 'a {
        assert!(
            sig.0.len() >= self.len(),
            "signature shorter than the banding"
        );
        let rows = self.rows;
        (0..self.bands).map(move |b| {
            let slice = &sig.0[b * rows..(b + 1) * rows];
            let mut bytes = [0u8; 4 * 64];
            if rows <= 64 {
                for (i, v) in slice.iter().enumerate() {
                    bytes[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes[..4 * rows], b as u64)
            } else {
                let bytes: Vec<u8> = slice.iter().flat_map(|v| v.to_le_bytes()).collect();
                xxh3_64_with_seed(&bytes, b as u64)
            }
        })
    }
}

/// Members of one bucket. Most buckets hold one id, which this keeps off the heap.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bucket<Id> {
    One(Id),
    Many(Vec<Id>),
}

/// An incremental banded LSH index over ids of type `Id`.
///
/// Invariant: `keys[id]` lists the band keys under which `id` is stored, and every bucket
/// holds each id at most once, in insertion order. Inserting an id and removing it again
/// restores the index exactly (compare with `==`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LshIndex<Id: Eq + Hash> {
    bands: Bands,
    tables: Vec<HashMap<u64, Bucket<Id>>>,
    keys: HashMap<Id, Box<[u64]>>,
}

impl<Id: Copy + Eq + Hash + Ord> LshIndex<Id> {
    pub fn new(bands: Bands) -> Self {
        Self {
            bands,
            tables: (0..bands.bands).map(|_| HashMap::new()).collect(),
            keys: HashMap::new(),
        }
    }

    pub fn bands(&self) -> Bands {
        self.bands
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains(&self, id: &Id) -> bool {
        self.keys.contains_key(id)
    }

    /// Adds `id` with signature `sig`, replacing any signature stored under `id` before.
    pub fn insert(&mut self, id: Id, sig: &Signature) {
        self.remove(&id);
        let keys: Box<[u64]> = self.bands.keys(sig).collect();
        for (table, &key) in self.tables.iter_mut().zip(keys.iter()) {
            match table.get_mut(&key) {
                None => {
                    table.insert(key, Bucket::One(id));
                }
                Some(Bucket::One(other)) => {
                    let other = *other;
                    table.insert(key, Bucket::Many(vec![other, id]));
                }
                Some(Bucket::Many(v)) => v.push(id),
            }
        }
        self.keys.insert(id, keys);
    }

    /// Removes `id`; returns whether it was there.
    pub fn remove(&mut self, id: &Id) -> bool {
        let Some(keys) = self.keys.remove(id) else {
            return false;
        };
        for (table, key) in self.tables.iter_mut().zip(keys.iter()) {
            match table.get_mut(key) {
                Some(Bucket::One(_)) => {
                    table.remove(key);
                }
                Some(Bucket::Many(v)) => {
                    v.retain(|x| x != id);
                    if v.len() == 1 {
                        let last = v[0];
                        table.insert(*key, Bucket::One(last));
                    }
                }
                None => unreachable!("index keys out of step with its tables"),
            }
        }
        true
    }

    /// Ids sharing at least one band with `sig`, sorted, each once.
    pub fn query(&self, sig: &Signature) -> Vec<Id> {
        let mut out = Vec::new();
        for (table, key) in self.tables.iter().zip(self.bands.keys(sig)) {
            match table.get(&key) {
                Some(Bucket::One(id)) => out.push(*id),
                Some(Bucket::Many(v)) => out.extend_from_slice(v),
                None => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// All pairs `(a, b)`, `a < b`, of indices into `sigs` that share a band, sorted, each once.
/// `None` entries (empty texts, duplicates already represented) take no part. Equal to
/// querying an [`LshIndex`] holding every signature, without building one.
pub fn candidate_pairs(sigs: &[Option<Signature>], bands: Bands) -> Vec<(u32, u32)> {
    let mut entries: Vec<(u64, u32)> = sigs
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| s.as_ref().map(|s| (i, s)))
        .flat_map_iter(|(i, s)| {
            bands
                .keys(s)
                // Keys are seeded by band number, so one sorted list keeps bands apart.
                .map(move |k| (k, i as u32))
                .collect::<Vec<_>>()
        })
        .collect();
    entries.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let mut end = start + 1;
        while end < entries.len() && entries[end].0 == entries[start].0 {
            end += 1;
        }
        let run = &entries[start..end];
        for (i, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[i + 1..] {
                pairs.push((a, b));
            }
        }
        start = end;
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::{MinHasher, Scheme, ShingleSet, mix64};

    fn sig(h: &MinHasher, range: std::ops::Range<u64>) -> Signature {
        h.signature(&ShingleSet::from_hashes(range.map(|x| mix64(x) as u32)))
    }

    #[test]
    fn s_curve() {
        let b = Bands { bands: 16, rows: 8 };
        assert!((b.threshold() - 0.707).abs() < 0.01);
        assert!(b.probability(0.9) > 0.99 && b.probability(0.3) < 0.01);
    }

    #[test]
    fn index_finds_near_duplicates_and_forgets_removed_ids() {
        let h = MinHasher::new(Scheme::OnePermutation, 128, 0);
        let bands = Bands { bands: 32, rows: 4 };
        let mut idx = LshIndex::new(bands);
        idx.insert(1u64, &sig(&h, 0..500));
        idx.insert(2, &sig(&h, 5000..5500));
        let near = sig(&h, 10..500);
        assert_eq!(idx.query(&near), vec![1]);
        idx.insert(3, &near);
        assert_eq!(idx.query(&near), vec![1, 3]);
        assert!(idx.remove(&1));
        assert!(!idx.remove(&1));
        assert_eq!(idx.query(&near), vec![3]);
        assert_eq!(idx.len(), 2);
    }

    #[test]
    fn batch_join_equals_index_queries() {
        let h = MinHasher::new(Scheme::OnePermutation, 64, 0);
        let bands = Bands { bands: 16, rows: 4 };
        let sigs: Vec<Option<Signature>> = (0..30u64)
            .map(|i| Some(sig(&h, (i % 6) * 40..(i % 6) * 40 + 100 + i)))
            .collect();
        let mut idx = LshIndex::new(bands);
        for (i, s) in sigs.iter().enumerate() {
            idx.insert(i as u32, s.as_ref().unwrap());
        }
        let mut from_index = Vec::new();
        for (i, s) in sigs.iter().enumerate() {
            for j in idx.query(s.as_ref().unwrap()) {
                if j > i as u32 {
                    from_index.push((i as u32, j));
                }
            }
        }
        assert_eq!(candidate_pairs(&sigs, bands), from_index);
    }
}
