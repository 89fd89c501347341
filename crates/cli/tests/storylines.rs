//! `samestory eval storylines`: storylines scored against labelled pairs of articles, at a sweep
//! of thresholds, on the seeds (whose two events are one storyline at the default threshold).

mod common;

use common::{samestory, shared_path};

/// The rows of `samestory eval storylines --json` on the seeds for labelled `pairs` (JSONL
/// lines) at `thresholds`, or `None` (skipped) without the seeds.
fn rows(pairs: &str, thresholds: &str) -> Option<Vec<serde_json::Value>> {
    let seeds = shared_path("seeds")?;
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("pairs.jsonl");
    std::fs::write(&gold, pairs).expect("write pairs");
    let out = samestory(&[
        "eval",
        "storylines",
        "--gold",
        gold.to_str().expect("utf-8 path"),
        "--thresholds",
        thresholds,
        "--json",
        seeds.to_str().expect("utf-8 path"),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    Some(rows.as_array().expect("rows").clone())
}

#[test]
fn pairs_are_scored_at_each_threshold_with_their_weights() {
    // The July event's copies and the November event are one story; the reader of the second
    // pair disagrees, and that pair stands for three.
    let pairs = concat!(
        r#"{"a": "000_fa2ba250bca2fe37", "b": "004_5cf1ccbb3be23d88", "same_story": true}"#,
        "\n",
        r#"{"a": "001_5a50bc4834a4b919", "b": "004_5cf1ccbb3be23d88", "same_story": false, "weight": 3}"#,
        "\n",
        r#"{"a": "000_fa2ba250bca2fe37", "b": "not-read", "same_story": true}"#,
        "\n",
    );
    let Some(rows) = rows(pairs, "0.15,0.95") else {
        return;
    };
    let all = |i: usize, m: &str| rows[i]["all"][m].as_f64().expect("a score");
    assert_eq!(rows[0]["threshold"].as_f64(), Some(0.15));
    assert_eq!(rows[0]["storylines"].as_u64(), Some(1));
    assert_eq!((all(0, "precision"), all(0, "recall")), (0.25, 1.0));
    // Far above the seeds' 0.41, the two events are two storylines.
    assert_eq!(rows[1]["storylines"].as_u64(), Some(2));
    assert_eq!((all(1, "precision"), all(1, "recall")), (0.0, 0.0));
}

#[test]
fn a_line_that_is_not_a_pair_is_named() {
    let Some(seeds) = shared_path("seeds") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("pairs.jsonl");
    std::fs::write(
        &gold,
        "{\"a\": \"x\", \"b\": \"y\", \"same_story\": true}\n{\"a\": 1}\n",
    )
    .expect("write pairs");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_samestory"))
        .args(["eval", "storylines", "--gold"])
        .arg(&gold)
        .arg(&seeds)
        .output()
        .expect("run samestory");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pairs.jsonl:2: not a pair"), "{stderr}");
}
