//! Copies, events, storylines and summaries over normalized articles, assembled into a report.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use samestory_cluster::{
    Clustering, Edge, Features, Input, LiveIndex, OnlineConfig, SharedPassages, SiteHabits,
    Terms as ClusterTerms, cluster, main_language,
};
use samestory_dedup::{Detection, Doc, detect};
use samestory_model::report::REPORT_VERSION;
use samestory_model::{
    Article, CopyGroup, Event, Origin, Passage, RecordError, Report, ReportArticle, Storyline,
    SummarySentence, TimelineEntry,
};
use samestory_summarize::{Config as SummaryConfig, Corpus, Document, summarize_in};
use samestory_text::clean_title;
use samestory_text::dates::dateline;
use samestory_text::vector::Vocabulary;

use crate::links::Evidence;
use crate::{Config, Progress};

/// Lines searched for a dateline at the top of the body.
const DATELINE_LINES: usize = 4;

/// The article's time: its metadata, else a dateline at the top of its body or among the
/// furniture normalization removed.
pub fn article_time(a: &Article) -> Option<i64> {
    if let Some(t) = a.published {
        return Some(t.timestamp());
    }
    let top = a.paragraph_texts().take(DATELINE_LINES);
    let removed = a.removed.iter().map(|r| r.text.as_str());
    dateline(top.chain(removed), usize::MAX)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|t| t.and_utc().timestamp())
}

/// The terms clustering reads of an article. Its title is read without the site name
/// ("... - Радіо Максимум"), which the site's other titles share with it and no report of the
/// same event elsewhere does.
fn cluster_terms(a: &Article) -> ClusterTerms {
    let sentences: Vec<&str> = a.sentence_texts().collect();
    ClusterTerms::of(&Input {
        title: &clean_title(&a.title, a.source.as_deref()),
        sentences: &sentences,
        language: a.language.as_deref().unwrap_or(""),
        time: article_time(a),
        source: a.source.as_deref(),
    })
}

/// Clustering terms of every article, kept until the report is made: their sentence body
/// terms also feed summaries and link explanations.
fn article_terms(articles: &[Article]) -> Vec<ClusterTerms> {
    articles
        .par_iter()
        .map(|a| {
            let mut t = cluster_terms(a);
            t.shrink_to_fit();
            t
        })
        .collect()
}

/// Clustering features of every article, with document frequencies counted once per copy
/// group (over `representatives`).
fn article_features(
    terms: &[ClusterTerms],
    representatives: &[usize],
) -> (Vocabulary, Vec<Features>) {
    let vocab = Vocabulary::build(representatives.iter().flat_map(|&r| {
        let t = &terms[r];
        t.sentences().map(|s| (t.language.as_str(), s))
    }));
    let features = terms.par_iter().map(|t| Features::new(&vocab, t)).collect();
    (vocab, features)
}

/// Bytes of an article's text given to the embedding model: more than its 256 tokens hold.
const DENSE_TEXT_BYTES: usize = 4096;

/// Embeds the title and the start of the body of each of `units` (indices into `articles`)
/// into its features. A model that fails leaves the features without (and says so).
fn add_dense(
    articles: &[Article],
    units: &[usize],
    features: &mut [Features],
    embedder: &samestory_embed::Embedder,
) {
    let texts: Vec<String> = units
        .iter()
        .map(|&u| {
            let a = &articles[u];
            let mut end = a.body.len().min(DENSE_TEXT_BYTES);
            while !a.body.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}\n\n{}", a.title, &a.body[..end])
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    match embedder.embed(&refs) {
        Ok(vectors) => {
            for (&u, v) in units.iter().zip(vectors) {
                features[u].dense = Some(v);
            }
        }
        Err(e) => tracing::warn!("dense embeddings left out: {e}"),
    }
}

/// Events found online: the articles added one at a time to a [`LiveIndex`] in publication
/// order (time, else input order; undated articles keep their input position among the dated
/// ones' order by being sorted after them). Returns the event id of each article.
pub fn online_events(articles: &[Article], cfg: &samestory_cluster::Config) -> Vec<u32> {
    let terms = article_terms(articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (terms[i].time.unwrap_or(i64::MAX), i));
    let mut index = LiveIndex::new(*cfg, OnlineConfig::default());
    let mut unit_of = vec![0u32; articles.len()];
    for &i in &order {
        unit_of[i] = index.add(&terms[i]).unit;
    }
    unit_of.iter().map(|&u| index.event_of(u)).collect()
}

/// Shares of text in aligned passages between copy groups (the larger side's share, the
/// largest over member pairs).
fn shared_passages(det: &Detection) -> SharedPassages {
    let mut shared = SharedPassages::new();
    for p in &det.pairs {
        let (ga, gb) = (det.group_of[p.a] as u32, det.group_of[p.b] as u32);
        if ga == gb {
            continue;
        }
        let key = (ga.min(gb), ga.max(gb));
        let s = p.coverage_a.max(p.coverage_b) as f32;
        let e = shared.entry(key).or_insert(0.0);
        *e = e.max(s);
    }
    shared
}

/// What event and storyline clustering read of a corpus: its copies (each copy group is one
/// unit, seen through its representative) and every article's terms and features, with
/// document frequencies counted once per copy group. `analyze`, `eval clusters --learn`,
/// `eval events` and `eval storylines` all start from it, so that they see the corpus alike.
pub struct Prepared {
    /// Each article's words and hashes, which copy detection and the report's spans read.
    pub docs: Vec<Doc>,
    pub detection: Detection,
    pub terms: Vec<ClusterTerms>,
    pub vocab: Vocabulary,
    /// Per article (not per unit); with dense embeddings for the units when the engine has a
    /// model.
    pub features: Vec<Features>,
    /// Shares of text in passages aligned between units.
    pub shared: SharedPassages,
    /// What the units' sites write on many of their pages.
    pub habits: SiteHabits,
}

impl Prepared {
    /// Finds copies, then reads the clustering terms and features of every article.
    pub fn new(articles: &[Article], cfg: &Config, progress: &dyn Progress) -> Prepared {
        progress.start("finding copies", articles.len() as u64);
        let docs: Vec<Doc> = articles.par_iter().map(|a| Doc::new(&a.body)).collect();
        let detection = detect(&docs, &cfg.dedup);
        progress.finish();

        progress.start("reading terms", articles.len() as u64);
        let terms = article_terms(articles);
        let (vocab, mut features) = article_features(&terms, &detection.representative);
        if let Some(embedder) = &cfg.dense {
            add_dense(articles, &detection.representative, &mut features, embedder);
        }
        let shared = shared_passages(&detection);
        let habits = SiteHabits::of(detection.representative.iter().map(|&r| &features[r]));
        progress.finish();
        Prepared {
            docs,
            detection,
            terms,
            vocab,
            features,
            shared,
            habits,
        }
    }

    /// The features of each unit, in unit order: what clustering compares.
    pub fn units(&self) -> Vec<&Features> {
        self.detection
            .representative
            .iter()
            .map(|&r| &self.features[r])
            .collect()
    }

    /// Events and storylines over the units.
    pub fn cluster(&self, cfg: &samestory_cluster::Config) -> Clustering {
        cluster(&self.units(), &self.shared, &self.habits, cfg)
    }
}

/// Runs every analysis stage and assembles the report.
pub fn analyze(
    articles: &[Article],
    errors: Vec<RecordError>,
    cfg: &Config,
    progress: &dyn Progress,
) -> Report {
    let prepared = Prepared::new(articles, cfg, progress);
    progress.start("clustering events", articles.len() as u64);
    let clustering = prepared.cluster(&cfg.cluster);
    progress.finish();
    let Prepared {
        docs,
        detection: det,
        ..
    } = &prepared;
    let evidence = Evidence::new(articles, &prepared);

    // Events in report order: most articles first, then by smallest article index.
    let mut event_members: Vec<(usize, Vec<usize>)> = clustering
        .events
        .members
        .iter()
        .enumerate()
        .map(|(e, us)| {
            let mut m: Vec<usize> = us
                .iter()
                .flat_map(|&u| det.groups[u].iter().copied())
                .collect();
            m.sort_unstable();
            (e, m)
        })
        .collect();
    event_members.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.1[0].cmp(&y.1[0])));
    let mut new_event = vec![0; event_members.len()];
    for (new, (old, _)) in event_members.iter().enumerate() {
        new_event[*old] = new;
    }
    let mut storylines: Vec<(Vec<usize>, &[Edge])> = clustering
        .stories
        .storylines
        .iter()
        .zip(&clustering.stories.links)
        .map(|(s, links)| (s.iter().map(|&e| new_event[e]).collect(), links.as_slice()))
        .collect();
    storylines.sort_by_key(|(s, _)| *s.iter().min().expect("non-empty storyline"));
    let mut storyline_of = vec![0; event_members.len()];
    for (s, (evs, _)) in storylines.iter().enumerate() {
        for &e in evs {
            storyline_of[e] = s;
        }
    }

    progress.start("summarizing", event_members.len() as u64);
    let corpus = read_corpus(articles);
    let events: Vec<Event> = event_members
        .par_iter()
        .enumerate()
        .map(|(id, (old, members))| {
            let sl = storyline_of[id];
            let mut e = build_event(id, sl, members, articles, &det.group_of, &corpus, cfg);
            e.links = evidence.links(&clustering.events.links[*old]);
            progress.advance(1);
            e
        })
        .collect();
    progress.finish();

    let mut event_of = vec![0; articles.len()];
    for e in &events {
        for m in &event_members[e.id].1 {
            event_of[*m] = e.id;
        }
    }
    let storylines = storylines
        .into_iter()
        .enumerate()
        .map(|(id, (evs, links))| Storyline {
            id,
            timeline: timeline(&evs, &events, &event_members, articles),
            events: evs,
            links: evidence.storyline_links(links, &clustering, &new_event),
        })
        .collect();
    Report {
        version: REPORT_VERSION,
        articles: report_articles(articles, det, docs, &event_of),
        copy_groups: copy_groups(articles, det),
        passages: passages(articles, det, docs),
        events,
        storylines,
        errors,
    }
}

/// The headline, summary and key entities of `members` (indices into `articles`) taken as one
/// event; `voice_of` gives each article's copy group, so that copies count as one voice.
pub struct EventSummary {
    /// Index into `articles` of the article whose title became the headline.
    pub headline_article: Option<usize>,
    pub headline: String,
    pub summary: Vec<SummarySentence>,
    pub entities: Vec<String>,
}

/// What the whole corpus tells the summaries of its events (see [`Corpus`]), read in parallel.
pub fn read_corpus(articles: &[Article]) -> Corpus {
    articles
        .par_iter()
        .map(|a| Corpus::read(&document(a, 0)))
        .reduce(Corpus::default, |mut all, one| {
            all.merge(one);
            all
        })
}

/// `a` as a document to summarize, of copy group `voice`.
fn document(a: &Article, voice: usize) -> Document<'_> {
    Document {
        title: &a.title,
        text: &a.body,
        sentences: &a.sentences,
        language: a.language.as_deref().unwrap_or(""),
        time: a.published.map(|t| t.timestamp()),
        voice,
        source: a.source.as_deref(),
    }
}

/// The headline, summary and key entities of `members` taken as one event of a corpus that
/// `corpus` has read (see [`summarize_in`]). An event reported in several languages is
/// summarized from its reports in the language most of its voices use
/// ([`main_language`]), so that its headline, summary and key entities read in one language.
pub fn summarize_event(
    articles: &[Article],
    members: &[usize],
    voice_of: &[usize],
    corpus: &Corpus,
    cfg: &SummaryConfig,
) -> EventSummary {
    let language = |m: usize| articles[m].language.as_deref().unwrap_or("");
    let mut voices: Vec<(usize, &str)> = members
        .iter()
        .map(|&m| (voice_of[m], language(m)))
        .collect();
    voices.sort_unstable();
    voices.dedup_by_key(|v| v.0);
    let main = main_language(voices.iter().map(|v| v.1));
    let members: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| language(m) == main)
        .collect();
    let members = members.as_slice();
    let docs: Vec<Document> = members
        .iter()
        .map(|&m| document(&articles[m], voice_of[m]))
        .collect();
    let out = summarize_in(&docs, cfg, corpus);
    let summary = out
        .sentences
        .into_iter()
        .map(|p| {
            let a = &articles[members[p.doc]];
            SummarySentence {
                text: p.span.slice(&a.body).to_string(),
                article: a.id.clone(),
                start: p.span.start,
                end: p.span.end,
            }
        })
        .collect();
    let headline_article = out.headline.map(|d| members[d]);
    EventSummary {
        headline_article,
        headline: headline_article.map_or_else(String::new, |h| {
            clean_title(&articles[h].title, articles[h].source.as_deref())
        }),
        summary,
        entities: out.entities,
    }
}

fn build_event(
    id: usize,
    storyline: usize,
    members: &[usize],
    articles: &[Article],
    group_of: &[usize],
    corpus: &Corpus,
    cfg: &Config,
) -> Event {
    let s = summarize_event(articles, members, group_of, corpus, &cfg.summary);
    let headline = if s.headline.is_empty() {
        // No member has a title: the opening of the first summary sentence stands in.
        s.summary
            .first()
            .map(|x| {
                x.text
                    .split_whitespace()
                    .take(12)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    } else {
        s.headline
    };
    let sources: BTreeSet<String> = members
        .iter()
        .filter_map(|&m| articles[m].source.clone())
        .collect();
    let times = members.iter().filter_map(|&m| articles[m].published);
    Event {
        id,
        members: sorted_ids(articles, members),
        storyline,
        headline,
        headline_article: articles[s.headline_article.unwrap_or(members[0])]
            .id
            .clone(),
        summary: s.summary,
        entities: s.entities,
        sources: sources.into_iter().collect(),
        first_published: times.clone().min(),
        last_published: times.max(),
        links: Vec::new(),
    }
}

/// One line per event of a storyline, in its order, dated by the earliest member time
/// (published, else a dateline; see [`article_time`]).
fn timeline(
    storyline: &[usize],
    events: &[Event],
    members: &[(usize, Vec<usize>)],
    articles: &[Article],
) -> Vec<TimelineEntry> {
    storyline
        .iter()
        .map(|&e| TimelineEntry {
            event: e,
            time: members[e]
                .1
                .iter()
                .filter_map(|&m| article_time(&articles[m]))
                .min()
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
            headline: events[e].headline.clone(),
        })
        .collect()
}

fn sorted_ids(articles: &[Article], members: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = members.iter().map(|&m| articles[m].id.clone()).collect();
    ids.sort();
    ids
}

fn report_articles(
    articles: &[Article],
    det: &Detection,
    docs: &[Doc],
    event_of: &[usize],
) -> Vec<ReportArticle> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| ReportArticle {
            id: a.id.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            url: a.url.clone(),
            published: a.published,
            language: a.language.clone(),
            copy_group: det.group_of[i],
            event: event_of[i],
            reuse: (det.reuse[i] * 1000.0).round() / 1000.0,
            words: docs[i].len(),
            input: a.provenance.to_string(),
        })
        .collect()
}

/// Origin of a copy group: the credit most members carry, and the earliest member.
fn origin(articles: &[Article], members: &[usize]) -> Origin {
    let mut votes: HashMap<&str, usize> = HashMap::new();
    for &m in members {
        for c in &articles[m].credits {
            *votes.entry(c.as_str()).or_default() += 1;
        }
    }
    // Generic "Agencies" credits lose to a named one.
    let best = votes
        .iter()
        .max_by(|x, y| {
            (*x.0 != "Agencies", x.1)
                .cmp(&(*y.0 != "Agencies", y.1))
                .then(y.0.cmp(x.0))
        })
        .map(|(c, n)| (c.to_string(), *n));
    let earliest = members
        .iter()
        .filter_map(|&m| articles[m].published.map(|t| (t, &articles[m].id)))
        .min()
        .map(|(_, id)| id.clone());
    let note = match (&best, &earliest) {
        (Some((c, n)), Some(e)) => format!(
            "{n} of {} members credit {c}; earliest is {e}",
            members.len()
        ),
        (Some((c, n)), None) => format!(
            "{n} of {} members credit {c}; no publication times",
            members.len()
        ),
        (None, Some(e)) => format!("no credit found; earliest is {e}"),
        (None, None) => "no credit and no publication times found".to_string(),
    };
    Origin {
        credited_by: best.as_ref().map_or(0, |b| b.1),
        credit: best.map(|b| b.0),
        earliest,
        note,
    }
}

fn copy_groups(articles: &[Article], det: &Detection) -> Vec<CopyGroup> {
    det.groups
        .iter()
        .enumerate()
        .map(|(id, members)| CopyGroup {
            id,
            members: sorted_ids(articles, members),
            representative: articles[det.representative[id]].id.clone(),
            origin: origin(articles, members),
        })
        .collect()
}

fn passages(articles: &[Article], det: &Detection, docs: &[Doc]) -> Vec<Passage> {
    det.pairs
        .iter()
        .flat_map(|p| {
            p.passages.iter().map(move |al| {
                let (a_start, a_end) = docs[p.a].byte_range(al.a.start, al.a.end);
                let (b_start, b_end) = docs[p.b].byte_range(al.b.start, al.b.end);
                Passage {
                    a: articles[p.a].id.clone(),
                    a_start,
                    a_end,
                    b: articles[p.b].id.clone(),
                    b_start,
                    b_end,
                    words: al.a.len(),
                }
            })
        })
        .collect()
}
