//! Fuzzes a page from bytes to report: charset decoding, extraction (the extractor cascade,
//! metadata, the page's own date and language), then the pipeline over the article it gives.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use samestory_ingest::{decode, html};
use samestory_model::{Locator, Provenance};

fuzz_target!(|data: &[u8]| {
    common::default_panic_hook();
    let Ok(page) = decode::html(data, None) else {
        return;
    };
    let Ok(x) = html::extract(&page, Some("https://news.example.com/2019/11/18/a")) else {
        return;
    };
    let provenance = Provenance {
        input: "fuzz.html".into(),
        locator: Locator::File,
    };
    let a = html::to_article("page".into(), x, provenance);
    let mut b = a.clone();
    b.id = "copy".into();
    common::pipeline(vec![a, b]);
});
