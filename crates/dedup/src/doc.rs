//! A text as copy detection sees it: folded word hashes and their byte ranges.

use samestory_text::tokens::for_each_folded_word;
use xxhash_rust::xxh3::xxh3_64;

use crate::minhash::mix64;

/// Words of one normalized body, hashed after lower-casing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Byte range of each word in the body.
    pub spans: Vec<(u32, u32)>,
    /// xxh3 of each lower-cased word.
    pub words: Vec<u64>,
    /// xxh3 of the whole word sequence: equal for exact duplicates up to case and punctuation.
    pub exact: u64,
}

/// The folded word hashes of `body`, without their positions: what set-based fingerprints
/// need.
pub fn word_hashes(body: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(body.len() / 6);
    for_each_folded_word(body, |_, _, w| out.push(xxh3_64(w.as_bytes())));
    out
}

/// Hash of each `n`-word shingle of `words`, by start position: a polynomial over the word
/// hashes, finished with a 64-bit mixer (order-sensitive, stable across runs and versions).
pub fn shingle_hashes(words: &[u64], n: usize) -> Vec<u64> {
    if words.len() < n || n == 0 {
        return Vec::new();
    }
    words.windows(n).map(shingle_hash).collect()
}

#[inline]
fn shingle_hash(window: &[u64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    mix64(window.iter().fold(window.len() as u64, |acc, &w| {
        acc.wrapping_mul(K).wrapping_add(w)
    }))
}

/// The distinct `n`-word shingles of `words` as 32-bit hashes, sorted.
pub fn shingle_set32(words: &[u64], n: usize) -> Vec<u32> {
    if words.len() < n || n == 0 {
        return Vec::new();
    }
    let mut v: Vec<u32> = words.windows(n).map(|w| shingle_hash(w) as u32).collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl Doc {
    pub fn new(body: &str) -> Self {
        let mut spans = Vec::with_capacity(body.len() / 6);
        let mut words = Vec::with_capacity(body.len() / 6);
        for_each_folded_word(body, |s, e, w| {
            spans.push((s as u32, e as u32));
            words.push(xxh3_64(w.as_bytes()));
        });
        let exact = words
            .iter()
            .fold(xxh3_64(b"samestory-doc"), |acc, &w| mix64(acc ^ w));
        Self {
            exact,
            spans,
            words,
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Hash of each `n`-word shingle, by start position.
    pub fn shingles(&self, n: usize) -> Vec<u64> {
        shingle_hashes(&self.words, n)
    }

    /// Byte range covering words `[start, end)`.
    pub fn byte_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.spans[start].0 as usize, self.spans[end - 1].1 as usize)
    }
}

/// Winnowing (Schleimer et al., 2003): the minimum hash of every window of `w` consecutive
/// shingles, each position taken once. Returns the selected hashes.
pub fn winnow(shingles: &[u64], w: usize) -> Vec<u64> {
    if shingles.is_empty() {
        return Vec::new();
    }
    if shingles.len() <= w {
        return vec![*shingles.iter().min().expect("non-empty")];
    }
    let mut out = Vec::with_capacity(2 * shingles.len() / (w + 1) + 1);
    let mut last = usize::MAX;
    for start in 0..=shingles.len() - w {
        // Rightmost minimum, as in the paper, so runs of equal hashes select one position.
        let (pos, _) = shingles[start..start + w].iter().enumerate().fold(
            (0, u64::MAX),
            |(bp, bh), (i, &h)| if h <= bh { (i, h) } else { (bp, bh) },
        );
        let pos = start + pos;
        if pos != last {
            out.push(shingles[pos]);
            last = pos;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_keep_offsets() {
        let a = Doc::new("The Fighters, cornered.");
        let b = Doc::new("the fighters cornered");
        assert_eq!(a.words, b.words);
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.byte_range(1, 3), (4, 22));
    }

    #[test]
    fn winnowing_guarantees_shared_fingerprints_for_shared_runs() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let a = Doc::new(&format!("alpha beta gamma {text} delta"));
        let b = Doc::new(&format!("{text} epsilon zeta"));
        let fa = winnow(&a.shingles(5), 3);
        let fb = winnow(&b.shingles(5), 3);
        let shared = fa.iter().filter(|h| fb.contains(h)).count();
        // 12 shared words = 8 shared shingles = 2 disjoint windows of 3.
        assert!(shared >= 2, "{shared}");
    }
}
