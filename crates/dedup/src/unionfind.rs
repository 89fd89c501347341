//! Disjoint sets over `0..n` and the components they form, in a canonical order.

use std::collections::HashMap;

/// Union-find with path halving. The smaller index becomes the root, so the final partition
/// and its roots do not depend on the order of unions.
#[derive(Debug, Clone)]
pub struct UnionFind(Vec<usize>);

impl UnionFind {
    pub fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; whether they were apart.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
        ra != rb
    }

    /// Components, largest first then by smallest member, members sorted; and the component
    /// index of each element.
    pub fn components(mut self) -> (Vec<Vec<usize>>, Vec<usize>) {
        let n = self.0.len();
        let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            by_root.entry(self.find(i)).or_default().push(i);
        }
        let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
        groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
        let mut group_of = vec![0; n];
        for (g, members) in groups.iter().enumerate() {
            for &m in members {
                group_of[m] = g;
            }
        }
        (groups, group_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_canonical() {
        let mut uf = UnionFind::new(5);
        assert!(uf.union(4, 1));
        assert!(uf.union(3, 2));
        assert!(uf.union(2, 4));
        // Already one set.
        assert!(!uf.union(1, 3));
        let (groups, group_of) = uf.components();
        assert_eq!(groups, vec![vec![1, 2, 3, 4], vec![0]]);
        assert_eq!(group_of, vec![1, 0, 0, 0, 0]);
    }
}
