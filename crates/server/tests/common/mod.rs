//! The in-process server and client that the service tests share, and the seed files.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use samestory_engine::Engine;
use samestory_server::{AppState, app, fingerprinter, state};
use samestory_store::{MemStore, RedbStore, Store};
use serde_json::Value;

pub const TOKEN: &str = "test-token";

/// An in-memory store that keeps the service's fingerprints, as `samestory serve`'s does.
pub fn mem_store() -> Arc<dyn Store> {
    Arc::new(MemStore::with_fingerprinter(fingerprinter()))
}

/// The redb store at `path`, opened as `samestory serve` opens it.
pub fn redb_store(path: &std::path::Path) -> Arc<dyn Store> {
    Arc::new(RedbStore::open_with(path, Some(fingerprinter())).unwrap())
}

/// A server on a free loopback port over `store`, and a client for it.
pub struct Server {
    pub base: String,
    pub state: Arc<AppState>,
    agent: ureq::Agent,
    rt: tokio::runtime::Runtime,
    spool_dir: tempfile::TempDir,
}

impl Server {
    pub fn start(store: Arc<dyn Store>) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let spool = tempfile::tempdir().unwrap();
        let state = state(
            store,
            Engine::default(),
            TOKEN.into(),
            1 << 20,
            spool.path().to_path_buf(),
            0,
        )
        .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        rt.spawn(axum::serve(listener, app(state.clone())).into_future());
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build(),
        );
        Self {
            base,
            state,
            agent,
            rt,
            spool_dir: spool,
        }
    }

    /// POST with the token; returns status and body text.
    pub fn post(&self, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
        self.post_as(path, content_type, body, Some(TOKEN))
    }

    pub fn post_as(
        &self,
        path: &str,
        content_type: &str,
        body: &[u8],
        token: Option<&str>,
    ) -> (u16, String) {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", content_type);
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let mut res = req.send(body).unwrap();
        (
            res.status().as_u16(),
            res.body_mut().read_to_string().unwrap(),
        )
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let mut res = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        (
            res.status().as_u16(),
            res.body_mut().read_to_string().unwrap(),
        )
    }

    pub fn get_json(&self, path: &str) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Sends `request` as it is on a new connection and returns what comes back.
    pub fn raw(&self, request: &str) -> String {
        use std::io::{Read, Write};
        let mut c = std::net::TcpStream::connect(self.base.trim_start_matches("http://")).unwrap();
        c.write_all(request.as_bytes()).unwrap();
        c.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = c.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
            if out.windows(4).any(|w| w == b"\r\n\r\n") && out.ends_with(b"}") {
                break;
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Where uploads are spooled.
    pub fn spool(&self) -> &std::path::Path {
        self.spool_dir.path()
    }

    /// Waits until the analyst has caught up with every accepted article.
    pub fn settle(&self) {
        self.state.analyst.wait_idle();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.analyst.stop();
        let _ = &self.rt;
    }
}

pub fn seeds() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !dir.is_dir() {
        eprintln!("SKIPPED: ../shared/seeds is absent");
        return None;
    }
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    Some(files)
}

/// A multipart/form-data body with one `file` field per file.
pub fn multipart(files: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "samestory-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
