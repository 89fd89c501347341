//! Candidate pairs: texts that share at least `min_shared` winnowed shingle fingerprints, or
//! one sentence key, found through sorted inverted indexes (never by comparing all pairs).

use rayon::prelude::*;

use crate::Config;
use crate::doc::{Doc, winnow};

/// Pairs `(a, b)` with `a < b` of indices into `docs` worth aligning, sorted. Only docs with
/// `include[i]` take part (exact duplicates are represented by one member).
pub fn candidates(docs: &[Doc], include: &[bool], cfg: &Config) -> Vec<(u32, u32)> {
    let mut pairs = shared_pairs(
        docs,
        include,
        |d| {
            let mut fp = winnow(&d.shingles(cfg.shingle), cfg.window);
            fp.sort_unstable();
            fp.dedup();
            fp
        },
        cfg,
    );
    let mut out = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        if j - i >= cfg.min_shared {
            out.push(pairs[i]);
        }
        i = j;
    }
    if cfg.sentence_keys {
        pairs = shared_pairs(
            docs,
            include,
            |d| {
                let mut keys: Vec<u64> = d.sentences.iter().map(|s| s.key).collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            },
            cfg,
        );
        pairs.dedup();
        out.extend(pairs);
        out.par_sort_unstable();
        out.dedup();
    }
    out.into_iter()
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect()
}

/// Pairs `a < b` (as `a << 32 | b`, sorted, once per key they share) of included docs whose
/// distinct `keys` meet. A key carried by more than `cfg.max_postings` docs pairs only its
/// first `cfg.hubs` docs with the rest.
fn shared_pairs(
    docs: &[Doc],
    include: &[bool],
    keys: impl Fn(&Doc) -> Vec<u64> + Sync,
    cfg: &Config,
) -> Vec<u64> {
    let mut postings: Vec<(u64, u32)> = docs
        .par_iter()
        .enumerate()
        .filter(|(i, _)| include[*i])
        .flat_map_iter(|(i, d)| keys(d).into_iter().map(move |h| (h, i as u32)))
        .collect();
    postings.par_sort_unstable();

    let mut pairs: Vec<u64> = Vec::new();
    let mut start = 0;
    while start < postings.len() {
        let hash = postings[start].0;
        let mut end = start + 1;
        while end < postings.len() && postings[end].0 == hash {
            end += 1;
        }
        let run = &postings[start..end];
        if run.len() > 1 {
            let hubs = if run.len() > cfg.max_postings {
                cfg.hubs
            } else {
                run.len()
            };
            for (i, &(_, a)) in run.iter().enumerate().take(hubs) {
                for &(_, b) in &run[i + 1..] {
                    pairs.push(((a as u64) << 32) | b as u64);
                }
            }
        }
        start = end;
    }
    pairs.par_sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_sharing_a_long_run_are_candidates_others_not() {
        let shared =
            "the council voted on tuesday to approve the new budget after a long and bitter debate";
        let docs = [
            Doc::new(&format!(
                "first story opens here and {shared} closing words"
            )),
            Doc::new(&format!("{shared} and a different ending follows it")),
            Doc::new(
                "an unrelated text about football scores and the weather this weekend in town",
            ),
        ];
        let got = candidates(&docs, &[true; 3], &Config::default());
        assert_eq!(got, [(0, 1)]);
    }

    #[test]
    fn a_sentence_with_moved_clauses_makes_a_candidate() {
        let docs = [
            Doc::new(
                "Opening words. The council approved the budget after a bitter debate on Tuesday.",
            ),
            Doc::new(
                "On Tuesday, after a bitter debate, the council approved its budget. Other news.",
            ),
        ];
        let with = Config::default();
        assert_eq!(candidates(&docs, &[true; 2], &with), [(0, 1)]);
        let without = Config {
            sentence_keys: false,
            ..with
        };
        assert!(candidates(&docs, &[true; 2], &without).is_empty());
    }
}
