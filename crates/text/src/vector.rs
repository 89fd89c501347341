//! Sparse TF-IDF vectors over analyzed terms, with document frequencies counted per unit of
//! evidence (a copy group counts once, so reprints do not outweigh an original report).

use rustc_hash::FxHashMap;

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

    /// The Euclidean norm.
    pub fn norm(&self) -> f32 {
        self.weights.iter().map(|w| w * w).sum::<f32>().sqrt()
    }

    pub fn normalize(&mut self) {
        let norm = self.norm();
        if norm > 0.0 {
            self.weights.iter_mut().for_each(|w| *w /= norm);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Dot product; the cosine for normalized vectors.
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let mut s = 0.0;
        self.for_each_common(other, |_, p| s += p);
        s
    }

    /// Calls `f` with each id both vectors hold and the product of its two weights, in id
    /// order.
    fn for_each_common(&self, other: &SparseVec, mut f: impl FnMut(u32, f32)) {
        let (mut i, mut j) = (0, 0);
        while i < self.ids.len() && j < other.ids.len() {
            match self.ids[i].cmp(&other.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    f(self.ids[i], self.weights[i] * other.weights[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// The normalized mean of `vecs`.
    pub fn centroid<'a>(vecs: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
        let mut v = SparseVec::sum(vecs);
        v.normalize();
        v
    }

    /// The sum of `vecs`, not normalized.
    pub fn sum<'a>(vecs: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
        let mut acc: FxHashMap<u32, f32> = FxHashMap::default();
        for v in vecs {
            for (&id, &w) in v.ids.iter().zip(&v.weights) {
                *acc.entry(id).or_default() += w;
            }
        }
        let mut pairs: Vec<(u32, f32)> = acc.into_iter().collect();
        pairs.sort_unstable_by_key(|p| p.0);
        let (ids, weights) = pairs.into_iter().unzip();
        SparseVec { ids, weights }
    }

    /// The ids of both vectors whose products weigh most in their dot product, at most `k`,
    /// heaviest first (ties by smaller id): the terms that make two texts alike.
    pub fn shared_top(&self, other: &SparseVec, k: usize) -> Vec<u32> {
        let mut shared: Vec<(f32, u32)> = Vec::new();
        self.for_each_common(other, |id, p| shared.push((p, id)));
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        shared.truncate(k);
        shared.iter().map(|&(_, id)| id).collect()
    }

    /// The `k` ids of largest weight (ties by smaller id).
    pub fn top(&self, k: usize) -> Vec<u32> {
        let mut idx: Vec<usize> = (0..self.ids.len()).collect();
        idx.sort_by(|&a, &b| {
            self.weights[b]
                .total_cmp(&self.weights[a])
                .then(self.ids[a].cmp(&self.ids[b]))
        });
        // By reference, so that the list is allocated for `k` ids, not in `idx`'s room for all.
        idx.iter().take(k).map(|&i| self.ids[i]).collect()
    }
}

/// Smoothed inverse document frequency, `ln((1 + N) / (1 + df)) + 1`.
fn idf(units: u32, df: u32) -> f32 {
    ((1.0 + units as f32) / (1.0 + df as f32)).ln() + 1.0
}

/// Term ids and document frequencies over a corpus of units, counted per language as well as
/// over all: how common a word is, is a fact of its language. In a corpus that is mostly
/// Russian and English, the commonest words of its seventy Thai articles are rare among all
/// units, and would weigh as much as the names that tell two Thai reports apart.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    ids: FxHashMap<String, u32>,
    /// Per term id: units over all that hold it; the language it was first counted in (an
    /// index into `units_in`, `NO_LANGUAGE` when only unknown so far) and the units of that
    /// language that hold it. Most terms belong to one language, so this covers most counts
    /// without a hash lookup.
    df: Vec<u32>,
    home: Vec<u16>,
    home_df: Vec<u32>,
    /// Units of a language other than its home language that hold a term, by (language, id).
    other_df: FxHashMap<(u16, u32), u32>,
    units: u32,
    /// Index of each language code seen (never "").
    languages: FxHashMap<String, u16>,
    units_in: Vec<u32>,
}

const NO_LANGUAGE: u16 = u16::MAX;

impl Vocabulary {
    /// Counts document frequencies: each unit is a language (ISO 639-1 code, "" when
    /// unknown) and the set of terms of one unit of evidence.
    pub fn build<'a>(
        units: impl IntoIterator<Item = (&'a str, impl IntoIterator<Item = &'a str>)>,
    ) -> Self {
        let mut v = Vocabulary::default();
        for (language, unit) in units {
            v.observe(language, unit);
        }
        v
    }

    /// Counts one more unit of evidence in `language` ("" when unknown, counted only over
    /// all): a vocabulary can grow as articles stream in.
    pub fn observe<'a>(&mut self, language: &str, unit: impl IntoIterator<Item = &'a str>) {
        let mut seen: Vec<u32> = unit.into_iter().map(|t| self.intern(t)).collect();
        seen.sort_unstable();
        seen.dedup();
        self.units += 1;
        let lang = self.language_index(language);
        if let Some(l) = lang {
            self.units_in[l as usize] += 1;
        }
        for id in seen {
            let i = id as usize;
            self.df[i] += 1;
            let Some(l) = lang else { continue };
            if self.home[i] == NO_LANGUAGE {
                self.home[i] = l;
            }
            if self.home[i] == l {
                self.home_df[i] += 1;
            } else {
                *self.other_df.entry((l, id)).or_default() += 1;
            }
        }
    }

    /// The index of `language`, made on first sight; `None` for "".
    fn language_index(&mut self, language: &str) -> Option<u16> {
        if language.is_empty() {
            return None;
        }
        if let Some(&l) = self.languages.get(language) {
            return Some(l);
        }
        let l = u16::try_from(self.units_in.len())
            .ok()
            .filter(|&l| l != NO_LANGUAGE)?;
        self.languages.insert(language.to_string(), l);
        self.units_in.push(0);
        Some(l)
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
        self.home.push(NO_LANGUAGE);
        self.home_df.push(0);
        id
    }

    pub fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// Smoothed inverse document frequency of a term among the units of `language`, or among
    /// all units when the language is unknown ("") or was never counted:
    /// `ln((1 + N) / (1 + df)) + 1`.
    pub fn idf(&self, language: &str, id: u32) -> f32 {
        self.idf_in(self.languages.get(language).copied(), id)
    }

    fn idf_in(&self, lang: Option<u16>, id: u32) -> f32 {
        let i = id as usize;
        let Some(l) = lang else {
            return idf(self.units, self.df.get(i).copied().unwrap_or(0));
        };
        let df = if self.home.get(i) == Some(&l) {
            self.home_df[i]
        } else {
            self.other_df.get(&(l, id)).copied().unwrap_or(0)
        };
        idf(self.units_in[l as usize], df)
    }

    /// A TF-IDF vector of weighted term lists in `language` (sublinear tf, inverse document
    /// frequencies as [`Vocabulary::idf`] gives them), terms unknown to the vocabulary ignored.
    pub fn vectorize<'a, T: IntoIterator<Item = &'a str>>(
        &self,
        language: &str,
        fields: impl IntoIterator<Item = (T, f32)>,
    ) -> SparseVec {
        let lang = self.languages.get(language).copied();
        let mut tf: FxHashMap<u32, f32> = FxHashMap::default();
        for (terms, weight) in fields {
            for t in terms {
                if let Some(id) = self.id(t) {
                    *tf.entry(id).or_default() += weight;
                }
            }
        }
        SparseVec::from_pairs(
            tf.into_iter()
                .map(|(id, f)| (id, (1.0 + f.ln().max(0.0)) * self.idf_in(lang, id)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_top_ranks_the_terms_both_weigh() {
        let a = SparseVec::from_pairs(vec![(1, 3.0), (2, 1.0), (3, 1.0), (5, 2.0)]);
        let b = SparseVec::from_pairs(vec![(2, 3.0), (3, 1.0), (4, 5.0), (5, 1.0)]);
        // 2: 1*3, 5: 2*1 (a tie broken by id), 3: 1*1; 1 and 4 are one side's only.
        assert_eq!(a.shared_top(&b, 5), vec![2, 5, 3]);
        assert_eq!(a.shared_top(&b, 1), vec![2]);
        assert!(a.shared_top(&SparseVec::default(), 3).is_empty());
    }

    #[test]
    fn cosine_of_shared_rare_terms_is_high() {
        let docs: Vec<Vec<String>> = ["quake strikes city", "quake hits city", "market rallies"]
            .iter()
            .map(|s| s.split(' ').map(String::from).collect())
            .collect();
        let vocab = Vocabulary::build(docs.iter().map(|d| ("en", d.iter().map(String::as_str))));
        let v: Vec<SparseVec> = docs
            .iter()
            .map(|d| vocab.vectorize("en", [(d.iter().map(String::as_str), 1.0)]))
            .collect();
        assert!(v[0].dot(&v[1]) > 0.4);
        assert_eq!(v[0].dot(&v[2]), 0.0);
        assert!((v[0].dot(&v[0]) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn document_frequencies_are_counted_per_language() {
        // "la" is in every French unit and in none of the many English ones.
        let mut units: Vec<(&str, Vec<&str>)> = vec![("en", vec!["storm", "coast"]); 50];
        units.push(("fr", vec!["la", "tempête"]));
        units.push(("fr", vec!["la", "grève"]));
        let vocab = Vocabulary::build(units.iter().map(|(l, t)| (*l, t.iter().copied())));
        let la = vocab.id("la").unwrap();
        let greve = vocab.id("grève").unwrap();
        assert!(vocab.idf("fr", la) < vocab.idf("fr", greve));
        // Over all units (a language never seen, or unknown), "la" looks rare.
        assert!(vocab.idf("", la) > 3.0);
        assert_eq!(vocab.idf("", la), vocab.idf("de", la));
        assert_eq!(vocab.units(), 52);
        // A term counted in a language besides its first.
        let v = Vocabulary::build([
            ("en", vec!["putin"]),
            ("de", vec!["putin"]),
            ("de", vec!["merz"]),
        ]);
        let putin = v.id("putin").unwrap();
        assert_eq!(v.idf("de", putin), v.idf("de", v.id("merz").unwrap()));
        assert!(v.idf("en", putin) < v.idf("de", putin));
    }
}
