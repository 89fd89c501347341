//! Plain-text articles: the first non-empty line that is not page furniture is the title when
//! it reads like a headline (else the article has no title and that line opens the body); the
//! rest is the body. The id is the file stem.

use std::path::Path;

use samestory_model::{Locator, Provenance, RawArticle};
use samestory_text::dates::dateline_in;
use samestory_text::{boilerplate, normalize_line};

use crate::error::IngestError;
use crate::{IngestOptions, Record, decode, record_error};

/// Reads one `.txt` file (optionally compressed).
pub fn read(path: &Path, options: &IngestOptions) -> Record {
    let provenance = Provenance {
        input: path.display().to_string(),
        locator: Locator::File,
    };
    parse(path, options)
        .map(|(title, text)| RawArticle::plain(stem(path), title, text, provenance.clone()))
        .map_err(|e| record_error(&provenance, e))
}

fn parse(path: &Path, options: &IngestOptions) -> Result<(String, String), IngestError> {
    let bytes = decode::read_capped(path, options.max_record_bytes)?;
    let text = decode::utf8(&bytes)?;
    // A file holding a headline alone has no body.
    let (title, body) = split_title(&text)?;
    Ok(if reads_like_headline(&title) {
        (title, body)
    } else {
        (String::new(), text)
    })
}

/// Most words a first line may have to be taken for a headline.
const HEADLINE_MAX_WORDS: usize = 25;

/// Splits off the first line (that is not page furniture or a dateline) as the title when it
/// reads like a headline: at most [`HEADLINE_MAX_WORDS`] words, not ending like a sentence or a
/// lead-in (`.`, `,`, `:`, `;`), and followed by more text. Otherwise the title stays empty and
/// the text is all body: a wire story's first line is often its lead sentence.
pub fn headline_split(text: String) -> (String, String) {
    match split_title(&text) {
        Ok((title, rest)) if reads_like_headline(&title) => (title, rest),
        _ => (String::new(), text),
    }
}

fn reads_like_headline(line: &str) -> bool {
    line.split_whitespace().count() <= HEADLINE_MAX_WORDS && !line.ends_with(['.', ',', ':', ';'])
}

/// Splits text into (title, body): the title is the first non-empty line that is neither
/// furniture nor a dateline (which stays in the body, where it dates the article).
pub fn split_title(text: &str) -> Result<(String, String), IngestError> {
    let lines: Vec<&str> = text.lines().collect();
    let title_at = lines
        .iter()
        .position(|l| {
            let n = normalize_line(l);
            !n.is_empty() && boilerplate::classify(&n).is_none() && dateline_in(&n).is_none()
        })
        .ok_or(IngestError::EmptyBody)?;
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != title_at)
        .map(|(_, l)| *l)
        .collect();
    let body = body.join("\n");
    if body.trim().is_empty() {
        return Err(IngestError::EmptyBody);
    }
    Ok((normalize_line(lines[title_at]), body))
}

/// A file's name without its extensions (`a/000_x.txt.gz` gives `000_x`).
pub fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut name: &str = &name;
    for ext in [".gz", ".zst", ".txt", ".text", ".html", ".htm", ".xhtml"] {
        if name.len() > ext.len() && name.to_ascii_lowercase().ends_with(ext) {
            name = &name[..name.len() - ext.len()];
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_before_the_title_is_skipped() {
        let (title, body) =
            split_title("\nSubscribe to our newsletter.\n\nRebels seize town\n\nBody text.")
                .unwrap();
        assert_eq!(title, "Rebels seize town");
        assert!(body.contains("Subscribe") && body.contains("Body text."));
    }

    #[test]
    fn a_title_alone_is_an_empty_body() {
        assert!(matches!(
            split_title("Only a title\n\n"),
            Err(IngestError::EmptyBody)
        ));
    }

    #[test]
    fn a_lead_sentence_on_the_first_line_stays_in_the_body() {
        let text = "WASHINGTON (AP) _ The Senate approved the budget bill on Tuesday.\n\nMore.";
        assert_eq!(
            headline_split(text.into()),
            (String::new(), text.to_string())
        );
        let (title, body) = headline_split("Senate passes budget\n\nThe Senate voted.".into());
        assert_eq!(
            (title.as_str(), body.trim()),
            ("Senate passes budget", "The Senate voted.")
        );
    }
}
