//! Text handling shared by every stage: normalization, segmentation, tokens, language, boilerplate.
//!
//! Everything here is a pure function of its input: no I/O, no clock, no randomness.

pub mod boilerplate;
pub mod credit;
pub mod dates;
pub mod entities;
pub mod lang;
pub mod normalize;
pub mod places;
pub mod segment;
pub mod site;
pub mod termlist;
pub mod title;
pub mod tokens;
pub mod vector;

pub use normalize::normalize_line;
pub use segment::{build_body, paragraphs_of, sentences};
pub use termlist::TermList;
pub use title::clean_title;
pub use tokens::{Analyzer, word_spans};
