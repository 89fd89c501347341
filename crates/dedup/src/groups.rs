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

/// The texts that join each container. Each contained text names the pair with the
/// container that covers it best (an index into `pairs`, in `best`). A container that holds
/// several texts in different places (a digest of the day's items, a page that runs two
/// briefs) is no copy of all of them: a text joins when its place overlaps that of the
/// longest text held, or when some other copy of the container spans both places (the full
/// story behind a truncated copy and one with its lead dropped). The rest stay out, so a
/// digest does not chain unrelated items into one group.
fn held_texts(
    pairs: &[PairJudgment],
    best: &[Option<(f64, u64, usize)>],
) -> Vec<(usize, Vec<usize>)> {
    // The place of the other text of pair `i` in `container`.
    let place = |i: usize, container: usize| -> Vec<WordRange> {
        let p = &pairs[i];
        let mut r: Vec<WordRange> = if container == p.a {
            p.passages.iter().map(|al| al.a).collect()
        } else {
            p.passages.iter().map(|al| al.b).collect()
        };
        merge_ranges(&mut r);
        r
    };
    // Container -> (contained text, pair index).
    let mut held: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (x, b) in best.iter().enumerate() {
        if let Some((_, _, i)) = *b {
            let p = &pairs[i];
            held.entry(if x == p.a { p.b } else { p.a })
                .or_default()
                .push((x, i));
        }
    }
    // Copy pairs of each container that holds several texts.
    let mut copies_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in pairs.iter().enumerate().filter(|(_, p)| p.copy) {
        for c in [p.a, p.b] {
            if held.get(&c).is_some_and(|h| h.len() > 1) {
                copies_of.entry(c).or_default().push(i);
            }
        }
    }
    let covers = |outer: &[WordRange], inner: &[WordRange]| {
        2 * overlap_len(outer, inner) >= ranges_len(inner)
    };
    let mut out: Vec<(usize, Vec<usize>)> = held
        .into_iter()
        .map(|(container, texts)| {
            if texts.len() == 1 {
                return (container, vec![texts[0].0]);
            }
            // The place in the container of every copy it has, held texts included.
            let places: HashMap<usize, Vec<WordRange>> = copies_of[&container]
                .iter()
                .map(|&i| (i, place(i, container)))
                .collect();
            // The place of the longest text held (ties to the lower index).
            let main = texts
                .iter()
                .map(|&(x, i)| (std::cmp::Reverse(ranges_len(&places[&i])), x, i))
                .min()
                .map(|(_, _, i)| &places[&i])
                .expect("several texts held");
            let joined = texts
                .iter()
                .filter(|&&(_, i)| {
                    let r = &places[&i];
                    covers(main, r)
                        || places
                            .iter()
                            .any(|(&j, o)| j != i && covers(o, r) && covers(o, main))
                })
                .map(|&(x, _)| x)
                .collect();
            (container, joined)
        })
        .collect();
    out.sort_unstable();
    out
}

/// Sorts `ranges` and merges those that touch or overlap.
fn merge_ranges(ranges: &mut Vec<WordRange>) {
    ranges.sort_unstable();
    let mut merged: Vec<WordRange> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *ranges = merged;
}

/// Words in sorted, disjoint `ranges`.
fn ranges_len(ranges: &[WordRange]) -> usize {
    ranges.iter().map(|r| r.len()).sum()
}

/// Words shared by two lists of sorted, disjoint ranges.
fn overlap_len(x: &[WordRange], y: &[WordRange]) -> usize {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        let (lo, hi) = (x[i].start.max(y[j].start), x[i].end.min(y[j].end));
        total += hi.saturating_sub(lo);
        if x[i].end <= y[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
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
    for (i, p) in pairs.iter().enumerate().filter(|(_, p)| p.copy) {
        match p.contained() {
            None => {
                uf.union(p.a, p.b);
            }
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
                    best[x] = Some((cov, key, i));
                }
            }
        }
    }
    for (container, held) in held_texts(&pairs, &best) {
        for x in held {
            uf.union(x, container);
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
    fn a_digest_does_not_chain_the_items_it_holds() {
        let briefs = [
            "The regional water company cut supplies to six villages of the district on Monday \
             while engineers replaced a burst main near the pumping station, officials said.",
            "Customs officers at the port seized forty tonnes of scrap metal that traders had \
             tried to ship abroad without papers, the prosecutor's office said on Monday.",
            "The city council approved a plan to plant two thousand trees along the river \
             embankment next spring, after residents signed a petition for more green space.",
        ];
        let story = "The central bank raised its main interest rate by a quarter point on \
            Wednesday, citing stubborn inflation in services and a tight labour market. Officials \
            said further increases could follow if price pressures did not ease over the coming \
            months. Markets had expected the move after weeks of signals from policymakers.";
        let first_half = &story[..story.find(" Officials").unwrap()];
        let docs = vec![
            Doc::new(&format!(
                "Monday in brief. {} {} {}",
                briefs[0], briefs[1], briefs[2]
            )),
            Doc::new(briefs[0]),
            Doc::new(briefs[1]),
            Doc::new(briefs[2]),
            Doc::new(story),
            Doc::new(first_half),
            Doc::new(&format!("{story} Analysts said the rise was priced in.")),
        ];
        let d = detect(&docs, &Config::default());
        // Each brief is in the digest, but the three briefs are not copies of one another.
        let brief_groups: std::collections::HashSet<usize> =
            (1..=3).map(|i| d.group_of[i]).collect();
        assert_eq!(brief_groups.len(), 3, "{:?}", d.groups);
        // One story held twice in the same place (a truncation, an addition) still groups.
        assert_eq!(d.group_of[4], d.group_of[5]);
        assert_eq!(d.group_of[4], d.group_of[6]);
        // Passages are still reported between the digest and every brief.
        for i in 1..=3 {
            assert!(
                d.pairs.iter().any(|p| (p.a, p.b) == (0, i)),
                "digest and brief {i}"
            );
        }
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
