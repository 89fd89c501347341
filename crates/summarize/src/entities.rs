//! Key entities of an event: the names and acronyms the most voices use, each shown in its
//! most frequent form, the forms of one name (spellings, inflections) merged by a key.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;

use samestory_text::dates::{is_calendar_word, is_month_abbreviation};
use samestory_text::entities::{
    CommonNouns, DecimalMark, HYPHENS, Mention, MentionKind, alias_key, capitalizes_nouns,
    is_hyphen, mentions, mentions_as_written,
};
use samestory_text::places::{Gazetteer, PlaceKind, place_key};
use samestory_text::site::Site;
use samestory_text::tokens::{Analyzer, analyzer, fold, for_each_word};

use crate::Document;
use crate::hyphens::{Affixes, MentionAt, has_hyphenated_word, join_affixes};
use crate::openers::Openers;

#[derive(Default)]
struct Tally {
    voices: Vec<usize>,
    count: usize,
    forms: HashMap<String, usize>,
    /// Mentions of a one-word name before which their document named nothing longer that the
    /// word ends or begins: where there are none, the word may be short for such a name (see
    /// [`fold_short_forms`]).
    bare: usize,
    /// Mentions that begin their sentence, where a capitalized word is not always a name
    /// ("Также Беглов", "Граждане России"): a name never found elsewhere may be no name.
    openers: usize,
}

impl Tally {
    /// Counts `other`'s mentions, and its forms, as this name's.
    fn absorb(&mut self, other: Tally) {
        self.absorb_mentions(&other);
        for (form, n) in other.forms {
            *self.forms.entry(form).or_default() += n;
        }
    }

    /// Counts `other`'s mentions as this name's, in this name's own forms.
    fn absorb_mentions(&mut self, other: &Tally) {
        for &v in &other.voices {
            if !self.voices.contains(&v) {
                self.voices.push(v);
            }
        }
        self.count += other.count;
        self.bare += other.bare;
        self.openers += other.openers;
    }

    /// Order of importance: more voices, then more mentions, first.
    fn rank(&self) -> (Reverse<usize>, Reverse<usize>) {
        (Reverse(self.voices.len()), Reverse(self.count))
    }
}

/// Characters two words of a name share at the start, at the least, to be read as forms of
/// one word; and characters each may have beyond what they share.
const STEM_CHARS: usize = 5;
const ENDING_CHARS: usize = 2;

/// Whether two keys are forms of one name that stemming did not bring together: word by word
/// the same, or sharing [`STEM_CHARS`] or more first characters and differing in endings of
/// at most [`ENDING_CHARS`] ("газпр" and "газпром", where the Snowball stemmer takes "ом" for
/// an ending; "україні" and "україни", in a language without a stemmer). Words with digits
/// must be the same ("3qfy18" is not "3qfy19").
fn same_name(a: &str, b: &str) -> bool {
    a.split(' ').count() == b.split(' ').count()
        && a.split(' ').zip(b.split(' ')).all(|(x, y)| {
            let shared = x.chars().zip(y.chars()).take_while(|(c, d)| c == d).count();
            x == y
                || !(x.contains(|c: char| c.is_ascii_digit())
                    || y.contains(|c: char| c.is_ascii_digit()))
                    && shared >= STEM_CHARS
                    && x.chars().count() - shared <= ENDING_CHARS
                    && y.chars().count() - shared <= ENDING_CHARS
        })
}

/// Where [`same_name`] looks for a key's other forms: its words cut to [`STEM_CHARS`].
fn bucket(key: &str) -> String {
    key.split(' ')
        .map(|w| w.chars().take(STEM_CHARS).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tallies with each merged into the first more important one of [`same_name`], most
/// important first (ties by key).
fn merge_forms(tallies: HashMap<String, Tally>) -> Vec<(String, Tally)> {
    let mut ranked: Vec<(String, Tally)> = tallies.into_iter().collect();
    ranked.sort_by(|a, b| a.1.rank().cmp(&b.1.rank()).then(a.0.cmp(&b.0)));
    let mut kept: Vec<(String, Tally)> = Vec::new();
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (key, tally) in ranked {
        let slot = buckets.entry(bucket(&key)).or_default();
        match slot.iter().find(|&&i| same_name(&kept[i].0, &key)) {
            Some(&i) => kept[i].1.absorb(tally),
            None => {
                slot.push(kept.len());
                kept.push((key, tally));
            }
        }
    }
    kept.sort_by(|a, b| a.1.rank().cmp(&b.1.rank()).then(a.0.cmp(&b.0)));
    kept
}

/// The tallies not `dropped` (one flag each, in order), most important first (ties by key).
fn ranked_without(kept: Vec<(String, Tally)>, dropped: &[bool]) -> Vec<(String, Tally)> {
    let mut out: Vec<(String, Tally)> = kept
        .into_iter()
        .zip(dropped)
        .filter(|(_, d)| !**d)
        .map(|(k, _)| k)
        .collect();
    out.sort_by(|a, b| a.1.rank().cmp(&b.1.rank()).then(a.0.cmp(&b.0)));
    out
}

/// The tallies with each name written after a title or a place ("President Hassan Rouhani",
/// "Киева Виталий Кличко": a capitalized run reads as one name) counted as the name of two
/// words or more it ends with, where both the title and the name are found on their own
/// ("Rami Abdel Rahman" stays whole beside "Abdel Rahman": "Rami" is not found alone); the
/// name keeps its own forms. Most important first, as [`merge_forms`] gives them.
fn fold_prefixed(mut kept: Vec<(String, Tally)>) -> Vec<(String, Tally)> {
    let index: HashMap<String, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    // Longest first, so that a chain ("Commerce Secretary Wilbur Ross", "Secretary Wilbur
    // Ross") ends at the shortest name.
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by_key(|&i| (Reverse(kept[i].0.split(' ').count()), i));
    let mut folded = vec![false; kept.len()];
    for i in order {
        let words: Vec<&str> = kept[i].0.split(' ').collect();
        // Endings of two words or more, longest first, after words that are a name too.
        let name = (1..words.len().saturating_sub(1)).find_map(|start| {
            index
                .contains_key(&words[..start].join(" "))
                .then(|| index.get(&words[start..].join(" ")).copied())
                .flatten()
        });
        if let Some(j) = name {
            let tally = std::mem::take(&mut kept[i].1);
            kept[j].1.absorb_mentions(&tally);
            folded[i] = true;
        }
    }
    ranked_without(kept, &folded)
}

/// The first and the last word of a key of two words or more.
fn ends(key: &str) -> Option<(&str, &str)> {
    Some((key.split_once(' ')?.0, key.rsplit_once(' ')?.1))
}

/// The tallies with each hyphenated name counted as its parts where every part is found on
/// its own: "Russia-Ukraine" talks are about Russia and Ukraine, while "Etats-Unis" and
/// "Coca-Cola" stay whole (no "Unis" nor "Cola" alone). Most important first.
fn split_compounds(mut kept: Vec<(String, Tally)>) -> Vec<(String, Tally)> {
    let index: HashMap<String, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    let mut split = vec![false; kept.len()];
    for i in 0..kept.len() {
        if !kept[i].0.contains('-') {
            continue;
        }
        let parts: Option<Vec<usize>> = kept[i]
            .0
            .split('-')
            .map(|p| index.get(p).copied())
            .collect();
        if let Some(parts) = parts {
            let tally = std::mem::take(&mut kept[i].1);
            for j in parts {
                kept[j].1.absorb_mentions(&tally);
            }
            split[i] = true;
        }
    }
    ranked_without(kept, &split)
}

/// The tallies with each one-word name that is only ever short for one longer name counted
/// as that name: a surname or first name ("Костенко", "Rashami") every mention of which
/// comes after, in its document, a longer name it ends or begins, where one name of two
/// words alone that it ends or begins is found in the event ("Анастасия Костенко", "Rashami
/// Desai"; not "Норникеля Сергей Дубовицкий", where a title or place may lead), and not
/// only at the start of sentences (where "Также Беглов" is "also Beglov"). A country or US
/// state is never short for a name ("Japan" after "Yahoo Japan" is still Japan). Most
/// important first.
fn fold_short_forms(mut kept: Vec<(String, Tally)>) -> Vec<(String, Tally)> {
    let places = Gazetteer::embedded();
    let is_region = |tally: &Tally| {
        tally.forms.keys().any(|f| {
            places
                .find(&place_key(f))
                .is_some_and(|id| places.place(id).kind != PlaceKind::City)
        })
    };
    // The names of two words, by the start of their first word and of their last.
    let mut by_end: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, (k, t)) in kept.iter().enumerate() {
        let two_words = k.split_once(' ').filter(|(_, l)| !l.contains(' '));
        if let Some((first, last)) = two_words.filter(|_| t.openers < t.count) {
            by_end.entry(bucket(first)).or_default().push(j);
            if bucket(last) != bucket(first) {
                by_end.entry(bucket(last)).or_default().push(j);
            }
        }
    }
    let mut folded = vec![false; kept.len()];
    for i in 0..kept.len() {
        let (key, tally) = &kept[i];
        if key.contains([' ', '-']) || tally.bare > 0 || is_region(tally) {
            continue;
        }
        let mut longer = by_end
            .get(&bucket(key))
            .into_iter()
            .flatten()
            .filter(|&&j| {
                let (first, last) = kept[j].0.split_once(' ').expect("a name of two words");
                same_name(first, key) || same_name(last, key)
            });
        if let (Some(&j), None) = (longer.next(), longer.next()) {
            let tally = std::mem::take(&mut kept[i].1);
            kept[j].1.absorb_mentions(&tally);
            folded[i] = true;
        }
    }
    ranked_without(kept, &folded)
}

/// The key that merges the forms of one name: each word's alias key (see [`alias_key`]) of
/// its stem in the document's language, so that inflections ("Украины", "Украине"), plurals
/// ("Palestinian", "Palestinians") and spellings ("Deraa", "Daraa"; "DUBAI", "Dubai") of a
/// name are one entity. Stop words that open the name are left out of its key: "The
/// Irishman" and "the Irishman", "Estados Unidos" and a bare "Unidos" at the start of a
/// sentence are one name, shown as most write it.
fn entity_key(an: &Analyzer, form: &str) -> String {
    let word_key = |w: &str| word_key(an, w);
    let words: Vec<&str> = form.split(' ').collect();
    let opening = words
        .iter()
        .take(words.len() - 1)
        .take_while(|w| an.is_stop_word(&fold(w)))
        .count();
    words[opening..]
        .iter()
        .map(|w| match w.contains(HYPHENS) {
            true => w.split(HYPHENS).map(word_key).collect::<Vec<_>>().join("-"),
            false => word_key(w),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of one word of a name: the alias key (see [`alias_key`]) of its stem.
fn word_key(an: &Analyzer, word: &str) -> String {
    alias_key(&an.term(word).unwrap_or_else(|| fold(word)))
}

/// The mentions of one sentence (`text`) as (start, end, kind), names joined by a hyphen made
/// one ("Etats-Unis", "Jean-Pierre Raffarin"): mentions end words at hyphens.
fn joined(text: &str, found: Vec<Mention>) -> Vec<MentionAt> {
    let mut out: Vec<MentionAt> = Vec::new();
    for m in found {
        match out.last_mut() {
            Some((_, end, MentionKind::Name))
                if m.kind == MentionKind::Name && is_hyphen(&text[*end..m.start]) =>
            {
                *end = m.end
            }
            _ => out.push((m.start, m.end, m.kind)),
        }
    }
    out
}

/// `word` with its first letter in lower case ("Также" gives "также").
fn lower_initial(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Those of `words` (each in lower case) that the sentences of `docs` write as they are: common
/// words, not names.
fn written_in_lower_case(docs: &[Document<'_>], words: &HashSet<String>) -> HashSet<String> {
    let mut seen = HashSet::new();
    if words.is_empty() {
        return seen;
    }
    for doc in docs {
        for span in doc.sentences {
            let text = span.slice(doc.text);
            for_each_word(text, |s, e| {
                let w = &text[s..e];
                if w.starts_with(char::is_lowercase) && !seen.contains(w) && words.contains(w) {
                    seen.insert(w.to_string());
                }
            });
        }
    }
    seen
}

/// Whether `text` has a number right after `end`, past a period: "Nov 18", "Sept. 9", "No. 5".
fn number_after(text: &str, end: usize) -> bool {
    text[end..]
        .strip_prefix('.')
        .unwrap_or(&text[end..])
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the word at `start..end` of `text` has a number right after it (see
/// [`number_after`]) or right before it: "Nov 18", "18 Dec" (where "Ant and Dec" is a name).
fn beside_number(text: &str, start: usize, end: usize) -> bool {
    number_after(text, end)
        || text[..start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit())
}

/// Whether the word at `start..end` of `text` is the numero sign: "No" before a number, as
/// NFKC writes "№ 5" ("школа № 5" gives "школа No 5"), and as English writes "No. 10".
fn is_numero(text: &str, start: usize, end: usize) -> bool {
    &text[start..end] == "No" && number_after(text, end)
}

/// Most letters of an abbreviated title ("Dr", "Gov", "Prof", "Capt"); a longer word before a
/// period the sentence splitter left inside a sentence is more often a name it failed to end
/// a sentence on.
const MAX_TITLE_ABBREVIATION: usize = 4;

/// Whether the one word at `start..end` of the sentence `text` is an abbreviation before a
/// name: a period follows it and, within the sentence, a capitalized word ("Dr. Sanjay Gupta",
/// "Mr. Trump", "Gov. Sarah Palin", "St. Louis"). The sentence splitter ends a sentence at a
/// name's period ("...in Rome. The mayor"), not at a title's, so a period inside the sentence
/// after a single capitalized word marks an abbreviated title, which names no one.
fn abbreviates_title(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    word.chars().count() <= MAX_TITLE_ABBREVIATION
        && !word.contains([' ', '-'])
        && text[end..].strip_prefix('.').is_some_and(|rest| {
            rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase)
        })
}

/// A mention key entities count: its form, kind, and whether it starts its sentence.
type Counted<'a> = (&'a str, MentionKind, bool);

/// What a whole corpus tells the summary of one of its events: of names, the nouns of the
/// documents whose language capitalizes every noun (see [`CommonNouns`]) and the affixes names
/// take across hyphens (see [`Affixes`]); of sentences, the words that open them leaning on the
/// one before (see [`Openers`]). Read one document at a time and merged: counts, so the same
/// for any order. An empty one leaves an event to tell names alone, and judges no opening.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    nouns: CommonNouns,
    affixes: Affixes,
    pub(crate) openers: Openers,
}

impl Corpus {
    /// What one document tells.
    pub fn read(doc: &Document<'_>) -> Corpus {
        let an = analyzer(doc.language);
        let with_nouns = capitalizes_nouns(doc.language);
        let mark = DecimalMark::of(doc.language);
        let mut corpus = Corpus::default();
        corpus.openers.read(doc);
        let (mut texts, mut found) = (Vec::new(), Vec::new());
        for span in doc.sentences {
            let text = span.slice(doc.text);
            let hyphenated = has_hyphenated_word(text);
            if !(with_nouns || hyphenated) {
                continue;
            }
            let ms = written_mentions(text, an, with_nouns, mark);
            if hyphenated {
                let key = |w: &str| word_key(an, w);
                corpus.affixes.read(text, &joined(text, ms.clone()), key);
            }
            if with_nouns {
                texts.push(text);
                found.push(ms);
            }
        }
        if with_nouns {
            corpus.nouns.read(&texts, &found);
        }
        corpus
    }

    /// Adds what `other` has read.
    pub fn merge(&mut self, other: Corpus) {
        self.nouns.merge(other.nouns);
        self.affixes.merge(other.affixes);
        self.openers.merge(other.openers);
    }
}

/// The mentions of one sentence as its names are written (see [`mentions_as_written`]), save
/// in a language that capitalizes every noun (`with_nouns`): there a capitalized stop word
/// before a capitalized word is mostly a formal "Sie" or "Ihr" before a noun, or a sentence
/// the page did not end ("...kleinere Flugzeuge Die Luftfahrtmesse...").
fn written_mentions(
    text: &str,
    an: &Analyzer,
    with_nouns: bool,
    mark: DecimalMark,
) -> Vec<Mention> {
    let is_stop_word = |w: &str| an.is_stop_word(w);
    if with_nouns {
        mentions(text, is_stop_word, mark)
    } else {
        mentions_as_written(text, is_stop_word, mark)
    }
}

/// The names and acronyms of each document's sentences, in order (titles are left out: their
/// capitals are style, not names), a possessive cut ("Microsoft's" counts as "Microsoft"); a
/// site naming itself, numbers, the numero sign ("No 5") and calendar words (in English,
/// month abbreviations beside a number too: "Nov 18") left out; in a language that capitalizes
/// every noun, the words that any of the documents or of the `corpus` writes as a noun left
/// out too (see [`CommonNouns`]); names cut at a hyphen made whole (see [`join_affixes`]).
fn counted_mentions<'a>(docs: &[Document<'a>], corpus: &Corpus) -> Vec<Vec<Counted<'a>>> {
    let mut found: Vec<(Vec<&'a str>, Vec<Vec<Mention>>)> = docs
        .iter()
        .map(|doc| {
            let an = analyzer(doc.language);
            let with_nouns = capitalizes_nouns(doc.language);
            let mark = DecimalMark::of(doc.language);
            let texts: Vec<&str> = doc.sentences.iter().map(|s| s.slice(doc.text)).collect();
            let found = texts
                .iter()
                .map(|text| written_mentions(text, an, with_nouns, mark))
                .collect();
            (texts, found)
        })
        .collect();
    let mut nouns = CommonNouns::default();
    let with_nouns = |doc: &Document<'_>| capitalizes_nouns(doc.language);
    for (doc, (texts, found)) in docs.iter().zip(&found) {
        if with_nouns(doc) {
            nouns.read(texts, found);
        }
    }
    for (doc, (texts, found)) in docs.iter().zip(&mut found) {
        if with_nouns(doc) {
            nouns.remove_from(&corpus.nouns, texts, found);
        }
    }
    let mut sentences: Vec<Vec<(&'a str, Vec<MentionAt>)>> = found
        .into_iter()
        .map(|(texts, found)| {
            texts
                .into_iter()
                .zip(found)
                .map(|(text, found)| (text, joined(text, found)))
                .collect()
        })
        .collect();
    let analyzers: Vec<&Analyzer> = docs.iter().map(|d| analyzer(d.language)).collect();
    join_affixes(
        &mut sentences,
        &corpus.affixes,
        |d, word| with_nouns(&docs[d]) && nouns.is_common_noun(&corpus.nouns, word),
        |d, word| word_key(analyzers[d], word),
    );
    docs.iter()
        .zip(sentences)
        .map(|(doc, sentences)| {
            let site = doc.source.and_then(Site::new);
            let english = doc.language == "en";
            let mut counted = Vec::new();
            for (text, spans) in sentences {
                let site_spans = site.as_ref().map(|s| s.spans(text)).unwrap_or_default();
                for (start, end, kind) in spans {
                    let is_site = site_spans.iter().any(|&(s, e)| start < e && s < end);
                    if kind == MentionKind::Number || is_site {
                        continue;
                    }
                    let full = &text[start..end];
                    let form = full.trim_end_matches("'s").trim_end_matches("\u{2019}s");
                    if form
                        .split(HYPHENS)
                        .all(|p| !p.contains(' ') && is_calendar_word(&fold(p)))
                        || english
                            && is_month_abbreviation(&fold(form))
                            && beside_number(text, start, end)
                        || is_numero(text, start, end)
                        || kind == MentionKind::Name && abbreviates_title(text, start, end)
                    {
                        continue;
                    }
                    let opener = !text[..start].contains(char::is_alphanumeric);
                    counted.push((form, kind, opener));
                }
            }
            counted
        })
        .collect()
}

/// Up to `limit` names and acronyms, by the number of voices that use them, then the number
/// of mentions, then key, the forms of one name counted together (see [`entity_key`] and
/// [`same_name`]); a site naming itself is not counted. With several voices, a name
/// one voice alone uses is left out; a name whose words all belong to a name listed before it
/// is left out too.
pub(crate) fn key_entities(docs: &[Document<'_>], limit: usize, corpus: &Corpus) -> Vec<String> {
    let found = counted_mentions(docs, corpus);
    let forms: FxHashSet<&str> = found.iter().flatten().map(|m| m.0).collect();
    // Every word of the names that do not start a sentence.
    let named: FxHashSet<&str> = found
        .iter()
        .flatten()
        .filter(|m| !m.2)
        .flat_map(|m| m.0.split(' '))
        .collect();
    // A word that starts a sentence before a name found on its own, and is in no name within
    // a sentence, may be a common word capitalized as the sentence's first ("Также Беглов" is
    // "also Beglov"; "New York" and "Real Madrid" stay whole): it is, where the event writes
    // it in lower case too.
    let openings: HashSet<String> = found
        .iter()
        .flatten()
        .filter(|m| m.2)
        .filter_map(|m| m.0.split_once(' '))
        .filter(|(first, rest)| !named.contains(first) && forms.contains(rest))
        .map(|(first, _)| lower_initial(first))
        .collect();
    let common = written_in_lower_case(docs, &openings);
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for (doc, mentions) in docs.iter().zip(found) {
        let an = analyzer(doc.language);
        // The first and last words of the longer names this document has named so far.
        let mut name_ends: HashSet<String> = HashSet::new();
        for (form, kind, opener) in mentions {
            let (form, opener) = match form.split_once(' ') {
                Some((first, rest))
                    if opener
                        && !common.is_empty()
                        && !named.contains(first)
                        && forms.contains(rest)
                        && common.contains(&lower_initial(first)) =>
                {
                    (rest, false)
                }
                _ => (form, opener),
            };
            let key = entity_key(an, form);
            let short = kind == MentionKind::Name && !key.contains([' ', '-']);
            let introduced = short && name_ends.contains(&key);
            if let Some((first, last)) = ends(&key) {
                name_ends.insert(first.to_string());
                name_ends.insert(last.to_string());
            }
            let t = tallies.entry(key).or_default();
            if !t.voices.contains(&doc.voice) {
                t.voices.push(doc.voice);
            }
            t.count += 1;
            t.bare += usize::from(!introduced);
            t.openers += usize::from(opener);
            *t.forms.entry(form.to_string()).or_default() += 1;
        }
    }
    let voices = {
        let mut v: Vec<usize> = docs.iter().map(|d| d.voice).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let min_voices = if voices > 1 { 2 } else { 1 };
    let ranked = fold_short_forms(fold_prefixed(split_compounds(merge_forms(tallies))));
    let mut keys: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (key, t) in ranked.iter().filter(|(_, t)| t.voices.len() >= min_voices) {
        if out.len() == limit {
            break;
        }
        let within = keys.iter().any(|k| {
            key.split([' ', '-'])
                .all(|w| k.split([' ', '-']).any(|x| x == w))
        });
        if within {
            continue;
        }
        keys.push(key);
        let form = t
            .forms
            .iter()
            // The most frequent; of two as frequent, a name's spelling over a
            // dateline's capitals ("Dubai" over "DUBAI"), then the first in order.
            .max_by(|a, b| {
                let rank =
                    |(form, n): (&String, &usize)| (*n, form.chars().any(char::is_lowercase));
                rank(*a).cmp(&rank(*b)).then(b.0.cmp(a.0))
            })
            .map(|f| f.0.clone())
            .expect("a tally has a form");
        out.push(form);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use samestory_text::segment::{build_body, sentences};

    /// Key entities of English documents given as (source, paragraphs), one voice each.
    fn check(docs: &[(Option<&str>, &[&str])], limit: usize) -> Vec<String> {
        check_in("en", docs, limit)
    }

    /// [`check`] for documents in `language`.
    fn check_in(language: &str, docs: &[(Option<&str>, &[&str])], limit: usize) -> Vec<String> {
        check_in_corpus(language, docs, &[], limit)
    }

    /// [`check_in`] for an event of a corpus that holds it and the documents `others` (one
    /// paragraph each).
    fn check_in_corpus(
        language: &str,
        docs: &[(Option<&str>, &[&str])],
        others: &[&str],
        limit: usize,
    ) -> Vec<String> {
        let read = |paras: &[&str]| {
            let (body, spans) = build_body(paras);
            let s = sentences(&body, &spans, language);
            (body, s)
        };
        let owned: Vec<_> = docs.iter().map(|(_, paras)| read(paras)).collect();
        fn document<'a>(
            voice: usize,
            (body, spans): &'a (String, Vec<samestory_model::Span>),
            language: &'a str,
            source: Option<&'a str>,
        ) -> Document<'a> {
            Document {
                title: "",
                text: body,
                sentences: spans,
                language,
                time: None,
                voice,
                source,
            }
        }
        let input: Vec<Document> = owned
            .iter()
            .zip(docs)
            .enumerate()
            .map(|(voice, (doc, (source, _)))| document(voice, doc, language, *source))
            .collect();
        let mut corpus = Corpus::default();
        if !others.is_empty() {
            let others: Vec<_> = others.iter().map(|p| read(&[p])).collect();
            for doc in input
                .iter()
                .cloned()
                .chain(others.iter().map(|d| document(0, d, language, None)))
            {
                corpus.merge(Corpus::read(&doc));
            }
        }
        key_entities(&input, limit, &corpus)
    }

    #[test]
    fn names_most_voices_use_come_first_in_their_most_frequent_spelling() {
        let got = check(
            &[
                (
                    None,
                    &["Fighters left Deraa on Tuesday, said Rami Abdel Rahman."],
                ),
                (None, &["Buses left Daraa, the Syrian Observatory said."]),
                (
                    None,
                    &["The army entered Daraa as Rami Abdel Rahman watched."],
                ),
            ],
            8,
        );
        assert_eq!(got, ["Daraa", "Rami Abdel Rahman"]);
    }

    #[test]
    fn the_forms_of_one_name_are_one_entity() {
        let got = check_in(
            "ru",
            &[
                (
                    None,
                    &["Россия передала Украине корабли, сообщил МИД Украины."],
                ),
                (None, &["Корабли вернулись в Украину, заявил МИД Украины."]),
            ],
            8,
        );
        assert_eq!(got, ["Украины", "МИД"]);
        // Where the stemmer reads a name's own letters as an ending ("Газпром" as "газпр").
        let got = check_in(
            "ru",
            &[
                (None, &["В понедельник Газпром подписал контракт."]),
                (None, &["Акционеры довольны: контракт Газпрома продлен."]),
            ],
            8,
        );
        assert_eq!(got, ["Газпром"]);
        // A language without a stemmer.
        let got = check_in(
            "uk",
            &[
                (
                    None,
                    &["Росія повернула кораблі Україні, повідомило МЗС України."],
                ),
                (None, &["Кораблі прибули до України, заявило МЗС."]),
            ],
            8,
        );
        assert_eq!(got, ["України", "МЗС"]);
        let got = check(
            &[
                (
                    None,
                    &["Talks in DUBAI ended as Palestinian officials left."],
                ),
                (None, &["Officials in Dubai said the Palestinians left."]),
            ],
            8,
        );
        assert_eq!(got, ["Dubai", "Palestinian"]);
    }

    #[test]
    fn a_title_before_a_name_is_not_another_name() {
        let got = check(
            &[
                (
                    None,
                    &["Aides of President Donald Trump quietly visited Rami Abdel Rahman today."],
                ),
                (
                    None,
                    &["Aides of President Donald Trump and Rami Abdel Rahman talked yesterday."],
                ),
                (
                    None,
                    &["Later, Donald Trump and Abdel Rahman talked again, the President said."],
                ),
            ],
            8,
        );
        // "President Donald Trump" counts as Donald Trump, as "President" is found alone;
        // "Rami Abdel Rahman" stays whole.
        assert_eq!(got, ["Donald Trump", "Rami Abdel Rahman"]);
    }

    #[test]
    fn a_hyphenated_name_is_one_unless_its_parts_are_names_alone() {
        let mut got = check(
            &[
                (
                    None,
                    &["Lawyers of Coca-Cola met the Russia-Ukraine envoys in Geneva."],
                ),
                (
                    None,
                    &["In Geneva, Coca-Cola said that Russia and Ukraine agreed."],
                ),
            ],
            8,
        );
        got.sort();
        assert_eq!(got, ["Coca-Cola", "Geneva", "Russia", "Ukraine"]);
    }

    #[test]
    fn dates_and_numero_signs_are_no_names() {
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["Traders in London sold on Nov 18 and on Monday, Sept. 9."],
            ),
            (
                None,
                &["Since Nov 18 and Sept 9, London traders sold on Monday."],
            ),
        ];
        assert_eq!(check(docs, 8), ["London"]);
        // NFKC writes the numero sign as "No".
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["Ученики школы No 5 и гимназии No 2 приехали в Москву."],
            ),
            (None, &["В Москву приехали ученики школы No 5."]),
        ];
        assert_eq!(check_in("ru", docs, 8), ["Москву"]);
        // Without a number beside it, an abbreviation may be a name.
        let docs: &[(Option<&str>, &[&str])] = &[
            (None, &["Viewers of Ant and Dec cheered on Dec 3."]),
            (None, &["On Dec 3 fans of Ant and Dec cheered."]),
        ];
        let mut got = check(docs, 8);
        got.sort();
        assert_eq!(got, ["Ant", "Dec"]);
        // Elsewhere an abbreviation may be a name ("Mar Menor" is a lagoon; "Jan" a name).
        let docs: &[(Option<&str>, &[&str])] = &[
            (None, &["La laguna del Mar Menor y Jan llegaron."]),
            (None, &["Vimos el Mar Menor con Jan ayer."]),
        ];
        let mut got = check_in("es", docs, 8);
        got.sort();
        assert_eq!(got, ["Jan", "Mar Menor"]);
    }

    #[test]
    fn abbreviated_titles_are_no_names() {
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["Reporters said Dr. Sanjay Gupta met Gov. Sarah Palin in Alaska. Both left."],
            ),
            (
                None,
                &["Then Dr. Sanjay Gupta and Gov. Sarah Palin flew to Alaska. Both spoke."],
            ),
        ];
        let mut got = check(docs, 8);
        got.sort();
        // "Alaska" ends a sentence, where "Dr" and "Gov" do not.
        assert_eq!(got, ["Alaska", "Sanjay Gupta", "Sarah Palin"]);
    }

    #[test]
    fn a_stop_word_is_part_of_a_name_as_written_but_not_of_its_key() {
        // "Estados" is a stop word of Spanish (a form of "estar"); at the start of a sentence
        // the name is read without it, and counted with it.
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["El gobierno de Bolivia pidió ayuda a Estados Unidos desde La Paz."],
            ),
            (
                None,
                &["Estados Unidos respondió a Bolivia desde la embajada en La Paz."],
            ),
        ];
        let mut got = check_in("es", docs, 8);
        got.sort();
        assert_eq!(got, ["Bolivia", "Estados Unidos", "La Paz"]);
        // Outlets that write "The Crown" and "the Crown" name one thing.
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["Viewers of The Crown greeted actress Olivia Colman."],
            ),
            (None, &["Actress Olivia Colman spoke about The Crown."]),
            (None, &["Actress Olivia Colman leaves the Crown."]),
        ];
        assert_eq!(check(docs, 8), ["Olivia Colman", "The Crown"]);
        // German capitalizes its nouns, and the formal "Ihr" is no part of a name.
        let docs: &[(Option<&str>, &[&str])] = &[
            (None, &["Wir prüfen Ihr Auto in Berlin."]),
            (None, &["In Berlin prüfen wir Ihr Auto."]),
        ];
        let got = check_in("de", docs, 8);
        assert!(got.iter().all(|e| !e.contains("Ihr")), "{got:?}");
    }

    #[test]
    fn a_name_cut_at_a_hyphen_is_whole_where_its_affix_is_its_own() {
        let docs: &[(Option<&str>, &[&str])] = &[
            (
                None,
                &["Leader Kim Jong-un met a Seoul-based envoy and the Kohli-led team."],
            ),
            (
                None,
                &["The Tokyo-based envoy said Kim Jong-un spoke of the Kohli-led team."],
            ),
            (
                None,
                &[
                    "Fans of Kim Jong-un queued at Chick-fil-A and T-Mobile, said the Seoul-based paper.",
                ],
            ),
            (
                None,
                &["A Tokyo-based analyst said Chick-fil-A and T-Mobile sold out."],
            ),
        ];
        // "-based" is written after Seoul and after Tokyo in the event, so belongs to neither.
        let mut got = check(docs, 8);
        got.sort();
        assert_eq!(
            got,
            [
                "Chick-fil-A",
                "Kim Jong-un",
                "Kohli-led",
                "Seoul",
                "T-Mobile",
                "Tokyo"
            ]
        );
        // The corpus writes "-led" after many names: an ending, not a name's.
        let others = [
            "The Root-led side lost.",
            "A Smith-led panel met.",
            "The Modi-led government and a Khan-led party spoke.",
        ];
        let mut got = check_in_corpus("en", docs, &others, 8);
        got.sort();
        assert_eq!(
            got,
            [
                "Chick-fil-A",
                "Kim Jong-un",
                "Kohli",
                "Seoul",
                "T-Mobile",
                "Tokyo"
            ]
        );
        // A word the event writes without the affix too is no part of a name with it.
        let got = check(
            &[
                (None, &["The Kohli-led team met Virat Kohli."]),
                (None, &["Fans of the Kohli-led team cheered."]),
            ],
            8,
        );
        assert_eq!(got, ["Kohli"]);
        // A word of the text's own language compounded with a name is no part of it: in
        // another alphabet ("Telegram-канале"), a longer word in lower case ("AI-driven"),
        // or in German a noun ("US-Dollar", written as one after an article).
        let got = check_in(
            "ru",
            &[
                (None, &["Об этом сообщили в Telegram-канале ведомства."]),
                (None, &["Как сообщает Telegram-канал издания, рубль упал."]),
            ],
            8,
        );
        assert_eq!(got, ["Telegram"]);
        let got = check(
            &[
                (None, &["The OpenAI-driven tool and OpenAI-driven search."]),
                (None, &["Critics of the OpenAI-driven tool spoke."]),
            ],
            8,
        );
        assert_eq!(got, ["OpenAI"]);
        let got = check_in(
            "de",
            &[
                (
                    None,
                    &["Der Kurs fiel auf 1,10 US-Dollar. Der Dollar stieg später."],
                ),
                (None, &["Ein Barrel kostete 60 US-Dollar, sagte die EU."]),
            ],
            8,
        );
        assert_eq!(got, ["US"]);
    }

    #[test]
    fn a_surname_after_the_full_name_is_that_name() {
        let doc: &[&str] = &[
            "Staff of Yahoo Japan welcomed Anastasia Kostenko.",
            "At noon Kostenko thanked Japan, and Kostenko left Japan.",
        ];
        // "Japan" too comes only after a name it ends, but a country is no one's short name.
        assert_eq!(
            check(&[(None, doc), (None, doc)], 8),
            ["Anastasia Kostenko", "Japan", "Yahoo Japan"]
        );
        // Where the surname comes first in a document, it may be someone else.
        let first: &[&str] = &["At noon Kostenko thanked Anastasia Kostenko in Japan."];
        assert_eq!(
            check(&[(None, doc), (None, first)], 8),
            ["Japan", "Kostenko", "Anastasia Kostenko"]
        );
        // A sentence's first word is capitalized whatever it is.
        let opened: &[&str] = &[
            "Meanwhile Kostenko arrived.",
            "Then Kostenko left, and Kostenko waved.",
        ];
        assert_eq!(
            check(&[(None, opened), (None, opened)], 8),
            ["Kostenko", "Meanwhile Kostenko"]
        );
    }

    #[test]
    fn a_common_word_starting_a_sentence_is_no_part_of_a_name() {
        let doc: &[&str] = &[
            "Meanwhile Kostenko flew to New York.",
            "The team meanwhile waited for Kostenko.",
            "New York police and the new mayor met York officials.",
        ];
        // "Meanwhile" is written in lower case too; "New" is in a name within a sentence.
        assert_eq!(
            check(&[(None, doc), (None, doc)], 8),
            ["New York", "Kostenko"]
        );
    }

    #[test]
    fn german_nouns_are_no_key_entities() {
        let a: &[&str] = &[
            "Nach Angaben der Polizei hat Olaf Scholz am Montag in Berlin mit Zeugen gesprochen.",
            "Scholz sagte, die Polizei habe im Jahr 2019 rund 18 Prozent mehr Fälle gezählt.",
        ];
        let b: &[&str] =
            &["In Berlin sprach Olaf Scholz mit Polizei und Zeugen über Prozent und Jahr."];
        // "Zeugen" is a noun too, but no document gives it an article.
        assert_eq!(
            check_in("de", &[(None, a), (None, b)], 8),
            ["Olaf Scholz", "Berlin", "Zeugen"]
        );
        // Read as English, every capitalized word is a name.
        assert_eq!(
            check_in("en", &[(None, a), (None, b)], 8),
            [
                "Polizei",
                "Olaf Scholz",
                "Berlin",
                "Jahr",
                "Prozent",
                "Zeugen"
            ]
        );
    }

    #[test]
    fn forms_of_a_name_share_a_start_and_differ_in_short_endings() {
        assert!(same_name("газпр", "газпром"));
        assert!(same_name("україні україни", "україни україні"));
        assert!(!same_name("газпр", "газпр україни"));
        assert!(!same_name("aran", "aranan"));
        assert!(!same_name("3qfy18", "3qfy19"));
        assert!(!same_name("qfyab", "qfyab1"));
    }

    #[test]
    fn a_site_naming_itself_is_no_key_entity() {
        let a: &[&str] = &["Police in Sofia arrested two men, Blitz.bg has learned."];
        let b: &[&str] = &["Two men were arrested in Sofia, Blitz.bg reports."];
        assert_eq!(
            check(&[(Some("Blitz.bg"), a), (Some("Blitz.bg"), b)], 8),
            ["Sofia"]
        );
        // Quoted by another site, it is a name like any other.
        assert_eq!(
            check(&[(Some("Blitz.bg"), a), (Some("Novinite"), b)], 8),
            ["Sofia"]
        );
        assert_eq!(
            check(&[(Some("Novinite"), a), (Some("Novinite"), b)], 8),
            ["Blitz.bg", "Sofia"]
        );
    }
}
