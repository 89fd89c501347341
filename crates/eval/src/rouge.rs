//! ROUGE-1, -2 and -L of a summary against one or more references, scored exactly as Google's
//! `rouge-score` does (its tokenizer and Porter stemmer, through the `rougers` crate), with the
//! summary cut at the word budget first, as DUC evaluations do (`ROUGE-1.5.5 -l N`).

use rougers::{RougeScorer, RougeType};
use serde::Serialize;

use crate::Prf;

/// Scores of one summary: each measure's mean over the references.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RougeScores {
    pub rouge1: Prf,
    pub rouge2: Prf,
    pub rouge_l: Prf,
}

impl RougeScores {
    /// The mean of each measure over `items`.
    pub fn mean(items: &[RougeScores]) -> RougeScores {
        let pick = |f: fn(&RougeScores) -> Prf| Prf::mean(&items.iter().map(f).collect::<Vec<_>>());
        RougeScores {
            rouge1: pick(|s| s.rouge1),
            rouge2: pick(|s| s.rouge2),
            rouge_l: pick(|s| s.rouge_l),
        }
    }
}

/// A ROUGE scorer with stemming.
pub struct Rouge {
    scorer: RougeScorer,
}

impl Default for Rouge {
    fn default() -> Self {
        Self {
            scorer: RougeScorer::new(["rouge1", "rouge2", "rougeL"], true)
                .expect("valid ROUGE types"),
        }
    }
}

/// The first `words` whitespace-separated words of `text`.
pub fn cut_words(text: &str, words: usize) -> String {
    text.split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Rouge {
    /// Scores `summary`, cut at `words` words, against each reference; the mean over them.
    /// No reference gives zeros.
    pub fn score<S: AsRef<str>>(
        &self,
        summary: &str,
        references: &[S],
        words: usize,
    ) -> RougeScores {
        let summary = cut_words(summary, words);
        let per_ref: Vec<RougeScores> = references
            .iter()
            .map(|r| {
                let s = self.scorer.score(r.as_ref(), &summary);
                let get = |t| {
                    s.get(t)
                        .map(|x| Prf::new(x.precision, x.recall))
                        .unwrap_or_default()
                };
                RougeScores {
                    rouge1: get(RougeType::N(1)),
                    rouge2: get(RougeType::N(2)),
                    rouge_l: get(RougeType::L),
                }
            })
            .collect();
        RougeScores::mean(&per_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rouge_score_on_its_documented_example() {
        // rouge-score's README: rouge1 P 0.75, R 0.6667, F 0.7059 with stemming.
        let s = Rouge::default().score(
            "The quick brown dog jumps on the log.",
            &["The quick brown fox jumps over the lazy dog"],
            100,
        );
        assert!((s.rouge1.precision - 0.75).abs() < 1e-9);
        assert!((s.rouge1.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.rouge1.f1 - 0.7058823529411765).abs() < 1e-9);
    }

    #[test]
    fn summaries_are_cut_at_the_budget_and_references_averaged() {
        let r = Rouge::default();
        let s = r.score("alpha beta gamma delta", &["alpha beta", "gamma delta"], 2);
        // "alpha beta": full recall against the first reference, none against the second.
        assert!((s.rouge1.recall - 0.5).abs() < 1e-9);
        assert_eq!(cut_words(" a  b c ", 2), "a b");
    }
}
