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

/// Knobs of one evaluation run.
pub struct Options {
    pub originals: usize,
    pub copies: usize,
    pub seed: u64,
    pub min_words: usize,
    pub brute_force: usize,
    pub write: Option<PathBuf>,
    pub json: bool,
}

pub fn run(inputs: &[PathBuf], opts: &Options) -> Result<()> {
    let engine = Engine::default();
    let (raws, _) = engine.read(inputs, &NoProgress);
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
    let mut rows: Vec<(&str, CopyScores, f64)> = Vec::new();

    let t = Instant::now();
    let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
    let det = detect(&docs, &samestory_dedup::Config::default());
    rows.push((
        "samestory (aligned passages)",
        score(&items, &det.group_of),
        t.elapsed().as_secs_f64(),
    ));

    let plain = NearConfig::default();
    let t = Instant::now();
    let sets = shingle_sets(&texts, plain.shingle);
    let near = near_duplicates(&sets, &plain);
    rows.push((
        "MinHash-LSH J>=0.8 (16x8)",
        score(&items, &near.group_of),
        t.elapsed().as_secs_f64(),
    ));

    let lax = NearConfig {
        bands: Bands { bands: 32, rows: 4 },
        min_jaccard: 0.5,
        min_containment: 0.7,
        ..plain
    };
    let t = Instant::now();
    let near = near_duplicates(&shingle_sets(&texts, lax.shingle), &lax);
    rows.push((
        "MinHash-LSH J>=0.5|C>=0.7 (32x4)",
        score(&items, &near.group_of),
        t.elapsed().as_secs_f64(),
    ));

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
        .map(|g| RawArticle {
            id: g.id.clone(),
            title: String::new(),
            text: g.text.clone(),
            url: None,
            source: None,
            published: None,
            language: None,
            metadata: Default::default(),
            provenance: Provenance {
                input: "generated".into(),
                locator: Locator::Member { name: g.id.clone() },
            },
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
