//! Every malformed record kind yields one error entry naming the record, and the good records
//! around it still come out.

use std::io::Write;
use std::path::PathBuf;

use samestory_ingest::{IngestOptions, Reader, discover};

const ARTICLE: &str = "Rebels seize town\n\nRebels seized the town on Monday after a week of fighting, officials said.\n";
const PAGE: &str = r#"<html><head><meta property="og:title" content="Rebels seize town"/></head><body><article>
<p>Rebels seized the town of Example on Monday after a week of fighting, officials said on Tuesday.</p>
<p>The government said it would send reinforcements to the region in the coming days and weeks.</p>
<p>More than a thousand residents fled the fighting, according to aid groups working in the area.</p>
</article></body></html>"#;

struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn gz(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        self.file(name, &e.finish().unwrap())
    }
    /// Reads the corpus: article ids, and (input relative to the corpus, error) pairs.
    fn read(&self, options: IngestOptions) -> (Vec<String>, Vec<(String, String)>) {
        let (files, errors) = discover(&[self.dir.path().to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        let prefix = format!("{}/", self.dir.path().display());
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for r in Reader::new(options).read_all(&files, &|| {}) {
            match r {
                Ok(a) => ok.push(a.id),
                Err(e) => bad.push((e.input.trim_start_matches(&prefix).to_string(), e.error)),
            }
        }
        (ok, bad)
    }
}

fn check(files: &[(&str, Vec<u8>)], expect_ok: &[&str], expect_err: &[(&str, &str)]) {
    let c = Corpus::new();
    c.file("good.txt", ARTICLE.as_bytes());
    for (name, bytes) in files {
        if name.ends_with(".gz") {
            c.gz(name, bytes);
        } else {
            c.file(name, bytes);
        }
    }
    let (ok, bad) = c.read(IngestOptions {
        max_record_bytes: 1 << 20,
    });
    let mut want_ok: Vec<String> = expect_ok.iter().map(|s| s.to_string()).collect();
    want_ok.push("good".into());
    let mut got_ok = ok;
    got_ok.sort();
    want_ok.sort();
    assert_eq!(got_ok, want_ok, "errors: {bad:?}");
    assert_eq!(bad.len(), expect_err.len(), "{bad:?}");
    for ((input, error), (want_input, want_error)) in bad.iter().zip(expect_err) {
        assert_eq!(input, want_input);
        assert!(
            error.contains(want_error),
            "{input}: {error:?} lacks {want_error:?}"
        );
    }
}

#[test]
fn invalid_utf8_beyond_repair() {
    let mut bytes = b"Title\n\n".to_vec();
    bytes.extend(std::iter::repeat_n(0xFFu8, 200));
    check(
        &[("broken.txt", bytes)],
        &[],
        &[("broken.txt", "invalid UTF-8")],
    );
}

#[test]
fn malformed_json_lines_and_wrong_fields() {
    let jsonl = concat!(
        r#"{"id": "a", "title": "T", "text": "Body of a."}"#,
        "\n",
        r#"{"id": "b", "title": "T", "text": "unterminated"#,
        "\n",
        r#"{"id": "c", "title": 7, "text": "Body."}"#,
        "\n",
        r#"[1, 2]"#,
        "\n",
        r#"{"id": "d", "text": ""}"#,
        "\n",
        r#"{"id": "e", "body": "Body of e.", "published": "2019-11-18", "tags": ["x"]}"#,
        "\n",
    );
    check(
        &[("feed.jsonl", jsonl.as_bytes().to_vec())],
        &["a", "e"],
        &[
            ("feed.jsonl:2", "malformed JSON"),
            ("feed.jsonl:3", "field `title`"),
            ("feed.jsonl:4", "not an object"),
            ("feed.jsonl:5", "empty body"),
        ],
    );
}

#[test]
fn truncated_gzip_keeps_the_records_before_it() {
    let mut lines = String::new();
    for i in 0..200 {
        lines.push_str(&format!(
            "{{\"id\": \"r{i}\", \"text\": \"Record number {i} of the feed.\"}}\n"
        ));
    }
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(lines.as_bytes()).unwrap();
    let full = e.finish().unwrap();
    let cut = full[..full.len() * 2 / 3].to_vec();
    let c = Corpus::new();
    c.file("feed.jsonl.gz", &cut);
    let (ok, bad) = c.read(IngestOptions::default());
    assert!(!ok.is_empty() && ok.len() < 200, "{}", ok.len());
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].1.contains("cannot read"), "{bad:?}");
}

#[test]
fn empty_articles() {
    check(
        &[
            ("empty.txt", Vec::new()),
            ("title-only.txt", b"Just a title\n".to_vec()),
        ],
        &[],
        &[
            ("empty.txt", "empty body"),
            ("title-only.txt", "empty body"),
        ],
    );
}

#[test]
fn records_over_the_size_cap() {
    let big = format!("Title\n\n{}", "word ".repeat(300_000)).into_bytes();
    let long_line = format!(
        "{{\"id\": \"x\", \"text\": \"{}\"}}\n{{\"id\": \"y\", \"text\": \"Small.\"}}\n",
        "w".repeat(2 << 20)
    );
    check(
        &[("big.txt", big), ("long.jsonl", long_line.into_bytes())],
        &["y"],
        &[
            ("big.txt", "over the cap"),
            ("long.jsonl:1", "over the cap"),
        ],
    );
}

#[test]
fn html_soup_is_an_article_or_an_error_never_a_panic() {
    let soup = b"<html><body><div><p>Unclosed <b>bold <i>and <table><tr><td>cells</p></div>\x00<<<>>>&&&;</script><p>".to_vec();
    let c = Corpus::new();
    c.file("soup.html", &soup);
    c.file("page.html", PAGE.as_bytes());
    let (ok, bad) = c.read(IngestOptions::default());
    assert!(ok.contains(&"page".to_string()), "{ok:?} {bad:?}");
    assert_eq!(ok.len() + bad.len(), 2);
}

#[test]
fn gzip_html_pages_are_read() {
    let c = Corpus::new();
    c.gz("page.html.gz", PAGE.as_bytes());
    let (ok, bad) = c.read(IngestOptions::default());
    assert_eq!(ok, ["page"], "{bad:?}");
}

fn warc_record(uri: &str, content_type: &str, body: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2019-11-18T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend(http.as_bytes());
    out.extend(b"\r\n\r\n");
    out
}

#[test]
fn warc_responses_become_articles_and_a_truncated_tail_an_error() {
    let mut warc = warc_record("https://example.com/a", "text/html; charset=utf-8", PAGE);
    warc.extend(warc_record(
        "https://example.com/logo.png",
        "image/png",
        "PNGDATA",
    ));
    let good_len = warc.len();
    warc.extend(warc_record("https://example.com/b", "text/html", PAGE));
    let truncated = warc[..good_len + 200].to_vec();
    let c = Corpus::new();
    c.file("crawl.warc", &warc);
    let (ok, bad) = c.read(IngestOptions::default());
    assert_eq!(
        ok,
        ["https://example.com/a", "https://example.com/b"],
        "{bad:?}"
    );

    let c = Corpus::new();
    c.file("cut.warc", &truncated);
    let (ok, bad) = c.read(IngestOptions::default());
    assert_eq!(ok, ["https://example.com/a"], "{bad:?}");
    assert_eq!(bad.len(), 1, "{bad:?}");
}
