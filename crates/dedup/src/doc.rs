//! A text as copy detection sees it: folded word hashes and their byte ranges, a key per
//! sentence that survives reordering inside it, and the numbers it states.

use samestory_text::tokens::for_each_folded_word;
use xxhash_rust::xxh3::xxh3_64;

use crate::align::WordRange;
use crate::minhash::mix64;

/// Words of one normalized body, hashed after lower-casing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Byte range of each word in the body.
    pub spans: Vec<(u32, u32)>,
    /// xxh3 of each lower-cased word.
    pub words: Vec<u64>,
    /// xxh3 of the whole word sequence: equal for exact duplicates up to case and punctuation.
    pub exact: u64,
    /// Sentences with a key, in order.
    pub sentences: Vec<Sentence>,
    /// Word positions where a sentence starts, after the first (which starts at 0).
    pub breaks: Vec<u32>,
    /// The numbers of the text, in order.
    pub numbers: Vec<Number>,
}

/// A number stated in a text: its words (several for "103 000") and a key that hashes its
/// significant digits alone, so that "94%" and "94 per cent", "103.000" and "103 000", "۵.۹"
/// and "5.9", "397.57萬" and "3,975,700" are one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// Word positions of its first and last word.
    pub first: u32,
    pub last: u32,
    pub key: u64,
}

/// One sentence and its key: the set of its longer words, hashed. Copy editors move clauses
/// ("X said on Tuesday" / "On Tuesday, X said") and drop or change short words; the key
/// stays the same, where the word shingles across each edit do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Word positions `[start, end)`.
    pub start: u32,
    pub end: u32,
    pub key: u64,
}

/// Bytes a folded word needs to count in a sentence key: shorter ones are mostly function
/// words ("the", "on", "and"; "said" stays), in most languages with spaces between words.
/// Numbers count whatever their length: "up 8%" and "up 0.9%" are different sentences.
const KEY_WORD_BYTES: usize = 4;

fn in_key(folded: &str) -> bool {
    folded.len() >= KEY_WORD_BYTES || folded.bytes().any(|b| b.is_ascii_digit())
}

/// Distinct longer words a sentence needs to get a key: fewer is a phrase any two texts may
/// share ("Read more about it here").
pub const KEY_WORDS: usize = 6;

/// The value of a decimal digit of any of the scripts news is written in (ASCII, Arabic-Indic,
/// Persian, Devanagari, Bengali, Thai, fullwidth...): each script's digits are ten code points
/// in a row, from its zero.
fn digit_value(c: char) -> Option<u32> {
    const ZEROS: [u32; 20] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    let u = c as u32;
    if u < 0x80 {
        return c.to_digit(10);
    }
    if !(ZEROS[0]..ZEROS[18] + 10).contains(&u) && !(ZEROS[19]..ZEROS[19] + 10).contains(&u) {
        return None;
    }
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&u))
        .map(|&z| u - z)
}

/// The digits of a folded word as ASCII (empty when it has none).
fn digits_of(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    out.extend(
        word.chars()
            .filter_map(digit_value)
            .filter_map(|d| char::from_digit(d, 10)),
    );
}

/// Whether the text between two words only separates groups of thousands ("103 000").
fn thousands_gap(gap: &str) -> bool {
    matches!(gap, " " | "\u{a0}" | "\u{202f}" | "\u{2009}")
}

/// Whether the text between two words ends a sentence.
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['.', '!', '?', '\n', '\u{3002}', '\u{ff01}', '\u{ff1f}'])
}

/// The key of a sentence's `words`, of which those with `keyed` set count.
fn sentence_key(words: &[u64], keyed: &[bool], scratch: &mut Vec<u64>) -> Option<u64> {
    scratch.clear();
    scratch.extend(
        words
            .iter()
            .zip(keyed)
            .filter(|&(_, &k)| k)
            .map(|(&w, _)| w),
    );
    scratch.sort_unstable();
    scratch.dedup();
    (scratch.len() >= KEY_WORDS).then(|| {
        scratch
            .iter()
            .fold(xxh3_64(b"samestory-sentence"), |acc, &w| mix64(acc ^ w))
    })
}

/// The folded word hashes of `body`, without their positions: what set-based fingerprints
/// need.
pub fn word_hashes(body: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(body.len() / 6);
    for_each_folded_word(body, |_, _, w| out.push(xxh3_64(w.as_bytes())));
    out
}

/// Hash of each `n`-word shingle of `words`, by start position: a polynomial over the word
/// hashes, finished with a 64-bit mixer (order-sensitive, stable across runs and versions).
pub fn shingle_hashes(words: &[u64], n: usize) -> Vec<u64> {
    if words.len() < n || n == 0 {
        return Vec::new();
    }
    words.windows(n).map(shingle_hash).collect()
}

#[inline]
fn shingle_hash(window: &[u64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    mix64(window.iter().fold(window.len() as u64, |acc, &w| {
        acc.wrapping_mul(K).wrapping_add(w)
    }))
}

/// The distinct `n`-word shingles of `words` as 32-bit hashes, sorted.
pub fn shingle_set32(words: &[u64], n: usize) -> Vec<u32> {
    if words.len() < n || n == 0 {
        return Vec::new();
    }
    let mut v: Vec<u32> = words.windows(n).map(|w| shingle_hash(w) as u32).collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl Doc {
    pub fn new(body: &str) -> Self {
        let mut spans = Vec::with_capacity(body.len() / 6);
        let mut words = Vec::with_capacity(body.len() / 6);
        let mut keyed: Vec<bool> = Vec::with_capacity(body.len() / 6);
        // Word positions where a sentence starts (after the first).
        let mut breaks: Vec<u32> = Vec::new();
        // Each number so far: its first and last word positions and its digits.
        let mut number_digits: Vec<(u32, u32, String)> = Vec::new();
        let mut digits = String::new();
        let mut prev_end = 0;
        for_each_folded_word(body, |s, e, w| {
            let gap = &body[prev_end..s];
            if !spans.is_empty() && ends_sentence(gap) {
                breaks.push(spans.len() as u32);
            }
            digits_of(w, &mut digits);
            if !digits.is_empty() {
                let here = spans.len() as u32;
                // A word of three digits right after a number continues it ("103 000").
                let group = digits.len() == 3 && w.chars().count() == 3 && thousands_gap(gap);
                match number_digits.last_mut() {
                    Some((_, last, n)) if group && *last + 1 == here => {
                        n.push_str(&digits);
                        *last = here;
                    }
                    _ => number_digits.push((here, here, digits.clone())),
                }
            }
            prev_end = e;
            spans.push((s as u32, e as u32));
            words.push(xxh3_64(w.as_bytes()));
            keyed.push(in_key(w));
        });
        let exact = words
            .iter()
            .fold(xxh3_64(b"samestory-doc"), |acc, &w| mix64(acc ^ w));
        let mut sentences = Vec::new();
        let mut scratch = Vec::new();
        let mut start = 0u32;
        for end in breaks.iter().copied().chain([words.len() as u32]) {
            let (s, e) = (start as usize, end as usize);
            if let Some(key) = sentence_key(&words[s..e], &keyed[s..e], &mut scratch) {
                sentences.push(Sentence { start, end, key });
            }
            start = end;
        }
        let numbers = number_digits
            .into_iter()
            .map(|(first, last, d)| Number {
                first,
                last,
                key: xxh3_64(d.trim_start_matches('0').trim_end_matches('0').as_bytes()),
            })
            .collect();
        Self {
            exact,
            spans,
            words,
            sentences,
            breaks,
            numbers,
        }
    }

    /// The sentence holding word `i`, clipped to `within`.
    pub fn sentence_at(&self, i: usize, within: WordRange) -> WordRange {
        let k = self.breaks.partition_point(|&b| b as usize <= i);
        let start = if k == 0 {
            0
        } else {
            self.breaks[k - 1] as usize
        };
        let end = self.breaks.get(k).map_or(self.words.len(), |&b| b as usize);
        WordRange {
            start: start.max(within.start),
            end: end.min(within.end),
        }
    }

    /// The numbers whose first word is in `[start, end)`.
    pub fn numbers_in(&self, start: usize, end: usize) -> impl Iterator<Item = &Number> {
        let from = self.numbers.partition_point(|n| (n.first as usize) < start);
        self.numbers[from..]
            .iter()
            .take_while(move |n| (n.first as usize) < end)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Hash of each `n`-word shingle, by start position.
    pub fn shingles(&self, n: usize) -> Vec<u64> {
        shingle_hashes(&self.words, n)
    }

    /// Byte range covering words `[start, end)`.
    pub fn byte_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.spans[start].0 as usize, self.spans[end - 1].1 as usize)
    }
}

/// Winnowing (Schleimer et al., 2003): the minimum hash of every window of `w` consecutive
/// shingles, each position taken once. Returns the selected hashes.
pub fn winnow(shingles: &[u64], w: usize) -> Vec<u64> {
    if shingles.is_empty() {
        return Vec::new();
    }
    if shingles.len() <= w {
        return vec![*shingles.iter().min().expect("non-empty")];
    }
    let mut out = Vec::with_capacity(2 * shingles.len() / (w + 1) + 1);
    let mut last = usize::MAX;
    for start in 0..=shingles.len() - w {
        // Rightmost minimum, as in the paper, so runs of equal hashes select one position.
        let (pos, _) = shingles[start..start + w].iter().enumerate().fold(
            (0, u64::MAX),
            |(bp, bh), (i, &h)| if h <= bh { (i, h) } else { (bp, bh) },
        );
        let pos = start + pos;
        if pos != last {
            out.push(shingles[pos]);
            last = pos;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_keep_offsets() {
        let a = Doc::new("The Fighters, cornered.");
        let b = Doc::new("the fighters cornered");
        assert_eq!(a.words, b.words);
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.byte_range(1, 3), (4, 22));
    }

    #[test]
    fn sentence_keys_survive_moved_clauses_and_short_words() {
        let a = Doc::new(
            "Short one. The council approved the budget after a bitter debate on Tuesday. Next.",
        );
        let b = Doc::new("On Tuesday, after a bitter debate, the council approved its budget!");
        let c = Doc::new("The council rejected the budget after a bitter debate on Tuesday.");
        let d =
            Doc::new("The council approved the budget after a bitter debate on Tuesday, 8 to 1.");
        let e =
            Doc::new("The council approved the budget after a bitter debate on Tuesday, 7 to 2.");
        assert_eq!(a.sentences.len(), 1, "short sentences get no key");
        assert_eq!((a.sentences[0].start, a.sentences[0].end), (2, 13));
        assert_eq!(a.sentences[0].key, b.sentences[0].key);
        assert_ne!(a.sentences[0].key, c.sentences[0].key);
        assert_ne!(d.sentences[0].key, e.sentences[0].key, "numbers count");
    }

    #[test]
    fn a_number_is_its_significant_digits_however_written() {
        let keys =
            |text: &str| -> Vec<u64> { Doc::new(text).numbers.iter().map(|n| n.key).collect() };
        assert_eq!(keys("94% of schools"), keys("94 per cent of schools"));
        assert_eq!(keys("103.000 children"), keys("103 000 children"));
        assert_eq!(keys("a 5.9 quake"), keys("a ۵.۹ quake"));
        assert_eq!(keys("3,975,700 people"), keys("397.57萬 people"));
        assert_ne!(keys("up 0.83"), keys("up 0.99"));
        // Groups of thousands are one number; two numbers side by side stay two.
        let d = Doc::new("on 19, 21 and 30 November, 103 000 tickets");
        let spans: Vec<(u32, u32)> = d.numbers.iter().map(|n| (n.first, n.last)).collect();
        assert_eq!(spans, [(1, 1), (2, 2), (4, 4), (6, 7)]);
    }

    #[test]
    fn winnowing_guarantees_shared_fingerprints_for_shared_runs() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let a = Doc::new(&format!("alpha beta gamma {text} delta"));
        let b = Doc::new(&format!("{text} epsilon zeta"));
        let fa = winnow(&a.shingles(5), 3);
        let fb = winnow(&b.shingles(5), 3);
        let shared = fa.iter().filter(|h| fb.contains(h)).count();
        // 12 shared words = 8 shared shingles = 2 disjoint windows of 3.
        assert!(shared >= 2, "{shared}");
    }
}
