//! WARC files (optionally gzip/zstd): HTML `response` records, as in Common Crawl News. The id
//! of an article is the record's `WARC-Target-URI`.

use std::io::Read;
use std::path::Path;

use fastwarc::warc::iter::ArchiveIterator;
use fastwarc::warc::record::{AutoDecode, SharedWarcRecord, WarcRecordType};
use samestory_model::{Locator, Provenance};

use crate::error::IngestError;
use crate::{IngestOptions, Record, decode, html, record_error};

/// A decoded page with its provenance and target URI, or the reason it has none.
type Page = Result<(Provenance, String, String), (Provenance, IngestError)>;

/// Reads every HTML response of a WARC file. A broken stream (a truncated gzip member) ends the
/// file with one error entry; the records before it are kept.
pub fn read(path: &Path, options: &IngestOptions, sink: &mut dyn FnMut(Record)) {
    let input = path.display().to_string();
    let file_provenance = Provenance {
        input: input.clone(),
        locator: Locator::File,
    };
    let iter = match ArchiveIterator::from_path(path) {
        Ok(it) => it.with_decode_http_payload(AutoDecode::All),
        Err(e) => return sink(Err(record_error(&file_provenance, IngestError::Io(e)))),
    };
    for record in iter {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                return sink(Err(record_error(
                    &file_provenance,
                    IngestError::Warc(e.to_string()),
                )));
            }
        };
        let page = record.with_mut(|r| -> Option<Page> {
            if r.record_type() != WarcRecordType::Response {
                return None;
            }
            let uri = r
                .headers()
                .get("WARC-Target-URI")
                .map(|u| u.trim_matches(['<', '>']).to_string())?;
            let provenance = Provenance {
                input: input.clone(),
                locator: Locator::WarcRecord {
                    offset: r.stream_pos(),
                    record_id: r.record_id().map(|s| s.to_string()).unwrap_or_default(),
                },
            };
            let ctype = r
                .http_content_type()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !ctype.is_empty() && !ctype.contains("html") {
                return None;
            }
            let charset = r.http_charset().map(|c| c.to_string());
            let cap = options.max_record_bytes;
            let reader = r.reader_mut()?;
            let mut bytes = Vec::new();
            if let Err(e) = reader.take(cap as u64 + 1).read_to_end(&mut bytes) {
                return Some(Err((provenance, IngestError::Io(e))));
            }
            if bytes.len() > cap {
                return Some(Err((
                    provenance,
                    IngestError::TooLarge {
                        size: r.content_length(),
                        cap,
                    },
                )));
            }
            Some(match decode::html(&bytes, charset.as_deref()) {
                Ok(text) => Ok((provenance, uri, text)),
                Err(e) => Err((provenance, e)),
            })
        });
        match page {
            None => {}
            Some(Err((p, e))) => sink(Err(record_error(&p, e))),
            Some(Ok((provenance, uri, text))) => sink(
                html::extract(&text, Some(&uri))
                    .map(|x| html::to_article(uri, x, provenance.clone()))
                    .map_err(|e| record_error(&provenance, e)),
            ),
        }
    }
}
