//! `samestory-bench-online`: the cost of adding one article to a live event index as it grows
//! to N articles (analysis of the article's terms included; extraction and normalization not).
//! Real articles are replayed in publication order; to reach N, the corpus is replayed again
//! with times shifted a round by more than the event window and the corpus's span (later
//! rounds are new events, as in a live stream).
//! Prints latency percentiles per stretch of the stream, and the resident memory the index has
//! grown by (over the process's once the articles are loaded) per article added.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Parser;
use samestory_cluster::{Input, LiveIndex, OnlineConfig, Terms};
use samestory_engine::analyze::article_time;
use samestory_engine::{Engine, NoProgress};

mod resident;

#[derive(Parser)]
#[command(name = "samestory-bench-online", about = "Live index add latency")]
struct Args {
    /// Articles in any input format.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Articles added in all.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Latencies are reported per stretch of this many adds.
    #[arg(long, default_value_t = 10_000)]
    stretch: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Result<()> {
    let args = Args::parse();
    let engine = Engine::default();
    let (raws, _) = engine.read(&args.inputs, &NoProgress);
    let (mut articles, _) = engine.normalize(raws);
    if articles.is_empty() {
        bail!("no articles read");
    }
    articles.sort_by_key(|a| (article_time(a).unwrap_or(i64::MAX), a.id.clone()));
    let sentences: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| a.sentence_texts().collect())
        .collect();
    let mut index = LiveIndex::new(engine.config.cluster, OnlineConfig::default());
    // Each round later than the last by more than the event window and the corpus's span.
    let times: Vec<i64> = articles.iter().filter_map(article_time).collect();
    let span = times
        .iter()
        .max()
        .zip(times.iter().min())
        .map_or(0, |(a, b)| a - b);
    let shift = (engine.config.cluster.event_window_days as i64 + 1) * 86_400 + span;
    // Per add: the whole latency, and its two parts (the article's terms; the index's add).
    let mut lat: Vec<f64> = Vec::with_capacity(args.stretch);
    let mut lat_terms: Vec<f64> = Vec::with_capacity(args.stretch);
    let mut lat_index: Vec<f64> = Vec::with_capacity(args.stretch);
    println!(
        "{} distinct articles replayed to {}; one thread",
        articles.len(),
        args.articles
    );
    println!(
        "{:>16} {:>9} {:>9} {:>9} {:>9} {:>11} {:>11} {:>9} {:>11}",
        "index size",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "terms p99",
        "index p99",
        "events",
        "KiB/article"
    );
    let loaded = resident::status_bytes("VmRSS:");
    let started = Instant::now();
    for n in 0..args.articles {
        let (round, i) = (n / articles.len(), n % articles.len());
        let a = &articles[i];
        let time = article_time(a).map(|t| t + round as i64 * shift);
        let t = Instant::now();
        let terms = Terms::of(&Input {
            title: &a.title,
            sentences: &sentences[i],
            language: a.language.as_deref().unwrap_or(""),
            time,
            source: a.source.as_deref(),
        });
        let read = t.elapsed();
        std::hint::black_box(index.add(&terms));
        let all = t.elapsed();
        lat.push(all.as_secs_f64() * 1e3);
        lat_terms.push(read.as_secs_f64() * 1e3);
        lat_index.push((all - read).as_secs_f64() * 1e3);
        if lat.len() == args.stretch || n + 1 == args.articles {
            for l in [&mut lat, &mut lat_terms, &mut lat_index] {
                l.sort_by(f64::total_cmp);
            }
            let grown = resident::status_bytes("VmRSS:").saturating_sub(loaded);
            println!(
                "{:>16} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>11.3} {:>11.3} {:>9} {:>11.1}",
                format!("{}-{}", n + 1 - lat.len(), n + 1),
                percentile(&lat, 0.5),
                percentile(&lat, 0.9),
                percentile(&lat, 0.99),
                lat[lat.len() - 1],
                percentile(&lat_terms, 0.99),
                percentile(&lat_index, 0.99),
                index.events().len(),
                grown as f64 / 1024.0 / (n + 1) as f64
            );
            for l in [&mut lat, &mut lat_terms, &mut lat_index] {
                l.clear();
            }
        }
    }
    println!(
        "total {:.1} s for {} adds",
        started.elapsed().as_secs_f64(),
        args.articles
    );
    Ok(())
}
