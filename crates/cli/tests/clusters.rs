//! `samestory eval clusters` on ECB+ train+dev: events against gold labels on the tuning half,
//! the held-out half and the whole. A guard against regressions at the level measured when the
//! model was fitted (held-out BCubed F1 0.912 with the 30-day window of then, 0.923 with
//! today's 90 days; 0.925 before the labelled Telegram pairs joined the fit), not the 0.95 the
//! events issue asks for.

mod common;

use common::{samestory, shared_path};

/// BCubed `metric` (`f1`, `precision`, `recall`) of one row of `eval_rows`.
fn bcubed(row: &serde_json::Value, metric: &str) -> f64 {
    row["scores"]["bcubed"][metric]
        .as_f64()
        .unwrap_or_else(|| panic!("no BCubed {metric} in {row}"))
}

/// The rows of `samestory eval clusters --json` on ECB+ with `extra` arguments, or `None`
/// (skipped) without the data.
fn eval_rows(extra: &[&str]) -> Option<Vec<serde_json::Value>> {
    eval_output(extra).map(|(rows, _)| rows)
}

/// The rows and the standard error of `samestory eval clusters --json` on ECB+.
fn eval_output(extra: &[&str]) -> Option<(Vec<serde_json::Value>, String)> {
    let gold = shared_path("data/ecbplus/ecbplus-traindev.jsonl")?;
    let mut args = vec![
        "eval",
        "clusters",
        "--gold",
        gold.to_str().expect("utf-8 path"),
    ];
    args.extend(extra);
    args.push("--json");
    let out = samestory(&args);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    Some((rows.as_array().expect("rows").clone(), stderr))
}

#[test]
fn ecbplus_events_score_on_both_halves() {
    let Some(rows) = eval_rows(&[]) else {
        return;
    };
    let parts: Vec<&str> = rows.iter().map(|r| r["part"].as_str().unwrap()).collect();
    assert_eq!(parts, ["tune", "held-out", "all"]);
    let items: u64 = rows[..2]
        .iter()
        .map(|r| r["scores"]["items"].as_u64().unwrap())
        .sum();
    assert_eq!(items, 772, "the halves split every document");
    for r in rows {
        let f1 = bcubed(&r, "f1");
        assert!(f1 >= 0.89, "{r}");
        // Far better than one cluster per topic (two events each): the model tells the two
        // events of a topic apart most of the time.
        let precision = bcubed(&r, "precision");
        assert!(precision >= 0.85, "{r}");
    }
}

#[test]
fn ecbplus_without_letter_case_is_scored_by_the_model_for_such_text() {
    let Some(rows) = eval_rows(&["--caseless"]) else {
        return;
    };
    // Measured: B3 F1 0.925 / 0.906 / 0.909, precision 0.937 / 0.940 / 0.938. The model for
    // text with case, which sees no name missing where none can be found, merged topics
    // here: precision 0.736 / 0.741 / 0.752.
    for r in &rows {
        let f1 = bcubed(r, "f1");
        let precision = bcubed(r, "precision");
        assert!(f1 >= 0.86 && precision >= 0.9, "{r}");
    }
}

#[test]
fn ecbplus_online_events_stay_close_to_batch() {
    let Some(rows) = eval_rows(&["--online"]) else {
        return;
    };
    // Measured: 0.939 / 0.899 / 0.924 (batch: 0.944 / 0.923 / 0.921).
    for r in &rows {
        let f1 = bcubed(r, "f1");
        assert!(f1 >= 0.87, "{r}");
    }
}

#[test]
fn a_merge_needs_a_pair_across_at_the_minimum_link() {
    let Some(rows) = eval_rows(&["--min-link", "1.01"]) else {
        return;
    };
    // No pair reaches a probability over 1: only copies (one unit each) stay together, and
    // ECB+ holds none across gold events.
    for r in &rows {
        assert_eq!(bcubed(r, "precision"), 1.0, "{r}");
        assert!(bcubed(r, "recall") < 0.3, "{r}");
    }
}

#[test]
fn mistakes_are_listed_for_the_part_asked_and_change_no_score() {
    let Some((rows, stderr)) = eval_output(&["--mistakes", "tune"]) else {
        return;
    };
    assert_eq!(Some(rows), eval_rows(&[]));
    assert!(
        stderr.contains("mistakes on tune (even id hash):"),
        "{stderr}"
    );
    assert!(!stderr.contains("mistakes on held-out"), "{stderr}");
    // Every mistake lists at least two parts, each with its articles' ids.
    let merged = stderr
        .split("predicted event mixing gold events")
        .nth(1)
        .expect("at least one merge on the tuning half");
    assert!(merged.matches("  [gold ").count() >= 2, "{merged}");
}

#[test]
fn the_model_is_fitted_on_labelled_pairs_of_another_corpus_too() {
    let (Some(gold), Some(seeds)) = (
        shared_path("data/ecbplus/ecbplus-traindev.jsonl"),
        shared_path("seeds"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("pairs.jsonl");
    // The first pair is in the tuning half (by a hash of the two ids), the second held out.
    std::fs::write(
        &pairs,
        concat!(
            r#"{"a": "001_5a50bc4834a4b919", "b": "003_f27bd7b462f6375f", "same_event": true}"#,
            "\n",
            r#"{"a": "000_fa2ba250bca2fe37", "b": "004_5cf1ccbb3be23d88", "same_event": false}"#,
            "\n",
        ),
    )
    .expect("write pairs");
    let args = |inputs: bool| {
        let mut args = vec![
            "eval".to_string(),
            "clusters".into(),
            "--gold".into(),
            gold.display().to_string(),
            "--learn".into(),
            "--learn-pairs".into(),
            pairs.display().to_string(),
        ];
        if inputs {
            args.extend(["--pairs-inputs".into(), seeds.display().to_string()]);
        }
        args
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_samestory"))
        .args(args(true))
        .output()
        .expect("run samestory");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("and on 1 labelled pairs of the tuning half (1 same-event)"),
        "{stderr}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_samestory"))
        .args(args(false))
        .output()
        .expect("run samestory");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs --pairs-inputs"), "{stderr}");
}

/// `report.json` of `samestory run` on ECB+ train+dev and the seeds (copies, events,
/// storylines, summaries) is the same byte for byte on one worker thread as on three: parallel
/// steps collect in input order and ties break by index, never by which thread came first.
#[test]
fn the_report_does_not_depend_on_the_number_of_threads() {
    let (Some(ecb), Some(seeds)) = (
        shared_path("data/ecbplus/ecbplus-traindev.jsonl"),
        shared_path("seeds"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temporary directory");
    let report = |threads: &str| {
        let out = dir.path().join(threads);
        samestory(&[
            "--threads",
            threads,
            "run",
            "--quiet",
            ecb.to_str().expect("utf-8 path"),
            seeds.to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("utf-8 path"),
        ]);
        std::fs::read(out.join("report.json")).expect("report.json")
    };
    let one = report("1");
    assert!(one.len() > 100_000, "a report of 777 articles");
    assert!(
        one == report("3"),
        "the report changed with the thread count"
    );
}

#[test]
fn reports_of_one_event_in_two_languages_are_one_event_summarized_in_the_main_one() {
    let article = |id: &str, language: &str, title: &str, text: &str| {
        serde_json::json!({
            "id": id, "language": language, "title": title, "text": text,
            "published": "2019-11-18T06:00:00Z",
        })
        .to_string()
    };
    let lines = [
        article(
            "en-1",
            "en",
            "Ford unveils the Mustang Mach-E, its first electric SUV",
            "Ford unveiled the Mustang Mach-E in Los Angeles on Sunday night.\n\n\
             The electric SUV will reach 300 miles on one charge, Ford said.\n\n\
             Jim Farley told reporters the Mach-E would go on sale in late 2020.",
        ),
        article(
            "en-2",
            "en",
            "Meet the Mustang Mach-E, Ford's electric crossover",
            "Ford showed the Mustang Mach-E at an event in Los Angeles on Sunday.\n\n\
             The crossover has a range of up to 300 miles, according to Ford.\n\n\
             Deliveries of the Mach-E start in late 2020, Jim Farley said.",
        ),
        article(
            "es-1",
            "es",
            "Ford presenta el Mustang Mach-E, su primer SUV eléctrico",
            "Ford presentó el Mustang Mach-E en Los Ángeles el domingo por la noche.\n\n\
             El SUV eléctrico tendrá una autonomía de 300 millas, según Ford.\n\n\
             Jim Farley dijo que el Mach-E saldrá a la venta a finales de 2020.",
        ),
        article(
            "en-3",
            "en",
            "Toyota recalls the Prius over a brake fault",
            "Toyota recalled 40,000 Prius cars in Japan on Monday.\n\n\
             A brake fault was found in cars built at the Aichi plant.\n\n\
             Owners will be contacted by their dealers, Toyota said.",
        ),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("articles.jsonl");
    std::fs::write(&input, lines.join("\n")).expect("write articles");
    let out = dir.path().join("out");
    samestory(&[
        "run",
        "--quiet",
        input.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("report json");
    let events = report["events"].as_array().expect("events");
    let ford = events
        .iter()
        .find(|e| e["members"].as_array().expect("members").len() == 3)
        .unwrap_or_else(|| panic!("no event of the three Ford reports: {events:#?}"));
    assert_eq!(ford["members"], serde_json::json!(["en-1", "en-2", "es-1"]));
    // Its headline and summary read in the language most of its reports are in.
    assert!(
        ford["headline_article"]
            .as_str()
            .unwrap()
            .starts_with("en-")
    );
    let summary = ford["summary"].as_array().expect("summary");
    assert!(!summary.is_empty());
    for s in summary {
        assert!(s["article"].as_str().unwrap().starts_with("en-"), "{s}");
    }
}
