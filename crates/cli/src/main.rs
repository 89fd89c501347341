//! The `samestory` command: a thin layer over `samestory-engine`.

mod digest;
mod eval_clusters;
mod eval_copies;
mod eval_pairs;
mod eval_summaries;

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use samestory_engine::{Engine, Progress};
use samestory_model::Report;

#[derive(Parser)]
#[command(
    name = "samestory",
    version,
    about = "Tell which news articles tell the same story"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads for the parallel stages (default: one per core, or RAYON_NUM_THREADS).
    /// The output is the same for any number.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    threads: Option<std::num::NonZeroUsize>,
}

#[derive(Subcommand)]
enum Command {
    /// Find copies, events, storylines and summaries; write DIR/report.json and print a digest.
    Run {
        /// Files or directories (.txt, .jsonl[.gz|.zst], .html[.gz], .warc[.gz]).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Directory for report.json (created if missing).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Print no progress bars.
        #[arg(long)]
        quiet: bool,
    },
    /// Summarize all inputs as one event: print the summary, one sentence a line (`--json`:
    /// headline, key entities and each sentence's article and byte span).
    Summarize {
        /// Files or directories (.txt, .jsonl[.gz|.zst], .html[.gz], .warc[.gz]).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Word budget: the summary never exceeds it.
        #[arg(long, default_value_t = 100)]
        words: usize,
        /// Sentence selection: centroid, lexrank, submodular, concepts or hybrid.
        #[arg(long, default_value = "hybrid")]
        method: samestory_summarize::Method,
        /// Print the structured summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the extracted, normalized articles as JSON lines (errors go to stderr).
    Extract {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Print the JSON Schema of report.json.
    Schema,
    /// Serve the HTTP API and the web pages over a durable store (see /docs for the API).
    ///
    /// Articles sent to the API are stored (one durable commit per request) and analysed in
    /// the background; pages and reads show the latest analysis. Writes need the header
    /// `Authorization: Bearer TOKEN`.
    Serve {
        /// Address and port to listen on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Directory of the store; created if missing.
        #[arg(long, default_value = "samestory-data")]
        data: PathBuf,
        /// Bearer token that writes must present. Default: the one in DATA/token, made at
        /// the first start.
        #[arg(long, env = "SAMESTORY_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest request body, in MiB.
        #[arg(long, default_value_t = 64)]
        max_body_mib: usize,
    },
    /// Evaluate a stage against references.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Extraction F1 (word 4-gram shingles) against a ground-truth JSON {id: {articleBody}}.
    Extraction {
        /// Directory of <id>.html[.gz] pages.
        #[arg(long)]
        html: PathBuf,
        /// ground-truth.json
        #[arg(long)]
        truth: PathBuf,
        /// Also print one row per page, and what normalization removed where it cost recall.
        #[arg(long)]
        per_page: bool,
    },
    /// Copy detection on generated edited copies of the input articles: pairwise P/R/F1 and ARI
    /// of the copy groups, recall per edit kind, for samestory and for plain MinHash-LSH.
    Copies(eval_copies::Options),
    /// Events against gold labels: BCubed and pairwise P/R/F1, ARI and V-measure on a tuning
    /// half, a held-out half (split by a hash of the id) and the whole corpus.
    Clusters(eval_clusters::Options),
    /// Events against labelled pairs of articles (one event or not): pairwise P/R/F1 at a
    /// sweep of event thresholds, on a tuning half and a held-out half of the pairs.
    Events(eval_pairs::Options),
    /// Storylines against labelled pairs of articles (one story or not): pairwise P/R/F1 at a
    /// sweep of storyline thresholds, on a tuning half and a held-out half of the pairs.
    Storylines(eval_pairs::Options),
    /// Summaries against references: ROUGE-1, -2 and -L recall and F1 for every selection
    /// method and the lead baseline.
    Summaries(eval_summaries::Options),
}

/// Progress bars on stderr; hidden when stderr is not a terminal or with --quiet. Each stage's
/// wall time is logged at `info` level (`RUST_LOG=info`).
struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    stage: Mutex<Option<(&'static str, std::time::Instant)>>,
    quiet: bool,
}

impl Bars {
    fn new(quiet: bool) -> Self {
        Bars {
            bar: Mutex::new(None),
            stage: Mutex::new(None),
            quiet,
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &'static str, total: u64) {
        *self.stage.lock().expect("stage lock") = Some((stage, std::time::Instant::now()));
        if self.quiet {
            return;
        }
        let bar = ProgressBar::new(total).with_message(stage);
        bar.set_style(
            ProgressStyle::with_template("{msg:>18} [{bar:40}] {pos}/{len} {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        *self.bar.lock().expect("progress lock") = Some(bar);
    }
    fn advance(&self, n: u64) {
        if let Some(b) = self.bar.lock().expect("progress lock").as_ref() {
            b.inc(n);
        }
    }
    fn finish(&self) {
        if let Some(b) = self.bar.lock().expect("progress lock").take() {
            b.finish_and_clear();
        }
        if let Some((stage, t)) = self.stage.lock().expect("stage lock").take() {
            tracing::info!("{stage}: {:.2} s", t.elapsed().as_secs_f64());
        }
    }
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global()
            .context("setting up the worker threads")?;
    }
    match cli.command {
        Command::Run { inputs, out, quiet } => run(&inputs, &out, quiet),
        Command::Extract { inputs } => extract(&inputs),
        Command::Summarize {
            inputs,
            words,
            method,
            json,
        } => summarize(&inputs, words, method, json),
        Command::Serve {
            listen,
            data,
            token,
            max_body_mib,
        } => serve(samestory_server::ServerConfig {
            listen,
            data,
            token,
            max_body: max_body_mib << 20,
            ..Default::default()
        }),
        Command::Schema => {
            println!("{}", schema_json());
            Ok(())
        }
        Command::Eval(EvalCommand::Extraction {
            html,
            truth,
            per_page,
        }) => eval_extraction(&html, &truth, per_page),
        Command::Eval(EvalCommand::Copies(opts)) => eval_copies::run(&opts),
        Command::Eval(EvalCommand::Clusters(opts)) => eval_clusters::run(&opts),
        Command::Eval(EvalCommand::Events(opts)) => {
            eval_pairs::run(&opts, eval_pairs::Level::Events)
        }
        Command::Eval(EvalCommand::Storylines(opts)) => {
            eval_pairs::run(&opts, eval_pairs::Level::Storylines)
        }
        Command::Eval(EvalCommand::Summaries(opts)) => eval_summaries::run(&opts),
    }
}

fn serve(cfg: samestory_server::ServerConfig) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(samestory_server::serve(cfg))?;
    Ok(())
}

fn run(inputs: &[PathBuf], out: &PathBuf, quiet: bool) -> Result<()> {
    let engine = Engine::default();
    let bars = Bars::new(quiet);
    let output = engine.run(inputs, &bars);
    if output.articles.is_empty() && output.report.errors.is_empty() {
        bail!(
            "no articles found in {}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let path = out.join("report.json");
    let file =
        fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, &output.report)?;
    w.write_all(b"\n")?;
    w.flush()?;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(digest::render(&output.report, &path).as_bytes())?;
    Ok(())
}

fn summarize(
    inputs: &[PathBuf],
    words: usize,
    method: samestory_summarize::Method,
    json: bool,
) -> Result<()> {
    let mut engine = Engine::default();
    engine.config.summary.words = words;
    engine.config.summary.method = method;
    let (raws, mut errors) = engine.read(inputs, &samestory_engine::NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    errors.extend(norm_errors);
    for e in &errors {
        eprintln!("error: {}: {}", e.input, e.error);
    }
    if articles.is_empty() {
        bail!("no articles to summarize");
    }
    let s = engine.summarize(&articles);
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    if json {
        let out = serde_json::json!({
            "articles": articles.len(),
            "headline": s.headline,
            "headline_article": s.headline_article.map(|h| &articles[h].id),
            "entities": s.entities,
            "summary": s.summary,
            "words": s.summary.iter().map(|x| x.text.split_whitespace().count()).sum::<usize>(),
            "errors": errors,
        });
        serde_json::to_writer_pretty(&mut w, &out)?;
        w.write_all(b"\n")?;
    } else {
        for x in &s.summary {
            writeln!(w, "{}", x.text)?;
        }
    }
    w.flush()?;
    Ok(())
}

fn extract(inputs: &[PathBuf]) -> Result<()> {
    let engine = Engine::default();
    let (raws, mut errors) = engine.read(inputs, &samestory_engine::NoProgress);
    let (articles, norm_errors) = engine.normalize(raws);
    errors.extend(norm_errors);
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for a in &articles {
        let line = serde_json::json!({
            "id": a.id,
            "title": a.title,
            "source": a.source,
            "url": a.url,
            "published": a.published,
            "language": a.language,
            "text": a.body,
        });
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    for e in &errors {
        eprintln!("error: {}: {}", e.input, e.error);
    }
    Ok(())
}

fn schema_json() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).expect("schema serializes")
}

fn eval_extraction(html: &PathBuf, truth: &PathBuf, per_page: bool) -> Result<()> {
    use samestory_eval::Prf;
    use samestory_eval::extraction::shingle_prf;
    let truth: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &fs::read_to_string(truth).with_context(|| format!("cannot read {}", truth.display()))?,
    )?;
    let engine = Engine::default();
    let (raws, errors) = engine.read(std::slice::from_ref(html), &samestory_engine::NoProgress);
    let raw_by_id: HashMap<&str, &str> = raws
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    let (articles, _) = engine.normalize(raws.clone());
    let by_id: HashMap<&str, &samestory_model::Article> =
        articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut ours = Vec::new();
    let mut plain = Vec::new();
    for (id, v) in &truth {
        let reference = v
            .get("articleBody")
            .and_then(|b| b.as_str())
            .unwrap_or_default();
        let article = by_id.get(id.as_str());
        let got = article.map(|a| a.body.as_str()).unwrap_or("");
        let raw = raw_by_id.get(id.as_str()).copied().unwrap_or("");
        let (o, p) = (
            shingle_prf(got, reference, 4),
            shingle_prf(raw, reference, 4),
        );
        if per_page {
            println!("{id}\textractor {:.3}\tsamestory {:.3}", p.f1, o.f1);
            if o.recall < p.recall {
                for r in article.map(|a| a.removed.as_slice()).unwrap_or_default() {
                    let text: String = r.text.chars().take(100).collect();
                    println!("    removed ({}): {text}", r.reason);
                }
            }
        }
        ours.push(o);
        plain.push(p);
    }
    let (o, p) = (Prf::mean(&ours), Prf::mean(&plain));
    println!("pages: {} (read errors: {})", truth.len(), errors.len());
    println!(
        "{:<34} {:>9} {:>9} {:>9}",
        "extractor", "precision", "recall", "F1"
    );
    println!(
        "{:<34} {:>9.3} {:>9.3} {:>9.3}",
        "extractor output (trafilatura)", p.precision, p.recall, p.f1
    );
    println!(
        "{:<34} {:>9.3} {:>9.3} {:>9.3}",
        "samestory (after normalization)", o.precision, o.recall, o.f1
    );
    Ok(())
}
