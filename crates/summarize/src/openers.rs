//! Words that open a sentence leaning on the one before it ("He", "But", "However", "Однако",
//! "Напомним"), found from a corpus rather than listed: such a word opens many of its
//! articles' later sentences and (almost) never an article's first. Out of its article, a
//! sentence that opens so reads as a reply to a sentence the summary does not show.

use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use samestory_text::tokens::fold;

use crate::Document;
use crate::candidates::dateline_prefix;

/// Fewest times a word would open an article's first sentence, were it as common there as it
/// is at the start of later ones, before its absence there says anything.
const MIN_EXPECTED: f64 = 8.0;

/// Most an opening word may open first sentences, as a share of what it would at its rate in
/// later ones, and still lean back. On the Telegram pages (47,861 articles) English "He"
/// opens 0.09 of what it would, "But" 0.05, "However" 0.03, Russian "Он" 0.20, "Это" 0.15,
/// "Однако" 0.08; where "The" opens 0.93, "In" 0.46, "According" 0.75, "По" 0.43 and
/// "Как" 0.29 ("Как сообщает..."), and "It" 0.33 and "This" 0.31 ("This year's...") open
/// leads too often to tell.
const MAX_SHARE: f64 = 0.25;

/// Per language, how often each word opens an article's first sentence and its later ones.
/// Counts, merged in any order to the same result.
#[derive(Debug, Clone, Default)]
pub struct Openers {
    /// Per language: articles read (with two sentences or more), and their later sentences.
    languages: FxHashMap<String, (u64, u64)>,
    /// Per language and folded opening word (see [`key`]): the first sentences, and the later
    /// ones, it opens.
    words: FxHashMap<u64, (u64, u64)>,
}

/// The key of `word` (folded) opening a sentence in `language`.
fn key(language: &str, word: &str) -> u64 {
    let mut bytes = Vec::with_capacity(language.len() + word.len() + 1);
    bytes.extend_from_slice(language.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(word.as_bytes());
    xxh3_64(&bytes)
}

/// The word that opens `sentence` after any wire dateline, folded; `None` where it opens with
/// anything but a letter (a quotation, a number, a bullet), which this does not judge.
fn opening_word(sentence: &str) -> Option<String> {
    let text = &sentence[dateline_prefix(sentence)..];
    if !text.starts_with(char::is_alphabetic) {
        return None;
    }
    text.unicode_words().next().map(fold)
}

impl Openers {
    /// Counts the opening words of one document's sentences.
    pub fn read(&mut self, doc: &Document<'_>) {
        if doc.sentences.len() < 2 {
            return;
        }
        let counts = self.languages.entry(doc.language.to_string()).or_default();
        counts.0 += 1;
        counts.1 += doc.sentences.len() as u64 - 1;
        for (i, span) in doc.sentences.iter().enumerate() {
            if let Some(word) = opening_word(span.slice(doc.text)) {
                let n = self.words.entry(key(doc.language, &word)).or_default();
                if i == 0 {
                    n.0 += 1;
                } else {
                    n.1 += 1;
                }
            }
        }
    }

    /// Adds what `other` has counted.
    pub fn merge(&mut self, other: Openers) {
        for (language, (a, l)) in other.languages {
            let n = self.languages.entry(language).or_default();
            n.0 += a;
            n.1 += l;
        }
        for (word, (f, l)) in other.words {
            let n = self.words.entry(word).or_default();
            n.0 += f;
            n.1 += l;
        }
    }

    /// The opening word of `sentence` (in `language`, folded) where it leans on the sentence
    /// before: a word that would open at least [`MIN_EXPECTED`] of the articles' first
    /// sentences at the rate it opens their later ones, and opens at most [`MAX_SHARE`] of
    /// that many. The caller tells names apart ("Trump said..." opens later sentences too).
    pub fn leaning_word(&self, language: &str, sentence: &str) -> Option<String> {
        let &(articles, later) = self.languages.get(language)?;
        let word = opening_word(sentence)?;
        let &(first, elsewhere) = self.words.get(&key(language, &word))?;
        let expected = articles as f64 * elsewhere as f64 / later.max(1) as f64;
        (expected >= MIN_EXPECTED && first as f64 <= expected * MAX_SHARE).then_some(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samestory_text::segment::{build_body, sentences};

    /// Openers read from English articles, each given as its sentences.
    fn read(articles: &[Vec<String>]) -> Openers {
        let mut openers = Openers::default();
        for paras in articles {
            let paras: Vec<&str> = paras.iter().map(String::as_str).collect();
            let (body, spans) = build_body(&paras);
            let s = sentences(&body, &spans, "en");
            let doc = Document {
                title: "",
                text: &body,
                sentences: &s,
                language: "en",
                time: None,
                voice: 0,
                source: None,
            };
            let mut one = Openers::default();
            one.read(&doc);
            openers.merge(one);
        }
        openers
    }

    #[test]
    fn a_word_that_opens_later_sentences_but_no_lead_leans_back() {
        // Forty articles: leads open with "The" or "A"; later sentences with "He", "The",
        // "In", and (rarely) "Its".
        let articles: Vec<Vec<String>> = (0..40)
            .map(|i| {
                let lead = if i % 2 == 0 {
                    "The mayor of Springfield resigned on Monday."
                } else {
                    "A fire destroyed a warehouse in Springfield."
                };
                let mut s = vec![lead.to_string()];
                s.push("He said the city would recover soon.".into());
                s.push("The council meets again next week.".into());
                s.push("In the meantime the deputy mayor takes over.".into());
                if i % 10 == 0 {
                    s.push("Its budget is under review.".into());
                }
                s
            })
            .collect();
        let openers = read(&articles);
        assert_eq!(
            openers.leaning_word("en", "He told reporters the city would recover."),
            Some("he".to_string())
        );
        // Opens leads as often as later sentences.
        assert_eq!(openers.leaning_word("en", "The city will recover."), None);
        // Never opens a lead either, but is too rare to tell.
        assert_eq!(openers.leaning_word("en", "Its budget is tight."), None);
        // Unseen words, languages, and sentences that open with a quotation say nothing.
        assert_eq!(openers.leaning_word("en", "She left."), None);
        assert_eq!(openers.leaning_word("fr", "He left."), None);
        assert_eq!(openers.leaning_word("en", "\"He left,\" she said."), None);
        // A dateline is not the opening.
        assert_eq!(
            openers.leaning_word("en", "SPRINGFIELD (AP) - He left the city."),
            Some("he".to_string())
        );
    }

    #[test]
    fn counts_merge_in_any_order() {
        let a = vec!["The mayor resigned.".to_string(), "He left.".to_string()];
        let b = vec![
            "A fire broke out.".to_string(),
            "But it was put out.".to_string(),
        ];
        let ab = read(&[a.clone(), b.clone()]);
        let ba = read(&[b, a]);
        let mut x: Vec<_> = ab.words.into_iter().collect();
        let mut y: Vec<_> = ba.words.into_iter().collect();
        x.sort_unstable();
        y.sort_unstable();
        assert_eq!(x, y);
        assert_eq!(ab.languages, ba.languages);
    }
}
