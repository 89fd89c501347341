//! Passage alignment in the spirit of passim: anchors are shingles that occur exactly once in
//! each text; anchors close on both sides and near the same diagonal chain into passages; each
//! passage is then extended word by word across single-word substitutions. Sentences whose keys
//! match (the same longer words in any order, see [`crate::doc::Sentence`]) and that no such
//! passage covers are passages too: a sentence a copy editor rearranged.

use crate::Config;
use crate::doc::Doc;

/// A half-open range of word positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordRange {
    pub start: usize,
    pub end: usize,
}

impl WordRange {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One passage shared by texts `a` and `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alignment {
    pub a: WordRange,
    pub b: WordRange,
    /// Words equal on both sides (the rest are substitutions inside the passage).
    pub matched: usize,
}

/// The entries of `v` whose key occurs exactly once, sorted by key. Sorting a few hundred
/// pairs costs a fraction of hashing them into a map, and two sorted lists meet in one merge
/// ([`shared`]).
fn once_each<T: Ord + Copy>(mut v: Vec<(u64, T)>) -> Vec<(u64, T)> {
    v.sort_unstable();
    let mut kept = 0;
    let mut k = 0;
    while k < v.len() {
        let mut e = k + 1;
        while e < v.len() && v[e].0 == v[k].0 {
            e += 1;
        }
        if e == k + 1 {
            v[kept] = v[k];
            kept += 1;
        }
        k = e;
    }
    v.truncate(kept);
    v
}

/// The values of the keys present in both lists (sorted by key, each key once), in key order.
fn shared<T: Copy, U: Copy>(ua: &[(u64, T)], ub: &[(u64, U)]) -> Vec<(T, U)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < ua.len() && y < ub.len() {
        match ua[x].0.cmp(&ub[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                out.push((ua[x].1, ub[y].1));
                x += 1;
                y += 1;
            }
        }
    }
    out
}

/// Shingles that occur exactly once, as `(hash, position)`, sorted by hash.
fn unique_positions(shingles: &[u64]) -> Vec<(u64, u32)> {
    once_each(
        shingles
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect(),
    )
}

/// Positions `(i, j)` of the hashes present in both lists of unique shingles, sorted.
fn anchors(ua: &[(u64, u32)], ub: &[(u64, u32)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = shared(ua, ub)
        .into_iter()
        .map(|(i, j)| (i as usize, j as usize))
        .collect();
    out.sort_unstable();
    out
}

/// Words that match when extending a passage past its last anchor: a mismatch is crossed when
/// the `2` words after it match again.
const RESYNC: usize = 2;

fn extend_right(a: &[u64], b: &[u64], mut i: usize, mut j: usize) -> (usize, usize, usize) {
    let mut matched = 0;
    loop {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            matched += 1;
            continue;
        }
        // One substituted word, then RESYNC equal words.
        let ok = i + 1 + RESYNC <= a.len()
            && j + 1 + RESYNC <= b.len()
            && (1..=RESYNC).all(|k| a[i + k] == b[j + k]);
        if ok {
            i += 1;
            j += 1;
        } else {
            return (i, j, matched);
        }
    }
}

fn extend_left(a: &[u64], b: &[u64], mut i: usize, mut j: usize) -> (usize, usize, usize) {
    let mut matched = 0;
    loop {
        if i > 0 && j > 0 && a[i - 1] == b[j - 1] {
            i -= 1;
            j -= 1;
            matched += 1;
            continue;
        }
        let ok = i > RESYNC && j > RESYNC && (2..=RESYNC + 1).all(|k| a[i - k] == b[j - k]);
        if ok {
            i -= 1;
            j -= 1;
        } else {
            return (i, j, matched);
        }
    }
}

/// Passages shared by `a` and `b`, in order of position in `a`, none shorter than
/// `cfg.min_passage_words` on either side.
pub fn align(a: &Doc, b: &Doc, cfg: &Config) -> Vec<Alignment> {
    let n = cfg.shingle;
    let sa = a.shingles(n);
    let sb = b.shingles(n);
    if sa.is_empty() || sb.is_empty() {
        return Vec::new();
    }
    let anchors = anchors(&unique_positions(&sa), &unique_positions(&sb));

    // Chain anchors into runs along a diagonal.
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new(); // a_start, a_last, b_start, b_last
    for (i, j) in anchors {
        if let Some(r) = runs.last_mut() {
            let (ga, gb) = (i.wrapping_sub(r.1), j.wrapping_sub(r.3));
            if i > r.1 && j > r.3 && ga <= cfg.max_gap && gb <= cfg.max_gap {
                r.1 = i;
                r.3 = j;
                continue;
            }
        }
        runs.push((i, i, j, j));
    }

    let mut out: Vec<Alignment> = Vec::new();
    for (a0, a1, b0, b1) in runs {
        // Anchor shingles cover words [a0, a1 + n).
        let (ae, be, right) = extend_right(&a.words, &b.words, a1 + n, b1 + n);
        let (as_, bs, left) = extend_left(&a.words, &b.words, a0, b0);
        let inner = (a0..a1 + n)
            .zip(b0..b1 + n)
            .filter(|&(i, j)| a.words[i] == b.words[j])
            .count();
        let al = Alignment {
            a: WordRange {
                start: as_,
                end: ae,
            },
            b: WordRange { start: bs, end: be },
            matched: inner + left + right,
        };
        // Extension may run into the previous passage; merge when it does.
        if let Some(prev) = out.last_mut()
            && al.a.start <= prev.a.end
            && al.b.start <= prev.b.end
            && al.b.start >= prev.b.start
        {
            prev.a.end = prev.a.end.max(al.a.end);
            prev.b.end = prev.b.end.max(al.b.end);
            prev.matched += al.matched;
            continue;
        }
        out.push(al);
    }
    let long_enough =
        |p: &Alignment| p.a.len() >= cfg.min_passage_words && p.b.len() >= cfg.min_passage_words;
    out.retain(long_enough);
    if cfg.sentence_keys {
        let mut rearranged = rearranged_sentences(a, b, &out);
        rearranged.retain(long_enough);
        if !rearranged.is_empty() {
            out.extend(rearranged);
            out.sort_by_key(|p| (p.a, p.b));
        }
    }
    out
}

/// Sentences with the same key, once in each text, of which `passages` cover less than half
/// on either side. `matched` counts the words of the shorter side.
fn rearranged_sentences(a: &Doc, b: &Doc, passages: &[Alignment]) -> Vec<Alignment> {
    let unique = |d: &Doc| {
        once_each(
            d.sentences
                .iter()
                .map(|s| {
                    let r = WordRange {
                        start: s.start as usize,
                        end: s.end as usize,
                    };
                    (s.key, r)
                })
                .collect(),
        )
    };
    let covered = |r: WordRange, side: fn(&Alignment) -> WordRange| {
        let inside: usize = passages
            .iter()
            .map(|p| {
                let q = side(p);
                q.end.min(r.end).saturating_sub(q.start.max(r.start))
            })
            .sum();
        2 * inside >= r.len()
    };
    shared(&unique(a), &unique(b))
        .into_iter()
        .filter(|&(ra, rb)| !covered(ra, |p| p.a) && !covered(rb, |p| p.b))
        .map(|(ra, rb)| Alignment {
            a: ra,
            b: rb,
            matched: ra.len().min(rb.len()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(d: &str, r: WordRange) -> String {
        let doc = Doc::new(d);
        let (s, e) = doc.byte_range(r.start, r.end);
        d[s..e].to_string()
    }

    #[test]
    fn substitutions_inside_a_passage_do_not_break_it() {
        let a = "Intro words here. Dozens of IS fighters were cornered in a pocket of Deraa on Tuesday after losing all other territory there, a monitor said. Unrelated tail.";
        let b = "Different lead sentence. Dozens of IS fighters were cornered in a pocket of Daraa on Tuesday after losing all other territory there, a monitor said.";
        let got = align(&Doc::new(a), &Doc::new(b), &Config::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            words(a, got[0].a),
            "Dozens of IS fighters were cornered in a pocket of Deraa on Tuesday after losing all other territory there, a monitor said"
        );
        assert_eq!(got[0].matched + 1, got[0].a.len());
    }

    #[test]
    fn a_quote_with_an_edited_name_is_one_passage() {
        let a = "\"In exchange, IS would release 30 hostages it took from Sweida last week,\" said Abdel Rahman.";
        let b = "\"In exchange, ISIS would release 30 hostages it took from Sweida last week,\" Rami Abdel Rahman told AFP.";
        let got = align(&Doc::new(a), &Doc::new(b), &Config::default());
        assert_eq!(got.len(), 1, "{got:?}");
        // "said" / "Rami" is crossed as a substitution because "Abdel Rahman" matches again.
        assert_eq!(
            words(b, got[0].b),
            "In exchange, ISIS would release 30 hostages it took from Sweida last week,\" Rami Abdel Rahman"
        );
    }

    #[test]
    fn a_rearranged_sentence_is_a_passage_unless_already_aligned() {
        let a = "Opening words of the first text. The council approved the budget after a long and bitter debate on Tuesday evening. The end.";
        let b = "On Tuesday evening, after a long and bitter debate, the council approved its budget. Another story entirely.";
        let got = align(&Doc::new(a), &Doc::new(b), &Config::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            words(a, got[0].a),
            "The council approved the budget after a long and bitter debate on Tuesday evening"
        );
        assert_eq!(
            words(b, got[0].b),
            "On Tuesday evening, after a long and bitter debate, the council approved its budget"
        );
        let off = Config {
            sentence_keys: false,
            ..Config::default()
        };
        assert!(align(&Doc::new(a), &Doc::new(b), &off).is_empty());
        // Identical sentences are aligned passages already, not counted twice.
        let same = align(&Doc::new(a), &Doc::new(a), &Config::default());
        assert_eq!(same.len(), 1, "{same:?}");
    }

    #[test]
    fn unrelated_texts_share_nothing() {
        let a = "The central bank raised interest rates by a quarter point on Wednesday.";
        let b = "Heavy rain flooded several villages in the north of the country overnight.";
        assert!(align(&Doc::new(a), &Doc::new(b), &Config::default()).is_empty());
    }

    #[test]
    fn anchors_are_the_shingles_unique_on_both_sides() {
        // Hashes from a small range, so repeats on either side are common.
        let hashes = |seed: u64, n: usize| -> Vec<u64> {
            (0..n as u64)
                .map(|i| crate::minhash::mix64(seed ^ i) % 40)
                .collect()
        };
        for seed in 0..50 {
            let (sa, sb) = (hashes(seed, 30), hashes(seed + 1000, 25));
            let once = |s: &[u64], h: u64| s.iter().filter(|&&x| x == h).count() == 1;
            let mut want: Vec<(usize, usize)> = Vec::new();
            for (i, &h) in sa.iter().enumerate() {
                if once(&sa, h) && once(&sb, h) {
                    want.push((i, sb.iter().position(|&x| x == h).unwrap()));
                }
            }
            assert_eq!(
                anchors(&unique_positions(&sa), &unique_positions(&sb)),
                want,
                "{seed}"
            );
        }
    }
}
