//! The live near-duplicate index: a MinHash signature of each article's text as received, made
//! by the store in the commit that accepts the article and kept beside it, banded in memory.
//! It answers at ingest, before any analysis; a restart rebuilds it from the stored signatures
//! without reading a text. Candidates are verified exactly (Jaccard and containment of the
//! word 5-shingle sets) before anything is called a near-duplicate.
//!
//! The analysis (aligned passages) stays the authority on copies; this index is the first,
//! fast answer, and the one that edits beyond set overlap (reordering aside) can escape.

use std::collections::HashMap;
use std::sync::RwLock;

use samestory_dedup::{Bands, LshIndex, MinHasher, NearConfig, Scheme, ShingleSet, Signature};
use samestory_model::RawArticle;
use samestory_store::{Fingerprinter, Store, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use xxhash_rust::xxh3::xxh3_64;

/// Word 5-shingles, 128 one-permutation MinHash values in 32 bands of 4 (candidates from
/// Jaccard about 0.4), verified at Jaccard 0.5 or containment 0.7: the lax setting that
/// `samestory eval copies` measures beside the aligner.
pub fn config() -> NearConfig {
    NearConfig {
        shingle: 5,
        scheme: Scheme::OnePermutation,
        seed: 0,
        bands: Bands { bands: 32, rows: 4 },
        min_jaccard: 0.5,
        min_containment: 0.7,
    }
}

/// Candidates verified per query at most, best estimated first: a text reprinted thousands of
/// times must not make one ingest read thousands of texts.
const MAX_VERIFIED: usize = 64;

/// Near-duplicates reported per article at most.
pub const MAX_REPORTED: usize = 20;

/// The store's fingerprint: the MinHash signature of the text's shingle set (empty for a text
/// of fewer than five words).
pub struct MinHashFingerprints {
    cfg: NearConfig,
    hasher: MinHasher,
}

impl Default for MinHashFingerprints {
    fn default() -> Self {
        let cfg = config();
        Self {
            hasher: cfg.hasher(),
            cfg,
        }
    }
}

impl MinHashFingerprints {
    fn shingles(&self, text: &str) -> ShingleSet {
        ShingleSet::of_text(text, self.cfg.shingle)
    }
}

impl Fingerprinter for MinHashFingerprints {
    fn scheme(&self) -> u64 {
        // Everything the signature depends on; the verification thresholds are not part of it.
        let c = &self.cfg;
        xxh3_64(
            format!(
                "samestory-minhash/words-folded/shingle {}/{:?}/k {}/seed {}",
                c.shingle,
                c.scheme,
                c.bands.len(),
                c.seed
            )
            .as_bytes(),
        )
    }

    fn fingerprint(&self, article: &RawArticle) -> Vec<u32> {
        let set = self.shingles(&article.text);
        if set.is_empty() {
            return Vec::new();
        }
        self.hasher.signature(&set).0
    }
}

/// A stored article whose text overlaps this one's.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NearDuplicate {
    pub id: String,
    /// Exact Jaccard similarity of the two texts' word 5-shingle sets.
    pub jaccard: f64,
    /// Share of this article's shingles found in the other.
    pub contained: f64,
    /// Share of the other's shingles found in this one.
    pub contains: f64,
}

#[derive(Default)]
struct Inner {
    lsh: Option<LshIndex<u64>>,
    signatures: HashMap<u64, Signature>,
}

/// Signatures by store position, banded.
pub struct NearIndex {
    cfg: NearConfig,
    fingerprints: MinHashFingerprints,
    inner: RwLock<Inner>,
}

impl Default for NearIndex {
    fn default() -> Self {
        Self {
            cfg: config(),
            fingerprints: MinHashFingerprints::default(),
            inner: RwLock::default(),
        }
    }
}

impl NearIndex {
    /// Adds stored signatures (as `Store::fingerprints_from` returns them); positions already
    /// indexed and empty signatures are skipped.
    pub fn insert(&self, fingerprints: Vec<(u64, Vec<u32>)>) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        let Inner { lsh, signatures } = &mut *inner;
        let lsh = lsh.get_or_insert_with(|| LshIndex::new(self.cfg.bands));
        for (seq, sig) in fingerprints {
            if sig.len() != self.cfg.bands.len() || signatures.contains_key(&seq) {
                continue;
            }
            let sig = Signature(sig);
            lsh.insert(seq, &sig);
            signatures.insert(seq, sig);
        }
    }

    /// Articles indexed.
    pub fn len(&self) -> usize {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .signatures
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Other indexed positions sharing a band with `seq`'s signature, the most similar by
    /// signature first, at most [`MAX_VERIFIED`].
    fn candidates(&self, seq: u64) -> Vec<u64> {
        let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
        let (Some(lsh), Some(sig)) = (&inner.lsh, inner.signatures.get(&seq)) else {
            return Vec::new();
        };
        let mut found: Vec<(u64, f64)> = lsh
            .query(sig)
            .into_iter()
            .filter(|&other| other != seq)
            .map(|other| (other, sig.jaccard(&inner.signatures[&other])))
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(MAX_VERIFIED);
        found.into_iter().map(|(s, _)| s).collect()
    }

    /// The verified near-duplicates of the article at `seq` whose text is `text`, most similar
    /// first, at most [`MAX_REPORTED`]. Reads candidate texts from `store`.
    pub fn near_duplicates(
        &self,
        store: &dyn Store,
        seq: u64,
        text: &str,
    ) -> Result<Vec<NearDuplicate>, StoreError> {
        let candidates = self.candidates(seq);
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let mine = self.fingerprints.shingles(text);
        let mut out = Vec::new();
        for other in candidates {
            let Some(a) = store.article(other)? else {
                continue;
            };
            let theirs = self.fingerprints.shingles(&a.text);
            let inter = mine.intersection_len(&theirs) as f64;
            let (lm, lt) = (mine.len() as f64, theirs.len() as f64);
            let d = NearDuplicate {
                id: a.id,
                jaccard: inter / (lm + lt - inter),
                contained: inter / lm,
                contains: inter / lt,
            };
            if d.jaccard >= self.cfg.min_jaccard
                || d.contained.max(d.contains) >= self.cfg.min_containment
            {
                out.push(d);
            }
        }
        out.sort_by(|a, b| b.jaccard.total_cmp(&a.jaccard).then(a.id.cmp(&b.id)));
        out.truncate(MAX_REPORTED);
        Ok(out)
    }
}
