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

    /// Scores of yes/no decisions against labels, `(predicted, truth, weight)` each, a
    /// decision counting `weight` times (a sample drawn unevenly stands for its population):
    /// precision over the predicted yes, recall over the true yes (each 0 where it has nothing
    /// to count).
    pub fn of_decisions(decisions: impl IntoIterator<Item = (bool, bool, f64)>) -> Self {
        let (mut tp, mut predicted, mut truth) = (0.0, 0.0, 0.0);
        for (p, t, w) in decisions {
            if p && t {
                tp += w;
            }
            if p {
                predicted += w;
            }
            if t {
                truth += w;
            }
        }
        let share = |n: f64, of: f64| if of > 0.0 { n / of } else { 0.0 };
        Self::new(share(tp, predicted), share(tp, truth))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_scored_against_their_labels() {
        // One right yes, one wrong yes, one missed yes, one right no.
        let d = [(true, true), (true, false), (false, true), (false, false)];
        let p = Prf::of_decisions(d.map(|(p, t)| (p, t, 1.0)));
        assert_eq!(p, Prf::new(0.5, 0.5));
        // The wrong yes standing for three.
        let w = [1.0, 3.0, 1.0, 1.0];
        let p = Prf::of_decisions(d.iter().zip(w).map(|(&(p, t), w)| (p, t, w)));
        assert_eq!(p, Prf::new(0.25, 0.5));
        assert_eq!(Prf::of_decisions([(false, true, 1.0)]), Prf::new(0.0, 0.0));
        assert_eq!(Prf::of_decisions([]), Prf::default());
    }
}
