//! The view: one immutable analysis (report and normalized articles) with the lookups that
//! reads need: article by id, passages by article, events in newest and biggest order, and a
//! word index for search.

use std::collections::HashMap;

use samestory_model::{Article, Event, Passage, Report, ReportArticle, Storyline};
use samestory_text::tokens::for_each_folded_word;

/// An analysis, ready to read.
pub struct View {
    /// The analysis covers the accepted articles with `seq < covers`.
    pub covers: u64,
    pub report: Report,
    /// Normalized articles, in the order of `report.articles`.
    pub articles: Vec<Article>,
    index: HashMap<String, usize>,
    passages_of: Vec<Vec<usize>>,
    newest: Vec<usize>,
    outlets: Vec<usize>,
    storylines: Vec<usize>,
    search: Search,
}

/// Orders of the event list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Latest article first.
    #[default]
    Newest,
    /// Most articles first.
    Biggest,
}

impl View {
    pub fn empty() -> Self {
        Self::new(0, Report::empty(), vec![])
    }

    pub fn new(covers: u64, report: Report, articles: Vec<Article>) -> Self {
        let index: HashMap<String, usize> = report
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut passages_of = vec![Vec::new(); report.articles.len()];
        for (p, passage) in report.passages.iter().enumerate() {
            for id in [&passage.a, &passage.b] {
                if let Some(&i) = index.get(id) {
                    passages_of[i].push(p);
                }
            }
        }
        let mut newest: Vec<usize> = (0..report.events.len()).collect();
        newest.sort_by(|&x, &y| {
            let (ex, ey) = (&report.events[x], &report.events[y]);
            ey.last_published
                .cmp(&ex.last_published)
                .then(ey.members.len().cmp(&ex.members.len()))
                .then(x.cmp(&y))
        });
        let outlets = report
            .events
            .iter()
            .map(|e| {
                let mut s: Vec<&str> = e
                    .members
                    .iter()
                    .filter_map(|m| index.get(m))
                    .filter_map(|&i| report.articles[i].source.as_deref())
                    .collect();
                s.sort_unstable();
                s.dedup();
                s.len()
            })
            .collect();
        let mut storylines: Vec<usize> = (0..report.storylines.len())
            .filter(|&s| report.storylines[s].events.len() > 1)
            .collect();
        storylines.sort_by(|&x, &y| {
            let (sx, sy) = (&report.storylines[x], &report.storylines[y]);
            sy.events.len().cmp(&sx.events.len()).then(x.cmp(&y))
        });
        let search = Search::new(&articles);
        Self {
            covers,
            report,
            articles,
            index,
            passages_of,
            newest,
            outlets,
            storylines,
            search,
        }
    }

    /// Index of the article `id` in `report.articles` and `articles`.
    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn article(&self, i: usize) -> (&ReportArticle, &Article) {
        (&self.report.articles[i], &self.articles[i])
    }

    /// Passages that involve article `i`.
    pub fn passages_of(&self, i: usize) -> impl Iterator<Item = &Passage> {
        self.passages_of[i]
            .iter()
            .map(|&p| &self.report.passages[p])
    }

    /// Event ids in the given order.
    pub fn events(&self, sort: Sort) -> Box<dyn Iterator<Item = usize> + '_> {
        match sort {
            Sort::Newest => Box::new(self.newest.iter().copied()),
            Sort::Biggest => Box::new(0..self.report.events.len()),
        }
    }

    pub fn event(&self, id: usize) -> Option<&Event> {
        self.report.events.get(id)
    }

    /// The event that holds article `anchor` now, when it is in the view, else `id`. Event ids
    /// belong to one analysis; links and clients name a member article too, so that they keep
    /// their meaning when a re-analysis renumbers the events.
    pub fn anchored_event(&self, id: usize, anchor: Option<&str>) -> usize {
        anchor
            .and_then(|a| self.article_index(a))
            .map_or(id, |i| self.report.articles[i].event)
    }

    /// The storyline of the event that holds article `anchor` now, else `id` (see
    /// [`View::anchored_event`]).
    pub fn anchored_storyline(&self, id: usize, anchor: Option<&str>) -> usize {
        anchor.and_then(|a| self.article_index(a)).map_or(id, |i| {
            self.report.events[self.report.articles[i].event].storyline
        })
    }

    /// Storylines of more than one event, most events first.
    pub fn storylines(&self) -> Vec<&Storyline> {
        self.storylines
            .iter()
            .map(|&s| &self.report.storylines[s])
            .collect()
    }

    /// Distinct sources among the event's articles (articles with no source are not counted).
    pub fn outlets(&self, event: usize) -> usize {
        self.outlets[event]
    }

    /// Events whose articles contain every word of `query`, best first, with a score.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32)> {
        let hits = self.search.articles(query);
        let mut by_event: HashMap<usize, (f32, usize)> = HashMap::new();
        for (a, score) in hits {
            let e = by_event
                .entry(self.report.articles[a].event)
                .or_insert((0.0, 0));
            e.0 = e.0.max(score);
            e.1 += 1;
        }
        // The best article's score, raised a little by how many articles of the event matched.
        let mut out: Vec<(usize, f32)> = by_event
            .into_iter()
            .map(|(e, (best, n))| (e, best * (1.0 + (n as f32).ln() * 0.25)))
            .collect();
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out.truncate(limit);
        out
    }
}

/// A word index over titles and bodies: folded word → (article, weight).
struct Search {
    postings: HashMap<String, Vec<(u32, f32)>>,
    docs: usize,
}

const TITLE_WEIGHT: f32 = 3.0;

impl Search {
    fn new(articles: &[Article]) -> Self {
        let mut postings: HashMap<String, Vec<(u32, f32)>> = HashMap::new();
        let mut counts: HashMap<String, f32> = HashMap::new();
        for (i, a) in articles.iter().enumerate() {
            counts.clear();
            for_each_folded_word(&a.title, |_, _, w| {
                *counts.entry(w.to_string()).or_default() += TITLE_WEIGHT;
            });
            for_each_folded_word(&a.body, |_, _, w| {
                *counts.entry(w.to_string()).or_default() += 1.0;
            });
            for (w, c) in counts.drain() {
                postings
                    .entry(w)
                    .or_default()
                    .push((i as u32, 1.0 + c.ln()));
            }
        }
        Self {
            postings,
            docs: articles.len(),
        }
    }

    /// Articles holding every query word, scored by the sum of tf-idf weights.
    fn articles(&self, query: &str) -> Vec<(usize, f32)> {
        let mut words = Vec::new();
        for_each_folded_word(query, |_, _, w| words.push(w.to_string()));
        words.sort_unstable();
        words.dedup();
        let mut lists: Vec<&Vec<(u32, f32)>> = Vec::with_capacity(words.len());
        for w in &words {
            match self.postings.get(w) {
                Some(l) => lists.push(l),
                None => return Vec::new(),
            }
        }
        let Some(shortest) = lists.iter().map(|l| l.len()).min() else {
            return Vec::new();
        };
        let mut scores: HashMap<u32, (f32, usize)> = HashMap::with_capacity(shortest);
        for l in &lists {
            let idf = ((self.docs as f32 + 1.0) / (l.len() as f32)).ln();
            for &(doc, w) in l.iter() {
                let s = scores.entry(doc).or_insert((0.0, 0));
                s.0 += w * idf;
                s.1 += 1;
            }
        }
        let mut out: Vec<(usize, f32)> = scores
            .into_iter()
            .filter(|(_, (_, n))| *n == lists.len())
            .map(|(d, (s, _))| (d as usize, s))
            .collect();
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out
    }
}
