//! Finding input files and their formats: by extension, or by content for explicitly named
//! files with an unknown extension. Directories are walked recursively, in sorted order.

use std::io::Read;
use std::path::{Path, PathBuf};

use samestory_model::RecordError;
use walkdir::WalkDir;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One article: first non-empty line the title, the rest the body.
    Text,
    /// One JSON article per line.
    Jsonl,
    /// One web page.
    Html,
    /// A WARC file of web pages.
    Warc,
}

/// The format named by a file's extensions (`.jsonl.gz` is JSONL), if any.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "txt" | "text" => Format::Text,
        "jsonl" | "ndjson" => Format::Jsonl,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" | "arc" => Format::Warc,
        _ => return None,
    })
}

/// Guesses the format from the first bytes of a file.
fn sniff(path: &Path) -> Option<Format> {
    let mut head = [0u8; 512];
    let n = crate::decode::open(path).ok()?.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    let lower = t.to_ascii_lowercase();
    Some(if t.starts_with("WARC/") {
        Format::Warc
    } else if t.starts_with('{') {
        Format::Jsonl
    } else if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with('<')
    {
        Format::Html
    } else {
        Format::Text
    })
}

/// Expands `inputs` into files with formats. Files inside directories are taken only when
/// their extension names a format; files named directly are sniffed when it does not.
/// Inputs that do not exist become errors.
pub fn discover(inputs: &[PathBuf]) -> (Vec<(PathBuf, Format)>, Vec<RecordError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in WalkDir::new(input).sort_by_file_name().follow_links(true) {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        if let Some(f) = format_of(e.path()) {
                            files.push((e.into_path(), f));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(RecordError {
                        input: e.path().unwrap_or(input).display().to_string(),
                        error: format!("cannot walk: {e}"),
                    }),
                }
            }
        } else if input.is_file() {
            match format_of(input).or_else(|| sniff(input)) {
                Some(f) => files.push((input.clone(), f)),
                None => errors.push(RecordError {
                    input: input.display().to_string(),
                    error: "cannot read the start of the file to tell its format".into(),
                }),
            }
        } else {
            errors.push(RecordError {
                input: input.display().to_string(),
                error: "no such file or directory".into(),
            });
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_last_real_extension() {
        let f = |s: &str| format_of(Path::new(s));
        assert_eq!(f("a/b.jsonl.gz"), Some(Format::Jsonl));
        assert_eq!(f("x.html.gz"), Some(Format::Html));
        assert_eq!(f("crawl.warc.zst"), Some(Format::Warc));
        assert_eq!(f("000_seed.txt"), Some(Format::Text));
        assert_eq!(f("EXPECTED.md"), None);
    }
}
