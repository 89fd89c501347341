//! `samestory eval summaries`: ROUGE of event summaries against reference summaries, for every
//! selection method and the lead baseline, on a directory of clusters with references or on a
//! pseudo-reference set built from gold-labelled events (each event's held-out articles'
//! leads serve as references for a summary of the others).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use samestory_engine::{Corpus, Engine, NoProgress, read_corpus};
use samestory_eval::rouge::{Rouge, RougeScores};
use samestory_model::Article;
use samestory_summarize::Method;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::eval_clusters::read_gold;

/// The arguments of `samestory eval summaries`.
#[derive(clap::Args)]
pub struct Options {
    /// A directory with one folder per cluster, each holding `docs/` (articles in any input
    /// format) and `refs/` (one plain-text reference summary per file).
    #[arg(required_unless_present = "leads_of", conflicts_with = "leads_of")]
    pub clusters: Option<PathBuf>,
    /// Instead: a JSONL with an `id`, a `text` and a gold event label per article; in each event
    /// of at least `--references` + 2 articles, the leads of `--references` articles (chosen by
    /// a hash of the id) are the references for a summary of up to 10 of the others.
    #[arg(long)]
    pub leads_of: Option<PathBuf>,
    /// The field of each line that names its event (with `--leads-of`).
    #[arg(long, default_value = "gold_event")]
    pub field: String,
    /// Pseudo-references per event (with `--leads-of`).
    #[arg(long, default_value_t = 4)]
    pub references: usize,
    /// Word budget: summaries are made to fit it and scored cut at it.
    #[arg(long, default_value_t = 100)]
    pub words: usize,
    /// Score only this method (default: every method and the lead baseline).
    #[arg(long)]
    pub method: Option<Method>,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One cluster: articles to summarize and reference summaries.
struct Cluster {
    /// Pseudo-reference clusters: whether the event's name hashes even (tuning half).
    tune: Option<bool>,
    articles: Vec<Article>,
    references: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Row {
    method: String,
    part: &'static str,
    clusters: usize,
    scores: RougeScores,
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot list {}", dir.display()))?;
    paths.sort();
    Ok(paths)
}

fn clusters_from_dir(engine: &Engine, dir: &Path) -> Result<Vec<Cluster>> {
    let mut out = Vec::new();
    for path in read_dir_sorted(dir)? {
        if !path.is_dir() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (docs, refs) = (path.join("docs"), path.join("refs"));
        if !docs.is_dir() || !refs.is_dir() {
            bail!(
                "{}: a cluster needs docs/ and refs/ folders",
                path.display()
            );
        }
        let (raws, errors) = engine.read(&[docs], &NoProgress);
        let (articles, norm_errors) = engine.normalize(raws);
        for e in errors.iter().chain(&norm_errors) {
            eprintln!("{name}: skipped {}: {}", e.input, e.error);
        }
        let references = read_dir_sorted(&refs)?
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
            })
            .collect::<Result<Vec<_>>>()?;
        if articles.is_empty() || references.is_empty() {
            bail!("{}: no articles or no references", path.display());
        }
        out.push(Cluster {
            tune: None,
            articles,
            references,
        });
    }
    Ok(out)
}

/// The lead of an article: its first sentences up to `words` words.
fn lead(a: &Article, words: usize) -> String {
    let mut out = Vec::new();
    let mut n = 0;
    for s in a.sentence_texts() {
        if n >= words {
            break;
        }
        n += s.split_whitespace().count();
        out.push(s);
    }
    out.join(" ")
}

/// Most input articles per pseudo-reference cluster, as in DUC multi-document tasks.
const MAX_INPUTS: usize = 10;

fn clusters_from_leads(engine: &Engine, opts: &Options, path: &Path) -> Result<Vec<Cluster>> {
    let gold = read_gold(path, &opts.field)?;
    let (raws, errors) = engine.read(&[path.to_path_buf()], &NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    if !errors.is_empty() || !norm_errors.is_empty() {
        eprintln!("{} records skipped", errors.len() + norm_errors.len());
    }
    let mut events: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for a in &articles {
        if let Some(g) = gold.get(&a.id) {
            events.entry(g.as_str()).or_default().push(a);
        }
    }
    let mut out = Vec::new();
    for (name, mut members) in events {
        if members.len() < opts.references + 2 {
            continue;
        }
        members.sort_by_key(|a| (xxh3_64(a.id.as_bytes()), a.id.clone()));
        let (refs, inputs) = members.split_at(opts.references);
        out.push(Cluster {
            tune: Some(xxh3_64(name.as_bytes()).is_multiple_of(2)),
            articles: inputs
                .iter()
                .take(MAX_INPUTS)
                .map(|a| (*a).clone())
                .collect(),
            references: refs.iter().map(|a| lead(a, opts.words)).collect(),
        });
    }
    if out.is_empty() {
        bail!("no event in {} has enough articles", path.display());
    }
    Ok(out)
}

/// Scores one way of summarizing over every cluster: a row for each half of pseudo-reference
/// clusters and one for all.
fn score(
    clusters: &[Cluster],
    words: usize,
    method: &str,
    summarize: impl Fn(&[Article]) -> String + Sync,
) -> Vec<Row> {
    use rayon::prelude::*;
    let rouge = Rouge::default();
    let per: Vec<RougeScores> = clusters
        .par_iter()
        .map(|c| rouge.score(&summarize(&c.articles), &c.references, words))
        .collect();
    let parts: [(&'static str, Option<bool>); 3] = [
        ("tune (even hash)", Some(true)),
        ("held-out (odd)", Some(false)),
        ("all", None),
    ];
    parts
        .into_iter()
        .filter(|(_, half)| half.is_none() || clusters.iter().any(|c| c.tune.is_some()))
        .map(|(part, half)| {
            let chosen: Vec<RougeScores> = per
                .iter()
                .zip(clusters)
                .filter(|(_, c)| half.is_none() || c.tune == half)
                .map(|(s, _)| *s)
                .collect();
            Row {
                method: method.to_string(),
                part,
                clusters: chosen.len(),
                scores: RougeScores::mean(&chosen),
            }
        })
        .collect()
}

pub fn run(opts: &Options) -> Result<()> {
    let engine = Engine::default();
    let clusters = match (&opts.clusters, &opts.leads_of) {
        (Some(dir), _) => clusters_from_dir(&engine, dir)?,
        (None, Some(path)) => clusters_from_leads(&engine, opts, path)?,
        (None, None) => bail!("give a clusters directory or --leads-of"),
    };
    let methods: Vec<Method> = match opts.method {
        Some(m) => vec![m],
        None => Method::ALL.to_vec(),
    };
    let mut rows = Vec::new();
    if opts.method.is_none() {
        // The first article's lead: the classic DUC baseline.
        rows.extend(score(
            &clusters,
            opts.words,
            "lead (baseline)",
            |articles| lead(&articles[0], opts.words),
        ));
    }
    // What the articles to summarize tell as a corpus, as `run` reads its whole input.
    let mut corpus = Corpus::default();
    for c in &clusters {
        corpus.merge(read_corpus(&c.articles));
    }
    for m in methods {
        let mut e = engine.clone();
        e.config.summary.method = m;
        e.config.summary.words = opts.words;
        rows.extend(score(&clusters, opts.words, m.name(), |articles| {
            e.summarize_in(articles, &corpus)
                .summary
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        }));
    }
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let refs: usize = clusters.iter().map(|c| c.references.len()).sum();
    let docs: usize = clusters.iter().map(|c| c.articles.len()).sum();
    println!(
        "{} clusters, {docs} articles, {refs} references; summaries cut at {} words; rouge-score tokenization with stemming; mean over references, then clusters",
        clusters.len(),
        opts.words
    );
    println!(
        "{:<16} {:<17} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "method", "part", "clusters", "R-1 R", "R-1 F", "R-2 R", "R-2 F", "R-L R", "R-L F"
    );
    for r in &rows {
        let s = &r.scores;
        println!(
            "{:<16} {:<17} {:>8} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            r.method,
            r.part,
            r.clusters,
            100.0 * s.rouge1.recall,
            100.0 * s.rouge1.f1,
            100.0 * s.rouge2.recall,
            100.0 * s.rouge2.f1,
            100.0 * s.rouge_l.recall,
            100.0 * s.rouge_l.f1
        );
    }
    Ok(())
}
