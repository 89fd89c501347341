//! Syndicated copies and shared passages.
//!
//! The pipeline is: `Doc::new` (word hashes with byte offsets, sentence keys) → `candidates`
//! (pairs sharing winnowed word-shingle fingerprints or a sentence key, through inverted
//! indexes, never all pairs) → `align` (passages seeded on shingles unique to both texts,
//! chained along the diagonal and extended across single-word substitutions; then sentences
//! whose keys match and that no passage covers) → `detect` (copy edges by coverage, groups by union-find,
//! representatives and reuse shares).
//!
//! Beside it, the set-based detector: `minhash` (one-permutation or k-permutation MinHash,
//! SimHash) → `lsh` (banded index, incremental or batch) → `near` (exact verification, groups).
//!
//! Same input, same output: hashes are xxh3 (stable across processes and versions), work is
//! split with rayon but every result is collected in input order.

pub mod align;
pub mod candidates;
pub mod doc;
pub mod groups;
pub mod lsh;
pub mod minhash;
pub mod near;
pub mod unionfind;

pub use align::{Alignment, WordRange, align};
pub use candidates::candidates;
pub use doc::{Doc, Number};
pub use groups::{Detection, PairJudgment, detect};
pub use lsh::{Bands, LshIndex};
pub use minhash::{MinHasher, Scheme, ShingleSet, Signature, hamming, simhash};
pub use near::{NearConfig, NearDuplicates, near_duplicates, shingle_sets};

/// Tuning of copy detection. The defaults follow from the guarantees described on each field;
/// none is fitted to a data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Words per shingle.
    pub shingle: usize,
    /// Winnowing window, in shingles. Every shared run of `window * min_shared` shingles yields
    /// at least `min_shared` shared fingerprints, so passages of
    /// `shingle + window * min_shared - 1` words are always found.
    pub window: usize,
    /// Fingerprints two texts must share to be aligned.
    pub min_shared: usize,
    /// Fingerprints carried by more texts than this connect each text only to the first
    /// `hubs` texts of the posting list, keeping candidate generation linear for mass
    /// syndication.
    pub max_postings: usize,
    pub hubs: usize,
    /// Also pair texts that share one sentence key (see [`doc::Sentence`]), and report each
    /// such sentence as a passage where the aligned passages do not already cover it.
    pub sentence_keys: bool,
    /// Shortest passage reported, in words.
    pub min_passage_words: usize,
    /// Largest gap inside a passage between two anchors, in words on either side.
    pub max_gap: usize,
    /// Two texts are copies when aligned passages cover at least this share of the shorter.
    pub copy_coverage: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            shingle: 5,
            window: 3,
            min_shared: 2,
            max_postings: 64,
            hubs: 4,
            sentence_keys: true,
            min_passage_words: 10,
            max_gap: 24,
            copy_coverage: 0.5,
        }
    }
}
