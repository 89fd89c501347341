//! Properties of the fingerprints, the LSH index and the detectors that must hold for any input.

use proptest::prelude::*;
use samestory_dedup::{
    Bands, Config, Doc, LshIndex, MinHasher, NearConfig, Scheme, ShingleSet, align, detect,
    near_duplicates, shingle_sets,
};

fn set_of(ids: impl Iterator<Item = u32>) -> ShingleSet {
    ShingleSet::from_hashes(ids.map(|x| x.wrapping_mul(0x9e37_79b9).rotate_left(7) ^ 0x5bd1_e995))
}

/// Hoeffding: the share of `k` agreeing positions, each agreeing with probability `J`, strays
/// from `J` by more than `eps` with probability at most `2·exp(-2·k·eps²)`. At `delta = 1e-6`
/// a failure here means the estimator is broken, not unlucky.
fn hoeffding_eps(k: usize, delta: f64) -> f64 {
    ((2.0 / delta).ln() / (2.0 * k as f64)).sqrt()
}

/// A corpus of word texts: `bases` originals and, for some, copies with words replaced,
/// dropped or appended, so that groups of every strength appear.
fn corpus() -> impl Strategy<Value = Vec<String>> {
    (2usize..6, 0u64..1000).prop_map(|(bases, seed)| {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut texts = Vec::new();
        for b in 0..bases {
            let len = 60 + next() % 120;
            let words: Vec<String> = (0..len).map(|_| format!("w{}", next() % 3000)).collect();
            texts.push(words.join(" "));
            for c in 0..next() % 4 {
                let mut copy = words.clone();
                for _ in 0..next() % 8 {
                    let at = next() % copy.len();
                    copy[at] = format!("edit{b}x{c}");
                }
                let keep = copy.len() - next() % (copy.len() / 3);
                copy.truncate(keep);
                texts.push(copy.join(" "));
            }
        }
        texts
    })
}

/// The partition `groups` as sets of original indices, so partitions of permuted inputs compare.
fn canonical(groups: &[Vec<usize>], original: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| {
            let mut m: Vec<usize> = g.iter().map(|&i| original[i]).collect();
            m.sort_unstable();
            m
        })
        .collect();
    out.sort();
    out
}

/// Text of words, figures written every way news writes them ("3,975,700", "103 000", "0.83",
/// "۵.۹", "94%"), and sentence ends: what the template rule of the aligner reads.
fn figures_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(vec![
            "the", "company", "revenue", "ratio", "quarter", "said"
        ])
        .prop_map(str::to_string),
        (0u32..100_000).prop_map(|n| n.to_string()),
        (0u32..1000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        (1u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a} {b:03}")),
        (1u32..10, 0u32..10).prop_map(|(a, b)| format!("{a},{b}%")),
        Just("۵.۹".to_string()),
        Just(".".to_string()),
    ];
    prop::collection::vec(token, 0..120).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn numbers_and_passages_stay_inside_their_texts(
        base in figures_text(), edits in prop::collection::vec((0usize..200, figures_text()), 0..4),
    ) {
        // The other text: the base with some stretches replaced, so passages both match and
        // hold refilled figures.
        let mut words: Vec<String> = base.split(' ').map(str::to_string).collect();
        for (at, with) in &edits {
            if !words.is_empty() {
                let at = at % words.len();
                words[at] = with.clone();
            }
        }
        let other = words.join(" ");
        let (a, b) = (Doc::new(&base), Doc::new(&other));
        for d in [&a, &b] {
            prop_assert!(d.numbers.windows(2).all(|w| w[0].last < w[1].first));
            prop_assert!(
                d.numbers.iter().all(|n| n.first <= n.last && (n.last as usize) < d.len())
            );
        }
        for (x, y) in [(&a, &b), (&b, &a)] {
            for p in align(x, y, &Config::default()) {
                prop_assert!(p.a.start < p.a.end && p.a.end <= x.len(), "{p:?}");
                prop_assert!(p.b.start < p.b.end && p.b.end <= y.len(), "{p:?}");
                prop_assert!(p.matched <= p.a.len().max(p.b.len()), "{p:?}");
            }
        }
    }

    #[test]
    fn minhash_estimate_stays_within_the_hoeffding_bound(
        a_len in 1u32..2000, offset in 0u32..2000, b_len in 1u32..2000, seed in any::<u64>(),
    ) {
        let a = set_of(0..a_len);
        let b = set_of(offset..offset + b_len);
        let truth = a.jaccard(&b);
        let k = 256;
        let eps = hoeffding_eps(k, 1e-6);
        for scheme in [Scheme::Permutations, Scheme::OnePermutation] {
            let h = MinHasher::new(scheme, k, seed);
            let est = h.signature(&a).jaccard(&h.signature(&b));
            prop_assert!((est - truth).abs() <= eps, "{scheme:?}: estimate {est}, truth {truth}, bound {eps}");
        }
    }

    #[test]
    fn insert_then_remove_restores_the_index(
        sizes in prop::collection::vec(1u32..300, 1..40), extra in 1u32..300, at in 0u32..5000,
    ) {
        let h = MinHasher::new(Scheme::OnePermutation, 64, 0);
        let mut idx = LshIndex::new(Bands { bands: 16, rows: 4 });
        for (i, &n) in sizes.iter().enumerate() {
            // Overlapping ranges, so buckets hold several ids.
            let start = (i as u32 % 5) * 50;
            idx.insert(i as u64, &h.signature(&set_of(start..start + n)));
        }
        let before = idx.clone();
        idx.insert(u64::MAX, &h.signature(&set_of(at..at + extra)));
        prop_assert!(idx.remove(&u64::MAX));
        prop_assert_eq!(&idx, &before);
    }

    #[test]
    fn detectors_do_not_depend_on_input_order(texts in corpus(), rotate in 0usize..100) {
        let n = texts.len();
        let order: Vec<usize> = (0..n).map(|i| (i * 7 + rotate) % n).collect();
        let order = if (0..n).all(|i| order.contains(&i)) { order } else { (0..n).rev().collect() };
        let permuted: Vec<&str> = order.iter().map(|&i| texts[i].as_str()).collect();
        let identity: Vec<usize> = (0..n).collect();

        let cfg = NearConfig { min_containment: 0.8, ..NearConfig::default() };
        let near_a = near_duplicates(&shingle_sets(&texts, 5), &cfg);
        let near_b = near_duplicates(&shingle_sets(&permuted, 5), &cfg);
        prop_assert_eq!(canonical(&near_a.groups, &identity), canonical(&near_b.groups, &order));

        let docs_a: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
        let docs_b: Vec<Doc> = permuted.iter().map(|t| Doc::new(t)).collect();
        let det_a = detect(&docs_a, &Config::default());
        let det_b = detect(&docs_b, &Config::default());
        prop_assert_eq!(canonical(&det_a.groups, &identity), canonical(&det_b.groups, &order));
    }

    #[test]
    fn detectors_do_not_depend_on_thread_count(texts in corpus()) {
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(|| {
                let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
                let sets = shingle_sets(&texts, 5);
                (detect(&docs, &Config::default()), near_duplicates(&sets, &NearConfig::default()))
            })
        };
        prop_assert_eq!(run(1), run(3));
    }
}
