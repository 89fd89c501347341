//! Events and storylines.
//!
//! Events: average-link agglomeration of units (a copy group counts as one unit, one voice)
//! over a sparse graph whose edges are candidate pairs from an inverted index of each unit's top
//! terms (never all pairs), weighted by a logistic model's probability that the two report the
//! same event ([`similarity::Model`]; a second one for pairs in which names cannot be found,
//! see [`Config::model_for`]; two units of one site read without what the site writes on
//! many of its pages, see [`SiteHabits`]), within a time window. Storylines: the same
//! agglomeration over events, by the cosines of their content and entity centroids
//! ([`storyline_similarity`]; what their pages of one site share read without its habits)
//! decayed over a longer time scale, two events of one language joining only through a pair
//! whose reports name a name in common up front.
//!
//! Ties are broken by index and parallel steps collect in order, so output does not depend on
//! thread count.

pub mod features;
pub mod linkage;
pub mod online;
pub mod similarity;
pub mod sites;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use samestory_text::vector::SparseVec;

pub use features::{Features, Input, Terms};
pub use linkage::{Edge, average_link, candidate_pairs, similarity_graph, strongest_links};
pub use online::{LiveIndex, OnlineConfig, Placement};
use similarity::rescale;
pub use similarity::{Cosines, Model, PAIR_FEATURES, PairChance, pair_features};
pub use sites::{EventSide, SiteHabits};

/// Tuning of event and storyline clustering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Mean same-event probability at or above which clusters merge into one event.
    pub event_threshold: f32,
    /// Clusters whose mean reaches `event_threshold` merge only when some pair across them
    /// reaches this probability, more likely the same event than not: many middling pairs
    /// (one city's news, one topic's) are no evidence that any two report one event.
    pub min_link: f32,
    /// Units whose content vectors have a lower cosine than this are never linked, whatever
    /// else they share (a date, a year, a month): every same-event pair of the ECB+ tuning
    /// half shares more words than this.
    pub min_content_cosine: f32,
    /// Units further apart in time than this are never linked directly; in days. An event
    /// may still span longer through members without a time (binding whole events to the
    /// window cost recall on ECB+, whose events hold follow-ups). Of the windows that keep the
    /// seeds' July and November reports (109 days apart) two events, the best on the ECB+
    /// tuning half.
    pub event_window_days: f32,
    /// Average-link [`storyline_similarity`] at or above which events join one storyline.
    pub storyline_threshold: f32,
    /// A language's chance levels ([`Chance`] of its events, [`PairChance`] of its units) are
    /// means over its pairs with this many more pairs of cosine 0 counted in. A corpus with
    /// few texts in a language cannot tell chance from one story that all of them tell, and
    /// keeps nearly all of its cosines (the seeds' two events: one pair, 1% of its cosine);
    /// with a few dozen texts, most pairs unrelated, the level is nearly the language's own. A
    /// mean over a hundred pairs already varies by about 0.01, so the prior guards against too
    /// few pairs, not against noise.
    pub chance_prior_pairs: f32,
    /// Storyline similarity is multiplied by `exp(-gap / scale)` for the gap between two events'
    /// first times; in days.
    pub storyline_time_scale_days: f32,
    /// Top terms per unit used to find candidate neighbours for events: two reports of one
    /// event share some of their most distinctive terms.
    pub candidate_terms: usize,
    /// The same for storylines, over event centroids: events of one storyline share broader
    /// vocabulary, and there are fewer events than units.
    pub storyline_candidate_terms: usize,
    /// The same-event model for pairs of texts whose names can be found ([`Features::cased`]).
    pub model: Model,
    /// The same-event model for pairs where either text's names cannot be found (a script
    /// without case: Arabic, Hindi, Chinese...). Fitted without names, it asks more of the
    /// words: under `model`, such pairs looked as if they shared every name.
    pub caseless_model: Model,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            event_threshold: 0.40,
            min_link: 0.5,
            min_content_cosine: 0.05,
            event_window_days: 90.0,
            storyline_threshold: 0.15,
            chance_prior_pairs: 100.0,
            storyline_time_scale_days: 90.0,
            candidate_terms: 24,
            storyline_candidate_terms: 100,
            model: Model::default(),
            caseless_model: Model::caseless(),
        }
    }
}

impl Config {
    /// The model that scores a pair: [`Config::caseless_model`] when either text's names
    /// cannot be found, [`Config::model`] otherwise.
    pub fn model_for(&self, a: &Features, b: &Features) -> &Model {
        if a.cased && b.cased {
            &self.model
        } else {
            &self.caseless_model
        }
    }

    /// The probability that `a` and `b` report the same event, their word cosines and dates
    /// taken against `chance` (see [`Model::probability`]); 0 below
    /// [`Config::min_content_cosine`], where the model, fitted on pairs that share some words,
    /// would let a shared date alone carry them.
    pub fn probability(&self, a: &Features, b: &Features, shared: f32, chance: PairChance) -> f32 {
        let content = a.content.dot(&b.content);
        if content < self.min_content_cosine {
            return 0.0;
        }
        self.probability_with(a, b, shared, chance, Cosines::with_content(a, b, content))
    }

    /// [`Config::probability`] of two units read without their site's `habits` where they
    /// come from one site (see [`SiteHabits::cosines`]).
    pub fn probability_given(
        &self,
        habits: &SiteHabits,
        a: &Features,
        b: &Features,
        shared: f32,
        chance: PairChance,
    ) -> f32 {
        match habits.cosines(a, b) {
            Some(cos) if cos.content < self.min_content_cosine => 0.0,
            Some(cos) => self.probability_with(a, b, shared, chance, cos),
            None => self.probability(a, b, shared, chance),
        }
    }

    fn probability_with(
        &self,
        a: &Features,
        b: &Features,
        shared: f32,
        chance: PairChance,
        cos: Cosines,
    ) -> f32 {
        let x = similarity::pair_features_with(a, b, shared, cos);
        self.model_for(a, b).probability_of(a, b, x, chance)
    }
}

/// [`pair_features`] of two units read without their site's `habits` where they come from
/// one site (see [`SiteHabits::cosines`]): the features [`Config::probability_given`] scores.
pub fn pair_features_given(
    habits: &SiteHabits,
    a: &Features,
    b: &Features,
    shared: f32,
) -> [f32; PAIR_FEATURES] {
    match habits.cosines(a, b) {
        Some(cos) => similarity::pair_features_with(a, b, shared, cos),
        None => pair_features(a, b, shared),
    }
}

/// Events over units and storylines over events.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Events over units.
    pub events: Events,
    /// Storylines over `events`.
    pub stories: Storylines,
}

/// Whether two units may be one event: close enough in time (when both have a time). Two
/// languages may be one event: outlets of several countries report one launch, one deal, one
/// disaster, and what the model reads across them (names, numbers, places, dates, words that
/// two languages write alike) decides, as within one.
pub fn may_link(a: &Features, b: &Features, cfg: &Config) -> bool {
    match (a.time, b.time) {
        (Some(x), Some(y)) => ((x - y).abs() as f32) <= cfg.event_window_days * 86_400.0,
        _ => true,
    }
}

/// The language most of `languages` are in (those of an event's units or articles), the first
/// of them on a tie; "" for none. An event may hold reports in several languages; it is read
/// (its storyline's name gate, its summary) in this one.
pub fn main_language<'a>(languages: impl Iterator<Item = &'a str>) -> &'a str {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for l in languages {
        match counts.iter_mut().find(|(k, _)| *k == l) {
            Some((_, n)) => *n += 1,
            None => counts.push((l, 1)),
        }
    }
    // `max_by_key` keeps the last of equal counts: look from the back.
    counts
        .iter()
        .rev()
        .max_by_key(|&&(_, n)| n)
        .map_or("", |&(l, _)| l)
}

/// Shares of text in passages aligned between two units, keyed by `(a, b)` with `a < b`.
pub type SharedPassages = HashMap<(u32, u32), f32>;

/// Candidate pairs of units, grouped by the first: those sharing a top term, and those with
/// shared passages.
pub fn event_candidates(
    units: &[&Features],
    shared: &SharedPassages,
    cfg: &Config,
) -> Vec<Vec<u32>> {
    let vecs: Vec<&SparseVec> = units.iter().map(|u| &u.content).collect();
    let mut candidates = candidate_pairs(&vecs, cfg.candidate_terms);
    let mut linked: Vec<&(u32, u32)> = shared.keys().collect();
    linked.sort_unstable();
    for &(a, b) in linked {
        let ns = &mut candidates[a as usize];
        if let Err(at) = ns.binary_search(&b) {
            ns.insert(at, b);
        }
    }
    candidates
}

/// Per unit, the [`PairChance`] of its language: the mean content, lead and title cosines
/// over all pairs of that language's units, and the shares of its pairs that agree on the
/// main year, a lead weekday and a month named (of those where both name one), each with
/// [`Config::chance_prior_pairs`] pairs of cosine 0, or that disagree, counted in.
pub fn pair_chance(units: &[&Features], prior_pairs: f32) -> Vec<PairChance> {
    let mut levels = vec![PairChance::default(); units.len()];
    for us in by_language(units.iter().map(|f| f.language.as_str())).values() {
        let mut pairs = ChanceSums::default();
        us.iter().for_each(|&u| pairs.add(units[u]));
        let chance = pairs.level(prior_pairs);
        for &u in us {
            levels[u] = chance;
        }
    }
    levels
}

/// Same-event probabilities of candidate pairs within the time window, each pair's word
/// cosines and dates taken against its languages' [`pair_chance`], two units of one site
/// read without its `habits`: the event graph.
pub fn event_graph(
    units: &[&Features],
    shared: &SharedPassages,
    habits: &SiteHabits,
    cfg: &Config,
) -> Vec<Edge> {
    let chance = pair_chance(units, cfg.chance_prior_pairs);
    event_candidates(units, shared, cfg)
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, ns)| {
            ns.iter()
                .filter_map(|&b| {
                    let (ua, ub) = (units[a], units[b as usize]);
                    if !may_link(ua, ub, cfg) {
                        return None;
                    }
                    let s = shared.get(&(a as u32, b)).copied().unwrap_or(0.0);
                    Some(Edge {
                        a: a as u32,
                        b,
                        sim: cfg.probability_given(
                            habits,
                            ua,
                            ub,
                            s,
                            PairChance::of_pair(chance[a], chance[b as usize]),
                        ),
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What two unrelated events of one language share by chance: the mean cosine of their
/// content centroids and of their entity centroids. How much vocabulary unrelated texts share
/// is a fact of the language and of how it is cut into terms: Thai character pairs and
/// Vietnamese syllables give two unrelated reports a content cosine of about 0.2, English
/// words about 0.05. Storylines are judged on what two events share above it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Chance {
    pub words: f32,
    pub names: f32,
}

impl Chance {
    /// The chance level for a pair of events: the higher of their two languages'.
    fn of_pair(a: Chance, b: Chance) -> Chance {
        Chance {
            words: a.words.max(b.words),
            names: a.names.max(b.names),
        }
    }
}

/// The cosines over all pairs of a growing set of normalized vectors, summed without visiting
/// the pairs: the set's sum vector is kept, and a new vector adds its dot product with it.
/// Linear in the vectors' terms; deterministic for a given order of arrival.
#[derive(Debug, Clone, Default)]
pub struct PairCosines {
    sum: FxHashMap<u32, f64>,
    vectors: u64,
    pair_sum: f64,
}

impl PairCosines {
    /// Counts `v` in; an empty vector counts for nothing.
    pub fn add(&mut self, v: &SparseVec) {
        if v.is_empty() {
            return;
        }
        let mut dot = 0.0;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            let s = self.sum.entry(id).or_default();
            dot += *s * w as f64;
            *s += w as f64;
        }
        self.pair_sum += dot;
        self.vectors += 1;
    }

    /// The mean cosine over all pairs, with `prior_pairs` more pairs of cosine 0 counted in
    /// (0 when there is no pair).
    pub fn mean(&self, prior_pairs: f32) -> f32 {
        let pairs = (self.vectors * self.vectors.saturating_sub(1) / 2) as f64;
        if pairs == 0.0 {
            return 0.0;
        }
        (self.pair_sum / (pairs + prior_pairs as f64)).max(0.0) as f32
    }
}

/// The mean cosine over all pairs of the non-empty normalized `vecs` (see [`PairCosines`]).
fn mean_pair_cosine<'a>(vecs: impl IntoIterator<Item = &'a SparseVec>, prior_pairs: f32) -> f32 {
    let mut pairs = PairCosines::default();
    vecs.into_iter().for_each(|v| pairs.add(v));
    pairs.mean(prior_pairs)
}

/// How many pairs of a growing set of keyed items agree, counted without visiting the pairs:
/// the items seen of each key are kept, and a new item adds those its key agrees with. An
/// item without a key counts for nothing.
#[derive(Debug, Clone, Default)]
pub struct PairAgreement {
    keys: BTreeMap<u32, u64>,
    items: u64,
    agreeing: u64,
}

impl PairAgreement {
    /// Counts in an item whose key agrees with another's when they are equal.
    pub fn add_equal(&mut self, key: u32) {
        let n = self.keys.entry(key).or_default();
        self.agreeing += *n;
        *n += 1;
        self.items += 1;
    }

    /// Counts in an item whose bit set agrees with another's when they share a bit; an empty
    /// set is no key. Linear in the distinct sets seen (a few dozen of weekdays and months).
    pub fn add_overlapping(&mut self, bits: u32) {
        if bits == 0 {
            return;
        }
        self.agreeing += self
            .keys
            .iter()
            .filter(|&(&k, _)| k & bits != 0)
            .map(|(_, &n)| n)
            .sum::<u64>();
        *self.keys.entry(bits).or_default() += 1;
        self.items += 1;
    }

    /// The share of pairs that agree, with `prior_pairs` more pairs that do not counted in
    /// (0 when there is no pair).
    pub fn share(&self, prior_pairs: f32) -> f32 {
        let pairs = (self.items * self.items.saturating_sub(1) / 2) as f64;
        if pairs == 0.0 {
            return 0.0;
        }
        (self.agreeing as f64 / (pairs + prior_pairs as f64)) as f32
    }
}

/// The sums behind one language's [`PairChance`], over the units counted in so far.
#[derive(Debug, Clone, Default)]
pub struct ChanceSums {
    content: PairCosines,
    lead: PairCosines,
    title: PairCosines,
    year: PairAgreement,
    weekdays: PairAgreement,
    months: PairAgreement,
}

impl ChanceSums {
    /// Counts unit `f` in.
    pub fn add(&mut self, f: &Features) {
        self.content.add(&f.content);
        self.lead.add(&f.lead);
        self.title.add(&f.title);
        if let Some(y) = f.year {
            self.year.add_equal(y as u32);
        }
        self.weekdays.add_overlapping(f.sets.lead_weekdays.into());
        self.months.add_overlapping(f.sets.months.into());
    }

    /// The chance levels, with `prior_pairs` pairs that share nothing counted in.
    pub fn level(&self, prior_pairs: f32) -> PairChance {
        PairChance {
            content: self.content.mean(prior_pairs),
            lead: self.lead.mean(prior_pairs),
            title: self.title.mean(prior_pairs),
            year: self.year.share(prior_pairs),
            weekdays: self.weekdays.share(prior_pairs),
            months: self.months.share(prior_pairs),
        }
    }
}

/// Indices of the items of each language, in language order.
fn by_language<'a>(languages: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, Vec<usize>> {
    let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in languages.enumerate() {
        by.entry(l).or_default().push(i);
    }
    by
}

/// Per event, the [`Chance`] level of its language (the language of its first unit): the mean
/// cosine over all pairs of that language's events, most of which report unrelated things,
/// with `prior_pairs` pairs of cosine 0 counted in.
pub fn chance_levels(
    languages: &[&str],
    content: &[SparseVec],
    entities: &[SparseVec],
    prior_pairs: f32,
) -> Vec<Chance> {
    let mut levels = vec![Chance::default(); languages.len()];
    for events in by_language(languages.iter().copied()).values() {
        let chance = Chance {
            words: mean_pair_cosine(events.iter().map(|&e| &content[e]), prior_pairs),
            names: mean_pair_cosine(events.iter().map(|&e| &entities[e]), prior_pairs),
        };
        for &e in events {
            levels[e] = chance;
        }
    }
    levels
}

/// How much two events continue one story, from the centroids of their content vectors and
/// of their entity vectors, each cosine taken above its `chance` level: the geometric mean of
/// the two, or the words' alone where either event names no one (a script without case).
/// Words alone make topics: the day's weather in four regions, road accidents in ten towns
/// share their vocabulary but no place or person; the events of one story share both.
pub fn storyline_similarity(
    content: [&SparseVec; 2],
    entities: [&SparseVec; 2],
    chance: Chance,
) -> f32 {
    let names =
        (!entities[0].is_empty() && !entities[1].is_empty()).then(|| entities[0].dot(entities[1]));
    storyline_similarity_of(content[0].dot(content[1]), names, chance)
}

/// [`storyline_similarity`] from the cosine of two events' content centroids and that of
/// their entity centroids (`None` where either names no one).
fn storyline_similarity_of(words: f32, names: Option<f32>, chance: Chance) -> f32 {
    let words = rescale(words, chance.words, 0.0);
    match names {
        None => words,
        Some(names) => (words * rescale(names, chance.names, 0.0)).max(0.0).sqrt(),
    }
}

/// Clusters units into events, and events into storylines.
/// `habits` are those of the units' sites ([`SiteHabits::of`] the units).
pub fn cluster(
    units: &[&Features],
    shared: &SharedPassages,
    habits: &SiteHabits,
    cfg: &Config,
) -> Clustering {
    let events = events(units, shared, habits, cfg);
    let stories = storylines(units, &events.members, habits, cfg);
    Clustering { events, stories }
}

/// Events over units, with what they were found from (see [`events`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// Unit indices per event, sorted; events largest first, then by smallest unit.
    pub members: Vec<Vec<usize>>,
    /// Per event, the strongest same-event links that join its units, strongest first (see
    /// [`strongest_links`]): why each unit is in it.
    pub links: Vec<Vec<Edge>>,
}

/// Clusters units into events: average link over the [`event_graph`] at
/// [`Config::event_threshold`], a merge needing some pair across at [`Config::min_link`].
pub fn events(
    units: &[&Features],
    shared: &SharedPassages,
    habits: &SiteHabits,
    cfg: &Config,
) -> Events {
    let graph = event_graph(units, shared, habits, cfg);
    let members = average_link(units.len(), &graph, cfg.event_threshold, |e| {
        e.sim >= cfg.min_link
    });
    let links = strongest_links(&members, units.len(), &graph);
    Events { members, links }
}

/// Storylines over events, with what they were found from (see [`storylines`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Storylines {
    /// Event indices per storyline, sorted by the events' earliest time then index.
    pub storylines: Vec<Vec<usize>>,
    /// Per storyline, the strongest links between its events (`a` and `b` index the events,
    /// `sim` is their [`storyline_similarity`] decayed with time), strongest first: why each
    /// event is in it.
    pub links: Vec<Vec<Edge>>,
    /// Content centroid of each event.
    pub centroids: Vec<SparseVec>,
    /// Entity centroid of each event.
    pub entities: Vec<SparseVec>,
    /// Per event, the norms of its members' content sum and entity sum, which `centroids`
    /// and `entities` are normalized from.
    pub norms: Vec<[f32; 2]>,
    /// Per event, the names its reports name up front, as [`Storylines::name_gate`] reads
    /// them: `None` where no member's names can be found.
    pub heads: Vec<Option<Vec<u64>>>,
    /// Per event, the language most of its units are in ([`main_language`]).
    pub languages: Vec<String>,
}

/// Whether two events may join one storyline by the names their reports name up front (see
/// [`storylines`]).
#[derive(Debug, Clone, PartialEq)]
pub enum NameGate {
    /// The names do not decide: the two are in two languages, or one's names cannot be found.
    Open,
    /// The head names (alias keys, sorted) that both events name: they may join through each
    /// other where there is one.
    Shared(Vec<u64>),
}

impl NameGate {
    /// Whether the two may join through each other.
    pub fn opens(&self) -> bool {
        match self {
            NameGate::Open => true,
            NameGate::Shared(names) => !names.is_empty(),
        }
    }
}

impl Storylines {
    /// Event `e` as [`SiteHabits::event_centroids`] reads it, with its members and sites.
    pub fn side<'a>(
        &'a self,
        e: usize,
        members: &'a [usize],
        sites: &'a [&'a str],
    ) -> EventSide<'a> {
        EventSide {
            members,
            sites,
            centroids: [
                (&self.centroids[e], self.norms[e][0]),
                (&self.entities[e], self.norms[e][1]),
            ],
        }
    }

    /// Whether events `a` and `b` may join one storyline through each other by the names
    /// their reports name up front.
    pub fn name_gate(&self, a: usize, b: usize) -> NameGate {
        self.shared_heads(a, b)
            .map_or(NameGate::Open, |names| NameGate::Shared(names.collect()))
    }

    /// [`Storylines::name_gate`]`(a, b).opens()`, without listing the names.
    fn may_join(&self, a: usize, b: usize) -> bool {
        self.shared_heads(a, b)
            .is_none_or(|mut names| names.next().is_some())
    }

    /// The names up front that events `a` and `b` both name, in key order; `None` where the
    /// names do not decide ([`NameGate::Open`]).
    fn shared_heads(&self, a: usize, b: usize) -> Option<impl Iterator<Item = u64> + '_> {
        if self.languages[a] != self.languages[b] {
            return None;
        }
        let (Some(x), Some(y)) = (&self.heads[a], &self.heads[b]) else {
            return None;
        };
        Some(x.iter().copied().filter(|k| y.binary_search(k).is_ok()))
    }
}

/// Groups `events` (unit indices each) into storylines: average link over their
/// [`storyline_similarity`], decayed with the gap between their first times, at
/// [`Config::storyline_threshold`], two events of one language merging only through a pair
/// across whose reports name a name in common in their heads. What two events' pages of one
/// site share is read without the site's `habits` ([`SiteHabits::event_centroids`]).
pub fn storylines(
    units: &[&Features],
    events: &[Vec<usize>],
    habits: &SiteHabits,
    cfg: &Config,
) -> Storylines {
    // The normalized sum of a field over each event's members, and the sum's norm.
    let centroids_of = |field: fn(&Features) -> &SparseVec| -> (Vec<SparseVec>, Vec<f32>) {
        events
            .iter()
            .map(|m| {
                let mut sum = SparseVec::sum(m.iter().map(|&u| field(units[u])));
                let norm = sum.norm();
                sum.normalize();
                (sum, norm)
            })
            .unzip()
    };
    let (centroids, content_norms) = centroids_of(|u| &u.content);
    let (entities, entity_norms) = centroids_of(|u| &u.entities);
    let norms: Vec<[f32; 2]> = content_norms
        .into_iter()
        .zip(entity_norms)
        .map(|(c, e)| [c, e])
        .collect();
    // The events' centroids and heads now, their storylines and links once found.
    let mut stories = Storylines {
        storylines: Vec::new(),
        links: Vec::new(),
        centroids,
        entities,
        norms,
        heads: events.iter().map(|m| head_names(units, m)).collect(),
        languages: events
            .iter()
            .map(|m| main_language(m.iter().map(|&u| units[u].language.as_str())).to_string())
            .collect(),
    };
    let event_times: Vec<Option<i64>> = events
        .iter()
        .map(|m| m.iter().filter_map(|&u| units[u].time).min())
        .collect();
    let sites: Vec<Vec<&str>> = events
        .iter()
        .map(|m| sites::event_sites(units, m))
        .collect();
    let languages: Vec<&str> = stories.languages.iter().map(String::as_str).collect();
    let (centroids, entities) = (&stories.centroids, &stories.entities);
    let chance = chance_levels(&languages, centroids, entities, cfg.chance_prior_pairs);
    let cref: Vec<&SparseVec> = centroids.iter().collect();
    let scale = (cfg.storyline_time_scale_days * 86_400.0) as f64;
    let sgraph = similarity_graph(&cref, cfg.storyline_candidate_terms, 0.0, |a, b| {
        let (content, names) = ([cref[a], cref[b]], [&entities[a], &entities[b]]);
        let chance = Chance::of_pair(chance[a], chance[b]);
        let side = |e: usize| stories.side(e, &events[e], &sites[e]);
        let mut sim = match habits.event_centroids(units, [side(a), side(b)]) {
            Some([[ca, cb], [na, nb]]) => {
                // Whether the events name anyone is read before the weighing: names that
                // weigh nothing without the site's habits are names shared by habit.
                let named = !names[0].is_empty() && !names[1].is_empty();
                storyline_similarity_of(ca.dot(&cb), named.then(|| na.dot(&nb)), chance)
            }
            None => storyline_similarity(content, names, chance),
        };
        if let (Some(ta), Some(tb)) = (event_times[a], event_times[b]) {
            sim *= (-((ta - tb).abs() as f64) / scale).exp() as f32;
        }
        sim
    });
    // Two events of one language join a storyline only where some pair across names a name
    // in common up front: a story is about someone or something, where a topic's events
    // (road works in two towns, two banks losing their licences) share words and kinds of
    // name, not the names. Names are matched by spelling, which two languages do not share
    // (Бэнкси and Бенксі, Himalayas and Himalaya), and a text whose names cannot be found
    // says nothing of them.
    let joins = |e: &Edge| stories.may_join(e.a as usize, e.b as usize);
    let mut storylines = average_link(events.len(), &sgraph, cfg.storyline_threshold, joins);
    for s in &mut storylines {
        s.sort_by_key(|&e| (event_times[e].unwrap_or(i64::MAX), e));
    }
    stories.links = strongest_links(&storylines, events.len(), &sgraph);
    stories.storylines = storylines;
    stories
}

/// The names an event's reports name in their head (title and first sentence:
/// [`KeySets::head_names`](features::KeySets::head_names)), sorted and distinct, over the
/// members whose names can be found; `None` where no member's can.
fn head_names(units: &[&Features], members: &[usize]) -> Option<Vec<u64>> {
    let cased = || members.iter().map(|&u| units[u]).filter(|u| u.cased);
    cased().next()?;
    let mut names: Vec<u64> = cased()
        .flat_map(|u| u.sets.head_names.iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Features of a text about `title`, with its capitals or without.
    fn features(title: &str, cased: bool) -> Features {
        let title = if cased {
            title.to_string()
        } else {
            title.to_lowercase()
        };
        let t = Terms::of(&Input {
            title: &title,
            sentences: &[],
            language: "en",
            time: None,
            source: None,
        });
        assert_eq!(t.cased, cased, "{title}");
        features_of(&[t]).remove(0)
    }

    /// Features of `terms` under the vocabulary of their own sentences.
    fn features_of(terms: &[Terms]) -> Vec<Features> {
        let vocab = samestory_text::vector::Vocabulary::build(
            terms
                .iter()
                .flat_map(|t| t.sentences().map(|s| (t.language.as_str(), s))),
        );
        terms.iter().map(|t| Features::new(&vocab, t)).collect()
    }

    #[test]
    fn pairs_whose_names_cannot_be_found_are_scored_by_the_caseless_model() {
        let cfg = Config::default();
        assert_ne!(cfg.model, cfg.caseless_model);
        let visit = |cased| features("Mohamed bin Zayed receives the President of Ghana", cased);
        let (cased, caseless) = (visit(true), visit(false));
        assert_eq!(cfg.model_for(&cased, &cased), &cfg.model);
        assert_eq!(cfg.model_for(&cased, &caseless), &cfg.caseless_model);
        assert_eq!(cfg.model_for(&caseless, &cased), &cfg.caseless_model);
        assert_eq!(cfg.model_for(&caseless, &caseless), &cfg.caseless_model);
        assert_eq!(
            cfg.probability(&caseless, &caseless, 0.0, PairChance::default()),
            cfg.caseless_model
                .probability(&caseless, &caseless, 0.0, PairChance::default())
        );
    }

    #[test]
    fn storylines_need_shared_names_as_well_as_words() {
        let v = |pairs: &[(u32, f32)]| SparseVec::from_pairs(pairs.to_vec());
        // Two road accidents in two towns: the same words, other places.
        let crash = [
            v(&[(1, 1.0), (2, 1.0), (3, 0.5)]),
            v(&[(1, 1.0), (2, 1.0), (4, 0.5)]),
        ];
        let towns = [v(&[(10, 1.0)]), v(&[(11, 1.0)])];
        assert!(crash[0].dot(&crash[1]) > 0.8);
        assert_eq!(
            storyline_similarity(
                [&crash[0], &crash[1]],
                [&towns[0], &towns[1]],
                Chance::default()
            ),
            0.0
        );
        // A siege and the surrender it led to: fewer words in common, the same names.
        let siege = [v(&[(5, 1.0), (6, 1.0)]), v(&[(5, 1.0), (7, 1.0)])];
        let names = [v(&[(12, 1.0), (13, 1.0)]), v(&[(12, 1.0), (13, 0.8)])];
        let sim = storyline_similarity(
            [&siege[0], &siege[1]],
            [&names[0], &names[1]],
            Chance::default(),
        );
        assert!(sim > 0.6, "{sim}");
        // Where names cannot be found, the words decide alone.
        let none = SparseVec::default();
        assert_eq!(
            storyline_similarity(
                [&crash[0], &crash[1]],
                [&none, &towns[1]],
                Chance::default()
            ),
            crash[0].dot(&crash[1])
        );
    }

    #[test]
    fn storylines_of_one_language_need_a_name_both_name_up_front() {
        // Road works in two towns, paid by one programme that both bodies name; and the
        // reopening that the first town's works led to.
        let programme = [
            "The work was paid for by the Safe Roads programme of Rosavtodor.",
            "Rosavtodor said the new asphalt would last ten years.",
        ];
        let texts = [
            (
                "Road repairs finish early in Tambov",
                "Crews in Tambov finished repaving the main avenue on Monday.",
            ),
            (
                "Road repairs finish early in Pskov",
                "Crews in Pskov finished repaving the bridge approach on Tuesday.",
            ),
            (
                "Buses return to the avenue after road repairs",
                "Buses returned to the main avenue in Tambov on Friday.",
            ),
        ];
        let units_of = |languages: [&str; 3]| -> Vec<Features> {
            let terms: Vec<Terms> = texts
                .iter()
                .zip(languages)
                .map(|(&(title, head), language)| {
                    let sentences = [head, programme[0], programme[1]];
                    Terms::of(&Input {
                        title,
                        sentences: &sentences,
                        language,
                        time: None,
                        source: None,
                    })
                })
                .collect();
            features_of(&terms)
        };
        let cfg = Config::default();
        let events = [vec![0], vec![1], vec![2]];
        let stories_of = |units: &[Features]| {
            let units: Vec<&Features> = units.iter().collect();
            let habits = SiteHabits::of(units.iter().copied());
            storylines(&units, &events, &habits, &cfg)
        };
        let storylines_of = |units: &[Features]| stories_of(units).storylines;
        let english = units_of(["en"; 3]);
        // The two towns' works are alike enough in words and names (the programme) to join...
        let (a, b) = (&english[0], &english[1]);
        let sim = storyline_similarity(
            [&a.content, &b.content],
            [&a.entities, &b.entities],
            Chance::default(),
        );
        assert!(sim > cfg.storyline_threshold, "{sim}");
        // ...but their heads name two towns, where the reopening's names the first again.
        assert_eq!(storylines_of(&english), vec![vec![0, 2], vec![1]]);
        // The gate says which name: the first town's, by its spelling-tolerant key.
        let stories = stories_of(&english);
        let tambov = features::name_key(&samestory_text::entities::alias_key("Tambov"));
        assert_eq!(stories.name_gate(0, 2), NameGate::Shared(vec![tambov]));
        assert_eq!(stories.name_gate(0, 1), NameGate::Shared(vec![]));
        assert!(!stories.name_gate(1, 2).opens());
        // Two languages spell names their own ways: their names up front are not compared.
        let two_languages = units_of(["en", "de", "en"]);
        assert_eq!(storylines_of(&two_languages), vec![vec![0, 1, 2]]);
        assert_eq!(stories_of(&two_languages).name_gate(0, 1), NameGate::Open);
    }

    #[test]
    fn the_main_language_is_the_commonest_and_the_first_on_a_tie() {
        assert_eq!(main_language(["de", "en", "en"].into_iter()), "en");
        assert_eq!(main_language(["uk", "ru", "ru", "uk"].into_iter()), "uk");
        assert_eq!(main_language(std::iter::empty()), "");
    }

    #[test]
    fn reports_of_one_event_in_two_languages_are_one_event() {
        let texts = [
            (
                "en",
                "Ford unveils the Mustang Mach-E, its first electric SUV",
                [
                    "Ford unveiled the Mustang Mach-E in Los Angeles on Sunday.",
                    "Jim Farley said the Mach-E would reach 300 miles on one charge.",
                ],
            ),
            (
                "es",
                "Ford presenta el Mustang Mach-E, su primer SUV eléctrico",
                [
                    "Ford presentó el Mustang Mach-E en Los Ángeles el domingo.",
                    "Jim Farley dijo que el Mach-E tendrá 300 millas de autonomía.",
                ],
            ),
            (
                "en",
                "Toyota recalls the Prius over a brake fault",
                [
                    "Toyota recalled 40,000 Prius cars in Japan on Monday.",
                    "A brake fault was found in the Prius built in Aichi.",
                ],
            ),
        ];
        let terms: Vec<Terms> = texts
            .iter()
            .map(|(language, title, sentences)| {
                Terms::of(&Input {
                    title,
                    sentences,
                    language,
                    time: Some(1_574_000_000),
                    source: None,
                })
            })
            .collect();
        let features = features_of(&terms);
        let units: Vec<&Features> = features.iter().collect();
        let cfg = Config::default();
        assert!(may_link(units[0], units[1], &cfg));
        let p = cfg.probability(units[0], units[1], 0.0, PairChance::default());
        assert!(p >= cfg.min_link, "{p}");
        let habits = SiteHabits::of(units.iter().copied());
        let out = cluster(&units, &SharedPassages::new(), &habits, &cfg);
        assert_eq!(out.events.members, vec![vec![0, 1], vec![2]]);
        assert_eq!(out.stories.languages, vec!["en", "en"]);
    }

    #[test]
    fn reports_further_apart_than_the_window_are_two_events_and_one_storyline() {
        // A wire's report of a siege's end and its follow-up 109 days later (as the seeds'
        // November report follows the July ones), which repeats the wire's background: alike
        // enough in words to be one event but for the time between them.
        let text = |day: i64, lead: &'static str| {
            (
                day,
                [
                    lead,
                    "Hundreds of Islamic State fighters were bused out of Deraa province.",
                    "The group had held the area along the Yarmouk valley since 2014.",
                ],
            )
        };
        let cfg = Config::default();
        assert!(109.0 > cfg.event_window_days);
        let stream = [
            text(
                0,
                "Islamic State fighters leave their last enclave near Deraa.",
            ),
            text(
                1,
                "Islamic State fighters left their last enclave near Deraa on Tuesday.",
            ),
            text(
                109,
                "Islamic State lost its last holdout near Deraa on Saturday.",
            ),
        ];
        let terms: Vec<Terms> = stream
            .iter()
            .map(|(day, sentences)| {
                Terms::of(&Input {
                    title: "Islamic State leaves Deraa",
                    sentences,
                    language: "en",
                    time: Some(1_530_000_000 + day * 86_400),
                    source: None,
                })
            })
            .collect();
        let features = features_of(&terms);
        let units: Vec<&Features> = features.iter().collect();
        let habits = SiteHabits::of(units.iter().copied());
        let (a, c) = (units[0], units[2]);
        assert!(cfg.probability(a, c, 0.0, PairChance::default()) > cfg.min_link);
        assert!(!may_link(a, c, &cfg));
        let out = cluster(&units, &SharedPassages::new(), &habits, &cfg);
        assert_eq!(out.events.members, vec![vec![0, 1], vec![2]]);
        assert_eq!(out.stories.storylines, vec![vec![0, 1]]);
    }

    #[test]
    fn pair_agreement_counts_the_pairs_that_agree_without_visiting_them() {
        let keys = [3u32, 0, 5, 3, 8, 1, 3, 12, 0, 5];
        let (mut equal, mut overlapping) = (PairAgreement::default(), PairAgreement::default());
        for &k in &keys {
            equal.add_equal(k);
            overlapping.add_overlapping(k);
        }
        let count = |agree: fn(u32, u32) -> bool, keys: &[u32]| {
            let mut n = 0;
            for (i, &a) in keys.iter().enumerate() {
                n += keys[i + 1..].iter().filter(|&&b| agree(a, b)).count();
            }
            n as f32
        };
        let pairs = |n: f32| n * (n - 1.0) / 2.0;
        let same = count(|a, b| a == b, &keys);
        assert_eq!(equal.share(0.0), same / pairs(10.0));
        // An empty bit set is no key: the two 0s are left out.
        let set: Vec<u32> = keys.iter().copied().filter(|&k| k != 0).collect();
        let shared = count(|a, b| a & b != 0, &set);
        assert_eq!(overlapping.share(0.0), shared / pairs(8.0));
        assert_eq!(overlapping.share(100.0), shared / (pairs(8.0) + 100.0));
        assert_eq!(PairAgreement::default().share(0.0), 0.0);
    }

    #[test]
    fn storylines_are_judged_above_what_a_language_shares_by_chance() {
        let cfg = Config::default();
        let v = |pairs: &[(u32, f32)]| SparseVec::from_pairs(pairs.to_vec());
        // Forty unrelated events in a language whose every text holds one common term (as
        // Thai character pairs do), each cosine 1/5; forty in one whose texts share nothing.
        let n = 40;
        let dense: Vec<SparseVec> = (0..n).map(|i| v(&[(1, 1.0), (100 + i, 2.0)])).collect();
        let sparse: Vec<SparseVec> = (0..n).map(|i| v(&[(200 + i, 1.0)])).collect();
        let content: Vec<SparseVec> = dense.iter().chain(&sparse).cloned().collect();
        let languages: Vec<&str> = (0..2 * n)
            .map(|e| if e < n { "th" } else { "en" })
            .collect();
        let none = vec![SparseVec::default(); content.len()];
        let prior = cfg.chance_prior_pairs;
        let chance = chance_levels(&languages, &content, &none, prior);
        let pairs = (n * (n - 1) / 2) as f32;
        let expected = 0.2 * pairs / (pairs + prior);
        assert!((chance[0].words - expected).abs() < 1e-4, "{:?}", chance[0]);
        assert!(chance.iter().take(n as usize).all(|&c| c == chance[0]));
        assert_eq!(chance[n as usize], Chance::default());

        // Two unrelated events of the first language share more than the threshold asks of
        // raw cosines, and nothing above chance.
        let (a, b) = (&content[0], &content[1]);
        assert!(a.dot(b) > cfg.storyline_threshold);
        let unrelated = storyline_similarity([a, b], [&none[0], &none[1]], chance[0]);
        assert!(unrelated < cfg.storyline_threshold / 2.0, "{unrelated}");
        // Two events of one story there share a term of their own as well.
        let story = [
            v(&[(1, 1.0), (100, 2.0), (999, 2.0)]),
            v(&[(1, 1.0), (101, 2.0), (999, 2.0)]),
        ];
        let related = storyline_similarity([&story[0], &story[1]], [&none[0], &none[1]], chance[0]);
        assert!(related > 2.0 * cfg.storyline_threshold, "{related}");

        // Two events alone (the seeds): one pair cannot tell chance from a story, and their
        // cosine stands nearly whole.
        let two = [story[0].clone(), story[1].clone()];
        let chance = chance_levels(&["en", "en"], &two, &none[..2], prior);
        let cosine = two[0].dot(&two[1]);
        assert!(chance[0].words < cosine / 50.0, "{:?}", chance[0]);
    }

    #[test]
    fn pair_cosines_summed_from_the_vectors_sum_are_the_mean_over_all_pairs() {
        let v = |pairs: &[(u32, f32)]| SparseVec::from_pairs(pairs.to_vec());
        let vecs = [
            v(&[(1, 1.0), (2, 0.5)]),
            v(&[(1, 0.3), (3, 1.0)]),
            SparseVec::default(),
            v(&[(2, 1.0), (3, 1.0), (4, 0.2)]),
            v(&[(5, 1.0)]),
        ];
        let full: Vec<&SparseVec> = vecs.iter().filter(|v| !v.is_empty()).collect();
        let mut brute = 0.0;
        for i in 0..full.len() {
            for j in i + 1..full.len() {
                brute += full[i].dot(full[j]);
            }
        }
        let mut pairs = PairCosines::default();
        for v in &vecs {
            pairs.add(v);
        }
        assert!((pairs.mean(0.0) - brute / 6.0).abs() < 1e-6);
        assert!((pairs.mean(4.0) - brute / 10.0).abs() < 1e-6);
        assert_eq!(PairCosines::default().mean(100.0), 0.0);
    }

    #[test]
    fn texts_that_share_hardly_a_word_are_never_one_event() {
        let cfg = Config::default();
        // Two research briefs of one site on one day: the same date, year and month, and
        // nearly no words in common.
        let brief = |words: [u32; 2]| Features {
            content: SparseVec::from_pairs(vec![(words[0], 1.0), (words[1], 0.02)]),
            numbers: SparseVec::from_pairs(vec![(100, 1.0)]),
            year: Some(2019),
            sets: features::KeySets {
                months: 1 << 10,
                ..Default::default()
            },
            cased: true,
            ..Default::default()
        };
        let (a, b) = (brief([1, 3]), brief([2, 3]));
        assert!(a.content.dot(&b.content) < cfg.min_content_cosine);
        assert!(cfg.model.probability(&a, &b, 0.0, PairChance::default()) > cfg.event_threshold);
        assert_eq!(cfg.probability(&a, &b, 0.0, PairChance::default()), 0.0);
    }
}
