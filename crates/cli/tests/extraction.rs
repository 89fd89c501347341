//! Extraction quality on the 181-page benchmark in ../shared/data/extraction: samestory's
//! normalized bodies must score at least the 0.957 word-4-gram F1 of trafilatura alone.

mod common;

#[test]
fn extraction_benchmark_f1() {
    let Some(dir) = common::shared_path("data/extraction/scrapinghub") else {
        return;
    };
    let html = dir.join("html");
    let truth = dir.join("ground-truth.json");
    let out = common::samestory(&[
        "eval",
        "extraction",
        "--html",
        html.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ]);
    let table = String::from_utf8(out.stdout).unwrap();
    println!("{table}");
    let f1 = |label: &str| -> f64 {
        let line = table
            .lines()
            .find(|l| l.starts_with(label))
            .expect("row present");
        line.split_whitespace().last().unwrap().parse().unwrap()
    };
    let ours = f1("samestory");
    assert!(table.starts_with("pages: 181 (read errors: 0)"), "{table}");
    assert!(ours >= 0.957, "F1 {ours} below 0.957");
    assert!(ours >= f1("extractor output"), "normalization lost content");
}
