//! Words with byte offsets, and the stemmed, stop-word-free terms that similarity works on.

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Byte ranges of the words of `text` (Unicode word boundaries, punctuation excluded).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    text.unicode_word_indices()
        .map(|(i, w)| (i, i + w.len()))
        .collect()
}

/// Lower-cases a word for matching; apostrophes inside words are kept.
pub fn fold(word: &str) -> String {
    word.to_lowercase()
}

/// Per-language term analysis: lower-case, drop stop words, stem.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    stop: HashSet<&'static str>,
}

fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

macro_rules! cached_analyzers {
    ($($code:literal),*) => {
        /// The analyzer for an ISO 639-1 code; a stemmer-less, stop-word-less one for others.
        pub fn analyzer(language: &str) -> &'static Analyzer {
            $(
                {
                    static A: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new($code));
                    if language == $code {
                        return &A;
                    }
                }
            )*
            static OTHER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(""));
            &OTHER
        }
    };
}

cached_analyzers!(
    "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "pt", "ro", "ru", "es", "sv",
    "ta", "tr"
);

impl Analyzer {
    pub fn new(language: &str) -> Self {
        let stop = stop_words::lookup(language)
            .map(|words| words.iter().copied().collect())
            .unwrap_or_default();
        Self {
            stemmer: algorithm(language).map(Stemmer::create),
            stop,
        }
    }

    pub fn is_stop_word(&self, folded: &str) -> bool {
        self.stop.contains(folded)
    }

    /// The term for one word, or `None` for stop words and one-letter non-digits.
    pub fn term(&self, word: &str) -> Option<String> {
        let folded = fold(word).replace('\'', "");
        if folded.is_empty() || self.stop.contains(folded.as_str()) {
            return None;
        }
        if folded.chars().count() == 1 && !folded.chars().all(|c| c.is_numeric()) {
            return None;
        }
        Some(match &self.stemmer {
            Some(s) => s.stem(&folded).into_owned(),
            None => folded,
        })
    }

    /// Terms of `text` in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        text.unicode_words().filter_map(|w| self.term(w)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_spans_slice_back_to_words() {
        let text = "IS fighters, cornered in Syria's Deraa.";
        let words: Vec<_> = word_spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            ["IS", "fighters", "cornered", "in", "Syria's", "Deraa"]
        );
    }

    #[test]
    fn english_terms_are_stemmed_without_stop_words() {
        assert_eq!(
            analyzer("en").terms("The fighters were cornered in the pockets"),
            ["fighter", "corner", "pocket"]
        );
    }

    #[test]
    fn unknown_language_keeps_folded_words() {
        assert_eq!(analyzer("xx").terms("Hello World"), ["hello", "world"]);
    }
}
