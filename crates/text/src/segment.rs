//! Paragraph and sentence segmentation with byte ranges into the normalized body.

use samestory_model::Span;

use crate::normalize::normalize_line;

/// The separator between paragraphs of a normalized body.
pub const PARAGRAPH_SEPARATOR: &str = "\n\n";

/// Splits raw text into normalized, non-empty paragraphs: one per line.
pub fn paragraphs_of(text: &str) -> Vec<String> {
    text.lines()
        .map(normalize_line)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Joins paragraphs into a body and returns the span of each.
pub fn build_body<S: AsRef<str>>(paragraphs: &[S]) -> (String, Vec<Span>) {
    let total: usize = paragraphs.iter().map(|p| p.as_ref().len() + 2).sum();
    let mut body = String::with_capacity(total);
    let mut spans = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if !body.is_empty() {
            body.push_str(PARAGRAPH_SEPARATOR);
        }
        let start = body.len();
        body.push_str(p.as_ref());
        spans.push(Span::new(start, body.len()));
    }
    (body, spans)
}

/// Sentence spans of `body`, segmented paragraph by paragraph with the rules of `language`
/// (ISO 639-1; unknown codes fall back to generic punctuation rules). Spans are trimmed of
/// surrounding whitespace; a sentence never crosses a paragraph.
pub fn sentences(body: &str, paragraphs: &[Span], language: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs {
        let text = para.slice(body);
        for b in sentencex::get_sentence_boundaries(language, text) {
            let piece = &text[b.start_byte..b.end_byte];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let start = para.start + b.start_byte + lead;
            out.push(Span::new(start, start + trimmed.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_spans_slice_back_to_paragraphs() {
        let paras = paragraphs_of("First  line.\n\n\n Second \u{201C}line\u{201D}.\n");
        let (body, spans) = build_body(&paras);
        assert_eq!(body, "First line.\n\nSecond \"line\".");
        let texts: Vec<_> = spans.iter().map(|s| s.slice(&body)).collect();
        assert_eq!(texts, ["First line.", "Second \"line\"."]);
    }

    #[test]
    fn sentences_stay_inside_paragraphs_and_slice_cleanly() {
        let (body, paras) = build_body(&[
            "Mr. Smith went to Washington. He met the U.S. president.",
            "A second paragraph without a full stop",
        ]);
        let sents: Vec<_> = sentences(&body, &paras, "en")
            .iter()
            .map(|s| s.slice(&body).to_string())
            .collect();
        assert_eq!(
            sents,
            [
                "Mr. Smith went to Washington.",
                "He met the U.S. president.",
                "A second paragraph without a full stop"
            ]
        );
    }
}
