//! Key entities of an event: the names and acronyms the most voices use, each shown in its
//! most frequent spelling, spelling variants merged by their alias key.

use std::collections::HashMap;

use samestory_text::dates::is_calendar_word;
use samestory_text::entities::{MentionKind, alias_key, mentions};
use samestory_text::site::Site;
use samestory_text::tokens::{analyzer, fold};

use crate::Document;

#[derive(Default)]
struct Tally {
    voices: Vec<usize>,
    count: usize,
    forms: HashMap<String, usize>,
}

/// Up to `limit` names and acronyms, by the number of voices that use them, then the number
/// of mentions, then key; a site naming itself is not counted. With several voices, a name
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
                let key = if form.len() < full.len() {
                    form.split(' ').map(alias_key).collect::<Vec<_>>().join(" ")
                } else {
                    m.key
                };
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
    let mut ranked: Vec<(&String, &Tally)> = tallies
        .iter()
        .filter(|(_, t)| t.voices.len() >= min_voices)
        .collect();
    ranked.sort_by(|a, b| {
        (b.1.voices.len(), b.1.count)
            .cmp(&(a.1.voices.len(), a.1.count))
            .then(a.0.cmp(b.0))
    });
    let mut keys: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (key, t) in ranked {
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
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
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

    /// Key entities of documents given as (source, paragraphs), one voice each.
    fn check(docs: &[(Option<&str>, &[&str])], limit: usize) -> Vec<String> {
        let owned: Vec<_> = docs
            .iter()
            .map(|(_, paras)| {
                let (body, spans) = build_body(paras);
                let s = sentences(&body, &spans, "en");
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
                language: "en",
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
