//! The in-memory store: the same contract as the redb store, for tests of the layers above.
//! Values go through the same encoders, so a test also catches what would not round-trip.

use std::collections::HashMap;
use std::sync::Mutex;

use samestory_model::RawArticle;

use crate::record::{
    decode_article, decode_fingerprint, decode_snapshot, encode_article, encode_fingerprint,
    encode_snapshot,
};
use crate::{Put, SharedFingerprinter, Snapshot, Store, StoreError, keys_of};

#[derive(Default)]
struct Inner {
    articles: Vec<Vec<u8>>,
    fingerprints: Vec<Vec<u8>>,
    keys: HashMap<String, u64>,
    snapshot: Option<Vec<u8>>,
}

/// A store that lives and dies with the process.
#[derive(Default)]
pub struct MemStore {
    inner: Mutex<Inner>,
    fingerprinter: Option<SharedFingerprinter>,
}

impl MemStore {
    /// A store without a fingerprinter.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that fingerprints every article put with `fingerprinter`.
    pub fn with_fingerprinter(fingerprinter: SharedFingerprinter) -> Self {
        Self {
            inner: Mutex::default(),
            fingerprinter: Some(fingerprinter),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves whole values behind: go on with them.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store for MemStore {
    fn put(&self, articles: &[RawArticle]) -> Result<Vec<Put>, StoreError> {
        let mut inner = self.lock();
        let mut out = Vec::with_capacity(articles.len());
        for a in articles {
            let ks = keys_of(a);
            if let Some(&seq) = ks.iter().find_map(|k| inner.keys.get(k)) {
                let id = decode_article(seq, &inner.articles[seq as usize])?.id;
                out.push(Put::Duplicate { id });
                continue;
            }
            let seq = inner.articles.len() as u64;
            inner.articles.push(encode_article(a));
            if let Some(fp) = &self.fingerprinter {
                inner
                    .fingerprints
                    .push(encode_fingerprint(&fp.fingerprint(a)));
            }
            for k in ks {
                inner.keys.insert(k, seq);
            }
            out.push(Put::Added { seq });
        }
        Ok(out)
    }

    fn get(&self, id: &str) -> Result<Option<(u64, RawArticle)>, StoreError> {
        let inner = self.lock();
        match inner.keys.get(&format!("id\u{0}{id}")) {
            Some(&seq) => Ok(Some((
                seq,
                decode_article(seq, &inner.articles[seq as usize])?,
            ))),
            None => Ok(None),
        }
    }

    fn len(&self) -> Result<u64, StoreError> {
        Ok(self.lock().articles.len() as u64)
    }

    fn articles_from(&self, from: u64) -> Result<Vec<RawArticle>, StoreError> {
        let inner = self.lock();
        (from..inner.articles.len() as u64)
            .map(|seq| decode_article(seq, &inner.articles[seq as usize]))
            .collect()
    }

    fn article(&self, seq: u64) -> Result<Option<RawArticle>, StoreError> {
        let inner = self.lock();
        inner
            .articles
            .get(seq as usize)
            .map(|bytes| decode_article(seq, bytes))
            .transpose()
    }

    fn fingerprints_from(&self, from: u64) -> Result<Vec<(u64, Vec<u32>)>, StoreError> {
        let inner = self.lock();
        (from..inner.fingerprints.len() as u64)
            .map(|seq| {
                Ok((
                    seq,
                    decode_fingerprint(seq, &inner.fingerprints[seq as usize])?,
                ))
            })
            .collect()
    }

    fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let bytes = encode_snapshot(snapshot)?;
        self.lock().snapshot = Some(bytes);
        Ok(())
    }

    fn load_snapshot(&self) -> Result<Option<Snapshot>, StoreError> {
        self.lock()
            .snapshot
            .as_deref()
            .map(decode_snapshot)
            .transpose()
    }
}
