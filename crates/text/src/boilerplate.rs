//! Boilerplate removal: page furniture recognised by its form, and paragraphs that repeat across
//! many articles of one source or of the whole corpus (the CCNet idea).
//!
//! Furniture rules look at the shape of a paragraph (a call to action, a photo caption with its
//! credit, a byline, a "Related Articles" heading and the teasers under it, a breadcrumb), never
//! at the strings of a particular site.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::{Regex, RegexSet};
use samestory_model::Removed;
use xxhash_rust::xxh3::xxh3_64;

use crate::credit;
use crate::tokens::{analyzer, unspaced};

/// Why a paragraph is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Furniture {
    CallToAction,
    Caption,
    Byline,
    Navigation,
    RelatedHeading,
    Teaser,
    Credit,
    RepeatedInSource,
    RepeatedInCorpus,
    Title,
    SourceName,
    Metadata,
}

impl Furniture {
    pub fn as_str(self) -> &'static str {
        match self {
            Furniture::CallToAction => "call to action",
            Furniture::Caption => "photo caption",
            Furniture::Byline => "byline",
            Furniture::Navigation => "navigation",
            Furniture::RelatedHeading => "related-articles heading",
            Furniture::Teaser => "related-article teaser",
            Furniture::Credit => "credit line",
            Furniture::RepeatedInSource => "repeated across the source's articles",
            Furniture::RepeatedInCorpus => "repeated across the corpus",
            Furniture::Title => "title repeated in body",
            Furniture::SourceName => "the source's name",
            Furniture::Metadata => "page metadata (an image address or a timestamp)",
        }
    }
}

fn set(patterns: &[&str]) -> RegexSet {
    RegexSet::new(patterns.iter().map(|p| format!("(?i){p}"))).expect("valid furniture regex")
}

/// Calls to act on the page: subscribe, share, comment, sign in. Only short paragraphs.
static CALL_TO_ACTION: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"\b(subscribe|sign up|signup|sign in|log ?in|newsletter|create an account|register now)\b",
        r"^join [\p{L}\d ]{1,30}[.!]",
        r"\btakes? \d+ seconds?\b",
        r"\bcomment(s|ing)?\b.*\b(let us know|policy|guidelines|disabled|closed|below|issues|moderat)",
        r"\b(let us know|having (issues|trouble|problems)|sign in|log in)\b.*\bcomment(s|ing|er)?\b",
        r"^(leave|post|add|view|show|hide|read|load) (a |all |more |\d+ )?(comment|repl)",
        r"^(share|tweet|e-?mail|print|whatsapp|facebook|twitter|linkedin|telegram)( this)?( article| story| page| on \w+)?[.!:]?$",
        r"^(advertisement|advertising|sponsored( content)?|ads?|promoted)$",
        r"\ball rights reserved\b",
        r"^(copyright|©|\(c\) ?\d{4})",
        r"\bpowered by\b",
        r"\b(click|tap) here\b",
        r"\bfollow us\b",
        r"\bdownload (our|the) app\b",
        r"\b(cookies?|privacy policy|terms of (use|service))\b.*\b(accept|agree|use|read)\b",
        r"\bjavascript\b.*\b(enable|disabled|required)\b",
        r"^(you are here|skip to (main )?content|back to top|scroll to top)[.:]?$",
    ])
});

/// Navigation: breadcrumbs like "Home > World > Middle East".
static NAVIGATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:home)\s*[>»/|]\s*\S.{0,80}$").expect("valid regex"));

/// A caption names a picture and carries a credit or a caption formula.
static CAPTION_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(photo|photograph|picture|pic|image|handout|getty images|file photo)\b")
        .expect("valid regex")
});
static CAPTION_MARK: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)\((\p{L}+\s)?(photo|picture|pic|image)s?\)",
        r"(?i)^in this (file |undated |handout )?(photo|picture|image)",
        r"(?i)^(a |an )?(handout|file) (photo|picture|image)",
        r"(?i)^(photo|image|picture|pic)( credit)?s?\s*:",
        r"(?i)\b(photo|picture|image)( credit)?\s*:\s*\p{Lu}",
        r"(?i)\b(photo|picture|image) by\b",
        r"(?i)\buse only\b",
        r"(?i)^epa\d{5,}",
    ])
    .expect("valid regex")
});

/// Caption marks that rely on capitals ("AFP PHOTO", "EPA/SANA"); they mean nothing in a
/// paragraph set in capitals.
static CASED_CAPTION_MARK: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"\b\p{Lu}{2,}\s*(/\s*)?(PHOTO|PICTURE|IMAGE)\b",
        r"\b(PHOTO|HANDOUT|POOL|FILE)\b",
        r"\b[A-Za-z]{2,5}/\p{Lu}{2,}",
    ])
    .expect("valid regex")
});

/// Most letters are capitals (a shouted standfirst or headline).
fn is_shouting(p: &str) -> bool {
    let (upper, cased) = p.chars().fold((0usize, 0usize), |(u, c), ch| {
        if ch.is_uppercase() {
            (u + 1, c + 1)
        } else if ch.is_lowercase() {
            (u, c + 1)
        } else {
            (u, c)
        }
    });
    cased >= 20 && upper * 10 > cased * 6
}

fn has_caption_mark(p: &str) -> bool {
    CAPTION_MARK.is_match(p) || (!is_shouting(p) && CASED_CAPTION_MARK.is_match(p))
}

/// A picture credit in parentheses closing a paragraph of text: "... (Image Credit: Jane Doe)".
static TRAILING_PICTURE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\([^()]{0,60}\b(photo|picture|image|pic)s?\b[^()]{0,60}\)\s*$")
        .expect("valid regex")
});

/// Words a paragraph must keep for a trailing picture credit to be cut rather than the whole
/// paragraph taken as a caption.
const MIN_WORDS_BEFORE_CREDIT: usize = 12;

/// Bylines and time stamps: "By Jane Doe - 2 hours ago", "Last updated at Aug 01,2018".
static BYLINE: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"^by\s+\p{Lu}[\p{L}.'-]*(\s+(and\s+)?\p{Lu}[\p{L}.'-]*){0,5}\s*([-|,/]|$)",
        r"\blast updated\b",
        r"^(published|updated|posted|first published)( on| at)?\s*:?\s*\S*\d",
    ])
});

/// A paragraph that is nothing but the address of an image or a machine timestamp (date and
/// time): page metadata (such as schema.org properties) that an extractor took for text.
/// Other bare addresses stay, as a list of links can be what an article is; so does a bare
/// date, a date line that dates the article.
static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(https?://\S+\.(jpe?g|png|gif|webp|svg)(\?\S*)?|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)\s*$",
    )
    .expect("valid regex")
});

/// Headings of a block of links to other articles.
static RELATED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(related|related (articles?|stories|news|posts|content|coverage|reading|topics|links|videos?|photos?|galleries)|other (interesting |related )?(stories|news|articles)|read more|read also|also read|more on this( story| topic)?|see also|more from [\p{L} ]{1,30}|recommended( for you| stories| articles)?|you (may|might) also like|most (read|popular|viewed|shared)|trending( now| stories)?|more stories|latest (news|stories)|top stories|further reading|what to read next)\s*[:.]?$",
    )
    .expect("valid regex")
});

/// One-line pointers to another article: "Read more: Syria's war in maps".
static INLINE_TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(read more|read also|also read|see also|related|recommended|watch|listen)\s*:\s*\S",
    )
    .expect("valid regex")
});

fn word_count(p: &str) -> usize {
    p.split_whitespace().count()
}

/// Ends like a sentence of running text (possibly inside a closing quote or bracket).
fn ends_as_sentence(p: &str) -> bool {
    let t = p.trim_end_matches(['"', '\'', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', ':', ';', '…']) || t.ends_with("...")
}

/// Classifies one paragraph by its own form (no context).
pub fn classify(paragraph: &str) -> Option<Furniture> {
    if METADATA.is_match(paragraph) {
        return Some(Furniture::Metadata);
    }
    let words = word_count(paragraph);
    if words <= 30 && CALL_TO_ACTION.is_match(paragraph) {
        return Some(Furniture::CallToAction);
    }
    if words <= 20 && NAVIGATION.is_match(paragraph) {
        return Some(Furniture::Navigation);
    }
    if words <= 8 && RELATED_HEADING.is_match(paragraph) {
        return Some(Furniture::RelatedHeading);
    }
    if words <= 30 && INLINE_TEASER.is_match(paragraph) {
        return Some(Furniture::Teaser);
    }
    if words <= 25 && BYLINE.is_match(paragraph) {
        return Some(Furniture::Byline);
    }
    if words <= 120 && CAPTION_NOUN.is_match(paragraph) && has_caption_mark(paragraph) {
        return Some(Furniture::Caption);
    }
    if words <= 5 && credit::credit_line(paragraph).is_some() {
        return Some(Furniture::Credit);
    }
    None
}

/// An article's paragraphs after furniture removal.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cleaned {
    pub kept: Vec<String>,
    pub removed: Vec<Removed>,
    /// Credits found in datelines, bylines, sign-offs and credit lines, in order, deduplicated.
    pub credits: Vec<String>,
}

/// The most teasers taken after one related-articles heading.
const MAX_TEASERS: usize = 12;

/// Removes furniture from one article's normalized paragraphs and collects its credits; a
/// paragraph that only names the `source` (a page whose text failed to come through often has
/// nothing else) goes too.
pub fn strip_furniture(title: &str, source: Option<&str>, paragraphs: Vec<String>) -> Cleaned {
    let mut out = Cleaned::default();
    let title_key = fold_key(title);
    let source_key = source.map_or(0, fold_key);
    let mut teasers_left = 0usize;
    let add_credit = |credits: &mut Vec<String>, c: String| {
        if !credits.contains(&c) {
            credits.push(c);
        }
    };
    for (i, mut p) in paragraphs.into_iter().enumerate() {
        if let Some(m) = TRAILING_PICTURE_CREDIT.find(&p)
            && word_count(&p[..m.start()]) >= MIN_WORDS_BEFORE_CREDIT
            && !has_caption_mark(&p[..m.start()])
        {
            out.removed.push(Removed {
                text: m.as_str().trim().to_string(),
                reason: Furniture::Caption.as_str().to_string(),
            });
            p.truncate(m.start());
        }
        let mut reason = classify(&p);
        if reason.is_none() && teasers_left > 0 {
            if !ends_as_sentence(&p) || word_count(&p) <= 6 {
                reason = Some(Furniture::Teaser);
            } else {
                teasers_left = 0;
            }
        }
        if reason.is_none() && (title_key != 0 || source_key != 0) {
            reason = match fold_key(&p) {
                0 => None,
                k if out.kept.is_empty() && k == title_key => Some(Furniture::Title),
                k if k == source_key => Some(Furniture::SourceName),
                _ => None,
            };
        }
        match reason {
            Some(r) => {
                match r {
                    Furniture::RelatedHeading => teasers_left = MAX_TEASERS,
                    Furniture::Teaser => teasers_left = teasers_left.saturating_sub(1),
                    Furniture::Byline => {
                        for c in credit::byline(&p) {
                            add_credit(&mut out.credits, c);
                        }
                    }
                    Furniture::Credit => {
                        if let Some(c) = credit::credit_line(&p) {
                            add_credit(&mut out.credits, c);
                        }
                    }
                    _ => {}
                }
                out.removed.push(Removed {
                    text: p,
                    reason: r.as_str().to_string(),
                });
            }
            None => {
                if i < 4
                    && let Some(c) = credit::dateline(&p)
                {
                    add_credit(&mut out.credits, c);
                }
                if let Some((cut, c)) = credit::signoff(&p) {
                    out.removed.push(Removed {
                        text: p[cut..].trim().to_string(),
                        reason: Furniture::Credit.as_str().to_string(),
                    });
                    p.truncate(cut);
                    add_credit(&mut out.credits, c);
                }
                if !p.is_empty() {
                    out.kept.push(p);
                }
            }
        }
    }
    out
}

/// A key that ignores case, digits and punctuation, so "Page 2 of 10" repeats as one paragraph.
pub fn fold_key(p: &str) -> u64 {
    // Letters and digits in lower case, digits as 0, words separated by one space; the rest
    // (punctuation, symbols) dropped without a trace.
    let mut folded = String::with_capacity(p.len());
    let mut space = false;
    for c in p.chars() {
        if c.is_whitespace() {
            space = !folded.is_empty();
        } else if c.is_alphanumeric() {
            if space {
                folded.push(' ');
                space = false;
            }
            if c.is_numeric() {
                folded.push('0');
            } else {
                folded.extend(c.to_lowercase());
            }
        }
    }
    if folded.is_empty() {
        0
    } else {
        xxh3_64(folded.as_bytes())
    }
}

/// Thresholds for paragraphs that repeat across articles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatConfig {
    /// A paragraph in at least this many distinct articles of one source (with distinct leads)
    /// is that source's boilerplate.
    pub per_source_articles: usize,
    /// A short paragraph found in articles of at least this many sources is corpus boilerplate.
    pub corpus_sources: usize,
    /// "Short" for the corpus rule, in words; longer repeats across sources are syndication.
    pub corpus_max_words: usize,
    /// A sentence in at least this many distinct articles of one source (with distinct leads)
    /// is cut where it opens or closes a paragraph: a paywall notice or sign-off that the page
    /// ran into the text of the article, which the paragraph rule cannot see. Higher than the
    /// paragraph rule's count, as one outlet's updates of a story share sentences too. A
    /// paragraph that leads this many pages of one source is the site's opener, not their
    /// lead, whatever their titles say (see [`RepeatIndex::build`]).
    pub per_source_sentence_articles: usize,
}

impl Default for RepeatConfig {
    fn default() -> Self {
        Self {
            per_source_articles: 3,
            corpus_sources: 5,
            corpus_max_words: 8,
            per_source_sentence_articles: 5,
        }
    }
}

/// Paragraph keys that repeat too often to be content, built from a whole corpus.
#[derive(Debug, Default, Clone)]
pub struct RepeatIndex {
    per_source: HashSet<(u64, u64)>,
    /// The pairs of `per_source` that lead exactly one of the source's articles: that
    /// article's own lead, which the others quote (a list of teasers under "Latest news").
    own_leads: HashSet<(u64, u64)>,
    corpus: HashSet<u64>,
    /// The paragraph that leads each document given to [`RepeatIndex::build`], in order.
    leads: Vec<Option<usize>>,
    /// (source, sentence key) of sentences of several-sentence paragraphs.
    per_source_sentences: HashSet<(u64, u64)>,
    /// The sources in `per_source_sentences`: the paragraphs of any other need no splitting.
    sentence_sources: HashSet<u64>,
}

/// One article as the repeat index sees it.
pub struct RepeatInput<'a> {
    pub source: Option<&'a str>,
    /// The article's title: a lead states the event it names (see [`RepeatIndex::build`]).
    pub title: &'a str,
    /// ISO 639-1 code as declared, if any: which stop words and stems the title is read with.
    pub language: Option<&'a str>,
    pub paragraphs: &'a [String],
}

/// The keys of one document's paragraphs and sentences.
struct Folded {
    /// Hash of the source, 0 when unknown.
    source: u64,
    /// [`fold_key`] of each paragraph.
    paragraphs: Vec<u64>,
    /// Whether each paragraph is short enough for the corpus rule.
    short: Vec<bool>,
    /// [`sentence_key`] of each sentence of the paragraphs with more than one (and a key),
    /// when the source is known.
    sentences: Vec<u64>,
    /// Word count of each paragraph.
    words: Vec<usize>,
    /// Hash of all paragraph keys: exact duplicates of a source count once.
    body: u64,
    /// Index of the lead: the first paragraph of running text (`LEAD_MIN_WORDS` or more),
    /// else the first paragraph with a key. A page that opens with its outlet's name or a
    /// logo line has the same first paragraph as every other page of the outlet, which would
    /// hide every repeat under one lead; so does a site's opening notice of running text
    /// ("Tap to listen to this article instead"), which [`RepeatIndex::build`] passes over.
    lead_at: Option<usize>,
}

/// Fewest words of the paragraph that leads an article in [`RepeatIndex`]'s counting.
const LEAD_MIN_WORDS: usize = 10;

/// Most site openers stacked at the top of a page that leads pass over.
const OPENER_ROUNDS: usize = 4;

/// Index of the first paragraph of running text (`LEAD_MIN_WORDS` or more, with a key) from
/// `from` on, among paragraphs with these [`fold_key`]s and word counts.
fn running_from(keys: &[u64], words: &[usize], from: usize) -> Option<usize> {
    (from..keys.len()).find(|&i| keys[i] != 0 && words[i] >= LEAD_MIN_WORDS)
}

/// Index of the lead among paragraphs with these [`fold_key`]s and word counts: the first of
/// running text, else the first with a key.
fn lead_at(keys: &[u64], words: &[usize]) -> Option<usize> {
    running_from(keys, words, 0).or_else(|| keys.iter().position(|&k| k != 0))
}

impl Folded {
    /// Key of the lead paragraph, 0 when there is none.
    fn lead(&self) -> u64 {
        self.lead_at.map_or(0, |i| self.paragraphs[i])
    }

    fn of(doc: &RepeatInput<'_>, corpus_max_words: usize) -> Folded {
        let source = doc.source.map(|s| xxh3_64(s.as_bytes())).unwrap_or(0);
        let paragraphs: Vec<u64> = doc.paragraphs.iter().map(|p| fold_key(p)).collect();
        let mut sentences = Vec::new();
        // Sentences count per source: without one there is nothing to count them for.
        for (p, &k) in doc.paragraphs.iter().zip(&paragraphs) {
            if source == 0 || k == 0 {
                continue;
            }
            let pieces = sentence_ranges(p);
            if pieces.len() > 1 {
                sentences.extend(pieces.iter().map(|&(s, e)| sentence_key(&p[s..e])));
            }
        }
        let words: Vec<usize> = doc.paragraphs.iter().map(|p| word_count(p)).collect();
        Folded {
            source,
            short: words.iter().map(|&w| w <= corpus_max_words).collect(),
            lead_at: lead_at(&paragraphs, &words),
            body: xxh3_64(key_bytes(&paragraphs).as_slice()),
            words,
            paragraphs,
            sentences,
        }
    }

    /// Moves the lead past a site opener (a paragraph in `openers`, with the number of the
    /// source's pages it leads) to the next paragraph of running text, if there is one. An
    /// opener that leads `many` pages or more, or that shares no telling word with the title,
    /// is the site's ("Tap to listen to this article instead", a teaser of the latest story);
    /// one that leads a few pages and states what their titles name is the lead that a
    /// story's updates share. Returns whether the lead moved.
    fn pass_opener(
        &mut self,
        doc: &RepeatInput<'_>,
        openers: &HashMap<(u64, u64), usize>,
        many: usize,
    ) -> bool {
        let Some(at) = self.lead_at else {
            return false;
        };
        let Some(&pages) = openers.get(&(self.source, self.paragraphs[at])) else {
            return false;
        };
        if pages < many
            && !telling_terms(doc.title, doc.language)
                .is_disjoint(&telling_terms(&doc.paragraphs[at], doc.language))
        {
            return false;
        }
        let next = running_from(&self.paragraphs, &self.words, at + 1);
        if next.is_some() {
            self.lead_at = next;
        }
        next.is_some()
    }
}

/// The terms of `text` that can tell what it is about: stemmed words of 4+ letters that are
/// not stop words, and the character pairs of scripts written without spaces.
fn telling_terms(text: &str, language: Option<&str>) -> HashSet<String> {
    analyzer(language.unwrap_or(""))
        .terms(text)
        .into_iter()
        .filter(|t| t.chars().count() >= 4 || t.chars().any(unspaced))
        .collect()
}

impl RepeatIndex {
    /// Counts paragraphs over `docs`. Exact duplicate articles of a source count once, and a
    /// paragraph counts for a source only when it appears under different leads, so a story
    /// and its updates do not erase each other.
    pub fn build(docs: &[RepeatInput<'_>], cfg: RepeatConfig) -> Self {
        // (source, paragraph) -> distinct leads; paragraph -> distinct sources.
        let mut leads: HashMap<(u64, u64), HashSet<u64>> = HashMap::new();
        let mut sources: HashMap<u64, HashSet<u64>> = HashMap::new();
        let mut seen_bodies: HashSet<(u64, u64)> = HashSet::new();
        // (source, paragraph) -> articles it leads.
        let mut leading: HashMap<(u64, u64), usize> = HashMap::new();
        // (source, sentence, lead), one per sentence of a several-sentence paragraph.
        let mut sentences: Vec<(u64, u64, u64)> = Vec::new();
        // The keys of each document, folded in parallel; counted in document order.
        let mut folded: Vec<Folded> = docs
            .par_iter()
            .map(|doc| Folded::of(doc, cfg.corpus_max_words))
            .collect();
        // Site openers are passed a round at a time: a page may stack two notices.
        for _ in 0..OPENER_ROUNDS {
            let openers = openers(&folded, cfg.per_source_articles);
            if openers.is_empty() {
                break;
            }
            let many = cfg.per_source_sentence_articles;
            let moved = folded
                .par_iter_mut()
                .zip(docs)
                .map(|(f, doc)| usize::from(f.pass_opener(doc, &openers, many)))
                .sum::<usize>();
            if moved == 0 {
                break;
            }
        }
        for doc in &folded {
            if !seen_bodies.insert((doc.source, doc.body)) {
                continue;
            }
            let lead = doc.lead();
            if doc.source != 0 && lead != 0 {
                *leading.entry((doc.source, lead)).or_default() += 1;
            }
            for (i, &k) in doc.paragraphs.iter().enumerate() {
                if k == 0 {
                    continue;
                }
                if doc.source != 0 {
                    leads.entry((doc.source, k)).or_default().insert(lead);
                }
                if doc.short[i] {
                    sources.entry(k).or_default().insert(doc.source);
                }
            }
            sentences.extend(doc.sentences.iter().map(|&k| (doc.source, k, lead)));
        }
        sentences.sort_unstable();
        sentences.dedup();
        let per_source_sentences: HashSet<(u64, u64)> = sentences
            .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
            .filter(|run| run.len() >= cfg.per_source_sentence_articles)
            .map(|run| (run[0].0, run[0].1))
            .collect();
        let per_source: HashSet<(u64, u64)> = leads
            .into_iter()
            .filter(|(_, l)| l.len() >= cfg.per_source_articles)
            .map(|(k, _)| k)
            .collect();
        Self {
            leads: folded.iter().map(|doc| doc.lead_at).collect(),
            sentence_sources: per_source_sentences.iter().map(|&(src, _)| src).collect(),
            per_source_sentences,
            own_leads: per_source
                .iter()
                .filter(|k| leading.get(k) == Some(&1))
                .copied()
                .collect(),
            per_source,
            corpus: sources
                .into_iter()
                .filter(|(_, s)| s.len() >= cfg.corpus_sources)
                .map(|(k, _)| k)
                .collect(),
        }
    }

    /// Why `paragraph` of an article from `source` is repeated boilerplate, if it is; `leads`
    /// says whether it is that article's lead (see [`RepeatIndex::lead_of`]). A paragraph that repeats
    /// across the source's articles but leads only one of them stays in that one: it is the
    /// article's own lead, and the other pages quote it as a teaser.
    pub fn check(&self, source: Option<&str>, paragraph: &str, leads: bool) -> Option<Furniture> {
        if self.per_source.is_empty() && self.corpus.is_empty() {
            return None;
        }
        let k = fold_key(paragraph);
        if let Some(s) = source {
            let key = (xxh3_64(s.as_bytes()), k);
            if self.per_source.contains(&key) && !(leads && self.own_leads.contains(&key)) {
                return Some(Furniture::RepeatedInSource);
            }
        }
        self.corpus
            .contains(&k)
            .then_some(Furniture::RepeatedInCorpus)
    }

    /// Index of the paragraph that leads document `doc` (its position in the input to
    /// [`RepeatIndex::build`]): the first of running text, as leads are counted.
    pub fn lead_of(&self, doc: usize) -> Option<usize> {
        self.leads.get(doc).copied().flatten()
    }

    /// The byte range of `paragraph` (of an article from `source`) left after cutting the
    /// sentences that open or close it and that repeat across the source's articles (see
    /// [`RepeatConfig::per_source_sentence_articles`]); empty when every sentence goes.
    pub fn trim(&self, source: Option<&str>, paragraph: &str) -> std::ops::Range<usize> {
        let Some(src) = source.map(|s| xxh3_64(s.as_bytes())) else {
            return 0..paragraph.len();
        };
        if !self.sentence_sources.contains(&src) {
            return 0..paragraph.len();
        }
        let pieces = sentence_ranges(paragraph);
        if pieces.len() < 2 {
            return 0..paragraph.len();
        }
        let repeated = |&(s, e): &(usize, usize)| {
            self.per_source_sentences
                .contains(&(src, sentence_key(&paragraph[s..e])))
        };
        let head = pieces.iter().take_while(|p| repeated(p)).count();
        if head == pieces.len() {
            return 0..0;
        }
        let tail = pieces.iter().rev().take_while(|p| repeated(p)).count();
        let start = if head == 0 { 0 } else { pieces[head].0 };
        let end = if tail == 0 {
            paragraph.len()
        } else {
            pieces[pieces.len() - tail - 1].1
        };
        start..end
    }

    pub fn len(&self) -> usize {
        self.per_source.len() + self.corpus.len() + self.per_source_sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// (source, paragraph) pairs that lead at least `min_articles` distinct pages of the source,
/// with the number of pages: a site's opening notice, or a story's lead that its updates
/// share (see [`Folded::pass_opener`], which tells them apart).
fn openers(folded: &[Folded], min_articles: usize) -> HashMap<(u64, u64), usize> {
    let mut leads: Vec<(u64, u64, u64)> = folded
        .iter()
        .filter(|f| f.source != 0 && f.lead() != 0)
        .map(|f| (f.source, f.lead(), f.body))
        .collect();
    leads.sort_unstable();
    leads.dedup();
    leads
        .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .filter(|run| run.len() >= min_articles)
        .map(|run| ((run[0].0, run[0].1), run.len()))
        .collect()
}

/// The key of a sentence for the repeat count: its exact bytes. A site's notices are
/// byte-identical from page to page, and every sentence of the corpus is hashed, so the
/// folding of [`fold_key`] would cost more than it finds.
fn sentence_key(sentence: &str) -> u64 {
    xxh3_64(sentence.as_bytes())
}

/// Byte ranges of the sentences of a paragraph, cut after `.`, `!`, `?`, `…`, the Arabic
/// question mark or the Devanagari danda before a space, after an ideographic full stop,
/// `！` or `？`, and before a bullet (`▲`, `▶`, `•`...: an item of a list run into the
/// paragraph, such as the teasers a page runs after its last sentence): coarse, but the same
/// cut for every article, which is all that counting repeats needs.
fn sentence_ranges(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = p.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if BULLETS.contains(&c) && i > start {
            push_trimmed(p, start, i, &mut out);
            start = i;
        }
        let end = i + c.len_utf8();
        let cut = match c {
            '.' | '!' | '?' | '\u{2026}' | '\u{061F}' | '\u{0964}' => {
                chars.peek().is_some_and(|&(_, n)| n.is_whitespace())
            }
            '\u{3002}' | '\u{FF01}' | '\u{FF1F}' => true,
            _ => false,
        };
        if cut {
            push_trimmed(p, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(p, start, p.len(), &mut out);
    out
}

/// Characters that open an item of a list.
const BULLETS: [char; 7] = ['•', '●', '■', '◆', '▲', '▶', '►'];

/// Pushes `p[start..end]` without its surrounding white space, if anything is left.
fn push_trimmed(p: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &p[start..end];
    let s = start + (piece.len() - piece.trim_start().len());
    let e = end - (piece.len() - piece.trim_end().len());
    if s < e {
        out.push((s, e));
    }
}

fn key_bytes(keys: &[u64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The removal reason of each paragraph, `None` where it was kept.
    fn reasons(paragraphs: &[&str]) -> Vec<Option<String>> {
        let cleaned = strip_furniture("", None, paragraphs.iter().map(|s| s.to_string()).collect());
        paragraphs
            .iter()
            .map(|p| {
                cleaned
                    .removed
                    .iter()
                    .find(|r| r.text == *p)
                    .map(|r| r.reason.clone())
            })
            .collect()
    }

    #[test]
    fn page_furniture_is_recognised_by_form() {
        let got = reasons(&[
            "Sign up for our daily briefing.",
            "Let us know if the comments are not loading for you.",
            "The minister said the talks would resume on Monday in Geneva.",
            "Protesters gather outside parliament on Friday. (Reuters photo)",
            "By Jane Doe - 3 hours ago",
            "Home > World > Europe",
            "Related Stories",
            "Minister resigns after vote",
            "Talks to resume in Geneva next week",
            "Officials said more talks were planned for the coming weeks and months.",
            "2019-11-18T14:54:12+03:00",
            "https://1prime.ru/images/82905/90/829059066.jpg",
            "The report is at https://example.org/report.pdf for all to read.",
            "https://example.org/report.pdf",
            "2013-09-26",
        ]);
        let want: Vec<Option<&str>> = vec![
            Some("call to action"),
            Some("call to action"),
            None,
            Some("photo caption"),
            Some("byline"),
            Some("navigation"),
            Some("related-articles heading"),
            Some("related-article teaser"),
            Some("related-article teaser"),
            None,
            Some("page metadata (an image address or a timestamp)"),
            Some("page metadata (an image address or a timestamp)"),
            None,
            None,
            None,
        ];
        assert_eq!(got.iter().map(Option::as_deref).collect::<Vec<_>>(), want);
    }

    #[test]
    fn headings_of_other_videos_and_stories_are_related_headings() {
        for h in [
            "Related Videos",
            "OTHER INTERESTING STORIES",
            "Other stories:",
        ] {
            assert_eq!(classify(h), Some(Furniture::RelatedHeading), "{h}");
        }
        assert_eq!(classify("Other stories emerged on Monday."), None);
    }

    #[test]
    fn a_standfirst_in_capitals_is_not_a_caption() {
        let p = "IN PRAISE OF LIGHT: THE ACCLAIMED IMAGE-MAKER WHO SHAPED A FASHION HOUSE FOR THIRTY \
                 YEARS IS CELEBRATED IN MILAN WITH AN EXHIBITION AND A FILM";
        assert_eq!(classify(p), None);
        assert_eq!(
            classify("A man walks past the ruins. AFP PHOTO"),
            Some(Furniture::Caption)
        );
    }

    #[test]
    fn a_picture_credit_closing_a_paragraph_is_cut_not_the_paragraph() {
        let p = "Artists often hold up a mirror to society, and this illustrator does so with \
                 drawings of phones, screens and crowds. (Image Credit: Jane Doe Illustration)";
        let cleaned = strip_furniture("", None, vec![p.to_string()]);
        assert_eq!(
            cleaned.kept,
            [
                "Artists often hold up a mirror to society, and this illustrator does so with drawings of phones, screens and crowds."
            ]
        );
    }

    #[test]
    fn credits_are_collected_and_signoffs_cut() {
        let cleaned = strip_furniture(
            "Title",
            Some("Gazette"),
            vec![
                "Title".into(),
                "(AFP) PARIS - The talks resumed.".into(),
                "They ended at noon. - Agencies".into(),
                "Agence France-Presse".into(),
                "The Gazette".into(),
                "GAZETTE".into(),
            ],
        );
        assert_eq!(
            cleaned.kept,
            [
                "(AFP) PARIS - The talks resumed.",
                "They ended at noon.",
                "The Gazette"
            ]
        );
        assert_eq!(cleaned.credits, ["AFP", "Agencies"]);
        // The source's name alone goes, wherever it stands; a paragraph naming it stays.
        assert_eq!(
            cleaned
                .removed
                .last()
                .map(|r| (r.text.as_str(), r.reason.as_str())),
            Some(("GAZETTE", "the source's name"))
        );
    }

    /// The repeat index of `texts` (one paragraph list per article), all from `source`.
    fn index_of<'a>(source: &str, texts: impl IntoIterator<Item = &'a Vec<String>>) -> RepeatIndex {
        index_of_pages(source, texts.into_iter().map(|ps| ("", ps)))
    }

    /// The repeat index of English pages (title, paragraphs), all from `source`.
    fn index_of_pages<'a>(
        source: &str,
        pages: impl IntoIterator<Item = (&'a str, &'a Vec<String>)>,
    ) -> RepeatIndex {
        let docs: Vec<_> = pages
            .into_iter()
            .map(|(title, ps)| RepeatInput {
                source: Some(source),
                title,
                language: Some("en"),
                paragraphs: ps,
            })
            .collect();
        RepeatIndex::build(&docs, RepeatConfig::default())
    }

    /// Whether each paragraph of a page stays (is not repeated boilerplate).
    fn kept(index: &RepeatIndex, source: &str, doc: usize, ps: &[String]) -> Vec<bool> {
        let lead = index.lead_of(doc);
        (0..ps.len())
            .map(|i| index.check(Some(source), &ps[i], Some(i) == lead).is_none())
            .collect()
    }

    #[test]
    fn a_site_notice_atop_every_page_does_not_lead_them() {
        let notice = "Tap to listen to this article instead: Listen to Post";
        // A second notice below the first.
        let disclaimer = "The opinions expressed are those of the writer and not of this site.";
        let news = [
            (
                "Man finds python in his kitchen",
                "A man in Penang found a python in his kitchen.",
            ),
            (
                "Student wins robotics prize",
                "A student from Ipoh won a robotics prize in Tokyo.",
            ),
            (
                "New bridge opens to traffic",
                "The new bridge opened to traffic on Monday morning.",
            ),
        ];
        let pages: Vec<(&str, Vec<String>)> = news
            .iter()
            .map(|&(title, lead)| {
                let lead = format!("{lead} Officials said more would follow this week.");
                (
                    title,
                    vec![notice.to_string(), disclaimer.to_string(), lead],
                )
            })
            .collect();
        let index = index_of_pages("buzz", pages.iter().map(|(t, ps)| (*t, ps)));
        for (d, (_, ps)) in pages.iter().enumerate() {
            assert_eq!(index.lead_of(d), Some(2));
            assert_eq!(kept(&index, "buzz", d, ps), [false, false, true], "{ps:?}");
        }
        // Three updates of one story keep the lead they share: it states what their titles
        // name.
        let lead = "Floods closed the coastal highway near Kuantan on Monday, officials said.";
        let updates = [
            ("Floods close coastal highway", "Police set up detours."),
            (
                "Coastal highway still closed by floods",
                "Schools in the area shut.",
            ),
            (
                "Highway reopens after floods recede",
                "Traffic resumed at noon.",
            ),
        ];
        let pages: Vec<(&str, Vec<String>)> = updates
            .iter()
            .map(|&(title, more)| (title, vec![lead.to_string(), more.to_string()]))
            .collect();
        let index = index_of_pages("gazette", pages.iter().map(|(t, ps)| (*t, ps)));
        for (d, (_, ps)) in pages.iter().enumerate() {
            assert_eq!(index.lead_of(d), Some(0));
            assert_eq!(kept(&index, "gazette", d, ps), [true, true], "{ps:?}");
        }
    }

    #[test]
    fn repeated_paragraphs_need_distinct_leads() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = p(&[
            "Lead one.",
            "Body one.",
            "Share your thoughts with the community below now please.",
        ]);
        let b = p(&[
            "Lead two.",
            "Body two.",
            "Share your thoughts with the community below now please.",
        ]);
        let c = p(&[
            "Lead three.",
            "Body three.",
            "Share your thoughts with the community below now please.",
        ]);
        let update = p(&["Lead one.", "Body one, updated.", "Body one."]);
        let index = index_of("site", [&a, &b, &c, &update]);
        assert_eq!(
            index.check(Some("site"), &a[2], false),
            Some(Furniture::RepeatedInSource)
        );
        assert_eq!(index.check(Some("site"), "Body one.", false), None);
        assert_eq!(index.check(Some("other"), &a[2], false), None);
    }

    #[test]
    fn a_page_that_opens_with_the_outlets_name_is_led_by_its_first_running_text() {
        let texts: Vec<Vec<String>> = ["oil", "gold", "copper"]
            .iter()
            .map(|w| {
                vec![
                    "Economic Information Agency".to_string(),
                    format!(
                        "MOSCOW, Nov 18 - The price of {w} fell for a third day on weak demand."
                    ),
                ]
            })
            .collect();
        let index = index_of("agency", &texts);
        assert_eq!(
            index.check(Some("agency"), "Economic Information Agency", false),
            Some(Furniture::RepeatedInSource)
        );
        assert_eq!(index.check(Some("agency"), &texts[0][1], true), None);
    }

    #[test]
    fn a_lead_that_other_pages_quote_as_a_teaser_stays_in_its_own_article() {
        let lead = |w: &str| {
            format!(
                "Nov. 18 (UPI) -- A {w} fell through the ceiling of a store in New York state on Monday."
            )
        };
        let teasers = |w: &str| vec![format!("Odd News // 15 minutes ago {w}"), lead(w)];
        let story = |w: &str, body: &str| {
            let mut ps = vec![lead(w), body.to_string()];
            ps.extend(
                ["raccoon", "possum", "owl"]
                    .iter()
                    .filter(|&&o| o != w)
                    .flat_map(|&o| teasers(o)),
            );
            ps
        };
        let texts = [
            story("raccoon", "Staff called animal control."),
            story("possum", "Shoppers filmed it."),
            story("owl", "The store stayed open."),
        ];
        let index = index_of("upi", &texts);
        for (d, t) in texts.iter().enumerate() {
            let at = index.lead_of(d);
            assert_eq!(at, Some(0));
            let kept: Vec<&String> = t
                .iter()
                .enumerate()
                .filter(|&(i, p)| index.check(Some("upi"), p, Some(i) == at).is_none())
                .map(|(_, p)| p)
                .collect();
            // Its own lead and body stay; the others' leads, quoted as teasers, go.
            assert_eq!(&kept[..2], [&t[0], &t[1]], "{t:?}");
            assert!(kept[2..].iter().all(|p| !p.contains("(UPI)")), "{kept:?}");
        }
        // A paragraph that leads several articles is no one's own lead.
        let notice = "Subscribe to read the full story and more from our newsroom today.";
        let body =
            |w: &str| format!("The council voted on the {w} plan after a long debate on Monday.");
        let walled: Vec<Vec<String>> = vec![
            vec![notice.to_string(), body("bus")],
            vec![notice.to_string(), body("tram")],
            vec![body("park"), notice.to_string()],
            vec![body("school"), notice.to_string()],
        ];
        let index = index_of("paper", &walled);
        assert_eq!(index.lead_of(0), Some(0));
        assert_eq!(index.lead_of(2), Some(0));
        assert_eq!(
            index.check(Some("paper"), notice, true),
            Some(Furniture::RepeatedInSource)
        );
    }

    #[test]
    fn teasers_run_into_the_last_paragraph_are_cut_at_their_bullets() {
        let teasers = "▲ Singer's massage chair 63% off ▲ Actor ends marriage ▲ Star shows mansion";
        let texts: Vec<Vec<String>> = ["oil", "gold", "copper", "wheat", "coffee"]
            .iter()
            .map(|w| {
                vec![format!(
                    "Stocks fell as {w} slid. {w}desk@example.com {teasers}"
                )]
            })
            .collect();
        let index = index_of("site", &texts);
        let p = &texts[0][0];
        assert_eq!(
            &p[index.trim(Some("site"), p)],
            "Stocks fell as oil slid. oildesk@example.com"
        );
    }

    #[test]
    fn a_source_notice_run_into_the_text_is_cut_from_its_edges() {
        let paywall =
            "The article you are reading is locked. Log in to read on! Are you a subscriber?";
        let texts: Vec<Vec<String>> = ["oil", "gold", "copper", "wheat", "coffee"]
            .iter()
            .map(|w| vec![format!("Stocks fell as {w} slid. Traders sold. {paywall}")])
            .collect();
        let index = index_of("site", &texts);
        let p = format!("{paywall} Banks rose. Traders bought. {paywall}");
        let kept = index.trim(Some("site"), &p);
        assert_eq!(&p[kept], "Banks rose. Traders bought.");
        // "Traders sold." is in all five too, but inside the text, not at its edge.
        let p = format!("Banks rose. Traders sold. Bonds fell. {paywall}");
        assert_eq!(
            &p[index.trim(Some("site"), &p)],
            "Banks rose. Traders sold. Bonds fell."
        );
        assert_eq!(index.trim(Some("site"), paywall), 0..0);
        assert_eq!(index.trim(Some("other"), &p), 0..p.len());
        // Four articles are not enough.
        let index = index_of("site", &texts[..4]);
        assert_eq!(index.trim(Some("site"), &p), 0..p.len());
    }
}
