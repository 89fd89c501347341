//! Key entities of an event: the names and acronyms the most voices use, each shown in its
//! most frequent spelling, spelling variants merged by their alias key.

use std::collections::HashMap;

use samestory_text::dates::is_calendar_word;
use samestory_text::entities::{MentionKind, alias_key, mentions};
use samestory_text::tokens::{analyzer, fold};

use crate::Document;

#[derive(Default)]
struct Tally {
    voices: Vec<usize>,
    count: usize,
    forms: HashMap<String, usize>,
}

/// Up to `limit` names and acronyms, by the number of voices that use them, then the number
/// of mentions, then key. With several voices, a name one voice alone uses is left out; a name
/// whose words all belong to a name listed before it is left out too.
pub(crate) fn key_entities(docs: &[Document<'_>], limit: usize) -> Vec<String> {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for doc in docs {
        let an = analyzer(doc.language);
        // Titles are left out: their capitals are style, not names.
        for span in doc.sentences {
            let text = span.slice(doc.text);
            for m in mentions(text, |w| an.is_stop_word(w)) {
                if m.kind == MentionKind::Number {
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
