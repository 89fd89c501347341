//! Entity-like mentions found without a model: runs of capitalized words that do not start a
//! sentence, acronyms and numbers, each with its byte span and a key that merges spelling
//! variants of one name (Deraa/Daraa, Mohammed/Muhammad); and the nouns among them in a
//! language that capitalizes every noun (German).

use std::collections::HashMap;

use crate::places::{Gazetteer, PlaceKind, SMALL_CITY, place_key};
use crate::tokens::{fold, fold_into, folded_chars, is_acronym, word_spans};

/// What a mention looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    /// A run of capitalized words ("Jamal Williams", "Gulf of Aden" gives "Gulf", "Aden").
    Name,
    /// Two or more capitals ("IS", "NATO", "MS08").
    Acronym,
    /// Digits, with an optional decimal part ("26", "5.6", "2013").
    Number,
}

/// One mention: byte range in the text it came from, and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    /// Names: the alias keys of the words joined by spaces; acronyms: the folded text;
    /// numbers: the value, written with a decimal point and no thousands separator where the
    /// digits or the language tell them (see [`number_key`]).
    pub key: String,
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The decimal mark a language writes, which is what settles a number with one separator
/// before three digits ("1,200", "1.200"); the digits settle every other case (see
/// [`number_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// A decimal point, as English writes: "1,200" groups thousands and "1.200" is a decimal
    /// ("1.568%", "33.742 million", a lap of "1m32.568s").
    #[default]
    Point,
    /// A decimal comma, as most of Europe, Russia, Turkey, Indonesia and Brazil write:
    /// "1,493 млрд" and "2,979 milhões" are decimals, "1.200 Euro" and "15.500 рублей" group
    /// thousands.
    Comma,
    /// Either, as Spanish is written in Spain ("8.000 metros", "1,5") and in Mexico ("3,500
    /// millones", "1.5"): one separator before three digits groups thousands.
    Either,
}

impl DecimalMark {
    /// The decimal mark of `language` (ISO 639-1), as the Unicode CLDR's default number
    /// symbols give it; a decimal point where the language is unknown.
    pub fn of(language: &str) -> DecimalMark {
        match language {
            "es" => DecimalMark::Either,
            "af" | "az" | "be" | "bg" | "bs" | "ca" | "cs" | "da" | "de" | "el" | "et" | "eu"
            | "fi" | "fo" | "fr" | "gl" | "hr" | "hu" | "hy" | "id" | "is" | "it" | "ka" | "kk"
            | "ky" | "lt" | "lv" | "mk" | "nb" | "nl" | "nn" | "no" | "pl" | "pt" | "ro" | "ru"
            | "sk" | "sl" | "sq" | "sr" | "sv" | "tr" | "uk" | "uz" | "vi" => DecimalMark::Comma,
            _ => DecimalMark::Point,
        }
    }
}

/// The key of a number written with separators in a language that writes decimals with
/// `mark`, so that one value written in two conventions gets one key ("1,5" and "1.5" are one
/// and a half; "1.200.000" and "1,200,000" a million and more). The digits settle most cases:
/// a separator before one or two digits is a decimal mark; a run of one separator, each
/// before three digits, groups thousands; where both separators appear, the last is the
/// decimal mark. One separator before three digits is read by `mark` ([`DecimalMark`]). What
/// none of these fits (the date "07.12.2019", "1.2345") is kept as written.
fn number_key(number: &str, mark: DecimalMark) -> String {
    let decimal = |n: &str, sep: char| n.replacen(sep, ".", 1);
    let (commas, periods) = (number.matches(',').count(), number.matches('.').count());
    let groups_of_three = |sep: char| number.split(sep).skip(1).all(|g| g.len() == 3);
    match (commas, periods) {
        (0, 0) => number.to_string(),
        (1, 0) | (0, 1) => {
            let sep = if commas == 1 { ',' } else { '.' };
            let after = number.split(sep).nth(1).map_or(0, str::len);
            let groups = match mark {
                DecimalMark::Point => sep == ',',
                DecimalMark::Comma => sep == '.',
                DecimalMark::Either => true,
            };
            match after {
                1 | 2 => decimal(number, sep),
                3 if groups => number.replace(sep, ""),
                3 => decimal(number, sep),
                _ => number.to_string(),
            }
        }
        (_, 0) if groups_of_three(',') => number.replace(',', ""),
        (0, _) if groups_of_three('.') => number.replace('.', ""),
        (0, _) | (_, 0) => number.to_string(),
        _ => {
            let (thousands, sep) = if number.rfind(',') > number.rfind('.') {
                ('.', ',')
            } else {
                (',', '.')
            };
            decimal(&number.replace(thousands, ""), sep)
        }
    }
}

/// A spelling-tolerant key for one word of a name: folded (lower case, no possessive `'s`, no
/// apostrophes; diacritics stay), with letters that transliterations swap mapped to one
/// (`c`/`k`/`q`, `ph`/`f`, `w`/`v`, `y`/`i`, `z`/`s`), every run of vowels made one `a` and
/// doubled letters single; Russian `ё`, which most texts write `е`, as `е`. "Deraa" and
/// "Daraa" both give "dara"; "Mohammed" and "Muhammad" both give "mahamad"; "Lohan's" gives
/// what "Lohan" gives; "Пугачёва" what "Пугачева" gives.
pub fn alias_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    alias_key_into(word, &mut out);
    out
}

/// Appends [`alias_key`]`(word)` to `out`, allocating nothing else: for callers that key every
/// word of a text.
pub fn alias_key_into(word: &str, out: &mut String) {
    // The possessive, as folding would give it ("'S" folds to "'s"; no other character folds
    // to an apostrophe or an `s`).
    let word = ["'s", "'S", "\u{2019}s", "\u{2019}S"]
        .iter()
        .find_map(|p| word.strip_suffix(p))
        .unwrap_or(word);
    push_alias_letters(
        folded_chars(word).filter(|&c| c != '\'' && c != '\u{2019}'),
        out,
    );
}

/// Appends folded letters as [`alias_key`] spells them: swapped letters mapped to one, runs
/// of vowels one `a`, doubled letters single.
fn push_alias_letters(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut chars = chars.peekable();
    let mut last: Option<char> = None;
    while let Some(c) = chars.next() {
        let mapped = match c {
            'p' if chars.peek() == Some(&'h') => {
                chars.next();
                'f'
            }
            'c' | 'q' => 'k',
            'w' => 'v',
            'z' => 's',
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' => 'a',
            'ё' => 'е',
            other => other,
        };
        if last != Some(mapped) {
            out.push(mapped);
        }
        last = Some(mapped);
    }
}

/// `word` folded (see [`fold`]) into `buf`, which is cleared first.
fn fold_in<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    fold_into(word, buf);
    buf
}

/// Whether `text` is in title case or capitals, where capitals say nothing about names: it
/// has at least three longer words that are not stop words, and at most one in ten of those
/// is in lower case. A sentence-case headline full of names ("Lindsay Lohan checks into rehab
/// at Betty Ford Center") is not.
pub fn is_title_case(text: &str, is_stop_word: impl Fn(&str) -> bool) -> bool {
    title_case_in(text, &word_spans(text), &is_stop_word, &mut String::new())
}

/// [`is_title_case`] of `text` whose words are `spans`, folding each into `buf`.
fn title_case_in(
    text: &str,
    spans: &[(usize, usize)],
    is_stop_word: &impl Fn(&str) -> bool,
    buf: &mut String,
) -> bool {
    let (mut long, mut lower) = (0, 0);
    for &(s, e) in spans {
        let w = &text[s..e];
        if w.chars().count() > 3
            && w.chars().next().is_some_and(char::is_alphabetic)
            && !is_stop_word(fold_in(w, buf))
        {
            long += 1;
            lower += usize::from(!is_capitalized(w));
        }
    }
    long >= 3 && lower * 10 <= long
}

/// What a clock reading so far lets the next word be.
#[derive(Clone, Copy, PartialEq)]
enum Clock {
    /// After an hour ("8"): a half of the day ("p.m.", "PM").
    Hour,
    /// After a time ("05:40", "8 p.m.", "7PM"): a zone ("ET", "GMT"), or another ("ET/PT").
    Time,
}

/// Whether `gap`, between a clock reading and the next word, keeps them one reading: some
/// spaces, tabs or slashes, and nothing else (a line break or a comma ends it).
fn continues_clock(gap: &str) -> bool {
    !gap.is_empty() && gap.bytes().all(|b| matches!(b, b' ' | b'\t' | b'/'))
}

/// A half of the day, alone ("PM", "p.m.", "am") or after its hour ("7PM").
fn is_day_half(word: &str) -> bool {
    let letters = word.trim_start_matches(|c: char| c.is_ascii_digit());
    // Checked first: many words are longer than any of its forms ("p.m." is the longest).
    if letters.len() > 4 {
        return false;
    }
    let mut half = letters
        .bytes()
        .filter(|&b| b != b'.')
        .map(|b| b.to_ascii_lowercase());
    matches!(
        (half.next(), half.next(), half.next()),
        (Some(b'a' | b'p'), Some(b'm'), None)
    )
}

/// Whether the word after `prev` and `gap` starts a sentence within a sentence span, as in a
/// quotation ("...for their support. Finally, I wish...") or after a colon that opens one
/// (`said: "Creo que...`): `!`, `?` or `…`; a period after a word in lower case (not after an
/// abbreviation such as "Dr." or "U.S.", nor an initial); or a colon and an opening quote.
fn opens_sentence(prev: &str, gap: &str) -> bool {
    const QUOTES: &str = "\"'\u{201c}\u{201d}\u{201e}\u{ab}\u{bb}";
    let ends = gap.contains(char::is_whitespace)
        && gap
            .chars()
            .all(|c| c.is_whitespace() || ".!?)\u{2026}".contains(c) || QUOTES.contains(c))
        && (gap.contains(['!', '?', '\u{2026}'])
            || gap.contains('.') && prev.starts_with(char::is_lowercase));
    let quoted = gap.strip_prefix(':').is_some_and(|g| {
        let g = g.trim();
        !g.is_empty() && g.chars().all(|c| QUOTES.contains(c))
    });
    ends || quoted
}

/// Mentions in one sentence (or title) of `text`, in order. `is_stop_word` gets folded single
/// words: a capitalized stop word ("The", "But") is not a name. A run of name words ends at
/// punctuation ("Rancho Mirage, Calif." is two names). The first word of a sentence, or of
/// one quoted within it (see [`opens_sentence`]), is capitalized whatever it is, so it counts
/// only as the start of a longer name ("Lindsay Lohan has..."). In title-case text only
/// acronyms and numbers count. The half of the day and the zone of a clock reading ("8 p.m.
/// ET", "05:40 PM EDT", "7PM PST") are not acronyms: a timestamp's furniture says nothing of
/// what a text reports. Numbers are keyed by value, as a language writing decimals with
/// `mark` means them (see [`number_key`]).
pub fn mentions(
    text: &str,
    is_stop_word: impl Fn(&str) -> bool,
    mark: DecimalMark,
) -> Vec<Mention> {
    mentions_in(text, is_stop_word, mark, false)
}

/// [`mentions`] for showing names rather than comparing them: a stop word written with a
/// capital within a sentence, before a name word, is part of that name ("Estados Unidos", "La
/// Plata", "Marine Le Pen", "All Saints", "The Mandalorian"). Comparing texts reads
/// [`mentions`], where such a word is no name word: one outlet's "The Guardian" is another's
/// "the Guardian", and a stop word shared by many names would make unrelated texts alike.
pub fn mentions_as_written(
    text: &str,
    is_stop_word: impl Fn(&str) -> bool,
    mark: DecimalMark,
) -> Vec<Mention> {
    mentions_in(text, is_stop_word, mark, true)
}

/// [`mentions`], with capitalized stop words before a name taken into it where
/// `stop_words_in_names` (see [`mentions_as_written`]).
fn mentions_in(
    text: &str,
    is_stop_word: impl Fn(&str) -> bool,
    mark: DecimalMark,
    stop_words_in_names: bool,
) -> Vec<Mention> {
    let spans = word_spans(text);
    // Every word folded for the stop list is folded here.
    let mut buf = String::new();
    let title_case = title_case_in(text, &spans, &is_stop_word, &mut buf);
    // Capitalized and not all capitals, in text that is not title case: a name word, or a
    // capitalized stop word.
    let written_as_name =
        |w: &str| !title_case && is_capitalized(w) && w.chars().any(char::is_lowercase);
    let mut is_name_word = |w: &str| written_as_name(w) && !is_stop_word(fold_in(w, &mut buf));
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, Vec<String>)> = None;
    // The clock reading last read ("05:40", then "PM", "ET") and where it ends: its markers are
    // a timestamp's furniture, shared by unrelated reports, not names.
    let mut clock: Option<(usize, Clock)> = None;
    let flush = |run: &mut Option<(usize, usize, Vec<String>)>, out: &mut Vec<Mention>| {
        if let Some((start, end, keys)) = run.take() {
            out.push(Mention {
                start,
                end,
                kind: MentionKind::Name,
                key: keys.join(" "),
            });
        }
    };
    for (i, &(s, e)) in spans.iter().enumerate() {
        let w = &text[s..e];
        if run
            .as_ref()
            .is_some_and(|r| !text[r.1..s].trim().is_empty())
        {
            flush(&mut run, &mut out);
        }
        let reading = clock
            .take()
            .filter(|&(end, _)| continues_clock(&text[end..s]))
            .map(|(_, c)| c);
        if is_day_half(w) && (reading.is_some() || w.starts_with(|c: char| c.is_ascii_digit()))
            || reading == Some(Clock::Time) && is_acronym(w)
        {
            flush(&mut run, &mut out);
            // "p.m." keeps its last period.
            let end = e + usize::from(text[e..].starts_with('.'));
            clock = Some((end, Clock::Time));
            continue;
        }
        if is_number(w) {
            flush(&mut run, &mut out);
            let after_colon = text[..s]
                .strip_suffix(':')
                .is_some_and(|t| t.ends_with(|c: char| c.is_ascii_digit()));
            clock = match w.len() {
                _ if after_colon => Some((e, Clock::Time)),
                1 | 2 => Some((e, Clock::Hour)),
                _ => None,
            };
            let number = w.trim_end_matches(['.', ',']);
            // Commas group thousands in threes; a longer group after one ("November
            // 30,2009") starts another number.
            let digits_after = |g: &str| g.split('.').next().map_or(0, str::len);
            if number.split(',').skip(1).any(|g| digits_after(g) > 3) {
                let mut at = s;
                for part in number.split(',') {
                    if !part.is_empty() {
                        out.push(Mention {
                            start: at,
                            end: at + part.len(),
                            kind: MentionKind::Number,
                            key: part.to_string(),
                        });
                    }
                    at += part.len() + 1;
                }
            } else {
                out.push(Mention {
                    start: s,
                    end: e,
                    kind: MentionKind::Number,
                    key: number_key(number, mark),
                });
            }
            continue;
        }
        if is_acronym(w) {
            flush(&mut run, &mut out);
            let key = fold(w);
            if !is_stop_word(&key) || w.chars().count() > 3 {
                out.push(Mention {
                    start: s,
                    end: e,
                    kind: MentionKind::Acronym,
                    key,
                });
            }
            continue;
        }
        // Read only for a capitalized word.
        let opens = || {
            i == 0 || {
                let (ps, pe) = spans[i - 1];
                opens_sentence(&text[ps..pe], &text[pe..s])
            }
        };
        let is_name = is_name_word(w);
        let mut next_is_name = || {
            spans.get(i + 1).is_some_and(|&(s1, e1)| {
                text[e..s1].trim().is_empty() && is_name_word(&text[s1..e1])
            })
        };
        let name_word = if is_name {
            !opens() || next_is_name()
        } else {
            // A stop word opens a name only right after a word in lower case ("con Estados
            // Unidos"): after a capitalized word left out it is a title's ("Call Of Duty" at
            // the start of a sentence), and after a colon, a dash or a quote it may open a
            // sentence ("AUSTIN, Texas - An Austin man", "uncommon: On October 23").
            let after_lower_case = || {
                i > 0 && {
                    let (ps, pe) = spans[i - 1];
                    text[pe..s].trim().is_empty() && text[ps..pe].starts_with(char::is_lowercase)
                }
            };
            stop_words_in_names
                && written_as_name(w)
                && (run.is_some() || after_lower_case())
                && next_is_name()
        };
        if name_word {
            let key = alias_key(w);
            match &mut run {
                Some((_, end, keys)) => {
                    *end = e;
                    keys.push(key);
                }
                None => run = Some((s, e, vec![key])),
            }
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether `language` (ISO 639-1) writes every noun with a capital, as German does: there a
/// capital marks no name by itself (see [`CommonNouns`]).
pub fn capitalizes_nouns(language: &str) -> bool {
    language == "de"
}

/// Words after which a capitalized German word is a noun: articles, their contractions with a
/// preposition, the other determiners (demonstratives, possessives, quantifiers) and numbers
/// in words.
const GERMAN_DETERMINERS: &[&str] = &[
    "acht", "alle", "allen", "aller", "alles", "am", "ans", "aufs", "beim", "beide", "beiden",
    "das", "dem", "den", "der", "des", "die", "diese", "diesem", "diesen", "dieser", "dieses",
    "drei", "ein", "eine", "einem", "einen", "einer", "eines", "einige", "einigen", "elf", "fünf",
    "fürs", "hundert", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "ins", "jede", "jedem",
    "jeden", "jeder", "jedes", "kein", "keine", "keinem", "keinen", "keiner", "keines", "manche",
    "mehrere", "mehreren", "meine", "meinem", "meinen", "meiner", "neun", "sechs", "sein", "seine",
    "seinem", "seinen", "seiner", "seines", "sieben", "tausend", "unsere", "unserem", "unseren",
    "unserer", "vier", "viele", "vielen", "vom", "welche", "welchem", "welchen", "welcher",
    "wenige", "wenigen", "zehn", "zum", "zur", "zwanzig", "zwei", "zwölf",
];

/// Prepositions with an adjective's ending: "die gegen Trump..." puts no adjective between
/// the article and the name.
const GERMAN_EN_PREPOSITIONS: &[&str] =
    &["binnen", "entgegen", "gegen", "neben", "wegen", "zwischen"];

/// The nouns among the names found in text of a language that capitalizes every noun
/// ([`capitalizes_nouns`]), where "Polizei", "Jahr" and "Prozent" are found as names as
/// readily as "Merkel". Read the documents of a set with [`CommonNouns::read`], then take the
/// nouns out of each with [`CommonNouns::remove_from`]: a word one document writes as a noun
/// is one in all, and in all of another set read as their corpus.
///
/// A name of one word is a noun where it is written after an article or other determiner,
/// perhaps with adjectives between ("die Polizei", "im Jahr", "den letzten Jahren", "seine
/// Frau") or after a number ("18 Uhr", "18-Jährige"), unless it is the last word of a longer
/// name ("Merkel" after "Angela Merkel") or a place of the gazetteer's that is no small city
/// ("in der Ukraine"), and a longer name after a determiner gives no last word ("die
/// Berliner Polizei"). A longer name is a noun phrase where it follows a determiner and its
/// last word is a noun ("eine Milliarde Euro"), and any name right after a number is a
/// quantity ("3,5 Milliarden Euro"). Acronyms and numbers stay.
#[derive(Debug, Clone, Default)]
pub struct CommonNouns {
    /// Per one-word name: how often it is written, and how often as a noun.
    written: HashMap<String, [u32; 2]>,
    surnames: Vec<String>,
}

/// The share of a word's mentions that a corpus must write as a noun for it to be one there:
/// in a large corpus nearly any name is written after an article somewhere ("das geeinte
/// Deutschland", "das Frankfurt der Sechziger"), where "die Polizei" is the rule.
const CORPUS_NOUN_SHARE: u32 = 10;

impl CommonNouns {
    /// Reads the mentions of one document (`found[i]` those of `texts[i]`, as [`mentions`]
    /// gives them).
    pub fn read(&mut self, texts: &[&str], found: &[Vec<Mention>]) {
        for (text, ms) in texts.iter().zip(found) {
            for (i, m) in ms.iter().enumerate() {
                if m.kind != MentionKind::Name {
                    continue;
                }
                let determined = after_determiner(text, m.start);
                match m.key.rsplit_once(' ') {
                    // "die Berliner Polizei" names no one called Polizei, nor does a noun
                    // after a sentence's first word ("Jegliche Gewalt").
                    Some((_, last)) if !determined && !starts_sentence(text, m.start) => {
                        self.surnames.push(last.to_string())
                    }
                    Some(_) => {}
                    None => {
                        let noun = determined || after_number(text, ms, i);
                        let n = self.written.entry(m.key.clone()).or_default();
                        n[0] += 1;
                        n[1] += u32::from(noun);
                    }
                }
            }
        }
        self.tidy();
    }

    /// Adds what `other` has read.
    pub fn merge(&mut self, other: CommonNouns) {
        for (word, [all, nouns]) in other.written {
            let n = self.written.entry(word).or_default();
            n[0] += all;
            n[1] += nouns;
        }
        if !other.surnames.is_empty() {
            self.surnames.extend(other.surnames);
            self.tidy();
        }
    }

    fn tidy(&mut self) {
        self.surnames.sort_unstable();
        self.surnames.dedup();
    }

    /// Whether the documents read write `word` as a noun at all.
    fn is_noun(&self, word: &str) -> bool {
        self.written.get(word).is_some_and(|n| n[1] > 0)
    }

    /// Whether the documents read, taken as a corpus, write `word` as a noun: twice, and in
    /// one mention in [`CORPUS_NOUN_SHARE`] or more.
    fn is_corpus_noun(&self, word: &str) -> bool {
        self.written
            .get(word)
            .is_some_and(|&[all, nouns]| nouns >= 2 && nouns * CORPUS_NOUN_SHARE >= all)
    }

    /// Whether `word` is a noun by what this set has read, or by what `corpus` has read taken
    /// as a corpus (see [`CORPUS_NOUN_SHARE`]).
    pub fn is_common_noun(&self, corpus: &CommonNouns, word: &str) -> bool {
        let key = alias_key(word);
        self.is_noun(&key) || corpus.is_corpus_noun(&key)
    }

    /// Takes the nouns read so far, and those `corpus` has read (see
    /// [`CORPUS_NOUN_SHARE`]), out of the mentions of one document. Only this set's longer
    /// names keep their last words names: somewhere in a large corpus nearly any noun ends a
    /// run of capitals ("Hamburgs Polizei").
    pub fn remove_from(&self, corpus: &CommonNouns, texts: &[&str], found: &mut [Vec<Mention>]) {
        let g = Gazetteer::embedded();
        let noun = |key: &str| self.is_noun(key) || corpus.is_corpus_noun(key);
        let is_noun = |text: &str, m: &Mention| match m.key.rsplit_once(' ') {
            // "eine Milliarde Euro", not "die Europäische Zentralbank" unless "Zentralbank" is
            // written as a noun.
            Some((_, last)) => noun(last) && after_determiner(text, m.start),
            None => {
                noun(&m.key)
                    && self.surnames.binary_search(&m.key).is_err()
                    && !g
                        .candidates(&place_key(&text[m.start..m.end]))
                        .iter()
                        .any(|&id| {
                            let p = g.place(id);
                            p.kind != PlaceKind::City || p.population >= SMALL_CITY
                        })
            }
        };
        for (text, ms) in texts.iter().zip(found.iter_mut()) {
            let keep: Vec<bool> = (0..ms.len())
                .map(|i| {
                    let m = &ms[i];
                    m.kind != MentionKind::Name || !after_number(text, ms, i) && !is_noun(text, m)
                })
                .collect();
            let mut keep = keep.into_iter();
            ms.retain(|_| keep.next().unwrap_or(true));
        }
    }
}

/// Whether mention `i` of `ms` (in `text`) comes right after a number, with only spaces or
/// a hyphen between ("18 Uhr", "18-Jährige").
fn after_number(text: &str, ms: &[Mention], i: usize) -> bool {
    i > 0 && ms[i - 1].kind == MentionKind::Number && {
        let gap = text[ms[i - 1].end..ms[i].start].trim();
        gap.is_empty() || is_hyphen(gap)
    }
}

/// Whether the word at byte `start` of `text` starts a sentence: nothing but punctuation
/// before it, or the end of a sentence within the span (see [`opens_sentence`]).
fn starts_sentence(text: &str, start: usize) -> bool {
    let before = &text[..start];
    match word_spans(before).last() {
        None => true,
        Some(&(s, e)) => opens_sentence(&before[s..e], &before[e..]),
    }
}

/// The characters that join the parts of a word ("Etats-Unis", "18-Jährige").
pub const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Whether `gap`, between two words, is one hyphen.
pub fn is_hyphen(gap: &str) -> bool {
    let mut c = gap.chars();
    matches!((c.next(), c.next()), (Some(h), None) if HYPHENS.contains(&h))
}

/// Whether the German word at byte `start` of `text` follows a determiner, directly or across
/// up to two words in lower case with an adjective's ending ("den letzten Jahren", "der
/// schwer verletzten Frau"), spaces only between.
fn after_determiner(text: &str, start: usize) -> bool {
    let mut before = &text[..start];
    for skipped in 0..3 {
        let trimmed = before.trim_end();
        if trimmed.len() == before.len() {
            return false;
        }
        let at = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[at..];
        if word.is_empty() {
            return false;
        }
        let folded = fold(word);
        if GERMAN_DETERMINERS.contains(&folded.as_str()) {
            return true;
        }
        let adjective = word.starts_with(char::is_lowercase)
            && ["e", "en", "er", "es", "em"]
                .iter()
                .any(|e| folded.ends_with(e))
            && !GERMAN_EN_PREPOSITIONS.contains(&folded.as_str());
        if !adjective || skipped == 2 {
            return false;
        }
        before = &trimmed[..at];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(MentionKind, String, &str)> {
        keys_in(text, DecimalMark::Point)
    }

    /// [`keys`] of a text in a language writing decimals with `mark`.
    fn keys_in(text: &str, mark: DecimalMark) -> Vec<(MentionKind, String, &str)> {
        mentions(text, |w| ["the", "but", "is"].contains(&w), mark)
            .into_iter()
            .map(|m| (m.kind, m.key, &text[m.start..m.end]))
            .collect()
    }

    /// The text of each mention of `text` whose kind `keep` accepts, in order.
    fn spans_of(text: &str, keep: impl Fn(MentionKind) -> bool) -> Vec<&str> {
        keys(text)
            .into_iter()
            .filter(|k| keep(k.0))
            .map(|k| k.2)
            .collect()
    }

    #[test]
    fn german_nouns_are_no_names_but_its_names_are() {
        let de = crate::tokens::analyzer("de");
        let found = |texts: &[&str]| -> Vec<Vec<Mention>> {
            texts
                .iter()
                .map(|t| mentions(t, |w| de.is_stop_word(w), DecimalMark::Comma))
                .collect()
        };
        let names = |texts: &[&'static str], found: &[Vec<Mention>]| -> Vec<&'static str> {
            texts
                .iter()
                .zip(found)
                .flat_map(|(t, ms)| {
                    ms.iter()
                        .filter(|m| m.kind != MentionKind::Number)
                        .map(|m| &t[m.start..m.end])
                })
                .collect()
        };
        let one = [
            "Die Berliner Polizei hat am Montag einen Mann festgenommen, sagte Angela Merkel.",
            "Dann sprach Merkel von 3,5 Milliarden Euro für die SPD und einem Jahr in der Ukraine.",
            "Nach Angaben der Polizei war Huawei im Jahr 2019 beteiligt, um 18 Uhr für 5 Euro.",
            "Der 18-Jährige klagt seit den letzten Jahren, weil die gegen Trump stimmen.",
        ];
        let other = [
            "Das kostet eine Milliarde Euro, sagte Sprecher Jan Kraft, und Polizei ermittelt.",
            "Er sagte: \"Jegliche Polizei ist willkommen.\"",
        ];
        let (mut in_one, mut in_other) = (found(&one), found(&other));
        assert_eq!(
            names(&one, &in_one),
            [
                "Berliner Polizei",
                "Montag",
                "Mann",
                "Angela Merkel",
                "Merkel",
                "Milliarden Euro",
                "SPD",
                "Jahr",
                "Ukraine",
                "Angaben",
                "Polizei",
                "Huawei",
                "Jahr",
                "Uhr",
                "Euro",
                "Jährige",
                "Jahren",
                "Trump"
            ]
        );
        let mut nouns = CommonNouns::default();
        nouns.read(&one, &in_one);
        nouns.remove_from(&CommonNouns::default(), &one, &mut in_one);
        // "Angaben" is a noun too, but the text gives it no article; "Berliner Polizei"
        // follows one and ends in a noun.
        assert_eq!(
            names(&one, &in_one),
            [
                "Angela Merkel",
                "Merkel",
                "SPD",
                "Ukraine",
                "Angaben",
                "Huawei",
                "Trump"
            ]
        );
        assert!(in_one.iter().flatten().any(|m| m.key == "2019"));
        // A word one document writes as a noun is one in the others read with it.
        nouns.read(&other, &in_other);
        nouns.remove_from(&CommonNouns::default(), &other, &mut in_other);
        assert_eq!(
            names(&other, &in_other),
            ["Sprecher Jan Kraft", "Jegliche Polizei"]
        );
        // A corpus makes a word a noun where it writes it as one twice, and in one mention in
        // ten or more: "das geeinte Deutschland" is the exception, "die Polizei" the rule.
        let mut corpus = CommonNouns::default();
        let (plain, geeint) = (
            ["Er fuhr nach Deutschland."],
            ["Das geeinte Deutschland lobt die Polizei."],
        );
        for _ in 0..25 {
            corpus.read(&plain, &found(&plain));
        }
        for _ in 0..2 {
            corpus.read(&geeint, &found(&geeint));
        }
        let event = ["Sie fuhr nach Deutschland und sprach mit Polizei und Presse."];
        let mut in_event = found(&event);
        CommonNouns::default().remove_from(&corpus, &event, &mut in_event);
        assert_eq!(names(&event, &in_event), ["Deutschland", "Presse"]);
        assert!(capitalizes_nouns("de") && !capitalizes_nouns("en") && !capitalizes_nouns("nl"));
    }

    #[test]
    fn names_acronyms_and_numbers_with_spans() {
        use MentionKind::*;
        assert_eq!(
            keys(
                "The Indian navy captured 23 pirates near Daraa, said NATO spokesman Jamal Williams."
            ),
            vec![
                (Name, "andan".into(), "Indian"),
                (Number, "23".into(), "23"),
                (Name, "dara".into(), "Daraa"),
                (Acronym, "nato".into(), "NATO"),
                (Name, "jamal valams".into(), "Jamal Williams"),
            ]
        );
    }

    #[test]
    fn names_as_written_take_in_a_capitalized_stop_word_within_a_sentence() {
        let stop = |w: &str| ["estados", "la", "le", "of", "an", "the"].contains(&w);
        let written = |text| -> Vec<&str> {
            mentions_as_written(text, stop, DecimalMark::Point)
                .into_iter()
                .map(|m| &text[m.start..m.end])
                .collect()
        };
        let compared = |text| -> Vec<&str> {
            mentions(text, stop, DecimalMark::Point)
                .into_iter()
                .map(|m| &text[m.start..m.end])
                .collect()
        };
        let text = "El ministro viajó desde Estados Unidos hasta La Paz con Marine Le Pen ayer.";
        assert_eq!(written(text), ["Estados Unidos", "La Paz", "Marine Le Pen"]);
        assert_eq!(compared(text), ["Unidos", "Paz", "Marine", "Pen"]);
        // Only right after a word in lower case: after a capitalized word left out, a dash or
        // a colon, it may open a title or a sentence.
        assert_eq!(written("Call Of Duty sold well."), ["Duty"]);
        assert_eq!(
            written("BOISE, Idaho - An Idaho man said: The Guardian lied."),
            ["BOISE", "Idaho", "Idaho", "Guardian"]
        );
        // Nor before a word that is no name.
        assert!(written("He sold the house to The new owners.").is_empty());
    }

    #[test]
    fn the_first_word_and_title_case_say_nothing() {
        assert!(keys("Pirates attacked a ship.").is_empty());
        assert_eq!(
            keys("Microsoft Releases Critical Internet Explorer Patch For IE 7"),
            vec![
                (MentionKind::Acronym, "ie".into(), "IE"),
                (MentionKind::Number, "7".into(), "7"),
            ]
        );
    }

    #[test]
    fn a_sentence_may_start_with_a_name_and_punctuation_ends_one() {
        let names = |text| spans_of(text, |k| k == MentionKind::Name);
        assert_eq!(
            names("Lindsay Lohan checked into Betty Ford Center in Rancho Mirage, Calif."),
            [
                "Lindsay Lohan",
                "Betty Ford Center",
                "Rancho Mirage",
                "Calif"
            ]
        );
        assert_eq!(names("Lohan checked in."), Vec::<String>::new());
        assert_eq!(names("Lawyer: Lindsay Lohan checks in"), ["Lindsay Lohan"]);
    }

    #[test]
    fn a_sentence_quoted_within_one_starts_like_one() {
        let names = |text| spans_of(text, |k| k == MentionKind::Name);
        // Sentence spans keep a quotation whole; its sentences start with a capital too.
        assert_eq!(
            names(
                r#"Fans cheered as Jones said: "We thank the fans. Finally, I wish Stoke City well. Really!" Then he left, and Jones waved."#
            ),
            ["Jones", "Stoke City", "Jones"]
        );
        assert_eq!(
            names(r#"He said: "Creo que sí." And left."#),
            Vec::<&str>::new()
        );
        // A period after an abbreviation or an initial ends no sentence.
        assert_eq!(
            names(
                "The governor, Gov. Palin, met her doctor, Dr. Smith, and the writer J. K. Rowling in the city of St. Paul."
            ),
            ["Gov", "Palin", "Dr", "Smith", "Rowling", "St", "Paul"]
        );
    }

    #[test]
    fn title_case_needs_nearly_every_content_word_capitalized() {
        let stop = |w: &str| ["into", "at", "the", "for"].contains(&w);
        assert!(is_title_case(
            "Obama Administration Flips Bush Endangered Species Ruling",
            stop
        ));
        assert!(!is_title_case(
            "Lindsay Lohan checks into rehab at Betty Ford Center",
            stop
        ));
        assert!(!is_title_case("Saints place Bush on IR", stop));
    }

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(alias_key("Lohan's"), alias_key("Lohan"));
        assert_eq!(alias_key("Lohan\u{2019}s"), alias_key("Lohan"));
        assert_eq!(alias_key("Deraa"), alias_key("Daraa"));
        assert_eq!(alias_key("Mohammed"), alias_key("Muhammad"));
        assert_eq!(alias_key("Qaddafi"), alias_key("Kaddafi"));
        assert_ne!(alias_key("Williams"), alias_key("Jackson"));
        assert_eq!(alias_key("Пугачёва"), alias_key("Пугачева"));
        assert_eq!(alias_key("ПЁТР"), alias_key("Петр"));
    }

    /// `alias_key` as it was first written: fold, strip the possessive, drop apostrophes,
    /// each into a new string, then spell.
    fn alias_key_by_steps(word: &str) -> String {
        let folded = fold(word);
        let folded = folded
            .strip_suffix("'s")
            .or_else(|| folded.strip_suffix("\u{2019}s"))
            .unwrap_or(&folded)
            .replace(['\'', '\u{2019}'], "");
        let mut out = String::new();
        push_alias_letters(folded.chars(), &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn alias_key_in_one_pass_is_alias_key_by_steps(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'e', 'P', 'p', 'H', 'h', 'S', 's', 'Z', 'w', 'Q', '\'', '\u{2019}', 'İ',
                'Σ', 'É', 'ß', 'ẞ', 'ſ', '\u{212A}', 'Д', 'я', '7',
            ]), 0..8)
        ) {
            let word: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(alias_key(&word), alias_key_by_steps(&word));
            let mut appended = String::from("x");
            alias_key_into(&word, &mut appended);
            proptest::prop_assert_eq!(&appended[1..], alias_key_by_steps(&word));
        }
    }

    #[test]
    fn numbers_drop_thousands_separators() {
        assert_eq!(keys("It cost 1,200 dollars.")[0].1, "1200");
        assert_eq!(keys("It cost 1,200,000 dollars.")[0].1, "1200000");
    }

    #[test]
    fn one_value_in_two_conventions_gets_one_key() {
        use DecimalMark::*;
        let key = |text, language| keys_in(text, DecimalMark::of(language))[0].1.clone();
        for (a, b, value) in [
            (("1.5 billion", "en"), ("1,5 млрд", "ru"), "1.5"),
            (("3.75 percent", "en"), ("3,75 por ciento", "es"), "3.75"),
            (("1,493 billion", "en"), ("1.493 млрд", "ru"), "1493"),
            (("1.493 billion", "en"), ("1,493 млрд", "ru"), "1.493"),
            (("1,200 pounds", "en"), ("1.200 libras", "es"), "1200"),
            (("3,500 millones", "es"), ("3.500 millones", "es"), "3500"),
            (
                ("1,200,000 people", "en"),
                ("1.200.000 Menschen", "de"),
                "1200000",
            ),
            (
                ("1,234.56 euros", "en"),
                ("1.234,56 euros", "fr"),
                "1234.56",
            ),
        ] {
            assert_eq!((key(a.0, a.1), key(b.0, b.1)), (value.into(), value.into()));
        }
        assert_eq!(DecimalMark::of("pt"), Comma);
        assert_eq!(DecimalMark::of("xx"), Point);
        // Neither is one and a half.
        assert_ne!(key("1,5 млрд", "ru"), key("15 млрд", "ru"));
        assert_ne!(key("1,500 people", "en"), key("1.5 people", "en"));
        // Kept as written: what neither the digits nor the language settle.
        assert_eq!(key("1.2345 dollars", "en"), "1.2345");
        assert_eq!(key("07.12.2019 года", "ru"), "07.12.2019");
    }

    #[test]
    fn the_markers_after_a_clock_time_are_not_acronyms() {
        use MentionKind::*;
        assert_eq!(
            keys("Posted 11/30/09 05:40 PM ET by AP, 10:30 GMT\nUS troops"),
            vec![
                (Number, "11".into(), "11"),
                (Number, "30".into(), "30"),
                (Number, "09".into(), "09"),
                (Number, "05".into(), "05"),
                (Number, "40".into(), "40"),
                (Acronym, "ap".into(), "AP"),
                (Number, "10".into(), "10"),
                (Number, "30".into(), "30"),
                (Acronym, "us".into(), "US"),
            ]
        );
        let names_and_acronyms = |text| spans_of(text, |k| k != Number);
        assert_eq!(
            names_and_acronyms("airs at 8 p.m. ET/PT on FX, from 7PM PST to 9 PM EST"),
            ["FX"]
        );
        // A half of the day needs its hour; a zone, a time; a comma ends a reading.
        assert_eq!(
            names_and_acronyms("UK PM Theresa May"),
            ["UK", "PM", "Theresa May"]
        );
        assert_eq!(
            names_and_acronyms("the 2013 NFL draft, 8 US troops"),
            ["NFL", "US"]
        );
        assert_eq!(names_and_acronyms("at 11:00 pm, ET"), ["ET"]);
    }

    #[test]
    fn a_comma_before_more_than_three_digits_separates_two_numbers() {
        // A day and a year written together are two numbers, each with its own span.
        let numbers: Vec<(String, &str)> = keys("Published November 30,2009 at noon.")
            .into_iter()
            .filter(|m| m.0 == MentionKind::Number)
            .map(|(_, key, span)| (key, span))
            .collect();
        assert_eq!(
            numbers,
            [("30".to_string(), "30"), ("2009".to_string(), "2009")]
        );
    }
}
