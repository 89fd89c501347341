//! Sparse similarity graphs and average-link agglomeration over them.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use samestory_dedup::unionfind::UnionFind;
use samestory_text::vector::SparseVec;

/// A weighted edge `a < b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    pub sim: f32,
}

/// Postings longer than this are skipped: a term among the top terms of that many vectors
/// does not tell them apart.
const MAX_POSTINGS: usize = 5_000;

/// Candidate neighbours kept per vector: those sharing the most top terms with it.
const MAX_NEIGHBOURS: usize = 64;

/// Pairs `a < b` of vectors that share one of their top `k` terms, grouped by `a` ascending,
/// each once: the candidates of a sparse similarity graph (never all pairs). Each vector keeps
/// the `MAX_NEIGHBOURS` others that share the most of its top terms (ties to the lower
/// index); a pair is a candidate when either side kept the other.
pub fn candidate_pairs(vecs: &[&SparseVec], k: usize) -> Vec<Vec<u32>> {
    let tops: Vec<Vec<u32>> = vecs.par_iter().map(|v| v.top(k)).collect();
    let mut postings: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (i, top) in tops.iter().enumerate() {
        for &t in top {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    postings.retain(|_, p| p.len() <= MAX_POSTINGS);
    let kept: Vec<Vec<u32>> = tops
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u16; vecs.len()], Vec::new()),
            |(counts, touched), (a, top)| {
                for t in top {
                    for &b in postings.get(t).map_or(&[][..], Vec::as_slice) {
                        if b as usize != a {
                            if counts[b as usize] == 0 {
                                touched.push(b);
                            }
                            counts[b as usize] = counts[b as usize].saturating_add(1);
                        }
                    }
                }
                let mut ns: Vec<(u16, u32)> =
                    touched.iter().map(|&b| (counts[b as usize], b)).collect();
                for &b in touched.iter() {
                    counts[b as usize] = 0;
                }
                touched.clear();
                if ns.len() > MAX_NEIGHBOURS {
                    ns.select_nth_unstable_by(MAX_NEIGHBOURS - 1, |x, y| {
                        y.0.cmp(&x.0).then(x.1.cmp(&y.1))
                    });
                    ns.truncate(MAX_NEIGHBOURS);
                }
                // Collected by reference: collected from `ns` by value, the list would keep the
                // allocation of every candidate touched (the in-place collect of `Vec`), 1.3 GB
                // over the Telegram pages' events.
                ns.iter().map(|&(_, b)| b).collect()
            },
        )
        .collect();
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); vecs.len()];
    for (a, ns) in kept.iter().enumerate() {
        for &b in ns {
            let (lo, hi) = if (a as u32) < b {
                (a as u32, b)
            } else {
                (b, a as u32)
            };
            neighbours[lo as usize].push(hi);
        }
    }
    neighbours.par_iter_mut().for_each(|ns| {
        ns.sort_unstable();
        ns.dedup();
    });
    neighbours
}

/// Edges between candidate pairs (see [`candidate_pairs`]) whose similarity `sim(a, b)` is
/// above `min_sim`, in order of `(a, b)`.
pub fn similarity_graph(
    vecs: &[&SparseVec],
    k: usize,
    min_sim: f32,
    sim: impl Fn(usize, usize) -> f32 + Sync,
) -> Vec<Edge> {
    candidate_pairs(vecs, k)
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, ns)| {
            ns.iter()
                .filter_map(|&b| {
                    let s = sim(a, b as usize);
                    (s > min_sim).then_some(Edge {
                        a: a as u32,
                        b,
                        sim: s,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What joins two clusters: the sum of the similarities of the pairs across them, and whether
/// some pair across them may join them.
#[derive(Debug, Clone, Copy, Default)]
struct Across {
    sum: f64,
    joins: bool,
}

impl Across {
    fn add(&mut self, sim: f32, joins: bool) {
        self.sum += sim as f64;
        self.joins |= joins;
    }

    fn join(&mut self, other: Across) {
        self.sum += other.sum;
        self.joins |= other.joins;
    }
}

#[derive(PartialEq)]
struct Candidate {
    avg: f64,
    a: u32,
    b: u32,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-link agglomeration of `n` items: repeatedly merges the two clusters with the highest
/// mean pairwise similarity (absent edges count as zero) while it is at least `threshold`, of
/// clusters that some pair across them `joins` (such as a pair similar enough by itself:
/// `|e| e.sim >= 0.5`; `|_| true` for any). Returns clusters with sorted members, largest
/// first, then by smallest member.
pub fn average_link(
    n: usize,
    edges: &[Edge],
    threshold: f32,
    joins: impl Fn(&Edge) -> bool,
) -> Vec<Vec<usize>> {
    // sums[c] = neighbour cluster -> summed similarity between members, and whether some
    // pair across joins.
    let mut sums: Vec<FxHashMap<u32, Across>> = vec![FxHashMap::default(); n];
    for e in edges {
        let j = joins(e);
        sums[e.a as usize].entry(e.b).or_default().add(e.sim, j);
        sums[e.b as usize].entry(e.a).or_default().add(e.sim, j);
    }
    let mut size = vec![1usize; n];
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive = vec![true; n];
    let mut heap = BinaryHeap::new();
    let avg = |s: f64, x: usize, y: usize| s / (x * y) as f64;
    for (a, neighbours) in sums.iter().enumerate() {
        for (&b, across) in neighbours {
            if (a as u32) < b && across.joins {
                heap.push(Candidate {
                    avg: avg(across.sum, 1, 1),
                    a: a as u32,
                    b,
                });
            }
        }
    }
    let threshold = threshold as f64;
    while let Some(Candidate { avg: v, a, b }) = heap.pop() {
        if v < threshold {
            break;
        }
        let (a, b) = (a as usize, b as usize);
        if !alive[a] || !alive[b] {
            continue;
        }
        let current = sums[a]
            .get(&(b as u32))
            .map(|across| avg(across.sum, size[a], size[b]));
        if current.is_none_or(|c| (c - v).abs() > 1e-12) {
            continue;
        }
        // Merge b into a (a < b).
        alive[b] = false;
        let moved = std::mem::take(&mut sums[b]);
        sums[a].remove(&(b as u32));
        for (c, across) in moved {
            let c_us = c as usize;
            if c_us == a || !alive[c_us] {
                continue;
            }
            sums[a].entry(c).or_default().join(across);
            let back = sums[c_us].remove(&(b as u32)).unwrap_or_default();
            sums[c_us].entry(a as u32).or_default().join(back);
        }
        size[a] += size[b];
        let mb = std::mem::take(&mut members[b]);
        members[a].extend(mb);
        let mut ns: Vec<(u32, f64)> = sums[a]
            .iter()
            .filter(|(_, across)| across.joins)
            .map(|(&c, across)| (c, across.sum))
            .collect();
        ns.sort_unstable_by_key(|p| p.0);
        for (c, s) in ns {
            let (x, y) = if (a as u32) < c {
                (a as u32, c)
            } else {
                (c, a as u32)
            };
            heap.push(Candidate {
                avg: avg(s, size[a], size[c as usize]),
                a: x,
                b: y,
            });
        }
    }
    let mut out: Vec<Vec<usize>> = members
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut m, _)| {
            m.sort_unstable();
            m
        })
        .collect();
    out.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    out
}

/// For each cluster (members sorted, as [`average_link`] gives them), the strongest edges
/// that join its members: a maximum spanning forest of the edges within it (Kruskal, ties by
/// `(a, b)`), strongest first. It says why each member is in the cluster: through which
/// other member, and how strongly. Edges of similarity 0 join nothing.
pub fn strongest_links(clusters: &[Vec<usize>], n: usize, edges: &[Edge]) -> Vec<Vec<Edge>> {
    let mut cluster_of = vec![usize::MAX; n];
    for (c, members) in clusters.iter().enumerate() {
        for &m in members {
            cluster_of[m] = c;
        }
    }
    let mut within: Vec<Vec<Edge>> = vec![Vec::new(); clusters.len()];
    for e in edges {
        let c = cluster_of[e.a as usize];
        if e.sim > 0.0 && c != usize::MAX && c == cluster_of[e.b as usize] {
            within[c].push(*e);
        }
    }
    let mut sets = UnionFind::new(n);
    within
        .into_iter()
        .map(|mut es| {
            es.sort_by(|x, y| y.sim.total_cmp(&x.sim).then((x.a, x.b).cmp(&(y.a, y.b))));
            es.retain(|e| sets.union(e.a as usize, e.b as usize));
            es
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongest_links_join_each_cluster_by_its_best_edges() {
        let e = |a, b, sim| Edge { a, b, sim };
        let edges = [
            e(0, 1, 0.9),
            e(0, 2, 0.5),
            e(1, 2, 0.7),
            e(2, 3, 0.8),
            // Across clusters: never a link.
            e(3, 4, 0.95),
            e(4, 5, 0.0),
        ];
        let links = strongest_links(&[vec![0, 1, 2, 3], vec![4, 5]], 6, &edges);
        assert_eq!(links[0], vec![e(0, 1, 0.9), e(2, 3, 0.8), e(1, 2, 0.7)]);
        // A similarity of 0 says nothing of why two are together.
        assert!(links[1].is_empty());
    }

    #[test]
    fn average_link_needs_the_mean_not_one_strong_edge() {
        // 0-1 strong, 2 close to 1 only: mean of (0,2) and (1,2) is below the threshold.
        let edges = [
            Edge {
                a: 0,
                b: 1,
                sim: 0.9,
            },
            Edge {
                a: 1,
                b: 2,
                sim: 0.5,
            },
            Edge {
                a: 3,
                b: 4,
                sim: 0.6,
            },
        ];
        assert_eq!(
            average_link(5, &edges, 0.4, |_| true),
            vec![vec![0, 1], vec![3, 4], vec![2]]
        );
        assert_eq!(
            average_link(5, &edges, 0.2, |_| true),
            vec![vec![0, 1, 2], vec![3, 4]]
        );
    }

    #[test]
    fn average_link_needs_one_strong_edge_as_well_as_the_mean() {
        let e = |a, b, sim| Edge { a, b, sim };
        // 0 and 1 meet the mean with a middling pair alone, and neither is near 2 or 3.
        let middling = [e(0, 1, 0.45), e(2, 3, 0.9), e(0, 2, 0.45), e(1, 3, 0.45)];
        assert_eq!(
            average_link(4, &middling, 0.4, |_| true),
            vec![vec![0, 1], vec![2, 3]]
        );
        assert_eq!(
            average_link(4, &middling, 0.4, |e| e.sim >= 0.5),
            vec![vec![2, 3], vec![0], vec![1]]
        );
        // A strong pair across carries a cluster whose mean is still above the threshold.
        let strong = [e(0, 1, 0.9), e(1, 2, 0.6), e(0, 2, 0.3)];
        assert_eq!(
            average_link(3, &strong, 0.4, |e| e.sim >= 0.5),
            vec![vec![0, 1, 2]]
        );
    }
}
