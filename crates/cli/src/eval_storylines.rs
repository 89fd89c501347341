//! `samestory eval storylines`: storylines scored against labelled pairs of articles (do their
//! events continue one story?), at a sweep of storyline thresholds, on two halves of the pairs
//! split by a hash of the pair (one to choose the threshold on, one held out).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use samestory_cluster::{events, storylines};
use samestory_engine::analyze::Prepared;
use samestory_engine::{Engine, NoProgress};
use samestory_eval::Prf;
use serde::{Deserialize, Serialize};

use crate::eval_clusters::Part;

/// The arguments of `samestory eval storylines`.
#[derive(clap::Args)]
pub struct Options {
    /// JSONL of labelled pairs: `{"a": ID, "b": ID, "same_story": BOOL}` a line, with an
    /// optional `"weight"` (how many pairs of its population the pair stands for, default 1);
    /// other fields are kept for the reader. Such as
    /// `crates/eval/data/telegram-storyline-links.jsonl`.
    #[arg(long)]
    pub gold: PathBuf,
    /// The articles the pairs come from, in any input format.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Storyline thresholds to score, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "0.1,0.15,0.2,0.25,0.3,0.35,0.4"
    )]
    pub thresholds: Vec<f32>,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One labelled pair of articles.
#[derive(Debug, Deserialize)]
struct Pair {
    a: String,
    b: String,
    same_story: bool,
    #[serde(default = "one")]
    weight: f64,
}

fn one() -> f64 {
    1.0
}

impl Pair {
    fn part(&self) -> Part {
        if Part::Tune.admits(&format!("{} {}", self.a, self.b)) {
            Part::Tune
        } else {
            Part::HeldOut
        }
    }
}

fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).with_context(|| {
                format!(
                    "{}:{}: not a pair {{\"a\", \"b\", \"same_story\"}}",
                    path.display(),
                    n + 1
                )
            })
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct Row {
    threshold: f32,
    storylines: usize,
    tune: Prf,
    held_out: Prf,
    all: Prf,
}

pub fn run(opts: &Options) -> Result<()> {
    let pairs = read_pairs(&opts.gold)?;
    let engine = Engine::default();
    let (raws, read_errors) = engine.read(&opts.inputs, &NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let found: Vec<(&Pair, usize, usize)> = pairs
        .iter()
        .filter_map(|p| Some((p, *index.get(p.a.as_str())?, *index.get(p.b.as_str())?)))
        .collect();
    if found.is_empty() {
        bail!(
            "none of the {} pairs in {} has both articles among the {} read",
            pairs.len(),
            opts.gold.display(),
            articles.len()
        );
    }

    // Events once, as `samestory run` finds them; storylines at each threshold.
    let prepared = Prepared::new(&articles, &engine.config, &NoProgress);
    let units = prepared.units();
    let events = events(&units, &prepared.shared, &engine.config.cluster).members;
    let mut event_of_unit = vec![0; units.len()];
    for (e, us) in events.iter().enumerate() {
        for &u in us {
            event_of_unit[u] = e;
        }
    }

    let mut rows = Vec::new();
    for &threshold in &opts.thresholds {
        let mut cfg = engine.config.cluster;
        cfg.storyline_threshold = threshold;
        let stories = storylines(&units, &events, &cfg);
        let mut storyline_of_event = vec![0; events.len()];
        for (s, es) in stories.storylines.iter().enumerate() {
            for &e in es {
                storyline_of_event[e] = s;
            }
        }
        let storyline = |article: usize| {
            storyline_of_event[event_of_unit[prepared.detection.group_of[article]]]
        };
        let score = |part: Part| {
            Prf::of_decisions(
                found
                    .iter()
                    .filter(|(p, _, _)| part == Part::All || p.part() == part)
                    .map(|&(p, a, b)| (storyline(a) == storyline(b), p.same_story, p.weight)),
            )
        };
        rows.push(Row {
            threshold,
            storylines: stories.storylines.len(),
            tune: score(Part::Tune),
            held_out: score(Part::HeldOut),
            all: score(Part::All),
        });
    }

    if opts.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let count = |part: Part| {
        let of_part: Vec<_> = found.iter().filter(|(p, _, _)| p.part() == part).collect();
        let yes = of_part.iter().filter(|(p, _, _)| p.same_story).count();
        format!("{} pairs ({yes} same story)", of_part.len())
    };
    println!(
        "articles: {} read, {} input errors; pairs: {} labelled, {} with both articles read",
        articles.len(),
        read_errors.len() + norm_errors.len(),
        pairs.len(),
        found.len()
    );
    println!(
        "{}: {}; {}: {}",
        Part::Tune.name(),
        count(Part::Tune),
        Part::HeldOut.name(),
        count(Part::HeldOut)
    );
    println!(
        "{:>9} {:>10}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
        "threshold", "storylines", "tune P", "R", "F1", "held P", "R", "F1", "all P", "R", "F1"
    );
    for r in &rows {
        println!(
            "{:>9.2} {:>10}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}",
            r.threshold,
            r.storylines,
            r.tune.precision,
            r.tune.recall,
            r.tune.f1,
            r.held_out.precision,
            r.held_out.recall,
            r.held_out.f1,
            r.all.precision,
            r.all.recall,
            r.all.f1
        );
    }
    Ok(())
}
