//! Words with byte offsets, and the stemmed, stop-word-free terms that similarity works on.

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// A combining mark or zero-width joiner: continues a word, never starts one.
    Extend,
    /// A character that is a word of its own: ideographs and hiragana, written without spaces.
    Single,
    /// `'` and `.`: inside a word between two letters or two digits ("don't", "e.g", "3.5").
    MidLetterNum,
    /// `,` and `;`: inside a number ("1,000").
    MidNum,
    Other,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' | b'_' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'\'' | b'.' => Class::MidLetterNum,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

static ASCII: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_class(b as u8);
        b += 1;
    }
    t
};

/// The class of every character of the Basic Multilingual Plane, computed once: Unicode
/// property lookups cost a table search per character, which dominated tokenizing
/// non-Latin text.
static BMP: LazyLock<Box<[Class]>> = LazyLock::new(|| {
    (0..=0xFFFFu32)
        .map(|u| char::from_u32(u).map_or(Class::Other, slow_class))
        .collect()
});

fn slow_class(c: char) -> Class {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    match c as u32 {
        0x3040..=0x309F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F => Class::Single,
        // Zero-width (non-)joiners keep a word together, as in Persian.
        0x200C | 0x200D => Class::Extend,
        0x2019 => Class::MidLetterNum,
        _ if is_combining_mark(c) => Class::Extend,
        _ if c.is_numeric() => Class::Digit,
        _ if c.is_alphabetic() => Class::Letter,
        _ => Class::Other,
    }
}

/// The character starting at byte `i` of `text`, its class and byte length; `bmp` is the
/// class table.
#[inline(always)]
fn char_at(text: &str, i: usize, bmp: &[Class]) -> (char, Class, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return (b as char, ASCII[b as usize], 1);
    }
    if b < 0xE0 {
        // Two-byte sequence (Latin, Greek, Cyrillic, Hebrew, Arabic...): decode in place.
        let u = ((b as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
        let c = char::from_u32(u).expect("valid UTF-8");
        return (c, bmp[u as usize], 2);
    }
    let c = text[i..].chars().next().expect("i is a char boundary");
    let k = match bmp.get(c as usize) {
        Some(&k) => k,
        None => slow_class(c),
    };
    (c, k, c.len_utf8())
}

/// The end of the run of letters and digits of one or two bytes each that starts at byte `i`
/// (`i` itself when there is none), the class of its last character, and whether folding
/// changes any of them (always `false` when `lower`, the [`LOWER`] table, is empty).
#[inline(always)]
fn letter_run(bytes: &[u8], i: usize, bmp: &[Class], lower: &[char]) -> (usize, Class, bool) {
    let mut j = i;
    let mut last = Class::Other;
    let mut changed = false;
    while j < bytes.len() {
        let b = bytes[j];
        if b < 0x80 {
            let k = ASCII[b as usize];
            if !matches!(k, Class::Letter | Class::Digit) {
                break;
            }
            changed |= b.is_ascii_uppercase();
            last = k;
            j += 1;
        } else if b < 0xE0 {
            let u = ((b as u32 & 0x1F) << 6) | (bytes[j + 1] as u32 & 0x3F);
            let k = bmp[u as usize];
            if !matches!(k, Class::Letter | Class::Digit) {
                break;
            }
            if !lower.is_empty() {
                changed |= lower[u as usize] as u32 != u;
            }
            last = k;
            j += 2;
        } else {
            break;
        }
    }
    (j, last, changed)
}

fn joins(before: Class, mid: Class, after: Class) -> bool {
    match mid {
        Class::MidLetterNum => {
            (before == Class::Letter && after == Class::Letter)
                || (before == Class::Digit && after == Class::Digit)
        }
        Class::MidNum => before == Class::Digit && after == Class::Digit,
        _ => false,
    }
}

/// Byte ranges of the words of `text`. A word is a run of letters (with combining marks and
/// `_`) and digits, joined across one `'` or `.` between two letters or two digits and across
/// one `,` or `;` between two digits; each ideograph or hiragana is a word of its own. This
/// follows the Unicode word-boundary rules (UAX #29) on alphabetic scripts at a fraction of
/// their cost, which matters because every text passes here first.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    scan(text, false, |s, e, _| out.push((s, e)));
    out
}

/// Calls `f(start, end)` for the byte range of each word of `text`, as [`word_spans`] returns
/// them, without collecting.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    scan(text, false, |s, e, _| f(s, e));
}

/// Calls `f(start, end, folded)` for each word of `text` with its lower-case form (as
/// [`fold`] gives it), in one pass over the text.
pub fn for_each_folded_word(text: &str, f: impl FnMut(usize, usize, &str)) {
    scan(text, true, f);
}

#[inline(always)]
fn scan(text: &str, fold: bool, mut f: impl FnMut(usize, usize, &str)) {
    let bmp: &[Class] = &BMP;
    let lower: &[char] = if fold { &LOWER } else { &[] };
    // The folded word is `text[start..end]` itself until a character changes under folding;
    // from then on it is built in `buf`.
    let mut buf = String::new();
    let mut copied = false;
    let add = |buf: &mut String, copied: &mut bool, start: usize, i: usize, c: char| {
        if !fold {
            return;
        }
        let l = lower_char(c, lower);
        if !*copied {
            if l == Some(c) {
                return;
            }
            buf.clear();
            buf.push_str(&text[start..i]);
            *copied = true;
        }
        push_lower(buf, c, l);
    };
    fn folded<'a>(text: &'a str, buf: &'a str, copied: bool, s: usize, e: usize) -> &'a str {
        if copied { buf } else { &text[s..e] }
    }
    let mut start: Option<usize> = None;
    // Class of the last character inside the current word.
    let mut last = Class::Other;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // Runs of letters and digits written in one or two bytes (Latin, Greek, Cyrillic,
        // Hebrew, Arabic...), most of most texts, in one tight loop: the same steps as the
        // per-character arms below, taken for the whole run at once.
        let (j, run_last, changed) = letter_run(bytes, i, bmp, lower);
        if j > i {
            let s = *start.get_or_insert_with(|| {
                copied = false;
                i
            });
            if fold && (copied || changed) {
                if !copied {
                    buf.clear();
                    buf.push_str(&text[s..i]);
                    copied = true;
                }
                fold_into(&text[i..j], &mut buf);
            }
            last = run_last;
            i = j;
            if i >= text.len() {
                break;
            }
        }
        let (c, k, len) = char_at(text, i, bmp);
        match k {
            Class::Letter | Class::Digit => {
                let s = *start.get_or_insert_with(|| {
                    copied = false;
                    i
                });
                add(&mut buf, &mut copied, s, i, c);
                last = k;
            }
            // Inside a word it belongs to the word; elsewhere it is ignored.
            Class::Extend => {
                if let Some(s) = start {
                    add(&mut buf, &mut copied, s, i, c);
                }
            }
            Class::Single => {
                if let Some(s) = start.take() {
                    f(s, i, folded(text, &buf, copied, s, i));
                }
                copied = false;
                add(&mut buf, &mut copied, i, i, c);
                f(i, i + len, folded(text, &buf, copied, i, i + len));
                last = Class::Other;
            }
            Class::MidLetterNum | Class::MidNum | Class::Other => {
                if let Some(s) = start {
                    let next = if i + len < text.len() {
                        char_at(text, i + len, bmp).1
                    } else {
                        Class::Other
                    };
                    if joins(last, k, next) {
                        add(&mut buf, &mut copied, s, i, c);
                    } else {
                        f(s, i, folded(text, &buf, copied, s, i));
                        start = None;
                        last = Class::Other;
                    }
                }
            }
        }
        i += len;
    }
    if let Some(s) = start {
        f(s, text.len(), folded(text, &buf, copied, s, text.len()));
    }
}

/// Lower-cases a word for matching; apostrophes inside words are kept.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// The characters of [`fold`]`(word)`, without building it.
pub fn folded_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    let table = &*LOWER;
    word.chars().flat_map(move |c| match lower_char(c, table) {
        Some(l) => Lower::One(Some(l)),
        None => Lower::Many(c.to_lowercase()),
    })
}

/// The lower case of one character: one character, or several (`İ`).
enum Lower {
    One(Option<char>),
    Many(std::char::ToLowercase),
}

impl Iterator for Lower {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Lower::One(c) => c.take(),
            Lower::Many(it) => it.next(),
        }
    }
}

/// Lower-case of each Basic Multilingual Plane character when it is one character (`'\0'`
/// where it is several, as for `İ`), computed once.
static LOWER: LazyLock<Box<[char]>> = LazyLock::new(|| {
    (0..=0xFFFFu32)
        .map(|u| {
            let Some(c) = char::from_u32(u) else {
                return '\0';
            };
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => one,
                _ => '\0',
            }
        })
        .collect()
});

/// Appends the lower-case of `word` to `out` (the same as `str::to_lowercase`, which it
/// avoids for speed, except that a final Greek sigma stays `σ`).
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    let table = &*LOWER;
    for c in word.chars() {
        push_lower(out, c, lower_char(c, table));
    }
}

/// The lower-case of `c` when it is one character (from `table`, the [`LOWER`] table, for the
/// Basic Multilingual Plane); `None` when it may be several.
#[inline(always)]
fn lower_char(c: char, table: &[char]) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match table.get(c as usize) {
        Some(&l) if l != '\0' => Some(l),
        _ => None,
    }
}

#[inline(always)]
fn push_lower(out: &mut String, c: char, lower: Option<char>) {
    match lower {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// English modal verbs that NLTK's list leaves out, though it holds "should", "can" and
/// "will", and the negatives of these five ("wouldn", "couldn", "mightn", "mustn", "shan"):
/// without them, "would" was among the words that link two reports of one event. ("may" is
/// also a month, and stays.)
const ENGLISH_MODALS: [&str; 5] = ["would", "could", "might", "must", "shall"];

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
        "no" => Algorithm::Norwegian,
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

/// The code whose stemmer and stop words serve `language`: Norwegian Bokmål (`nb`) and
/// Nynorsk (`nn`), as pages declare them, are served by Norwegian (`no`).
fn served_by(language: &str) -> &str {
    match language {
        "nb" | "nn" => "no",
        other => other,
    }
}

macro_rules! cached_analyzers {
    ($($code:literal),*) => {
        /// The analyzer for an ISO 639-1 code: its stemmer and its NLTK stop words where either
        /// exists; a stemmer-less, stop-word-less one for other codes.
        pub fn analyzer(language: &str) -> &'static Analyzer {
            let language = served_by(language);
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

// The languages with a Snowball stemmer, then those with only NLTK stop words.
cached_analyzers!(
    "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "pt", "ro", "ru", "es", "sv",
    "ta", "tr", "az", "be", "bn", "ca", "eu", "he", "id", "kk", "ne", "sl", "sq", "tg", "uz", "zh"
);

impl Analyzer {
    pub fn new(language: &str) -> Self {
        let language = served_by(language);
        let mut stop: HashSet<&'static str> = stop_words::lookup(language)
            .map(|words| words.iter().copied().collect())
            .unwrap_or_default();
        if language == "en" {
            stop.extend(ENGLISH_MODALS);
        }
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
        self.term_reading_acronyms(word, false)
    }

    /// [`Analyzer::term`] of a word of a text that reads acronyms as [`Analyzer::terms`] does:
    /// `acronyms` is [`acronyms_stand_out`] of the text.
    pub fn term_reading_acronyms(&self, word: &str, acronyms: bool) -> Option<String> {
        self.term_with(word, &mut String::new(), acronyms)
    }

    /// [`Analyzer::term`], folding into `buf` (cleared first), which a caller reading many
    /// words keeps, so that only the term itself is allocated. With `acronyms`, an acronym (see
    /// [`is_acronym`]) is a term even where its letters spell a stop word.
    fn term_with(&self, word: &str, buf: &mut String, acronyms: bool) -> Option<String> {
        buf.clear();
        fold_into(word, buf);
        buf.retain(|c| c != '\'');
        let folded = buf.as_str();
        if folded.is_empty() || (self.stop.contains(folded) && !(acronyms && is_acronym(word))) {
            return None;
        }
        let mut chars = folded.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && !c.is_numeric()
        {
            return None;
        }
        Some(match &self.stemmer {
            Some(s) => s.stem(folded).into_owned(),
            None => folded.to_string(),
        })
    }

    /// Terms of `text` in order. Text in a script written without spaces between words (see
    /// [`unspaced`]) has no words to stem; each run of it gives the overlapping pairs of its
    /// characters instead (a lone character stands for itself), as CJK search engines index
    /// it: a two-character unit is the commonest word length there, and a pair that is not a
    /// word is rare across articles and weighs little.
    ///
    /// Where [`acronyms_stand_out`] in `text`, an acronym (see [`is_acronym`]) is a term
    /// whatever its letters spell: "IS" (Islamic State), "WHO", "IT" are names there, not the stop
    /// words "is", "who", "it".
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.terms_reading_acronyms(text, acronyms_stand_out(text))
    }

    /// [`Analyzer::terms`] of a part of a text (a word, say) that reads acronyms as the whole
    /// does: `acronyms` is [`acronyms_stand_out`] of the whole.
    pub fn terms_reading_acronyms(&self, text: &str, acronyms: bool) -> Vec<String> {
        let mut out = Vec::new();
        // Characters (each with its combining marks) of the unspaced run being read, and
        // where the run ends.
        let mut run: Vec<&str> = Vec::new();
        let mut run_end = usize::MAX;
        let mut buf = String::new();
        let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
            match run.len() {
                0 => {}
                1 => out.push(fold(run[0])),
                _ => out.extend(run.windows(2).map(|p| fold(&[p[0], p[1]].concat()))),
            }
            run.clear();
        };
        for_each_word(text, |s, e| {
            let word = &text[s..e];
            if !word.chars().any(unspaced) {
                flush(&mut run, &mut out);
                out.extend(self.term_with(word, &mut buf, acronyms));
                return;
            }
            // Ideographs are one word each to the scanner: adjacent ones continue a run.
            if s != run_end {
                flush(&mut run, &mut out);
            }
            // A `.` or `'` the scanner kept inside the word ends the run.
            let mut start = None;
            for (i, c) in word.char_indices() {
                if is_combining_mark(c) {
                    continue;
                }
                if let Some(s) = start.take() {
                    run.push(&word[s..i]);
                }
                if c.is_alphanumeric() {
                    start = Some(i);
                } else {
                    flush(&mut run, &mut out);
                }
            }
            if let Some(s) = start {
                run.push(&word[s..]);
            }
            run_end = e;
        });
        flush(&mut run, &mut out);
        out
    }
}

/// Whether a word in capitals stands out from `text` as an acronym: whether the text holds a
/// lower-case letter. In a headline set in capitals, "IS" may be the verb.
pub fn acronyms_stand_out(text: &str) -> bool {
    text.chars().any(char::is_lowercase)
}

/// Whether `word` is written as an acronym: two letters or more, every character a capital, a
/// digit or a hyphen ("IS", "WHO", "G7", "COVID-19"; not "I", "Is" or "U.N", which holds a
/// dot). The characters are checked first: nearly every word fails on its first or second,
/// before its letters need counting.
pub fn is_acronym(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && word.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
}

/// Whether `c` belongs to a script written without spaces between words: Thai, Lao, Myanmar,
/// Khmer, kana and Han ideographs.
pub fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF
        | 0x1000..=0x109F
        | 0x1780..=0x17FF
        | 0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn unspaced_scripts_give_character_pairs() {
        let en = analyzer("en");
        assert_eq!(
            en.terms("Fighters cornered in Deraa"),
            ["fighter", "corner", "deraa"]
        );
        // Han and kana, one run across the scanner's one-character words; Latin apart.
        assert_eq!(
            analyzer("ja").terms("東京で地震 iPhone 火"),
            ["東京", "京で", "で地", "地震", "iphone", "火"]
        );
        // Thai: a character keeps its combining marks (ที่ is one unit of three code points).
        assert_eq!(
            analyzer("th").terms("เมื่อวันที่ 18 พ.ย."),
            ["เมื่", "มื่อ", "อวั", "วัน", "นที่", "18", "พ", "ย"]
        );
    }

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
    fn word_spans_agree_with_unicode_word_boundaries_on_alphabetic_scripts() {
        for text in [
            "Don't pay $1,000.50 or 3.5% (e.g. U.S. rates) on 10:30 flights_now!",
            "Привет, мир: «цены» выросли на 2,5 %.",
            "Ελλάδα και Κύπρος — ναι.",
            "हिन्दी समाचार, आज।",
            "El niño comió 12 manzanas; ¿y tú?",
            "Tel Aviv-Yafo's mayor, Ron Huldai, said ...",
        ] {
            let ours: Vec<&str> = word_spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
            let uax: Vec<&str> = text.unicode_words().collect();
            assert_eq!(ours, uax, "{text}");
        }
    }

    #[test]
    fn folded_words_match_fold() {
        let text = "Don't PANIC: Ärger in SÃO Paulo, 3.5% — ΑΘΗΝΑ, Привет мир 東京.";
        let mut got = Vec::new();
        for_each_folded_word(text, |s, e, folded| {
            assert_eq!(folded, fold(&text[s..e]), "{}", &text[s..e]);
            got.push(folded.to_string());
        });
        assert_eq!(got.len(), word_spans(text).len());
    }

    /// The word rules of [`word_spans`] spelled out one character at a time, with
    /// [`fold`] for the folded form: the oracle the fast paths of [`scan`] are checked against.
    fn reference_words(text: &str) -> Vec<(usize, usize, String)> {
        let chars: Vec<(usize, char, Class)> = text
            .char_indices()
            .map(|(i, c)| (i, c, slow_class(c)))
            .collect();
        let mut spans = Vec::new();
        let mut start = None;
        let mut last = Class::Other;
        for (idx, &(i, c, k)) in chars.iter().enumerate() {
            match k {
                Class::Letter | Class::Digit => {
                    start.get_or_insert(i);
                    last = k;
                }
                Class::Extend => {}
                Class::Single => {
                    if let Some(s) = start.take() {
                        spans.push((s, i));
                    }
                    spans.push((i, i + c.len_utf8()));
                    last = Class::Other;
                }
                _ => {
                    let next = chars.get(idx + 1).map_or(Class::Other, |x| x.2);
                    if let Some(s) = start
                        && !joins(last, k, next)
                    {
                        spans.push((s, i));
                        start = None;
                        last = Class::Other;
                    }
                }
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        spans
            .into_iter()
            .map(|(s, e)| (s, e, fold(&text[s..e])))
            .collect()
    }

    proptest::proptest! {
        /// Terms are never empty nor hold a space, and a character pair never holds the
        /// separators that end a run, whatever mix of scripts, marks and punctuation comes in.
        #[test]
        fn terms_of_mixed_scripts_are_clean(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '7', ' ', '.', '\'', ',', '東', '京', 'で', 'カ', 'ー', 'ก', 'ข',
                '\u{e35}', '\u{e48}', 'ເ', 'ក', 'က', 'я', 'ب', '\u{301}', '\u{200d}',
            ]), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            for t in analyzer("th").terms(&text) {
                proptest::prop_assert!(!t.is_empty() && !t.contains(' '), "{:?}", text);
                if t.chars().any(unspaced) {
                    proptest::prop_assert!(
                        !t.contains(['.', '\'']) && t.chars().filter(|c| !is_combining_mark(*c)).count() <= 2,
                        "{:?} in {:?}", t, text
                    );
                }
            }
        }

        #[test]
        fn scanning_agrees_with_the_character_by_character_rules(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', 'q', 'E', '_', '0', '7', '\'', '.', ',', ';', ' ', '-', '\n', 'é', 'É',
                'ß', 'İ', 'Σ', 'σ', 'ς', 'я', 'Д', 'ё', 'Ё', 'ا', 'ب', '\u{301}', '\u{200d}',
                '\u{2019}', '東', 'で', '€', '٣', '😀', 'ǅ',
            ]), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let mut folded = Vec::new();
            for_each_folded_word(&text, |s, e, w| folded.push((s, e, w.to_string())));
            proptest::prop_assert_eq!(&folded, &reference_words(&text), "{:?}", text);
            let spans: Vec<(usize, usize)> = folded.iter().map(|&(s, e, _)| (s, e)).collect();
            proptest::prop_assert_eq!(word_spans(&text), spans);
        }
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        let text = "東京で会議";
        let words: Vec<_> = word_spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["東", "京", "で", "会", "議"]);
    }

    #[test]
    fn english_terms_are_stemmed_without_stop_words() {
        assert_eq!(
            analyzer("en").terms("The fighters were cornered in the pockets"),
            ["fighter", "corner", "pocket"]
        );
        assert_eq!(
            analyzer("en").terms("They would release 30 hostages it could hold"),
            ["releas", "30", "hostag", "hold"]
        );
    }

    #[test]
    fn acronyms_are_terms_unless_the_text_is_all_capitals() {
        let en = analyzer("en");
        assert_eq!(
            en.terms("IS would release hostages held by WHO staff"),
            ["is", "releas", "hostag", "held", "who", "staff"]
        );
        assert_eq!(en.terms("IS IS WINNING"), ["win"]);
        assert!(is_acronym("WHO"));
        assert!(!is_acronym("I"));
        assert!(!is_acronym("Is"));
        assert!(!is_acronym("U.N"));
    }

    #[test]
    fn languages_with_stop_words_but_no_stemmer_drop_their_stop_words() {
        // Indonesian capitalizes "Anda" (you): a stop word, not a name.
        assert_eq!(
            analyzer("id").terms("Anda membeli rumah di Jakarta"),
            ["membeli", "rumah", "jakarta"]
        );
        assert!(analyzer("id").is_stop_word("anda"));
        assert!(analyzer("ca").is_stop_word("però"));
    }

    #[test]
    fn bokmal_and_nynorsk_are_analyzed_as_norwegian() {
        for code in ["nb", "nn"] {
            assert_eq!(
                analyzer(code).terms("Det er ikke bilene"),
                analyzer("no").terms("Det er ikke bilene")
            );
        }
        assert_eq!(analyzer("nb").terms("Det er ikke bilene"), ["bil"]);
    }

    #[test]
    fn unknown_language_keeps_folded_words() {
        assert_eq!(analyzer("xx").terms("Hello World"), ["hello", "world"]);
    }
}
