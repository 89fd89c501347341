//! HTML pages: main-content extraction with `trafilatura`, `dom_smoothie` (readability) as the
//! fallback, and page metadata (Open Graph and `article:` tags) for title, source, url and time.
//!
//! Both extractors run inside `catch_unwind`: a panic on a malformed page becomes that page's
//! error and the run goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use samestory_model::{Locator, Provenance, RawArticle};
use samestory_text::{boilerplate, paragraphs_of};

use crate::error::IngestError;
use crate::time::parse_time;
use crate::{IngestOptions, Record, decode, record_error};

/// What extraction found on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: String,
    pub text: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub language: Option<String>,
    /// Which extractor produced `text`.
    pub extractor: &'static str,
}

/// A `<meta>` or `<link>` tag; quoted attribute values may hold `>`.
static HEAD_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<(meta|link)\s(?:[^>"']|"[^"]*"|'[^']*')*>"#).expect("valid regex")
});
/// One attribute of a tag: its name, and its value in double, single or no quotes.
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .expect("valid regex")
});
/// A start tag written as self-closing (`<iframe src="..."/>`); quoted values may hold `>`.
static SELF_CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<([A-Za-z][A-Za-z0-9-]*)((?:\s(?:[^>"'/]|"[^"]*"|'[^']*'|/[^>])*)?)/>"#)
        .expect("valid regex")
});
/// An `<address>` element: the contact details of its article (in news pages its date line
/// and byline), never the article's text.
static ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<address\b.*?</address\s*>").expect("valid regex"));

/// Elements that have no content in HTML, for which `/>` means what it says.
const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "basefont",
];

/// Closes elements that the page wrote as self-closing but that HTML parses as opened: to an
/// HTML parser `<iframe .../>` starts an iframe whose raw text runs to the end of the page,
/// and `<a href=".."/>` a link that every later paragraph re-opens. Pages written as XHTML do
/// this (a tenth of the Telegram contest pages hold an `<iframe/>`, a fifth an `<a/>`), and
/// the extractors then saw one paragraph of escaped markup, or an article made of link text.
/// Void elements (`<br/>`, `<img/>`) are left as they are; SVG and MathML, where `/>` does
/// close, come out the same, as an empty element either way.
fn close_self_closing(html: &str) -> std::borrow::Cow<'_, str> {
    SELF_CLOSING.replace_all(html, |c: &regex::Captures<'_>| {
        let name = &c[1];
        if VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            c[0].to_string()
        } else {
            format!("<{name}{}></{name}>", c[2].trim_end())
        }
    })
}

static HTML_LANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<html\s[^>]*?lang\s*=\s*["']([A-Za-z]{2,3})"#).expect("valid regex")
});

/// The attributes of a tag, names lower-cased, values as written (see [`unescape`]).
fn attributes(tag: &str) -> Vec<(String, &str)> {
    ATTRIBUTE
        .captures_iter(tag)
        .map(|c| {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), value)
        })
        .collect()
}

/// The `<head>` metadata samestory uses, in page order: `<meta>` values by their `property`,
/// `name` or `itemprop` (lower-cased), and the canonical address as `canonical`.
fn head_meta(html: &str) -> Vec<(String, String)> {
    let head_end = html.find("</head>").unwrap_or(html.len().min(200_000));
    let mut cut = head_end.min(html.len());
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    HEAD_TAG
        .captures_iter(&html[..cut])
        .filter_map(|c| {
            let attrs = attributes(&c[0]);
            let get = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
            if c[1].eq_ignore_ascii_case("link") {
                let canonical = get("rel")?
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"));
                return canonical
                    .then(|| get("href"))
                    .flatten()
                    .map(|href| ("canonical".to_string(), unescape(href)));
            }
            let key = ["property", "name", "itemprop"].into_iter().find_map(get)?;
            Some((key.to_ascii_lowercase(), unescape(get("content")?)))
        })
        .collect()
}

/// Decodes character references (`&amp;`, `&#8217;`, `&eacute;`) and trims.
fn unescape(s: &str) -> String {
    html_escape::decode_html_entities(s).trim().to_string()
}

fn first<'a>(meta: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        meta.iter()
            .find(|(name, v)| name == k && !v.is_empty())
            .map(|(_, v)| v.as_str())
    })
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Host of a URL, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host
        .split(':')
        .next()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// Below this many words outside page furniture an extraction is taken as a miss (a date line,
/// a photo caption) and the next extractor is tried.
const MIN_ARTICLE_WORDS: usize = 20;

/// Words in paragraphs that are not page furniture, less a copy of the title at the top: what
/// a reader would call the article.
fn content_words(text: &str, title: &str) -> usize {
    let title = title.trim();
    paragraphs_of(text)
        .iter()
        .enumerate()
        .filter(|(_, p)| boilerplate::classify(p).is_none())
        .map(|(i, p)| match p.strip_prefix(title) {
            Some(rest) if i == 0 && !title.is_empty() => rest.split_whitespace().count(),
            _ => p.split_whitespace().count(),
        })
        .sum()
}

/// Metadata that describes a page in a sentence or two, in order of preference.
const DESCRIPTION: &[&str] = &["og:description", "twitter:description", "description"];

/// The extractors, in order of preference.
#[derive(Debug, Clone, Copy)]
enum Extractor {
    /// trafilatura with the given focus, its own readability fallback and no comments.
    /// Precision focus scored best of its modes on the 181-page benchmark (F1 0.968 against
    /// 0.952 for the defaults), but on some pages it keeps only a date line; balanced focus
    /// is tried next.
    Trafilatura(trafilatura::ExtractionFocus),
    /// dom_smoothie (readability.js).
    Readability,
}

const CASCADE: [Extractor; 3] = [
    Extractor::Trafilatura(trafilatura::ExtractionFocus::FavorPrecision),
    Extractor::Trafilatura(trafilatura::ExtractionFocus::Balanced),
    Extractor::Readability,
];

/// The text of an extracted HTML fragment, one line per block (paragraph, heading, list item,
/// table row): the extractors' own plain text runs every block into one line, losing the
/// paragraphs that boilerplate removal, passages and summaries work on.
fn block_text(fragment: &str) -> String {
    dom_query::Document::fragment(fragment)
        .root()
        .formatted_text()
        .to_string()
}

/// Runs one extractor inside `catch_unwind`; the error says what failed or panicked.
fn attempt(extractor: Extractor, html: &str, url_hint: Option<&str>) -> Result<Extracted, String> {
    let caught = catch_unwind(AssertUnwindSafe(|| match extractor {
        Extractor::Trafilatura(focus) => {
            let opts = trafilatura::Options::default()
                .with_fallback(true)
                .with_exclude_comments(true)
                .with_focus(focus);
            trafilatura::extract(html, &opts)
                .map(|r| Extracted {
                    text: block_text(&r.content_html),
                    title: r.metadata.title,
                    source: Some(r.metadata.sitename).filter(|s| !s.is_empty()),
                    url: Some(r.metadata.url).filter(|s| !s.is_empty()),
                    language: Some(r.metadata.language).filter(|s| !s.is_empty()),
                    published: r
                        .metadata
                        .date
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|t| t.and_utc()),
                    extractor: "trafilatura",
                })
                .map_err(|e| format!("trafilatura: {e}"))
        }
        Extractor::Readability => dom_smoothie::Readability::new(html, url_hint, None)
            .and_then(|mut r| r.parse())
            .map(|a| Extracted {
                text: block_text(&a.content),
                title: a.title.to_string(),
                source: a.site_name.map(|s| s.to_string()),
                url: None,
                language: a.lang.map(|l| l.to_string()),
                published: a.published_time.as_deref().and_then(parse_time),
                extractor: "dom_smoothie",
            })
            .map_err(|e| format!("dom_smoothie: {e}")),
    }));
    match caught {
        Ok(Ok(x)) if x.text.trim().is_empty() => Err(format!("{}: no text", x.extractor)),
        Ok(r) => r,
        Err(p) => Err(format!("{extractor:?} panicked: {}", panic_message(p))),
    }
}

/// Extracts the article of one page. `url_hint` is the address the page was fetched from.
///
/// Extractors run in `CASCADE` order until one yields `MIN_ARTICLE_WORDS` of content (see
/// `content_words`). When none does, the publisher's description of the page (`og:description`,
/// `twitter:description`, `description`) stands for the article if it holds at least as many
/// words as the best extraction, which is kept otherwise: a page whose body did not load keeps
/// only its title, a date line and a notice such as "no news found", and those would otherwise
/// be its text. When there is neither, the page is an error (a panic if one panicked).
pub fn extract(html: &str, url_hint: Option<&str>) -> Result<Extracted, IngestError> {
    let html = &*close_self_closing(html);
    let html = &*ADDRESS.replace_all(html, "");
    let meta = head_meta(html);
    let page_title = first(&meta, &["og:title", "twitter:title"]);
    let mut best: Option<(usize, Extracted)> = None;
    let mut failures: Vec<String> = Vec::new();
    for extractor in CASCADE {
        match attempt(extractor, html, url_hint) {
            Ok(x) => {
                let words = content_words(&x.text, page_title.unwrap_or(&x.title));
                if best.as_ref().is_none_or(|(w, _)| words > *w) {
                    best = Some((words, x));
                }
                if words >= MIN_ARTICLE_WORDS {
                    break;
                }
            }
            Err(e) => failures.push(e),
        }
    }
    if let Some(d) = first(&meta, DESCRIPTION) {
        let words = content_words(d, page_title.unwrap_or(""));
        let says_more = |&(w, _): &(usize, _)| w < MIN_ARTICLE_WORDS && words >= w;
        if words > 0 && best.as_ref().is_none_or(says_more) {
            let x = best.take().map(|(_, x)| x).unwrap_or_default();
            let text = d.to_string();
            best = Some((
                words,
                Extracted {
                    text,
                    extractor: "description",
                    ..x
                },
            ));
        }
    }
    let Some((_, mut out)) = best else {
        let why = failures.join("; ");
        return Err(if why.contains("panicked") {
            IngestError::Panic(why)
        } else {
            IngestError::Extraction(why)
        });
    };
    // Open Graph and article tags are the publisher's own statement; prefer them.
    if let Some(t) = page_title {
        out.title = t.to_string();
    }
    if let Some(u) = first(&meta, &["og:url", "canonical"]) {
        out.url = Some(u.to_string());
    }
    if out.url.is_none() {
        out.url = url_hint.map(str::to_string);
    }
    if let Some(s) = first(&meta, &["og:site_name", "application-name"]) {
        out.source = Some(s.to_string());
    }
    if out.source.is_none() {
        out.source = out.url.as_deref().and_then(host);
    }
    if let Some(t) = first(
        &meta,
        &[
            "article:published_time",
            "datepublished",
            "pubdate",
            "date",
            "dc.date.issued",
        ],
    )
    .and_then(parse_time)
    {
        out.published = Some(t);
    }
    if out.language.is_none() {
        out.language = HTML_LANG.captures(html).map(|c| c[1].to_ascii_lowercase());
    }
    out.language = out
        .language
        .map(|l| {
            l.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| !l.is_empty());
    Ok(out)
}

/// Turns extracted content into a raw article.
pub fn to_article(id: String, x: Extracted, provenance: Provenance) -> RawArticle {
    let mut metadata = serde_json::Map::new();
    metadata.insert("extractor".into(), x.extractor.into());
    RawArticle {
        id,
        title: x.title,
        text: x.text,
        url: x.url,
        source: x.source,
        published: x.published,
        language: x.language,
        metadata,
        provenance,
    }
}

/// Reads one `.html` / `.htm` file (optionally gzip- or zstd-compressed); the id is its stem.
pub fn read_file(path: &Path, options: &IngestOptions) -> Record {
    let provenance = Provenance {
        input: path.display().to_string(),
        locator: Locator::File,
    };
    let result = decode::read_capped(path, options.max_record_bytes)
        .and_then(|bytes| decode::html(&bytes, None))
        .and_then(|html| extract(&html, None));
    match result {
        Ok(x) => Ok(to_article(crate::txt::stem(path), x, provenance)),
        Err(e) => Err(record_error(&provenance, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head>
        <meta property="og:url" content="https://news.example.com/a/1"/>
        <meta property="og:site_name" content="Example News"/>
        <meta property="article:published_time" content="2019-11-18T09:30:00+03:00"/>
        <meta property="og:title" content="Rebels seize the town of Example"/>
        </head><body><nav>Home | World | Sport</nav><article><h1>Rebels seize the town of Example</h1>
        <p>Rebels seized the town of Example on Monday after a week of fighting, officials said.</p>
        <p>The government said it would send reinforcements to the region in the coming days.</p>
        <p>More than a thousand residents fled the fighting, according to aid groups working there.</p>
        </article><footer>Copyright 2019 Example News</footer></body></html>"#;

    #[test]
    fn metadata_and_main_text_come_out() {
        let x = extract(PAGE, None).unwrap();
        assert_eq!(x.title, "Rebels seize the town of Example");
        assert_eq!(x.source.as_deref(), Some("Example News"));
        assert_eq!(x.url.as_deref(), Some("https://news.example.com/a/1"));
        assert_eq!(
            x.published.unwrap().to_rfc3339(),
            "2019-11-18T06:30:00+00:00"
        );
        assert_eq!(x.language.as_deref(), Some("en"));
        assert!(x.text.contains("Rebels seized the town"), "{}", x.text);
        assert!(!x.text.contains("Copyright"), "{}", x.text);
    }

    #[test]
    fn each_paragraph_of_the_page_is_a_line() {
        for extractor in CASCADE {
            let x = attempt(extractor, PAGE, None).unwrap();
            let lines: Vec<&str> = x.text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(
                lines.ends_with(&[
                    "Rebels seized the town of Example on Monday after a week of fighting, officials said.",
                    "The government said it would send reinforcements to the region in the coming days.",
                    "More than a thousand residents fled the fighting, according to aid groups working there.",
                ]),
                "{extractor:?}: {lines:?}"
            );
        }
    }

    /// The shape of the contest pages on which precision focus kept only the date line.
    const DATE_LINE_PAGE: &str = r#"<html><head><meta property="og:title" content="Maker unveils a new mixing desk"/></head>
        <body><article><h1>Maker unveils a new mixing desk</h1>
        <address><time datetime="2019-11-18T11:28:38+00:00">18 Nov 2019, 11:28</time> by <a rel="author" href="/a">A Writer</a></address>
        <h3>Maker unveils a new mixing desk</h3>
        <figure><iframe src="https://video.example/embed/x" width="640" height="360"/></figure>
        <p><b>After </b><a href="/b"><u><b>months of hints</b></u></a><b>, the company has released a slim digital console.</b></p>
        <p>It is said to have been thirty years in the making, and offers a large touch screen with channel editing controls.</p>
        <p>The desk can work as a forty-eight channel audio interface and as a remote controller for recording software.</p>
        <p>Other features include a separate control section, an effects rack with eight stereo processors and expansion slots.</p>
        </article></body></html>"#;

    #[test]
    fn a_date_line_alone_does_not_pass_for_the_article() {
        let x = extract(DATE_LINE_PAGE, None).unwrap();
        let words = content_words(&x.text, &x.title);
        assert!(words >= MIN_ARTICLE_WORDS, "{words} words: {:?}", x.text);
        assert!(x.text.contains("thirty years in the making"), "{}", x.text);
    }

    /// A page whose body did not load: its title, a date line with a byline, and a notice.
    fn bodiless_page(description: &str) -> String {
        format!(
            r#"<html><head><meta property="og:title" content="Stocks close the day at a record high"/>
            {description}</head><body><article><h1>Stocks close the day at a record high</h1>
            <address><time datetime="2019-11-18T10:54:21+00:00">18 Nov 2019, 10:54</time> by
            <a rel="author">News Desk, Wires</a></address><p>No news items were found.</p>
            </article></body></html>"#
        )
    }

    #[test]
    fn a_page_whose_body_did_not_load_reads_as_its_description() {
        let x = extract(
            &bodiless_page(
                r#"<meta property="og:description" content="The main index opened the week 0.5% higher and reached its highest level of the year."/>"#,
            ),
            None,
        )
        .unwrap();
        assert_eq!(x.extractor, "description");
        assert_eq!(
            x.text,
            "The main index opened the week 0.5% higher and reached its highest level of the year."
        );
        assert_eq!(x.title, "Stocks close the day at a record high");
        // Without a description, the best extraction is all there is.
        let x = extract(&bodiless_page(""), None).unwrap();
        assert_ne!(x.extractor, "description");
        assert!(x.text.contains("No news items were found."), "{}", x.text);
    }

    #[test]
    fn the_title_at_the_top_of_the_text_is_not_article_text() {
        let text = "Rebels seize the town\n\nRebels seize the town of Example, officials said.";
        assert_eq!(content_words(text, "Rebels seize the town"), 8);
        assert_eq!(content_words(text, ""), 12);
        assert_eq!(
            content_words("Rebels seize the town 18 Nov 2019", "Rebels seize the town"),
            3
        );
    }

    #[test]
    fn elements_written_as_self_closing_do_not_swallow_the_page() {
        // The Telegram contest pages: an `<iframe/>` before the text, `<a/>` links within it.
        let page = PAGE
            .replace(
                "<p>Rebels seized",
                r#"<figure><iframe src="https://www.youtube.com/embed/x" width="640"/></figure>
                <p>Rebels seized"#,
            )
            .replace(
                "in the coming days.",
                r#"in the <a href="/days"/>coming days."#,
            );
        let x = extract(&page, None).unwrap();
        assert!(
            !x.text.contains("&lt;") && !x.text.contains('<'),
            "{}",
            x.text
        );
        let paragraphs = paragraphs_of(&x.text);
        assert!(
            paragraphs
                .iter()
                .any(|p| p.ends_with("in the coming days.")),
            "{paragraphs:?}"
        );
        assert!(paragraphs.len() >= 3, "{paragraphs:?}");
        assert_eq!(
            close_self_closing(
                r#"<p>a<br/>b<img src="x.png" /><a href="/y"/><iframe src="z"/></p>"#
            ),
            r#"<p>a<br/>b<img src="x.png" /><a href="/y"></a><iframe src="z"></iframe></p>"#
        );
        assert_eq!(
            close_self_closing(r#"<video title="a/b" src='c>d'/>"#),
            r#"<video title="a/b" src='c>d'></video>"#
        );
    }

    #[test]
    fn the_address_block_is_not_article_text() {
        // The Telegram contest pages put date and author in an `<address>` under the title.
        let address = r#"<address><time datetime="2019-11-18T09:30:00+03:00">18 Nov 2019, 09:30</time> by <a rel="author" href="/u/jo">Jo Smith</a></address>"#;
        let page = PAGE.replace("</h1>", &format!("</h1>{address}"));
        let x = extract(&page, None).unwrap();
        assert!(x.text.contains("Rebels seized the town"), "{}", x.text);
        assert!(
            !x.text.contains("Nov 2019") && !x.text.contains("Jo Smith"),
            "{}",
            x.text
        );
        // A post of a title, an address and a picture has no text left to stand for it.
        let post = format!(
            r#"<html><head><meta property="og:title" content="A cat at the door"/></head><body><article><h1>A cat at the door</h1>{address}<figure><img src="cat.jpg"/></figure></article></body></html>"#
        );
        let text = extract(&post, None).map(|x| x.text).unwrap_or_default();
        assert_eq!(content_words(&text, "A cat at the door"), 0, "{text}");
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(extract("<html><body><div></div></body></html>", None).is_err());
    }

    #[test]
    fn metadata_values_keep_the_other_quote_and_decode_references() {
        let meta = head_meta(
            r#"<head><meta property="og:title" content="Doubts over the fungicide's effect on man"/>
            <meta content='He said "no" &amp; left' name='description'>
            <meta name=keywords content=a,b>
            <meta property="og:site_name" content="Caf&eacute; &#8216;Times&#x2019; > News"/>
            <link href='https://example.com/a?b=1&amp;c=2' rel='canonical alternate'></head>"#,
        );
        let get = |k: &str| first(&meta, &[k]);
        assert_eq!(
            get("og:title"),
            Some("Doubts over the fungicide's effect on man")
        );
        assert_eq!(get("description"), Some(r#"He said "no" & left"#));
        assert_eq!(get("keywords"), Some("a,b"));
        assert_eq!(get("og:site_name"), Some("Café ‘Times’ > News"));
        assert_eq!(get("canonical"), Some("https://example.com/a?b=1&c=2"));
    }

    #[test]
    fn hosts_drop_www_and_ports() {
        assert_eq!(
            host("https://www.example.com:8080/x?y").as_deref(),
            Some("example.com")
        );
        assert_eq!(host("not a url"), None);
    }
}
