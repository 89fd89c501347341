//! `samestory serve`: an HTTP service and web pages over the durable store.
//!
//! Writes (`POST /api/...`) put articles into the [`Store`] and return once they are committed;
//! an [`analyst::Analyst`] thread then re-analyses the accepted articles and swaps in a new
//! immutable [`view::View`], which every read uses. Reads never wait for analysis; the page and
//! `/api/status` say how many accepted articles the current view covers. Near-duplicates of
//! each article are known at once from [`near::NearIndex`], built from the signatures the store
//! keeps beside the articles.

pub mod analyst;
pub mod api;
pub mod error;
pub mod metrics;
pub mod near;
pub mod pages;
pub mod render;
pub mod upload;
pub mod view;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use samestory_engine::Engine;
use samestory_store::{RedbStore, Store};

pub use error::ServerError;

use crate::analyst::Analyst;
use crate::metrics::Metrics;
use crate::near::{MinHashFingerprints, NearIndex};
use crate::view::View;

/// How the service starts.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    /// Directory of the store (`store.redb`) and the write token (`token`).
    pub data: PathBuf,
    /// Bearer token for writes; when `None`, the one saved in `data/token` (made on first start).
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Milliseconds to wait after a write before analysing, so that a burst is analysed once.
    pub settle_ms: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data: PathBuf::from("samestory-data"),
            token: None,
            max_body: 64 << 20,
            settle_ms: 300,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub engine: Engine,
    pub view: RwLock<Arc<View>>,
    /// Near-duplicates by MinHash over the texts as received (empty when the store keeps no
    /// fingerprints).
    pub near: NearIndex,
    pub analyst: Analyst,
    pub metrics: Metrics,
    pub token: String,
    pub max_body: usize,
    /// Where uploads are spooled while they are read.
    pub spool: PathBuf,
}

impl AppState {
    /// The current view (cheap: one `Arc` clone).
    pub fn view(&self) -> Arc<View> {
        self.view.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(crate) fn set_view(&self, v: View) {
        *self.view.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(v);
    }
}

/// Builds the shared state over `store`: loads the saved analysis (or starts empty), indexes the
/// stored signatures, and starts the analyst, which catches up at once when the store holds
/// articles the analysis lacks. A store made with [`fingerprinter`] gives near-duplicates.
pub fn state(
    store: Arc<dyn Store>,
    engine: Engine,
    token: String,
    max_body: usize,
    spool: PathBuf,
    settle_ms: u64,
) -> Result<Arc<AppState>, ServerError> {
    let view = match store.load_snapshot()? {
        Some(s) => View::new(s.covers, s.report, s.articles),
        None => View::empty(),
    };
    let behind = store.len()? > view.covers;
    let near = NearIndex::default();
    near.insert(store.fingerprints_from(0)?);
    let state = Arc::new_cyclic(|weak| AppState {
        store,
        engine,
        view: RwLock::new(Arc::new(view)),
        near,
        analyst: Analyst::start(weak.clone(), settle_ms),
        metrics: Metrics::default(),
        token,
        max_body,
        spool,
    });
    if behind {
        state.analyst.request();
    }
    Ok(state)
}

/// The whole application: API, pages, OpenAPI document and assets.
pub fn app(state: Arc<AppState>) -> Router {
    api::router(state.clone())
        .merge(pages::router(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state, metrics::track))
}

/// Opens the store under `cfg.data`, binds `cfg.listen` and serves until Ctrl-C or SIGTERM.
/// Prints `listening on http://ADDR` (the bound address, so port 0 works) once ready.
pub async fn serve(cfg: ServerConfig) -> Result<(), ServerError> {
    std::fs::create_dir_all(&cfg.data)?;
    let token = match cfg.token.clone() {
        Some(t) if !t.trim().is_empty() => t,
        _ => saved_token(&cfg.data)?,
    };
    let store = RedbStore::open_with(&cfg.data.join("store.redb"), Some(fingerprinter()))?;
    // Uploads in flight when the last process died leave files here; none is wanted.
    let spool = cfg.data.join("spool");
    match std::fs::remove_dir_all(&spool) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    std::fs::create_dir_all(&spool)?;
    let state = state(
        Arc::new(store),
        Engine::default(),
        token,
        cfg.max_body,
        spool,
        cfg.settle_ms,
    )?;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| ServerError::Bind(cfg.listen, e))?;
    let addr = listener.local_addr()?;
    // A closed stdout (a supervisor that read the first line and left) must not stop the
    // service: these lines are best effort.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = writeln!(
            out,
            "data in {}; writes need the header 'Authorization: Bearer <token>' (token in {})",
            cfg.data.display(),
            cfg.data.join("token").display()
        );
        let _ = out.flush();
    }
    axum::serve(listener, app(state.clone()))
        .with_graceful_shutdown(shutdown())
        .await?;
    state.analyst.stop();
    Ok(())
}

/// The fingerprints the service's store keeps: what [`near::NearIndex`] is built from.
pub fn fingerprinter() -> samestory_store::SharedFingerprinter {
    Arc::new(MinHashFingerprints::default())
}

/// The token saved in `dir/token`, made from 32 random bytes on first use (owner-only file).
fn saved_token(dir: &Path) -> Result<String, ServerError> {
    let path = dir.join("token");
    match std::fs::read_to_string(&path) {
        Ok(t) if !t.trim().is_empty() => return Ok(t.trim().to_string()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Random(e.to_string()))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join("token.tmp");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts.open(&tmp)?;
        f.write_all(token.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path)?;
    Ok(token)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
