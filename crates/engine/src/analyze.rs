//! Copies, events, storylines and summaries over normalized articles, assembled into a report.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use samestory_cluster::{Features, Input, SharedPassages, Terms as ClusterTerms, cluster};
use samestory_dedup::{Detection, Doc, detect};
use samestory_model::report::REPORT_VERSION;
use samestory_model::{
    Article, CopyGroup, Event, Origin, Passage, RecordError, Report, ReportArticle, Storyline,
    SummarySentence,
};
use samestory_summarize::{Sentence, clean_title, headline_index, summarize};
use samestory_text::dates::dateline;
use samestory_text::vector::{SparseVec, Vocabulary};

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

fn cluster_terms(a: &Article) -> ClusterTerms {
    let sentences: Vec<&str> = a.sentence_texts().collect();
    ClusterTerms::of(&Input {
        title: &a.title,
        sentences: &sentences,
        language: a.language.as_deref().unwrap_or(""),
        time: article_time(a),
    })
}

/// Clustering terms of every article; their sentence body terms also feed summaries.
pub fn article_terms(articles: &[Article]) -> Vec<ClusterTerms> {
    articles.par_iter().map(cluster_terms).collect()
}

/// Clustering features of every article, with document frequencies counted once per copy
/// group (over `representatives`).
pub fn article_features(
    terms: &[ClusterTerms],
    representatives: &[usize],
) -> (Vocabulary, Vec<Features>) {
    let vocab = Vocabulary::build(representatives.iter().flat_map(|&r| terms[r].sentences()));
    let features = terms.par_iter().map(|t| Features::new(&vocab, t)).collect();
    (vocab, features)
}

/// Shares of text in aligned passages between copy groups (the larger side's share, the
/// largest over member pairs).
pub fn shared_passages(det: &Detection) -> SharedPassages {
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

/// Runs every analysis stage and assembles the report.
pub fn analyze(
    articles: &[Article],
    errors: Vec<RecordError>,
    cfg: &Config,
    progress: &dyn Progress,
) -> Report {
    progress.start("finding copies", articles.len() as u64);
    let docs: Vec<Doc> = articles.par_iter().map(|a| Doc::new(&a.body)).collect();
    let det = detect(&docs, &cfg.dedup);
    progress.finish();

    progress.start("clustering events", articles.len() as u64);
    let terms = article_terms(articles);
    let (vocab, features) = article_features(&terms, &det.representative);
    let units: Vec<&Features> = det.representative.iter().map(|&r| &features[r]).collect();
    let clustering = cluster(&units, &shared_passages(&det), &cfg.cluster);
    progress.finish();

    // Events in report order: most articles first, then by smallest article index.
    let mut event_members: Vec<(usize, Vec<usize>)> = clustering
        .events
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
    let mut storylines: Vec<Vec<usize>> = clustering
        .storylines
        .iter()
        .map(|s| s.iter().map(|&e| new_event[e]).collect())
        .collect();
    storylines.sort_by_key(|s| *s.iter().min().expect("non-empty storyline"));
    let mut storyline_of = vec![0; event_members.len()];
    for (s, evs) in storylines.iter().enumerate() {
        for &e in evs {
            storyline_of[e] = s;
        }
    }

    progress.start("summarizing", event_members.len() as u64);
    let events: Vec<Event> = event_members
        .par_iter()
        .enumerate()
        .map(|(id, (old, members))| {
            let centroid = &clustering.centroids[*old];
            let e = build_event(
                id,
                storyline_of[id],
                members,
                centroid,
                articles,
                &terms,
                &features,
                &vocab,
                cfg,
            );
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
    Report {
        version: REPORT_VERSION,
        articles: report_articles(articles, &det, &docs, &event_of),
        copy_groups: copy_groups(articles, &det),
        passages: passages(articles, &det, &docs),
        events,
        storylines: storylines
            .into_iter()
            .enumerate()
            .map(|(id, events)| Storyline { id, events })
            .collect(),
        errors,
    }
}

#[allow(clippy::too_many_arguments)]
fn build_event(
    id: usize,
    storyline: usize,
    members: &[usize],
    centroid: &SparseVec,
    articles: &[Article],
    terms: &[ClusterTerms],
    features: &[Features],
    vocab: &Vocabulary,
    cfg: &Config,
) -> Event {
    // Reading order: by publication time where known, then input order.
    let mut ordered = members.to_vec();
    ordered.sort_by_key(|&m| (articles[m].published, m));
    let mut sentences = Vec::new();
    for &m in &ordered {
        let a = &articles[m];
        for (pos, span) in a.sentences.iter().enumerate() {
            sentences.push(Sentence {
                article: m,
                span: *span,
                text: span.slice(&a.body),
                vector: vocab.vectorize([(terms[m].sentence_body(pos), 1.0)]),
                position: pos,
            });
        }
    }
    let chosen = summarize(&sentences, centroid, &cfg.summary);
    let summary = chosen
        .into_iter()
        .map(|i| {
            let s = &sentences[i];
            SummarySentence {
                text: s.text.to_string(),
                article: articles[s.article].id.clone(),
                start: s.span.start,
                end: s.span.end,
            }
        })
        .collect();
    let titled: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| !articles[m].title.is_empty())
        .collect();
    let pool = if titled.is_empty() {
        members.to_vec()
    } else {
        titled
    };
    let h = pool[headline_index(
        &pool
            .iter()
            .map(|&m| &features[m].content)
            .collect::<Vec<_>>(),
        centroid,
    )];
    let sources: BTreeSet<String> = members
        .iter()
        .filter_map(|&m| articles[m].source.clone())
        .collect();
    let times = members.iter().filter_map(|&m| articles[m].published);
    Event {
        id,
        members: sorted_ids(articles, members),
        storyline,
        headline: clean_title(&articles[h].title, articles[h].source.as_deref()),
        headline_article: articles[h].id.clone(),
        summary,
        sources: sources.into_iter().collect(),
        first_published: times.clone().min(),
        last_published: times.max(),
    }
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
