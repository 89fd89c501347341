//! The web pages: server-rendered templates (askama) over the current view, with the stylesheet
//! embedded in the binary. Events (newest or biggest), one event, two copies side by side,
//! one article, storylines and search; no script is needed to read any of them.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use rust_embed::Embed;
use samestory_model::{HeadName, SharedTerm};
use serde::Deserialize;

use crate::AppState;
use crate::api::{PageParams, event_groups, sources_of};
use crate::render::{
    Mark, Para, changed_words, day_label, enc, mark_ranges, paragraphs, percent, time_label,
};
use crate::view::{Sort, View};

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(events_page))
        .route("/events/{id}", get(event_page))
        .route("/compare", get(compare_page))
        .route("/articles/{*id}", get(article_page))
        .route("/storylines", get(storylines_page))
        .route("/storylines/{id}", get(storyline_page))
        .route("/search", get(search_page))
        .route("/assets/{*path}", get(asset))
        .fallback(
            |State(state): State<Arc<AppState>>| async move { not_found(&state, "No such page.") },
        )
        .with_state(state)
}

#[derive(Embed)]
#[folder = "assets/"]
struct Assets;

async fn asset(Path(path): Path<String>) -> Response {
    match Assets::get(&path) {
        Some(file) => {
            let mime = if path.ends_with(".css") {
                "text/css; charset=utf-8"
            } else if path.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else if path.ends_with(".svg") {
                "image/svg+xml"
            } else {
                "application/octet-stream"
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                file.data.into_owned(),
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// What the header and footer of every page show.
pub struct Nav {
    pub stored: u64,
    pub analysed: u64,
    pub events: usize,
    pub busy: bool,
    pub query: String,
}

impl Nav {
    fn of(state: &AppState, view: &View) -> Self {
        let a = state.analyst.status();
        Self {
            stored: state.store.len().unwrap_or(view.covers),
            analysed: view.covers,
            events: view.report.events.len(),
            busy: a.running || a.pending,
            query: String::new(),
        }
    }
}

fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("rendering a page: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    title: String,
    message: String,
}

fn not_found(state: &AppState, message: &str) -> Response {
    let view = state.view();
    let mut r = page(ErrorPage {
        nav: Nav::of(state, &view),
        title: "Not found".into(),
        message: message.into(),
    });
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

/// An event as a card in a list.
pub struct EventCard {
    pub id: usize,
    /// Link to the event page that survives re-analysis (see [`event_href`]).
    pub href: String,
    pub storyline_href: String,
    pub headline: String,
    pub summary: String,
    pub articles: usize,
    pub outlets: usize,
    pub copies: usize,
    pub time: String,
    pub sources: String,
    pub storyline_events: usize,
}

fn event_card(view: &View, id: usize) -> EventCard {
    let e = &view.report.events[id];
    let mut summary = String::new();
    for s in &e.summary {
        if !summary.is_empty() && summary.split_whitespace().count() > 45 {
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(&s.text);
    }
    let groups: std::collections::HashSet<usize> = e
        .members
        .iter()
        .filter_map(|m| view.article_index(m))
        .map(|i| view.report.articles[i].copy_group)
        .collect();
    let mut sources: Vec<&str> = e.sources.iter().map(String::as_str).take(4).collect();
    if e.sources.len() > 4 {
        sources.push("…");
    }
    EventCard {
        id,
        href: event_href(view, id),
        storyline_href: storyline_href(view, id),
        headline: e.headline.clone(),
        summary,
        articles: e.members.len(),
        outlets: view.outlets(id),
        copies: e.members.len() - groups.len(),
        time: time_label(e.last_published.or(e.first_published)),
        sources: sources.join(", "),
        storyline_events: view.report.storylines[e.storyline].events.len(),
    }
}

/// Page links to an event also name one member article (`?a=`, see
/// [`View::anchored_event`]), so bookmarks survive a re-analysis.
pub fn event_href(view: &View, event: usize) -> String {
    let e = &view.report.events[event];
    format!("/events/{event}?a={}", enc(&e.members[0]))
}

pub fn storyline_href(view: &View, event: usize) -> String {
    let e = &view.report.events[event];
    format!("/storylines/{}?a={}", e.storyline, enc(&e.members[0]))
}

#[derive(Deserialize)]
struct Anchor {
    /// An article of the event (or storyline) meant.
    a: Option<String>,
}

struct Day {
    label: String,
    events: Vec<EventCard>,
}

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    nav: Nav,
    newest: bool,
    days: Vec<Day>,
    total: usize,
    from: usize,
    to: usize,
    prev: Option<String>,
    next: Option<String>,
}

async fn events_page(State(state): State<Arc<AppState>>, Query(p): Query<PageParams>) -> Response {
    let view = state.view();
    let limit = p.limit.unwrap_or(30).clamp(1, 200);
    let ids: Vec<usize> = view.events(p.sort).skip(p.offset).take(limit).collect();
    let newest = p.sort == Sort::Newest;
    let mut days: Vec<Day> = Vec::new();
    for id in ids.iter().copied() {
        let e = &view.report.events[id];
        let label = if newest {
            day_label(e.last_published.or(e.first_published))
        } else {
            String::new()
        };
        match days.last_mut() {
            Some(d) if d.label == label => d.events.push(event_card(&view, id)),
            _ => days.push(Day {
                label,
                events: vec![event_card(&view, id)],
            }),
        }
    }
    let sort = if newest { "newest" } else { "biggest" };
    let total = view.report.events.len();
    let link = |offset: usize| format!("/?sort={sort}&offset={offset}&limit={limit}");
    page(EventsPage {
        nav: Nav::of(&state, &view),
        newest,
        days,
        total,
        from: p.offset + 1,
        to: p.offset + ids.len(),
        prev: (p.offset > 0).then(|| link(p.offset.saturating_sub(limit))),
        next: (p.offset + limit < total).then(|| link(p.offset + limit)),
    })
}

struct SummaryLine {
    text: String,
    href: String,
    source: String,
}

struct Member {
    title: String,
    href: String,
    source: String,
    time: String,
    reuse: String,
    representative: bool,
    compare: Option<String>,
}

struct Group {
    credit: String,
    note: String,
    members: Vec<Member>,
}

/// One of the links that explain an event (two articles) or a storyline (two events), as
/// `links.html` lists them.
struct LinkLine {
    a: Linked,
    b: Linked,
    /// The link's strength, as a percentage.
    score: String,
    words: Vec<String>,
    /// Names both sides name up front (storyline links only).
    names: Vec<String>,
}

/// One side of a [`LinkLine`]: what it names, where it leads, and a note beside it (an
/// article's source, an event's time).
struct Linked {
    title: String,
    href: String,
    note: String,
}

/// Links listed on an event page; the rest are counted.
const EVENT_PAGE_LINKS: usize = 20;

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    nav: Nav,
    card: EventCard,
    span: String,
    summary: Vec<SummaryLine>,
    entities: Vec<String>,
    groups: Vec<Group>,
    singles: Vec<Member>,
    links: Vec<LinkLine>,
    more_links: usize,
}

async fn event_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<usize>,
    Query(anchor): Query<Anchor>,
) -> Response {
    let view = state.view();
    let id = view.anchored_event(id, anchor.a.as_deref());
    let Some(e) = view.event(id) else {
        return not_found(
            &state,
            &format!("There is no event {id} in the current analysis."),
        );
    };
    let summary = e
        .summary
        .iter()
        .map(|s| {
            let source = view
                .article_index(&s.article)
                .and_then(|i| view.report.articles[i].source.clone())
                .unwrap_or_default();
            SummaryLine {
                text: s.text.clone(),
                href: format!("/articles/{}#at-{}", enc(&s.article), s.start),
                source,
            }
        })
        .collect();
    let member = |m: &crate::api::ArticleBrief, rep: &str| Member {
        title: m.title.clone(),
        href: format!("/articles/{}", enc(&m.id)),
        source: m.source.clone().unwrap_or_default(),
        time: time_label(m.published),
        reuse: percent(m.reuse),
        representative: m.id == rep,
        compare: (m.id != rep).then(|| format!("/compare?a={}&b={}", enc(rep), enc(&m.id))),
    };
    let mut groups = Vec::new();
    let mut singles = Vec::new();
    for g in event_groups(&view, e) {
        if g.members.len() == 1 {
            singles.push(Member {
                compare: None,
                ..member(&g.members[0], &g.representative)
            });
            continue;
        }
        groups.push(Group {
            credit: g.origin.credit.clone().unwrap_or_default(),
            note: origin_line(&view, &g),
            members: g
                .members
                .iter()
                .map(|m| member(m, &g.representative))
                .collect(),
        });
    }
    let span = match (e.first_published, e.last_published) {
        (Some(a), Some(b)) if a != b => {
            format!("{} – {}", time_label(Some(a)), time_label(Some(b)))
        }
        (a, b) => time_label(a.or(b)),
    };
    let side = |id: &str| {
        let r = view.article_index(id).map(|i| &view.report.articles[i]);
        Linked {
            title: r.map_or_else(|| id.to_string(), |r| r.title.clone()),
            href: format!("/articles/{}", enc(id)),
            note: r.and_then(|r| r.source.clone()).unwrap_or_default(),
        }
    };
    let links = e
        .links
        .iter()
        .take(EVENT_PAGE_LINKS)
        .map(|l| LinkLine {
            a: side(&l.a),
            b: side(&l.b),
            score: percent(l.probability),
            words: l.shared.iter().map(SharedTerm::label).collect(),
            names: Vec::new(),
        })
        .collect();
    page(EventPage {
        nav: Nav::of(&state, &view),
        card: event_card(&view, id),
        span,
        summary,
        entities: e.entities.clone(),
        groups,
        singles,
        links,
        more_links: e.links.len().saturating_sub(EVENT_PAGE_LINKS),
    })
}

/// The origin of a copy group in words a reader can use: who credits whom, and which outlet
/// published first (the report's own note names article ids).
fn origin_line(view: &View, g: &crate::api::GroupDetail) -> String {
    let o = &g.origin;
    let mut parts = Vec::new();
    if let Some(c) = &o.credit {
        parts.push(format!(
            "{} of {} credit {c}",
            o.credited_by,
            g.members.len()
        ));
    }
    if let Some(i) = o.earliest.as_deref().and_then(|id| view.article_index(id)) {
        let r = &view.report.articles[i];
        let who = r.source.as_deref().unwrap_or(&r.title);
        parts.push(format!(
            "first published by {who}, {}",
            time_label(r.published)
        ));
    }
    if parts.is_empty() {
        o.note.clone()
    } else {
        parts.join(" · ")
    }
}

struct Side {
    title: String,
    href: String,
    source: String,
    time: String,
    share: String,
    paras: Vec<Para>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    nav: Nav,
    sides: Vec<Side>,
    passages: usize,
    event: Option<String>,
}

#[derive(Deserialize)]
struct CompareParams {
    a: String,
    b: String,
}

async fn compare_page(
    State(state): State<Arc<AppState>>,
    Query(p): Query<CompareParams>,
) -> Response {
    let view = state.view();
    let (Some(ia), Some(ib)) = (view.article_index(&p.a), view.article_index(&p.b)) else {
        return not_found(
            &state,
            "One of the two articles is not in the current analysis.",
        );
    };
    let (ra, a) = view.article(ia);
    let (rb, b) = view.article(ib);
    let mut ma = vec![Mark::Own; a.body.len()];
    let mut mb = vec![Mark::Own; b.body.len()];
    let mut passages = 0;
    for pass in view.passages_of(ia) {
        let (sa, sb) = if pass.a == ra.id && pass.b == rb.id {
            ((pass.a_start, pass.a_end), (pass.b_start, pass.b_end))
        } else if pass.b == ra.id && pass.a == rb.id {
            ((pass.b_start, pass.b_end), (pass.a_start, pass.a_end))
        } else {
            continue;
        };
        passages += 1;
        mark_ranges(&mut ma, [sa], Mark::Shared);
        mark_ranges(&mut mb, [sb], Mark::Shared);
        let (Some(ta), Some(tb)) = (a.body.get(sa.0..sa.1), b.body.get(sb.0..sb.1)) else {
            continue;
        };
        let (ca, cb) = changed_words(ta, tb);
        mark_ranges(
            &mut ma,
            ca.iter().map(|&(s, e)| (sa.0 + s, sa.0 + e)),
            Mark::Changed,
        );
        mark_ranges(
            &mut mb,
            cb.iter().map(|&(s, e)| (sb.0 + s, sb.0 + e)),
            Mark::Changed,
        );
    }
    let share = |marks: &[Mark]| {
        let n = marks.len().max(1);
        percent(marks.iter().filter(|m| **m != Mark::Own).count() as f64 / n as f64)
    };
    let side = |r: &samestory_model::ReportArticle, body: &str, marks: &[Mark]| Side {
        title: r.title.clone(),
        href: format!("/articles/{}", enc(&r.id)),
        source: r.source.clone().unwrap_or_default(),
        time: time_label(r.published),
        share: share(marks),
        paras: paragraphs(body, marks, &[]),
    };
    page(ComparePage {
        nav: Nav::of(&state, &view),
        sides: vec![side(ra, &a.body, &ma), side(rb, &b.body, &mb)],
        passages,
        event: (ra.event == rb.event).then(|| event_href(&view, ra.event)),
    })
}

struct SourceLine {
    href: String,
    compare: String,
    title: String,
    source: String,
    excerpt: String,
    earlier: bool,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    nav: Nav,
    title: String,
    source: String,
    time: String,
    url: String,
    event: Option<String>,
    reuse: String,
    credits: String,
    paras: Vec<Para>,
    sources: Vec<SourceLine>,
    near: Vec<NearLine>,
    note: String,
}

/// A near-duplicate as the article page lists it.
struct NearLine {
    href: String,
    compare: Option<String>,
    title: String,
    overlap: String,
}

/// The near-duplicates of stored article `id` from the live index, titled from `view` where
/// it covers them; empty when the article is not stored or the store cannot be read.
async fn near_lines(state: &Arc<AppState>, view: &View, id: &str) -> Vec<NearLine> {
    let st = state.clone();
    let key = id.to_string();
    let found = tokio::task::spawn_blocking(move || {
        let (seq, raw) = st.store.get(&key).ok()??;
        st.near
            .near_duplicates(st.store.as_ref(), seq, &raw.text)
            .ok()
    })
    .await
    .ok()
    .flatten()
    .unwrap_or_default();
    let mine = view.article_index(id).is_some();
    found
        .into_iter()
        .map(|d| {
            let theirs = view.article_index(&d.id);
            NearLine {
                href: format!("/articles/{}", enc(&d.id)),
                compare: (mine && theirs.is_some())
                    .then(|| format!("/compare?a={}&b={}", enc(id), enc(&d.id))),
                title: theirs.map_or_else(|| d.id.clone(), |i| view.article(i).0.title.clone()),
                overlap: format!(
                    "Jaccard {:.2} · {} of this text in it · {} of it in this one",
                    d.jaccard,
                    percent(d.contained),
                    percent(d.contains)
                ),
            }
        })
        .collect()
}

async fn article_page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let view = state.view();
    let near = near_lines(&state, &view, &id).await;
    let Some(i) = view.article_index(&id) else {
        let st = state.clone();
        let key = id.clone();
        let stored = tokio::task::spawn_blocking(move || st.store.get(&key).ok().flatten())
            .await
            .ok()
            .flatten();
        return match stored {
            Some((seq, raw)) => {
                let note = if seq < view.covers {
                    "Analysis made no article of this record (see the report's errors)."
                } else {
                    "Accepted; not analysed yet. This page shows the text as received."
                };
                // A raw text holds one paragraph per line.
                let text = raw
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                let marks = vec![Mark::Own; text.len()];
                page(ArticlePage {
                    nav: Nav::of(&state, &view),
                    title: raw.title.clone(),
                    source: raw.source.clone().unwrap_or_default(),
                    time: time_label(raw.published),
                    url: raw.url.clone().unwrap_or_default(),
                    event: None,
                    reuse: String::new(),
                    credits: String::new(),
                    paras: paragraphs(&text, &marks, &[]),
                    sources: vec![],
                    near,
                    note: note.into(),
                })
            }
            None => not_found(&state, &format!("There is no article {id}.")),
        };
    };
    let (r, a) = view.article(i);
    let anchors: Vec<usize> = a.sentences.iter().map(|s| s.start).collect();
    let sources = sources_of(&view, i);
    let mut marks = vec![Mark::Own; a.body.len()];
    mark_ranges(
        &mut marks,
        sources.iter().map(|s| (s.start, s.end)),
        Mark::Shared,
    );
    let mut seen = std::collections::HashSet::new();
    let lines = sources
        .iter()
        .filter(|s| seen.insert(s.other.clone()))
        .map(|s| {
            let excerpt: String = a
                .body
                .get(s.start..s.end)
                .unwrap_or("")
                .split_whitespace()
                .take(24)
                .collect::<Vec<_>>()
                .join(" ");
            SourceLine {
                href: format!("/articles/{}", enc(&s.other)),
                compare: format!("/compare?a={}&b={}", enc(&r.id), enc(&s.other)),
                title: s.other_title.clone(),
                source: s.other_source.clone().unwrap_or_default(),
                excerpt,
                earlier: s.other_earlier,
            }
        })
        .collect();
    page(ArticlePage {
        nav: Nav::of(&state, &view),
        title: r.title.clone(),
        source: r.source.clone().unwrap_or_default(),
        time: time_label(r.published),
        url: r.url.clone().unwrap_or_default(),
        event: Some(event_href(&view, r.event)),
        reuse: percent(r.reuse),
        credits: a.credits.join(", "),
        paras: paragraphs(&a.body, &marks, &anchors),
        sources: lines,
        near,
        note: String::new(),
    })
}

struct StorylineCard {
    href: String,
    events: usize,
    first: String,
    last: String,
    span: String,
}

#[derive(Template)]
#[template(path = "storylines.html")]
struct StorylinesPage {
    nav: Nav,
    storylines: Vec<StorylineCard>,
    prev: Option<String>,
    next: Option<String>,
}

async fn storylines_page(
    State(state): State<Arc<AppState>>,
    Query(p): Query<PageParams>,
) -> Response {
    let view = state.view();
    let all = view.storylines();
    let limit = p.limit();
    let storylines = all
        .iter()
        .skip(p.offset)
        .take(limit)
        .map(|s| {
            let first = s.timeline.first();
            let last = s.timeline.last();
            StorylineCard {
                href: s.events.first().map_or_else(
                    || format!("/storylines/{}", s.id),
                    |&e| storyline_href(&view, e),
                ),
                events: s.events.len(),
                first: first.map(|t| t.headline.clone()).unwrap_or_default(),
                last: last.map(|t| t.headline.clone()).unwrap_or_default(),
                span: format!(
                    "{} – {}",
                    time_label(first.and_then(|t| t.time)),
                    time_label(last.and_then(|t| t.time))
                ),
            }
        })
        .collect();
    let link = |offset: usize| format!("/storylines?offset={offset}&limit={limit}");
    page(StorylinesPage {
        nav: Nav::of(&state, &view),
        storylines,
        prev: (p.offset > 0).then(|| link(p.offset.saturating_sub(limit))),
        next: (p.offset + limit < all.len()).then(|| link(p.offset + limit)),
    })
}

#[derive(Template)]
#[template(path = "storyline.html")]
struct StorylinePage {
    nav: Nav,
    id: usize,
    entries: Vec<(String, EventCard)>,
    links: Vec<LinkLine>,
}

async fn storyline_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<usize>,
    Query(anchor): Query<Anchor>,
) -> Response {
    let view = state.view();
    let id = view.anchored_storyline(id, anchor.a.as_deref());
    let Some(s) = view.report.storylines.get(id) else {
        return not_found(
            &state,
            &format!("There is no storyline {id} in the current analysis."),
        );
    };
    let entries = s
        .timeline
        .iter()
        .map(|t| (time_label(t.time), event_card(&view, t.event)))
        .collect();
    let side = |event: usize| {
        let e = &view.report.events[event];
        Linked {
            title: e.headline.clone(),
            href: event_href(&view, event),
            note: time_label(e.first_published),
        }
    };
    let links = s
        .links
        .iter()
        .map(|l| LinkLine {
            a: side(l.a),
            b: side(l.b),
            score: percent(l.similarity),
            words: l.shared.iter().map(SharedTerm::label).collect(),
            names: l.names.iter().map(HeadName::label).collect(),
        })
        .collect();
    page(StorylinePage {
        nav: Nav::of(&state, &view),
        id,
        entries,
        links,
    })
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: Nav,
    hits: Vec<EventCard>,
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn search_page(State(state): State<Arc<AppState>>, Query(p): Query<SearchQuery>) -> Response {
    let view = state.view();
    let hits = view
        .search(&p.q, 50)
        .into_iter()
        .map(|(e, _)| event_card(&view, e))
        .collect();
    let mut nav = Nav::of(&state, &view);
    nav.query = p.q;
    page(SearchPage { nav, hits })
}
