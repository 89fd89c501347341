//! Load on a running `samestory serve`: writers ingest a corpus (a JSONL file in batches through
//! `POST /api/articles`, or a directory of HTML pages one page a request through
//! `POST /api/articles/html`, extracted by the server) while reader threads page through
//! events, open events and pages and search; then the readers go on alone for a soak. Prints ingest throughput, read latency
//! percentiles per endpoint (during ingest and during the soak) and the server's resident
//! memory sampled from `/metrics`.
//!
//! ```text
//! samestory serve --data /tmp/load --listen 127.0.0.1:8080 &
//! cargo run --release -p samestory-bench --bin samestory-bench-serve -- \
//!     /work/tg.jsonl --url http://127.0.0.1:8080 --token $(cat /tmp/load/token) --soak 600
//! ```

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;

#[derive(Parser)]
#[command(about = "Ingest and read load on a running samestory serve")]
struct Args {
    /// JSONL articles to ingest (one object per line), or a directory of `.html` pages.
    input: PathBuf,
    /// Concurrent writers for HTML pages (JSONL batches go one at a time).
    #[arg(long, default_value_t = 2)]
    writers: usize,
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, env = "SAMESTORY_TOKEN")]
    token: String,
    /// Articles per ingest request.
    #[arg(long, default_value_t = 200)]
    batch: usize,
    /// Concurrent readers.
    #[arg(long, default_value_t = 2)]
    readers: usize,
    /// Seconds of reading after the ingest ends.
    #[arg(long, default_value_t = 600)]
    soak: u64,
    /// Seconds between memory samples.
    #[arg(long, default_value_t = 30)]
    sample: u64,
}

/// The read endpoints, in the order readers cycle through them.
const ENDPOINTS: [&str; 6] = [
    "GET /api/events",
    "GET /api/events/{id}",
    "GET /api/search",
    "GET / (page)",
    "GET /events/{id} (page)",
    "GET /api/status",
];

const QUERIES: [&str; 8] = [
    "election",
    "earthquake",
    "apple",
    "police",
    "football",
    "oil price",
    "court",
    "storm",
];

#[derive(Default)]
struct Latencies {
    /// Per endpoint, per phase (0 ingest, 1 soak): microseconds.
    samples: [[Vec<u64>; 2]; ENDPOINTS.len()],
    errors: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let agent: ureq::Agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build(),
    );
    let base = args.url.trim_end_matches('/').to_string();
    let status = get_json(&agent, &format!("{base}/api/status")).context("is the server up?")?;
    println!("server before: {status}");

    let phase = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let lat = Arc::new(Mutex::new(Latencies::default()));
    let readers: Vec<_> = (0..args.readers)
        .map(|r| {
            let (agent, base, phase, stop, lat) = (
                agent.clone(),
                base.clone(),
                phase.clone(),
                stop.clone(),
                lat.clone(),
            );
            std::thread::spawn(move || read_loop(r, &agent, &base, &phase, &stop, &lat))
        })
        .collect();

    // Ingest.
    let started = Instant::now();
    let ingest = if args.input.is_dir() {
        ingest_pages(&agent, &base, &args)?
    } else {
        ingest_jsonl(&agent, &base, &args)?
    };
    let ingest_s = started.elapsed().as_secs_f64();
    let mut write_us = ingest.write_us;
    println!(
        "ingest: {} records in {ingest_s:.1} s = {:.0} records/s ({} added, {} duplicates, {} rejected); request p50 {:.1} ms, p99 {:.1} ms",
        ingest.records,
        ingest.records as f64 / ingest_s,
        ingest.added,
        ingest.duplicates,
        ingest.rejected,
        pct(&mut write_us, 50.0) as f64 / 1e3,
        pct(&mut write_us, 99.0) as f64 / 1e3,
    );

    // Soak: readers only; memory sampled as the analyst catches up and afterwards.
    phase.store(1, Ordering::Relaxed);
    let soak_start = Instant::now();
    // (seconds into the soak, resident MiB, the analysis has caught up with the store)
    let mut rss: Vec<(u64, f64, bool)> = Vec::new();
    loop {
        let t = soak_start.elapsed().as_secs();
        let m = metrics(&agent, &base)?;
        rss.push((t, m.0 / (1u64 << 20) as f64, m.3 > 0.0 && m.1 >= m.3));
        println!(
            "t+{t:>4}s  rss {:>7.0} MiB  analysed {:>6}  events {:>6}",
            m.0 / (1u64 << 20) as f64,
            m.1,
            m.2
        );
        if t >= args.soak {
            break;
        }
        std::thread::sleep(Duration::from_secs(args.sample.min(args.soak - t).max(1)));
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        let _ = r.join();
    }

    let mut lat = lat.lock().unwrap();
    println!();
    println!(
        "| endpoint | phase | requests | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|"
    );
    for (e, name) in ENDPOINTS.iter().enumerate() {
        for (p, phase) in ["ingest", "soak"].iter().enumerate() {
            let v = &mut lat.samples[e][p];
            if v.is_empty() {
                continue;
            }
            println!(
                "| {name} | {phase} | {} | {:.2} | {:.2} | {:.2} | {:.1} |",
                v.len(),
                pct(v, 50.0) as f64 / 1e3,
                pct(v, 90.0) as f64 / 1e3,
                pct(v, 99.0) as f64 / 1e3,
                pct(v, 100.0) as f64 / 1e3,
            );
        }
    }
    println!("read errors: {}", lat.errors);
    // Memory once the analysis covered everything: flat means the last sample is within a few
    // percent of the first one taken after catching up.
    let caught: Vec<&(u64, f64, bool)> = rss.iter().filter(|s| s.2).collect();
    if let (Some(first), Some(last)) = (caught.first(), caught.last()) {
        let max = caught.iter().map(|s| s.1).fold(0.0, f64::max);
        println!(
            "rss after catching up (t+{}s .. t+{}s): first {:.0} MiB, max {:.0} MiB, last {:.0} MiB ({:+.1}%)",
            first.0,
            last.0,
            first.1,
            max,
            last.1,
            (last.1 / first.1 - 1.0) * 100.0
        );
    }
    Ok(())
}

#[derive(Default)]
struct Ingest {
    records: u64,
    added: u64,
    duplicates: u64,
    rejected: u64,
    /// Latency of each write request, in microseconds.
    write_us: Vec<u64>,
}

impl Ingest {
    /// Counts one ingest response.
    fn count(&mut self, code: u16, v: &serde_json::Value) -> Result<()> {
        if code != 200 && code != 422 {
            bail!("ingest failed with {code}: {v}");
        }
        for a in v["accepted"].as_array().into_iter().flatten() {
            if a["status"] == "added" {
                self.added += 1;
            } else {
                self.duplicates += 1;
            }
        }
        // An HTML page with no article is a 422 with an error body of its own.
        self.rejected += v["errors"]
            .as_array()
            .map_or(u64::from(code == 422), |e| e.len() as u64);
        Ok(())
    }
}

fn ingest_jsonl(agent: &ureq::Agent, base: &str, args: &Args) -> Result<Ingest> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("opening {}", args.input.display()))?;
    let mut lines: Vec<String> = Vec::new();
    for l in std::io::BufReader::new(file).lines() {
        let l = l?;
        if !l.trim().is_empty() {
            lines.push(l);
        }
    }
    let mut out = Ingest::default();
    for chunk in lines.chunks(args.batch) {
        let body = chunk.join("\n") + "\n";
        let t = Instant::now();
        let mut res = agent
            .post(format!("{base}/api/articles"))
            .header("Authorization", format!("Bearer {}", args.token))
            .header("Content-Type", "application/x-ndjson")
            .send(body.as_bytes())?;
        out.write_us.push(t.elapsed().as_micros() as u64);
        let v: serde_json::Value = res.body_mut().read_json()?;
        out.count(res.status().as_u16(), &v)?;
        out.records += chunk.len() as u64;
    }
    Ok(out)
}

/// Posts every `.html` file under the directory (sorted), `args.writers` at a time; the id of
/// each article is its file stem, as `samestory run` names HTML files.
fn ingest_pages(agent: &ureq::Agent, base: &str, args: &Args) -> Result<Ingest> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![args.input.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                files.push(p);
            }
        }
    }
    files.sort();
    let next = AtomicU64::new(0);
    let total = Mutex::new(Ingest::default());
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..args.writers.max(1))
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut mine = Ingest::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                        let Some(path) = files.get(i) else { break };
                        let page = std::fs::read(path)?;
                        let id = path.file_stem().unwrap_or_default().to_string_lossy();
                        let t = Instant::now();
                        let mut res = agent
                            .post(format!("{base}/api/articles/html?id={id}"))
                            .header("Authorization", format!("Bearer {}", args.token))
                            .header("Content-Type", "text/html")
                            .send(&page[..])?;
                        mine.write_us.push(t.elapsed().as_micros() as u64);
                        let v: serde_json::Value = res.body_mut().read_json()?;
                        mine.count(res.status().as_u16(), &v)?;
                        mine.records += 1;
                    }
                    let mut t = total.lock().unwrap();
                    t.records += mine.records;
                    t.added += mine.added;
                    t.duplicates += mine.duplicates;
                    t.rejected += mine.rejected;
                    t.write_us.extend(mine.write_us);
                    Ok(())
                })
            })
            .collect();
        for w in workers {
            w.join().expect("writer thread")?;
        }
        Ok(())
    })?;
    Ok(total.into_inner().unwrap())
}

fn read_loop(
    reader: usize,
    agent: &ureq::Agent,
    base: &str,
    phase: &AtomicU64,
    stop: &AtomicBool,
    lat: &Mutex<Latencies>,
) {
    let mut i = reader;
    let mut events = 1u64;
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ reader as u64;
    while !stop.load(Ordering::Relaxed) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let e = i % ENDPOINTS.len();
        let path = match e {
            0 => format!("/api/events?limit=20&offset={}", x % 5 * 20),
            1 => format!("/api/events/{}", x % events.max(1)),
            2 => format!(
                "/api/search?q={}",
                QUERIES[(x % 8) as usize].replace(' ', "+")
            ),
            3 => "/".to_string(),
            4 => format!("/events/{}", x % events.max(1)),
            _ => "/api/status".to_string(),
        };
        let t = Instant::now();
        let res = agent.get(format!("{base}{path}")).call();
        let took = t.elapsed().as_micros() as u64;
        let ok = match res {
            Ok(mut r) => {
                let code = r.status().as_u16();
                let body = r.body_mut().read_to_string().unwrap_or_default();
                if e == 0
                    && let Ok(v) = serde_json::from_str::<serde_json::Value>(&body)
                {
                    events = v["total"].as_u64().unwrap_or(events);
                }
                code == 200 || (code == 404 && (e == 1 || e == 4))
            }
            Err(_) => false,
        };
        let mut l = lat.lock().unwrap();
        if ok {
            l.samples[e][phase.load(Ordering::Relaxed) as usize].push(took);
        } else {
            l.errors += 1;
        }
        drop(l);
        i += 1;
    }
}

fn get_json(agent: &ureq::Agent, url: &str) -> Result<serde_json::Value> {
    Ok(agent.get(url).call()?.body_mut().read_json()?)
}

/// (resident bytes, analysed articles, events, stored articles) from `/metrics`.
fn metrics(agent: &ureq::Agent, base: &str) -> Result<(f64, f64, f64, f64)> {
    let text = agent
        .get(format!("{base}/metrics"))
        .call()?
        .body_mut()
        .read_to_string()?;
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok((
        value("process_resident_memory_bytes"),
        value("samestory_articles_analysed"),
        value("samestory_events"),
        value("samestory_articles_stored"),
    ))
}

/// The `p`th percentile (nearest rank) of `v`, in its unit.
fn pct(v: &mut [u64], p: f64) -> u64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}
