//! The store contract, checked on both implementations.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use samestory_model::{Locator, Provenance, RawArticle, Report};

use crate::{Fingerprinter, MemStore, Put, RedbStore, Snapshot, Store};

/// A fingerprint of the text length and the scheme, counting its calls.
struct Lengths {
    scheme: u64,
    calls: AtomicU64,
}

impl Lengths {
    fn new(scheme: u64) -> Arc<Self> {
        Arc::new(Self {
            scheme,
            calls: AtomicU64::new(0),
        })
    }

    fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

impl Fingerprinter for Lengths {
    fn scheme(&self) -> u64 {
        self.scheme
    }

    fn fingerprint(&self, article: &RawArticle) -> Vec<u32> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        vec![article.text.len() as u32, self.scheme as u32]
    }
}

fn article(id: &str, url: Option<&str>) -> RawArticle {
    let mut metadata = serde_json::Map::new();
    metadata.insert("tags".into(), serde_json::json!(["a", {"b": 1}]));
    RawArticle {
        id: id.into(),
        title: format!("Title of {id}"),
        text: format!("Body of {id}.\n\nSecond paragraph ✓."),
        url: url.map(str::to_string),
        source: Some("Example".into()),
        published: chrono::DateTime::from_timestamp_micros(1_533_000_000_123_456),
        language: Some("en".into()),
        metadata,
        provenance: Provenance {
            input: "upload".into(),
            locator: Locator::Line { line: 3 },
        },
    }
}

/// Runs `f` on a fresh store of each kind, both fingerprinting with `Lengths` of scheme 1.
fn check(f: impl Fn(&dyn Store)) {
    f(&MemStore::with_fingerprinter(Lengths::new(1)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/store.redb");
    f(&RedbStore::open_with(&path, Some(Lengths::new(1))).unwrap());
}

#[test]
fn put_keeps_order_and_round_trips() {
    check(|s| {
        let a = article("a", Some("https://x.example/1"));
        let b = article("b", None);
        assert_eq!(
            s.put(&[a.clone(), b.clone()]).unwrap(),
            vec![Put::Added { seq: 0 }, Put::Added { seq: 1 }]
        );
        assert_eq!(s.len().unwrap(), 2);
        assert_eq!(s.articles_from(0).unwrap(), vec![a.clone(), b.clone()]);
        assert_eq!(s.articles_from(1).unwrap(), vec![b.clone()]);
        assert_eq!(s.get("a").unwrap(), Some((0, a)));
        assert_eq!(s.get("zzz").unwrap(), None);
        assert_eq!(s.article(1).unwrap(), Some(b));
        assert_eq!(s.article(2).unwrap(), None);
    });
}

#[test]
fn added_articles_are_fingerprinted_in_the_same_put() {
    check(|s| {
        let a = article("a", None);
        let long = RawArticle {
            text: "x".repeat(100),
            ..article("b", None)
        };
        s.put(&[a.clone(), a.clone(), long]).unwrap();
        let len = a.text.len() as u32;
        assert_eq!(
            s.fingerprints_from(0).unwrap(),
            vec![(0, vec![len, 1]), (1, vec![100, 1])]
        );
        assert_eq!(s.fingerprints_from(1).unwrap(), vec![(1, vec![100, 1])]);
    });
}

#[test]
fn reopening_fingerprints_only_what_lacks_a_current_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    {
        // Written without a fingerprinter, as a store before fingerprints was.
        let s = RedbStore::open(&path).unwrap();
        s.put(&[article("a", None), article("b", None)]).unwrap();
        assert_eq!(s.fingerprints_from(0).unwrap(), vec![]);
    }
    let one = Lengths::new(1);
    {
        let s = RedbStore::open_with(&path, Some(one.clone())).unwrap();
        assert_eq!(one.calls(), 2, "both articles fingerprinted on open");
        s.put(&[article("c", None)]).unwrap();
        assert_eq!(one.calls(), 3);
    }
    let again = Lengths::new(1);
    let s = RedbStore::open_with(&path, Some(again.clone())).unwrap();
    assert_eq!(again.calls(), 0, "a restart recomputes nothing");
    assert_eq!(s.fingerprints_from(0).unwrap().len(), 3);
    drop(s);
    let two = Lengths::new(2);
    let s = RedbStore::open_with(&path, Some(two.clone())).unwrap();
    assert_eq!(two.calls(), 3, "a new scheme recomputes all");
    let fps = s.fingerprints_from(0).unwrap();
    assert!(fps.iter().all(|(_, f)| f[1] == 2), "{fps:?}");
}

#[test]
fn duplicates_by_id_or_url_are_not_stored_twice() {
    check(|s| {
        s.put(&[article("a", Some("https://x.example/1#top"))])
            .unwrap();
        let got = s
            .put(&[
                article("a", None),
                article("other", Some("https://x.example/1")),
                article("new", Some("https://x.example/2")),
                article("new", None),
            ])
            .unwrap();
        assert_eq!(
            got,
            vec![
                Put::Duplicate { id: "a".into() },
                Put::Duplicate { id: "a".into() },
                Put::Added { seq: 1 },
                Put::Duplicate { id: "new".into() },
            ]
        );
        assert_eq!(s.len().unwrap(), 2);
    });
}

#[test]
fn snapshot_is_replaced_and_read_back() {
    check(|s| {
        assert_eq!(s.load_snapshot().unwrap(), None);
        let snap = |covers| Snapshot {
            covers,
            report: Report::empty(),
            articles: vec![],
        };
        s.save_snapshot(&snap(1)).unwrap();
        s.save_snapshot(&snap(7)).unwrap();
        assert_eq!(s.load_snapshot().unwrap(), Some(snap(7)));
    });
}

#[test]
fn redb_store_survives_reopen_and_refuses_newer_formats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    {
        let s = RedbStore::open(&path).unwrap();
        s.put(&[article("a", None)]).unwrap();
    }
    let s = RedbStore::open(&path).unwrap();
    assert_eq!(s.get("a").unwrap().map(|(seq, _)| seq), Some(0));
    {
        let tx = s.db.begin_write().unwrap();
        tx.open_table(super::redb_store::META_FOR_TESTS)
            .unwrap()
            .insert("format", crate::FORMAT_VERSION + 1)
            .unwrap();
        tx.commit().unwrap();
    }
    drop(s);
    let err = RedbStore::open(&path)
        .err()
        .expect("a newer format is refused");
    let newer = format!("format version {}", crate::FORMAT_VERSION + 1);
    assert!(err.to_string().contains(&newer), "{err}");
}
