//! `samestory eval events` and `samestory eval storylines`: events and storylines scored
//! against labelled pairs of articles, at a sweep of thresholds, on the seeds (two events, one
//! storyline at the default thresholds).

mod common;

use common::{samestory, shared_path};

/// The rows of `samestory eval LEVEL --json` on the seeds for labelled `pairs` (JSONL lines)
/// at `thresholds`, or `None` (skipped) without the seeds.
fn rows(level: &str, pairs: &str, thresholds: &str) -> Option<Vec<serde_json::Value>> {
    output(level, pairs, &["--thresholds", thresholds]).map(|(rows, _)| rows)
}

/// The rows and the standard error of `samestory eval LEVEL --json` on the seeds for labelled
/// `pairs`, with `extra` arguments.
fn output(level: &str, pairs: &str, extra: &[&str]) -> Option<(Vec<serde_json::Value>, String)> {
    let seeds = shared_path("seeds")?;
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("pairs.jsonl");
    std::fs::write(&gold, pairs).expect("write pairs");
    let mut args = vec!["eval", level, "--gold", gold.to_str().expect("utf-8 path")];
    args.extend(extra);
    args.extend(["--json", seeds.to_str().expect("utf-8 path")]);
    let out = samestory(&args);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    Some((rows.as_array().expect("rows").clone(), stderr))
}

/// Precision and recall over all pairs in row `i`.
fn all(rows: &[serde_json::Value], i: usize) -> (f64, f64) {
    let m = |m: &str| rows[i]["all"][m].as_f64().expect("a score");
    (m("precision"), m("recall"))
}

#[test]
fn event_pairs_are_scored_at_each_threshold() {
    // A copy of the wire story and the independent report are one event; the November
    // event is another, and the pair saying so stands for three.
    let pairs = concat!(
        r#"{"a": "001_5a50bc4834a4b919", "b": "003_f27bd7b462f6375f", "same_event": true}"#,
        "\n",
        r#"{"a": "000_fa2ba250bca2fe37", "b": "004_5cf1ccbb3be23d88", "same_event": false, "weight": 3}"#,
        "\n",
        r#"{"a": "003_f27bd7b462f6375f", "b": "not-read", "same_event": true}"#,
        "\n",
    );
    let Some(rows) = rows("events", pairs, "0.4") else {
        return;
    };
    assert_eq!(rows[0]["threshold"].as_f64(), Some(0.4));
    assert_eq!(rows[0]["groups"].as_u64(), Some(2));
    assert_eq!(all(&rows, 0), (1.0, 1.0));
}

#[test]
fn storyline_pairs_are_scored_at_each_threshold_with_their_weights() {
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
    let Some(rows) = rows("storylines", pairs, "0.15,0.95") else {
        return;
    };
    assert_eq!(rows[0]["threshold"].as_f64(), Some(0.15));
    assert_eq!(rows[0]["groups"].as_u64(), Some(1));
    assert_eq!(all(&rows, 0), (0.25, 1.0));
    // Far above the seeds' 0.41, the two events are two storylines.
    assert_eq!(rows[1]["groups"].as_u64(), Some(2));
    assert_eq!(all(&rows, 1), (0.0, 0.0));
}

#[test]
fn the_pairs_a_grouping_gets_wrong_are_listed_with_their_titles() {
    // At the default 0.15 the two events are one storyline, which the second pair denies.
    let pairs = concat!(
        r#"{"a": "000_fa2ba250bca2fe37", "b": "004_5cf1ccbb3be23d88", "same_story": true}"#,
        "\n",
        r#"{"a": "001_5a50bc4834a4b919", "b": "004_5cf1ccbb3be23d88", "same_story": false}"#,
        "\n",
    );
    let Some((rows, stderr)) = output("storylines", pairs, &["--mistakes", "all"]) else {
        return;
    };
    assert_eq!(
        Some(rows),
        output("storylines", pairs, &[]).map(|(rows, _)| rows)
    );
    assert!(
        stderr.contains("mistakes on all at 0.15: 1 pairs"),
        "{stderr}"
    );
    let listed = stderr
        .split_once("joined, labelled not one storyline:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("the wrong pair is listed: {stderr}"));
    assert!(
        listed.starts_with("  001_5a50bc4834a4b919  ")
            && listed.contains("\n  004_5cf1ccbb3be23d88  "),
        "{stderr}"
    );
    assert!(!stderr.contains("000_fa2ba250bca2fe37"), "{stderr}");

    // For events, with the probability the model gave the two, if they were candidates.
    let pairs = concat!(
        r#"{"a": "001_5a50bc4834a4b919", "b": "003_f27bd7b462f6375f", "same_event": false}"#,
        "\n"
    );
    let Some((_, stderr)) = output("events", pairs, &["--mistakes", "all"]) else {
        return;
    };
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "mistakes on all at 0.40: 1 pairs", "{stderr}");
    assert!(
        lines[1].starts_with("joined, labelled not one event (the two: 0."),
        "{stderr}"
    );
}

#[test]
fn a_line_that_is_not_a_pair_is_named() {
    let Some(seeds) = shared_path("seeds") else {
        return;
    };
    // The second line is no pair, or has the label of the other level.
    for (level, lines) in [
        ("storylines", "{\"a\": 1}"),
        (
            "events",
            "{\"a\": \"x\", \"b\": \"y\", \"same_story\": true}",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let gold = dir.path().join("pairs.jsonl");
        let label = if level == "events" {
            "same_event"
        } else {
            "same_story"
        };
        let first = format!("{{\"a\": \"x\", \"b\": \"y\", \"{label}\": true}}");
        std::fs::write(&gold, format!("{first}\n{lines}\n")).expect("write pairs");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_samestory"))
            .args(["eval", level, "--gold"])
            .arg(&gold)
            .arg(&seeds)
            .output()
            .expect("run samestory");
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = format!("pairs.jsonl:2: not a pair {{\"a\", \"b\", \"{label}\"}}");
        assert!(stderr.contains(&expected), "{stderr}");
    }
}
