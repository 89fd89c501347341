//! `samestory-bench`: end-to-end near-duplicate detection (text in, verified groups out) for
//! samestory and its peers on the same articles, the same shingles, signature length and
//! banding, each engine in its own process so memory is measured cleanly. Prints a table of
//! articles per second, speed relative to samestory, and memory per article.
//!
//! Rust engines run in this binary (`--engine`); Python engines (datasketch, rensa) run
//! `bench/copies_peers.py` with the interpreter given by `--python`.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;
use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use gaoya::text::whitespace_split;
use rayon::prelude::*;
use samestory_dedup::unionfind::UnionFind;
use samestory_dedup::{Bands, Doc, NearConfig, Scheme, ShingleSet, near_duplicates};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

mod resident;

#[derive(Parser)]
#[command(
    name = "samestory-bench",
    about = "Near-duplicate detection against peers"
)]
struct Args {
    /// JSON lines with a "text" field (for instance `samestory extract` output).
    #[arg(long)]
    input: PathBuf,
    /// Use the first N texts.
    #[arg(long)]
    limit: Option<usize>,
    /// Run one engine in this process and print its result as JSON (used by the parent run).
    #[arg(long)]
    engine: Option<String>,
    /// Python interpreter with datasketch and rensa installed; Python peers are skipped without.
    #[arg(long)]
    python: Option<PathBuf>,
    /// Bands and rows per band; the signature has bands · rows values.
    #[arg(long, default_value_t = 16)]
    bands: usize,
    #[arg(long, default_value_t = 8)]
    rows: usize,
    /// Words per shingle.
    #[arg(long, default_value_t = 5)]
    shingle: usize,
    /// Exact Jaccard a candidate pair needs to count as a near-duplicate.
    #[arg(long, default_value_t = 0.8)]
    threshold: f64,
}

/// What one engine reports; the Python script prints the same fields.
#[derive(Debug, Serialize, Deserialize)]
struct Measured {
    engine: String,
    threads: usize,
    articles: usize,
    seconds: f64,
    /// Resident memory after the texts were loaded, and the peak at the end, in bytes.
    rss_loaded: u64,
    rss_peak: u64,
    verified_pairs: usize,
    groups: usize,
}

fn load(path: &Path, limit: Option<usize>) -> Result<Vec<String>> {
    let file = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            out.push(t.to_string());
        }
    }
    Ok(out)
}

/// Resets the peak resident size to the current one (Linux `clear_refs`), so the peak read at
/// the end belongs to the measured work, not to loading.
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn groups_from(n: usize, pairs: impl Iterator<Item = (usize, usize)>) -> usize {
    let mut uf = UnionFind::new(n);
    for (a, b) in pairs {
        uf.union(a, b);
    }
    uf.components().0.len()
}

/// samestory: xxh3 word shingles, one-permutation MinHash, sort-based banding, exact check.
fn ours(texts: &[String], args: &Args) -> (usize, usize) {
    let cfg = NearConfig {
        shingle: args.shingle,
        scheme: Scheme::OnePermutation,
        bands: Bands {
            bands: args.bands,
            rows: args.rows,
        },
        min_jaccard: args.threshold,
        ..NearConfig::default()
    };
    let sets = samestory_dedup::shingle_sets(texts, cfg.shingle);
    let found = near_duplicates(&sets, &cfg);
    (found.pairs.len(), found.groups.len())
}

/// gaoya with its own text tools, as its README shows: lower-case the text, split on ASCII
/// punctuation and whitespace, hash word 5-gram windows with its 32-bit k-permutation
/// MinHasher, banded index with parallel bulk insert and query; then the same exact check.
fn gaoya_own(texts: &[String], args: &Args) -> (usize, usize) {
    let hasher = MinHasher32::new(args.bands * args.rows);
    let (sets, sigs): (Vec<ShingleSet>, Vec<Vec<u32>>) = texts
        .par_iter()
        .map(|t| {
            let lower = t.to_lowercase();
            let words: Vec<&str> = whitespace_split(&lower).collect();
            let sig = hasher.create_signature(words.windows(args.shingle));
            let set = ShingleSet::from_hashes(
                words
                    .windows(args.shingle)
                    .map(|w| xxh3_64(w.join(" ").as_bytes()) as u32),
            );
            (set, sig)
        })
        .unzip();
    gaoya_index(sets, sigs, args)
}

/// gaoya given samestory's tokenizer: the same hashed, lower-cased words, so only MinHash,
/// index and query differ.
fn gaoya_shared(texts: &[String], args: &Args) -> (usize, usize) {
    let hasher = MinHasher32::new(args.bands * args.rows);
    let (sets, sigs): (Vec<ShingleSet>, Vec<Vec<u32>>) = texts
        .par_iter()
        .map(|t| {
            let doc = Doc::new(t);
            let sig = hasher.create_signature(doc.words.windows(args.shingle));
            (ShingleSet::new(&doc, args.shingle), sig)
        })
        .unzip();
    gaoya_index(sets, sigs, args)
}

fn gaoya_index(sets: Vec<ShingleSet>, sigs: Vec<Vec<u32>>, args: &Args) -> (usize, usize) {
    let n = sets.len();
    let mut index: MinHashIndex<u32, u32> =
        MinHashIndex::new(args.bands, args.rows, args.threshold);
    let ids: Vec<u32> = (0..n as u32).collect();
    index.par_bulk_insert(ids, sigs.clone());
    let hits = index.par_bulk_query(&sigs);
    let pairs: Vec<(usize, usize)> = hits
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, ids)| {
            let sets = &sets;
            ids.iter()
                .map(|&b| b as usize)
                .filter(move |&b| b > a && sets[a].jaccard(&sets[b]) >= args.threshold)
                .map(move |b| (a, b))
                .collect::<Vec<_>>()
        })
        .collect();
    let groups = groups_from(n, pairs.iter().copied());
    (pairs.len(), groups)
}

fn child(engine: &str, args: &Args) -> Result<()> {
    let texts = load(&args.input, args.limit)?;
    reset_peak();
    let rss_loaded = resident::status_bytes("VmRSS:");
    let start = Instant::now();
    let (verified_pairs, groups) = match engine {
        "samestory" => ours(&texts, args),
        "gaoya" => gaoya_own(&texts, args),
        "gaoya-shared" => gaoya_shared(&texts, args),
        other => bail!("unknown engine {other}"),
    };
    let m = Measured {
        engine: engine.into(),
        threads: rayon::current_num_threads(),
        articles: texts.len(),
        seconds: start.elapsed().as_secs_f64(),
        rss_loaded,
        rss_peak: resident::status_bytes("VmHWM:"),
        verified_pairs,
        groups,
    };
    println!("{}", serde_json::to_string(&m)?);
    Ok(())
}

fn spawn(mut cmd: Command, label: &str) -> Result<Measured> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot start {label}"))?;
    if !out.status.success() {
        bail!("{label} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let last = line.lines().last().unwrap_or_default();
    serde_json::from_str(last).with_context(|| format!("{label} printed {last:?}"))
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(engine) = &args.engine {
        return child(engine, &args);
    }
    let me = std::env::current_exe()?;
    let common = |cmd: &mut Command| {
        cmd.arg("--input").arg(&args.input);
        if let Some(l) = args.limit {
            cmd.arg("--limit").arg(l.to_string());
        }
        for (flag, v) in [
            ("--bands", args.bands.to_string()),
            ("--rows", args.rows.to_string()),
            ("--shingle", args.shingle.to_string()),
            ("--threshold", args.threshold.to_string()),
        ] {
            cmd.arg(flag).arg(v);
        }
    };
    let mut runs: Vec<(String, Command)> = Vec::new();
    for (label, engine, threads) in [
        ("samestory", "samestory", None),
        ("samestory, 1 thread", "samestory", Some(1)),
        ("gaoya 0.2", "gaoya", None),
        ("gaoya 0.2, our tokens", "gaoya-shared", None),
    ] {
        let mut cmd = Command::new(&me);
        cmd.arg("--engine").arg(engine);
        common(&mut cmd);
        if let Some(t) = threads {
            cmd.env("RAYON_NUM_THREADS", t.to_string());
        }
        runs.push((label.into(), cmd));
    }
    match &args.python {
        Some(python) => {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/copies_peers.py");
            for (label, engine) in [("datasketch 2.0", "datasketch"), ("rensa 0.5", "rensa")] {
                let mut cmd = Command::new(python);
                cmd.arg(&script).arg("--engine").arg(engine);
                common(&mut cmd);
                runs.push((label.into(), cmd));
            }
        }
        None => eprintln!("no --python given: datasketch and rensa are skipped"),
    }

    let mut results: Vec<(String, Measured)> = Vec::new();
    for (label, cmd) in runs {
        eprintln!("running {label}…");
        results.push((label.clone(), spawn(cmd, &label)?));
    }
    let base = results[0].1.articles as f64 / results[0].1.seconds;
    println!(
        "near-duplicates on {} articles ({}): word {}-shingles, {} hashes in {} bands of {}, exact Jaccard >= {}",
        results[0].1.articles,
        args.input.display(),
        args.shingle,
        args.bands * args.rows,
        args.bands,
        args.rows,
        args.threshold
    );
    println!(
        "{:<22} {:>7} {:>10} {:>12} {:>10} {:>14} {:>9} {:>8}",
        "engine", "threads", "seconds", "articles/s", "ours is", "bytes/article", "pairs", "groups"
    );
    for (label, m) in &results {
        let rate = m.articles as f64 / m.seconds;
        println!(
            "{:<22} {:>7} {:>10.2} {:>12.0} {:>9.1}x {:>14.0} {:>9} {:>8}",
            label,
            m.threads,
            m.seconds,
            rate,
            base / rate,
            m.rss_peak.saturating_sub(m.rss_loaded) as f64 / m.articles as f64,
            m.verified_pairs,
            m.groups
        );
    }
    println!(
        "ours is: samestory's articles/s over the row's; bytes/article: peak resident memory \
         added by the run (texts already loaded) over articles"
    );
    Ok(())
}
