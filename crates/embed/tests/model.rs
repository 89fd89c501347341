//! The real model (with the `candle` feature and the weights from `scripts/fetch-minilm`, or a
//! directory in `SAMESTORY_MINILM`): unit vectors, paraphrases closer than unrelated texts, the
//! same vector for the same text in any batch.

#![cfg(feature = "candle")]

use std::path::PathBuf;

use samestory_embed::Embedder;

fn model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SAMESTORY_MINILM")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/models/all-minilm-l6-v2")
        });
    if dir.join("model.safetensors").is_file() {
        Some(dir)
    } else {
        println!(
            "SKIPPED: no model in {} (run scripts/fetch-minilm)",
            dir.display()
        );
        None
    }
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn paraphrases_are_closer_than_unrelated_texts() {
    let Some(dir) = model_dir() else { return };
    let e = Embedder::load(&dir).unwrap();
    let texts = [
        "Islamic State fighters cornered in southern Syria freed hostages in exchange for safe passage.",
        "IS militants trapped in the south of Syria released captives in a deal to leave the area.",
        "The central bank raised interest rates by a quarter point on Wednesday.",
    ];
    let v = e.embed(&texts).unwrap();
    assert_eq!(v.len(), 3);
    for x in &v {
        assert_eq!(x.len(), 384);
        assert!((cos(x, x) - 1.0).abs() < 1e-4);
    }
    let (para, other) = (cos(&v[0], &v[1]), cos(&v[0], &v[2]));
    assert!(
        para > 0.6 && other < 0.3 && para > other + 0.3,
        "{para} {other}"
    );
    // Alone or padded in a batch, a text gets the same vector.
    let alone = Embedder::load(&dir).unwrap().embed(&texts[2..]).unwrap();
    assert!(cos(&alone[0], &v[2]) > 0.9999);
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let err = Embedder::load(std::path::Path::new("/nonexistent/model")).unwrap_err();
    assert!(err.to_string().contains("config.json"), "{err}");
}
