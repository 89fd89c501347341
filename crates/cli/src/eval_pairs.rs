//! `samestory eval events` and `samestory eval storylines`: a grouping scored against labelled
//! pairs of articles (are they in one event, one story?) at a sweep of thresholds, on two
//! halves of the pairs split by a hash of the pair (one to choose the threshold on, one held
//! out).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use samestory_cluster::{Config, average_link, event_graph, events, storylines};
use samestory_engine::analyze::Prepared;
use samestory_engine::{Engine, NoProgress};
use samestory_eval::Prf;
use samestory_model::Article;
use serde::{Deserialize, Serialize};

use crate::eval_clusters::Part;

/// What the labelled pairs judge: whether two articles are in one event, or in one storyline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Events,
    Storylines,
}

impl Level {
    /// The field of each labelled pair that says yes or no.
    pub fn label(self) -> &'static str {
        match self {
            Level::Events => "same_event",
            Level::Storylines => "same_story",
        }
    }

    /// The thresholds scored unless others are asked for: around the default of each.
    fn default_thresholds(self) -> Vec<f32> {
        match self {
            Level::Events => vec![0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7],
            Level::Storylines => vec![0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
        }
    }

    /// The threshold `samestory run` uses.
    fn default_threshold(self, cfg: &Config) -> f32 {
        match self {
            Level::Events => cfg.event_threshold,
            Level::Storylines => cfg.storyline_threshold,
        }
    }

    /// The name of one group.
    fn group(self) -> &'static str {
        match self {
            Level::Events => "event",
            Level::Storylines => "storyline",
        }
    }

    /// The name of the groups counted in each row.
    fn groups(self) -> &'static str {
        match self {
            Level::Events => "events",
            Level::Storylines => "storylines",
        }
    }
}

/// The arguments of `samestory eval events` and `samestory eval storylines`.
#[derive(clap::Args)]
pub struct Options {
    /// JSONL of labelled pairs: `{"a": ID, "b": ID, "same_event": BOOL}` a line
    /// (`"same_story"` for storylines), with an optional `"weight"` (how many pairs of its
    /// population the pair stands for, default 1); other fields are kept for the reader. Such
    /// as `crates/eval/data/telegram-event-pairs.jsonl` and
    /// `crates/eval/data/telegram-storyline-links.jsonl`.
    #[arg(long)]
    pub gold: PathBuf,
    /// The articles the pairs come from, in any input format.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Thresholds to score, comma-separated (default: events 0.3 to 0.7, storylines 0.1 to
    /// 0.4).
    #[arg(long, value_delimiter = ',')]
    pub thresholds: Vec<f32>,
    /// Override the probability that some pair across two clusters needs for them to merge
    /// into one event.
    #[arg(long)]
    pub min_link: Option<f32>,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print the pairs of one part that the grouping at the threshold `samestory run` uses
    /// gets wrong, to standard error, with their titles and, for events, the probability the
    /// model gave the two ("never scored": not candidates, or too far apart in time). Read
    /// them on the tuning half; reading the held-out half spends it.
    #[arg(long, value_enum)]
    pub mistakes: Option<Part>,
}

/// One labelled pair of articles.
#[derive(Debug)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub same: bool,
    pub weight: f64,
}

impl Pair {
    /// The half of the labelled pairs this one is in, by a hash of the two ids.
    pub fn part(&self) -> Part {
        if Part::Tune.admits(&format!("{} {}", self.a, self.b)) {
            Part::Tune
        } else {
            Part::HeldOut
        }
    }
}

/// A line of the labelled pairs, with its label under any name.
#[derive(Deserialize)]
struct Line {
    a: String,
    b: String,
    #[serde(default = "one")]
    weight: f64,
    #[serde(flatten)]
    rest: HashMap<String, serde_json::Value>,
}

fn one() -> f64 {
    1.0
}

/// The labelled pairs in `path`, each saying yes or no under `label`.
pub fn read_pairs(path: &Path, label: &str) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let not_a_pair = |n: usize| {
        format!(
            "{}:{}: not a pair {{\"a\", \"b\", \"{label}\"}}",
            path.display(),
            n + 1
        )
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let line: Line = serde_json::from_str(line).with_context(|| not_a_pair(n))?;
            let same = line.rest.get(label).and_then(serde_json::Value::as_bool);
            let same = same.with_context(|| not_a_pair(n))?;
            Ok(Pair {
                a: line.a,
                b: line.b,
                same,
                weight: line.weight,
            })
        })
        .collect()
}

/// Each pair whose two articles are both among `articles`, with their indices there.
pub fn locate<'p>(pairs: &'p [Pair], articles: &[Article]) -> Vec<(&'p Pair, usize, usize)> {
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    pairs
        .iter()
        .filter_map(|p| Some((p, *index.get(p.a.as_str())?, *index.get(p.b.as_str())?)))
        .collect()
}

#[derive(Debug, Serialize)]
struct Row {
    threshold: f32,
    /// Events or storylines found at this threshold.
    groups: usize,
    tune: Prf,
    held_out: Prf,
    all: Prf,
}

pub fn run(opts: &Options, level: Level) -> Result<()> {
    let pairs = read_pairs(&opts.gold, level.label())?;
    let mut engine = Engine::default();
    if let Some(m) = opts.min_link {
        engine.config.cluster.min_link = m;
    }
    let (raws, read_errors) = engine.read(&opts.inputs, &NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    let found = locate(&pairs, &articles);
    if found.is_empty() {
        bail!(
            "none of the {} pairs in {} has both articles among the {} read",
            pairs.len(),
            opts.gold.display(),
            articles.len()
        );
    }

    let prepared = Prepared::new(&articles, &engine.config, &NoProgress);
    let units = prepared.units();
    let cluster = &engine.config.cluster;
    // Events are average link over one graph at each threshold; storylines are scored over
    // the events `samestory run` finds, found once.
    let (graph, default_events) = match level {
        Level::Events => (
            event_graph(&units, &prepared.shared, &prepared.habits, cluster),
            None,
        ),
        Level::Storylines => {
            let events = events(&units, &prepared.shared, &prepared.habits, cluster).members;
            (Vec::new(), Some(events))
        }
    };
    let thresholds = if opts.thresholds.is_empty() {
        level.default_thresholds()
    } else {
        opts.thresholds.clone()
    };
    // The groups at `threshold`, and the group of each unit.
    let grouping = |threshold: f32| -> (usize, Vec<usize>) {
        let groups: Vec<Vec<usize>> = match &default_events {
            None => average_link(units.len(), &graph, threshold, |e| {
                e.sim >= cluster.min_link
            }),
            Some(events) => {
                let cfg = Config {
                    storyline_threshold: threshold,
                    ..*cluster
                };
                storylines(&units, events, &prepared.habits, &cfg)
                    .storylines
                    .iter()
                    .map(|es| es.iter().flat_map(|&e| events[e].iter().copied()).collect())
                    .collect()
            }
        };
        let mut group_of_unit = vec![0; units.len()];
        for (g, us) in groups.iter().enumerate() {
            for &u in us {
                group_of_unit[u] = g;
            }
        }
        (groups.len(), group_of_unit)
    };
    let mut rows = Vec::new();
    for threshold in thresholds {
        let (groups, group_of_unit) = grouping(threshold);
        let group = |article: usize| group_of_unit[prepared.detection.group_of[article]];
        let score = |part: Part| {
            Prf::of_decisions(
                found
                    .iter()
                    .filter(|(p, _, _)| part == Part::All || p.part() == part)
                    .map(|&(p, a, b)| (group(a) == group(b), p.same, p.weight)),
            )
        };
        rows.push(Row {
            threshold,
            groups,
            tune: score(Part::Tune),
            held_out: score(Part::HeldOut),
            all: score(Part::All),
        });
    }

    if let Some(part) = opts.mistakes {
        let threshold = level.default_threshold(cluster);
        let (_, group_of_unit) = grouping(threshold);
        // Each wrong pair with its two units, the lower first.
        let unit = &prepared.detection.group_of;
        let wrong: Vec<(&Pair, usize, usize, (usize, usize))> = found
            .iter()
            .filter(|(p, _, _)| part == Part::All || p.part() == part)
            .map(|&(p, a, b)| (p, a, b, (unit[a].min(unit[b]), unit[a].max(unit[b]))))
            .filter(|&(p, _, _, (ua, ub))| (group_of_unit[ua] == group_of_unit[ub]) != p.same)
            .collect();
        eprintln!(
            "mistakes on {} at {threshold:.2}: {} pairs",
            part.name(),
            wrong.len()
        );
        let title = |i: usize| articles[i].title.chars().take(90).collect::<String>();
        // The same-event probability the graph gave each wrong pair's units (events only).
        let wanted: std::collections::HashSet<(usize, usize)> = wrong.iter().map(|w| w.3).collect();
        let direct: HashMap<(usize, usize), f32> = graph
            .iter()
            .map(|e| {
                let (a, b) = (e.a as usize, e.b as usize);
                ((a.min(b), a.max(b)), e.sim)
            })
            .filter(|(key, _)| wanted.contains(key))
            .collect();
        for &(p, a, b, units) in &wrong {
            let (what, label) = match p.same {
                true => ("split", "one"),
                false => ("joined", "not one"),
            };
            let why = match level {
                Level::Storylines => String::new(),
                Level::Events if units.0 == units.1 => " (one copy group)".to_string(),
                Level::Events => match direct.get(&units) {
                    Some(p) => format!(" (the two: {p:.2})"),
                    None => " (the two: never scored)".to_string(),
                },
            };
            eprintln!("{what}, labelled {label} {}{why}:", level.group());
            eprintln!("  {}  {}", p.a, title(a));
            eprintln!("  {}  {}", p.b, title(b));
        }
    }
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let count = |part: Part| {
        let of_part: Vec<_> = found.iter().filter(|(p, _, _)| p.part() == part).collect();
        let yes = of_part.iter().filter(|(p, _, _)| p.same).count();
        format!("{} pairs ({yes} {})", of_part.len(), level.label())
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
        "threshold",
        level.groups(),
        "tune P",
        "R",
        "F1",
        "held P",
        "R",
        "F1",
        "all P",
        "R",
        "F1"
    );
    for r in &rows {
        println!(
            "{:>9.2} {:>10}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}",
            r.threshold,
            r.groups,
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
