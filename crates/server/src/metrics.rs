//! Counters and latency histograms, exposed at `/metrics` in the Prometheus text format.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// A latency histogram with fixed buckets.
#[derive(Default)]
pub struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Histogram {
    fn observe(&self, seconds: f64) {
        if let Some(b) = BUCKETS.iter().position(|&le| seconds <= le) {
            self.buckets[b].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_us.fetch_add((seconds * 1e6) as u64, Relaxed);
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (le, b) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += b.load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}");
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {count}");
        let sum = self.sum_us.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum{{{labels}}} {sum}");
        let _ = writeln!(out, "{name}_count{{{labels}}} {count}");
    }
}

/// Everything counted since start-up.
#[derive(Default)]
pub struct Metrics {
    pub articles_added: AtomicU64,
    pub articles_duplicate: AtomicU64,
    pub records_rejected: AtomicU64,
    responses: [AtomicU64; 5],
    reads: Histogram,
    writes: Histogram,
}

impl Metrics {
    /// The Prometheus exposition of the counters and of the state's gauges.
    pub fn render(&self, state: &AppState) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        let gauge = |out: &mut String, name: &str, help: &str, v: f64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        };
        counter(
            &mut out,
            "samestory_articles_added_total",
            "Articles accepted and stored.",
            self.articles_added.load(Relaxed),
        );
        counter(
            &mut out,
            "samestory_articles_duplicate_total",
            "Articles refused as already stored (same id or URL).",
            self.articles_duplicate.load(Relaxed),
        );
        counter(
            &mut out,
            "samestory_records_rejected_total",
            "Input records that could not be read as articles.",
            self.records_rejected.load(Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP samestory_http_responses_total HTTP responses by status class.\n# TYPE samestory_http_responses_total counter"
        );
        for (i, n) in self.responses.iter().enumerate() {
            let _ = writeln!(
                out,
                "samestory_http_responses_total{{class=\"{}xx\"}} {}",
                i + 1,
                n.load(Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP samestory_http_request_seconds Request latency.\n# TYPE samestory_http_request_seconds histogram"
        );
        self.reads
            .write(&mut out, "samestory_http_request_seconds", "kind=\"read\"");
        self.writes
            .write(&mut out, "samestory_http_request_seconds", "kind=\"write\"");
        let view = state.view();
        let stored = state.store.len().unwrap_or(0);
        gauge(
            &mut out,
            "samestory_articles_stored",
            "Articles in the store.",
            stored as f64,
        );
        gauge(
            &mut out,
            "samestory_articles_analysed",
            "Accepted articles the current analysis covers.",
            view.covers as f64,
        );
        gauge(
            &mut out,
            "samestory_events",
            "Events in the current analysis.",
            view.report.events.len() as f64,
        );
        let a = state.analyst.status();
        counter(
            &mut out,
            "samestory_analyses_total",
            "Analyses completed.",
            a.runs,
        );
        gauge(
            &mut out,
            "samestory_analysis_last_seconds",
            "Wall time of the last analysis.",
            a.last_ms as f64 / 1e3,
        );
        if let Some(rss) = resident_bytes() {
            gauge(
                &mut out,
                "process_resident_memory_bytes",
                "Resident memory of the process.",
                rss as f64,
            );
        }
        out
    }
}

/// Resident set size from `/proc/self/statm` (Linux), if readable.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Middleware: counts each response by status class and times it as a read or a write.
pub async fn track(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let write = req.method() != Method::GET && req.method() != Method::HEAD;
    let started = Instant::now();
    let response = next.run(req).await;
    let m = &state.metrics;
    let class = (response.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    m.responses[class].fetch_add(1, Relaxed);
    let took = started.elapsed().as_secs_f64();
    if write { &m.writes } else { &m.reads }.observe(took);
    response
}
