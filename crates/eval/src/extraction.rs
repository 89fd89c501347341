//! Extraction quality: precision, recall and F1 of word shingles of an extracted text against
//! the reference text, as in the article-extraction benchmarks.

use std::collections::HashSet;

use samestory_text::{normalize_line, word_spans};
use xxhash_rust::xxh3::xxh3_64;

use crate::Prf;

fn shingles(text: &str, n: usize) -> HashSet<u64> {
    // Both sides get the same Unicode normalization, so quote and dash styles do not count.
    let text = &text
        .lines()
        .map(normalize_line)
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<String> = word_spans(text)
        .into_iter()
        .map(|(s, e)| text[s..e].to_lowercase())
        .collect();
    if words.len() < n {
        return if words.is_empty() {
            HashSet::new()
        } else {
            HashSet::from([xxh3_64(words.join(" ").as_bytes())])
        };
    }
    words
        .windows(n)
        .map(|w| xxh3_64(w.join(" ").as_bytes()))
        .collect()
}

/// Compares the sets of lower-cased word `n`-grams of `predicted` and `reference`, both
/// normalized with `normalize_line` first. Two empty texts score 1; one empty text scores 0.
pub fn shingle_prf(predicted: &str, reference: &str, n: usize) -> Prf {
    let p = shingles(predicted, n);
    let r = shingles(reference, n);
    if p.is_empty() && r.is_empty() {
        return Prf::new(1.0, 1.0);
    }
    let tp = p.intersection(&r).count() as f64;
    let precision = if p.is_empty() {
        0.0
    } else {
        tp / p.len() as f64
    };
    let recall = if r.is_empty() {
        0.0
    } else {
        tp / r.len() as f64
    };
    Prf::new(precision, recall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one_and_disjoint_zero() {
        let t = "the quick brown fox jumps over the lazy dog";
        assert_eq!(shingle_prf(t, t, 4).f1, 1.0);
        assert_eq!(
            shingle_prf(t, "nothing in common with that sentence at all", 4).f1,
            0.0
        );
        let half = shingle_prf("the quick brown fox jumps", t, 4);
        assert_eq!(half.precision, 1.0);
        assert!(half.recall > 0.3 && half.recall < 0.4);
    }
}
