//! Key entities of an event: the names and acronyms the most voices use, each shown in its
//! most frequent form, the forms of one name (spellings, inflections) merged by a key.

use std::cmp::Reverse;
use std::collections::HashMap;

use samestory_text::dates::is_calendar_word;
use samestory_text::entities::{MentionKind, alias_key, mentions};
use samestory_text::site::Site;
use samestory_text::tokens::{Analyzer, analyzer, fold};

use crate::Document;

#[derive(Default)]
struct Tally {
    voices: Vec<usize>,
    count: usize,
    forms: HashMap<String, usize>,
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
    let mut out: Vec<(String, Tally)> = kept
        .into_iter()
        .zip(folded)
        .filter(|(_, f)| !f)
        .map(|(k, _)| k)
        .collect();
    out.sort_by(|a, b| a.1.rank().cmp(&b.1.rank()).then(a.0.cmp(&b.0)));
    out
}

/// The key that merges the forms of one name: each word's alias key (see [`alias_key`]) of
/// its stem in the document's language, so that inflections ("Украины", "Украине"), plurals
/// ("Palestinian", "Palestinians") and spellings ("Deraa", "Daraa"; "DUBAI", "Dubai") of a
/// name are one entity.
fn entity_key(an: &Analyzer, form: &str) -> String {
    form.split(' ')
        .map(|w| alias_key(&an.term(w).unwrap_or_else(|| fold(w))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Up to `limit` names and acronyms, by the number of voices that use them, then the number
/// of mentions, then key, the forms of one name counted together (see [`entity_key`] and
/// [`same_name`]); a site naming itself is not counted. With several voices, a name
/// one voice alone uses is left out; a name whose words all belong to a name listed before it
/// is left out too.
pub(crate) fn key_entities(docs: &[Document<'_>], limit: usize) -> Vec<String> {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for doc in docs {
        let an = analyzer(doc.language);
        let site = doc.source.and_then(Site::new);
        // Titles are left out: their capitals are style, not names.
        for span in doc.sentences {
            let text = span.slice(doc.text);
            let site_spans = site.as_ref().map(|s| s.spans(text)).unwrap_or_default();
            for m in mentions(text, |w| an.is_stop_word(w)) {
                let is_site = site_spans.iter().any(|&(s, e)| m.start < e && s < m.end);
                if m.kind == MentionKind::Number || is_site {
                    continue;
                }
                // A possessive is the name itself: "Microsoft's" counts as "Microsoft".
                let full = &text[m.start..m.end];
                let form = full.trim_end_matches("'s").trim_end_matches("\u{2019}s");
                if !form.contains(' ') && is_calendar_word(&fold(form)) {
                    continue;
                }
                let key = entity_key(an, form);
                let t = tallies.entry(key).or_default();
                if !t.voices.contains(&doc.voice) {
                    t.voices.push(doc.voice);
                }
                t.count += 1;
                *t.forms.entry(form.to_string()).or_default() += 1;
            }
        }
    }
    let voices = {
        let mut v: Vec<usize> = docs.iter().map(|d| d.voice).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let min_voices = if voices > 1 { 2 } else { 1 };
    let ranked = fold_prefixed(merge_forms(tallies));
    let mut keys: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (key, t) in ranked.iter().filter(|(_, t)| t.voices.len() >= min_voices) {
        if out.len() == limit {
            break;
        }
        let within = keys
            .iter()
            .any(|k| key.split(' ').all(|w| k.split(' ').any(|x| x == w)));
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
        let owned: Vec<_> = docs
            .iter()
            .map(|(_, paras)| {
                let (body, spans) = build_body(paras);
                let s = sentences(&body, &spans, language);
                (body, s)
            })
            .collect();
        let input: Vec<Document> = owned
            .iter()
            .zip(docs)
            .enumerate()
            .map(|(voice, ((body, spans), (source, _)))| Document {
                title: "",
                text: body,
                sentences: spans,
                language,
                time: None,
                voice,
                source: *source,
            })
            .collect();
        key_entities(&input, limit)
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
