//! From aligned pairs to copy groups: coverage per side, copy edges, union-find components,
//! representatives and per-text reuse.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::Config;
use crate::align::{Alignment, WordRange, align};
use crate::candidates::candidates;
use crate::doc::Doc;
use crate::unionfind::UnionFind;

/// What alignment says about one pair of texts.
#[derive(Debug, Clone, PartialEq)]
pub struct PairJudgment {
    pub a: usize,
    pub b: usize,
    pub passages: Vec<Alignment>,
    /// Share of `a`'s words inside the passages, and of `b`'s.
    pub coverage_a: f64,
    pub coverage_b: f64,
    /// The pair is an edited copy: passages cover `copy_coverage` of the shorter text.
    pub copy: bool,
}

impl PairJudgment {
    /// The text contained in the other, when containment is one-sided (coverage of one side at
    /// least twice the other's).
    pub fn contained(&self) -> Option<usize> {
        if self.coverage_a >= 2.0 * self.coverage_b {
            Some(self.a)
        } else if self.coverage_b >= 2.0 * self.coverage_a {
            Some(self.b)
        } else {
            None
        }
    }
}

/// The result of copy detection over a set of texts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    /// Every pair with at least one passage, sorted by `(a, b)`.
    pub pairs: Vec<PairJudgment>,
    /// Copy groups, largest first then by smallest member; members sorted. Every text is in
    /// exactly one group (singletons included).
    pub groups: Vec<Vec<usize>>,
    /// Group index of each text.
    pub group_of: Vec<usize>,
    /// The member of each group closest to all others.
    pub representative: Vec<usize>,
    /// Share of each text's words that lie in passages shared with any other text.
    pub reuse: Vec<f64>,
}

fn union_len(ranges: &mut [WordRange]) -> usize {
    ranges.sort_unstable();
    let mut total = 0;
    let mut cur: Option<WordRange> = None;
    for r in ranges.iter() {
        match &mut cur {
            Some(c) if r.start <= c.end => c.end = c.end.max(r.end),
            _ => {
                if let Some(c) = cur {
                    total += c.len();
                }
                cur = Some(*r);
            }
        }
    }
    total + cur.map_or(0, |c| c.len())
}

fn coverage(len: usize, ranges: impl Iterator<Item = WordRange>) -> f64 {
    if len == 0 {
        return 0.0;
    }
    let mut v: Vec<WordRange> = ranges.collect();
    union_len(&mut v) as f64 / len as f64
}

/// Judges one aligned pair.
pub fn judge(
    docs: &[Doc],
    a: usize,
    b: usize,
    passages: Vec<Alignment>,
    cfg: &Config,
) -> PairJudgment {
    let (la, lb) = (docs[a].len(), docs[b].len());
    let coverage_a = coverage(la, passages.iter().map(|p| p.a));
    let coverage_b = coverage(lb, passages.iter().map(|p| p.b));
    let shorter = if la <= lb { coverage_a } else { coverage_b };
    PairJudgment {
        a,
        b,
        passages,
        coverage_a,
        coverage_b,
        copy: shorter >= cfg.copy_coverage,
    }
}

/// Finds copies and shared passages among `docs`.
pub fn detect(docs: &[Doc], cfg: &Config) -> Detection {
    let n = docs.len();
    // Exact duplicates (up to case and punctuation): the first of each class stands for all.
    let mut first_of: HashMap<u64, usize> = HashMap::new();
    let mut include = vec![false; n];
    let mut exact_pairs = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        if d.is_empty() {
            continue;
        }
        match first_of.get(&d.exact) {
            Some(&c) => exact_pairs.push((c, i)),
            None => {
                first_of.insert(d.exact, i);
                include[i] = true;
            }
        }
    }

    let cand = candidates(docs, &include, cfg);
    let mut pairs: Vec<PairJudgment> = cand
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let passages = align(&docs[a], &docs[b], cfg);
            (!passages.is_empty()).then(|| judge(docs, a, b, passages, cfg))
        })
        .collect();
    for (c, i) in exact_pairs {
        let whole = |d: &Doc| WordRange {
            start: 0,
            end: d.len(),
        };
        let passage = Alignment {
            a: whole(&docs[c]),
            b: whole(&docs[i]),
            matched: docs[c].len(),
        };
        pairs.push(PairJudgment {
            a: c,
            b: i,
            passages: vec![passage],
            coverage_a: 1.0,
            coverage_b: 1.0,
            copy: true,
        });
    }
    pairs.sort_by_key(|p| (p.a, p.b));

    // Mutual copies join; a text contained in others joins only the one that covers it best, so
    // a short text quoting two unrelated articles (a standard tagline, a shared wire paragraph)
    // does not chain them into one group. Ties go to the container with the smaller content
    // hash, which does not depend on input order.
    let mut uf = UnionFind::new(n);
    let mut best: Vec<Option<(f64, u64, usize)>> = vec![None; n];
    for p in pairs.iter().filter(|p| p.copy) {
        match p.contained() {
            None => uf.union(p.a, p.b),
            Some(x) => {
                let (container, cov) = if x == p.a {
                    (p.b, p.coverage_a)
                } else {
                    (p.a, p.coverage_b)
                };
                let key = docs[container].exact;
                let better = match best[x] {
                    None => true,
                    Some((c, k, _)) => cov > c || (cov == c && key < k),
                };
                if better {
                    best[x] = Some((cov, key, container));
                }
            }
        }
    }
    for (x, b) in best.iter().enumerate() {
        if let Some((_, _, container)) = b {
            uf.union(x, *container);
        }
    }
    let (groups, group_of) = uf.components();

    // Representative: highest summed mean coverage with the other members.
    let mut closeness = vec![0.0f64; n];
    for p in pairs.iter().filter(|p| p.copy) {
        let s = (p.coverage_a + p.coverage_b) / 2.0;
        closeness[p.a] += s;
        closeness[p.b] += s;
    }
    let representative = groups
        .iter()
        .map(|m| {
            *m.iter()
                .max_by(|&&x, &&y| closeness[x].total_cmp(&closeness[y]).then(y.cmp(&x)))
                .expect("groups are non-empty")
        })
        .collect();

    let mut ranges: Vec<Vec<WordRange>> = vec![Vec::new(); n];
    for p in &pairs {
        for al in &p.passages {
            ranges[p.a].push(al.a);
            ranges[p.b].push(al.b);
        }
    }
    let reuse = ranges
        .into_iter()
        .enumerate()
        .map(|(i, r)| coverage(docs[i].len(), r.into_iter()))
        .collect();

    Detection {
        pairs,
        groups,
        group_of,
        representative,
        reuse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edited_copies_group_and_unrelated_texts_stay_alone() {
        let base = "The central bank raised its main interest rate by a quarter point on Wednesday, \
            citing stubborn inflation in services and a tight labour market. Officials said further \
            increases could follow if price pressures did not ease over the coming months. Markets \
            had expected the move after weeks of signals from policymakers.";
        let edited = base
            .replace("Wednesday", "Thursday")
            .replace("labour", "labor");
        let docs = vec![
            Doc::new(base),
            Doc::new(&format!("Breaking news. {edited} More later.")),
            Doc::new(
                "Heavy rain flooded several villages in the north of the country overnight, \
                forcing hundreds of families to leave their homes, emergency services said.",
            ),
            Doc::new(base),
        ];
        let d = detect(&docs, &Config::default());
        assert_eq!(d.groups, vec![vec![0, 1, 3], vec![2]]);
        assert!(d.reuse[1] > 0.8 && d.reuse[2] == 0.0);
        assert!(d.representative[0] == 0 || d.representative[0] == 3);
    }

    #[test]
    fn results_do_not_depend_on_thread_count() {
        let texts: Vec<String> = (0..40)
            .map(|i| format!("story {} about the {} council meeting where members voted on the budget for the year and argued about roads schools and parks in district {}", i % 7, i % 5, i % 3))
            .collect();
        let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t)).collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| detect(&docs, &Config::default()));
        let many = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| detect(&docs, &Config::default()));
        assert_eq!(one, many);
    }
}
