//! Why members are one event: the clustering's strongest links between copy groups, as
//! article pairs with the terms that made them alike, located in each body.

use samestory_cluster::{Edge, Features, Terms as ClusterTerms};
use samestory_model::{Article, EventLink, SharedTerm};
use samestory_text::tokens::{Analyzer, analyzer, word_spans};
use samestory_text::vector::Vocabulary;

/// Shared terms listed per link.
const SHARED_TERMS: usize = 5;

/// Shared terms looked for per link: some of the heaviest are only in a title.
const CANDIDATE_TERMS: usize = 10;

/// What clustering knows of the articles, for explaining its links.
pub struct Evidence<'a> {
    pub articles: &'a [Article],
    pub terms: &'a [ClusterTerms],
    pub features: &'a [Features],
    pub vocab: &'a Vocabulary,
    /// Article index of each clustering unit (a copy group's representative).
    pub representative: &'a [usize],
}

impl Evidence<'_> {
    /// The report's form of one event's links between units.
    pub fn links(&self, edges: &[Edge]) -> Vec<EventLink> {
        edges
            .iter()
            .map(|e| {
                let (a, b) = (
                    self.representative[e.a as usize],
                    self.representative[e.b as usize],
                );
                EventLink {
                    a: self.articles[a].id.clone(),
                    b: self.articles[b].id.clone(),
                    probability: (e.sim as f64 * 1000.0).round() / 1000.0,
                    shared: self.shared(a, b),
                }
            })
            .collect()
    }

    /// The content terms of articles `a` and `b` that weigh most in their cosine, where both
    /// bodies use them.
    fn shared(&self, a: usize, b: usize) -> Vec<SharedTerm> {
        let ids = self.features[a]
            .content
            .shared_top(&self.features[b].content, CANDIDATE_TERMS);
        let (in_a, in_b) = (self.first_uses(a, &ids), self.first_uses(b, &ids));
        in_a.into_iter()
            .zip(in_b)
            .filter_map(|(x, y)| {
                let ((a_start, a_end), (b_start, b_end)) = (x?, y?);
                Some(SharedTerm {
                    word: self.articles[a].body[a_start..a_end].to_string(),
                    a_start,
                    a_end,
                    b_start,
                    b_end,
                })
            })
            .take(SHARED_TERMS)
            .collect()
    }

    /// For each term id of `wanted`, the byte range in article `i`'s body of the first word
    /// that gives it, if a sentence of its body holds it.
    fn first_uses(&self, i: usize, wanted: &[u32]) -> Vec<Option<(usize, usize)>> {
        let (article, terms) = (&self.articles[i], &self.terms[i]);
        let an = analyzer(&terms.language);
        let mut found = vec![None; wanted.len()];
        let mut left = wanted.len();
        for (s, span) in article.sentences.iter().enumerate() {
            for term in terms.sentence_body(s) {
                let Some(k) = self
                    .vocab
                    .id(term)
                    .and_then(|id| wanted.iter().position(|&w| w == id))
                else {
                    continue;
                };
                if found[k].is_none()
                    && let Some((x, y)) = locate(span.slice(&article.body), an, term)
                {
                    found[k] = Some((span.start + x, span.start + y));
                    left -= 1;
                }
            }
            if left == 0 {
                break;
            }
        }
        found
    }
}

/// Byte range in `text` of the first word (or, in a script without spaces, pair of adjacent
/// characters) that `an` reads as `term`.
fn locate(text: &str, an: &Analyzer, term: &str) -> Option<(usize, usize)> {
    let spans = word_spans(text);
    let gives = |s: usize, e: usize| an.terms(&text[s..e]).iter().any(|t| t == term);
    for (j, &(s, e)) in spans.iter().enumerate() {
        if gives(s, e) {
            return Some((s, e));
        }
        // Each ideograph is a word to the scanner; the analyzer pairs adjacent ones.
        if let Some(&(next, end)) = spans.get(j + 1)
            && next == e
            && gives(s, end)
        {
            return Some((s, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_the_word_a_term_comes_from() {
        let en = analyzer("en");
        let text = "Fighters attacked the town; the attacks went on.";
        let term = en.term("attacks").expect("a term");
        assert_eq!(locate(text, en, &term), Some((9, 17)));
        assert_eq!(&text[9..17], "attacked");
        assert_eq!(locate(text, en, "quake"), None);
        // Characters of an unspaced script are paired.
        let zh = analyzer("zh");
        let text = "美国将延长华为禁令";
        let pair = zh.terms("华为").remove(0);
        let (s, e) = locate(text, zh, &pair).expect("found");
        assert_eq!(&text[s..e], "华为");
    }
}
