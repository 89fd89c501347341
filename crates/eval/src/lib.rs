//! Evaluation metrics and harnesses: extraction quality against reference texts.

pub mod extraction;
