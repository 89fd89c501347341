//! What the fuzz targets share: raw articles from fuzzed text, and the whole pipeline over them.
#![allow(dead_code)] // each target uses its part

use samestory_engine::{Engine, NoProgress};
use samestory_model::{Locator, Provenance, RawArticle};

/// A raw article with only an id, a title and a text, as a plain-text input gives one.
pub fn raw(id: usize, title: &str, text: &str) -> RawArticle {
    let provenance = Provenance {
        input: "fuzz".into(),
        locator: Locator::File,
    };
    RawArticle::plain(format!("f{id}"), title.into(), text.into(), provenance)
}

/// Normalizes and analyzes: copies, events, storylines, summaries and links. Whatever the
/// input, nothing may panic, and the report must serialize.
pub fn pipeline(raws: Vec<RawArticle>) {
    let engine = Engine::default();
    let (articles, errors) = engine.normalize(raws);
    let out = engine.analyze(articles, errors, &NoProgress);
    serde_json::to_vec(&out.report).expect("a report serializes");
}

/// libfuzzer-sys aborts on any panic, caught or not; HTML extraction catches the panics of
/// the third-party extractors by design (the page becomes an error), so the targets put the
/// default hook back. A panic that escapes the target still aborts the run.
pub fn default_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = std::panic::take_hook();
    });
}
