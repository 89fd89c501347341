//! `samestory eval copies` on generated edited copies of the BBC corpus: the aligner must keep
//! pairwise F1 >= 0.95 and every edit kind's recall >= 0.85, with the MinHash-LSH baseline
//! printed beside it.

mod common;

use std::process::Command;

use common::{samestory, shared_path};

#[test]
fn edited_copies_of_bbc_articles_are_found() {
    let Some(archive) = shared_path("data/corpora/bbc-fulltext.tar.zst") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let unpacked = Command::new("tar")
        .args(["--zstd", "-xf"])
        .arg(&archive)
        .arg("-C")
        .arg(dir.path())
        .status();
    if !matches!(unpacked, Ok(s) if s.success()) {
        eprintln!(
            "SKIPPED: cannot unpack {} with tar --zstd",
            archive.display()
        );
        return;
    }
    let corpus = dir.path().join("bbc-fulltext");
    let out = samestory(&[
        "eval",
        "copies",
        corpus.to_str().expect("utf-8 path"),
        "--originals",
        "300",
        "--copies",
        "10",
        "--brute-force",
        "1000",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    assert_eq!(v["texts"], 3300, "300 originals and 10 copies each");
    let detectors = v["detectors"].as_array().expect("detectors");
    let ours = &detectors[0]["scores"];
    let f1 = ours["partition"]["pairwise"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.95, "pairwise F1 {f1}");
    for kind in ours["by_edit"].as_array().unwrap() {
        let recall = kind["recall"].as_f64().unwrap();
        assert!(recall >= 0.85, "{kind}");
    }
    // The baseline is measured on the same data, and the banding loses little against brute
    // force (its S-curve predicts about 99% at these thresholds).
    let baseline = detectors
        .iter()
        .find(|d| {
            d["detector"]
                .as_str()
                .unwrap()
                .starts_with("MinHash-LSH J>=0.8")
        })
        .expect("plain MinHash-LSH row")["scores"]["partition"]["pairwise"]["f1"]
        .as_f64()
        .unwrap();
    assert!(baseline < f1, "baseline {baseline} vs {f1}");
    for b in v["banding"].as_array().unwrap() {
        let (above, found) = (
            b["recall"]["pairs_above"].as_f64().unwrap(),
            b["recall"]["found"].as_f64().unwrap(),
        );
        assert!(above > 0.0 && found / above >= 0.95, "{b}");
    }
}
