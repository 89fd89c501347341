//! The pages in a real browser: headless Chromium, driven over WebDriver by chromedriver, opens
//! the event list, clicks into the biggest event and then into a copy comparison, checks what
//! each page shows, and saves a screenshot of each under `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/setup` installs them). Without
//! them the test skips with a message, except under CI (`CI` set), where it fails.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{Server, multipart, seeds};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session in it.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(60)))
                .build(),
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        // The flags keep Chromium off the network it cannot reach here.
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--window-size=1280,1400", "--hide-scrollbars",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let mut b = Self {
            driver,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session id").to_string();
        b
    }

    /// One WebDriver command; returns its `value`, panicking on a WebDriver error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let mut res = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let v: Value = res.body_mut().read_json().unwrap();
        if let Some(err) = v["value"]["error"].as_str() {
            panic!("{method} {path}: {err}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    fn session(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    fn open(&self, url: &str) {
        self.call("POST", &self.session("/url"), Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.call("GET", &self.session("/url"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            &self.session("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    fn text(&self, element: &str) -> String {
        self.call(
            "GET",
            &self.session(&format!("/element/{element}/text")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn click(&self, css: &str) {
        let first = self.find_all(css).into_iter().next();
        let element = first.unwrap_or_else(|| panic!("nothing matches {css} on {}", self.url()));
        self.call(
            "POST",
            &self.session(&format!("/element/{element}/click")),
            None,
        );
    }

    /// Saves a screenshot of the viewport as `name.png`; returns its path.
    fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.call("GET", &self.session("/screenshot"), None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn browser_present() -> bool {
    let present =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium and chromium-driver (scripts/setup)"
        );
        eprintln!("SKIPPED: {CHROMIUM} or {CHROMEDRIVER} is absent (run scripts/setup)");
    }
    present
}

#[test]
fn a_reader_clicks_from_the_events_into_a_copy_comparison() {
    let Some(files) = seeds() else { return };
    if !browser_present() {
        return;
    }
    let server = Server::start(common::mem_store());
    let (ct, body) = multipart(&files);
    assert_eq!(server.post("/api/upload", &ct, &body).0, 200);
    server.settle();

    let b = Browser::start();
    b.open(&format!("{}/?sort=biggest", server.base));
    let cards = b.find_all("article.card h2 a");
    assert_eq!(cards.len(), 2, "two events listed");
    // The July event (four reports) before November's (one, "IS loses holdout...").
    let (first, second) = (b.text(&cards[0]), b.text(&cards[1]));
    assert!(
        !first.contains("holdout") && second.contains("holdout"),
        "the biggest event comes first: {first:?}, then {second:?}"
    );
    let shot = b.screenshot("events");
    eprintln!("screenshot: {}", shot.display());

    b.click("article.card h2 a");
    assert!(
        b.url().contains("/events/"),
        "on an event page: {}",
        b.url()
    );
    assert!(
        !b.find_all(".summary-box a.sentence").is_empty(),
        "the summary is shown"
    );
    assert_eq!(b.find_all(".group").len(), 1, "one group of copies");
    b.screenshot("event");

    b.click("a.compare");
    assert!(
        b.url().contains("/compare?"),
        "on the comparison: {}",
        b.url()
    );
    assert_eq!(b.find_all("section.side").len(), 2);
    assert!(
        !b.find_all("section.side span.shared").is_empty(),
        "shared text is marked"
    );
    assert!(
        !b.find_all("section.side span.changed").is_empty(),
        "edits are marked"
    );
    b.screenshot("compare");
}
