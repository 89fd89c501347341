//! The redb-backed store: one file, copy-on-write B-trees, every `put` a durable commit.
//!
//! Tables: `articles` (seq → record), `keys` (`id\0…` / `url\0…` → seq), `fingerprints`
//! (seq → fingerprint), `meta` (format version, fingerprint scheme) and `snapshot` (0 → the
//! latest analysis).

use std::path::{Path, PathBuf};

use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use samestory_model::RawArticle;

use crate::record::{
    decode_article, decode_fingerprint, decode_snapshot, encode_article, encode_fingerprint,
    encode_snapshot,
};
use crate::{FORMAT_VERSION, Put, SharedFingerprinter, Snapshot, Store, StoreError, keys_of};

const ARTICLES: TableDefinition<u64, &[u8]> = TableDefinition::new("articles");
const KEYS: TableDefinition<&str, u64> = TableDefinition::new("keys");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const SNAPSHOT: TableDefinition<u64, &[u8]> = TableDefinition::new("snapshot");
const FINGERPRINTS: TableDefinition<u64, &[u8]> = TableDefinition::new("fingerprints");

const FORMAT_KEY: &str = "format";
const SCHEME_KEY: &str = "fingerprint_scheme";
/// Articles fingerprinted per transaction when a whole store is (re)fingerprinted.
const REFRESH_BATCH: u64 = 4096;
#[cfg(test)]
pub(crate) const META_FOR_TESTS: TableDefinition<&str, u64> = META;

/// A store in one redb file.
pub struct RedbStore {
    pub(crate) db: Database,
    path: PathBuf,
    fingerprinter: Option<SharedFingerprinter>,
}

impl RedbStore {
    /// Opens the store at `path`, creating it (and its directory) when absent, without a
    /// fingerprinter: articles put through it get none. A file left by a crash is repaired by
    /// redb before this returns.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, None)
    }

    /// Opens the store like [`open`](Self::open); with a fingerprinter, every article put is
    /// fingerprinted in the same commit, and before this returns every stored article that has
    /// no fingerprint of `fingerprinter`'s scheme gets one (all of them after a scheme change or
    /// on a store written before fingerprints existed; none on a plain restart).
    pub fn open_with(
        path: &Path,
        fingerprinter: Option<SharedFingerprinter>,
    ) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let db = Database::create(path)?;
        let store = Self {
            db,
            path: path.to_path_buf(),
            fingerprinter,
        };
        store.check_format()?;
        store.refresh_fingerprints()?;
        Ok(store)
    }

    /// Fingerprints the stored articles that lack a fingerprint of the current scheme, in
    /// batches of [`REFRESH_BATCH`] per commit.
    fn refresh_fingerprints(&self) -> Result<(), StoreError> {
        let Some(fp) = &self.fingerprinter else {
            return Ok(());
        };
        let scheme = fp.scheme();
        let tx = self.db.begin_write()?;
        {
            let mut meta = tx.open_table(META)?;
            let stored = meta.get(SCHEME_KEY)?.map(|v| v.value());
            if stored != Some(scheme) {
                // Either none yet or another function's: none of the stored ones is valid.
                let mut table = tx.open_table(FINGERPRINTS)?;
                table.retain(|_, _| false)?;
                meta.insert(SCHEME_KEY, scheme)?;
            }
        }
        tx.commit()?;
        loop {
            let tx = self.db.begin_write()?;
            let done = {
                let articles = tx.open_table(ARTICLES)?;
                let mut table = tx.open_table(FINGERPRINTS)?;
                // Fingerprints are written with their articles and all dropped together, so
                // the ones present are a prefix of the articles.
                let from = table.len()?;
                let to = (from + REFRESH_BATCH).min(articles.len()?);
                for seq in from..to {
                    let a = match articles.get(seq)? {
                        Some(bytes) => decode_article(seq, bytes.value())?,
                        None => {
                            return Err(StoreError::corrupt(format!("article #{seq}"), "missing"));
                        }
                    };
                    table.insert(seq, encode_fingerprint(&fp.fingerprint(&a)).as_slice())?;
                }
                to == articles.len()?
            };
            tx.commit()?;
            if done {
                return Ok(());
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the format version into a new store and refuses one written by a newer build.
    fn check_format(&self) -> Result<(), StoreError> {
        let tx = self.db.begin_write()?;
        {
            let mut meta = tx.open_table(META)?;
            let found = meta.get(FORMAT_KEY)?.map(|v| v.value());
            match found {
                None => {
                    meta.insert(FORMAT_KEY, FORMAT_VERSION)?;
                }
                Some(v) if v > FORMAT_VERSION => {
                    return Err(StoreError::TooNew {
                        path: self.path.display().to_string(),
                        found: v,
                    });
                }
                // Version 1 lacks the fingerprints table, made below; the articles of such a
                // store are fingerprinted by the first open with a fingerprinter.
                Some(v) if v < FORMAT_VERSION => {
                    meta.insert(FORMAT_KEY, FORMAT_VERSION)?;
                }
                Some(_) => {}
            }
            tx.open_table(ARTICLES)?;
            tx.open_table(KEYS)?;
            tx.open_table(SNAPSHOT)?;
            tx.open_table(FINGERPRINTS)?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store for RedbStore {
    fn put(&self, articles: &[RawArticle]) -> Result<Vec<Put>, StoreError> {
        let tx = self.db.begin_write()?;
        let mut out = Vec::with_capacity(articles.len());
        {
            let mut table = tx.open_table(ARTICLES)?;
            let mut keys = tx.open_table(KEYS)?;
            let mut fingerprints = tx.open_table(FINGERPRINTS)?;
            let mut next = table.len()?;
            for a in articles {
                let ks = keys_of(a);
                let mut existing = None;
                for k in &ks {
                    if let Some(seq) = keys.get(k.as_str())? {
                        existing = Some(seq.value());
                        break;
                    }
                }
                if let Some(seq) = existing {
                    let id = match table.get(seq)? {
                        Some(bytes) => decode_article(seq, bytes.value())?.id,
                        None => {
                            return Err(StoreError::corrupt(
                                format!("key of #{seq}"),
                                "no such article",
                            ));
                        }
                    };
                    out.push(Put::Duplicate { id });
                    continue;
                }
                table.insert(next, encode_article(a).as_slice())?;
                if let Some(fp) = &self.fingerprinter {
                    fingerprints.insert(next, encode_fingerprint(&fp.fingerprint(a)).as_slice())?;
                }
                for k in &ks {
                    keys.insert(k.as_str(), next)?;
                }
                out.push(Put::Added { seq: next });
                next += 1;
            }
        }
        tx.commit()?;
        Ok(out)
    }

    fn get(&self, id: &str) -> Result<Option<(u64, RawArticle)>, StoreError> {
        let tx = self.db.begin_read()?;
        let keys = tx.open_table(KEYS)?;
        let Some(seq) = keys
            .get(format!("id\u{0}{id}").as_str())?
            .map(|v| v.value())
        else {
            return Ok(None);
        };
        let table = tx.open_table(ARTICLES)?;
        match table.get(seq)? {
            Some(bytes) => Ok(Some((seq, decode_article(seq, bytes.value())?))),
            None => Err(StoreError::corrupt(
                format!("key of #{seq}"),
                "no such article",
            )),
        }
    }

    fn len(&self) -> Result<u64, StoreError> {
        let tx = self.db.begin_read()?;
        Ok(tx.open_table(ARTICLES)?.len()?)
    }

    fn articles_from(&self, from: u64) -> Result<Vec<RawArticle>, StoreError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(ARTICLES)?;
        let mut out = Vec::new();
        for entry in table.range(from..)? {
            let (seq, bytes) = entry?;
            out.push(decode_article(seq.value(), bytes.value())?);
        }
        Ok(out)
    }

    fn article(&self, seq: u64) -> Result<Option<RawArticle>, StoreError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(ARTICLES)?;
        table
            .get(seq)?
            .map(|bytes| decode_article(seq, bytes.value()))
            .transpose()
    }

    fn fingerprints_from(&self, from: u64) -> Result<Vec<(u64, Vec<u32>)>, StoreError> {
        if self.fingerprinter.is_none() {
            return Ok(Vec::new());
        }
        let tx = self.db.begin_read()?;
        let table = tx.open_table(FINGERPRINTS)?;
        let mut out = Vec::new();
        for entry in table.range(from..)? {
            let (seq, bytes) = entry?;
            out.push((seq.value(), decode_fingerprint(seq.value(), bytes.value())?));
        }
        Ok(out)
    }

    fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let bytes = encode_snapshot(snapshot)?;
        let tx = self.db.begin_write()?;
        tx.open_table(SNAPSHOT)?.insert(0, bytes.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    fn load_snapshot(&self) -> Result<Option<Snapshot>, StoreError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(SNAPSHOT)?;
        match table.get(0)? {
            Some(bytes) => Ok(Some(decode_snapshot(bytes.value())?)),
            None => Ok(None),
        }
    }
}
