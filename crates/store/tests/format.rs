//! The on-disk format: a store written by every earlier format version (committed as a
//! fixture) must open and read the same in every later build.
//!
//! `store-v1.redb` was written by the version 1 build of commit e3b1590 and is never rewritten.
//! `SAMESTORY_BLESS=1` rewrites the fixture of the current version, which is only right while
//! `FORMAT_VERSION` is that version: once it moves on, that file is frozen too.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use samestory_model::{Locator, Provenance, RawArticle};
use samestory_store::{FORMAT_VERSION, Fingerprinter, Put, RedbStore, Store};

fn fixture(version: u64) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/store-v{version}.redb"))
}

fn articles(version: u64) -> Vec<RawArticle> {
    (1..=3)
        .map(|i| RawArticle {
            id: format!("v{version}-{i}"),
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

/// Text length and the sum of its bytes, counting calls.
#[derive(Default)]
struct Sums(AtomicU64);

impl Fingerprinter for Sums {
    fn scheme(&self) -> u64 {
        7
    }

    fn fingerprint(&self, a: &RawArticle) -> Vec<u32> {
        self.0.fetch_add(1, Ordering::Relaxed);
        vec![
            a.text.len() as u32,
            a.text.bytes().map(u32::from).sum::<u32>(),
        ]
    }
}

/// Opens a copy of the fixture of `version` (opening may write: format checks, migrations,
/// repairs) with a counting fingerprinter.
fn open_copy(version: u64) -> (tempfile::TempDir, RedbStore, Arc<Sums>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    std::fs::copy(fixture(version), &path)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", fixture(version).display()));
    let sums = Arc::new(Sums::default());
    let s = RedbStore::open_with(&path, Some(sums.clone())).unwrap();
    (dir, s, sums)
}

fn check_reads(s: &RedbStore, version: u64) {
    let want = articles(version);
    assert_eq!(s.articles_from(0).unwrap(), want);
    assert_eq!(
        s.get(&format!("v{version}-2")).unwrap().map(|(seq, _)| seq),
        Some(1)
    );
    let fingerprints: Vec<(u64, Vec<u32>)> = want
        .iter()
        .enumerate()
        .map(|(i, a)| (i as u64, Sums::default().fingerprint(a)))
        .collect();
    assert_eq!(s.fingerprints_from(0).unwrap(), fingerprints);
    assert_eq!(
        s.put(&want[..1]).unwrap(),
        vec![Put::Duplicate {
            id: format!("v{version}-1")
        }]
    );
}

#[test]
fn version_1_store_opens_reads_and_gets_its_fingerprints() {
    let (_dir, s, sums) = open_copy(1);
    assert_eq!(sums.0.load(Ordering::Relaxed), 3, "v1 has no fingerprints");
    check_reads(&s, 1);
}

#[test]
fn version_2_store_opens_and_reads_without_fingerprinting_again() {
    if std::env::var_os("SAMESTORY_BLESS").is_some() {
        assert_eq!(
            FORMAT_VERSION, 2,
            "the v2 fixture must be written by a v2 build"
        );
        let _ = std::fs::remove_file(fixture(2));
        let s = RedbStore::open_with(&fixture(2), Some(Arc::new(Sums::default()))).unwrap();
        s.put(&articles(2)).unwrap();
    }
    let (_dir, s, sums) = open_copy(2);
    assert_eq!(sums.0.load(Ordering::Relaxed), 0);
    check_reads(&s, 2);
}
