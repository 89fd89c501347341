//! The store contract, checked on both implementations.

use samestory_model::{Locator, Provenance, RawArticle, Report};

use crate::{MemStore, Put, RedbStore, Snapshot, Store};

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

/// Runs `f` on a fresh store of each kind.
fn check(f: impl Fn(&dyn Store)) {
    f(&MemStore::new());
    let dir = tempfile::tempdir().unwrap();
    f(&RedbStore::open(&dir.path().join("sub/store.redb")).unwrap());
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
        assert_eq!(s.articles_from(1).unwrap(), vec![b]);
        assert_eq!(s.get("a").unwrap(), Some((0, a)));
        assert_eq!(s.get("zzz").unwrap(), None);
    });
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
    assert!(err.to_string().contains("format version 2"), "{err}");
}
