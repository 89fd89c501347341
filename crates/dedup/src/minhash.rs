//! MinHash and SimHash fingerprints over shingle sets: the textbook k-permutation scheme,
//! one-permutation hashing with optimal densification (Shrivastava, ICML 2017), which has the
//! same collision probability at 1/k of the hashing cost, and 64-bit SimHash.
//!
//! Every hash here is a fixed function of its input and an explicit seed (xxh3 for words and
//! shingles, multiply-shift and a 64-bit finalizer below), so signatures can be persisted and
//! compared across processes, machines and versions.

use serde::{Deserialize, Serialize};

use crate::doc::{Doc, shingle_set32, word_hashes};

/// The distinct shingles of one text, as sorted 32-bit hashes. Two distinct shingles of one
/// text collide with probability about `n² / 2³³` (4·10⁻⁵ for a 400-word text), which moves a
/// Jaccard value by at most one part in the set size.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShingleSet(Vec<u32>);

impl ShingleSet {
    /// The `n`-word shingles of `doc`.
    pub fn new(doc: &Doc, n: usize) -> Self {
        Self(shingle_set32(&doc.words, n))
    }

    /// The `n`-word shingles of `text`, without building a [`Doc`].
    pub fn of_text(text: &str, n: usize) -> Self {
        Self(shingle_set32(&word_hashes(text), n))
    }

    /// An order-sensitive hash of the whole set: equal sets hash equal.
    pub fn content_hash(&self) -> u64 {
        self.0
            .iter()
            .fold(0x5eed_5e75, |acc, &x| mix64(acc ^ x as u64))
    }

    pub fn from_hashes(hashes: impl IntoIterator<Item = u32>) -> Self {
        let mut v: Vec<u32> = hashes.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Self(v)
    }

    pub fn as_slice(&self) -> &[u32] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Size of the intersection, by merging the two sorted lists.
    pub fn intersection_len(&self, other: &Self) -> usize {
        let (mut a, mut b) = (self.0.as_slice(), other.0.as_slice());
        let mut n = 0;
        while let (Some(&x), Some(&y)) = (a.first(), b.first()) {
            if x < y {
                a = &a[1..];
            } else if y < x {
                b = &b[1..];
            } else {
                n += 1;
                a = &a[1..];
                b = &b[1..];
            }
        }
        n
    }

    /// Exact Jaccard similarity; 0 when both are empty.
    pub fn jaccard(&self, other: &Self) -> f64 {
        let inter = self.intersection_len(other);
        let union = self.len() + other.len() - inter;
        if union == 0 {
            0.0
        } else {
            inter as f64 / union as f64
        }
    }

    /// Share of `self` found in `other` (asymmetric); 0 when `self` is empty.
    pub fn containment_in(&self, other: &Self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.intersection_len(other) as f64 / self.len() as f64
        }
    }
}

/// How the `k` values of a signature are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheme {
    /// `k` independent hash functions, each element hashed `k` times.
    Permutations,
    /// One hash per element split into `k` bins; empty bins borrow from a bin chosen by a
    /// fixed hash of (bin, attempt), which keeps collision probability equal to Jaccard.
    OnePermutation,
}

/// A MinHash signature: `k` 32-bit minima.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// Share of positions that agree: an unbiased estimate of the Jaccard similarity.
    pub fn jaccard(&self, other: &Self) -> f64 {
        assert_eq!(
            self.0.len(),
            other.0.len(),
            "signatures of different length"
        );
        if self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }
}

/// Bijective 64-bit finalizer (the one of splitmix64): every output bit depends on every input
/// bit.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Computes signatures of one scheme, length and seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinHasher {
    scheme: Scheme,
    seed: u64,
    /// Multiply-add-shift parameters of the `k` hash functions (`Permutations` only).
    mul: Vec<u64>,
    add: Vec<u64>,
    k: usize,
}

impl MinHasher {
    /// # Panics
    /// When `k` is 0 or above 2³².
    pub fn new(scheme: Scheme, k: usize, seed: u64) -> Self {
        assert!(k > 0 && k <= u32::MAX as usize, "k must be in 1..=2^32");
        let (mut mul, mut add) = (Vec::new(), Vec::new());
        if scheme == Scheme::Permutations {
            for i in 0..k as u64 {
                mul.push(mix64(seed ^ mix64(2 * i + 1)) | 1);
                add.push(mix64(seed ^ mix64(2 * i + 2)));
            }
        }
        Self {
            scheme,
            seed,
            mul,
            add,
            k,
        }
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn signature(&self, set: &ShingleSet) -> Signature {
        match self.scheme {
            Scheme::Permutations => self.permutations(set.as_slice()),
            Scheme::OnePermutation => self.one_permutation(set.as_slice()),
        }
    }

    /// `h_i(x) = (a_i·x + b_i) >> 32` over 64-bit words (Dietzfelbinger's multiply-add-shift,
    /// 2-independent for 32-bit keys). The inner loop runs over the `k` functions with no
    /// branch, so it compiles to SIMD multiplies and minima.
    fn permutations(&self, set: &[u32]) -> Signature {
        let mut mins = vec![u32::MAX; self.k];
        for &x in set {
            let x = x as u64;
            for ((m, &a), &b) in mins.iter_mut().zip(&self.mul).zip(&self.add) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
        Signature(mins)
    }

    fn one_permutation(&self, set: &[u32]) -> Signature {
        let k = self.k as u64;
        let mut mins = vec![u32::MAX; self.k];
        let mut filled = vec![false; self.k];
        for &x in set {
            let h = mix64(self.seed ^ x as u64);
            // Bin from the high half (fast range reduction), value from the low half.
            let bin = (((h >> 32) * k) >> 32) as usize;
            mins[bin] = mins[bin].min(h as u32);
            filled[bin] = true;
        }
        if set.is_empty() || filled.iter().all(|&f| f) {
            return Signature(mins);
        }
        // Optimal densification: an empty bin takes the value of the first non-empty bin in a
        // sequence of bins drawn by a hash of (bin, attempt) that is the same for every text.
        let sig: Vec<u32> = (0..self.k)
            .map(|i| {
                if filled[i] {
                    return mins[i];
                }
                let mut attempt = 0u64;
                loop {
                    attempt += 1;
                    let r = mix64(self.seed ^ mix64(((i as u64) << 32) | attempt));
                    let j = (((r >> 32) * k) >> 32) as usize;
                    if filled[j] {
                        return mins[j];
                    }
                }
            })
            .collect();
        Signature(sig)
    }
}

/// 64-bit SimHash (Charikar, 2002) of a shingle set: bit `i` is set when more elements have
/// bit `i` set in their hash than not. Near-duplicates differ in few bits.
pub fn simhash(set: &ShingleSet, seed: u64) -> u64 {
    let mut votes = [0i32; 64];
    for &x in set.as_slice() {
        let h = mix64(seed ^ x as u64);
        for (bit, v) in votes.iter_mut().enumerate() {
            *v += (((h >> bit) & 1) as i32) * 2 - 1;
        }
    }
    votes
        .iter()
        .enumerate()
        .fold(0u64, |acc, (bit, &v)| acc | (((v > 0) as u64) << bit))
}

/// Number of differing bits between two SimHashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u32>) -> ShingleSet {
        ShingleSet::from_hashes(range.map(|x| mix64(x as u64) as u32))
    }

    #[test]
    fn exact_jaccard_and_containment() {
        let a = set(0..100);
        let b = set(50..150);
        assert!((a.jaccard(&b) - 50.0 / 150.0).abs() < 1e-9);
        let small = set(0..10);
        assert_eq!(small.containment_in(&a), 1.0);
        assert!((a.containment_in(&small) - 0.1).abs() < 1e-9);
        assert_eq!(ShingleSet::default().jaccard(&ShingleSet::default()), 0.0);
    }

    #[test]
    fn both_schemes_estimate_jaccard() {
        let a = set(0..1000);
        let b = set(250..1250);
        let truth = a.jaccard(&b);
        for scheme in [Scheme::Permutations, Scheme::OnePermutation] {
            let h = MinHasher::new(scheme, 512, 7);
            let est = h.signature(&a).jaccard(&h.signature(&b));
            assert!((est - truth).abs() < 0.1, "{scheme:?}: {est} vs {truth}");
            assert_eq!(h.signature(&a).jaccard(&h.signature(&a)), 1.0);
        }
    }

    #[test]
    fn densification_fills_every_bin_of_small_sets() {
        let h = MinHasher::new(Scheme::OnePermutation, 128, 1);
        let sig = h.signature(&set(0..5));
        assert!(sig.0.iter().all(|&v| v != u32::MAX));
        // The same small set always gives the same signature.
        assert_eq!(sig, h.signature(&set(0..5)));
    }

    #[test]
    fn simhash_separates_near_from_far() {
        let a = simhash(&set(0..400), 3);
        let near = simhash(&set(10..410), 3);
        let far = simhash(&set(5000..5400), 3);
        assert!(
            hamming(a, near) < hamming(a, far),
            "{} {}",
            hamming(a, near),
            hamming(a, far)
        );
    }
}
