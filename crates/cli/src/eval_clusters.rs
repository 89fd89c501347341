//! `samestory eval clusters`: the events of `samestory run` scored against gold event labels,
//! on two halves of the corpus split by a hash of the id (one to choose settings on, one held
//! out) and on the whole.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use samestory_cluster::similarity::{FEATURE_NAMES, dense_cosine};
use samestory_cluster::{
    Model, PAIR_FEATURES, PairChance, event_candidates, may_link, pair_chance, pair_features_given,
};
use samestory_engine::analyze::{Prepared, online_events};
use samestory_engine::{Engine, NoProgress};
use samestory_eval::partition::{PartitionScores, compare};
use samestory_model::Article;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::eval_pairs::{Level, Pair, locate, read_pairs};

/// The arguments of `samestory eval clusters`.
#[derive(clap::Args)]
pub struct Options {
    /// JSONL with an `id` and a gold label per article.
    #[arg(long)]
    pub gold: PathBuf,
    /// The field of each gold line that names its event.
    #[arg(long, default_value = "gold_event")]
    pub field: String,
    /// Articles to cluster, in any input format (default: the gold file itself).
    pub inputs: Vec<PathBuf>,
    /// Override the average-link similarity at which events merge.
    #[arg(long)]
    pub event_threshold: Option<f32>,
    /// Override the probability that some pair across two clusters needs for them to merge.
    #[arg(long)]
    pub min_link: Option<f32>,
    /// Override the number of top terms per article that find candidate neighbours.
    #[arg(long)]
    pub candidate_terms: Option<usize>,
    /// Override the time window, in days, beyond which two articles are never linked directly
    /// (gold sets whose events hold follow-ups months later, as ECB+'s do, score what the
    /// window costs them).
    #[arg(long)]
    pub event_window_days: Option<f32>,
    /// Fit the same-event model on the tuning half's candidate pairs first, print its weights and
    /// score with it.
    #[arg(long)]
    pub learn: bool,
    /// Cluster online instead: articles added one at a time in publication order to a live
    /// index (no copy detection), as `samestory serve` sees them.
    #[arg(long)]
    pub online: bool,
    /// Add the dense signal: sentence embeddings by the all-MiniLM-L6-v2 model in this
    /// directory (`config.json`, `tokenizer.json`, `model.safetensors`; see
    /// `scripts/fetch-minilm`). Needs `--learn` (the default model gives it no weight) and a
    /// build with `--features dense`; batch clustering only.
    #[arg(long, value_name = "MODEL_DIR")]
    pub dense: Option<PathBuf>,
    /// With `--learn`, fit on labelled pairs of articles from another corpus as well: the
    /// tuning half (by a hash of the pair, as `eval events` splits them) of these pairs
    /// (`{"a", "b", "same_event"}`, such as `crates/eval/data/telegram-event-pairs.jsonl`),
    /// each counting as much as one candidate pair of the gold corpus. Their articles are read
    /// from `--pairs-inputs`, as `samestory run` reads that corpus. Not with `--caseless` or
    /// `--dense`.
    #[arg(
        long,
        requires = "learn",
        conflicts_with_all = ["caseless", "dense"],
        value_name = "PAIRS"
    )]
    pub learn_pairs: Option<PathBuf>,
    /// The articles that the `--learn-pairs` pairs come from, in any input format.
    #[arg(long, requires = "learn_pairs", num_args = 1.., value_name = "INPUT")]
    pub pairs_inputs: Vec<PathBuf>,
    /// Remove letter case from every article first, so that no names, acronyms or places are
    /// found, as in a script without case (Arabic, Hindi, Chinese...), and score with the model
    /// for such text; with `--learn`, fit that model.
    #[arg(long)]
    pub caseless: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print the mistakes on one part, to standard error: each predicted event that
    /// mixes gold events, and each gold event split over predicted events, with titles.
    /// Read them on the tuning half; reading the held-out half spends it.
    #[arg(long, value_enum, value_name = "PART")]
    pub mistakes: Option<Part>,
}

/// Which articles a row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Ids whose xxh3 is even: settings are chosen on this half.
    Tune,
    /// Ids whose xxh3 is odd: never looked at while choosing settings.
    HeldOut,
    All,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Tune => "tune (even id hash)",
            Part::HeldOut => "held-out (odd id hash)",
            Part::All => "all",
        }
    }

    pub fn admits(self, id: &str) -> bool {
        match self {
            Part::Tune => xxh3_64(id.as_bytes()).is_multiple_of(2),
            Part::HeldOut => !xxh3_64(id.as_bytes()).is_multiple_of(2),
            Part::All => true,
        }
    }
}

#[derive(Debug, Serialize)]
struct Row {
    part: Part,
    scores: PartitionScores,
}

/// Reads `id -> label` from a JSONL file; labels may be strings or numbers.
pub fn read_gold(path: &Path, field: &str) -> Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut gold = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let id = v
            .get("id")
            .and_then(|x| x.as_str())
            .with_context(|| format!("{}:{}: no string field \"id\"", path.display(), n + 1))?;
        let label = match v.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(x)) => x.to_string(),
            _ => bail!(
                "{}:{}: no string or number field {field:?}",
                path.display(),
                n + 1
            ),
        };
        gold.insert(id.to_string(), label);
    }
    Ok(gold)
}

/// The labelled articles of one part, clustered on their own: `(article, predicted event,
/// gold event)` each.
fn predict_part<'a>(
    engine: &Engine,
    articles: &'a [Article],
    gold: &'a HashMap<String, String>,
    part: Part,
    online: bool,
) -> Vec<(&'a Article, usize, &'a str)> {
    let members: Vec<&Article> = articles.iter().filter(|a| part.admits(&a.id)).collect();
    let events: Vec<usize> = if online {
        let owned: Vec<Article> = members.iter().map(|&a| a.clone()).collect();
        online_events(&owned, &engine.config.cluster)
            .into_iter()
            .map(|e| e as usize)
            .collect()
    } else {
        let owned = members.iter().map(|&a| a.clone()).collect();
        let out = engine.analyze(owned, Vec::new(), &NoProgress);
        out.report.articles.iter().map(|a| a.event).collect()
    };
    members
        .into_iter()
        .zip(events)
        .filter_map(|(a, e)| gold.get(&a.id).map(|g| (a, e, g.as_str())))
        .collect()
}

/// Prints each predicted event that mixes gold events and each gold event split over
/// predicted events, largest first, with the titles of their articles.
fn print_mistakes(part: Part, labelled: &[(&Article, usize, &str)]) {
    let mut by_predicted: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_gold: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, &(_, p, g)) in labelled.iter().enumerate() {
        by_predicted.entry(p).or_default().push(i);
        by_gold.entry(g).or_default().push(i);
    }
    let title = |i: usize| {
        let a = labelled[i].0;
        let t = if a.title.is_empty() {
            a.body.lines().next().unwrap_or("")
        } else {
            &a.title
        };
        t.chars().take(90).collect::<String>()
    };
    let groups = |kind: &str, of: &dyn Fn(usize) -> String, sets: Vec<Vec<usize>>| {
        let mut sets = sets;
        sets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for set in sets {
            let mut parts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in &set {
                parts.entry(of(i)).or_default().push(i);
            }
            if parts.len() < 2 {
                continue;
            }
            eprintln!("{kind} ({} articles):", set.len());
            for (label, members) in parts {
                eprintln!("  [{label}] {} articles", members.len());
                for i in members {
                    eprintln!("    {}  {}", labelled[i].0.id, title(i));
                }
            }
        }
    };
    eprintln!("mistakes on {}:", part.name());
    groups(
        "predicted event mixing gold events",
        &|i| format!("gold {}", labelled[i].2),
        by_predicted.into_values().collect(),
    );
    groups(
        "gold event split",
        &|i| format!("predicted {}", labelled[i].1),
        by_gold.into_values().collect(),
    );
}

/// `text` in lower case where that keeps each character's length in bytes (nearly every
/// capital), so that spans into it still hold.
fn without_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Pair features and labels of the tuning half of labelled pairs of articles from another
/// corpus, that corpus read as `samestory run` reads it, each pair's word cosines aligned to
/// the chance levels `fitted` (as [`Model::align`] aligns them when scoring). Pairs whose
/// articles are one copy group or were not read, that may not be linked (too far apart in
/// time), or where either text shows no names (the caseless model scores those) are left
/// out.
fn labelled_pairs(
    engine: &Engine,
    pairs: &[Pair],
    inputs: &[PathBuf],
    fitted: PairChance,
) -> (Vec<[f32; PAIR_FEATURES]>, Vec<bool>) {
    let (raws, read_errors) = engine.read(inputs, &NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    eprintln!(
        "read {} articles for the labelled pairs ({} input errors)",
        articles.len(),
        read_errors.len() + norm_errors.len()
    );
    let prepared = Prepared::new(&articles, &engine.config, &NoProgress);
    let units = prepared.units();
    let cfg = &engine.config.cluster;
    let chance = pair_chance(&units, cfg.chance_prior_pairs);
    let aligner = Model {
        chance: Some(fitted),
        ..cfg.model
    };
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (p, a, b) in locate(pairs, &articles) {
        if p.part() != Part::Tune {
            continue;
        }
        let (a, b) = (
            prepared.detection.group_of[a],
            prepared.detection.group_of[b],
        );
        let (ua, ub) = (units[a], units[b]);
        if a == b || !may_link(ua, ub, cfg) || !(ua.cased && ub.cased) {
            continue;
        }
        let key = (a.min(b) as u32, a.max(b) as u32);
        let shared = prepared.shared.get(&key).copied().unwrap_or(0.0);
        let mut x = pair_features_given(&prepared.habits, ua, ub, shared);
        aligner.align(&mut x, PairChance::of_pair(chance[a], chance[b]));
        xs.push(x);
        ys.push(p.same);
    }
    (xs, ys)
}

/// Fits the same-event model on candidate pairs of the tuning half's copy-group units, and on
/// the tuning half of `pairs` (labelled pairs of articles read from `inputs`) where given.
fn learn(
    engine: &Engine,
    articles: &[Article],
    gold: &HashMap<String, String>,
    pairs: Option<(&[Pair], &[PathBuf])>,
) -> Model {
    let tune: Vec<Article> = articles
        .iter()
        .filter(|a| Part::Tune.admits(&a.id) && gold.contains_key(&a.id))
        .cloned()
        .collect();
    let prepared = Prepared::new(&tune, &engine.config, &NoProgress);
    let units = prepared.units();
    let reps = &prepared.detection.representative;
    let cfg = &engine.config.cluster;
    let shared = &prepared.shared;
    let (mut xs, mut dense, mut ys) = (Vec::new(), Vec::new(), Vec::new());
    for (a, ns) in event_candidates(&units, shared, cfg).iter().enumerate() {
        for &b in ns {
            let (ua, ub) = (units[a], units[b as usize]);
            if may_link(ua, ub, cfg) {
                let s = shared.get(&(a as u32, b)).copied().unwrap_or(0.0);
                xs.push(pair_features_given(&prepared.habits, ua, ub, s));
                dense.push(dense_cosine(ua, ub).unwrap_or(0.0));
                ys.push(gold[&tune[reps[a]].id] == gold[&tune[reps[b as usize]].id]);
            }
        }
    }
    // The chance levels of the tuning half's commonest language: what the model's word
    // cosines mean (see `Model::align`).
    let chance = pair_chance(&units, cfg.chance_prior_pairs);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for u in &units {
        *counts.entry(u.language.as_str()).or_default() += 1;
    }
    let fitted = units
        .iter()
        .zip(&chance)
        .max_by_key(|(u, _)| (counts[u.language.as_str()], std::cmp::Reverse(&u.language)))
        .map(|(_, &c)| c);
    eprintln!(
        "fitting on {} candidate pairs ({} same-event) of {} units",
        xs.len(),
        ys.iter().filter(|&&y| y).count(),
        units.len()
    );
    if let Some((pairs, inputs)) = pairs {
        let (more_xs, more_ys) = labelled_pairs(engine, pairs, inputs, fitted.unwrap_or_default());
        eprintln!(
            "and on {} labelled pairs of the tuning half ({} same-event)",
            more_xs.len(),
            more_ys.iter().filter(|&&y| y).count()
        );
        dense.extend(std::iter::repeat_n(0.0, more_xs.len()));
        xs.extend(more_xs);
        ys.extend(more_ys);
    }
    let mut model = if engine.config.dense.is_some() {
        Model::fit_with_dense(&xs, &dense, &ys, 0.1)
    } else {
        Model::fit(&xs, &ys, 0.1)
    };
    model.chance = fitted;
    eprintln!("fitted:");
    for (name, w) in FEATURE_NAMES.iter().zip(model.weights) {
        eprintln!("  {w:>8.3}  {name}");
    }
    if engine.config.dense.is_some() {
        eprintln!("  {:>8.3}  dense embedding cosine", model.dense);
    }
    eprintln!("  {:>8.3}  bias", model.bias);
    if let Some(c) = model.chance {
        eprintln!(
            "chance levels: word cosines content {:.4}, lead {:.4}, title {:.4}; \
             agreeing on year {:.4}, lead weekdays {:.4}, months {:.4}",
            c.content, c.lead, c.title, c.year, c.weekdays, c.months
        );
    }
    model
}

pub fn run(opts: &Options) -> Result<()> {
    let gold = read_gold(&opts.gold, &opts.field)?;
    let mut engine = Engine::default();
    if let Some(t) = opts.event_threshold {
        engine.config.cluster.event_threshold = t;
    }
    let inputs = if opts.inputs.is_empty() {
        vec![opts.gold.clone()]
    } else {
        opts.inputs.clone()
    };
    let (raws, read_errors) = engine.read(&inputs, &NoProgress);
    let (mut articles, norm_errors) = engine.normalize(raws);
    if opts.caseless {
        for a in &mut articles {
            a.title = without_case(&a.title);
            a.body = without_case(&a.body);
        }
    }
    if let Some(m) = opts.min_link {
        engine.config.cluster.min_link = m;
    }
    if let Some(k) = opts.candidate_terms {
        engine.config.cluster.candidate_terms = k;
    }
    if let Some(days) = opts.event_window_days {
        engine.config.cluster.event_window_days = days;
    }
    if let Some(dir) = &opts.dense {
        if !opts.learn || opts.online {
            bail!("--dense needs --learn and batch clustering (no --online)");
        }
        let t = std::time::Instant::now();
        let embedder = samestory_embed::Embedder::load(dir)
            .with_context(|| format!("loading the embedding model from {}", dir.display()))?;
        eprintln!(
            "embedding model loaded in {:.2} s",
            t.elapsed().as_secs_f64()
        );
        engine.config.dense = Some(std::sync::Arc::new(embedder));
    }
    if opts.learn {
        let t = std::time::Instant::now();
        let pairs = match &opts.learn_pairs {
            Some(path) if opts.pairs_inputs.is_empty() => {
                bail!("--learn-pairs {} needs --pairs-inputs", path.display())
            }
            Some(path) => Some(read_pairs(path, Level::Events.label())?),
            None => None,
        };
        let pairs = pairs.as_deref().map(|p| (p, opts.pairs_inputs.as_slice()));
        let model = learn(&engine, &articles, &gold, pairs);
        if opts.caseless {
            engine.config.cluster.caseless_model = model;
        } else {
            engine.config.cluster.model = model;
        }
        eprintln!("learned in {:.2} s", t.elapsed().as_secs_f64());
    }
    let labelled = articles.iter().filter(|a| gold.contains_key(&a.id)).count();
    if labelled == 0 {
        bail!(
            "none of the {} articles read has a label in {}",
            articles.len(),
            opts.gold.display()
        );
    }
    let rows: Vec<Row> = [Part::Tune, Part::HeldOut, Part::All]
        .into_iter()
        .filter_map(|part| {
            let labelled = predict_part(&engine, &articles, &gold, part, opts.online);
            if opts.mistakes == Some(part) {
                print_mistakes(part, &labelled);
            }
            if labelled.is_empty() {
                return None;
            }
            let (predicted, truth): (Vec<usize>, Vec<&str>) =
                labelled.iter().map(|&(_, p, g)| (p, g)).unzip();
            Some(Row {
                part,
                scores: compare(&predicted, &truth),
            })
        })
        .collect();
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "articles: {} read, {} labelled; {} input errors",
        articles.len(),
        labelled,
        read_errors.len() + norm_errors.len()
    );
    println!(
        "{:<24} {:>5} {:>6} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6}  {:>6}",
        "part",
        "docs",
        "events",
        "gold",
        "B3 P",
        "B3 R",
        "B3 F1",
        "pair P",
        "pair R",
        "pairF1",
        "ARI",
        "V"
    );
    for r in &rows {
        let s = &r.scores;
        println!(
            "{:<24} {:>5} {:>6} {:>5}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3}  {:>6.3}",
            r.part.name(),
            s.items,
            s.predicted_clusters,
            s.gold_clusters,
            s.bcubed.precision,
            s.bcubed.recall,
            s.bcubed.f1,
            s.pairwise.precision,
            s.pairwise.recall,
            s.pairwise.f1,
            s.ari,
            s.v_measure.f1
        );
    }
    Ok(())
}
