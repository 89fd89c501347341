//! Passage alignment in the spirit of passim: anchors are shingles that occur exactly once in
//! each text; anchors close on both sides and near the same diagonal chain into passages; each
//! passage is then extended word by word across single-word substitutions. Sentences whose keys
//! match (the same longer words in any order, see [`crate::doc::Sentence`]) and that no such
//! passage covers are passages too: a sentence a copy editor rearranged. A sentence whose words
//! match but whose figures do not is a template filled in twice, not a copy, and is cut out of
//! its passage.

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

/// Numbers a sentence must state before they can tell a template from a copy.
const TEMPLATE_NUMBERS: usize = 2;

/// The keys of the numbers of `d` that start within words `r`, sorted.
fn number_keys(d: &Doc, r: WordRange) -> Vec<u64> {
    let mut keys: Vec<u64> = d.numbers_in(r.start, r.end).map(|n| n.key).collect();
    keys.sort_unstable();
    keys
}

/// The distinct words of `d` within `r` that are not part of a number, sorted.
fn words_around_numbers(d: &Doc, r: WordRange) -> Vec<u64> {
    let mut numeric = d
        .numbers_in(r.start, r.end)
        .flat_map(|n| n.first as usize..=n.last as usize)
        .peekable();
    let mut v = Vec::with_capacity(r.len());
    for i in r.start..r.end {
        if numeric.next_if_eq(&i).is_none() {
            v.push(d.words[i]);
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// The distinct words of `d` within `r`, sorted.
fn word_set(d: &Doc, r: WordRange) -> Vec<u64> {
    let mut v = d.words[r.start..r.end].to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// The number of values two sorted lists share, each counted as often as both hold it.
fn common(x: &[u64], y: &[u64]) -> usize {
    let (mut n, mut i, mut j) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The sentence of `d` in words `r` (clipped to it) that shares the most distinct words with
/// `words` (sorted): the counterpart, on the other side of a passage, of a sentence of words
/// `words`. Empty when none shares a word.
fn counterpart(d: &Doc, r: WordRange, words: &[u64]) -> WordRange {
    let mut best = (
        0,
        WordRange {
            start: r.start,
            end: r.start,
        },
    );
    let mut i = r.start;
    while i < r.end {
        let s = d.sentence_at(i, r);
        let shared = common(&word_set(d, s), words);
        if shared > best.0 {
            best = (shared, s);
        }
        i = s.end;
    }
    best.1
}

/// Whether sentence `ra` of `a` is, with its counterpart in `b`, one template filled in twice:
/// the same words around other figures, as a market report's sentence with another day's
/// figures or a robot's earnings line for another company ("The company had revenue of $3.50
/// billion for the quarter, compared to the consensus estimate of $3.52 billion"). It states
/// at least [`TEMPLATE_NUMBERS`] numbers, and fewer than half of them recur anywhere in `other`
/// (the numbers of the passage's side in `b`, `rb`, which forgives a counterpart found a
/// sentence off); its counterpart states as many; and two thirds of the other words of the
/// shorter are in the longer. A copy keeps its figures: a copy editor changes none, an update
/// of a wire story the one or two it updates, and a rewrite ("25 November 2018" / "last
/// November") changes the words around them as well.
fn refilled(a: &Doc, ra: WordRange, b: &Doc, rb: WordRange, other: &[u64]) -> bool {
    let na = number_keys(a, ra);
    // The figures first: they clear nearly every sentence of a copy without a counterpart.
    if na.len() < TEMPLATE_NUMBERS || 2 * common(&na, other) >= na.len() {
        return false;
    }
    let twin = counterpart(b, rb, &word_set(a, ra));
    if number_keys(b, twin).len() < TEMPLATE_NUMBERS {
        return false;
    }
    let (wa, wb) = (words_around_numbers(a, ra), words_around_numbers(b, twin));
    3 * common(&wa, &wb) >= 2 * wa.len().min(wb.len())
}

/// Passage `p` less the sentences of `a` in it that are a template filled in twice with their
/// counterparts in `b` (see [`refilled`]): the pieces left, each mapped to `b` in proportion
/// to the passage's two lengths.
fn without_refills(a: &Doc, b: &Doc, p: Alignment) -> Vec<Alignment> {
    let other = number_keys(b, p.b);
    if other.len() < TEMPLATE_NUMBERS || a.numbers_in(p.a.start, p.a.end).count() < TEMPLATE_NUMBERS
    {
        return vec![p];
    }
    let mut pieces = Vec::new();
    let mut piece_start = p.a.start;
    let mut i = p.a.start;
    while i < p.a.end {
        let s = a.sentence_at(i, p.a);
        if refilled(a, s, b, p.b, &other) {
            if piece_start < s.start {
                pieces.push((piece_start, s.start));
            }
            piece_start = s.end;
        }
        i = s.end;
    }
    if piece_start == p.a.start {
        return vec![p];
    }
    if piece_start < p.a.end {
        pieces.push((piece_start, p.a.end));
    }
    let to_b = |i: usize| p.b.start + (i - p.a.start) * p.b.len() / p.a.len();
    pieces
        .into_iter()
        .map(|(s, e)| {
            let (bs, be) = (to_b(s), to_b(e));
            let matched = (s..e)
                .zip(bs..be)
                .filter(|&(x, y)| a.words[x] == b.words[y])
                .count();
            Alignment {
                a: WordRange { start: s, end: e },
                b: WordRange { start: bs, end: be },
                matched,
            }
        })
        .collect()
}

/// Passages shared by `a` and `b`, in order of position in `a`, none shorter than
/// `cfg.min_passage_words` on either side, and none holding a sentence that is a template
/// filled in twice.
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
    let mut out: Vec<Alignment> = out
        .into_iter()
        .flat_map(|p| without_refills(a, b, p))
        .filter(long_enough)
        .collect();
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
    fn a_template_filled_in_again_is_not_a_shared_passage() {
        let report = |name: &str, figures: [&str; 5]| {
            format!(
                "{name} shares were followed closely by analysts and traders in New York on \
                 Monday. The company has a quick ratio of {}, a current ratio of {} and a \
                 debt-to-equity ratio of {}. It has a market capitalization of ${} billion \
                 and a beta of {}. Analysts expect the firm to keep its dividend unchanged for \
                 the rest of the year.",
                figures[0], figures[1], figures[2], figures[3], figures[4]
            )
        };
        let a = report("Acme", ["0.83", "0.99", "2.12", "13.40", "1.22"]);
        let b = report("Bolt", ["2.40", "4.68", "3.25", "5.19", "0.60"]);
        let got = align(&Doc::new(&a), &Doc::new(&b), &Config::default());
        let shared: Vec<String> = got.iter().map(|p| words(&a, p.a)).collect();
        // The sentences without figures are shared text; the two filled with other figures
        // are not.
        assert_eq!(
            shared,
            [
                "shares were followed closely by analysts and traders in New York on Monday",
                "Analysts expect the firm to keep its dividend unchanged for the rest of the year"
            ],
            "{got:?}"
        );
        // The same report with one figure updated is a copy throughout.
        let c = report("Acme", ["0.83", "0.99", "2.12", "13.40", "1.25"]);
        let got = align(&Doc::new(&a), &Doc::new(&c), &Config::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].a.len(), Doc::new(&a).len());
    }

    #[test]
    fn a_rewritten_sentence_with_other_figures_stays_in_its_passage() {
        // The copy says "in November last year" for "on 25 November 2018": fewer than two
        // numbers on one side, so the figures cannot tell a template from a rewrite.
        let a = "Kiev accused Moscow of a provocation in the Kerch Strait on 25 November 2018, \
                 and the two leaders also discussed the situation in Syria and the work of the \
                 constitutional committee in Geneva.";
        let b = "Kiev accused Moscow of a provocation in the Kerch Strait in November last year, \
                 and the two leaders also discussed the situation in Syria and the work of the \
                 constitutional committee in Geneva.";
        let got = align(&Doc::new(a), &Doc::new(b), &Config::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].a.len(), Doc::new(a).len());
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
