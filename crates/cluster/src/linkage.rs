//! Sparse similarity graphs and average-link agglomeration over them.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use rayon::prelude::*;
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

/// Time-decayed cosine similarities between vectors that share one of their top `k` terms.
pub fn similarity_graph(
    vecs: &[&SparseVec],
    times: &[Option<i64>],
    k: usize,
    scale_days: f32,
) -> Vec<Edge> {
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, v) in vecs.iter().enumerate() {
        for t in v.top(k) {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    let postings: Vec<Vec<u32>> = postings
        .into_values()
        .filter(|p| p.len() <= MAX_POSTINGS)
        .collect();
    // Neighbour candidates of each vector, computed per vector so work splits evenly.
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); vecs.len()];
    for p in &postings {
        for (x, &a) in p.iter().enumerate() {
            for &b in &p[x + 1..] {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                neighbours[lo as usize].push(hi);
            }
        }
    }
    let scale = (scale_days * 86_400.0) as f64;
    neighbours
        .par_iter_mut()
        .enumerate()
        .flat_map_iter(|(a, ns)| {
            ns.sort_unstable();
            ns.dedup();
            ns.iter()
                .filter_map(|&b| {
                    let mut sim = vecs[a].dot(vecs[b as usize]);
                    if let (Some(ta), Some(tb)) = (times[a], times[b as usize]) {
                        sim *= (-((ta - tb).abs() as f64) / scale).exp() as f32;
                    }
                    (sim > 0.0).then_some(Edge {
                        a: a as u32,
                        b,
                        sim,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
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
/// mean pairwise similarity (absent edges count as zero) while it is at least `threshold`.
/// Returns clusters with sorted members, largest first, then by smallest member.
pub fn average_link(n: usize, edges: &[Edge], threshold: f32) -> Vec<Vec<usize>> {
    // sums[c] = neighbour cluster -> summed similarity between members.
    let mut sums: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n];
    for e in edges {
        *sums[e.a as usize].entry(e.b).or_default() += e.sim as f64;
        *sums[e.b as usize].entry(e.a).or_default() += e.sim as f64;
    }
    let mut size = vec![1usize; n];
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive = vec![true; n];
    let mut heap = BinaryHeap::new();
    let avg = |s: f64, x: usize, y: usize| s / (x * y) as f64;
    for (a, neighbours) in sums.iter().enumerate() {
        for (&b, &s) in neighbours {
            if (a as u32) < b {
                heap.push(Candidate {
                    avg: avg(s, 1, 1),
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
        let current = sums[a].get(&(b as u32)).map(|&s| avg(s, size[a], size[b]));
        if current.is_none_or(|c| (c - v).abs() > 1e-12) {
            continue;
        }
        // Merge b into a (a < b).
        alive[b] = false;
        let moved = std::mem::take(&mut sums[b]);
        sums[a].remove(&(b as u32));
        for (c, s) in moved {
            let c_us = c as usize;
            if c_us == a || !alive[c_us] {
                continue;
            }
            *sums[a].entry(c).or_default() += s;
            let sc = sums[c_us].remove(&(b as u32)).unwrap_or(0.0);
            *sums[c_us].entry(a as u32).or_default() += sc;
        }
        size[a] += size[b];
        let mb = std::mem::take(&mut members[b]);
        members[a].extend(mb);
        let mut ns: Vec<(u32, f64)> = sums[a].iter().map(|(&c, &s)| (c, s)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
            average_link(5, &edges, 0.4),
            vec![vec![0, 1], vec![3, 4], vec![2]]
        );
        assert_eq!(
            average_link(5, &edges, 0.2),
            vec![vec![0, 1, 2], vec![3, 4]]
        );
    }
}
