//! Articles before normalization (`RawArticle`, what a reader produced) and after (`Article`).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's normalized body.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `body`.
    pub fn slice<'a>(&self, body: &'a str) -> &'a str {
        &body[self.start..self.end]
    }
}

/// Where inside an input an article was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Locator {
    /// The whole file is one article.
    File,
    /// A 1-based line of a JSONL file.
    Line { line: u64 },
    /// A record of a WARC file, by its byte offset in the (possibly compressed) stream.
    WarcRecord { offset: u64, record_id: String },
    /// A member of an archive or a request body.
    Member { name: String },
}

/// The input and position an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// Path of the input file (or a name given by the caller, such as an upload).
    pub input: String,
    #[serde(flatten)]
    pub locator: Locator,
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.locator {
            Locator::File => write!(f, "{}", self.input),
            Locator::Line { line } => write!(f, "{}:{line}", self.input),
            Locator::WarcRecord { offset, record_id } => {
                write!(f, "{}@{offset} ({record_id})", self.input)
            }
            Locator::Member { name } => write!(f, "{}!{name}", self.input),
        }
    }
}

/// An article as a reader found it: text not yet normalized, boilerplate still in.
///
/// `text` holds the body with one paragraph per line (blank lines allowed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    pub id: String,
    pub title: String,
    pub text: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1 code, when the input declared one.
    pub language: Option<String>,
    /// Fields of the input that the model has no slot for, kept as they were.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub provenance: Provenance,
}

impl RawArticle {
    /// An article of which the input gives only an id, a title and a text (a plain-text file,
    /// generated text): no url, source, time, declared language or other fields.
    pub fn plain(id: String, title: String, text: String, provenance: Provenance) -> Self {
        Self {
            id,
            title,
            text,
            url: None,
            source: None,
            published: None,
            language: None,
            metadata: Default::default(),
            provenance,
        }
    }
}

/// A paragraph taken out of the body, with the rule that took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Removed {
    pub text: String,
    pub reason: String,
}

/// A normalized article: the unit every later stage works on.
///
/// Invariants: `body` is NFKC with one form of quotes, dashes and whitespace; paragraphs are
/// separated by exactly `"\n\n"`; every span in `paragraphs` and `sentences` is a valid,
/// char-aligned range of `body`, sorted and non-overlapping, and every sentence lies inside one
/// paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1 code (639-3 where a language has none, as Buryat `bua`): declared by the input,
    /// or told from the text (see `samestory_text::lang::resolve`).
    pub language: Option<String>,
    pub body: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    /// Credit lines found in the text ("AFP", "Reuters"), as written after normalization.
    pub credits: Vec<String>,
    /// What boilerplate removal took out, in order.
    pub removed: Vec<Removed>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub provenance: Provenance,
}

impl Article {
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|s| s.slice(&self.body))
    }

    pub fn sentence_texts(&self) -> impl Iterator<Item = &str> {
        self.sentences.iter().map(|s| s.slice(&self.body))
    }
}
