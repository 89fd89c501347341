//! Names written across a hyphen with a part that is no name alone: "Kim Jong-un",
//! "Chick-fil-A", "Puy-de-Dôme", "T-Mobile". Mentions end words at hyphens and take no word
//! without a capital and a lower-case letter, so such a name is found cut ("Kim Jong",
//! "Chick", "Puy" and "Dôme", "Mobile"). The rest of the hyphenated word (its *affix*: "-un",
//! "-fil-A", "-de-Dôme", "T-") is part of the name where
//! - the event writes the word next to it with that affix every time ("Kohli-led" beside
//!   "Virat Kohli" is not);
//! - the corpus writes the affix mostly with that word: "-led", "-based" or a Hungarian case
//!   ending follow any name ("Kohli-led", "New York-based", "New York-i"), "-un" follows "Jong";
//! - and the affix is no word of the text's language compounded with the name: it is in the
//!   name's alphabet ("Telegram-канале" is not), its words in lower case are particles or
//!   syllables of [`MAX_LOWER_PART`] letters at most ("AI-driven" is not), and none of its
//!   capitalized words is a noun of a language that capitalizes nouns ("US-Dollar" is not).
//!
//! A tail that opens with a name ("US-China": `joined` keeps such names apart) and a prefix
//! with a word in lower case ("pro-Trump", "al-Assad") are no affixes.

use std::collections::{HashMap, HashSet};

use samestory_text::entities::{HYPHENS, MentionKind};

/// Which end of a mention an affix is written at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    /// After the last word: "-un" of "Kim Jong-un".
    Tail,
    /// Before the first word: "T-" of "T-Mobile".
    Prefix,
}

/// A mention as (start, end, kind) in the text of one sentence.
pub(crate) type MentionAt = (usize, usize, MentionKind);

/// The end of the hyphenated word that a mention ending at `end` is cut from: past each
/// hyphen and the letters and digits after it ("Jong|-un", "Chick|-fil-A"); `end` where the
/// word ends there.
fn tail_end(text: &str, end: usize) -> usize {
    let mut at = end;
    while let Some(h) = text[at..].chars().next().filter(|h| HYPHENS.contains(h)) {
        let after = at + h.len_utf8();
        let run: usize = text[after..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        if run == 0 {
            break;
        }
        at = after + run;
    }
    at
}

/// The start of the hyphenated word that a mention starting at `start` is cut from ("T-|Mobile");
/// `start` where the word starts there.
fn prefix_start(text: &str, start: usize) -> usize {
    let mut at = start;
    while let Some(h) = text[..at]
        .chars()
        .next_back()
        .filter(|h| HYPHENS.contains(h))
    {
        let before = at - h.len_utf8();
        let run: usize = text[..before]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        if run == 0 {
            break;
        }
        at = before - run;
    }
    at
}

/// Whether `text` holds a hyphen between two letters or digits: a word that a mention may
/// be cut from.
pub(crate) fn has_hyphenated_word(text: &str) -> bool {
    text.match_indices(HYPHENS).any(|(at, h)| {
        text[..at].ends_with(char::is_alphanumeric)
            && text[at + h.len()..].starts_with(char::is_alphanumeric)
    })
}

/// The most letters of a word in lower case that a name joins across a hyphen. Such words in
/// names are particles and syllables ("Puy-de-Dôme", "Mirepoix-sur-Tarn", "Kim Jong-un",
/// "Son Heung-min", "Гран-при"); a longer one is a word of the language compounded with a
/// name ("AI-driven", "ЛГБТ-сообщества", "US-chinesischen", "Вице-президент").
const MAX_LOWER_PART: usize = 5;

/// The alphabet of a letter, coarsely: Latin, Greek, Cyrillic, or else its row of 128 code
/// points.
fn alphabet(c: char) -> u32 {
    match c as u32 {
        0..=0x24F | 0x1E00..=0x1EFF => 0,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 1,
        0x400..=0x52F => 2,
        n => n >> 7,
    }
}

/// An affix as counted: its hyphens made one.
fn affix_key(affix: &str) -> String {
    affix.replace(HYPHENS, "-")
}

/// What one mention is written with: on each side, the word of the mention at that end and
/// the affix there, if any. A prefix that holds another mention ("Puy-de-" of
/// "Dôme", where "Puy" is found) is none: the mention before may take it as its tail. A tail
/// that opens with another name or acronym is none either, and so is a prefix with a word in
/// lower case.
fn affixes_of<'t>(
    text: &'t str,
    spans: &[MentionAt],
    i: usize,
) -> [(Side, &'t str, Option<String>); 2] {
    let (start, end, _) = spans[i];
    let form = &text[start..end];
    let first = form.split(' ').next().unwrap_or(form);
    let last = form.rsplit(' ').next().unwrap_or(form);
    let tail = tail_end(text, end);
    let prefix = prefix_start(text, start);
    // A name right after the hyphen makes two names that `joined` has left apart on purpose
    // ("US-China"), or a compound noun ("US-Tanzschule"); no affix.
    let named_next = spans.get(i + 1).is_some_and(|&(s, _, kind)| {
        is_name(kind) && s > end && s < tail && !text[end..s].contains(char::is_alphanumeric)
    });
    // A prefix holds no other mention, and no word in lower case: such a word is what the name
    // is modified by ("pro-Trump", "13-inch-MacBook") or an article ("al-Assad"), which lists
    // of names leave out.
    let free = (i == 0 || spans[i - 1].1 <= prefix)
        && !text[prefix..start]
            .split(HYPHENS)
            .any(|w| w.starts_with(char::is_lowercase));
    [
        (
            Side::Tail,
            last,
            (tail > end && !named_next).then(|| affix_key(&text[end..tail])),
        ),
        (
            Side::Prefix,
            first,
            (prefix < start && free).then(|| affix_key(&text[prefix..start])),
        ),
    ]
}

fn is_name(kind: MentionKind) -> bool {
    matches!(kind, MentionKind::Name | MentionKind::Acronym)
}

/// How often each affix is written, and next to which words: read over a corpus to tell an
/// affix of one name ("-un" after "Jong") from one that many names take ("-based").
#[derive(Debug, Clone, Default)]
pub(crate) struct Affixes {
    /// Per side and affix: the mentions with it, by the word next to it.
    seen: HashMap<(Side, String), HashMap<String, u32>>,
}

impl Affixes {
    /// Reads the mentions of one sentence, keying each word next to an affix by `key` (the
    /// key that merges a name's forms, so that "Анджелес" and "Анджелесе" are one word).
    pub(crate) fn read(&mut self, text: &str, spans: &[MentionAt], key: impl Fn(&str) -> String) {
        for (i, &(_, _, kind)) in spans.iter().enumerate() {
            if !is_name(kind) {
                continue;
            }
            for (side, edge, affix) in affixes_of(text, spans, i) {
                if let Some(affix) = affix {
                    self.add(side, affix, key(edge));
                }
            }
        }
    }

    /// Counts one mention with `affix` on `side` next to the word keyed `edge`.
    fn add(&mut self, side: Side, affix: String, edge: String) {
        *self
            .seen
            .entry((side, affix))
            .or_default()
            .entry(edge)
            .or_default() += 1;
    }

    /// Adds what `other` has read.
    pub(crate) fn merge(&mut self, other: Affixes) {
        for (affix, edges) in other.seen {
            let mine = self.seen.entry(affix).or_default();
            for (edge, n) in edges {
                *mine.entry(edge).or_default() += n;
            }
        }
    }

    /// Whether more than half the mentions read with `affix` have `edge` next to it; `None`
    /// when none was read.
    fn belongs(&self, side: Side, affix: &str, edge: &str) -> Option<bool> {
        let edges = self.seen.get(&(side, affix.to_string()))?;
        let all: u32 = edges.values().sum();
        Some(edges.get(edge).copied().unwrap_or(0) * 2 > all)
    }
}

/// The mentions of an event's sentences (`sentences[d][s]`: the text of document `d`'s
/// sentence `s` and its mentions, as [`joined`](crate::entities) gives them; `key` keys a
/// word of document `d` as [`Affixes::read`] does) with each name
/// made whole across its hyphens where the event always writes the word at that end with one
/// affix and that affix belongs to it in `corpus` (in the event itself where the corpus has
/// not read it). A mention that a name takes into its tail is gone.
pub(crate) fn join_affixes(
    sentences: &mut [Vec<(&str, Vec<MentionAt>)>],
    corpus: &Affixes,
    is_noun: impl Fn(usize, &str) -> bool,
    key: impl Fn(usize, &str) -> String,
) {
    if !sentences
        .iter()
        .flatten()
        .any(|(text, _)| has_hyphenated_word(text))
    {
        return;
    }
    // One reading of every name mention, in order: the keyed word at each end and its affix.
    let mut event = Affixes::default();
    let mut ends: Vec<[(Side, String, Option<String>); 2]> = Vec::new();
    // Per side and word: the affixes (or none) the event writes it with.
    let mut written: HashMap<(Side, String), HashSet<Option<String>>> = HashMap::new();
    for (doc, sentences) in sentences.iter().enumerate() {
        for (text, spans) in sentences {
            for (i, &(_, _, kind)) in spans.iter().enumerate() {
                if !is_name(kind) {
                    continue;
                }
                let found =
                    affixes_of(text, spans, i).map(|(side, edge, a)| (side, key(doc, edge), a));
                for (side, edge, affix) in &found {
                    if let Some(affix) = affix {
                        event.add(*side, affix.clone(), edge.clone());
                    }
                    written
                        .entry((*side, edge.clone()))
                        .or_default()
                        .insert(affix.clone());
                }
                ends.push(found);
            }
        }
    }
    // Whether document `doc` joins `affix` to the word keyed `edge` on `side`.
    let joins = |doc: usize, side: Side, edge: &str, affix: &str| {
        let script = edge.chars().find(|c| c.is_alphabetic()).map(alphabet);
        let one_script = affix
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| Some(alphabet(c)) == script);
        let no_compound = affix.split('-').all(|w| match w.chars().next() {
            Some(c) if c.is_lowercase() => w.chars().count() <= MAX_LOWER_PART,
            _ => !is_noun(doc, w),
        });
        let always = written
            .get(&(side, edge.to_string()))
            .is_some_and(|w| w.len() == 1);
        always
            && one_script
            && no_compound
            && corpus
                .belongs(side, affix, edge)
                .or_else(|| event.belongs(side, affix, edge))
                .unwrap_or(false)
    };
    let mut ends = ends.into_iter();
    for (doc, sentences) in sentences.iter_mut().enumerate() {
        for (text, spans) in sentences.iter_mut() {
            let mut out: Vec<MentionAt> = Vec::with_capacity(spans.len());
            for &(start, end, kind) in spans.iter() {
                let found = is_name(kind).then(|| ends.next().expect("read above"));
                if let Some(last) = out.last_mut().filter(|l| start < l.1) {
                    // Taken into the tail of the name before ("Dôme" into "Puy-de-Dôme").
                    last.1 = last.1.max(end);
                    continue;
                }
                let Some([(_, last, tail), (_, first, prefix)]) = found else {
                    out.push((start, end, kind));
                    continue;
                };
                let end = match tail.is_some_and(|a| joins(doc, Side::Tail, &last, &a)) {
                    true => tail_end(text, end),
                    false => end,
                };
                let start = match prefix.is_some_and(|a| joins(doc, Side::Prefix, &first, &a)) {
                    true => prefix_start(text, start),
                    false => start,
                };
                out.push((start, end, kind));
            }
            *spans = out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_run_to_the_end_of_the_hyphenated_word() {
        let text = "Kim Jong-un met Chick-fil-A's T-Mobile chief in Puy-de-Dôme.";
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(&text[at("Jong")..tail_end(text, at("-un"))], "Jong-un");
        assert_eq!(
            &text[at("Chick")..tail_end(text, at("-fil"))],
            "Chick-fil-A"
        );
        assert_eq!(
            &text[prefix_start(text, at("Mobile"))..at(" chief")],
            "T-Mobile"
        );
        assert_eq!(
            &text[prefix_start(text, at("Dôme"))..at(".")],
            "Puy-de-Dôme"
        );
        // No hyphen, or one with no word on its other side.
        assert_eq!(tail_end(text, at(" met")), at(" met"));
        assert_eq!(tail_end("Jong- un", 4), 4);
        assert_eq!(prefix_start("U.S.-Mexico", 5), 5);
    }
}
