//! `samestory-bench-summaries`: time to summarize one event of N articles (copy detection for
//! voices, sentence analysis, selection), for every selection method on the same articles,
//! with each method's time as a ratio to the centroid method's. Prints a table.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Parser;
use samestory_engine::{Engine, NoProgress};
use samestory_summarize::Method;

#[derive(Parser)]
#[command(name = "samestory-bench-summaries", about = "Summary time per event")]
struct Args {
    /// Articles in any input format; the first `--articles` are taken as one event.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[arg(long, default_value_t = 500)]
    articles: usize,
    /// Timed runs per method (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let engine = Engine::default();
    let (raws, _) = engine.read(&args.inputs, &NoProgress);
    let (mut articles, _) = engine.normalize(raws);
    articles.truncate(args.articles);
    if articles.is_empty() {
        bail!("no articles read");
    }
    let sentences: usize = articles.iter().map(|a| a.sentences.len()).sum();
    let words: usize = articles
        .iter()
        .map(|a| a.body.split_whitespace().count())
        .sum();
    println!(
        "one event of {} articles, {sentences} sentences, {words} words; median of {} runs, {} threads",
        articles.len(),
        args.runs,
        rayon::current_num_threads()
    );
    println!("{:<12} {:>10} {:>10}", "method", "ms", "vs centroid");
    let mut base = None;
    for m in Method::ALL {
        let mut e = engine.clone();
        e.config.summary.method = m;
        let mut times: Vec<f64> = (0..args.runs.max(1))
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(e.summarize(&articles));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let b = *base.get_or_insert(median);
        println!("{:<12} {:>10.1} {:>9.2}x", m.name(), median, median / b);
    }
    Ok(())
}
