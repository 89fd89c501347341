//! Unicode normalization: NFKC (Thai and Lao AM kept whole), one form for quotes, apostrophes
//! and dashes, folded whitespace, markup-like tags stripped.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Tags that leaked into text: `[source_without_link]`, `[/caption]`, `<br/>`, `</p>`.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[/?[A-Za-z][A-Za-z0-9_-]{0,40}(?:\s[^\]\n]{0,80})?\]|</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?/?>")
        .expect("valid tag regex")
});

/// Maps one char (after NFKC) to its canonical form; `None` drops it.
fn canonical(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}' | '`'
        | '\u{00B4}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        // Zero-width and formatting characters that carry no text.
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{200E}' | '\u{200F}' => return None,
        c if c.is_whitespace() => ' ',
        c if c.is_control() => return None,
        c => c,
    })
}

/// The nikhahit that NFKC splits off before a sara aa, and the vowel the two make: Thai SARA
/// AM (U+0E33) and Lao AM (U+0EB3), keyed by the sara aa. Every Thai and Lao text writes the
/// vowel as one character; NFKC's split would leave the normalized article spelling its words
/// otherwise than the page ("ตำรวจ" as "ตํารวจ").
fn am_after(aa: char) -> Option<(char, char)> {
    match aa {
        '\u{0E32}' => Some(('\u{0E4D}', '\u{0E33}')),
        '\u{0EB2}' => Some(('\u{0ECD}', '\u{0EB3}')),
        _ => None,
    }
}

/// Normalizes one line of text: NFKC (with Thai and Lao AM kept whole), canonical
/// punctuation, tags stripped, whitespace folded to single spaces and trimmed. The result
/// never contains a newline.
pub fn normalize_line(line: &str) -> String {
    let stripped = if line.contains(['[', '<']) {
        TAG.replace_all(line, " ")
    } else {
        std::borrow::Cow::Borrowed(line)
    };
    let mut out = String::with_capacity(stripped.len());
    let mut pending_space = false;
    for c in stripped.nfkc().filter_map(canonical) {
        if c == ' ' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            if let Some((nikhahit, am)) = am_after(c)
                && out.ends_with(nikhahit)
            {
                out.pop();
                out.push(am);
                continue;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_and_spaces_get_one_form() {
        assert_eq!(
            normalize_line("  \u{201C}It\u{2019}s \u{2014} fine\u{201D}\u{00A0} now\u{200B}  "),
            "\"It's - fine\" now"
        );
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(normalize_line("\u{FB01}le \u{2026} \u{FF21}"), "file ... A");
    }

    #[test]
    fn thai_and_lao_am_stay_one_character() {
        // "police" in Thai and "water" in Lao, each with its AM vowel.
        assert_eq!(normalize_line("ตำรวจ"), "ตำรวจ");
        assert_eq!(normalize_line("ນ້ຳ"), "ນ້ຳ");
        // Written as the two halves NFKC makes of it, it comes out as one character too.
        assert_eq!(normalize_line("ต\u{0E4D}\u{0E32}รวจ"), "ตำรวจ");
        // The halves stay apart across a space.
        assert_eq!(normalize_line("ต\u{0E4D} \u{0E32}"), "ต\u{0E4D} \u{0E32}");
    }

    #[test]
    fn markup_like_tags_are_stripped_but_text_kept() {
        assert_eq!(
            normalize_line("[source_without_link]Agence France-Presse[/source_without_link]"),
            "Agence France-Presse"
        );
        assert_eq!(normalize_line("one<br/>two</p>"), "one two");
        assert_eq!(normalize_line("a [1] b < c"), "a [1] b < c");
    }
}
