//! Fuzzes JSONL records: each line of the input is parsed as one article (malformed JSON,
//! wrong field types, odd dates and ids must be per-record errors), and the accepted ones run
//! through the pipeline.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use samestory_ingest::jsonl;
use samestory_model::{Locator, Provenance};

fuzz_target!(|data: &[u8]| {
    common::default_panic_hook();
    let raws: Vec<_> = data
        .split(|&b| b == b'\n')
        .take(8)
        .enumerate()
        .filter_map(|(i, line)| {
            let provenance = Provenance {
                input: "fuzz.jsonl".into(),
                locator: Locator::Line { line: i as u64 + 1 },
            };
            jsonl::parse_line(line, &provenance, Path::new("fuzz.jsonl")).ok()
        })
        .collect();
    common::pipeline(raws);
});
