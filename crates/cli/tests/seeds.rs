//! The seeds' acceptance test: what `../shared/seeds/EXPECTED.md` says they must produce.

mod common;

use samestory_engine::{Engine, NoProgress};
use samestory_model::{Report, TextField};

/// Boilerplate from EXPECTED.md that must not remain in any body.
const BOILERPLATE: &[&str] = &[
    "JOIN BREITBART",
    "Takes 2 seconds",
    "Please let us know if you're having issues with commenting",
    "Related Articles",
    "Read more:",
    "AFP PHOTO",
    "Reuters photo",
    "EDITORIAL USE ONLY",
    "source_without_link",
    "Powered by automated translation",
    "A string of suicide blasts and raids claimed by Daesh",
    "White Helmets escaped Syria",
];

fn id<'a>(report: &'a Report, prefix: &str) -> &'a str {
    &report
        .articles
        .iter()
        .find(|a| a.id.starts_with(prefix))
        .expect("seed present")
        .id
}

#[test]
fn seeds_give_the_expected_structure() {
    let Some(seeds) = common::shared_path("seeds") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = common::samestory(&[
        "run",
        seeds.to_str().unwrap(),
        "--out",
        tmp.path().to_str().unwrap(),
        "--quiet",
    ]);
    let report: Report =
        serde_json::from_slice(&std::fs::read(tmp.path().join("report.json")).unwrap())
            .expect("report matches the schema types");

    assert_eq!(report.articles.len(), 5);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let [s0, s1, s2, s3, s4] =
        ["000", "001", "002", "003", "004"].map(|p| id(&report, p).to_string());

    // One copy group {000, 001, 002}; 003 and 004 alone.
    let multi: Vec<_> = report
        .copy_groups
        .iter()
        .filter(|g| g.members.len() > 1)
        .collect();
    assert_eq!(multi.len(), 1);
    assert_eq!(multi[0].members, [s0.clone(), s1.clone(), s2.clone()]);
    assert_eq!(multi[0].origin.credit.as_deref(), Some("AFP"));

    // One event {000..003}; 004 its own event in the same storyline.
    let event_of = |s: &str| report.articles.iter().find(|a| a.id == s).unwrap().event;
    let e = event_of(&s0);
    assert_eq!(
        report.events[e].members,
        [s0.clone(), s1.clone(), s2.clone(), s3.clone()]
    );
    let e4 = event_of(&s4);
    assert_ne!(e, e4);
    assert_eq!(report.events[e4].members, std::slice::from_ref(&s4));
    assert_eq!(report.events[e].storyline, report.events[e4].storyline);

    // The quote that 003 shares with the wire copies is a passage, with correct byte spans.
    let engine = Engine::default();
    let (raws, _) = engine.read(std::slice::from_ref(&seeds), &NoProgress);
    let (articles, _) = engine.normalize(raws);
    let body = |id: &str| articles.iter().find(|a| a.id == id).unwrap().body.as_str();
    let quote = report
        .passages
        .iter()
        .find(|p| p.b == s3 && (p.a == s0 || p.a == s1))
        .expect("003 shares a passage with a wire copy");
    let (a_text, b_text) = (
        &body(&quote.a)[quote.a_start..quote.a_end],
        &body(&quote.b)[quote.b_start..quote.b_end],
    );
    assert!(
        a_text
            .starts_with("In exchange, IS would release 30 hostages it took from Sweida last week"),
        "{a_text}"
    );
    assert!(
        b_text.starts_with(
            "In exchange, ISIS would release 30 hostages it took from Sweida last week"
        ),
        "{b_text}"
    );
    // 004 shares background facts but no long passage.
    assert!(!report.passages.iter().any(|p| p.a == s4 || p.b == s4));

    // The event says why 003 is in it: one link, to the wire copies' representative, through
    // names and words both bodies use, each slicing out of either body as one name by its
    // spelling-tolerant key (the wire's "Daraa" is 003's "Deraa") or words of one stem.
    let links = &report.events[e].links;
    assert_eq!(links.len(), 1, "{links:?}");
    let (a, b) = (links[0].a.as_str(), links[0].b.as_str());
    assert_eq!((a, b), (multi[0].representative.as_str(), s3.as_str()));
    assert!(links[0].probability >= 0.4, "{links:?}");
    let en = samestory_text::tokens::analyzer("en");
    let key = samestory_text::entities::alias_key;
    let pairs: Vec<(&str, &str)> = links[0]
        .shared
        .iter()
        .map(|t| (&body(a)[t.a_start..t.a_end], &body(b)[t.b_start..t.b_end]))
        .collect();
    assert!(pairs.contains(&("Daraa", "Deraa")), "{pairs:?}");
    assert!(pairs.contains(&("Sweida", "Sweida")), "{pairs:?}");
    for (t, &(x, y)) in links[0].shared.iter().zip(&pairs) {
        assert_eq!((x, y), (t.a_word.as_str(), t.b_word.as_str()));
        assert!(en.term(x) == en.term(y) || key(x) == key(y), "{x} / {y}");
    }
    assert!(report.events[e4].links.is_empty());

    // The storyline says why 004 continues the July event: one link between the two events,
    // shown by an article of each, through terms that slice out of both bodies.
    let story = &report.storylines[report.events[e].storyline];
    assert_eq!(story.links.len(), 1, "{:?}", story.links);
    let link = &story.links[0];
    let mut joined = [link.a, link.b];
    joined.sort_unstable();
    let mut expected = [e, e4];
    expected.sort_unstable();
    assert_eq!(joined, expected);
    assert!(report.events[link.a].members.contains(&link.a_article));
    assert!(report.events[link.b].members.contains(&link.b_article));
    assert!(link.similarity > 0.0 && link.similarity <= 1.0, "{link:?}");
    // The July event is dated by the one report that prints a date at its top, the Jordan
    // Times' "By AFP - Aug 01,2018 - Last updated at Aug 01,2018"; 004 prints none.
    let dated = |event: usize| {
        let entry = story.timeline.iter().find(|t| t.event == event).unwrap();
        entry.time.map(|t| t.date_naive().to_string())
    };
    assert_eq!(dated(e).as_deref(), Some("2018-08-01"));
    assert_eq!(dated(e4), None);
    assert!(!link.shared.is_empty());
    for t in &link.shared {
        assert_eq!(&body(&link.a_article)[t.a_start..t.a_end], t.a_word);
        assert_eq!(&body(&link.b_article)[t.b_start..t.b_end], t.b_word);
    }
    // It names what let the two events of one language join: names that a report of each
    // writes up front (its title or first sentence), each slicing out of where it is written.
    assert!(!link.names.is_empty());
    for n in &link.names {
        for (at, event) in [(&n.a, link.a), (&n.b, link.b)] {
            assert!(report.events[event].members.contains(&at.article), "{n:?}");
            let article = articles.iter().find(|x| x.id == at.article).unwrap();
            let text = match at.field {
                TextField::Title => &article.title,
                TextField::Body => {
                    assert!(at.end <= article.sentences[0].end, "{n:?}");
                    &article.body
                }
            };
            assert_eq!(&text[at.start..at.end], at.word);
        }
    }

    // No listed boilerplate survives in any body.
    for a in &articles {
        for b in BOILERPLATE {
            assert!(!a.body.contains(b), "{} still contains {b:?}", a.id);
        }
    }

    // Every summary sentence slices back out of its article.
    for ev in &report.events {
        assert!(!ev.summary.is_empty());
        for s in &ev.summary {
            assert_eq!(&body(&s.article)[s.start..s.end], s.text);
        }
    }

    let digest = String::from_utf8(out.stdout)
        .unwrap()
        .replace(tmp.path().to_str().unwrap(), "[OUT]");
    insta::assert_snapshot!("seeds_digest", digest);
}
