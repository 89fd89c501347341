//! The JSON API under `/api`, `/healthz`, `/metrics` and the OpenAPI document
//! (`/openapi.json`, browsable at `/docs`).
//!
//! Writes need `Authorization: Bearer <token>`; every failure is a 4xx/5xx with
//! `{"error": "..."}`. Ingest is idempotent: an article whose id or URL is already stored is
//! reported as a duplicate and not stored again.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use samestory_model::{Event, Origin, Passage, RawArticle, RecordError, Storyline};
use samestory_store::Put;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::analyst::AnalystStatus;
use crate::error::{ApiError, ErrorBody, JsonPath, JsonQuery};
use crate::near::NearDuplicate;
use crate::upload;
use crate::view::{Sort, View};

type AppResult<T> = Result<T, ApiError>;

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/articles", post(post_articles))
        .route("/api/articles/html", post(post_html))
        .route("/api/upload", post(post_upload))
        .route("/api/articles/{*id}", get(get_article))
        .route("/api/events", get(list_events))
        .route("/api/events/{id}", get(get_event))
        .route("/api/storylines", get(list_storylines))
        .route("/api/storylines/{id}", get(get_storyline))
        .route("/api/search", get(search))
        .route("/api/status", get(status))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", ApiDoc::openapi()))
        .layer(DefaultBodyLimit::max(state.max_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refuse_large,
        ))
        .with_state(state)
}

/// Answers 413 from the headers when the declared length is over the limit, before reading
/// any of the body (a streamed body is cut at the limit by `DefaultBodyLimit` instead).
async fn refuse_large(
    State(state): State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > state.max_body as u64 => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is {n} bytes; the limit is {} bytes",
                state.max_body
            ),
        )
        .into_response(),
        _ => next.run(req).await,
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "samestory",
        description = "Tells which news articles tell the same story: syndicated copies and the passages they share, events, storylines and summaries."
    ),
    paths(
        post_articles, post_html, post_upload, get_article, list_events, get_event,
        list_storylines, get_storyline, search, status, healthz, metrics
    ),
    components(schemas(Sort)),
    modifiers(&BearerAuth),
    tags((name = "ingest", description = "Adding articles (needs the write token)"),
         (name = "read", description = "Events, storylines, articles and search"),
         (name = "ops", description = "Health, status and metrics"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Checks the write token in constant time.
fn authorize(state: &AppState, headers: &HeaderMap) -> AppResult<()> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need the header 'Authorization: Bearer <token>'",
        ));
    };
    let (a, b) = (given.as_bytes(), state.token.as_bytes());
    let same = a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "wrong token"))
    }
}

// ---------------------------------------------------------------------------------------------
// Ingest

/// What happened to one article of a request.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub id: String,
    /// `added`, or `duplicate` when an article with this id or URL was already stored.
    pub status: &'static str,
    /// The stored article this one repeats, for duplicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// For added articles: stored articles whose text overlaps this one's (word 5-shingle
    /// Jaccard >= 0.5, or 70% of either found in the other), most similar first, at most 20.
    /// Known at once, before analysis.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_duplicates: Vec<NearDuplicate>,
}

/// The outcome of an ingest request: every record is either accepted or an error.
#[derive(Serialize, ToSchema)]
pub struct IngestResponse {
    pub accepted: Vec<Accepted>,
    /// Records that could not be read as articles, with the reason.
    pub errors: Vec<RecordError>,
    /// Articles in the store after this request.
    pub stored: u64,
}

/// Stores the readable records (one durable commit) and reports on every record.
async fn ingest(state: Arc<AppState>, records: upload::Records) -> AppResult<Response> {
    let mut articles: Vec<RawArticle> = Vec::new();
    let mut errors = Vec::new();
    for r in records {
        match r {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
    }
    let st = state.clone();
    let (articles, puts, near, stored) = tokio::task::spawn_blocking(move || {
        let puts = st.store.put(&articles)?;
        let stored = st.store.len()?;
        let first = puts.iter().find_map(|p| match p {
            Put::Added { seq } => Some(*seq),
            Put::Duplicate { .. } => None,
        });
        let mut near = vec![Vec::new(); articles.len()];
        if let Some(first) = first {
            // The whole batch is indexed before any of it is queried, so copies inside one
            // request find each other.
            st.near.insert(st.store.fingerprints_from(first)?);
            for ((a, p), n) in articles.iter().zip(&puts).zip(&mut near) {
                if let Put::Added { seq } = p {
                    *n = st.near.near_duplicates(st.store.as_ref(), *seq, &a.text)?;
                }
            }
        }
        Ok::<_, ApiError>((articles, puts, near, stored))
    })
    .await
    .map_err(ApiError::internal)??;
    let m = &state.metrics;
    use std::sync::atomic::Ordering::Relaxed;
    m.records_rejected.fetch_add(errors.len() as u64, Relaxed);
    let mut added = 0;
    let accepted: Vec<Accepted> = articles
        .into_iter()
        .zip(puts)
        .zip(near)
        .map(|((a, p), near_duplicates)| match p {
            Put::Added { .. } => {
                added += 1;
                Accepted {
                    id: a.id,
                    status: "added",
                    duplicate_of: None,
                    near_duplicates,
                }
            }
            Put::Duplicate { id } => Accepted {
                id: a.id,
                status: "duplicate",
                duplicate_of: Some(id),
                near_duplicates,
            },
        })
        .collect();
    m.articles_added.fetch_add(added, Relaxed);
    m.articles_duplicate
        .fetch_add(accepted.len() as u64 - added, Relaxed);
    if added > 0 {
        state.analyst.request();
    }
    let code = if accepted.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        code,
        Json(IngestResponse {
            accepted,
            errors,
            stored,
        }),
    )
        .into_response())
}

/// Adds articles from JSON: one object, an array of objects, or JSON Lines. Fields as in a
/// JSONL input: `id`, `title`, `text` (or `body`/`content`), `url`, `source`, `published`,
/// `language`; others are kept as metadata.
#[utoipa::path(post, path = "/api/articles", tag = "ingest",
    request_body(content = String, content_type = "application/json",
        description = "An article object, an array of them, or JSON Lines"),
    security(("token" = [])),
    responses(
        (status = 200, description = "At least one article accepted (added or duplicate)", body = IngestResponse),
        (status = 422, description = "No record could be read as an article", body = IngestResponse),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No token", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody)))]
async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Response> {
    authorize(&state, &headers)?;
    let body = body?;
    let records = tokio::task::spawn_blocking(move || upload::from_json(&body))
        .await
        .map_err(ApiError::internal)??;
    ingest(state, records).await
}

#[derive(Deserialize, IntoParams)]
struct HtmlParams {
    /// Where the page was fetched from (used when the page names no canonical URL).
    url: Option<String>,
    /// The article's id; defaults to the page's URL, else a hash of the page.
    id: Option<String>,
}

/// Adds one article extracted from a raw HTML page (the body).
#[utoipa::path(post, path = "/api/articles/html", tag = "ingest", params(HtmlParams),
    request_body(content = String, content_type = "text/html"),
    security(("token" = [])),
    responses(
        (status = 200, description = "The article was accepted (added or duplicate)", body = IngestResponse),
        (status = 422, description = "No article could be extracted", body = ErrorBody),
        (status = 401, description = "No token", body = ErrorBody)))]
async fn post_html(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    JsonQuery(params): JsonQuery<HtmlParams>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Response> {
    authorize(&state, &headers)?;
    let body = body?;
    let charset = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| {
            ct.split(';')
                .find_map(|p| p.trim().strip_prefix("charset="))
        })
        .map(|c| c.trim_matches('"').to_string());
    let article = tokio::task::spawn_blocking(move || {
        upload::from_html(
            &body,
            charset.as_deref(),
            params.url.as_deref(),
            params.id.as_deref(),
        )
    })
    .await
    .map_err(ApiError::internal)??;
    ingest(state, vec![Ok(article)]).await
}

/// Adds the articles of uploaded files (multipart form, any number of file fields), each read
/// like a file given to `samestory run`: `.txt`, `.jsonl`, `.html`, `.warc`, optionally `.gz` or
/// `.zst`; other names are recognised by content.
#[utoipa::path(post, path = "/api/upload", tag = "ingest",
    request_body(content = String, content_type = "multipart/form-data"),
    security(("token" = [])),
    responses(
        (status = 200, description = "At least one article accepted", body = IngestResponse),
        (status = 422, description = "No record could be read as an article", body = IngestResponse),
        (status = 400, description = "Not a multipart form, or no files in it", body = ErrorBody),
        (status = 401, description = "No token", body = ErrorBody)))]
async fn post_upload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    authorize(&state, &headers)?;
    let mut form = form?;
    let mut records = Vec::new();
    let mut files = 0;
    while let Some(field) = form.next_field().await? {
        let name = field
            .file_name()
            .or(field.name())
            .unwrap_or("upload")
            .to_string();
        let bytes = field.bytes().await?;
        files += 1;
        let spool = state.spool.clone();
        let options = state.engine.config.ingest;
        let got =
            tokio::task::spawn_blocking(move || upload::from_file(&spool, &name, &bytes, options))
                .await
                .map_err(ApiError::internal)?;
        records.extend(got);
    }
    if files == 0 {
        return Err(ApiError::bad_request("the form holds no files"));
    }
    ingest(state, records).await
}

// ---------------------------------------------------------------------------------------------
// Reads

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `newest` (latest article first, the default) or `biggest`.
    #[serde(default)]
    pub sort: Sort,
    #[serde(default)]
    #[param(minimum = 0, maximum = 4294967295_u64)]
    pub offset: usize,
    /// At most 200; 20 by default.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<usize>,
}

impl PageParams {
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(20).clamp(1, 200)
    }
}

/// An event in a list.
#[derive(Serialize, ToSchema)]
pub struct EventBrief {
    /// Id in the current analysis; a re-analysis may renumber events.
    pub id: usize,
    /// A member article: `GET /api/events/{id}?a={anchor}` finds this event again after a
    /// re-analysis renumbered it.
    pub anchor: String,
    pub headline: String,
    /// The summary's sentences joined.
    pub summary: String,
    pub articles: usize,
    /// Distinct sources.
    pub outlets: usize,
    pub storyline: usize,
    pub first_published: Option<DateTime<Utc>>,
    pub last_published: Option<DateTime<Utc>>,
}

pub fn event_brief(view: &View, e: &Event) -> EventBrief {
    EventBrief {
        id: e.id,
        anchor: e.members[0].clone(),
        headline: e.headline.clone(),
        summary: e
            .summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        articles: e.members.len(),
        outlets: view.outlets(e.id),
        storyline: e.storyline,
        first_published: e.first_published,
        last_published: e.last_published,
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub total: usize,
    pub offset: usize,
    pub events: Vec<EventBrief>,
    /// Accepted articles the analysis covers (later ones are not in any event yet).
    pub analysed: u64,
}

/// Events, newest or biggest first, a page at a time.
#[utoipa::path(get, path = "/api/events", tag = "read", params(PageParams),
    responses((status = 200, body = EventList),
        (status = 400, description = "A parameter does not parse", body = ErrorBody)))]
async fn list_events(
    State(state): State<Arc<AppState>>,
    JsonQuery(p): JsonQuery<PageParams>,
) -> Json<EventList> {
    let view = state.view();
    let events = view
        .events(p.sort)
        .skip(p.offset)
        .take(p.limit())
        .map(|e| event_brief(&view, &view.report.events[e]))
        .collect();
    Json(EventList {
        total: view.report.events.len(),
        offset: p.offset,
        events,
        analysed: view.covers,
    })
}

/// An article in an event or copy group.
#[derive(Serialize, ToSchema)]
pub struct ArticleBrief {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// Share of the body found in other articles.
    pub reuse: f64,
    pub words: usize,
}

fn article_brief(view: &View, i: usize) -> ArticleBrief {
    let (r, _) = view.article(i);
    ArticleBrief {
        id: r.id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        url: r.url.clone(),
        published: r.published,
        reuse: r.reuse,
        words: r.words,
    }
}

/// A copy group inside an event.
#[derive(Serialize, ToSchema)]
pub struct GroupDetail {
    pub id: usize,
    pub representative: String,
    pub origin: Origin,
    pub members: Vec<ArticleBrief>,
}

#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    pub event: Event,
    pub outlets: usize,
    /// The event's articles by copy group, largest group first.
    pub copy_groups: Vec<GroupDetail>,
    /// Passages shared between two of the event's articles.
    pub passages: Vec<Passage>,
}

/// The event's copy groups (members in event order), largest first.
pub fn event_groups(view: &View, e: &Event) -> Vec<GroupDetail> {
    let mut groups: Vec<GroupDetail> = Vec::new();
    let mut slot: std::collections::HashMap<usize, usize> = Default::default();
    for m in &e.members {
        let Some(i) = view.article_index(m) else {
            continue;
        };
        let g = view.report.articles[i].copy_group;
        let at = *slot.entry(g).or_insert_with(|| {
            let cg = &view.report.copy_groups[g];
            groups.push(GroupDetail {
                id: g,
                representative: cg.representative.clone(),
                origin: cg.origin.clone(),
                members: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].members.push(article_brief(view, i));
    }
    groups.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.id.cmp(&b.id)));
    groups
}

/// Passages between two members of the event.
pub fn event_passages(view: &View, e: &Event) -> Vec<Passage> {
    let members: std::collections::HashSet<&str> = e.members.iter().map(String::as_str).collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for m in &e.members {
        let Some(i) = view.article_index(m) else {
            continue;
        };
        for p in view.passages_of(i) {
            if members.contains(p.a.as_str())
                && members.contains(p.b.as_str())
                && seen.insert((p.a.clone(), p.a_start, p.b.clone(), p.b_start))
            {
                out.push(p.clone());
            }
        }
    }
    out
}

/// One event: summary, headline, entities, members by copy group and shared passages.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnchorParams {
    /// A member article (an event's `anchor`): when given and known, the event that holds it
    /// now is returned, whatever `id` says.
    pub a: Option<String>,
}

#[utoipa::path(get, path = "/api/events/{id}", tag = "read",
    params(("id" = usize, Path, description = "Event id in the current analysis", minimum = 0, maximum = 4294967295_u64), AnchorParams),
    responses((status = 200, body = EventDetail), (status = 404, body = ErrorBody),
        (status = 400, description = "The id is not a number", body = ErrorBody)))]
async fn get_event(
    State(state): State<Arc<AppState>>,
    JsonPath(id): JsonPath<usize>,
    JsonQuery(anchor): JsonQuery<AnchorParams>,
) -> AppResult<Json<EventDetail>> {
    let view = state.view();
    let id = view.anchored_event(id, anchor.a.as_deref());
    let e = view
        .event(id)
        .ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
    Ok(Json(EventDetail {
        event: e.clone(),
        outlets: view.outlets(id),
        copy_groups: event_groups(&view, e),
        passages: event_passages(&view, e),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct StorylineList {
    pub total: usize,
    pub offset: usize,
    pub storylines: Vec<Storyline>,
}

/// Storylines with more than one event, those with the most events first.
#[utoipa::path(get, path = "/api/storylines", tag = "read", params(PageParams),
    responses((status = 200, body = StorylineList),
        (status = 400, description = "A parameter does not parse", body = ErrorBody)))]
async fn list_storylines(
    State(state): State<Arc<AppState>>,
    JsonQuery(p): JsonQuery<PageParams>,
) -> Json<StorylineList> {
    let view = state.view();
    let all = view.storylines();
    Json(StorylineList {
        total: all.len(),
        offset: p.offset,
        storylines: all
            .into_iter()
            .skip(p.offset)
            .take(p.limit())
            .cloned()
            .collect(),
    })
}

/// One storyline with its timeline.
#[utoipa::path(get, path = "/api/storylines/{id}", tag = "read",
    params(("id" = usize, Path, description = "Storyline id in the current analysis", minimum = 0, maximum = 4294967295_u64)),
    responses((status = 200, body = Storyline), (status = 404, body = ErrorBody),
        (status = 400, description = "The id is not a number", body = ErrorBody)))]
async fn get_storyline(
    State(state): State<Arc<AppState>>,
    JsonPath(id): JsonPath<usize>,
) -> AppResult<Json<Storyline>> {
    let view = state.view();
    view.report
        .storylines
        .get(id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no storyline {id}")))
}

/// A passage of this article found in another one.
#[derive(Serialize, ToSchema)]
pub struct Source {
    /// Byte range in this article's normalized body.
    pub start: usize,
    pub end: usize,
    pub other: String,
    pub other_title: String,
    pub other_source: Option<String>,
    /// Byte range in the other article's normalized body.
    pub other_start: usize,
    pub other_end: usize,
    /// The other article was published first.
    pub other_earlier: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleDetail {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    /// The current analysis covers this article.
    pub analysed: bool,
    /// The normalized body when analysed, else the text as received.
    pub body: String,
    pub copy_group: Option<usize>,
    pub event: Option<usize>,
    pub reuse: Option<f64>,
    /// Credit lines found in the text.
    pub credits: Vec<String>,
    /// Where the article's shared passages also appear.
    pub sources: Vec<Source>,
    /// Stored articles whose text as received overlaps this one's (see `Accepted`), found by
    /// the live MinHash index whether or not the analysis covers the article yet.
    pub near_duplicates: Vec<NearDuplicate>,
    /// Why analysis made no article of it, when it did not.
    pub error: Option<String>,
}

/// The passages of article `i` found elsewhere, in body order.
pub fn sources_of(view: &View, i: usize) -> Vec<Source> {
    let (me, _) = view.article(i);
    let mut out: Vec<Source> = view
        .passages_of(i)
        .filter_map(|p| {
            let (start, end, other, os, oe) = if p.a == me.id {
                (p.a_start, p.a_end, &p.b, p.b_start, p.b_end)
            } else {
                (p.b_start, p.b_end, &p.a, p.a_start, p.a_end)
            };
            let (o, _) = view.article(view.article_index(other)?);
            Some(Source {
                start,
                end,
                other: o.id.clone(),
                other_title: o.title.clone(),
                other_source: o.source.clone(),
                other_start: os,
                other_end: oe,
                other_earlier: matches!((o.published, me.published), (Some(a), Some(b)) if a < b),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.start, &a.other).cmp(&(b.start, &b.other)));
    out
}

/// One article: its text, copy group, event, reuse and the sources of its shared passages.
#[utoipa::path(get, path = "/api/articles/{id}", tag = "read",
    params(("id" = String, Path, description = "Article id (URL ids may be sent as they are)")),
    responses((status = 200, body = ArticleDetail), (status = 404, body = ErrorBody)))]
async fn get_article(
    State(state): State<Arc<AppState>>,
    JsonPath(id): JsonPath<String>,
) -> AppResult<Json<ArticleDetail>> {
    let view = state.view();
    let st = state.clone();
    let key = id.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let Some((seq, raw)) = st.store.get(&key)? else {
            return Ok::<_, ApiError>(None);
        };
        let near = st.near.near_duplicates(st.store.as_ref(), seq, &raw.text)?;
        Ok(Some((seq, raw, near)))
    })
    .await
    .map_err(ApiError::internal)??;
    let Some((seq, raw, near_duplicates)) = stored else {
        return Err(ApiError::not_found(format!("no article {id}")));
    };
    if let Some(i) = view.article_index(&id) {
        let (r, a) = view.article(i);
        return Ok(Json(ArticleDetail {
            id: r.id.clone(),
            title: r.title.clone(),
            source: r.source.clone(),
            url: r.url.clone(),
            published: r.published,
            language: r.language.clone(),
            analysed: true,
            body: a.body.clone(),
            copy_group: Some(r.copy_group),
            event: Some(r.event),
            reuse: Some(r.reuse),
            credits: a.credits.clone(),
            sources: sources_of(&view, i),
            near_duplicates,
            error: None,
        }));
    }
    let analysed = seq < view.covers;
    let error = analysed.then(|| {
        view.report
            .errors
            .iter()
            .find(|e| e.input == raw.provenance.to_string())
            .map(|e| e.error.clone())
            .unwrap_or_else(|| "analysis made no article of it".into())
    });
    Ok(Json(ArticleDetail {
        id: raw.id,
        title: raw.title,
        source: raw.source,
        url: raw.url,
        published: raw.published,
        language: raw.language,
        analysed,
        body: raw.text,
        copy_group: None,
        event: None,
        reuse: None,
        credits: vec![],
        sources: vec![],
        near_duplicates,
        error,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words that every matching article holds (case and accents ignored); none matches
    /// nothing.
    #[serde(default)]
    pub q: String,
    /// At most 100; 20 by default.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    pub score: f32,
    pub event: EventBrief,
}

/// Events whose articles hold every word of the query, best first.
#[utoipa::path(get, path = "/api/search", tag = "read", params(SearchParams),
    responses((status = 200, body = Vec<SearchHit>),
        (status = 400, description = "A parameter does not parse", body = ErrorBody)))]
async fn search(
    State(state): State<Arc<AppState>>,
    JsonQuery(p): JsonQuery<SearchParams>,
) -> Json<Vec<SearchHit>> {
    let view = state.view();
    let limit = p.limit.unwrap_or(20).clamp(1, 100);
    Json(
        view.search(&p.q, limit)
            .into_iter()
            .map(|(e, score)| SearchHit {
                score,
                event: event_brief(&view, &view.report.events[e]),
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct Status {
    /// Articles in the store.
    pub stored: u64,
    /// Accepted articles the current analysis covers.
    pub analysed: u64,
    pub events: usize,
    pub storylines: usize,
    pub copy_groups: usize,
    /// Articles in the live near-duplicate index (those with five words or more).
    pub near_indexed: usize,
    pub analyst: AnalystStatus,
}

/// Counts and what the analyst is doing.
#[utoipa::path(get, path = "/api/status", tag = "ops", responses((status = 200, body = Status)))]
async fn status(State(state): State<Arc<AppState>>) -> AppResult<Json<Status>> {
    let view = state.view();
    Ok(Json(Status {
        stored: state.store.len()?,
        analysed: view.covers,
        events: view.report.events.len(),
        storylines: view.report.storylines.len(),
        copy_groups: view.report.copy_groups.len(),
        near_indexed: state.near.len(),
        analyst: state.analyst.status(),
    }))
}

/// Liveness: `ok` when the store answers.
#[utoipa::path(get, path = "/healthz", tag = "ops",
    responses((status = 200, body = String), (status = 503, body = ErrorBody)))]
async fn healthz(State(state): State<Arc<AppState>>) -> AppResult<&'static str> {
    state
        .store
        .len()
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    Ok("ok")
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, body = String)))]
async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(&state),
    )
}
