//! Sparse TF-IDF vectors over analyzed terms, with document frequencies counted per unit of
//! evidence (a copy group counts once, so reprints do not outweigh an original report).

use std::collections::HashMap;

/// A sparse vector: term ids sorted ascending, weights L2-normalized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec {
    pub ids: Vec<u32>,
    pub weights: Vec<f32>,
}

impl SparseVec {
    /// Builds a normalized vector from unsorted `(id, weight)` pairs; duplicates are summed.
    pub fn from_pairs(mut pairs: Vec<(u32, f32)>) -> Self {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut ids = Vec::with_capacity(pairs.len());
        let mut weights: Vec<f32> = Vec::with_capacity(pairs.len());
        for (id, w) in pairs {
            if ids.last() == Some(&id) {
                *weights.last_mut().expect("same length") += w;
            } else {
                ids.push(id);
                weights.push(w);
            }
        }
        let mut v = Self { ids, weights };
        v.normalize();
        v
    }

    pub fn normalize(&mut self) {
        let norm = self.weights.iter().map(|w| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            self.weights.iter_mut().for_each(|w| *w /= norm);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Dot product; the cosine for normalized vectors.
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < self.ids.len() && j < other.ids.len() {
            match self.ids[i].cmp(&other.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += self.weights[i] * other.weights[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// The normalized mean of `vecs`.
    pub fn centroid<'a>(vecs: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
        let mut acc: HashMap<u32, f32> = HashMap::new();
        for v in vecs {
            for (&id, &w) in v.ids.iter().zip(&v.weights) {
                *acc.entry(id).or_default() += w;
            }
        }
        SparseVec::from_pairs(acc.into_iter().collect())
    }

    /// The `k` ids of largest weight (ties by smaller id).
    pub fn top(&self, k: usize) -> Vec<u32> {
        let mut idx: Vec<usize> = (0..self.ids.len()).collect();
        idx.sort_by(|&a, &b| {
            self.weights[b]
                .total_cmp(&self.weights[a])
                .then(self.ids[a].cmp(&self.ids[b]))
        });
        idx.into_iter().take(k).map(|i| self.ids[i]).collect()
    }
}

/// Term ids and document frequencies over a corpus of units.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    units: u32,
}

impl Vocabulary {
    /// Counts document frequencies: each unit is the set of terms of one unit of evidence.
    pub fn build<'a>(units: impl IntoIterator<Item = impl IntoIterator<Item = &'a str>>) -> Self {
        let mut v = Vocabulary::default();
        for unit in units {
            v.observe(unit);
        }
        v
    }

    /// Counts one more unit of evidence: a vocabulary can grow as articles stream in.
    pub fn observe<'a>(&mut self, unit: impl IntoIterator<Item = &'a str>) {
        self.units += 1;
        let mut seen: Vec<u32> = unit.into_iter().map(|t| self.intern(t)).collect();
        seen.sort_unstable();
        seen.dedup();
        for id in seen {
            self.df[id as usize] += 1;
        }
    }

    /// Units counted so far.
    pub fn units(&self) -> u32 {
        self.units
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    pub fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// Smoothed inverse document frequency, `ln((1 + N) / (1 + df)) + 1`.
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.df.get(id as usize).copied().unwrap_or(0);
        ((1.0 + self.units as f32) / (1.0 + df as f32)).ln() + 1.0
    }

    /// A TF-IDF vector of weighted term lists (sublinear tf), terms unknown to the vocabulary
    /// ignored.
    pub fn vectorize<'a>(
        &self,
        fields: impl IntoIterator<Item = (&'a [String], f32)>,
    ) -> SparseVec {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for (terms, weight) in fields {
            for t in terms {
                if let Some(id) = self.id(t) {
                    *tf.entry(id).or_default() += weight;
                }
            }
        }
        SparseVec::from_pairs(
            tf.into_iter()
                .map(|(id, f)| (id, (1.0 + f.ln().max(0.0)) * self.idf(id)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_shared_rare_terms_is_high() {
        let docs: Vec<Vec<String>> = ["quake strikes city", "quake hits city", "market rallies"]
            .iter()
            .map(|s| s.split(' ').map(String::from).collect())
            .collect();
        let vocab = Vocabulary::build(docs.iter().map(|d| d.iter().map(String::as_str)));
        let v: Vec<SparseVec> = docs
            .iter()
            .map(|d| vocab.vectorize([(d.as_slice(), 1.0)]))
            .collect();
        assert!(v[0].dot(&v[1]) > 0.4);
        assert_eq!(v[0].dot(&v[2]), 0.0);
        assert!((v[0].dot(&v[0]) - 1.0).abs() < 1e-5);
    }
}
