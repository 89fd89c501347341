//! The article model and the report schema: the data that flows between every stage.
//!
//! Nothing here does work; these are plain values with serde and JSON Schema derives so that
//! the CLI, the server and the Python package all speak the same shapes.

pub mod article;
pub mod report;

pub use article::{Article, Locator, Provenance, RawArticle, Removed, Span};
pub use report::{
    CopyGroup, Event, EventLink, HeadName, NameUse, Origin, Passage, RecordError, Report,
    ReportArticle, SharedTerm, Storyline, StorylineLink, SummarySentence, TextField, TimelineEntry,
};
