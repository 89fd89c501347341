//! Evaluation metrics and harnesses: extraction quality against reference texts, partition
//! agreement (copy groups, events) against gold labels, and generated edited copies with known
//! truth.

pub mod copies;
pub mod extraction;
pub mod partition;
pub mod rouge;

use serde::Serialize;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// F1 is 0 when both measures are.
    pub fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Self {
            precision,
            recall,
            f1,
        }
    }

    /// The mean of each measure over `items`.
    pub fn mean(items: &[Prf]) -> Prf {
        let n = items.len().max(1) as f64;
        Prf {
            precision: items.iter().map(|p| p.precision).sum::<f64>() / n,
            recall: items.iter().map(|p| p.recall).sum::<f64>() / n,
            f1: items.iter().map(|p| p.f1).sum::<f64>() / n,
        }
    }
}
