//! What a site says on many of its pages, and two of its pages compared without it. A term
//! that a site's other pages use far more often than its language does (a broker's name on
//! its currency notes, a cartoonist's byline, a league's name on a club's youth-team news)
//! says that two pages come from that site, not that they report one event.

use rustc_hash::FxHashMap;
use samestory_text::vector::SparseVec;

use crate::features::Features;
use crate::similarity::Cosines;

/// Pages at their language's rates that a site's own rates are blended with: with `n` other
/// pages, the site's own share of pages holding a term counts `n / (n + 10)` of the blend,
/// half at ten, so that a site seen on a few pages is read mostly at its language's rates.
pub const SITE_PRIOR_UNITS: f32 = 10.0;

/// Units counted, and how many of them hold each term.
#[derive(Debug, Clone, Default)]
struct Counts {
    units: u32,
    df: FxHashMap<u32, u32>,
}

impl Counts {
    fn add(&mut self, ids: &[u32]) {
        self.units += 1;
        for &id in ids {
            *self.df.entry(id).or_default() += 1;
        }
    }

    fn df(&self, id: u32) -> u32 {
        self.df.get(&id).copied().unwrap_or(0)
    }
}

/// A factor per term of a unit's content, entity and number vectors, in their order.
type Factors = [Vec<f32>; 3];

/// Per site and per language, the units that hold each term of their vectors.
#[derive(Debug, Clone, Default)]
pub struct SiteHabits {
    sites: FxHashMap<String, Counts>,
    languages: FxHashMap<String, Counts>,
}

/// The distinct term ids of a unit's vectors (title, lead and body are all in `content`;
/// the lead's entities in `entities`).
fn term_ids(f: &Features) -> Vec<u32> {
    let mut ids: Vec<u32> = [&f.content, &f.entities, &f.numbers]
        .iter()
        .flat_map(|v| v.ids.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn holds(f: &Features, id: u32) -> bool {
    [&f.content, &f.entities, &f.numbers]
        .iter()
        .any(|v| v.ids.binary_search(&id).is_ok())
}

impl SiteHabits {
    /// The habits of the sites of `units`.
    pub fn of<'a>(units: impl IntoIterator<Item = &'a Features>) -> SiteHabits {
        let mut h = SiteHabits::default();
        for u in units {
            h.add(u);
        }
        h
    }

    /// Counts one more unit.
    pub fn add(&mut self, f: &Features) {
        let ids = term_ids(f);
        if let Some(s) = &f.source {
            self.sites.entry(s.clone()).or_default().add(&ids);
        }
        self.languages
            .entry(f.language.clone())
            .or_default()
            .add(&ids);
    }

    /// The cosines of `a` and `b` with every term weighed down by how much more their site
    /// uses it than their language does, when both come from one site with other pages;
    /// `None` otherwise. A term's weight in either is multiplied by
    /// `min(1, ln p_site / ln p_language)`: the information it carries given the site, over
    /// the information it carries given the language. `p_site` is the share of the site's
    /// other pages that hold it (neither `a` nor `b`: a story the two share is not a habit),
    /// blended with [`SITE_PRIOR_UNITS`] pages at the language's rate.
    pub fn cosines(&self, a: &Features, b: &Features) -> Option<Cosines> {
        let (fa, fb) = self.pair_factors(a, b)?;
        let cos = weighed_cosine;
        let within = |v: &SparseVec, parent: &SparseVec, f: &[f32]| -> Vec<f32> {
            v.ids
                .iter()
                .map(|id| parent.ids.binary_search(id).map_or(1.0, |i| f[i]))
                .collect()
        };
        Some(Cosines {
            content: cos(&a.content, &fa[0], &b.content, &fb[0]),
            entities: cos(&a.entities, &fa[1], &b.entities, &fb[1]),
            numbers: cos(&a.numbers, &fa[2], &b.numbers, &fb[2]),
            lead: cos(
                &a.lead,
                &within(&a.lead, &a.content, &fa[0]),
                &b.lead,
                &within(&b.lead, &b.content, &fb[0]),
            ),
            title: cos(
                &a.title,
                &within(&a.title, &a.content, &fa[0]),
                &b.title,
                &within(&b.title, &b.content, &fb[0]),
            ),
            lead_entities: cos(
                &a.lead_entities,
                &within(&a.lead_entities, &a.entities, &fa[1]),
                &b.lead_entities,
                &within(&b.lead_entities, &b.entities, &fb[1]),
            ),
        })
    }

    /// `a`'s and `b`'s entity vectors, then their content vectors, weighed as
    /// [`SiteHabits::cosines`] weighs them (and not normalized again), when the two come from
    /// one site with other pages: to tell which terms made them alike.
    pub fn weighed(&self, a: &Features, b: &Features) -> Option<[[SparseVec; 2]; 2]> {
        let (fa, fb) = self.pair_factors(a, b)?;
        let weigh = |v: &SparseVec, f: &[f32]| SparseVec {
            ids: v.ids.clone(),
            weights: v.weights.iter().zip(f).map(|(w, f)| w * f).collect(),
        };
        Some([
            [weigh(&a.entities, &fa[1]), weigh(&b.entities, &fb[1])],
            [weigh(&a.content, &fa[0]), weigh(&b.content, &fb[0])],
        ])
    }

    /// The factors of `a`'s and `b`'s terms (see [`SiteHabits::factors`]) when the two come
    /// from one site with other pages.
    fn pair_factors(&self, a: &Features, b: &Features) -> Option<(Factors, Factors)> {
        let site = a.source.as_ref().filter(|s| b.source.as_ref() == Some(s))?;
        let counts = self.sites.get(site)?;
        let others = counts.units.checked_sub(2).filter(|&n| n > 0)? as f32;
        Some((
            self.factors(counts, others, a, b),
            self.factors(counts, others, b, a),
        ))
    }

    /// The factor of each term of `x`'s content, entity and number vectors (in their order),
    /// `x` being compared with `y`, both of the site of `counts` with `others` other pages.
    fn factors(&self, counts: &Counts, others: f32, x: &Features, y: &Features) -> Factors {
        let language = self.languages.get(&x.language);
        let factor = |id: u32| {
            let own = 1 + u32::from(holds(y, id));
            habit_factor(counts, others, language, id, own)
        };
        [&x.content, &x.entities, &x.numbers].map(|v| v.ids.iter().map(|&id| factor(id)).collect())
    }

    /// Two events' content centroids, then their entity centroids, each member's terms
    /// weighed down by how much more its site uses them than its language does where the
    /// other event holds a page of that site too; `None` where the two events share no site
    /// with pages outside them. What two pages of one site share is read without the site's
    /// habits, as [`SiteHabits::cosines`] reads it, with the site's rates from its pages
    /// outside both events; a member of a site the other event lacks keeps its terms, as
    /// another site's report of them is evidence.
    pub fn event_centroids(
        &self,
        units: &[&Features],
        events: [EventSide<'_>; 2],
    ) -> Option<[[SparseVec; 2]; 2]> {
        let members = events.map(|e| e.members);
        // The sites both events hold pages of, with their counts and pages outside the two.
        let shared: FxHashMap<&str, (&Counts, f32)> = events[0]
            .sites
            .iter()
            .filter(|s| events[1].sites.binary_search(s).is_ok())
            .filter_map(|&s| {
                let counts = self.sites.get(s)?;
                let inside = members
                    .iter()
                    .flat_map(|m| m.iter())
                    .filter(|&&u| units[u].source.as_deref() == Some(s))
                    .count() as u32;
                let others = counts.units.checked_sub(inside).filter(|&n| n > 0)?;
                Some((s, (counts, others as f32)))
            })
            .collect();
        if shared.is_empty() {
            return None;
        }
        // Per shared site and term, the site's pages in either event that hold it.
        let mut own: FxHashMap<(&str, u32), u32> = FxHashMap::default();
        for &u in members.iter().flat_map(|m| m.iter()) {
            let Some(site) = units[u]
                .source
                .as_deref()
                .filter(|s| shared.contains_key(s))
            else {
                continue;
            };
            for id in term_ids(units[u]) {
                *own.entry((site, id)).or_default() += 1;
            }
        }
        // An event's centroid with its shared-site pages' terms weighed: its members' sum
        // less, for each such page, what the weighing takes from each of its terms.
        let weighed = |side: &EventSide, field: usize| -> SparseVec {
            let (centroid, norm) = side.centroids[field];
            let mut sum = SparseVec {
                ids: centroid.ids.clone(),
                weights: centroid.weights.iter().map(|w| w * norm).collect(),
            };
            for &u in side.members {
                let f = units[u];
                let Some(name) = f.source.as_deref() else {
                    continue;
                };
                let Some(&(counts, others)) = shared.get(name) else {
                    continue;
                };
                let language = self.languages.get(&f.language);
                let v = if field == 0 { &f.content } else { &f.entities };
                let mut at = 0;
                for (&id, &w) in v.ids.iter().zip(&v.weights) {
                    let own = own.get(&(name, id)).copied().unwrap_or(0);
                    let factor = habit_factor(counts, others, language, id, own);
                    // Both are sorted, and the sum holds every member's terms.
                    at += sum.ids[at..].partition_point(|&x| x < id);
                    sum.weights[at] -= (1.0 - factor) * w;
                }
            }
            // What is taken is at most what the page gave; below 0 only by rounding.
            sum.weights.iter_mut().for_each(|w| *w = w.max(0.0));
            sum.normalize();
            sum
        };
        let [a, b] = &events;
        Some([
            [weighed(a, 0), weighed(b, 0)],
            [weighed(a, 1), weighed(b, 1)],
        ])
    }
}

/// One of two events that [`SiteHabits::event_centroids`] weighs.
#[derive(Debug, Clone, Copy)]
pub struct EventSide<'a> {
    /// Its members, indices into the units.
    pub members: &'a [usize],
    /// Its members' sites ([`event_sites`]).
    pub sites: &'a [&'a str],
    /// Its content centroid and its entity centroid, each with the norm of its members' sum
    /// that it was normalized from.
    pub centroids: [(&'a SparseVec, f32); 2],
}

/// The sites of an event's `members` (indices into `units`), sorted, each once.
pub fn event_sites<'a>(units: &[&'a Features], members: &[usize]) -> Vec<&'a str> {
    let mut sites: Vec<&str> = members
        .iter()
        .filter_map(|&u| units[u].source.as_deref())
        .collect();
    sites.sort_unstable();
    sites.dedup();
    sites
}

/// The factor of term `id` for pages of the site of `counts` with `others` pages besides the
/// `own` holding it among those compared: `min(1, ln p_site / ln p_language)`, `p_site` the
/// share of the `others` holding it blended with [`SITE_PRIOR_UNITS`] pages at the rate of
/// `language` (1 where the language's rate says nothing: never seen, or on every page).
fn habit_factor(counts: &Counts, others: f32, language: Option<&Counts>, id: u32, own: u32) -> f32 {
    let Some(lang) = language.filter(|l| l.units > 0) else {
        return 1.0;
    };
    let p_lang = lang.df(id) as f32 / lang.units as f32;
    if p_lang <= 0.0 || p_lang >= 1.0 {
        return 1.0;
    }
    let elsewhere = counts.df(id).saturating_sub(own) as f32;
    let p_site = (elsewhere + SITE_PRIOR_UNITS * p_lang) / (others + SITE_PRIOR_UNITS);
    (p_site.ln() / p_lang.ln()).clamp(0.0, 1.0)
}

/// The cosine of two normalized vectors whose weights are first multiplied by `fa` and `fb`
/// (one factor per term, in order); 0 when either has no weight left.
fn weighed_cosine(a: &SparseVec, fa: &[f32], b: &SparseVec, fb: &[f32]) -> f32 {
    let norm = |v: &SparseVec, f: &[f32]| {
        v.weights
            .iter()
            .zip(f)
            .map(|(w, f)| (w * f) * (w * f))
            .sum::<f32>()
            .sqrt()
    };
    let (na, nb) = (norm(a, fa), norm(b, fb));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.ids.len() && j < b.ids.len() {
        match a.ids[i].cmp(&b.ids[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a.weights[i] * fa[i] * b.weights[j] * fb[j];
                i += 1;
                j += 1;
            }
        }
    }
    dot / (na * nb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Input, Terms};
    use samestory_text::entities::alias_key;
    use samestory_text::vector::Vocabulary;

    /// Features of `(site, title, body)` pages, with document frequencies over all of them.
    fn pages(pages: &[(&str, String, String)]) -> (Vocabulary, Vec<Features>) {
        let terms: Vec<Terms> = pages
            .iter()
            .map(|(site, title, body)| {
                Terms::of(&Input {
                    title,
                    sentences: &[body.as_str()],
                    language: "en",
                    time: None,
                    source: Some(site),
                })
            })
            .collect();
        let vocab = Vocabulary::build(terms.iter().flat_map(|t| t.sentences().map(|s| ("en", s))));
        let features = terms.iter().map(|t| Features::new(&vocab, t)).collect();
        (vocab, features)
    }

    /// A currency site's forty notes (0..40) that quote one broker, two more (40, 41) on one
    /// speech, then pages of three other sites (42..122) that never name the broker.
    fn currency_site() -> (Vocabulary, Vec<Features>) {
        // Forty currencies, by made-up names that no two of the notes share.
        let words: Vec<String> = (0..40).map(|i| format!("curr{i}")).collect();
        // A currency site whose notes all quote one broker's strategists.
        let mut all: Vec<(&str, String, String)> = words
            .iter()
            .map(|w| {
                (
                    "FX Notes",
                    format!("The {w} steadies, says UOB"),
                    format!("UOB Group strategists expect the {w} to trade sideways."),
                )
            })
            .collect();
        // Two of its pages report one speech as well.
        for w in ["hawkish", "dovish"] {
            all.push((
                "FX Notes",
                format!("RBNZ's Hawkesby sounds {w} at Wellington, says UOB"),
                "UOB Group strategists heard Hawkesby defend low rates in Wellington.".into(),
            ));
        }
        // Other sites, which never name the broker.
        for (i, w) in words.iter().enumerate() {
            all.push((
                if i % 2 == 0 { "Daily" } else { "Herald" },
                format!("Council debates the {w} festival"),
                format!("Residents asked the council about the {w} parade route."),
            ));
            all.push((
                "Gazette",
                format!("The {w} club wins at home"),
                format!("Fans of the {w} club cheered a late goal."),
            ));
        }
        pages(&all)
    }

    #[test]
    fn a_sites_habits_weigh_little_between_two_of_its_pages_and_a_story_they_share_stays() {
        let (vocab, f) = currency_site();
        let habits = SiteHabits::of(&f);
        let read = |i: usize, j: usize| {
            let read = habits.cosines(&f[i], &f[j]).expect("one site");
            (f[i].content.dot(&f[j].content), read.content)
        };

        // Two notes on different currencies: alike through the broker alone.
        let (before, after) = read(0, 1);
        assert!(before > 0.3 && after < before / 3.0, "{before} -> {after}");
        // The two reports of the speech share more than the broker, and keep it.
        let (before, after) = read(40, 41);
        assert!(after > 0.9 * before, "{before} -> {after}");

        // What made them alike is the speech: the broker's name weighs little, the speaker's
        // nearly what it did.
        let [[names, _], _] = habits.weighed(&f[40], &f[41]).expect("one site");
        let kept = |term: &str| {
            let id = vocab.id(term).expect(term);
            let at = |v: &SparseVec| v.weights[v.ids.binary_search(&id).expect(term)];
            at(&names) / at(&f[40].entities)
        };
        assert!(kept("a:uob") < 0.3, "{}", kept("a:uob"));
        assert!(kept(&format!("w:{}", alias_key("Hawkesby"))) > 0.9);

        // Pages of two sites are read as they are.
        assert!(habits.cosines(&f[0], &f[42]).is_none());
        assert!(habits.cosines(&f[42], &f[43]).is_none());
        assert!(habits.cosines(&f[42], &f[46]).is_some());
        // A site with no page but the two: nothing to tell a habit from a story.
        let two = SiteHabits::of(&f[..2]);
        assert!(two.cosines(&f[0], &f[1]).is_none());
    }

    #[test]
    fn what_two_events_pages_of_one_site_share_is_read_without_its_habits() {
        let (_, f) = currency_site();
        let habits = SiteHabits::of(&f);
        let units: Vec<&Features> = f.iter().collect();
        // The plain cosine of two events' content centroids, and the weighed content and
        // entity cosines.
        let read = |a: &[usize], b: &[usize]| {
            let sum = |m: &[usize], v: fn(&Features) -> &SparseVec| {
                let mut centroid = SparseVec::sum(m.iter().map(|&u| v(&f[u])));
                let norm = centroid.norm();
                centroid.normalize();
                (centroid, norm)
            };
            let content = [sum(a, |f| &f.content), sum(b, |f| &f.content)];
            let names = [sum(a, |f| &f.entities), sum(b, |f| &f.entities)];
            let plain = content[0].0.dot(&content[1].0);
            let sites = [event_sites(&units, a), event_sites(&units, b)];
            let side = |m: usize| EventSide {
                members: [a, b][m],
                sites: &sites[m],
                centroids: [(&content[m].0, content[m].1), (&names[m].0, names[m].1)],
            };
            let weighed = habits
                .event_centroids(&units, [side(0), side(1)])
                .map(|[[ca, cb], [na, nb]]| (ca.dot(&cb), na.dot(&nb)));
            (plain, weighed)
        };

        // Events of one page each read as their pages do.
        let pages = habits.cosines(&f[0], &f[1]).expect("one site");
        let (words, names) = read(&[0], &[1]).1.expect("one site");
        assert!(
            (words - pages.content).abs() < 1e-5,
            "{words} vs {}",
            pages.content
        );
        assert!(
            (names - pages.entities).abs() < 1e-5,
            "{names} vs {}",
            pages.entities
        );

        // Notes on four currencies against notes on four others: alike through the broker.
        let (plain, events) = read(&[0, 1, 2, 3], &[4, 5, 6, 7]);
        let (words, _) = events.expect("one site");
        assert!(plain > 0.3 && words < plain / 3.0, "{plain} -> {words}");
        // Each report of the speech with a note: the two events share the speech as well as
        // the broker, and keep most of their likeness (the speech's words are on no page
        // outside them).
        let (plain, events) = read(&[40, 2], &[41, 3]);
        let (words, _) = events.expect("one site");
        assert!(words > 0.7 * plain, "{plain} -> {words}");

        // A note and a council report against a note and another site's council report: the
        // notes' broker weighs little, the council reports' words as they are.
        let (plain, events) = read(&[0, 42], &[1, 44]);
        let (words, _) = events.expect("a site in both");
        let (notes, _) = read(&[0], &[1]).1.expect("one site");
        let (council, _) = read(&[42], &[44]);
        assert!(notes < 0.05 && council > 0.5, "{notes} {council}");
        assert!(
            words < plain - 0.1 && words > council / 3.0,
            "{plain} -> {words}"
        );
        // Events that share no site are read as they are.
        assert!(read(&[0, 42], &[44]).1.is_none());
        assert!(read(&[42], &[44]).1.is_none());
    }
}
