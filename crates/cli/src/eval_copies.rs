//! `samestory eval copies`: generated edited copies of the input articles, scored for the
//! aligner and for plain MinHash-LSH on the same data.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use samestory_dedup::{Bands, Doc, NearConfig, detect, near_duplicates, shingle_sets};
use samestory_engine::{Engine, NoProgress};
use samestory_eval::copies::{
    BandingRecall, CopyScores, Generated, Source, banding_recall, choose_sources, generate, score,
};
use samestory_model::{Locator, Provenance, RawArticle};
use xxhash_rust::xxh3::xxh3_64;

/// The arguments of `samestory eval copies`.
#[derive(clap::Args)]
pub struct Options {
    /// Files or directories of real articles to copy from.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Number of originals (each shares < 10% of its 5-grams with every other).
    #[arg(long, default_value_t = 1000)]
    pub originals: usize,
    /// Edited copies per original; edit kinds are dealt in turn.
    #[arg(long, default_value_t = 10)]
    pub copies: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Originals need at least this many words.
    #[arg(long, default_value_t = 80)]
    pub min_words: usize,
    /// Texts compared all-pairs to check the LSH banding's recall.
    #[arg(long, default_value_t = 2000)]
    pub brute_force: usize,
    /// Also write the generated texts and their truth as JSON lines.
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// Print the scores as JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(opts: &Options) -> Result<()> {
    let engine = Engine::default();
    let (raws, _) = engine.read(&opts.inputs, &NoProgress);
    let (articles, _) = engine.normalize(raws);
    let mut pool: Vec<(u64, Source)> = articles
        .iter()
        .filter(|a| a.body.split_whitespace().count() >= opts.min_words)
        .map(|a| {
            let source = Source {
                id: a.id.clone(),
                paragraphs: a.paragraph_texts().map(String::from).collect(),
            };
            (
                xxh3_64(format!("{}:{}", opts.seed, a.id).as_bytes()),
                source,
            )
        })
        .collect();
    if pool.is_empty() {
        bail!(
            "no article of at least {} words in the input",
            opts.min_words
        );
    }
    // A seeded sample that does not depend on file order.
    pool.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.id.cmp(&y.1.id)));
    let pool: Vec<Source> = pool
        .into_iter()
        .take(5 * opts.originals + 600)
        .map(|(_, s)| s)
        .collect();
    let fillers_wanted = opts.originals.max(50);
    let (originals, fillers) = choose_sources(pool, opts.originals, fillers_wanted, 0.1);
    let items = generate(&originals, &fillers, opts.copies, opts.seed);
    if !opts.json {
        println!(
            "{} originals ({} words or more, sharing < 10% of 5-grams with each other), {} copies each, {} texts, seed {}",
            originals.len(),
            opts.min_words,
            opts.copies,
            items.len(),
            opts.seed
        );
    }
    if let Some(path) = &opts.write {
        write_items(path, &items)?;
    }

    // Every detector sees what `samestory run` would compare: bodies after furniture removal.
    let bodies = normalized_bodies(&engine, &items);
    let texts: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let timed = |name: &'static str, groups: &dyn Fn() -> Vec<usize>| {
        let t = Instant::now();
        let group_of = groups();
        (name, score(&items, &group_of), t.elapsed().as_secs_f64())
    };

    let plain = NearConfig::default();
    let lax = NearConfig {
        bands: Bands { bands: 32, rows: 4 },
        min_jaccard: 0.5,
        min_containment: 0.7,
        ..plain
    };
    // Both MinHash settings use 5-word shingles; the sets are made once, outside the timings.
    let sets = shingle_sets(&texts, plain.shingle);
    let ours = samestory_dedup::Config::default();
    let rows: Vec<(&str, CopyScores, f64)> = vec![
        timed("samestory (aligned passages)", &|| {
            let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
            detect(&docs, &ours).group_of
        }),
        // What sentence keys add: the same detector with shingle fingerprints alone.
        timed("samestory, no sentence keys", &|| {
            let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
            let cfg = samestory_dedup::Config {
                sentence_keys: false,
                ..ours
            };
            detect(&docs, &cfg).group_of
        }),
        timed("MinHash-LSH J>=0.8 (16x8)", &|| {
            near_duplicates(&sets, &plain).group_of
        }),
        timed("MinHash-LSH J>=0.5|C>=0.7 (32x4)", &|| {
            near_duplicates(&sets, &lax).group_of
        }),
    ];

    let sample = &sets[..sets.len().min(opts.brute_force)];
    let banding: Vec<(NearConfig, f64, BandingRecall)> = [(plain, 0.8), (lax, 0.5)]
        .into_iter()
        .map(|(cfg, threshold)| (cfg, threshold, banding_recall(sample, &cfg, threshold)))
        .collect();

    if opts.json {
        let value = serde_json::json!({
            "originals": originals.len(),
            "copies_per_original": opts.copies,
            "texts": items.len(),
            "seed": opts.seed,
            "detectors": rows.iter().map(|(name, s, secs)| serde_json::json!({
                "detector": name, "scores": s, "seconds": secs,
            })).collect::<Vec<_>>(),
            "banding": banding.iter().map(|(cfg, threshold, b)| serde_json::json!({
                "bands": cfg.bands, "threshold": threshold, "recall": b,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    print_tables(&rows, &banding);
    Ok(())
}

fn print_tables(rows: &[(&str, CopyScores, f64)], banding: &[(NearConfig, f64, BandingRecall)]) {
    println!();
    println!(
        "{:<34} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}",
        "detector", "pair P", "pair R", "pair F1", "ARI", "groups", "seconds"
    );
    for (name, s, secs) in rows {
        let p = &s.partition;
        println!(
            "{:<34} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>8} {:>8.2}",
            name,
            p.pairwise.precision,
            p.pairwise.recall,
            p.pairwise.f1,
            p.ari,
            p.predicted_clusters,
            secs
        );
    }
    println!();
    print!("{:<34}", "recall by edit (copies)");
    for r in &rows[0].1.by_edit {
        print!(" {:>11}", format!("{}({})", r.edit.as_str(), r.copies));
    }
    println!();
    for (name, s, _) in rows {
        print!("{name:<34}");
        for r in &s.by_edit {
            print!(" {:>11.3}", r.recall);
        }
        println!();
    }
    println!();
    if let Some((_, _, b)) = banding.first() {
        println!(
            "banding recall against brute-force exact Jaccard ({} texts):",
            b.texts
        );
    }
    for (cfg, threshold, b) in banding {
        println!(
            "  {}x{} bands, pairs with J >= {threshold}: {}, found by banding: {} ({:.4}), S-curve expects {:.1}",
            cfg.bands.bands,
            cfg.bands.rows,
            b.pairs_above,
            b.found,
            if b.pairs_above == 0 {
                1.0
            } else {
                b.found as f64 / b.pairs_above as f64
            },
            b.expected
        );
    }
}

fn normalized_bodies(engine: &Engine, items: &[Generated]) -> Vec<String> {
    let raws: Vec<RawArticle> = items
        .iter()
        .map(|g| {
            let provenance = Provenance {
                input: "generated".into(),
                locator: Locator::Member { name: g.id.clone() },
            };
            RawArticle::plain(g.id.clone(), String::new(), g.text.clone(), provenance)
        })
        .collect();
    let (articles, _) = engine.normalize(raws);
    let mut by_id: HashMap<String, String> = articles.into_iter().map(|a| (a.id, a.body)).collect();
    items
        .iter()
        .map(|g| by_id.remove(&g.id).unwrap_or_default())
        .collect()
}

fn write_items(path: &Path, items: &[Generated]) -> Result<()> {
    let file =
        fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    for g in items {
        serde_json::to_writer(&mut w, g)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
