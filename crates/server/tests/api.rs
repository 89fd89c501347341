//! The service end to end over loopback HTTP: ingest (JSON, HTML, file upload), tokens, errors,
//! idempotence, reads, pages, the OpenAPI document and a restart from the redb store.

mod common;

use common::{Server, TOKEN, mem_store, multipart, redb_store, seeds};
use serde_json::{Value, json};

/// The `id` of each object of a JSON array (none when `v` is not an array).
fn ids_of(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().map(|x| x["id"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

fn article(id: &str, url: Option<&str>, text: &str) -> Value {
    json!({"id": id, "url": url, "title": format!("Headline of {id}"), "text": text})
}

const TEXT: &str = "The city council approved the new bridge on Monday after a long debate.\n\nWork will begin in the spring and last two years, the mayor said.";

#[test]
fn seeds_uploaded_as_files_become_the_expected_events() {
    let Some(files) = seeds() else { return };
    let s = Server::start(mem_store());
    let (ct, body) = multipart(&files);
    let (status, text) = s.post("/api/upload", &ct, &body);
    assert_eq!(status, 200, "{text}");
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got["stored"], 5);
    assert_eq!(got["errors"], json!([]));
    s.settle();

    let events = s.get_json("/api/events?sort=biggest");
    assert_eq!(events["total"], 2, "{events}");
    let biggest = &events["events"][0];
    assert_eq!(biggest["articles"], 4);
    let one = s.get_json(&format!("/api/events/{}", biggest["id"]));
    let members: Vec<&str> = one["event"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m.as_str().unwrap()[..3])
        .collect();
    assert_eq!(members, ["000", "001", "002", "003"]);
    // 000-002 are one copy group; the passages between the event's articles come with it.
    assert_eq!(
        one["copy_groups"][0]["members"].as_array().unwrap().len(),
        3
    );
    assert!(!one["passages"].as_array().unwrap().is_empty());
    // One link explains why 003 is in it, through words both bodies write.
    let links = one["event"]["links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0]["b"].as_str().unwrap().starts_with("003"));
    assert!(!links[0]["shared"].as_array().unwrap().is_empty());
    let storylines = s.get_json("/api/storylines");
    assert_eq!(storylines["total"], 1);
    assert_eq!(
        storylines["storylines"][0]["events"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Each shared passage of an article names the other article and slices its body.
    let a = s.get_json("/api/articles/001_5a50bc4834a4b919");
    assert_eq!(a["analysed"], true);
    let a_body = a["body"].as_str().unwrap();
    let src = &a["sources"][0];
    let (start, end) = (
        src["start"].as_u64().unwrap() as usize,
        src["end"].as_u64().unwrap() as usize,
    );
    assert!(
        a_body
            .get(start..end)
            .is_some_and(|t| t.split_whitespace().count() > 5)
    );

    // Pages: the list, the event, a comparison with highlighted shared and changed words.
    let (status, html) = s.get("/");
    assert_eq!(status, 200);
    assert!(
        html.contains(
            biggest["headline"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
        )
    );
    let (status, html) = s.get(&format!("/events/{}", biggest["id"]));
    assert_eq!(status, 200);
    assert!(
        html.contains("/compare?a="),
        "the event page links a comparison"
    );
    assert!(
        html.contains("Why these are one event") && html.contains("Daraa/Deraa"),
        "the event page says what links its articles"
    );
    let (status, html) = s.get("/compare?a=000_fa2ba250bca2fe37&b=002_03146239e8682a65");
    assert_eq!(status, 200);
    assert!(html.contains("class=\"shared\"") && html.contains("class=\"changed\""));
    let (status, html) = s.get("/articles/003_f27bd7b462f6375f");
    assert_eq!(status, 200);
    assert!(html.contains("Also found in"));
    let (_, html) = s.get("/storylines/0");
    assert!(html.contains("timeline"));
    assert!(
        html.contains("Why these are one storyline") && html.contains("Observatory"),
        "the storyline page says what links its events"
    );
    assert!(
        html.contains("both name up front") && html.contains("Islamic State"),
        "and which name up front let them join"
    );
    // Page links name a member article, which wins over a stale event number.
    let (status, html) = s.get("/events/77?a=001_5a50bc4834a4b919");
    assert_eq!(status, 200);
    assert!(
        html.contains("Copies of one text"),
        "the Deraa event, whatever its number"
    );
    let (status, _) = s.get("/storylines/9?a=004_5cf1ccbb3be23d88");
    assert_eq!(status, 200);
    // The API does the same with an event's anchor.
    let anchored = s.get_json(&format!(
        "/api/events/77?a={}",
        biggest["anchor"].as_str().unwrap()
    ));
    assert_eq!(anchored["event"]["id"], biggest["id"]);

    // Search finds the event by a spelling only some outlets used.
    let hits = s.get_json("/api/search?q=Daraa");
    assert_eq!(hits[0]["event"]["id"], biggest["id"]);
    let (_, html) = s.get("/search?q=Deraa+hostages");
    assert!(html.contains("data-event"));

    // The same files again are duplicates, nothing is stored twice.
    let (status, text) = s.post("/api/upload", &ct, &body);
    assert_eq!(status, 200);
    let again: Value = serde_json::from_str(&text).unwrap();
    assert!(
        again["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "duplicate")
    );
    assert_eq!(again["stored"], 5);
}

#[test]
fn writes_need_the_token() {
    let s = Server::start(mem_store());
    let body = article("a", None, TEXT).to_string();
    let (status, text) = s.post_as("/api/articles", "application/json", body.as_bytes(), None);
    assert_eq!(status, 401);
    assert!(text.contains("Authorization: Bearer"), "{text}");
    let (status, _) = s.post_as(
        "/api/articles",
        "application/json",
        body.as_bytes(),
        Some("nope"),
    );
    assert_eq!(status, 403);
    assert_eq!(s.state.store.len().unwrap(), 0);
}

#[test]
fn bad_records_are_reported_and_the_rest_is_kept() {
    let s = Server::start(mem_store());
    let batch = json!([
        article("good-1", Some("https://x.example/1"), TEXT),
        {"id": "no-text", "title": "Nothing"},
        "not an object",
        {"id": "bad-time", "text": TEXT, "published": "yesterday-ish"},
        article("good-2", None, TEXT),
    ]);
    let (status, text) = s.post(
        "/api/articles",
        "application/json",
        batch.to_string().as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    let got: Value = serde_json::from_str(&text).unwrap();
    let ids = ids_of(&got["accepted"]);
    assert_eq!(ids, ["good-1", "good-2"]);
    let errors = got["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0]["input"].as_str().unwrap().contains("[1]"));
    assert!(errors[0]["error"].as_str().unwrap().contains("empty"));

    // Same id, or same URL under another id: duplicates.
    let again = json!([
        article("good-1", None, TEXT),
        article("other", Some("https://x.example/1#frag"), TEXT)
    ]);
    let (_, text) = s.post(
        "/api/articles",
        "application/json",
        again.to_string().as_bytes(),
    );
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got["accepted"][1]["duplicate_of"], "good-1");
    assert_eq!(got["stored"], 2);

    // Not JSON at all, invalid UTF-8, an empty body: 400 with a JSON error.
    for body in [&b"{\"id\": 1,"[..], b"\xff\xfe{}", b"  "] {
        let (status, text) = s.post("/api/articles", "application/json", body);
        assert_eq!(status, 400, "{text}");
        assert!(serde_json::from_str::<Value>(&text).unwrap()["error"].is_string());
    }
    // Only bad records: 422 with the reasons.
    let (status, text) = s.post("/api/articles", "application/json", br#"[{"id": "x"}]"#);
    assert_eq!(status, 422, "{text}");
    // Over the size limit (1 MiB in these tests): 413 with a JSON error, answered from the
    // headers alone (an HTTP client would see the connection close while it still sends).
    let reply = s.raw(&format!(
        "POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        3 << 20
    ));
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("{\"error\":"), "{reply}");
    // JSON Lines work too.
    let lines = format!(
        "{}\n{}\n",
        article("l1", None, TEXT),
        article("l2", None, TEXT)
    );
    let (status, _) = s.post("/api/articles", "application/x-ndjson", lines.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(s.state.store.len().unwrap(), 4);
}

#[test]
fn an_html_page_is_extracted_and_named_by_its_url() {
    let s = Server::start(mem_store());
    let page = format!(
        r#"<html><head><title>Bridge approved</title><meta property="og:url" content="https://news.example/bridge"></head>
        <body><nav>Home | News</nav><article><h1>Bridge approved</h1><p>{}</p><p>{}</p></article></body></html>"#,
        TEXT.replace("\n\n", "</p><p>"),
        "Residents welcomed the decision, which ends years of delays on the project."
    );
    let (status, text) = s.post(
        "/api/articles/html",
        "text/html; charset=utf-8",
        page.as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got["accepted"][0]["id"], "https://news.example/bridge");
    // Before the analysis catches up, the article is served as received.
    let a = s.get_json("/api/articles/https://news.example/bridge");
    assert!(a["body"].as_str().unwrap().contains("bridge"));
    // Pages link URL ids percent-encoded; both spellings reach the article.
    let (status, html) = s.get("/articles/https%3A%2F%2Fnews.example%2Fbridge");
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Bridge approved"), "{html}");
    let (status, text) = s.post(
        "/api/articles/html",
        "text/html",
        b"<html><body></body></html>",
    );
    assert_eq!(status, 422, "{text}");
}

#[test]
fn ops_endpoints_answer() {
    let s = Server::start(mem_store());
    assert_eq!(s.get("/healthz"), (200, "ok".into()));
    let doc = s.get_json("/openapi.json");
    for path in [
        "/api/articles",
        "/api/events",
        "/api/events/{id}",
        "/api/search",
        "/api/upload",
    ] {
        assert!(doc["paths"][path].is_object(), "OpenAPI lacks {path}");
    }
    assert_eq!(s.get("/docs/").0, 200);
    let (_, metrics) = s.get("/metrics");
    assert!(
        metrics.contains("samestory_articles_added_total 0"),
        "{metrics}"
    );
    assert!(metrics.contains("samestory_http_request_seconds_bucket{kind=\"read\""));
    let (status, html) = s.get("/events/99");
    assert_eq!(status, 404);
    assert!(html.contains("no event 99") || html.contains("There is no event 99"));
    assert_eq!(s.get("/api/events/99").0, 404);
    // Parameters that do not parse are JSON errors too.
    for path in [
        "/api/events/abc",
        "/api/events?offset=-1",
        "/api/storylines?limit=x",
    ] {
        let (status, body) = s.get(path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());
    }
    assert_eq!(s.get_json("/api/search"), serde_json::json!([]));
    assert_eq!(s.get("/assets/style.css").0, 200);
}

#[test]
fn a_restart_serves_the_saved_analysis_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let batch = json!([article("r1", None, TEXT), article("r2", None, TEXT)]);
    {
        let s = Server::start(redb_store(&path));
        s.post(
            "/api/articles",
            "application/json",
            batch.to_string().as_bytes(),
        );
        s.settle();
        assert_eq!(s.get_json("/api/status")["analysed"], 2);
    }
    let s = Server::start(redb_store(&path));
    let status = s.get_json("/api/status");
    assert_eq!(
        status["analysed"], 2,
        "the snapshot is served without a new analysis: {status}"
    );
    assert_eq!(status["analyst"]["runs"], 0);
    assert_eq!(s.get_json("/api/events")["total"], 1);
}

#[test]
fn near_duplicates_are_known_at_ingest_and_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let wire = "Fighters of the Islamic State group cornered in the south of Syria released \
        hostages on Tuesday in exchange for safe passage out of the Yarmouk valley, officials \
        said. The deal was reached after weeks of talks with government negotiators and tribal \
        leaders, according to a monitoring group based in Britain.\n\nBuses carrying the \
        fighters and their families left the area at dawn under the watch of the army.";
    let edited = wire
        .replace("Islamic State group", "IS group")
        .replace("at dawn", "early in the morning");
    let other = "The national football team won its qualifying match on Saturday with two late \
        goals, sending thousands of supporters into the streets of the capital to celebrate.";
    let near_of = |v: &Value| -> Vec<String> {
        v["near_duplicates"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| d["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    {
        let s = Server::start(redb_store(&path));
        let first = json!([article("wire", None, wire), article("other", None, other)]);
        let (code, body) = s.post(
            "/api/articles",
            "application/json",
            first.to_string().as_bytes(),
        );
        assert_eq!(code, 200, "{body}");
        let got: Value = serde_json::from_str(&body).unwrap();
        assert!(near_of(&got["accepted"][0]).is_empty(), "{got}");
        let (code, body) = s.post(
            "/api/articles",
            "application/json",
            article("copy", None, &edited).to_string().as_bytes(),
        );
        assert_eq!(code, 200, "{body}");
        let got: Value = serde_json::from_str(&body).unwrap();
        let near = &got["accepted"][0]["near_duplicates"];
        assert_eq!(near_of(&got["accepted"][0]), ["wire"], "{got}");
        let j = near[0]["jaccard"].as_f64().unwrap();
        assert!((0.5..1.0).contains(&j), "{near}");
        assert_eq!(s.get_json("/api/status")["near_indexed"], 3);
    }
    // The index is rebuilt from the stored signatures; both directions are answered.
    let s = Server::start(redb_store(&path));
    assert_eq!(s.get_json("/api/status")["near_indexed"], 3);
    assert_eq!(near_of(&s.get_json("/api/articles/wire")), ["copy"]);
    assert!(near_of(&s.get_json("/api/articles/other")).is_empty());
    let (code, page) = s.get("/articles/wire");
    assert_eq!(code, 200);
    assert!(
        page.contains("Near-duplicates") && page.contains(r#"href="/articles/copy""#),
        "{page}"
    );
}

/// One WARC `response` record holding `body` as an HTML page.
fn warc_record(uri: &str, body: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
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
fn warc_and_jsonl_files_upload_and_a_truncated_tail_is_one_error() {
    let s = Server::start(mem_store());
    let page = |n: u32| {
        format!(
            "<html><head><title>Bridge {n} approved</title></head><body><article><h1>Bridge {n} approved</h1><p>{}</p><p>Residents of district {n} welcomed the decision on Monday evening.</p></article></body></html>",
            TEXT.replace("\n\n", "</p><p>")
        )
    };
    let mut warc = warc_record("https://w.example/1", &page(1));
    warc.extend(warc_record("https://w.example/2", &page(2)));
    let whole = warc.len();
    warc.extend(warc_record("https://w.example/3", &page(3)));
    warc.truncate(whole + 150);
    let jsonl = format!("{}\n{{\"id\": \"broken\"\n", article("j1", None, TEXT));
    let (ct, body) = multipart(&[
        ("crawl.warc".to_string(), warc),
        ("feed.jsonl".to_string(), jsonl.into_bytes()),
    ]);
    let (status, text) = s.post("/api/upload", &ct, &body);
    assert_eq!(status, 200, "{text}");
    let got: Value = serde_json::from_str(&text).unwrap();
    let ids = ids_of(&got["accepted"]);
    assert_eq!(ids, ["https://w.example/1", "https://w.example/2", "j1"]);
    let errors: Vec<&str> = got["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["input"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("upload:crawl.warc"), "{errors:?}");
    assert!(errors[1].starts_with("upload:feed.jsonl:2"), "{errors:?}");
    // The spool keeps nothing once the request is answered.
    assert_eq!(std::fs::read_dir(s.spool()).unwrap().count(), 0);
}
