//! Helpers shared by the CLI tests: the binary, the shared data folder, skipping politely.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared` beside the checkout, if present.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.is_dir()
        .then(|| p.canonicalize().expect("canonical shared path"))
}

/// A path under `../shared`, or `None` after printing why the test is skipped.
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    match shared().map(|s| s.join(rel)).filter(|p| p.exists()) {
        Some(p) => Some(p),
        None => {
            eprintln!("SKIPPED: ../shared/{rel} is absent");
            None
        }
    }
}

/// Runs the `samestory` binary with `args`, asserting success.
pub fn samestory(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_samestory"))
        .args(args)
        .output()
        .expect("run samestory");
    assert!(
        out.status.success(),
        "samestory {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
