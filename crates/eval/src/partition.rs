//! Agreement between a predicted partition and a gold one: pairwise precision/recall/F1,
//! adjusted Rand index, BCubed precision/recall/F1 and V-measure.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use serde::Serialize;

use crate::Prf;

/// Every score of one comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PartitionScores {
    pub items: usize,
    pub predicted_clusters: usize,
    pub gold_clusters: usize,
    pub pairwise: Prf,
    pub bcubed: Prf,
    pub ari: f64,
    /// Homogeneity, completeness and their harmonic mean.
    pub v_measure: Prf,
}

fn pairs(n: f64) -> f64 {
    n * (n - 1.0) / 2.0
}

/// Compares `predicted[i]` with `gold[i]` for every item `i`. Labels are arbitrary; only
/// equality matters. Conventions for degenerate cases: a score with an empty denominator is 1
/// (nothing was claimed, so nothing was wrong).
///
/// # Panics
/// When the two label lists differ in length.
pub fn compare<P: Eq + Hash, G: Eq + Hash>(predicted: &[P], gold: &[G]) -> PartitionScores {
    assert_eq!(
        predicted.len(),
        gold.len(),
        "one label per item on both sides"
    );
    let n = predicted.len();
    // Dense label ids.
    let mut pm: HashMap<&P, usize> = HashMap::new();
    let mut gm: HashMap<&G, usize> = HashMap::new();
    let p: Vec<usize> = predicted
        .iter()
        .map(|l| {
            let len = pm.len();
            *pm.entry(l).or_insert(len)
        })
        .collect();
    let g: Vec<usize> = gold
        .iter()
        .map(|l| {
            let len = gm.len();
            *gm.entry(l).or_insert(len)
        })
        .collect();
    let (kp, kg) = (pm.len(), gm.len());
    let mut p_size = vec![0f64; kp];
    let mut g_size = vec![0f64; kg];
    // Ordered, so sums are taken in the same order in every process.
    let mut cell: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for i in 0..n {
        p_size[p[i]] += 1.0;
        g_size[g[i]] += 1.0;
        *cell.entry((p[i], g[i])).or_default() += 1.0;
    }
    let nf = n as f64;
    let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 1.0 };

    // Pairwise.
    let tp: f64 = cell.values().map(|&c| pairs(c)).sum();
    let pred_pairs: f64 = p_size.iter().map(|&c| pairs(c)).sum();
    let gold_pairs: f64 = g_size.iter().map(|&c| pairs(c)).sum();
    let pairwise = Prf::new(ratio(tp, pred_pairs), ratio(tp, gold_pairs));

    // Adjusted Rand index (Hubert & Arabie).
    let all = pairs(nf);
    let expected = if all > 0.0 {
        pred_pairs * gold_pairs / all
    } else {
        0.0
    };
    let max = (pred_pairs + gold_pairs) / 2.0;
    let ari = if (max - expected).abs() < 1e-12 {
        1.0
    } else {
        (tp - expected) / (max - expected)
    };

    // BCubed: per item, the share of its predicted cluster in its gold cluster and back.
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(pi, gi), &c) in &cell {
        bp += c * c / p_size[pi];
        br += c * c / g_size[gi];
    }
    let bcubed = Prf::new(ratio(bp, nf), ratio(br, nf));

    // V-measure (Rosenberg & Hirschberg, 2007).
    let entropy = |sizes: &[f64]| -> f64 {
        sizes
            .iter()
            .filter(|&&s| s > 0.0)
            .map(|&s| -(s / nf) * (s / nf).ln())
            .sum()
    };
    let (h_g, h_p) = (entropy(&g_size), entropy(&p_size));
    let mut h_g_given_p = 0.0;
    let mut h_p_given_g = 0.0;
    for (&(pi, gi), &c) in &cell {
        h_g_given_p -= (c / nf) * (c / p_size[pi]).ln();
        h_p_given_g -= (c / nf) * (c / g_size[gi]).ln();
    }
    let homogeneity = if h_g > 0.0 {
        1.0 - h_g_given_p / h_g
    } else {
        1.0
    };
    let completeness = if h_p > 0.0 {
        1.0 - h_p_given_g / h_p
    } else {
        1.0
    };
    PartitionScores {
        items: n,
        predicted_clusters: kp,
        gold_clusters: kg,
        pairwise,
        bcubed,
        ari,
        v_measure: Prf::new(homogeneity, completeness),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn identical_partitions_score_one_under_any_labels() {
        let s = compare(&[1, 1, 2, 3, 3], &["a", "a", "b", "c", "c"]);
        assert!(close(s.pairwise.f1, 1.0) && close(s.bcubed.f1, 1.0));
        assert!(close(s.ari, 1.0) && close(s.v_measure.f1, 1.0));
    }

    #[test]
    fn known_values() {
        // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        let s = compare(&[0, 0, 1, 1, 1], &[0, 0, 0, 1, 1]);
        // Predicted pairs: 01, 23, 24, 34 (4); gold pairs: 01, 02, 12, 34 (4); shared: 01, 34.
        assert!(close(s.pairwise.precision, 0.5) && close(s.pairwise.recall, 0.5));
        // BCubed precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5; recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5.
        assert!(close(s.bcubed.precision, (3.0 + 2.0 / 3.0) / 5.0));
        assert!(close(s.bcubed.recall, (3.0 + 2.0 / 3.0) / 5.0));
        // ARI: expected = 4 * 4 / 10 = 1.6, max = 4: (2 - 1.6) / (4 - 1.6).
        assert!(close(s.ari, 0.4 / 2.4));
    }

    #[test]
    fn all_singletons_against_one_cluster() {
        let s = compare(&[0, 1, 2, 3], &[0, 0, 0, 0]);
        assert!(close(s.pairwise.precision, 1.0) && close(s.pairwise.recall, 0.0));
        assert!(close(s.bcubed.precision, 1.0) && close(s.bcubed.recall, 0.25));
        assert!(close(s.v_measure.precision, 1.0) && close(s.v_measure.recall, 0.0));
    }
}
