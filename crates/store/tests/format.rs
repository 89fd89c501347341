//! The on-disk format: a store written by format version 1 (committed as a fixture) must open
//! and read the same in every later build. `SAMESTORY_BLESS=1` rewrites the fixture, which is
//! only right when `FORMAT_VERSION` is still 1.

use std::path::PathBuf;

use samestory_model::{Locator, Provenance, RawArticle};
use samestory_store::{FORMAT_VERSION, Put, RedbStore, Store};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1.redb")
}

fn articles() -> Vec<RawArticle> {
    (1..=3)
        .map(|i| RawArticle {
            id: format!("v1-{i}"),
            title: format!("Fixture article {i}"),
            text: format!("Paragraph one of article {i}.\n\nParagraph two, with ünïcode."),
            url: (i != 2).then(|| format!("https://fixture.example/{i}")),
            source: Some("Fixture Wire".into()),
            published: chrono::DateTime::from_timestamp(1_533_000_000 + i * 3600, 0),
            language: Some("en".into()),
            metadata: serde_json::Map::from_iter([("n".to_string(), serde_json::json!(i))]),
            provenance: Provenance {
                input: "fixture.jsonl".into(),
                locator: Locator::Line { line: i as u64 },
            },
        })
        .collect()
}

#[test]
fn version_1_store_opens_and_reads() {
    if std::env::var_os("SAMESTORY_BLESS").is_some() {
        assert_eq!(
            FORMAT_VERSION, 1,
            "the v1 fixture must be written by a v1 build"
        );
        let _ = std::fs::remove_file(fixture());
        let s = RedbStore::open(&fixture()).unwrap();
        s.put(&articles()).unwrap();
    }
    // Opening may write (format checks, repairs): work on a copy.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    std::fs::copy(fixture(), &path).expect("fixture tests/fixtures/store-v1.redb");
    let s = RedbStore::open(&path).unwrap();
    assert_eq!(s.articles_from(0).unwrap(), articles());
    assert_eq!(s.get("v1-2").unwrap().map(|(seq, _)| seq), Some(1));
    assert_eq!(
        s.put(&articles()[..1]).unwrap(),
        vec![Put::Duplicate { id: "v1-1".into() }]
    );
}
