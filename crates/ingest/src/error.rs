//! Reasons a record cannot become an article.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("record of {size} bytes is over the cap of {cap} bytes")]
    TooLarge { size: u64, cap: usize },
    #[error(
        "invalid UTF-8 beyond repair ({bad} of {total} bytes undecodable, first at byte {first})"
    )]
    InvalidUtf8 {
        bad: usize,
        total: usize,
        first: usize,
    },
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("JSON record is not an object")]
    NotAnObject,
    #[error("field `{field}`: {reason}")]
    Field { field: &'static str, reason: String },
    #[error("empty body")]
    EmptyBody,
    #[error("no article text could be extracted ({0})")]
    Extraction(String),
    #[error("extractor panicked: {0}")]
    Panic(String),
    #[error("WARC: {0}")]
    Warc(String),
}
