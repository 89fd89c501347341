//! Request bodies to raw articles: JSON (one object, an array, or JSON Lines), one raw HTML page,
//! or uploaded files of any input format (plain text, JSONL, HTML, WARC, compressed or not).
//!
//! Every record gives an article or a [`RecordError`] naming it; one bad record never stops the
//! others. Articles without an id are named by their URL, else by a hash of their content, so
//! that sending the same thing twice is recognised.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use samestory_ingest::{IngestOptions, Reader, discover, html, jsonl};
use samestory_model::{Locator, Provenance, RawArticle, RecordError};
use serde_json::Value;
use xxhash_rust::xxh3::xxh3_64;

use crate::error::ApiError;

/// What one request body gave.
pub type Records = Vec<Result<RawArticle, RecordError>>;

fn record_error(provenance: &Provenance, error: impl std::fmt::Display) -> RecordError {
    RecordError {
        input: provenance.to_string(),
        error: error.to_string(),
    }
}

/// Articles from a JSON body: one object, an array of objects, or one object per line.
pub fn from_json(body: &[u8]) -> Result<Records, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8: {e}")))?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("the body is empty"));
    }
    let at = |locator| Provenance {
        input: "request".into(),
        locator,
    };
    let values: Vec<(Provenance, Result<Value, String>)> = match serde_json::from_str::<Value>(text)
    {
        Ok(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    at(Locator::Member {
                        name: format!("[{i}]"),
                    }),
                    Ok(v),
                )
            })
            .collect(),
        Ok(v) => vec![(at(Locator::File), Ok(v))],
        // Not one JSON value: JSON Lines, if every non-blank line starts an object.
        Err(e) => {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .collect();
            if lines.len() < 2 || !lines.iter().all(|(_, l)| l.trim_start().starts_with('{')) {
                return Err(ApiError::bad_request(format!("the body is not JSON: {e}")));
            }
            lines
                .into_iter()
                .map(|(n, l)| {
                    let p = at(Locator::Line { line: n as u64 + 1 });
                    (p, serde_json::from_str(l).map_err(|e| e.to_string()))
                })
                .collect()
        }
    };
    Ok(values
        .into_iter()
        .map(|(p, v)| {
            let v = v.map_err(|e| record_error(&p, e))?;
            let fallback = fallback_id(&v);
            jsonl::parse_value(v, &p, || fallback).map_err(|e| record_error(&p, e))
        })
        .collect())
}

/// The id of a JSON article that has none: its URL, else a hash of the object.
fn fallback_id(v: &Value) -> String {
    match v.get("url").and_then(Value::as_str) {
        Some(u) if !u.trim().is_empty() => u.trim().to_string(),
        _ => format!("json-{:016x}", xxh3_64(v.to_string().as_bytes())),
    }
}

/// One article from a raw HTML page. `url` is where it was fetched from; `id` defaults to the
/// page's URL (canonical, Open Graph or `url`), else a hash of the page.
pub fn from_html(
    body: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    id: Option<&str>,
) -> Result<RawArticle, ApiError> {
    let provenance = Provenance {
        input: url.unwrap_or("request").to_string(),
        locator: Locator::File,
    };
    let unprocessable = |e: &dyn std::fmt::Display| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("no article in the page: {e}"),
        )
    };
    let page = samestory_ingest::decode::html(body, charset).map_err(|e| unprocessable(&e))?;
    let extracted = html::extract(&page, url).map_err(|e| unprocessable(&e))?;
    let id = match (id, &extracted.url) {
        (Some(id), _) if !id.trim().is_empty() => id.trim().to_string(),
        (_, Some(u)) => u.clone(),
        _ => format!("html-{:016x}", xxh3_64(body)),
    };
    Ok(html::to_article(id, extracted, provenance))
}

static SPOOLED: AtomicU64 = AtomicU64::new(0);

/// Articles from one uploaded file, read by its name's extension (or its content) like a file
/// given to `samestory run`. The file passes through `spool` and is removed after reading.
pub fn from_file(spool: &Path, name: &str, bytes: &[u8], options: IngestOptions) -> Records {
    let shown = format!("upload:{name}");
    let fail = |e: &dyn std::fmt::Display| {
        vec![Err(RecordError {
            input: shown.clone(),
            error: e.to_string(),
        })]
    };
    // Keep the base name (it gives text files their id) and nothing that could leave the spool.
    let base: String = Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("upload")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir: PathBuf = spool.join(format!(
        "{}-{}",
        std::process::id(),
        SPOOLED.fetch_add(1, Ordering::Relaxed)
    ));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(&e);
    }
    let path = dir.join(if base.is_empty() {
        "upload".into()
    } else {
        base
    });
    let out = match std::fs::write(&path, bytes) {
        Err(e) => fail(&e),
        Ok(()) => {
            let (files, errors) = discover(std::slice::from_ref(&path));
            let mut out: Records = errors.into_iter().map(Err).collect();
            let reader = Reader::new(options);
            for (file, format) in files {
                reader.read_file(&file, format, &mut |r| out.push(r));
            }
            let inside = path.display().to_string();
            for r in &mut out {
                match r {
                    Ok(a) => a.provenance.input = shown.clone(),
                    Err(e) => e.input = e.input.replacen(&inside, &shown, 1),
                }
            }
            out
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    out
}
