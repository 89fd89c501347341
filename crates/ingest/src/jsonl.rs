//! JSON Lines articles: one object per line with `id`, `title`, `text` (or `body`/`content`),
//! `url`, `source`, `published`; other fields are kept as metadata. A record without a title
//! takes its first line as one when that line reads like a headline (see [`crate::txt::headline_split`]).

use std::io::{BufRead, Read};
use std::path::Path;

use samestory_model::{Locator, Provenance, RawArticle};
use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::time::parse_time;
use crate::{IngestOptions, Record, decode, record_error};

const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];
const TIME_FIELDS: [&str; 4] = ["published", "date", "published_at", "time"];

/// Reads every line of a JSONL file; a read error (a truncated gzip stream, say) ends the file
/// with one error entry after the records already read.
pub fn read(path: &Path, options: &IngestOptions, sink: &mut dyn FnMut(Record)) {
    let input = path.display().to_string();
    let at = |line: u64| Provenance {
        input: input.clone(),
        locator: Locator::Line { line },
    };
    let mut reader = match decode::open(path) {
        Ok(r) => r,
        Err(e) => {
            return sink(Err(record_error(
                &Provenance {
                    input: input.clone(),
                    locator: Locator::File,
                },
                e,
            )));
        }
    };
    let cap = options.max_record_bytes;
    let mut buf = Vec::new();
    for line_no in 1u64.. {
        buf.clear();
        let n = match (&mut reader)
            .take(cap as u64 + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) => return sink(Err(record_error(&at(line_no), IngestError::Io(e)))),
        };
        if n > cap && buf.last() != Some(&b'\n') {
            // Skip the rest of the over-long line.
            let mut skipped = n as u64;
            loop {
                buf.clear();
                match (&mut reader).take(1 << 20).read_until(b'\n', &mut buf) {
                    Ok(0) => break,
                    Ok(m) => {
                        skipped += m as u64;
                        if buf.last() == Some(&b'\n') {
                            break;
                        }
                    }
                    Err(e) => return sink(Err(record_error(&at(line_no), IngestError::Io(e)))),
                }
            }
            sink(Err(record_error(
                &at(line_no),
                IngestError::TooLarge { size: skipped, cap },
            )));
            continue;
        }
        let line = buf.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let provenance = at(line_no);
        sink(parse_line(line, &provenance, path).map_err(|e| record_error(&provenance, e)));
    }
}

/// Parses one JSON line into an article.
pub fn parse_line(
    line: &[u8],
    provenance: &Provenance,
    path: &Path,
) -> Result<RawArticle, IngestError> {
    let text = decode::utf8(line)?;
    let value: Value = serde_json::from_str(&text)?;
    let fallback_id = || match &provenance.locator {
        Locator::Line { line } => format!("{}:{line}", crate::txt::stem(path)),
        _ => crate::txt::stem(path),
    };
    parse_value(value, provenance, fallback_id)
}

/// Turns one JSON object into an article; `fallback_id` names it when it has no `id`. The
/// fields are those of a JSONL line (see the module documentation).
pub fn parse_value(
    value: Value,
    provenance: &Provenance,
    fallback_id: impl FnOnce() -> String,
) -> Result<RawArticle, IngestError> {
    let Value::Object(mut map) = value else {
        return Err(IngestError::NotAnObject);
    };
    let id = match map.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => fallback_id(),
        Some(other) => {
            return Err(IngestError::Field {
                field: "id",
                reason: format!("expected a string or number, got {other}"),
            });
        }
    };
    let body = TEXT_FIELDS
        .iter()
        .find_map(|f| take_string(&mut map, f).transpose())
        .transpose()?
        .unwrap_or_default();
    if body.trim().is_empty() {
        return Err(IngestError::EmptyBody);
    }
    let title = take_string(&mut map, "title")?.unwrap_or_default();
    let (title, body) = if title.trim().is_empty() {
        crate::txt::headline_split(body)
    } else {
        (title, body)
    };
    let url = take_string(&mut map, "url")?;
    let source = take_string(&mut map, "source")?;
    let language = take_string(&mut map, "language")?.or(take_string(&mut map, "lang")?);
    let mut published = None;
    for f in TIME_FIELDS {
        if let Some(v) = map.remove(f) {
            let t = match &v {
                Value::String(s) => parse_time(s),
                Value::Number(n) => n
                    .as_i64()
                    .and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
                _ => None,
            };
            match t {
                Some(t) => {
                    published = Some(t);
                    break;
                }
                None => {
                    return Err(IngestError::Field {
                        field: "published",
                        reason: format!("cannot parse {v} as a time"),
                    });
                }
            }
        }
    }
    Ok(RawArticle {
        id,
        title: title.trim().to_string(),
        text: body,
        url,
        source,
        published,
        language,
        metadata: map,
        provenance: provenance.clone(),
    })
}

fn take_string(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, IngestError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(IngestError::Field {
            field,
            reason: format!("expected a string, got {}", kind(&other)),
        }),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    fn split(body: &str) -> (String, String) {
        crate::txt::headline_split(body.to_string())
    }

    #[test]
    fn a_headline_first_line_becomes_the_title() {
        let (t, b) = split(
            "Indian navy foils pirate attack\nThe navy said on Saturday it had captured 23 pirates.",
        );
        assert_eq!(t, "Indian navy foils pirate attack");
        assert_eq!(b, "The navy said on Saturday it had captured 23 pirates.");
    }

    #[test]
    fn a_sentence_or_a_lone_line_is_not_a_title() {
        let body = "The navy captured 23 pirates.\nThey were handed to the police.";
        assert_eq!(split(body), (String::new(), body.to_string()));
        assert_eq!(
            split("Only one line"),
            (String::new(), "Only one line".to_string())
        );
    }

    #[test]
    fn a_dateline_stays_in_the_body() {
        let (t, b) = split("April 27,2009\nObama overturns Bush rule\nThe rule was reversed.");
        assert_eq!(t, "Obama overturns Bush rule");
        assert_eq!(b, "April 27,2009\nThe rule was reversed.");
    }
}
