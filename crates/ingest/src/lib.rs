//! Reading inputs into `RawArticle`s: format detection, directory walking, decompression, and
//! one reader per format (plain text, JSONL, HTML pages, WARC files).
//!
//! Every input record yields either an article or a `RecordError` naming the record and the
//! reason; one bad record never stops the others.

pub mod decode;
pub mod discover;
pub mod error;
pub mod html;
pub mod jsonl;
pub mod time;
pub mod txt;
pub mod warc;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use samestory_model::{Provenance, RawArticle, RecordError};

pub use discover::{Format, discover};
pub use error::IngestError;

/// What reading one record gave.
pub type Record = Result<RawArticle, RecordError>;

/// Limits and switches for reading.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Largest record accepted, in bytes after decompression; larger ones are reported.
    pub max_record_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_record_bytes: 16 << 20,
        }
    }
}

/// Reads inputs with fixed options; cheap to share between threads.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub options: IngestOptions,
}

impl Reader {
    pub fn new(options: IngestOptions) -> Self {
        Self { options }
    }

    /// Reads every record of one file, pushing each to `sink` in file order.
    pub fn read_file(&self, path: &Path, format: Format, sink: &mut dyn FnMut(Record)) {
        match format {
            Format::Text => sink(txt::read(path, &self.options)),
            Format::Html => sink(html::read_file(path, &self.options)),
            Format::Jsonl => jsonl::read(path, &self.options, sink),
            Format::Warc => warc::read(path, &self.options, sink),
        }
    }

    /// Reads files in parallel and returns their records in the order of `files`, calling
    /// `progress` once per finished file.
    pub fn read_all(
        &self,
        files: &[(PathBuf, Format)],
        progress: &(dyn Fn() + Sync),
    ) -> Vec<Record> {
        files
            .par_iter()
            .map(|(path, format)| {
                let mut out = Vec::new();
                self.read_file(path, *format, &mut |r| out.push(r));
                progress();
                out
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Builds a per-record error.
pub(crate) fn record_error(provenance: &Provenance, error: impl std::fmt::Display) -> RecordError {
    RecordError {
        input: provenance.to_string(),
        error: error.to_string(),
    }
}
