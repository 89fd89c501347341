//! Event headlines and extractive summaries.
//!
//! A summary is chosen from the members' own sentences ([`candidates`]): near-identical
//! sentences printed by several outlets merge into one candidate with their votes; fragments,
//! datelines and page junk are filtered, and a sentence that leans on the one before ("He
//! said...", "However, ...": [`openers`]) is chosen only where no other is left. A selection method ([`Method`]) picks sentences under
//! a word budget, and the summary is put in reading order: it opens on the chosen sentence
//! that comes earliest in its own article (a lead, which states the event), and the rest
//! follow by document time, then position.

mod candidates;
mod entities;
mod hyphens;
mod openers;
mod select;

use samestory_model::Span;

pub use candidates::{dateline_prefix, is_candidate};
pub use entities::Corpus;

/// How sentences are selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Closeness to the TF-IDF centroid of the documents (Radev et al. 2004), greedy with a
    /// redundancy cap.
    Centroid,
    /// Continuous LexRank (Erkan & Radev 2004), greedy with a redundancy cap.
    LexRank,
    /// Monotone submodular coverage plus diversity reward (Lin & Bilmes 2011).
    Submodular,
    /// Coverage of bigram concepts weighted by how many voices use them (Gillick & Favre 2009).
    Concepts,
    /// Concepts plus a share of the submodular coverage.
    Hybrid,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Centroid,
        Method::LexRank,
        Method::Submodular,
        Method::Concepts,
        Method::Hybrid,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Centroid => "centroid",
            Method::LexRank => "lexrank",
            Method::Submodular => "submodular",
            Method::Concepts => "concepts",
            Method::Hybrid => "hybrid",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                format!("unknown method {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// Summary tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Word budget of a summary: the chosen sentences never exceed it together.
    pub words: usize,
    pub method: Method,
    /// A candidate whose cosine with a chosen sentence exceeds this is skipped (every method).
    pub max_overlap: f32,
    /// Weight of the lead position prior.
    pub position_weight: f32,
    /// Submodular coverage saturation: a sentence counts as covered at this share of its
    /// similarity to the whole input.
    pub alpha: f32,
    /// Weight of the diversity reward against coverage.
    pub diversity_weight: f32,
    /// Greedy gains are divided by length^r.
    pub length_scale: f32,
    /// Concepts must be used by at least this share of the voices (and two).
    pub min_concept_share: f32,
    /// Hybrid: weight of the normalized coverage against the normalized concepts.
    pub coverage_weight: f32,
    /// Key entities to list.
    pub entities: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            words: 100,
            method: Method::Hybrid,
            max_overlap: 0.5,
            position_weight: 0.15,
            alpha: 0.25,
            diversity_weight: 6.0,
            length_scale: 0.3,
            min_concept_share: 0.2,
            coverage_weight: 1.0,
            entities: 8,
        }
    }
}

/// One input document of an event.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The title ("" when none): headline candidates.
    pub title: &'a str,
    /// The normalized text the sentence spans point into.
    pub text: &'a str,
    pub sentences: &'a [Span],
    /// ISO 639-1 language code ("" when unknown).
    pub language: &'a str,
    /// Publication time (seconds), when known: orders the summary.
    pub time: Option<i64>,
    /// Copy group: documents of one voice count once when sources agree.
    pub voice: usize,
    /// The site's name, when known: where the text names the site itself ("told Reuters" on
    /// Reuters), that name is not one of the event's entities.
    pub source: Option<&'a str>,
}

/// A chosen sentence: which document, which of its sentences, and the span of the text used
/// (a leading wire dateline is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked {
    pub doc: usize,
    pub sentence: usize,
    pub span: Span,
}

/// What [`summarize`] gives back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The chosen sentences in reading order: the one that comes earliest in its own document
    /// opens; the rest follow by document time (unknown last), then position, then document.
    pub sentences: Vec<Picked>,
    /// The document whose title is closest to the centroid of all documents; `None` when no
    /// document has a title.
    pub headline: Option<usize>,
    /// Key people, places and organisations: names used by the most voices, most first.
    pub entities: Vec<String>,
}

/// Summarizes `docs` as one event.
pub fn summarize(docs: &[Document<'_>], cfg: &Config) -> Summary {
    summarize_in(docs, cfg, &Corpus::default())
}

/// Summarizes `docs` as one event of a corpus that `corpus` has read (see [`Corpus`]): a word
/// the corpus writes as a noun is no key entity, an affix many names take across a hyphen is
/// no part of one, and a sentence that opens as the corpus's articles open only later ones
/// ("He", "However") is chosen only where no other is left.
pub fn summarize_in(docs: &[Document<'_>], cfg: &Config, corpus: &Corpus) -> Summary {
    let pool = candidates::pool(docs, &corpus.openers);
    let voice_of: Vec<usize> = docs.iter().map(|d| d.voice).collect();
    let space = select::Space::new(&pool, &voice_of);
    let picked: Vec<Picked> = select::select(&pool, &space, cfg)
        .into_iter()
        .map(|i| {
            let c = &pool.candidates[i];
            Picked {
                doc: c.doc,
                sentence: c.sentence,
                span: c.span,
            }
        })
        .collect();
    Summary {
        sentences: reading_order(picked, docs),
        headline: space.headline(&pool),
        entities: entities::key_entities(docs, cfg.entities, corpus),
    }
}

/// Puts sentences chosen in order of selection into reading order. The summary opens on the
/// sentence that comes earliest in its own document (ties: the earlier document, then the
/// earlier chosen): a lead states the event, where a later sentence tends to lean on what came
/// before it ("Then the fighters...", "As for pensions..."), which the summary does not show.
/// The rest follow by document time (unknown last), then position in the document, then
/// document.
fn reading_order(picked: Vec<Picked>, docs: &[Document<'_>]) -> Vec<Picked> {
    let time = |p: &Picked| docs[p.doc].time.unwrap_or(i64::MAX);
    let Some(opener) = (0..picked.len()).min_by_key(|&i| (picked[i].sentence, time(&picked[i]), i))
    else {
        return picked;
    };
    let mut rest = picked;
    let first = rest.remove(opener);
    rest.sort_by_key(|p| (time(p), p.sentence, p.doc));
    rest.insert(0, first);
    rest
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use samestory_text::segment::{build_body, sentences};

    /// Documents from paragraphs of text, one voice each unless `voices` says otherwise.
    fn docs(texts: &[&[&str]], voices: &[usize]) -> Vec<(String, Vec<Span>, usize)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, paras)| {
                let (body, spans) = build_body(paras);
                let s = sentences(&body, &spans, "en");
                (body, s, voices.get(i).copied().unwrap_or(i))
            })
            .collect()
    }

    fn check(texts: &[&[&str]], voices: &[usize], cfg: &Config) -> (Vec<String>, Summary) {
        let owned = docs(texts, voices);
        let input: Vec<Document> = owned
            .iter()
            .map(|(body, spans, voice)| Document {
                title: "",
                text: body,
                sentences: spans,
                language: "en",
                time: None,
                voice: *voice,
                source: None,
            })
            .collect();
        let s = summarize(&input, cfg);
        let texts = s
            .sentences
            .iter()
            .map(|p| p.span.slice(&owned[p.doc].0).to_string())
            .collect();
        (texts, s)
    }

    const A: &[&str] = &[
        "A strong earthquake struck the coastal city of Varna early on Monday, officials said.",
        "At least twelve people were killed when two apartment blocks collapsed in the old town.",
        "Rescue teams searched the rubble through the night for survivors of the disaster.",
        "The mayor said the harbour bridge would stay closed until engineers had inspected it.",
    ];
    const B: &[&str] = &[
        "A strong earthquake struck the coastal city of Varna early on Monday, officials said.",
        "Two apartment blocks collapsed and at least twelve people died, the fire service said.",
        "Schools across the region will stay shut for the rest of the week after the quake.",
    ];
    const C: &[&str] = &[
        "VARNA (AP) - Rescue teams searched the rubble overnight after the deadly quake on Monday.",
        "Engineers will inspect the harbour bridge before it reopens, the mayor of Varna said.",
    ];

    #[test]
    fn every_method_keeps_the_budget_and_is_deterministic() {
        for method in Method::ALL {
            for words in [15, 40, 100] {
                let cfg = Config {
                    method,
                    words,
                    ..Config::default()
                };
                let (texts, first) = check(&[A, B, C], &[], &cfg);
                let used: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
                assert!(used <= words, "{method:?} used {used} of {words} words");
                assert!(
                    !texts.is_empty(),
                    "{method:?} chose nothing at {words} words"
                );
                assert_eq!(first, check(&[A, B, C], &[], &cfg).1, "{method:?}");
            }
        }
    }

    #[test]
    fn a_sentence_printed_by_several_voices_is_one_candidate_and_leads() {
        let cfg = Config {
            words: 20,
            ..Config::default()
        };
        let (texts, _) = check(&[A, B, C], &[], &cfg);
        assert_eq!(
            texts,
            [
                "A strong earthquake struck the coastal city of Varna early on Monday, officials said."
            ]
        );
        // With 100 words the shared sentence still appears once.
        let (texts, _) = check(&[A, B, C], &[], &Config::default());
        let shared = texts
            .iter()
            .filter(|t| t.starts_with("A strong earthquake"))
            .count();
        assert_eq!(shared, 1, "{texts:#?}");
    }

    #[test]
    fn two_wordings_of_one_fact_are_not_both_chosen() {
        // D words A's second sentence a little differently: two candidates, one fact.
        const D: &[&str] = &[
            "Officials said at least twelve people were killed when two apartment blocks collapsed in the old town of Varna.",
            "The regional governor declared three days of mourning across the province.",
        ];
        for method in Method::ALL {
            let cfg = Config {
                method,
                ..Config::default()
            };
            let (texts, _) = check(&[A, B, C, D], &[], &cfg);
            let twelve = texts
                .iter()
                .filter(|t| t.contains("twelve people were killed"))
                .count();
            assert!(twelve <= 1, "{method:?}: {texts:#?}");
        }
    }

    #[test]
    fn datelines_are_cut_from_chosen_sentences() {
        let (texts, s) = check(&[C], &[], &Config::default());
        assert!(texts.iter().all(|t| !t.starts_with("VARNA")), "{texts:#?}");
        assert!(
            s.sentences
                .iter()
                .any(|p| p.sentence == 0 && p.span.start > 0)
        );
    }

    #[test]
    fn summaries_open_on_a_lead_and_read_in_document_order_of_time_then_position() {
        let (texts, _) = check(&[A, B, C], &[], &Config::default());
        let first = texts.first().expect("a summary");
        assert!(first.starts_with("A strong earthquake"), "{texts:#?}");

        let doc = |time: Option<i64>| Document {
            title: "",
            text: "",
            sentences: &[],
            language: "en",
            time,
            voice: 0,
            source: None,
        };
        // Documents 0 and 1 are the earliest; document 2 holds the only lead chosen.
        let docs = [doc(Some(10)), doc(Some(10)), doc(Some(20)), doc(None)];
        let pick = |doc: usize, sentence: usize| Picked {
            doc,
            sentence,
            span: Span { start: 0, end: 0 },
        };
        let order = |picked: &[Picked]| -> Vec<(usize, usize)> {
            reading_order(picked.to_vec(), &docs)
                .iter()
                .map(|p| (p.doc, p.sentence))
                .collect()
        };
        assert_eq!(
            order(&[pick(3, 1), pick(0, 4), pick(2, 0), pick(1, 2), pick(0, 2)]),
            [(2, 0), (0, 2), (1, 2), (0, 4), (3, 1)]
        );
        // Of two leads, the earlier document's opens; with none, the earliest position.
        assert_eq!(order(&[pick(2, 0), pick(1, 0)]), [(1, 0), (2, 0)]);
        assert_eq!(order(&[pick(0, 3), pick(2, 1)]), [(2, 1), (0, 3)]);
        assert_eq!(order(&[]), []);
    }
}
