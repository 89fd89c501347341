//! Sentence selection under a word budget: the centroid method, continuous LexRank, monotone
//! submodular coverage plus diversity (Lin & Bilmes 2011), and bigram concept coverage
//! (Gillick & Favre 2009, solved greedily). Every method is deterministic: ties go to the
//! earlier candidate.

use std::collections::{HashMap, HashSet};

use samestory_text::vector::SparseVec;

use crate::candidates::{Candidate, Pool};
use crate::{Config, Method};

/// Candidates kept for the quadratic methods: the best by a cheap score.
const MAX_CANDIDATES: usize = 400;
/// LexRank damping and iterations.
const DAMPING: f32 = 0.85;
const ITERATIONS: usize = 50;

/// Sentence vectors and the shared statistics every method uses.
pub(crate) struct Space {
    idf: Vec<f32>,
    /// Unit TF-IDF vector per candidate (`SparseVec::from_pairs` normalizes).
    pub vectors: Vec<SparseVec>,
    /// Unit centroid of the documents (each voice weighted once).
    pub centroid: SparseVec,
    /// Number of distinct voices.
    pub voices: usize,
}

impl Space {
    pub(crate) fn new(pool: &Pool, voice_of: &[usize]) -> Space {
        // Sentence-level document frequencies over every analysed sentence.
        let mut df = vec![0u32; pool.n_terms];
        let mut n = 0u32;
        let mut seen = vec![u32::MAX; pool.n_terms];
        for doc in &pool.analysed {
            for s in doc {
                n += 1;
                for &t in &s.terms {
                    if seen[t as usize] != n {
                        seen[t as usize] = n;
                        df[t as usize] += 1;
                    }
                }
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n as f32) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let vectors = pool
            .candidates
            .iter()
            .map(|c| {
                SparseVec::from_pairs(
                    c.terms
                        .iter()
                        .map(|&(t, k)| (t, (1.0 + (k as f32).ln()) * idf[t as usize]))
                        .collect(),
                )
            })
            .collect();
        // The centroid: every document's terms, each voice's documents sharing one weight.
        let mut per_voice = std::collections::HashMap::<usize, usize>::new();
        for &v in voice_of {
            *per_voice.entry(v).or_default() += 1;
        }
        let mut sums: Vec<f32> = vec![0.0; pool.n_terms];
        for (d, doc) in pool.analysed.iter().enumerate() {
            let w = 1.0 / per_voice[&voice_of[d]] as f32;
            for s in doc {
                for &t in &s.terms {
                    sums[t as usize] += w;
                }
            }
        }
        let centroid = SparseVec::from_pairs(
            sums.iter()
                .enumerate()
                .filter(|(_, x)| **x > 0.0)
                .map(|(t, &x)| (t as u32, x * idf[t]))
                .collect(),
        );
        Space {
            idf,
            vectors,
            centroid,
            voices: per_voice.len(),
        }
    }
}

impl Space {
    /// The document whose title is closest to the centroid; ties to the earlier one.
    pub(crate) fn headline(&self, pool: &Pool) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (d, title) in pool.titles.iter().enumerate() {
            if title.is_empty() {
                continue;
            }
            let v =
                SparseVec::from_pairs(title.iter().map(|&t| (t, self.idf[t as usize])).collect());
            let s = v.dot(&self.centroid);
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, d));
            }
        }
        best.map(|b| b.1)
    }
}

/// Indices into `pool.candidates` of the chosen sentences (selection order).
pub(crate) fn select(pool: &Pool, space: &Space, cfg: &Config) -> Vec<usize> {
    let cands = &pool.candidates;
    if cands.is_empty() {
        return Vec::new();
    }
    // A cheap prior to keep the quadratic methods bounded on very large events.
    let prior: Vec<f32> = (0..cands.len())
        .map(|i| space.vectors[i].dot(&space.centroid) * agreement(&cands[i], space.voices))
        .collect();
    let mut keep: Vec<usize> = (0..cands.len()).collect();
    if keep.len() > MAX_CANDIDATES {
        keep.sort_by(|&a, &b| prior[b].total_cmp(&prior[a]).then(a.cmp(&b)));
        keep.truncate(MAX_CANDIDATES);
        keep.sort_unstable();
    }
    match cfg.method {
        Method::Centroid => {
            let scores: Vec<f32> = keep
                .iter()
                .map(|&i| space.vectors[i].dot(&space.centroid))
                .collect();
            ranked(&keep, &scores, pool, space, cfg)
        }
        Method::LexRank => {
            let scores = lexrank(&keep, space);
            ranked(&keep, &scores, pool, space, cfg)
        }
        Method::Submodular => submodular(&keep, pool, space, cfg),
        Method::Concepts => concepts(&keep, pool, space, cfg, 0.0),
        Method::Hybrid => concepts(&keep, pool, space, cfg, cfg.coverage_weight),
    }
}

/// Source agreement: 1 for a sentence one voice printed, more for one several printed.
fn agreement(c: &Candidate, voices: usize) -> f32 {
    if voices <= 1 {
        1.0
    } else {
        1.0 + (c.voices.len() as f32).ln() / (voices as f32).ln().max(1.0)
    }
}

impl Space {
    /// Whether candidates `a` and `b` say one thing: their cosine is over
    /// [`Config::max_overlap`]. No method chooses both.
    fn repeats(&self, a: usize, b: usize, cfg: &Config) -> bool {
        self.vectors[a].dot(&self.vectors[b]) > cfg.max_overlap
    }
}

/// Position prior: the lead of a news article carries its event.
fn position(c: &Candidate) -> f32 {
    1.0 / (1.0 + c.position as f32).sqrt()
}

/// Greedy by score with a redundancy cap: the classic selection for score-based methods.
fn ranked(keep: &[usize], scores: &[f32], pool: &Pool, space: &Space, cfg: &Config) -> Vec<usize> {
    let cands = &pool.candidates;
    let mut order: Vec<usize> = (0..keep.len()).collect();
    let adjusted: Vec<f32> = order
        .iter()
        .map(|&k| {
            let c = &cands[keep[k]];
            scores[k] * agreement(c, space.voices) + cfg.position_weight * position(c)
        })
        .collect();
    order.sort_by(|&a, &b| adjusted[b].total_cmp(&adjusted[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0;
    for k in order {
        let i = keep[k];
        let n = cands[i].words;
        if !cands[i].choosable || used + n > cfg.words {
            continue;
        }
        if chosen.iter().any(|&c| space.repeats(c, i, cfg)) {
            continue;
        }
        chosen.push(i);
        used += n;
    }
    chosen
}

/// Continuous LexRank (Erkan & Radev 2004): stationary distribution of the cosine graph.
fn lexrank(keep: &[usize], space: &Space) -> Vec<f32> {
    let n = keep.len();
    let mut sim = similarities(keep, space);
    for row in sim.chunks_mut(n) {
        let sum: f32 = row.iter().sum();
        if sum > 0.0 {
            row.iter_mut().for_each(|x| *x /= sum);
        }
    }
    let mut p = vec![1.0 / n as f32; n];
    for _ in 0..ITERATIONS {
        let mut next = vec![(1.0 - DAMPING) / n as f32; n];
        for (row, &pa) in sim.chunks(n).zip(&p) {
            for (x, &m) in next.iter_mut().zip(row) {
                *x += DAMPING * pa * m;
            }
        }
        p = next;
    }
    p
}

/// The pairwise cosine matrix of the kept candidates, row-major.
fn similarities(keep: &[usize], space: &Space) -> Vec<f32> {
    let n = keep.len();
    let mut sim = vec![0f32; n * n];
    for a in 0..n {
        for b in a..n {
            let s = space.vectors[keep[a]].dot(&space.vectors[keep[b]]);
            sim[a * n + b] = s;
            sim[b * n + a] = s;
        }
    }
    sim
}

/// A monotone submodular set function, grown one kept candidate at a time.
trait Objective {
    /// What adding candidate `k` (an index into the kept candidates) would add.
    fn gain(&self, k: usize) -> f32;
    fn add(&mut self, k: usize);
}

/// Greedy maximization under a word budget with gains divided by length^r (Lin & Bilmes
/// 2010): near-optimal for monotone submodular objectives. A candidate that repeats a chosen
/// sentence ([`Space::repeats`]) is no longer offered, as in [`ranked`]: two outlets' wordings
/// of one fact ("Полёты на 50% будет субсидировать бюджет Республики Коми", "Полётная
/// программа на 50% будет субсидирована бюджетом Республики Коми") each still add coverage,
/// but a reader gets the fact twice.
fn greedy(
    keep: &[usize],
    pool: &Pool,
    space: &Space,
    cfg: &Config,
    objective: &mut dyn Objective,
) -> Vec<usize> {
    let cands = &pool.candidates;
    let mut chosen: Vec<usize> = Vec::new();
    let mut taken = vec![false; keep.len()];
    let mut used = 0;
    loop {
        let mut best: Option<(f32, usize)> = None;
        for (k, &i) in keep.iter().enumerate() {
            if taken[k] || !cands[i].choosable || used + cands[i].words > cfg.words {
                continue;
            }
            let g = objective.gain(k) / (cands[i].words as f32).powf(cfg.length_scale);
            if g > 1e-9 && best.is_none_or(|b| g > b.0) {
                best = Some((g, k));
            }
        }
        let Some((_, k)) = best else { break };
        taken[k] = true;
        // What repeats the chosen sentence is out too.
        for (t, &i) in taken.iter_mut().zip(keep) {
            *t = *t || space.repeats(keep[k], i, cfg);
        }
        used += cands[keep[k]].words;
        objective.add(k);
        chosen.push(keep[k]);
    }
    chosen
}

/// Lin & Bilmes (2011) coverage: the sum over sentences i of min(C_i(S), alpha C_i(V)), where
/// C_i(S) is the similarity of i to the summary S.
struct Coverage {
    n: usize,
    sim: Vec<f32>,
    cap: Vec<f32>,
    covered: Vec<f32>,
}

impl Coverage {
    fn new(keep: &[usize], space: &Space, alpha: f32) -> Coverage {
        let n = keep.len();
        let sim = similarities(keep, space);
        let cap = sim
            .chunks(n)
            .map(|row| alpha * row.iter().sum::<f32>())
            .collect();
        Coverage {
            n,
            sim,
            cap,
            covered: vec![0.0; n],
        }
    }

    /// The largest value: every sentence covered to its cap.
    fn total(&self) -> f32 {
        self.cap.iter().sum()
    }
}

impl Objective for Coverage {
    fn gain(&self, k: usize) -> f32 {
        // The matrix is symmetric: row k holds every sentence's similarity to k.
        let row = &self.sim[k * self.n..(k + 1) * self.n];
        let mut g = 0.0;
        for ((&c, &cap), &s) in self.covered.iter().zip(&self.cap).zip(row) {
            g += (c + s).min(cap) - c.min(cap);
        }
        g
    }

    fn add(&mut self, k: usize) {
        let row = &self.sim[k * self.n..(k + 1) * self.n];
        for (c, &s) in self.covered.iter_mut().zip(row) {
            *c += s;
        }
    }
}

/// Lin & Bilmes (2011) diversity reward: the sum over clusters of the square root of the
/// chosen members' singleton rewards, so a second sentence from one cluster earns less than a
/// first from another. Clusters come from k-means over the sentence vectors (k = n / 5).
struct Diversity {
    cluster: Vec<usize>,
    reward: Vec<f32>,
    sums: Vec<f32>,
}

impl Diversity {
    fn new(keep: &[usize], space: &Space, sim: &[f32], pool: &Pool, cfg: &Config) -> Diversity {
        let n = keep.len();
        let k = n.div_ceil(5).clamp(1, n);
        let cluster = kmeans(keep, space, k);
        // A sentence's reward: its mean similarity to the input, raised by source agreement
        // and the lead position.
        let reward = sim
            .chunks(n)
            .zip(keep)
            .map(|(row, &i)| {
                let c = &pool.candidates[i];
                let r = row.iter().sum::<f32>() / n as f32;
                r * agreement(c, space.voices) + cfg.position_weight * position(c) / n as f32
            })
            .collect();
        Diversity {
            cluster,
            reward,
            sums: vec![0.0; k],
        }
    }
}

impl Objective for Diversity {
    fn gain(&self, j: usize) -> f32 {
        let c = self.cluster[j];
        (self.sums[c] + self.reward[j]).sqrt() - self.sums[c].sqrt()
    }

    fn add(&mut self, j: usize) {
        self.sums[self.cluster[j]] += self.reward[j];
    }
}

/// Deterministic k-means over unit vectors: farthest-first seeds from the first candidate,
/// then ten Lloyd rounds.
fn kmeans(keep: &[usize], space: &Space, k: usize) -> Vec<usize> {
    let n = keep.len();
    let v = |i: usize| &space.vectors[keep[i]];
    let mut seeds = vec![0usize];
    let mut nearest = vec![f32::MIN; n];
    while seeds.len() < k {
        let last = v(*seeds.last().expect("a seed"));
        let mut far = (f32::MAX, 0);
        for (i, near) in nearest.iter_mut().enumerate() {
            *near = near.max(v(i).dot(last));
            if *near < far.0 {
                far = (*near, i);
            }
        }
        seeds.push(far.1);
    }
    let mut centres: Vec<SparseVec> = seeds.iter().map(|&s| v(s).clone()).collect();
    let mut assign = vec![0usize; n];
    for _ in 0..10 {
        for (i, a) in assign.iter_mut().enumerate() {
            let mut top = (f32::MIN, 0);
            for (c, centre) in centres.iter().enumerate() {
                let s = v(i).dot(centre);
                if s > top.0 {
                    top = (s, c);
                }
            }
            *a = top.1;
        }
        centres = (0..k)
            .map(|c| SparseVec::centroid((0..n).filter(|&i| assign[i] == c).map(v)))
            .collect();
    }
    assign
}

/// Coverage plus `lambda` times the diversity reward (Lin & Bilmes 2011).
struct CoverageAndDiversity {
    coverage: Coverage,
    diversity: Diversity,
    lambda: f32,
}

impl Objective for CoverageAndDiversity {
    fn gain(&self, k: usize) -> f32 {
        self.coverage.gain(k) + self.lambda * self.diversity.gain(k)
    }

    fn add(&mut self, k: usize) {
        self.coverage.add(k);
        self.diversity.add(k);
    }
}

fn submodular(keep: &[usize], pool: &Pool, space: &Space, cfg: &Config) -> Vec<usize> {
    let coverage = Coverage::new(keep, space, cfg.alpha);
    let diversity = Diversity::new(keep, space, &coverage.sim, pool, cfg);
    let mut objective = CoverageAndDiversity {
        coverage,
        diversity,
        lambda: cfg.diversity_weight,
    };
    greedy(keep, pool, space, cfg, &mut objective)
}

/// Bigram concepts (Gillick & Favre 2009): each bigram counts once, weighted by the number of
/// voices that use it; bigrams too few voices use are dropped. Gains are normalized by the
/// total weight and raised by the lead position; a hybrid adds `coverage` times the normalized
/// Lin & Bilmes coverage.
struct Concepts<'a> {
    candidates: Vec<&'a Candidate>,
    weight: HashMap<u64, f32>,
    total: f32,
    covered: HashSet<u64>,
    position_weight: f32,
    coverage: Option<(f32, Coverage)>,
}

impl Objective for Concepts<'_> {
    fn gain(&self, k: usize) -> f32 {
        let c = self.candidates[k];
        let fresh: f32 = c
            .bigrams
            .iter()
            .filter(|b| !self.covered.contains(*b))
            .filter_map(|b| self.weight.get(b))
            .sum();
        let mut g = fresh / self.total * (1.0 + self.position_weight * position(c));
        if let Some((w, cov)) = &self.coverage {
            g += w * cov.gain(k) / cov.total().max(1e-9);
        }
        g
    }

    fn add(&mut self, k: usize) {
        self.covered
            .extend(self.candidates[k].bigrams.iter().copied());
        if let Some((_, cov)) = &mut self.coverage {
            cov.add(k);
        }
    }
}

fn concepts(keep: &[usize], pool: &Pool, space: &Space, cfg: &Config, coverage: f32) -> Vec<usize> {
    let candidates: Vec<&Candidate> = keep.iter().map(|&i| &pool.candidates[i]).collect();
    let mut voices: HashMap<u64, Vec<usize>> = HashMap::new();
    for c in &candidates {
        for &b in &c.bigrams {
            let vs = voices.entry(b).or_default();
            for &v in &c.voices {
                if !vs.contains(&v) {
                    vs.push(v);
                }
            }
        }
    }
    // With three voices or more, a concept needs a share of them (and two): what one outlet
    // alone says is not the event. With fewer, every bigram counts.
    let min_voices = if space.voices >= 3 {
        ((space.voices as f32 * cfg.min_concept_share).ceil() as usize).max(2)
    } else {
        1
    };
    let weight: HashMap<u64, f32> = voices
        .into_iter()
        .filter(|(_, vs)| vs.len() >= min_voices)
        .map(|(b, vs)| (b, vs.len() as f32))
        .collect();
    // Weights are whole numbers, so their sum is exact in any order.
    let total = weight.values().sum::<f32>().max(1e-9);
    let mut objective = Concepts {
        candidates,
        weight,
        total,
        covered: HashSet::new(),
        position_weight: cfg.position_weight,
        coverage: (coverage > 0.0).then(|| (coverage, Coverage::new(keep, space, cfg.alpha))),
    };
    greedy(keep, pool, space, cfg, &mut objective)
}
