//! Durability of `samestory serve`: a writer streams articles while the process is killed with
//! SIGKILL at pseudo-random moments, 50 times; after every restart each article whose write was
//! acknowledged must be there, and at the end the store must open and read cleanly.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use samestory_store::{RedbStore, Store};

const KILLS: usize = 50;
const TOKEN: &str = "kill-test-token";

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Starts the server on a free port over `data`; returns it with its base URL.
fn start(data: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_samestory"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start samestory serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("read the listening line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, base)
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build(),
    )
}

fn article(n: u64) -> serde_json::Value {
    let towns = [
        "Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel",
    ];
    let town = towns[(n % 8) as usize];
    serde_json::json!({
        "id": format!("k{n}"),
        "url": format!("https://kill.example/{n}"),
        "title": format!("{town} council votes on budget item {n}"),
        "text": format!(
            "The {town} council voted on item {n} of the budget on Tuesday.\n\n\
             Members debated the proposal for {} hours before the vote, officials said.\n\n\
             The decision affects {} residents of {town}.",
            n % 7 + 1,
            n * 37 % 1000 + 100
        ),
    })
}

#[test]
fn acknowledged_articles_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut rng = Rng(0x005E_ED0F_5A3E_5702);
    let mut acked: BTreeSet<String> = BTreeSet::new();
    let mut next = 0u64;
    for round in 0..KILLS {
        let (mut child, base) = start(&data);
        // What earlier rounds acknowledged is all there.
        let status: serde_json::Value = agent()
            .get(format!("{base}/api/status"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let stored = status["stored"].as_u64().unwrap();
        assert!(
            stored >= acked.len() as u64,
            "round {round}: {stored} stored, {} acknowledged",
            acked.len()
        );
        // Stream batches of 1-4 articles until the process dies.
        let (tx, rx) = mpsc::channel::<Vec<String>>();
        let first = next;
        let writer = std::thread::spawn(move || {
            let agent = agent();
            let mut n = first;
            let mut sizes = Rng(first + 1);
            loop {
                let batch: Vec<serde_json::Value> =
                    (0..sizes.below(4) + 1).map(|i| article(n + i)).collect();
                let res = agent
                    .post(format!("{base}/api/articles"))
                    .header("Authorization", format!("Bearer {TOKEN}"))
                    .send_json(&batch);
                let Ok(mut res) = res else { return n };
                if res.status() != 200 {
                    panic!(
                        "write refused: {}",
                        res.body_mut().read_to_string().unwrap_or_default()
                    );
                }
                let body: serde_json::Value = res.body_mut().read_json().unwrap();
                let ids = body["accepted"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["id"].as_str().unwrap().to_string())
                    .collect();
                let _ = tx.send(ids);
                n += batch.len() as u64;
            }
        });
        let until = Instant::now() + Duration::from_millis(20 + rng.below(900));
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().expect("SIGKILL the server");
        child.wait().unwrap();
        next = writer.join().expect("the writer ends when the server dies") + 8;
        for ids in rx.try_iter() {
            acked.extend(ids);
        }
    }
    assert!(
        acked.len() > 200,
        "only {} articles acknowledged",
        acked.len()
    );

    // After the last kill: a restart serves every acknowledged article.
    let (mut child, base) = start(&data);
    let agent = agent();
    for id in &acked {
        let res = agent
            .get(format!("{base}/api/articles/{id}"))
            .call()
            .unwrap();
        assert_eq!(res.status(), 200, "acknowledged article {id} is missing");
    }
    child.kill().unwrap();
    child.wait().unwrap();

    // And the store opens clean and every record decodes.
    let store = RedbStore::open(&data.join("store.redb")).expect("the store opens");
    let all = store.articles_from(0).expect("every record decodes");
    let ids: BTreeSet<String> = all.iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids.len(), all.len(), "no article stored twice");
    assert!(acked.is_subset(&ids));
    eprintln!(
        "{KILLS} kills: {} acknowledged, {} stored, 0 lost",
        acked.len(),
        all.len()
    );
}
