//! Summary candidates: the members' sentences analysed into terms and bigram concepts, junk
//! filtered out, and near-identical sentences (the same wire sentence in several outlets)
//! merged into one candidate that carries every voice that printed it.

use rustc_hash::FxHashMap;
use samestory_model::Span;
use samestory_text::boilerplate::fold_key;
use samestory_text::tokens::{acronyms_stand_out, analyzer, fold, unspaced};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use crate::Document;
use crate::openers::Openers;

/// Fewest and most words of a summary sentence.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 80;
/// Content terms a sentence needs for its term set to identify it among near-identical ones.
const MIN_KEY_TERMS: usize = 4;

/// One sentence of one document, analysed.
#[derive(Debug, Clone)]
pub(crate) struct Analysed {
    /// Content terms (stemmed, no stop words), in order, as interned ids.
    pub terms: Vec<u32>,
    /// Bigrams of adjacent words (stemmed) that are not both stop words, as interned pairs.
    pub bigrams: Vec<u64>,
    /// Whether its words were read with acronyms standing out ([`acronyms_stand_out`]).
    pub acronyms: bool,
}

/// A sentence that may enter a summary.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub doc: usize,
    pub sentence: usize,
    /// Span of the sentence in its document's text, after any leading dateline.
    pub span: Span,
    pub words: usize,
    /// Sorted, distinct content term ids, with their counts.
    pub terms: Vec<(u32, u32)>,
    /// Sorted, distinct bigram keys.
    pub bigrams: Vec<u64>,
    /// Distinct voices (copy groups) that printed this sentence or a near-identical one.
    pub voices: Vec<usize>,
    /// Position of the sentence in its document, from 0.
    pub position: usize,
    /// Where the corpus reads its opening word as leaning on the sentence before (see
    /// [`Openers::leaning_word`]): that word's term id, and whether it may be a name (it has
    /// more than one letter).
    pub leaning: Option<(u32, bool)>,
    /// Whether a summary may choose it: all may, save those that lean on the sentence before
    /// where some do not. The rest still stand for what the event's texts say.
    pub choosable: bool,
}

/// All sentences analysed, and the candidates among them.
pub(crate) struct Pool {
    /// Per document, per sentence.
    pub analysed: Vec<Vec<Analysed>>,
    /// Per document, the content terms of its title.
    pub titles: Vec<Vec<u32>>,
    pub candidates: Vec<Candidate>,
    /// Number of distinct term ids.
    pub n_terms: usize,
}

/// How one word reads in a sentence: its interned term (the stem, else the folded word),
/// whether it is a stop word, and whether it is a content term (a stem, not a stop word).
#[derive(Debug, Clone, Copy)]
struct Word {
    id: u32,
    stop: bool,
    content: bool,
}

#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        id
    }
}

/// Analyses every sentence of `docs` and builds the candidates; those that open leaning on the
/// sentence before (see [`Openers`]) are not to be chosen where others are.
pub(crate) fn pool<'a>(docs: &[Document<'a>], openers: &Openers) -> Pool {
    let mut interner = Interner::default();
    // How each distinct word of a language reads, kept across the documents: stemming is the
    // costliest step, and an event's copies and common words repeat.
    let mut read: FxHashMap<(&'a str, &'a str, bool), Option<Word>> = FxHashMap::default();
    let mut analysed = Vec::with_capacity(docs.len());
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    let mut titles = Vec::with_capacity(docs.len());
    // Per term id, how often its words are written within a sentence with a capital, and in
    // lower case.
    let mut case_within: Vec<(u32, u32)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let an = analyzer(doc.language);
        titles.push(an.terms(doc.title).iter().map(|t| interner.id(t)).collect());
        let mut sentences = Vec::with_capacity(doc.sentences.len());
        for span in doc.sentences {
            let text = span.slice(doc.text);
            let acronyms = acronyms_stand_out(text);
            let mut terms = Vec::new();
            let mut bigrams = Vec::new();
            if text.chars().any(unspaced) {
                // No words to pair: the analyzer's character pairs are the terms, and
                // neighbouring pairs the bigrams.
                terms = an.terms(text).iter().map(|t| interner.id(t)).collect();
                bigrams = terms
                    .windows(2)
                    .map(|p| (u64::from(p[0]) << 32) | u64::from(p[1]))
                    .collect();
                sentences.push(Analysed {
                    terms,
                    bigrams,
                    acronyms,
                });
                continue;
            }
            let mut prev: Option<(u32, bool)> = None;
            for (at, w) in text.unicode_words().enumerate() {
                let word = *read.entry((doc.language, w, acronyms)).or_insert_with(|| {
                    let folded = fold(w).replace('\'', "");
                    if folded.is_empty() {
                        return None;
                    }
                    let term = an.term_reading_acronyms(w, acronyms);
                    // An acronym is no stop word where it reads as a term ("IS", "WHO").
                    let stop = an.is_stop_word(&folded) && term.is_none();
                    Some(Word {
                        id: interner.id(term.as_deref().unwrap_or(&folded)),
                        stop,
                        content: term.is_some() && !stop,
                    })
                });
                let Some(Word { id, stop, content }) = word else {
                    continue;
                };
                if at > 0 {
                    let i = id as usize;
                    if case_within.len() <= i {
                        case_within.resize(i + 1, (0, 0));
                    }
                    if w.starts_with(char::is_uppercase) {
                        case_within[i].0 += 1;
                    } else if w.starts_with(char::is_lowercase) {
                        case_within[i].1 += 1;
                    }
                }
                if content {
                    terms.push(id);
                }
                if let Some((p, pstop)) = prev
                    && !(stop && pstop)
                {
                    bigrams.push((u64::from(p) << 32) | u64::from(id));
                }
                prev = Some((id, stop));
            }
            sentences.push(Analysed {
                terms,
                bigrams,
                acronyms,
            });
        }
        for (pos, span) in doc.sentences.iter().enumerate() {
            let raw = span.slice(doc.text);
            let skip = dateline_prefix(raw);
            let text = &raw[skip..];
            if !is_candidate(text) {
                continue;
            }
            let a = &sentences[pos];
            let leaning = openers.leaning_word(doc.language, text).and_then(|word| {
                let opening = text.unicode_words().next()?;
                // Read as the sentence was read above: whole, dateline and all.
                let Word { id, .. } = read
                    .get(&(doc.language, opening, a.acronyms))
                    .copied()
                    .flatten()?;
                Some((id, word.chars().count() > 1))
            });
            let mut sorted: Vec<u32> = a.terms.clone();
            sorted.sort_unstable();
            let mut terms: Vec<(u32, u32)> = Vec::new();
            for t in sorted {
                match terms.last_mut() {
                    Some((last, n)) if *last == t => *n += 1,
                    _ => terms.push((t, 1)),
                }
            }
            // The distinct content terms identify a sentence among its near-copies; a short
            // sentence is identified by its folded text.
            let key = if terms.len() >= MIN_KEY_TERMS {
                let bytes: Vec<u8> = terms.iter().flat_map(|t| t.0.to_le_bytes()).collect();
                xxh3_64(&bytes)
            } else {
                fold_key(text)
            };
            if let Some(&c) = first.get(&key) {
                let voices = &mut candidates[c].voices;
                if !voices.contains(&doc.voice) {
                    voices.push(doc.voice);
                }
                continue;
            }
            first.insert(key, candidates.len());
            let mut bigrams = a.bigrams.clone();
            bigrams.sort_unstable();
            bigrams.dedup();
            candidates.push(Candidate {
                doc: d,
                sentence: pos,
                span: Span::new(span.start + skip, span.end),
                words: word_count(text),
                terms,
                bigrams,
                voices: vec![doc.voice],
                position: pos,
                leaning,
                choosable: true,
            });
        }
        analysed.push(sentences);
    }
    // A name opens later sentences more than leads too ("Trump said..."); the event's texts
    // write it with a capital within sentences more often than not, where a pronoun or a
    // connective is written in lower case ("He" within a sentence opens a quotation). A word
    // of one letter is no name ("I", which English always capitalizes).
    let named = |id: u32| {
        case_within
            .get(id as usize)
            .is_some_and(|&(up, low)| up > low)
    };
    let leans_back = |c: &Candidate| {
        c.leaning
            .is_some_and(|(id, may_be_name)| !(may_be_name && named(id)))
    };
    if candidates.iter().any(|c| !leans_back(c)) {
        for c in &mut candidates {
            c.choosable = !leans_back(c);
        }
    }
    Pool {
        analysed,
        titles,
        candidates,
        n_terms: interner.ids.len(),
    }
}

/// Length in bytes of a wire dateline that opens a sentence ("BEIRUT, July 31 (AFP) - ",
/// "WASHINGTON (AP) _ ", "Beirut: "), or 0: a place in capitals or an agency in parentheses
/// before a dash, or one or two capitalized words before a colon.
pub fn dateline_prefix(text: &str) -> usize {
    const DASHES: [&str; 5] = [" -- ", " - ", " — ", " – ", " _ "];
    if let Some(at) = text.find(": ") {
        let head = &text[..at];
        let words: Vec<&str> = head.split_whitespace().collect();
        if (1..=2).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().all(|w| w.chars().all(char::is_alphabetic))
        {
            return at + 2;
        }
    }
    let Some((at, dash)) = DASHES
        .iter()
        .filter_map(|d| text.find(d).map(|i| (i, *d)))
        .min_by_key(|x| x.0)
    else {
        return 0;
    };
    let head = &text[..at];
    let words = head.split_whitespace().count();
    if words == 0 || words > 8 {
        return 0;
    }
    // The place: the first word in capitals ("BEIRUT,", "NEW YORK").
    let first = head
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',');
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    // Or an agency in parentheses ("Geneva (Reuters) - ").
    let agency = head.ends_with(')') && head.contains('(');
    if !(capitals || agency) {
        return 0;
    }
    at + dash.len()
}

/// Rejects fragments and page junk: too short or long, no sentence-final punctuation, starting
/// in lower case or with a dash, carrying addresses, written mostly in capitals, or a
/// quotation with no speaker.
pub fn is_candidate(text: &str) -> bool {
    let n = word_count(text);
    if !(MIN_WORDS..=MAX_WORDS).contains(&n) {
        return false;
    }
    let end = text.trim_end_matches(['"', '\'', ')', '”', '’', '»', '」', '』']);
    if !end.ends_with(SENTENCE_ENDS) {
        return false;
    }
    // Running text starts with a capital (or a letter of a script without case), a digit or
    // a quote; not with a lower-case letter (a fragment) or a dash or bullet (a heading or
    // list item).
    if !text.chars().next().is_some_and(|c| {
        (c.is_alphabetic() && !c.is_lowercase())
            || c.is_numeric()
            || matches!(c, '"' | '\'' | '“' | '‘' | '«' | '「' | '『')
    }) {
        return false;
    }
    if text.contains("http") || text.contains("www.") || text.contains('@') {
        return false;
    }
    !is_bare_quote(text) && !points_back(text) && !shouts(text)
}

/// Whether `text` is written in a script with case and most of its letters are capitals: a
/// heading, a caption or a promotion set in capitals ("GRAZIE ALL'ORA LEGALE ... COME
/// FINIRÀ?"), not running text, where capitals start sentences and names and spell acronyms
/// (a few in a hundred). Acronyms in a sentence of a script without case ("KT&G" in Korean)
/// do not make it one.
fn shouts(text: &str) -> bool {
    let (mut letters, mut cased, mut upper) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        let (letter, up, low) = if c.is_ascii() {
            (
                c.is_ascii_alphabetic(),
                c.is_ascii_uppercase(),
                c.is_ascii_lowercase(),
            )
        } else {
            (c.is_alphabetic(), c.is_uppercase(), c.is_lowercase())
        };
        letters += usize::from(letter);
        cased += usize::from(up || low);
        upper += usize::from(up);
    }
    cased * 2 > letters && upper * 2 > cased
}

/// Openings that point back at the whole of the sentence before ("about this"), in the
/// languages whose news writes its attribution that way.
const ABOUT_THIS: [&str; 9] = [
    "Об этом ",  // Russian
    "Про це ",   // Ukrainian
    "Пра гэта ", // Belarusian
    "За това ",  // Bulgarian
    "О томе ",   // Serbian
    "O tome ",   // Croatian, Bosnian, Serbian in Latin letters
    "O tym ",    // Polish
    "O tom ",    // Czech, Slovak
    "Za to ",    // Slovene
];

/// A sentence that only says who reported the one before it ("Об этом сообщает пресс-служба
/// ведомства.", "Про це повідомляє кореспондент."): without that sentence it says nothing.
fn points_back(text: &str) -> bool {
    ABOUT_THIS.iter().any(|p| text.starts_with(p))
}

/// Marks that end a sentence: Latin, CJK (full-width), Arabic, Urdu and Devanagari.
const SENTENCE_ENDS: [char; 10] = ['.', '!', '?', '。', '！', '？', '．', '؟', '۔', '।'];

/// Words of `text`: whitespace-separated ones, where a run of a script written without
/// spaces (see [`unspaced`]) counts one word per two characters, the commonest word length
/// in Chinese and Japanese.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            let chars = w.chars().filter(|&c| unspaced(c)).count();
            if chars == 0 { 1 } else { chars.div_ceil(2) }
        })
        .sum()
}

/// A sentence that opens with a quotation mark and has no speaker after the quotation closes
/// (or never closes it): a quote whose speaker is in another sentence.
fn is_bare_quote(text: &str) -> bool {
    const OPEN: [char; 3] = ['"', '“', '«'];
    const CLOSE: [char; 3] = ['"', '”', '»'];
    let Some(body) = text.trim().strip_prefix(OPEN) else {
        return false;
    };
    match body.find(CLOSE) {
        Some(i) => {
            let after = &body[i..];
            let after = &after[after.chars().next().map_or(0, char::len_utf8)..];
            after.chars().filter(|c| c.is_alphabetic()).count() <= 2
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_not_candidates() {
        assert!(is_candidate("The council approved the budget on Monday."));
        assert!(is_candidate(
            "NATO and the EU met the IMF and the OSCE in the UK on Monday."
        ));
        assert!(!is_candidate(
            "GRAZIE ALL'ORA LEGALE GLI ITALIANI RISPARMIANO 100 MILIONI DI EURO. COME FINIRÀ?"
        ));
        assert!(is_candidate(
            "주민들은 먼저 금강농산과 KT&G를 상대로 소송을 낼 것으로 보인다."
        ));
        assert!(!is_candidate("Related Articles"));
        assert!(!is_candidate(
            "- Civilians killed in the far east of the country? -"
        ));
        assert!(!is_candidate(
            "and its villages to the rebel-held Idlib province."
        ));
        assert!(!is_candidate(
            "Read the full story at http://example.com today now."
        ));
    }

    #[test]
    fn scripts_without_case_or_spaces_have_candidates() {
        // Arabic: no capitals, its own question mark.
        assert!(is_candidate(
            "أعلن المتحدث الرسمي عن تأجيل حفل التدشين إلى يوم الأربعاء المقبل."
        ));
        assert!(is_candidate(
            "هل وافق المجلس على الميزانية الجديدة هذا الأسبوع؟"
        ));
        // Chinese: no spaces, a full-width stop; 22 characters count 11 words.
        let zh = "香港理工大学的抗议者周一与警方发生了激烈冲突。";
        assert_eq!(word_count(zh), 11);
        assert!(is_candidate(zh));
        assert!(!is_candidate("香港警方。"));
        assert!(is_candidate("मुख्यमंत्री ने सोमवार को नई योजना की घोषणा की।"));
    }

    #[test]
    fn a_sentence_about_the_one_before_is_not_a_candidate() {
        assert!(!is_candidate(
            "Об этом сообщает пресс-служба Министерства инфраструктуры."
        ));
        assert!(!is_candidate(
            "Про це повідомляє кореспондент Прямого з зали суду."
        ));
        // The same words inside a sentence do not point back.
        assert!(is_candidate(
            "Губернатор рассказал об этом на встрече с жителями района."
        ));
    }

    #[test]
    fn quotes_need_a_speaker() {
        assert!(!is_candidate(
            "\"We will not leave this city before the end.\""
        ));
        assert!(is_candidate(
            "\"We will not leave this city,\" the mayor told reporters on Sunday."
        ));
    }

    #[test]
    fn datelines_open_wire_sentences() {
        let s = "BEIRUT, July 31 (AFP) - Fighters cornered in south Syria began talks.";
        assert_eq!(
            &s[dateline_prefix(s)..],
            "Fighters cornered in south Syria began talks."
        );
        let s = "Geneva (Reuters) - The talks resumed on Monday.";
        assert_eq!(&s[dateline_prefix(s)..], "The talks resumed on Monday.");
        let s = "Beirut: Regime forces retook the holdout on Saturday.";
        assert_eq!(
            &s[dateline_prefix(s)..],
            "Regime forces retook the holdout on Saturday."
        );
        for s in [
            "The talks - which resumed on Monday - went well.",
            "He said: the talks went well on Monday.",
        ] {
            assert_eq!(dateline_prefix(s), 0, "{s}");
        }
    }

    /// Each candidate of English `event` (articles given as sentences) with whether a summary
    /// may choose it, where the corpus is `event` and `others`.
    fn choosable(event: &[Vec<String>], others: &[Vec<String>]) -> Vec<(String, bool)> {
        use samestory_text::segment::{build_body, sentences};
        let built = |paras: &Vec<String>| {
            let paras: Vec<&str> = paras.iter().map(String::as_str).collect();
            let (body, spans) = build_body(&paras);
            let s = sentences(&body, &spans, "en");
            (body, s)
        };
        fn document((body, spans): &(String, Vec<Span>), voice: usize) -> Document<'_> {
            Document {
                title: "",
                text: body,
                sentences: spans,
                language: "en",
                time: None,
                voice,
                source: None,
            }
        }
        let event: Vec<_> = event.iter().map(built).collect();
        let others: Vec<_> = others.iter().map(built).collect();
        let docs: Vec<Document> = event
            .iter()
            .enumerate()
            .map(|(i, d)| document(d, i))
            .collect();
        let mut corpus = crate::Corpus::default();
        for d in docs
            .iter()
            .chain(&others.iter().map(|d| document(d, 0)).collect::<Vec<_>>())
        {
            corpus.merge(crate::Corpus::read(d));
        }
        pool(&docs, &corpus.openers)
            .candidates
            .iter()
            .map(|c| (c.span.slice(&event[c.doc].0).to_string(), c.choosable))
            .collect()
    }

    #[test]
    fn sentences_that_lean_on_the_one_before_are_chosen_only_where_no_other_is() {
        let lines = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        // Forty reports whose later sentences open with "He", "However" and "Trump", and
        // whose leads never do.
        let others: Vec<Vec<String>> = (0..40)
            .map(|i| {
                let lead = format!("The council of town number {i} met on Monday evening.");
                let mut s = lines(&[
                    "He said the budget was tight this year.",
                    "However, the vote on it was put off.",
                    "Trump said nothing about it at all.",
                ]);
                s.insert(0, lead);
                s
            })
            .collect();
        let event = vec![
            lines(&[
                "A storm hit the coast of Varna on Monday, officials said.",
                "He said the harbour bridge closed after President Donald Trump called.",
                "However, the port of Varna reopened by noon.",
                "Trump said federal aid was on its way to Varna.",
            ]),
            lines(&["Rescue teams cleared the roads of Varna overnight after the storm."]),
        ];
        let got = choosable(&event, &others);
        let of = |opening: &str| got.iter().find(|(t, _)| t.starts_with(opening)).unwrap().1;
        assert!(of("A storm") && of("Rescue teams"), "{got:?}");
        assert!(!of("He said") && !of("However"), "{got:?}");
        // A name opens later sentences too; the event writes it with a capital within one.
        assert!(of("Trump said"), "{got:?}");
        // Without a corpus that tells, or where every candidate leans back, all may be chosen.
        assert!(choosable(&event, &[]).iter().all(|c| c.1));
        let leaning = vec![lines(&[
            "He said the harbour bridge closed on Monday night.",
            "However, the port of Varna reopened by noon.",
        ])];
        assert!(choosable(&leaning, &others).iter().all(|c| c.1));
    }
}
