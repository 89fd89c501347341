//! The store: accepted articles, kept durably in acceptance order and unique by id and URL,
//! each with its fingerprint, and the latest analysis of them (report and normalized
//! articles), so that a restart serves at once instead of recomputing.
//!
//! [`Store`] is the boundary; [`RedbStore`] keeps everything in one crash-safe redb file and
//! [`MemStore`] is the in-memory double for tests. An article is *accepted* when `put` returns:
//! by then it is committed (fsync'd), with its fingerprint, and survives a crash.
//!
//! Fingerprints are made by the caller's [`Fingerprinter`] (the service's MinHash signature);
//! the store keeps them beside the articles so that indexes over them are rebuilt at start-up
//! without reading and hashing every text again.

mod mem;
mod record;
mod redb_store;

use std::sync::Arc;

use samestory_model::{Article, RawArticle, Report};

pub use mem::MemStore;
pub use redb_store::RedbStore;

/// Version of the on-disk layout; a store of an older version is migrated on open, a newer one
/// is refused.
///
/// - 1: articles, keys, snapshot.
/// - 2: adds fingerprints (a version 1 store gets them on its first open with a fingerprinter).
pub const FORMAT_VERSION: u64 = 2;

/// Makes the fingerprint kept beside each article. Pure: same article, same fingerprint.
pub trait Fingerprinter: Send + Sync {
    /// Names the function and its parameters. Fingerprints stored under another scheme are all
    /// recomputed when the store is opened with this fingerprinter.
    fn scheme(&self) -> u64;

    fn fingerprint(&self, article: &RawArticle) -> Vec<u32>;
}

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store database: {0}")]
    Database(#[from] redb::Error),
    #[error(
        "store at {path} has format version {found}; this build reads versions up to {FORMAT_VERSION}"
    )]
    TooNew { path: String, found: u64 },
    #[error("corrupt record {what}: {reason}")]
    Corrupt { what: String, reason: String },
    #[error("store I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    fn corrupt(what: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            what: what.into(),
            reason: reason.to_string(),
        }
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                Self::Database(e.into())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// What `put` did with one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Put {
    /// Stored now, at this position in acceptance order (0-based).
    Added { seq: u64 },
    /// Already stored (same id, or same URL) under `id`; nothing was written.
    Duplicate { id: String },
}

/// The latest analysis: which prefix of the accepted articles it covers, and what it found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// The analysis covers articles with `seq < covers`.
    pub covers: u64,
    pub report: Report,
    pub articles: Vec<Article>,
}

/// Durable storage of articles and of the latest analysis.
pub trait Store: Send + Sync {
    /// Stores the articles that are new by id and by URL, in order, in one durable
    /// transaction: when this returns `Ok`, every `Added` article survives a crash. An article
    /// that repeats an earlier one of the same batch is a `Duplicate` too.
    fn put(&self, articles: &[RawArticle]) -> Result<Vec<Put>, StoreError>;

    /// The article stored under `id`, with its position.
    fn get(&self, id: &str) -> Result<Option<(u64, RawArticle)>, StoreError>;

    /// Number of accepted articles.
    fn len(&self) -> Result<u64, StoreError>;

    fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Every accepted article with `seq >= from`, in acceptance order.
    fn articles_from(&self, from: u64) -> Result<Vec<RawArticle>, StoreError>;

    /// The article at position `seq`.
    fn article(&self, seq: u64) -> Result<Option<RawArticle>, StoreError>;

    /// The fingerprints of every accepted article with `seq >= from`, in acceptance order;
    /// empty when the store has no fingerprinter.
    fn fingerprints_from(&self, from: u64) -> Result<Vec<(u64, Vec<u32>)>, StoreError>;

    /// Replaces the saved analysis.
    fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError>;

    /// The saved analysis, if any.
    fn load_snapshot(&self) -> Result<Option<Snapshot>, StoreError>;
}

/// A fingerprinter shared by a store and its caller.
pub type SharedFingerprinter = Arc<dyn Fingerprinter>;

/// The keys that make an article a duplicate: its id, and its URL without the fragment.
pub(crate) fn keys_of(article: &RawArticle) -> Vec<String> {
    let mut keys = vec![format!("id\u{0}{}", article.id)];
    if let Some(url) = article.url.as_deref() {
        let url = url.split('#').next().unwrap_or("").trim();
        if !url.is_empty() {
            keys.push(format!("url\u{0}{url}"));
        }
    }
    keys
}

#[cfg(test)]
mod tests;
