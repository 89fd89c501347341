//! The one API that the CLI, the server and the Python package call: read inputs, normalize
//! articles, then find copies, events, storylines and summaries and assemble the report.
//!
//! Stages are plain functions over owned data; the only I/O is `Engine::read`, which delegates
//! to `samestory-ingest`. Results are deterministic: inputs are processed in sorted order and
//! every parallel step collects in input order.

pub mod analyze;
pub mod links;
pub mod normalize;

use std::path::PathBuf;
use std::sync::Arc;

use samestory_ingest::{IngestOptions, Reader, discover};
use samestory_model::{Article, RawArticle, RecordError, Report};
use samestory_text::boilerplate::RepeatConfig;

pub use analyze::{EventSummary, analyze, read_corpus, summarize_event};
pub use normalize::normalize;
pub use samestory_summarize::Corpus;

/// Everything that tunes a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub ingest: IngestOptions,
    pub repeat: RepeatConfig,
    pub dedup: samestory_dedup::Config,
    pub cluster: samestory_cluster::Config,
    pub summary: samestory_summarize::Config,
    /// Sentence embeddings for the clustering model's dense term (`cluster.model.dense`);
    /// none by default.
    pub dense: Option<Arc<samestory_embed::Embedder>>,
}

/// Receives progress of long stages; every method has a no-op default.
pub trait Progress: Sync {
    fn start(&self, _stage: &'static str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct NoProgress;
impl Progress for NoProgress {}

/// The result of a run: the report and the normalized articles it refers to.
#[derive(Debug, Clone)]
pub struct Output {
    pub report: Report,
    pub articles: Vec<Article>,
}

/// A configured pipeline.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    pub config: Config,
}

impl Engine {
    pub fn new(config: Config) -> Self {
        Self { config }
    }

    /// Reads every input (files or directories) into raw articles and per-record errors.
    pub fn read(
        &self,
        inputs: &[PathBuf],
        progress: &dyn Progress,
    ) -> (Vec<RawArticle>, Vec<RecordError>) {
        let (files, mut errors) = discover(inputs);
        progress.start("reading", files.len() as u64);
        let reader = Reader::new(self.config.ingest);
        let records = reader.read_all(&files, &|| progress.advance(1));
        progress.finish();
        let mut raws = Vec::with_capacity(records.len());
        for r in records {
            match r {
                Ok(a) => raws.push(a),
                Err(e) => errors.push(e),
            }
        }
        (raws, errors)
    }

    /// Normalizes raw articles (see [`normalize`]).
    pub fn normalize(&self, raws: Vec<RawArticle>) -> (Vec<Article>, Vec<RecordError>) {
        normalize(raws, self.config.repeat)
    }

    /// Reads, normalizes and analyzes: the whole job.
    pub fn run(&self, inputs: &[PathBuf], progress: &dyn Progress) -> Output {
        let (raws, mut errors) = self.read(inputs, progress);
        progress.start("normalizing", raws.len() as u64);
        let (articles, norm_errors) = self.normalize(raws);
        progress.finish();
        errors.extend(norm_errors);
        self.analyze(articles, errors, progress)
    }

    /// Finds copies, events, storylines and summaries over normalized articles.
    pub fn analyze(
        &self,
        articles: Vec<Article>,
        errors: Vec<RecordError>,
        progress: &dyn Progress,
    ) -> Output {
        let report = analyze(&articles, errors, &self.config, progress);
        Output { report, articles }
    }

    /// Summarizes all `articles` as one event, reading them as its corpus too (see
    /// [`read_corpus`]): copies are found first so that each copy group counts as one voice.
    pub fn summarize(&self, articles: &[Article]) -> EventSummary {
        self.summarize_in(articles, &read_corpus(articles))
    }

    /// Summarizes all `articles` as one event of a corpus that `corpus` has read (see
    /// [`read_corpus`]), as [`analyze`] summarizes each event of its articles.
    pub fn summarize_in(&self, articles: &[Article], corpus: &Corpus) -> EventSummary {
        let docs: Vec<samestory_dedup::Doc> = articles
            .iter()
            .map(|a| samestory_dedup::Doc::new(&a.body))
            .collect();
        let det = samestory_dedup::detect(&docs, &self.config.dedup);
        let members: Vec<usize> = (0..articles.len()).collect();
        summarize_event(
            articles,
            &members,
            &det.group_of,
            corpus,
            &self.config.summary,
        )
    }
}
