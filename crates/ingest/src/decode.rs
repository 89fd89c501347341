//! Bytes to text: decompression by extension with a size cap, and character decoding that
//! repairs a few bad bytes but refuses text that is mostly undecodable.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::error::IngestError;

/// Most undecodable bytes tolerated, as a share of the record, before it is refused.
const MAX_BAD_SHARE: f64 = 0.01;

/// Compression of a file, from its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("gz") | Some("gzip") => Compression::Gzip,
            Some("zst") | Some("zstd") => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// Opens `path` as a buffered reader of its decompressed bytes.
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, IngestError> {
    let file = BufReader::new(File::open(path)?);
    Ok(match Compression::of(path) {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(file))),
        Compression::Zstd => Box::new(BufReader::new(zstd::stream::read::Decoder::with_buffer(
            file,
        )?)),
    })
}

/// Reads a whole (decompressed) file, refusing more than `cap` bytes.
pub fn read_capped(path: &Path, cap: usize) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    open(path)?.take(cap as u64 + 1).read_to_end(&mut buf)?;
    if buf.len() > cap {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(buf.len() as u64);
        return Err(IngestError::TooLarge {
            size: size.max(buf.len() as u64),
            cap,
        });
    }
    Ok(buf)
}

/// Decodes UTF-8 (dropping a BOM), repairing at most 1% undecodable bytes with U+FFFD.
pub fn utf8(bytes: &[u8]) -> Result<String, IngestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let first = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.matches('\u{FFFD}').count();
            if bad as f64 > MAX_BAD_SHARE * bytes.len() as f64 {
                return Err(IngestError::InvalidUtf8 {
                    bad,
                    total: bytes.len(),
                    first,
                });
            }
            Ok(lossy.into_owned())
        }
    }
}

/// Decodes an HTML page: the declared charset (HTTP header or `<meta>`) when known and not
/// UTF-8, otherwise UTF-8 with repair.
pub fn html(bytes: &[u8], declared: Option<&str>) -> Result<String, IngestError> {
    let label = declared.map(str::to_string).or_else(|| meta_charset(bytes));
    if let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
        && enc != encoding_rs::UTF_8
    {
        let (text, _, _) = enc.decode(bytes);
        return Ok(text.into_owned());
    }
    utf8(bytes)
}

/// The charset of a `<meta charset>` or `http-equiv` tag in the first 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head[at..].trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    (end > 0).then(|| rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_bad_bytes_are_repaired_many_are_refused() {
        let mut ok = "word ".repeat(100).into_bytes();
        ok.push(0xFF);
        assert!(utf8(&ok).unwrap().ends_with('\u{FFFD}'));
        let bad = vec![0xFFu8; 50];
        assert!(matches!(utf8(&bad), Err(IngestError::InvalidUtf8 { .. })));
    }

    #[test]
    fn declared_charset_is_honoured() {
        let page = b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(html(page, None).unwrap().contains("Привет"));
    }
}
