//! Near-duplicates by MinHash-LSH: shingle sets → signatures → banded candidates → exact
//! verification (Jaccard and containment on the shingle sets) → groups by union-find.
//!
//! This is the fast, set-based detector: it serves the live index and is the yardstick the
//! aligner is measured against. It does not see order, so it cannot return passages; the
//! aligner ([`crate::detect`]) does.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::lsh::{Bands, candidate_pairs};
use crate::minhash::{MinHasher, Scheme, ShingleSet, Signature};
use crate::unionfind::UnionFind;

/// Parameters of the MinHash-LSH pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NearConfig {
    /// Words per shingle.
    pub shingle: usize,
    pub scheme: Scheme,
    pub seed: u64,
    /// Signature length is `bands.bands · bands.rows`.
    pub bands: Bands,
    /// A verified pair is a near-duplicate when its exact Jaccard similarity reaches this…
    pub min_jaccard: f64,
    /// …or when this share of the smaller set lies in the larger (`> 1` disables it).
    pub min_containment: f64,
}

impl Default for NearConfig {
    /// The customary near-duplicate setting: 5-word shingles, 128 values in 16 bands of 8
    /// (S-curve steepest near 0.71), Jaccard 0.8, containment off.
    fn default() -> Self {
        Self {
            shingle: 5,
            scheme: Scheme::OnePermutation,
            seed: 0,
            bands: Bands { bands: 16, rows: 8 },
            min_jaccard: 0.8,
            min_containment: 2.0,
        }
    }
}

impl NearConfig {
    pub fn hasher(&self) -> MinHasher {
        MinHasher::new(self.scheme, self.bands.len(), self.seed)
    }
}

/// A candidate pair after exact verification.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Verified {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`, and the reverse.
    pub a_in_b: f64,
    pub b_in_a: f64,
}

/// What the pipeline found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NearDuplicates {
    /// Candidate pairs the banding produced (exact duplicates excluded).
    pub candidates: usize,
    /// Pairs that passed verification, sorted; exact duplicates pair with the first text of
    /// their class.
    pub pairs: Vec<Verified>,
    /// Groups, largest first then by smallest member; singletons included.
    pub groups: Vec<Vec<usize>>,
    pub group_of: Vec<usize>,
}

/// Shingle sets of `texts`, in parallel, in input order.
pub fn shingle_sets<S: AsRef<str> + Sync>(texts: &[S], shingle: usize) -> Vec<ShingleSet> {
    texts
        .par_iter()
        .map(|t| ShingleSet::of_text(t.as_ref(), shingle))
        .collect()
}

/// Runs the pipeline over precomputed shingle sets.
pub fn near_duplicates(sets: &[ShingleSet], cfg: &NearConfig) -> NearDuplicates {
    let n = sets.len();
    // Identical sets: the first of each class stands for all and is the only one hashed.
    let class_key: Vec<u64> = sets.par_iter().map(ShingleSet::content_hash).collect();
    let mut first_of: HashMap<u64, usize> = HashMap::new();
    let mut exact = Vec::new();
    let mut lead = vec![false; n];
    for i in 0..n {
        if sets[i].is_empty() {
            continue;
        }
        match first_of.get(&class_key[i]) {
            Some(&c) if sets[c] == sets[i] => exact.push((c, i)),
            Some(_) => lead[i] = true,
            None => {
                first_of.insert(class_key[i], i);
                lead[i] = true;
            }
        }
    }

    let hasher = cfg.hasher();
    let sigs: Vec<Option<Signature>> = (0..n)
        .into_par_iter()
        .map(|i| lead[i].then(|| hasher.signature(&sets[i])))
        .collect();
    let cand = candidate_pairs(&sigs, cfg.bands);
    let mut pairs: Vec<Verified> = cand
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let inter = sets[a].intersection_len(&sets[b]) as f64;
            let (la, lb) = (sets[a].len() as f64, sets[b].len() as f64);
            let v = Verified {
                a,
                b,
                jaccard: inter / (la + lb - inter),
                a_in_b: inter / la,
                b_in_a: inter / lb,
            };
            (v.jaccard >= cfg.min_jaccard || v.a_in_b.max(v.b_in_a) >= cfg.min_containment)
                .then_some(v)
        })
        .collect();
    pairs.extend(exact.into_iter().map(|(a, b)| Verified {
        a,
        b,
        jaccard: 1.0,
        a_in_b: 1.0,
        b_in_a: 1.0,
    }));
    pairs.sort_by_key(|p| (p.a, p.b));

    let mut uf = UnionFind::new(n);
    for p in &pairs {
        uf.union(p.a, p.b);
    }
    let (groups, group_of) = uf.components();
    NearDuplicates {
        candidates: cand.len(),
        pairs,
        groups,
        group_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_edits_group_heavy_edits_do_not() {
        let base: String = (0..300).map(|i| format!("w{} ", i * 7919 % 1000)).collect();
        let light = base.replacen("w7 ", "v7 ", 1);
        let heavy: String = base.split(' ').take(200).collect::<Vec<_>>().join(" ");
        let other: String = (0..300).map(|i| format!("z{i} ")).collect();
        let texts = [base.clone(), light, heavy, other, base];
        let sets = shingle_sets(&texts, 5);
        let plain = near_duplicates(&sets, &NearConfig::default());
        assert_eq!(plain.groups[0], vec![0, 1, 4]);
        assert_ne!(plain.group_of[2], plain.group_of[0]);
        // Jaccard of the truncated copy is about 0.66; containment admits it.
        let cfg = NearConfig {
            bands: Bands { bands: 32, rows: 4 },
            min_containment: 0.8,
            ..NearConfig::default()
        };
        let with_containment = near_duplicates(&sets, &cfg);
        assert_eq!(with_containment.groups[0], vec![0, 1, 2, 4]);
    }
}
