//! The `report.json` schema written by `samestory run`.
//!
//! These types are the documented contract: `schema/report.schema.json` is generated from them
//! (`samestory schema`) and a test keeps the two in step. Numbers that identify groups, events and
//! storylines are dense indices assigned in a deterministic order (largest first, then by the
//! smallest member id), so the same input always gives the same report.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the report layout; bumped on any incompatible change (3: events carry the
/// links that explain them; 4: so do storylines; 5: storyline links name the names up front
/// that let their events join).
pub const REPORT_VERSION: u32 = 5;

/// Everything one run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Layout version, see `REPORT_VERSION`.
    pub version: u32,
    pub articles: Vec<ReportArticle>,
    pub copy_groups: Vec<CopyGroup>,
    pub passages: Vec<Passage>,
    pub events: Vec<Event>,
    pub storylines: Vec<Storyline>,
    /// One entry per input record that could not be turned into an article.
    pub errors: Vec<RecordError>,
}

impl Report {
    /// A report of nothing: no articles, no errors.
    pub fn empty() -> Self {
        Self {
            version: REPORT_VERSION,
            articles: vec![],
            copy_groups: vec![],
            passages: vec![],
            events: vec![],
            storylines: vec![],
            errors: vec![],
        }
    }
}

/// One accepted article and where the later stages placed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportArticle {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    /// Index into `copy_groups`.
    pub copy_group: usize,
    /// Index into `events`.
    pub event: usize,
    /// Share of the body's words that lie in passages shared with other articles, in [0, 1].
    pub reuse: f64,
    /// Words in the normalized body.
    pub words: usize,
    /// Input file and position the article came from.
    pub input: String,
}

/// Articles that are edited copies of one text. Singletons are groups of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CopyGroup {
    pub id: usize,
    /// Article ids, sorted.
    pub members: Vec<String>,
    /// The member that differs least from the others.
    pub representative: String,
    pub origin: Origin,
}

/// Best guess at where a copy group's text came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Origin {
    /// Wire service or outlet credited in the members' text ("AFP"), when any is.
    pub credit: Option<String>,
    /// How many members carry that credit.
    pub credited_by: usize,
    /// Member with the earliest published time, when times are known.
    pub earliest: Option<String>,
    /// One-line explanation of the guess, for people.
    pub note: String,
}

/// A passage shared by two articles: byte ranges into each normalized body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Passage {
    pub a: String,
    pub a_start: usize,
    pub a_end: usize,
    pub b: String,
    pub b_start: usize,
    pub b_end: usize,
    /// Words of `a` covered by the passage.
    pub words: usize,
}

/// One real-world happening and its coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: usize,
    /// Article ids, sorted.
    pub members: Vec<String>,
    /// Index into `storylines`.
    pub storyline: usize,
    pub headline: String,
    /// Article the headline was taken from.
    pub headline_article: String,
    pub summary: Vec<SummarySentence>,
    /// Key people, places and organisations: the names most members use, most first.
    pub entities: Vec<String>,
    /// Distinct sources among the members, sorted.
    pub sources: Vec<String>,
    /// Earliest and latest published time among the members, when known.
    pub first_published: Option<DateTime<Utc>>,
    pub last_published: Option<DateTime<Utc>>,
    /// Why the members are one event: the strongest same-event links that join its copy
    /// groups (each through its representative), strongest first. A member outside them is
    /// a copy of one of their articles (see its copy group).
    #[serde(default)]
    pub links: Vec<EventLink>,
}

/// Two articles the clustering model judged to report the same event, and the words that
/// made them alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventLink {
    pub a: String,
    pub b: String,
    /// The model's probability that the two report one event, in [0, 1].
    pub probability: f64,
    /// What both use that weighs most in their likeness: up to 3 names (matched by a
    /// spelling-tolerant key), then up to 5 words (by stem), heaviest first within each, each
    /// where the body of either first uses it (what only a title holds is left out).
    pub shared: Vec<SharedTerm>,
}

/// One term two articles share: the word or name each body first writes it with, as byte
/// ranges into each normalized body ("attacked" in one and "attacks" in the other share a
/// stem; "Daraa" and "Deraa" a name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedTerm {
    /// The word or name as `a` writes it, and where.
    pub a_word: String,
    pub a_start: usize,
    pub a_end: usize,
    /// The same as `b` writes it.
    pub b_word: String,
    pub b_start: usize,
    pub b_end: usize,
}

impl SharedTerm {
    /// The term for people: `a`'s word, then `b`'s where it is written otherwise
    /// ("Daraa/Deraa").
    pub fn label(&self) -> String {
        spellings(&self.a_word, &self.b_word)
    }
}

/// A summary sentence and the span of the article it was taken from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummarySentence {
    pub text: String,
    pub article: String,
    pub start: usize,
    pub end: usize,
}

/// Events that continue each other over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Storyline {
    pub id: usize,
    /// Indices into `events`, in time order where times are known.
    pub events: Vec<usize>,
    /// One dated line per event, in the order of `events`.
    pub timeline: Vec<TimelineEntry>,
    /// Why the events are one storyline: the strongest links that join them, strongest
    /// first; one fewer than the events.
    #[serde(default)]
    pub links: Vec<StorylineLink>,
}

/// Two events of a storyline that continue each other, and what made them alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorylineLink {
    /// Indices into `events`.
    pub a: usize,
    pub b: usize,
    /// How much the two continue one story, in [0, 1]: the words and names they share above
    /// what their language shares by chance, decayed with the time between them.
    pub similarity: f64,
    /// The article of each event closest to the other event.
    pub a_article: String,
    pub b_article: String,
    /// What these two articles share (as in [`EventLink::shared`]).
    pub shared: Vec<SharedTerm>,
    /// Names that reports of both events name up front (in the title or first sentence), up
    /// to 3, rarest first: two events of one language join a storyline only through a pair
    /// of its events that shares one. Empty where the two are in two languages, where the
    /// names of either cannot be found (a script without case), and where another pair of
    /// the storyline's events carried the join.
    #[serde(default)]
    pub names: Vec<HeadName>,
}

/// A name that reports of two events both name up front: where a report of each writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeadName {
    /// In a report of event `a`.
    pub a: NameUse,
    /// In a report of event `b`.
    pub b: NameUse,
}

/// Where an article writes a name: the name as written and its byte range in the article's
/// title, or else in its normalized body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameUse {
    pub article: String,
    pub word: String,
    pub field: TextField,
    pub start: usize,
    pub end: usize,
}

/// A text of an article that a byte range points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TextField {
    Title,
    Body,
}

impl HeadName {
    /// The name for people: `a`'s spelling, then `b`'s where it is written otherwise
    /// ("Daraa/Deraa").
    pub fn label(&self) -> String {
        spellings(&self.a.word, &self.b.word)
    }
}

/// One term as two texts write it: `a`, then `/b` where `b` differs.
fn spellings(a: &str, b: &str) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}/{b}")
    }
}

/// One event of a storyline's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// Index into `events`.
    pub event: usize,
    /// The earliest time among the event's members: published, else a dateline (at noon).
    pub time: Option<DateTime<Utc>>,
    pub headline: String,
}

/// An input record that could not be turned into an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordError {
    /// File and position (line, WARC offset) of the record.
    pub input: String,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_saved_before_links_existed_still_reads() {
        // An event as report version 2 wrote it (a server's stored snapshot, say).
        let v2 = r#"{"id": 0, "members": ["a", "b"], "storyline": 0, "headline": "h",
            "headline_article": "a", "summary": [], "entities": [], "sources": [],
            "first_published": null, "last_published": null}"#;
        let e: Event = serde_json::from_str(v2).expect("reads");
        assert!(e.links.is_empty());
        assert_eq!(e.members, ["a", "b"]);
    }

    #[test]
    fn a_storyline_saved_before_links_existed_still_reads() {
        let v3 = r#"{"id": 0, "events": [0, 1], "timeline": []}"#;
        let s: Storyline = serde_json::from_str(v3).expect("reads");
        assert!(s.links.is_empty());
        assert_eq!(s.events, [0, 1]);
    }
}
