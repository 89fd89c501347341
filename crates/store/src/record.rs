//! The byte layout of stored values: articles as postcard records (fields that hold arbitrary
//! JSON travel as JSON text inside them), fingerprints as little-endian `u32`s, snapshots as
//! zstd-compressed JSON.

use chrono::DateTime;
use samestory_model::RawArticle;
use serde::{Deserialize, Serialize};

use crate::{Snapshot, StoreError};

/// An article as format version 1 stores it.
#[derive(Serialize, Deserialize)]
struct ArticleV1 {
    id: String,
    title: String,
    text: String,
    url: Option<String>,
    source: Option<String>,
    /// Microseconds since the Unix epoch.
    published: Option<i64>,
    language: Option<String>,
    /// `metadata` as a JSON object.
    metadata: String,
    /// `provenance` as a JSON object.
    provenance: String,
}

pub(crate) fn encode_article(a: &RawArticle) -> Vec<u8> {
    let record = ArticleV1 {
        id: a.id.clone(),
        title: a.title.clone(),
        text: a.text.clone(),
        url: a.url.clone(),
        source: a.source.clone(),
        published: a.published.map(|t| t.timestamp_micros()),
        language: a.language.clone(),
        metadata: serde_json::to_string(&a.metadata).expect("a JSON map serializes"),
        provenance: serde_json::to_string(&a.provenance).expect("provenance serializes"),
    };
    postcard::to_stdvec(&record).expect("an article record serializes")
}

pub(crate) fn decode_article(seq: u64, bytes: &[u8]) -> Result<RawArticle, StoreError> {
    let what = || format!("article #{seq}");
    let r: ArticleV1 = postcard::from_bytes(bytes).map_err(|e| StoreError::corrupt(what(), e))?;
    Ok(RawArticle {
        id: r.id,
        title: r.title,
        text: r.text,
        url: r.url,
        source: r.source,
        published: match r.published {
            Some(us) => Some(
                DateTime::from_timestamp_micros(us)
                    .ok_or_else(|| StoreError::corrupt(what(), "time out of range"))?,
            ),
            None => None,
        },
        language: r.language,
        metadata: serde_json::from_str(&r.metadata).map_err(|e| StoreError::corrupt(what(), e))?,
        provenance: serde_json::from_str(&r.provenance)
            .map_err(|e| StoreError::corrupt(what(), e))?,
    })
}

/// A fingerprint as little-endian `u32`s.
pub(crate) fn encode_fingerprint(f: &[u32]) -> Vec<u8> {
    f.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn decode_fingerprint(seq: u64, bytes: &[u8]) -> Result<Vec<u32>, StoreError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(StoreError::corrupt(
            format!("fingerprint #{seq}"),
            format!("{} bytes is not a whole number of u32", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Streams the JSON through the compressor: a snapshot of 50k articles is a few hundred MB of
/// JSON, which is never held whole.
pub(crate) fn encode_snapshot(s: &Snapshot) -> Result<Vec<u8>, StoreError> {
    let mut encoder = zstd::Encoder::new(Vec::new(), 3)?;
    serde_json::to_writer(&mut encoder, s).map_err(std::io::Error::from)?;
    Ok(encoder.finish()?)
}

pub(crate) fn decode_snapshot(bytes: &[u8]) -> Result<Snapshot, StoreError> {
    let decoder = zstd::Decoder::new(bytes).map_err(|e| StoreError::corrupt("snapshot", e))?;
    serde_json::from_reader(std::io::BufReader::new(decoder))
        .map_err(|e| StoreError::corrupt("snapshot", e))
}
