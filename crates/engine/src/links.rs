//! Why members are one event, and events one storyline: the clustering's strongest links
//! between copy groups and between events, as article pairs with the terms that made them
//! alike, located in each body.

use samestory_cluster::features::{HEAD_SENTENCES, name_key};
use samestory_cluster::sites::event_sites;
use samestory_cluster::{Clustering, Edge, Features, NameGate};
use samestory_model::{
    Article, EventLink, HeadName, NameUse, SharedTerm, StorylineLink, TextField,
};
use samestory_text::entities::{DecimalMark, Mention, MentionKind, alias_key, is_hyphen, mentions};
use samestory_text::tokens::{Analyzer, acronyms_stand_out, analyzer, word_spans};
use samestory_text::vector::SparseVec;

use crate::analyze::Prepared;

/// Shared names listed per link, before the shared words.
const SHARED_NAMES: usize = 3;

/// Shared words listed per link.
const SHARED_WORDS: usize = 5;

/// Shared terms of a field looked for per link: some of the heaviest are only in a title.
const CANDIDATE_TERMS: usize = 10;

/// What of two articles' texts a shared term is counted in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    /// Names, acronyms, by spelling-tolerant key (`Features::entities`).
    Names,
    /// Stemmed words of the title and body (`Features::content`).
    Words,
}

/// Where a report names a head name, and the keys of the shared name words written there.
struct HeadNameUse {
    at: NameUse,
    keys: Vec<u64>,
    /// Whether those words cross a hyphen between two names.
    hyphenated: bool,
}

/// Whether two reports' words for one shared name may cross a hyphen: two names joined by a
/// hyphen are one name where both reports write the same shared words ("Санкт-Петербурге",
/// "Etats-Unis" against "Etats Unis"), and a pairing where one writes fewer
/// ("Brazil-Argentina" against "Argentina", "Milan-Napoli" against "Milan").
fn hyphens_agree(a: &HeadNameUse, b: &HeadNameUse) -> bool {
    let within = |x: &[u64], y: &[u64]| x.iter().all(|k| y.contains(k));
    !(a.hyphenated || b.hyphenated) || within(&a.keys, &b.keys) && within(&b.keys, &a.keys)
}

/// Whether a name's words may run across a hyphen between two names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hyphens {
    Cross,
    Stop,
}

/// The articles and what clustering read of them, for explaining its links.
pub struct Evidence<'a> {
    pub articles: &'a [Article],
    pub prepared: &'a Prepared,
    /// `prepared.units()`, made once.
    units: Vec<&'a Features>,
}

impl<'a> Evidence<'a> {
    pub fn new(articles: &'a [Article], prepared: &'a Prepared) -> Self {
        Self {
            articles,
            prepared,
            units: prepared.units(),
        }
    }
}

impl Evidence<'_> {
    /// Article index of clustering unit `u` (its copy group's representative).
    fn article_of(&self, u: u32) -> usize {
        self.prepared.detection.representative[u as usize]
    }

    /// The report's form of one event's links between units.
    pub fn links(&self, edges: &[Edge]) -> Vec<EventLink> {
        edges
            .iter()
            .map(|e| {
                let (a, b) = (self.article_of(e.a), self.article_of(e.b));
                let (fa, fb) = (&self.prepared.features[a], &self.prepared.features[b]);
                // Two pages of one site were compared without the site's habits: what made
                // them alike is what weighed then.
                let shared = match self.prepared.habits.weighed(fa, fb) {
                    Some([[na, nb], [wa, wb]]) => self.shared((a, b), [&na, &nb], [&wa, &wb]),
                    None => self.shared(
                        (a, b),
                        [&fa.entities, &fb.entities],
                        [&fa.content, &fb.content],
                    ),
                };
                EventLink {
                    a: self.articles[a].id.clone(),
                    b: self.articles[b].id.clone(),
                    probability: (e.sim as f64 * 1000.0).round() / 1000.0,
                    shared,
                }
            })
            .collect()
    }

    /// The report's form of one storyline's links between events: each event is shown by its
    /// article closest to the other event (by the cosine of its content to the other's
    /// centroid). `report_event` gives each clustering event's index in the report.
    pub fn storyline_links(
        &self,
        edges: &[Edge],
        clustering: &Clustering,
        report_event: &[usize],
    ) -> Vec<StorylineLink> {
        let centroids = &clustering.stories.centroids;
        let closest = |from: u32, to: u32| {
            let centroid = &centroids[to as usize];
            let mut best = (f32::MIN, usize::MAX);
            for &u in &clustering.events.members[from as usize] {
                let article = self.article_of(u as u32);
                let cosine = self.prepared.features[article].content.dot(centroid);
                if cosine > best.0 {
                    best = (cosine, article);
                }
            }
            best.1
        };
        edges
            .iter()
            .map(|e| {
                let (ea, eb) = (e.a as usize, e.b as usize);
                let (a, b) = (closest(e.a, e.b), closest(e.b, e.a));
                StorylineLink {
                    a: report_event[ea],
                    b: report_event[eb],
                    similarity: (e.sim as f64 * 1000.0).round() / 1000.0,
                    a_article: self.articles[a].id.clone(),
                    b_article: self.articles[b].id.clone(),
                    shared: self.storyline_shared((a, b), (ea, eb), clustering),
                    names: self.head_names((a, b), (ea, eb), clustering),
                }
            })
            .collect()
    }

    /// The names that reports of both events `ea` and `eb` name up front, which let two events
    /// of one language join (see [`NameGate`]), rarest first (by the idf of the first report
    /// of `ea` to name it), up to [`SHARED_NAMES`]; each where a report of either writes it,
    /// articles `a` and `b` (those the link shows) looked at first.
    fn head_names(
        &self,
        (a, b): (usize, usize),
        (ea, eb): (usize, usize),
        clustering: &Clustering,
    ) -> Vec<HeadName> {
        let NameGate::Shared(keys) = clustering.stories.name_gate(ea, eb) else {
            return Vec::new();
        };
        let members = &clustering.events.members;
        let mut found: Vec<(f32, u64, [HeadNameUse; 2])> = keys
            .iter()
            .filter_map(|&key| {
                let pair = |hyphens| {
                    let (idf, a) = self.head_name_use(a, &members[ea], key, &keys, hyphens)?;
                    let (_, b) = self.head_name_use(b, &members[eb], key, &keys, hyphens)?;
                    Some((idf, key, [a, b]))
                };
                let crossed = pair(Hyphens::Cross)?;
                if hyphens_agree(&crossed.2[0], &crossed.2[1]) {
                    Some(crossed)
                } else {
                    pair(Hyphens::Stop)
                }
            })
            .collect();
        found.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then_with(|| x.2[0].at.word.cmp(&y.2[0].at.word))
        });
        // A name listed with the shared words around it ("Islamic State") is not listed again
        // for one of those words.
        let mut covered: Vec<u64> = Vec::new();
        let mut out = Vec::new();
        for (_, key, [a, b]) in found {
            if out.len() == SHARED_NAMES {
                break;
            }
            if covered.contains(&key) {
                continue;
            }
            covered.push(key);
            covered.extend(a.keys.iter().chain(&b.keys));
            out.push(HeadName { a: a.at, b: b.at });
        }
        out
    }

    /// Where a report among `members` (units of one event) names the head name `key` up
    /// front, article `first` looked at first; with the name's idf in that report. The words
    /// around it that give `shared` keys as well are shown with it.
    fn head_name_use(
        &self,
        first: usize,
        members: &[usize],
        key: u64,
        shared: &[u64],
        hyphens: Hyphens,
    ) -> Option<(f32, HeadNameUse)> {
        let others = members.iter().map(|&u| self.article_of(u as u32));
        std::iter::once(first)
            .chain(others.filter(|&i| i != first))
            .find_map(|i| {
                let features = &self.prepared.features[i];
                let k = features.sets.head_names.binary_search(&key).ok()?;
                let term = &self.prepared.terms[i].head_name_terms[k];
                let at = self.locate_head_name(i, term, shared, hyphens)?;
                Some((features.head_name_idf[k], at))
            })
    }

    /// Where article `i` writes the name that gives the name term `term` (`w:` or `a:`) up
    /// front: in its title, or else in its first [`HEAD_SENTENCES`] sentences; with the words
    /// of that name next to it whose keys are among `shared` ("Islamic State" where both
    /// words are shared, "Syria's" alone in "Syria's Daraa" where only it is).
    fn locate_head_name(
        &self,
        i: usize,
        term: &str,
        shared: &[u64],
        hyphens: Hyphens,
    ) -> Option<HeadNameUse> {
        let article = &self.articles[i];
        let language = &self.prepared.terms[i].language;
        let (an, mark) = (analyzer(language), DecimalMark::of(language));
        let found = |text: &str| {
            let names = mentions(text, |w| an.is_stop_word(w), mark);
            shared_name_span(text, &names, term, shared, hyphens)
        };
        let (field, start, end, words) = match found(&article.title) {
            Some(words) => (TextField::Title, words.start, words.end, words),
            None => article
                .sentences
                .iter()
                .take(HEAD_SENTENCES)
                .find_map(|span| {
                    let words = found(span.slice(&article.body))?;
                    Some((
                        TextField::Body,
                        span.start + words.start,
                        span.start + words.end,
                        words,
                    ))
                })?,
        };
        let text = match field {
            TextField::Title => &article.title,
            TextField::Body => &article.body,
        };
        let at = NameUse {
            article: article.id.clone(),
            word: text[start..end].to_string(),
            field,
            start,
            end,
        };
        Some(HeadNameUse {
            at,
            keys: words.keys,
            hyphenated: words.hyphenated,
        })
    }

    /// The terms that linked events `ea` and `eb` (shown by articles `a` and `b`): those of
    /// their centroids, what their pages of one site share weighed without the site's habits,
    /// as [`samestory_cluster::storylines`] compared them.
    fn storyline_shared(
        &self,
        (a, b): (usize, usize),
        (ea, eb): (usize, usize),
        clustering: &Clustering,
    ) -> Vec<SharedTerm> {
        let stories = &clustering.stories;
        let members = &clustering.events.members;
        let (ma, mb) = (&members[ea], &members[eb]);
        let sites = [event_sites(&self.units, ma), event_sites(&self.units, mb)];
        let weighed = self.prepared.habits.event_centroids(
            &self.units,
            [
                stories.side(ea, ma, &sites[0]),
                stories.side(eb, mb, &sites[1]),
            ],
        );
        match weighed {
            Some([[ca, cb], [na, nb]]) => self.shared((a, b), [&na, &nb], [&ca, &cb]),
            None => self.shared(
                (a, b),
                [&stories.entities[ea], &stories.entities[eb]],
                [&stories.centroids[ea], &stories.centroids[eb]],
            ),
        }
    }

    /// The names, then the content terms, that weigh most in the cosines of the `names` and
    /// `words` vectors of two sides (articles, or events' centroids), where the bodies of
    /// articles `a` and `b` both use them; a place listed once.
    fn shared(
        &self,
        (a, b): (usize, usize),
        names: [&SparseVec; 2],
        words: [&SparseVec; 2],
    ) -> Vec<SharedTerm> {
        let mut out: Vec<SharedTerm> = Vec::new();
        for (field, limit) in [(Field::Names, SHARED_NAMES), (Field::Words, SHARED_WORDS)] {
            let [x, y] = match field {
                Field::Names => names,
                Field::Words => words,
            };
            let ids = x.shared_top(y, CANDIDATE_TERMS);
            let (in_a, in_b) = (
                self.first_uses(a, field, &ids),
                self.first_uses(b, field, &ids),
            );
            let mut listed = 0;
            for (x, y) in in_a.into_iter().zip(in_b) {
                let (Some((a_start, a_end)), Some((b_start, b_end))) = (x, y) else {
                    continue;
                };
                if listed == limit {
                    break;
                }
                // A name's words are words too.
                if out.iter().any(|t| t.a_start < a_end && a_start < t.a_end) {
                    continue;
                }
                out.push(SharedTerm {
                    a_word: self.articles[a].body[a_start..a_end].to_string(),
                    a_start,
                    a_end,
                    b_word: self.articles[b].body[b_start..b_end].to_string(),
                    b_start,
                    b_end,
                });
                listed += 1;
            }
        }
        out
    }

    /// For each term id of `wanted` in `field`, the byte range in article `i`'s body of the
    /// first word or name that gives it, if a sentence of its body holds it.
    fn first_uses(&self, i: usize, field: Field, wanted: &[u32]) -> Vec<Option<(usize, usize)>> {
        let (article, terms) = (&self.articles[i], &self.prepared.terms[i]);
        let (an, mark) = (analyzer(&terms.language), DecimalMark::of(&terms.language));
        let mut found = vec![None; wanted.len()];
        let mut left = wanted.len();
        for (s, span) in article.sentences.iter().enumerate() {
            let sentence = span.slice(&article.body);
            let held = match field {
                Field::Words => terms.sentence_body(s),
                Field::Names => terms.sentence_entities(s),
            };
            // The sentence's mentions, found once and only when a name is looked for.
            let mut names = None;
            for term in held {
                let Some(k) = self
                    .prepared
                    .vocab
                    .id(term)
                    .and_then(|id| wanted.iter().position(|&w| w == id))
                else {
                    continue;
                };
                if found[k].is_some() {
                    continue;
                }
                let at = match field {
                    Field::Words => locate(sentence, an, term),
                    Field::Names => {
                        let names = names.get_or_insert_with(|| {
                            mentions(sentence, |w| an.is_stop_word(w), mark)
                        });
                        locate_name(sentence, names, term)
                    }
                };
                if let Some((x, y)) = at {
                    found[k] = Some((span.start + x, span.start + y));
                    left -= 1;
                }
            }
            if left == 0 {
                break;
            }
        }
        found
    }
}

/// Byte range in `text` of the first of its `mentions` that gives the entity term `term`: a
/// whole name (`e:`), one word of a name (`w:`, the word alone) or an acronym (`a:`), by the
/// keys `text::entities` gives them.
fn locate_name(text: &str, mentions: &[Mention], term: &str) -> Option<(usize, usize)> {
    let (kind, key) = term.split_once(':')?;
    mentions.iter().find_map(|m| match (kind, m.kind) {
        ("e", MentionKind::Name) | ("a", MentionKind::Acronym) if m.key == key => {
            Some((m.start, m.end))
        }
        ("w", MentionKind::Name) => word_spans(&text[m.start..m.end])
            .into_iter()
            .find(|&(s, e)| alias_key(&text[m.start + s..m.start + e]) == key)
            .map(|(s, e)| (m.start + s, m.start + e)),
        _ => None,
    })
}

/// The words of a name shown for a shared name term: their byte range, the keys among them
/// that are shared, and whether they cross a hyphen between two names.
struct NameWords {
    start: usize,
    end: usize,
    keys: Vec<u64>,
    hyphenated: bool,
}

/// Where `text` (with its name `mentions`) writes the name that gives the name term `term`
/// (see [`locate_name`]): the run of name words around it whose keys are among `shared`
/// (sorted). With [`Hyphens::Cross`], the run may cross a hyphen between two names
/// ("Санкт-Петербурге", "Winston-Salem"), which the mentions read as two. Where the word is
/// found outside a name's words, it alone, with no keys.
fn shared_name_span(
    text: &str,
    mentions: &[Mention],
    term: &str,
    shared: &[u64],
    hyphens: Hyphens,
) -> Option<NameWords> {
    let (x, y) = locate_name(text, mentions, term)?;
    let alone = NameWords {
        start: x,
        end: y,
        keys: Vec::new(),
        hyphenated: false,
    };
    let Some(i) = mentions.iter().position(|m| m.start <= x && y <= m.end) else {
        return Some(alone);
    };
    // The names joined to mention `i` by hyphens.
    let joined = |j: usize, k: usize| {
        let (a, b) = (&mentions[j], &mentions[k]);
        hyphens == Hyphens::Cross
            && a.kind == MentionKind::Name
            && b.kind == MentionKind::Name
            && a.end <= b.start
            && is_hyphen(&text[a.end..b.start])
    };
    let first = (1..=i).rev().take_while(|&j| joined(j - 1, j)).count();
    let last = (i + 1..mentions.len())
        .take_while(|&k| joined(k - 1, k))
        .count();
    let (from, to) = (mentions[i - first].start, mentions[i + last].end);
    let key_of = |&(s, e): &(usize, usize)| {
        let key = name_key(&alias_key(&text[from + s..from + e]));
        shared.binary_search(&key).is_ok().then_some(key)
    };
    let words = word_spans(&text[from..to]);
    let Some(at) = words.iter().position(|&(s, _)| from + s == x) else {
        return Some(alone);
    };
    let before = words[..at].iter().rev().map_while(key_of).count();
    let after = words[at + 1..].iter().map_while(key_of).count();
    let run = &words[at - before..=at + after];
    let (start, end) = (from + run[0].0, from + run[run.len() - 1].1);
    Some(NameWords {
        start,
        end,
        keys: run.iter().filter_map(key_of).collect(),
        hyphenated: start < mentions[i].start || mentions[i].end < end,
    })
}

/// Byte range in `text` of the first word (or, in a script without spaces, pair of adjacent
/// characters) that `an` reads as `term`.
fn locate(text: &str, an: &Analyzer, term: &str) -> Option<(usize, usize)> {
    let spans = word_spans(text);
    let acronyms = acronyms_stand_out(text);
    let gives = |s: usize, e: usize| {
        an.terms_reading_acronyms(&text[s..e], acronyms)
            .iter()
            .any(|t| t == term)
    };
    for (j, &(s, e)) in spans.iter().enumerate() {
        if gives(s, e) {
            return Some((s, e));
        }
        // Each ideograph is a word to the scanner; the analyzer pairs adjacent ones.
        if let Some(&(next, end)) = spans.get(j + 1)
            && next == e
            && gives(s, end)
        {
            return Some((s, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_the_word_a_term_comes_from() {
        let en = analyzer("en");
        let text = "Fighters attacked the town; the attacks went on.";
        let term = en.term("attacks").expect("a term");
        assert_eq!(locate(text, en, &term), Some((9, 17)));
        assert_eq!(&text[9..17], "attacked");
        assert_eq!(locate(text, en, "quake"), None);
        // An acronym is read as the sentence reads it: a term where lower case surrounds it.
        let text = "Talks between IS and Kurdish envoys";
        assert_eq!(locate(text, en, "is"), Some((14, 16)));
        assert_eq!(
            locate("TALKS BETWEEN IS AND KURDISH ENVOYS", en, "is"),
            None
        );
        // Characters of an unspaced script are paired.
        let zh = analyzer("zh");
        let text = "美国将延长华为禁令";
        let pair = zh.terms("华为").remove(0);
        let (s, e) = locate(text, zh, &pair).expect("found");
        assert_eq!(&text[s..e], "华为");
    }

    #[test]
    fn locate_name_finds_a_name_by_its_spelling_tolerant_key() {
        let en = analyzer("en");
        let text = "Fighters left Deraa province, said Rami Abdel Rahman of the SOHR.";
        let found = mentions(text, |w| en.is_stop_word(w), DecimalMark::Point);
        let at = |term: &str| locate_name(text, &found, term).map(|(s, e)| &text[s..e]);
        // Another spelling of the word finds it.
        assert_eq!(at(&format!("w:{}", alias_key("Daraa"))), Some("Deraa"));
        assert_eq!(at(&format!("w:{}", alias_key("Abdul"))), Some("Abdel"));
        assert_eq!(at("a:sohr"), Some("SOHR"));
        assert_eq!(at("w:kairo"), None);
    }

    #[test]
    fn a_shared_name_is_shown_with_its_shared_words_across_hyphens() {
        fn span<'t>(
            language: &str,
            text: &'t str,
            word: &str,
            shared: &[&str],
        ) -> Option<(&'t str, usize)> {
            span_with(language, text, word, shared, Hyphens::Cross)
        }
        fn span_with<'t>(
            language: &str,
            text: &'t str,
            word: &str,
            shared: &[&str],
            hyphens: Hyphens,
        ) -> Option<(&'t str, usize)> {
            let an = analyzer(language);
            let found = mentions(text, |w| an.is_stop_word(w), DecimalMark::of(language));
            let mut keys: Vec<u64> = shared.iter().map(|w| name_key(&alias_key(w))).collect();
            keys.sort_unstable();
            let term = format!("w:{}", alias_key(word));
            let words = shared_name_span(text, &found, &term, &keys, hyphens)?;
            Some((&text[words.start..words.end], words.keys.len()))
        }
        let text = "Вчера в Санкт-Петербурге открылся форум.";
        assert_eq!(
            span("ru", text, "Петербурге", &["Санкт", "Петербурге"]),
            Some(("Санкт-Петербурге", 2))
        );
        // Only the shared words: the other half of the name is left out.
        assert_eq!(
            span("ru", text, "Петербурге", &["Петербурге"]),
            Some(("Петербурге", 1))
        );
        let shared = ["Санкт", "Петербурге"];
        assert_eq!(
            span_with("ru", text, "Петербурге", &shared, Hyphens::Stop),
            Some(("Петербурге", 1))
        );
        // Names two hyphens apart join as well; a spaced dash joins nothing.
        let text = "Officials in Winston-Salem-Forsyth said, and Hamas - Israel talks went on.";
        let all = ["Winston", "Salem", "Forsyth", "Hamas", "Israel"];
        assert_eq!(
            span("en", text, "Salem", &all),
            Some(("Winston-Salem-Forsyth", 3))
        );
        assert_eq!(span("en", text, "Israel", &all), Some(("Israel", 1)));
    }

    #[test]
    fn names_joined_by_a_hyphen_are_one_name_where_both_reports_write_them_so() {
        let head = |keys: &[u64], hyphenated: bool| HeadNameUse {
            at: NameUse {
                article: "x".into(),
                word: String::new(),
                field: TextField::Title,
                start: 0,
                end: 0,
            },
            keys: keys.to_vec(),
            hyphenated,
        };
        // "Etats-Unis" against "Etats-Unis" or "Etats Unis".
        assert!(hyphens_agree(&head(&[1, 2], true), &head(&[2, 1], true)));
        assert!(hyphens_agree(&head(&[1, 2], true), &head(&[1, 2], false)));
        // "Brazil-Argentina" against "Argentina".
        assert!(!hyphens_agree(&head(&[1, 2], true), &head(&[2], false)));
        // No hyphen: runs of spaced names may differ ("Syrian Kurdish" against "Kurdish").
        assert!(hyphens_agree(&head(&[1, 2], false), &head(&[2], false)));
    }
}
