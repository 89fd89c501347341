//! The analyst: one background thread that re-analyses every accepted article when asked (after
//! writes settle), saves the result as the store's snapshot and swaps in a new view.
//!
//! Requests that arrive during a run are folded into one more run; readers keep the old view
//! until the new one is complete.

use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use samestory_engine::NoProgress;
use samestory_store::Snapshot;

use crate::AppState;
use crate::view::View;

#[derive(Default)]
struct Flags {
    pending: bool,
    stop: bool,
    running: bool,
    runs: u64,
    last_ms: u64,
    last_error: Option<String>,
}

/// What the analyst is doing, for `/api/status` and `/metrics`.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AnalystStatus {
    /// An analysis is running now.
    pub running: bool,
    /// Another analysis is due (articles arrived since the current view began).
    pub pending: bool,
    /// Analyses completed since start-up.
    pub runs: u64,
    /// Wall time of the last analysis, in milliseconds.
    pub last_ms: u64,
    /// Why the last analysis failed, if it did.
    pub last_error: Option<String>,
}

type Shared = Arc<(Mutex<Flags>, Condvar)>;

/// Handle to the analysis thread.
pub struct Analyst {
    shared: Shared,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Analyst {
    /// Starts the thread; it runs only when [`Analyst::request`]ed, `settle_ms` after the
    /// request, and stops when the state is dropped or [`Analyst::stop`] is called.
    pub fn start(state: Weak<AppState>, settle_ms: u64) -> Self {
        let shared: Shared = Arc::default();
        let worker = shared.clone();
        let thread = std::thread::Builder::new()
            .name("samestory-analyst".into())
            .spawn(move || run(&worker, &state, Duration::from_millis(settle_ms)))
            .expect("spawn the analyst thread");
        Self {
            shared,
            thread: Mutex::new(Some(thread)),
        }
    }

    /// Asks for an analysis of everything accepted so far.
    pub fn request(&self) {
        let (lock, cv) = &*self.shared;
        lock.lock().unwrap_or_else(|p| p.into_inner()).pending = true;
        cv.notify_all();
    }

    pub fn status(&self) -> AnalystStatus {
        let f = self.shared.0.lock().unwrap_or_else(|p| p.into_inner());
        AnalystStatus {
            running: f.running,
            pending: f.pending,
            runs: f.runs,
            last_ms: f.last_ms,
            last_error: f.last_error.clone(),
        }
    }

    /// Blocks until no analysis is pending or running (for tests and shutdown).
    pub fn wait_idle(&self) {
        let (lock, cv) = &*self.shared;
        let mut f = lock.lock().unwrap_or_else(|p| p.into_inner());
        while (f.pending || f.running) && !f.stop {
            f = cv.wait(f).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Stops the thread after the run in progress, if any.
    pub fn stop(&self) {
        {
            let (lock, cv) = &*self.shared;
            lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
            cv.notify_all();
        }
        let handle = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle
            && h.thread().id() != std::thread::current().id()
        {
            let _ = h.join();
        }
    }
}

impl Drop for Analyst {
    fn drop(&mut self) {
        let (lock, cv) = &*self.shared;
        lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
        cv.notify_all();
    }
}

fn run(shared: &Shared, state: &Weak<AppState>, settle: Duration) {
    let (lock, cv) = &**shared;
    loop {
        {
            let mut f = lock.lock().unwrap_or_else(|p| p.into_inner());
            while !f.pending && !f.stop {
                f = cv.wait(f).unwrap_or_else(|p| p.into_inner());
            }
            if f.stop {
                return;
            }
        }
        // Let a burst of writes land before reading the store.
        std::thread::sleep(settle);
        {
            let mut f = lock.lock().unwrap_or_else(|p| p.into_inner());
            if f.stop {
                return;
            }
            f.pending = false;
            f.running = true;
        }
        let Some(state) = state.upgrade() else { return };
        let started = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(&state)))
            .unwrap_or_else(|p| Err(format!("analysis panicked: {}", panic_message(&p))));
        drop(state);
        let mut f = lock.lock().unwrap_or_else(|p| p.into_inner());
        f.running = false;
        f.runs += 1;
        f.last_ms = started.elapsed().as_millis() as u64;
        f.last_error = result.err();
        if let Some(e) = &f.last_error {
            tracing::error!("{e}");
        }
        cv.notify_all();
    }
}

/// One full analysis of the store's articles; the view and snapshot change only on success.
fn analyse(state: &AppState) -> Result<(), String> {
    let raws = state
        .store
        .articles_from(0)
        .map_err(|e| format!("reading the store: {e}"))?;
    let covers = raws.len() as u64;
    let (articles, errors) = state.engine.normalize(raws);
    let out = state.engine.analyze(articles, errors, &NoProgress);
    let snapshot = Snapshot {
        covers,
        report: out.report,
        articles: out.articles,
    };
    state
        .store
        .save_snapshot(&snapshot)
        .map_err(|e| format!("saving the analysis: {e}"))?;
    state.set_view(View::new(
        snapshot.covers,
        snapshot.report,
        snapshot.articles,
    ));
    Ok(())
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
