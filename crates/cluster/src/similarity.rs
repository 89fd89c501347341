//! The probability that two units report the same event: a logistic model over similarities
//! of their sub-vectors and over what each mentions that the other does not, with word
//! cosines put on the scale of the corpus it was fitted on; and its fitting (L2-regularized
//! logistic regression by Newton's method, deterministic).

use crate::features::Features;
use samestory_text::places::Gazetteer;

/// Number of pair features.
pub const PAIR_FEATURES: usize = 14;

/// Names of the pair features, in order.
pub const FEATURE_NAMES: [&str; PAIR_FEATURES] = [
    "content cosine",
    "entity cosine",
    "lead cosine",
    "lead entity cosine",
    "title cosine",
    "number cosine",
    "same main year (+1) / different (-1)",
    "lead names missing from the other (idf-weighted)",
    "lead numbers missing from the other",
    "share of the text in passages shared with the other",
    "lead weekdays: shared (+1) / disjoint (-1)",
    "head names missing from the other's lead (idf-weighted)",
    "months named: shared (+1) / disjoint (-1)",
    "lead places with no place near them in the other",
];

/// Share of `lead` keys absent from `all`, each key counting its weight (0 when nothing
/// weighs).
fn missing(lead: &[u64], weights: impl Iterator<Item = f32>, all: &[u64]) -> f32 {
    let (mut absent, mut total) = (0.0, 0.0);
    for (k, w) in lead.iter().zip(weights) {
        total += w;
        if all.binary_search(k).is_err() {
            absent += w;
        }
    }
    if total > 0.0 { absent / total } else { 0.0 }
}

/// Share of the places in `lead` with none of `all` near them (see [`Gazetteer::near`]); 0 when
/// either names no place, as a text that names none says nothing about where.
fn places_apart(lead: &[u32], all: &[u32]) -> f32 {
    if lead.is_empty() || all.is_empty() {
        return 0.0;
    }
    let g = Gazetteer::embedded();
    let apart = lead
        .iter()
        .filter(|&&p| !all.iter().any(|&q| g.near(p, q)))
        .count();
    apart as f32 / lead.len() as f32
}

/// Of two bit sets: 0 when either is empty, 1 when they share a bit, -1 when disjoint.
fn overlap(a: u32, b: u32) -> f32 {
    match (a, b) {
        (0, _) | (_, 0) => 0.0,
        (x, y) if x & y != 0 => 1.0,
        _ => -1.0,
    }
}

/// The cosines of two units' sub-vectors, as [`pair_features`] reads them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cosines {
    pub content: f32,
    pub entities: f32,
    pub lead: f32,
    pub lead_entities: f32,
    pub title: f32,
    pub numbers: f32,
}

impl Cosines {
    /// The cosines of `a` and `b` given their content cosine, which callers have at hand.
    pub(crate) fn with_content(a: &Features, b: &Features, content: f32) -> Cosines {
        Cosines {
            content,
            entities: a.entities.dot(&b.entities),
            lead: a.lead.dot(&b.lead),
            lead_entities: a.lead_entities.dot(&b.lead_entities),
            title: a.title.dot(&b.title),
            numbers: a.numbers.dot(&b.numbers),
        }
    }
}

/// Pair features of two units, symmetric in `a` and `b`; `shared` is the share of either
/// text that lies in passages aligned with the other (the larger of the two), 0 when none.
/// Time is not among them: in a live stream nearly every pair is close in time, so it would
/// say little here; it bounds events through a window instead (`Config::event_window_days`).
pub fn pair_features(a: &Features, b: &Features, shared: f32) -> [f32; PAIR_FEATURES] {
    let content = a.content.dot(&b.content);
    pair_features_with(a, b, shared, Cosines::with_content(a, b, content))
}

/// [`pair_features`] with the cosines of the two's sub-vectors given: as they are, or as
/// read without their site's habits (see [`SiteHabits`](crate::SiteHabits)).
pub fn pair_features_with(
    a: &Features,
    b: &Features,
    shared: f32,
    cos: Cosines,
) -> [f32; PAIR_FEATURES] {
    let year = match (a.year, b.year) {
        (Some(x), Some(y)) if x == y => 1.0,
        (Some(_), Some(_)) => -1.0,
        _ => 0.0,
    };
    // An asymmetric measure made symmetric: the mean of its two directions.
    let both_ways = |f: fn(&Features, &Features) -> f32| (f(a, b) + f(b, a)) / 2.0;
    [
        cos.content,
        cos.entities,
        cos.lead,
        cos.lead_entities,
        cos.title,
        cos.numbers,
        year,
        both_ways(|x, y| {
            missing(
                &x.sets.lead_names,
                x.lead_name_idf.iter().copied(),
                &y.sets.words,
            )
        }),
        both_ways(|x, y| {
            missing(
                &x.sets.lead_numbers,
                std::iter::repeat(1.0),
                &y.sets.numbers,
            )
        }),
        shared,
        overlap(a.sets.lead_weekdays.into(), b.sets.lead_weekdays.into()),
        both_ways(|x, y| {
            missing(
                &x.sets.head_names,
                x.head_name_idf.iter().copied(),
                &y.sets.lead_words,
            )
        }),
        overlap(a.sets.months.into(), b.sets.months.into()),
        both_ways(|x, y| places_apart(&x.sets.lead_places, &y.sets.places)),
    ]
}

/// What two unrelated units of one language share by chance (see
/// [`pair_chance`](crate::pair_chance)): the mean content, lead and title cosine over all
/// pairs of its units, and the share of its pairs (of those where both say) that agree on the
/// main year, on a weekday named in the lead, on a month named. Thai character pairs and
/// Vietnamese syllables give two unrelated reports a content cosine of about 0.2, English
/// words about 0.05; in a day's stream of Russian news, a third of the pairs of leads that
/// name a weekday name the same one (most say "Monday"), in ECB+ under a fifth.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairChance {
    pub content: f32,
    pub lead: f32,
    pub title: f32,
    pub year: f32,
    pub weekdays: f32,
    pub months: f32,
}

impl PairChance {
    /// The chance level for a pair of units: the higher of the two, field by field.
    pub fn of_pair(a: PairChance, b: PairChance) -> PairChance {
        PairChance {
            content: a.content.max(b.content),
            lead: a.lead.max(b.lead),
            title: a.title.max(b.title),
            year: a.year.max(b.year),
            weekdays: a.weekdays.max(b.weekdays),
            months: a.months.max(b.months),
        }
    }

    /// The cosine levels with the index of the pair feature each belongs to.
    fn cosines(&self) -> [(usize, f32); 3] {
        [(0, self.content), (2, self.lead), (4, self.title)]
    }

    /// The agreement shares with the index of the pair feature (+1 agree, -1 not) each
    /// belongs to.
    fn agreements(&self) -> [(usize, f32); 3] {
        [(6, self.year), (10, self.weekdays), (12, self.months)]
    }
}

/// A logistic model over pair features, and optionally over the cosine of two dense
/// embeddings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    pub weights: [f64; PAIR_FEATURES],
    pub bias: f64,
    /// Weight of the cosine of the two units' dense embeddings, counted when both have one;
    /// 0 (the default) leaves them out.
    pub dense: f64,
    /// What pairs shared by chance in the corpus the model was fitted on; `None` scores every
    /// language's pairs as they are (see [`Model::align`]).
    pub chance: Option<PairChance>,
}

/// Chance levels in the tuning half of ECB+ train+dev, on which both built-in models were
/// fitted, as `eval clusters --learn` prints them. The same with and without `--caseless`
/// (case changes names, not stems) but for months, which are found by their capitals (0
/// without case), and to which the caseless model gives no weight.
const ECB_TUNE_CHANCE: PairChance = PairChance {
    content: 0.0495,
    lead: 0.0227,
    title: 0.0142,
    year: 0.0824,
    weekdays: 0.1831,
    months: 0.1928,
};

impl Default for Model {
    /// Fitted by `samestory eval clusters --gold ecbplus-traindev.jsonl --learn --learn-pairs
    /// crates/eval/data/telegram-event-pairs.jsonl --pairs-inputs PAGES` on the tuning halves
    /// of ECB+ train+dev (ids with an even xxh3: 7,303 candidate pairs) and of the labelled
    /// Telegram pairs (181 pairs whose texts show names), never on a held-out half. ECB+ alone
    /// says little of what a day's stream of news holds: its topics hold two events years
    /// apart, where a day's reports of one story share names, numbers and the year without
    /// being one happening, and a site's follow-up repeats its own earlier paragraphs.
    fn default() -> Self {
        Model {
            weights: [
                6.425, 3.492, 6.344, -0.377, -0.206, 2.031, 0.797, -2.741, -1.779, -5.318, 0.616,
                -1.529, 0.960, -1.309,
            ],
            bias: -1.179,
            dense: 0.0,
            chance: Some(ECB_TUNE_CHANCE),
        }
    }
}

impl Model {
    /// The model for text whose names cannot be found (see
    /// [`names_visible`](crate::features::names_visible)): fitted by `samestory eval clusters
    /// --gold ecbplus-traindev.jsonl --learn --caseless` on the same tuning half with letter
    /// case removed, so that no names, acronyms or places are found, as in a script without
    /// case. The name features get no weight; the words get more.
    pub fn caseless() -> Model {
        Model {
            weights: [
                14.018, 0.0, 11.049, 0.0, 0.682, 2.150, 1.252, 0.0, -2.231, 3.192, 0.776, 0.0, 0.0,
                0.0,
            ],
            bias: -5.225,
            dense: 0.0,
            chance: Some(ECB_TUNE_CHANCE),
        }
    }
}

/// Cosine of the dense embeddings of `a` and `b` (unit vectors, so their dot product), when
/// both have one.
pub fn dense_cosine(a: &Features, b: &Features) -> Option<f32> {
    match (&a.dense, &b.dense) {
        (Some(x), Some(y)) => Some(x.iter().zip(y).map(|(p, q)| p * q).sum()),
        _ => None,
    }
}

impl Model {
    pub fn logit(&self, x: &[f32; PAIR_FEATURES]) -> f64 {
        self.bias
            + self
                .weights
                .iter()
                .zip(x)
                .map(|(w, &v)| w * v as f64)
                .sum::<f64>()
    }

    /// Puts the features of a pair whose language shares more by `chance` than the model's
    /// fitting corpus did on that corpus's scale. A word cosine `x` becomes `c0 + (x - c) (1 -
    /// c0) / (1 - c)` (at least 0), so that the language's chance level `c` lands on the
    /// model's `c0` and identity stays 1. An agreement (same main year, weekday, month: +1)
    /// counts `(1 - p) / (1 - p0)` of itself where pairs agree by chance with share `p` against
    /// the model's `p0`: nothing where every pair agrees (a day's stream all names one year),
    /// in full where agreeing is as rare as where the model learnt it; a disagreement stays
    /// -1. A corpus that shares less by chance is left as it is: the model has seen no such
    /// pairs to say how much more sharing is worth there.
    pub fn align(&self, x: &mut [f32; PAIR_FEATURES], chance: PairChance) {
        let Some(fitted) = self.chance else { return };
        for ((i, c), (_, c0)) in chance.cosines().into_iter().zip(fitted.cosines()) {
            if c > c0 {
                x[i] = rescale(x[i], c, c0);
            }
        }
        for ((i, p), (_, p0)) in chance.agreements().into_iter().zip(fitted.agreements()) {
            if p > p0 && x[i] > 0.0 {
                x[i] *= (1.0 - p) / (1.0 - p0);
            }
        }
    }

    /// The probability that `a` and `b` report the same event, their word cosines and dates
    /// taken against `chance` (see [`Model::align`]; `PairChance::default()` leaves them as
    /// they are).
    pub fn probability(&self, a: &Features, b: &Features, shared: f32, chance: PairChance) -> f32 {
        self.probability_of(a, b, pair_features(a, b, shared), chance)
    }

    /// [`Model::probability`] of the pair `a`, `b` whose [`pair_features`] are `x`.
    pub(crate) fn probability_of(
        &self,
        a: &Features,
        b: &Features,
        mut x: [f32; PAIR_FEATURES],
        chance: PairChance,
    ) -> f32 {
        self.align(&mut x, chance);
        let mut z = self.logit(&x);
        if self.dense != 0.0
            && let Some(c) = dense_cosine(a, b)
        {
            z += self.dense * c as f64;
        }
        sigmoid(z) as f32
    }

    /// Fits weights to labelled pair features: L2 penalty `l2` on the weights (not the bias),
    /// Newton steps until the change is below 1e-8 or 100 steps.
    pub fn fit(xs: &[[f32; PAIR_FEATURES]], ys: &[bool], l2: f64) -> Model {
        let rows: Vec<Vec<f64>> = xs
            .iter()
            .map(|x| x.iter().map(|&v| v as f64).collect())
            .collect();
        Self::from_fitted(&fit_logistic(&rows, ys, l2), 0.0)
    }

    /// Like [`fit`](Self::fit), with the dense cosine of each pair (`dense[i]` for `xs[i]`) as
    /// one more feature.
    pub fn fit_with_dense(
        xs: &[[f32; PAIR_FEATURES]],
        dense: &[f32],
        ys: &[bool],
        l2: f64,
    ) -> Model {
        let rows: Vec<Vec<f64>> = xs
            .iter()
            .zip(dense)
            .map(|(x, &d)| x.iter().chain([&d]).map(|&v| v as f64).collect())
            .collect();
        let w = fit_logistic(&rows, ys, l2);
        Self::from_fitted(&w[..=PAIR_FEATURES], w[PAIR_FEATURES + 1])
    }

    /// A model from `[bias, weights...]`.
    fn from_fitted(w: &[f64], dense: f64) -> Model {
        let mut weights = [0f64; PAIR_FEATURES];
        weights.copy_from_slice(&w[1..=PAIR_FEATURES]);
        Model {
            weights,
            bias: w[0],
            dense,
            chance: None,
        }
    }
}

/// L2-regularized logistic regression by Newton's method over `rows` (features without the
/// intercept); returns `[bias, weights...]`.
fn fit_logistic(rows: &[Vec<f64>], ys: &[bool], l2: f64) -> Vec<f64> {
    let d = rows.first().map_or(0, Vec::len) + 1;
    let mut w = vec![0f64; d];
    let mut row = vec![1f64; d];
    for _ in 0..100 {
        let mut grad = vec![0f64; d];
        let mut hess = vec![vec![0f64; d]; d];
        for (x, &y) in rows.iter().zip(ys) {
            row[1..].copy_from_slice(x);
            let p = sigmoid(row.iter().zip(&w).map(|(a, b)| a * b).sum());
            let err = p - f64::from(u8::from(y));
            let curv = (p * (1.0 - p)).max(1e-9);
            for i in 0..d {
                grad[i] += err * row[i];
                for j in 0..d {
                    hess[i][j] += curv * row[i] * row[j];
                }
            }
        }
        for i in 1..d {
            grad[i] += l2 * w[i];
            hess[i][i] += l2;
        }
        let step = solve(hess, grad);
        let mut change = 0f64;
        for i in 0..d {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-8 {
            break;
        }
    }
    w
}

/// Moves a cosine from a scale on which unrelated pairs sit at `from` to one on which they sit
/// at `to`, identity staying 1: `to + (x - from) (1 - to) / (1 - from)`, at least 0. Events
/// are aligned with it to their model's chance level ([`Model::align`]); storylines are judged
/// on it above chance, with `to` = 0 ([`storyline_similarity`](crate::storyline_similarity)).
pub(crate) fn rescale(x: f32, from: f32, to: f32) -> f32 {
    (to + (x - from) * (1.0 - to) / (1.0 - from)).max(0.0)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (`a` is positive definite
/// here, so it is never singular).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let d = b.len();
    for col in 0..d {
        let pivot = (col..d)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .expect("non-empty range");
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-300 {
            continue;
        }
        for row in col + 1..d {
            let f = a[row][col] / p;
            if f != 0.0 {
                let (top, bottom) = a.split_at_mut(row);
                for (x, &y) in bottom[0][col..].iter_mut().zip(&top[col][col..]) {
                    *x -= f * y;
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0f64; d];
    for row in (0..d).rev() {
        let s: f64 = (row + 1..d).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_apart_counts_lead_places_with_nothing_near_them() {
        let g = Gazetteer::embedded();
        let ids = |names: &[&str]| -> Vec<u32> {
            let keys: Vec<String> = names
                .iter()
                .map(|n| samestory_text::places::place_key(n))
                .collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let mut v: Vec<u32> = g.places_in(&keys).into_iter().flatten().collect();
            v.sort_unstable();
            v
        };
        let qeshm = ids(&["Qeshm", "Iran"]);
        assert_eq!(qeshm.len(), 2);
        // The same quake placed by a nearby town and by the country: nothing apart.
        assert_eq!(places_apart(&qeshm, &ids(&["Bandar Abbas"])), 0.0);
        assert_eq!(places_apart(&qeshm, &ids(&["Iran"])), 0.0);
        // Another quake in another country: both of the lead's places are apart.
        assert_eq!(places_apart(&qeshm, &ids(&["Aceh", "Indonesia"])), 1.0);
        // Within the country but far off: Qeshm is apart, Iran is not.
        assert_eq!(places_apart(&qeshm, &ids(&["Tehran"])), 0.5);
        // A text that names no place says nothing.
        assert_eq!(places_apart(&qeshm, &[]), 0.0);
        assert_eq!(places_apart(&[], &qeshm), 0.0);
    }

    #[test]
    fn word_cosines_of_a_language_that_shares_more_by_chance_are_put_on_the_models_scale() {
        let model = Model::default();
        let c0 = model
            .chance
            .expect("the built-in model knows its chance levels");
        let mut x = [0.5f32; PAIR_FEATURES];
        x[0] = 0.36;
        x[4] = 1.0;
        // Thai-like: unrelated pairs share a content cosine of 0.2, a lead cosine of 0.09.
        let thai = PairChance {
            content: 0.2,
            lead: 0.09,
            ..Default::default()
        };
        let mut aligned = x;
        model.align(&mut aligned, thai);
        let expected = c0.content + (0.36 - 0.2) * (1.0 - c0.content) / (1.0 - 0.2);
        assert!((aligned[0] - expected).abs() < 1e-6, "{}", aligned[0]);
        assert!(aligned[2] < x[2]);
        // Chance lands on the model's level; identity stays 1; the title, at chance below
        // the model's, and every other feature are left as they are.
        let mut at_chance = [
            thai.content,
            0.0,
            thai.lead,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
        ];
        model.align(&mut at_chance, thai);
        assert!((at_chance[0] - c0.content).abs() < 1e-6);
        assert!((at_chance[2] - c0.lead).abs() < 1e-6);
        assert_eq!(aligned[4], 1.0);
        for i in [1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13] {
            assert_eq!(aligned[i], x[i], "feature {i}");
        }
        // Below chance is 0 at most; a language at or under the model's level, or a model that
        // does not know its own, changes nothing.
        let mut low = x;
        low[0] = 0.01;
        model.align(&mut low, thai);
        assert_eq!(low[0], 0.0);
        for (m, chance) in [
            (model, c0),
            (model, PairChance::default()),
            (
                Model {
                    chance: None,
                    ..model
                },
                thai,
            ),
        ] {
            let mut same = x;
            m.align(&mut same, chance);
            assert_eq!(same, x);
        }
    }

    #[test]
    fn agreeing_on_a_date_counts_less_where_pairs_agree_more_by_chance() {
        let model = Model::default();
        let c0 = model
            .chance
            .expect("the built-in model knows its chance levels");
        let (year, weekdays, months) = (6, 10, 12);
        let mut x = [0.0f32; PAIR_FEATURES];
        x[year] = 1.0;
        x[weekdays] = 1.0;
        x[months] = -1.0;
        // A stream whose leads mostly name one weekday; years agree no more than the model's.
        let stream = PairChance {
            weekdays: 0.6,
            months: 0.9,
            year: c0.year / 2.0,
            ..Default::default()
        };
        let mut aligned = x;
        model.align(&mut aligned, stream);
        let expected = (1.0 - 0.6) / (1.0 - c0.weekdays);
        assert!((aligned[weekdays] - expected).abs() < 1e-6, "{aligned:?}");
        // Agreeing where the model learnt it, and disagreeing, count in full.
        assert_eq!(aligned[year], 1.0);
        assert_eq!(aligned[months], -1.0);
        // Where every pair agrees, agreeing says nothing.
        let mut all = x;
        model.align(
            &mut all,
            PairChance {
                weekdays: 1.0,
                ..stream
            },
        );
        assert_eq!(all[weekdays], 0.0);
    }

    #[test]
    fn fit_recovers_a_separating_direction() {
        // Label = first feature above 0.5; the others are noise that is the same for both.
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..200 {
            let mut x = [0f32; PAIR_FEATURES];
            x[0] = (i % 100) as f32 / 100.0;
            x[1] = ((i * 37) % 11) as f32 / 11.0;
            xs.push(x);
            ys.push(x[0] > 0.5);
        }
        let m = Model::fit(&xs, &ys, 1e-3);
        assert!(m.weights[0] > 10.0, "{m:?}");
        assert!(m.weights[1].abs() < 0.05 * m.weights[0], "{m:?}");
        let mut lo = [0f32; PAIR_FEATURES];
        lo[0] = 0.2;
        let mut hi = lo;
        hi[0] = 0.8;
        assert!(sigmoid(m.logit(&lo)) < 0.1 && sigmoid(m.logit(&hi)) > 0.9);
    }

    #[test]
    fn solve_inverts() {
        let x = solve(vec![vec![4.0, 1.0], vec![1.0, 3.0]], vec![1.0, 2.0]);
        assert!((x[0] - 1.0 / 11.0).abs() < 1e-12 && (x[1] - 7.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn fit_with_dense_weighs_the_dense_cosine() {
        let mut xs = Vec::new();
        let (mut dense, mut ys) = (Vec::new(), Vec::new());
        for i in 0..200 {
            // Only the dense cosine tells the labels apart.
            let c = (i % 100) as f32 / 100.0;
            xs.push([0.3f32; PAIR_FEATURES]);
            dense.push(c);
            ys.push(c > 0.6);
        }
        let m = Model::fit_with_dense(&xs, &dense, &ys, 1e-3);
        assert!(m.dense > 10.0, "{m:?}");
        assert_eq!(
            Model::fit(&xs, &ys, 1e-3).dense,
            0.0,
            "no dense weight without dense features"
        );
    }
}
