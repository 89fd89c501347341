//! A text as copy detection sees it: folded word hashes and their byte ranges.

use samestory_text::word_spans;
use xxhash_rust::xxh3::xxh3_64;

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

impl Doc {
    pub fn new(body: &str) -> Self {
        let spans: Vec<(u32, u32)> = word_spans(body)
            .into_iter()
            .map(|(s, e)| (s as u32, e as u32))
            .collect();
        let words: Vec<u64> = spans
            .iter()
            .map(|&(s, e)| {
                let w = &body[s as usize..e as usize];
                if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                    xxh3_64(w.to_lowercase().as_bytes())
                } else {
                    xxh3_64(w.as_bytes())
                }
            })
            .collect();
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        Self {
            exact: xxh3_64(&bytes),
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
        if self.words.len() < n {
            return Vec::new();
        }
        self.words
            .windows(n)
            .map(|w| {
                let mut buf = [0u8; 64];
                let k = n.min(8);
                for (i, h) in w.iter().take(k).enumerate() {
                    buf[i * 8..i * 8 + 8].copy_from_slice(&h.to_le_bytes());
                }
                xxh3_64(&buf[..k * 8])
            })
            .collect()
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
