//! Edited copies of real articles with known truth: a generator that applies the edits outlets
//! make to wire stories, and the scores of a copy detector's groups against what it made.
//!
//! Everything is a function of its inputs and an explicit seed (SplitMix64), so a run can be
//! repeated exactly.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use samestory_dedup::lsh::candidate_pairs;
use samestory_dedup::{NearConfig, ShingleSet, Signature};
use serde::{Deserialize, Serialize};

use crate::partition::{PartitionScores, compare};

/// An article the generator copies from, as paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub paragraphs: Vec<String>,
}

/// The kinds of edit a copy can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Names spelled another way throughout (Deraa/Daraa), by transliteration-like rules.
    Spelling,
    /// Common words replaced by synonyms.
    Synonyms,
    /// The lead (first paragraph, at most 50 words) rewritten: same words, none of its order.
    Lead,
    /// Paragraphs after the first dropped (each with probability 0.4), keeping half the words.
    Drop,
    /// One to three paragraphs from other articles inserted, adding at most 30% to the length.
    Add,
    /// Paragraphs shuffled.
    Reorder,
    /// Site furniture (navigation, byline, share and newsletter lines, copyright) around the text.
    Boilerplate,
    /// Only the first 40–70% of the words kept.
    Truncate,
    /// Every sentence rephrased as a copy desk does: the clause after its first comma moved to
    /// the front, and the articles "the" and "a" swapped throughout.
    Rephrase,
    /// Three of the edits above at once, at most one of `Drop` and `Truncate`.
    Mixed,
}

impl Edit {
    pub const ALL: [Edit; 10] = [
        Edit::Spelling,
        Edit::Synonyms,
        Edit::Lead,
        Edit::Drop,
        Edit::Add,
        Edit::Reorder,
        Edit::Boilerplate,
        Edit::Truncate,
        Edit::Rephrase,
        Edit::Mixed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Edit::Spelling => "spelling",
            Edit::Synonyms => "synonyms",
            Edit::Lead => "lead",
            Edit::Drop => "drop",
            Edit::Add => "add",
            Edit::Reorder => "reorder",
            Edit::Boilerplate => "boilerplate",
            Edit::Truncate => "truncate",
            Edit::Rephrase => "rephrase",
            Edit::Mixed => "mixed",
        }
    }
}

/// One generated text and its truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    pub id: String,
    /// Index of the original among the generator's originals: the gold group.
    pub original: usize,
    /// `None` for the original itself.
    pub edit: Option<Edit>,
    /// The edits applied, in order (the three drawn for `Mixed`).
    pub applied: Vec<Edit>,
    pub text: String,
}

/// SplitMix64: a small, fast, seedable generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Common news words and a synonym an editor might put instead, each way round.
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("told", "informed"),
    ("killed", "slain"),
    ("people", "persons"),
    ("began", "started"),
    ("big", "large"),
    ("buy", "purchase"),
    ("help", "assist"),
    ("show", "demonstrate"),
    ("try", "attempt"),
    ("about", "around"),
    ("also", "additionally"),
    ("however", "but"),
    ("many", "numerous"),
    ("government", "administration"),
    ("officials", "authorities"),
    ("attack", "assault"),
    ("fighters", "militants"),
    ("city", "town"),
    ("country", "nation"),
    ("percent", "per cent"),
    ("children", "kids"),
    ("after", "following"),
    ("before", "prior to"),
    ("because", "as"),
    ("while", "whereas"),
    ("agreed", "consented"),
    ("announced", "declared"),
    ("added", "noted"),
    ("expected", "anticipated"),
    ("increase", "rise"),
    ("company", "firm"),
    ("week", "seven days"),
    ("reported", "said"),
    ("several", "a number of"),
    ("near", "close to"),
    ("called", "named"),
    ("leader", "chief"),
    ("major", "key"),
    ("recent", "latest"),
];

/// Transliteration-like spelling rules, tried in order; the first that applies is used.
const SPELLING: &[(&str, &str)] = &[
    ("aa", "a"),
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("ph", "f"),
    ("kh", "h"),
    ("ck", "k"),
    ("q", "k"),
    ("ei", "ey"),
    ("y", "i"),
    ("ie", "i"),
    ("ah", "a"),
    ("e", "a"),
    ("i", "y"),
    ("o", "u"),
];

const SITES: &[&str] = &[
    "Daily Courier",
    "Morning Ledger",
    "Evening Standard Post",
    "Valley Herald",
    "Metro Times Online",
    "Northern Gazette",
];

fn respell(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    // One lower-cased char per char, so positions line up with `chars`.
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    // Rules never touch the first letter, so capitalization is kept.
    for &(from, to) in SPELLING {
        let from: Vec<char> = from.chars().collect();
        if let Some(at) = (1..lower.len()).find(|&i| lower[i..].starts_with(&from)) {
            let mut out: String = chars[..at].iter().collect();
            out.push_str(to);
            out.extend(&chars[at + from.len()..]);
            return out;
        }
    }
    // No rule applies (another script, say): double a letter inside the word.
    let at = 1 + rng.below(chars.len() - 1);
    let mut out: String = chars[..at].iter().collect();
    out.push(chars[at]);
    out.extend(&chars[at..]);
    out
}

struct Editor {
    name: Regex,
    word: Regex,
    synonyms: HashMap<String, String>,
}

impl Editor {
    fn new() -> Self {
        let mut synonyms = HashMap::new();
        for &(a, b) in SYNONYMS {
            synonyms.entry(a.to_string()).or_insert(b.to_string());
            synonyms.entry(b.to_string()).or_insert(a.to_string());
        }
        Self {
            name: Regex::new(r"\b\p{Lu}\p{Ll}{3,}\b").expect("valid regex"),
            word: Regex::new(r"\b\p{L}+\b").expect("valid regex"),
            synonyms,
        }
    }

    /// Respells about 60% of the capitalized words that do not start a sentence, the same way
    /// everywhere in the text.
    fn spelling(&self, paras: &mut [String], rng: &mut Rng) {
        let mut chosen: HashMap<String, Option<String>> = HashMap::new();
        for p in paras.iter_mut() {
            let edited = self.name.replace_all(p, |caps: &regex::Captures| {
                let m = caps.get(0).expect("whole match");
                let before = p[..m.start()].trim_end();
                if before.is_empty() || before.ends_with(['.', '!', '?', '"']) {
                    return m.as_str().to_string();
                }
                chosen
                    .entry(m.as_str().to_string())
                    .or_insert_with(|| rng.chance(0.6).then(|| respell(m.as_str(), rng)))
                    .clone()
                    .unwrap_or_else(|| m.as_str().to_string())
            });
            *p = edited.into_owned();
        }
    }

    fn synonyms(&self, paras: &mut [String], rng: &mut Rng) {
        for p in paras.iter_mut() {
            let edited = self.word.replace_all(p, |caps: &regex::Captures| {
                let word = &caps[0];
                let Some(syn) = self.synonyms.get(&word.to_lowercase()) else {
                    return word.to_string();
                };
                if !rng.chance(0.8) {
                    return word.to_string();
                }
                let mut c = syn.chars();
                match c.next() {
                    Some(f) if word.starts_with(char::is_uppercase) => {
                        f.to_uppercase().chain(c).collect()
                    }
                    _ => syn.clone(),
                }
            });
            *p = edited.into_owned();
        }
    }
}

fn words(paras: &[String]) -> usize {
    paras.iter().map(|p| p.split_whitespace().count()).sum()
}

/// Rewrites the lead: the first paragraph, at most 50 words and a quarter of the text, keeps its
/// words in a shuffled order (same vocabulary, no shared word sequence).
fn lead(paras: &mut [String], rng: &mut Rng) {
    let cap = (words(paras) / 4).clamp(1, 50);
    let Some(first) = paras.first_mut() else {
        return;
    };
    let mut lead: Vec<&str> = first.split_whitespace().collect();
    let rest = lead.split_off(cap.min(lead.len()));
    rng.shuffle(&mut lead);
    lead.extend(rest);
    *first = lead.join(" ");
}

/// Drops paragraphs after the first with probability 0.4 each, while at least half of the
/// words remain.
fn drop(paras: &mut Vec<String>, rng: &mut Rng) {
    let floor = words(paras).div_ceil(2);
    let mut left = words(paras);
    let mut i = 0;
    paras.retain(|p| {
        i += 1;
        let n = p.split_whitespace().count();
        if i > 1 && left - n >= floor && rng.chance(0.4) {
            left -= n;
            false
        } else {
            true
        }
    });
}

/// Paragraphs other outlets' copies may add: every paragraph of the fillers, cut to at most
/// 60 words, dealt once each in a seeded order.
struct Fillers {
    paragraphs: Vec<String>,
    next: usize,
}

impl Fillers {
    fn new(sources: &[Source], rng: &mut Rng) -> Self {
        let mut paragraphs: Vec<String> = sources
            .iter()
            .flat_map(|s| &s.paragraphs)
            .map(|p| p.split_whitespace().take(60).collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        rng.shuffle(&mut paragraphs);
        Self {
            paragraphs,
            next: 0,
        }
    }

    /// The next unused paragraph; `None` once all are used (reusing one would make unrelated
    /// copies share text that the truth does not know about).
    fn take(&mut self) -> Option<String> {
        let p = self.paragraphs.get(self.next).cloned();
        self.next += 1;
        p
    }
}

/// Inserts one to three paragraphs, adding at most 30% to the length (12 words at least).
fn add(paras: &mut Vec<String>, fillers: &mut Fillers, rng: &mut Rng) {
    let mut budget = (words(paras) * 3 / 10).max(12);
    for _ in 0..1 + rng.below(3) {
        let Some(p) = fillers.take() else { break };
        let p: Vec<&str> = p.split_whitespace().take(budget).collect();
        budget -= p.len();
        let at = rng.below(paras.len() + 1);
        paras.insert(at, p.join(" "));
        if budget == 0 {
            break;
        }
    }
}

fn boilerplate(paras: &mut Vec<String>, fillers: &mut Fillers, rng: &mut Rng) {
    let site = SITES[rng.below(SITES.len())];
    let read_more = fillers
        .take()
        .map(|p| p.split_whitespace().take(12).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "Our top stories of the day".into());
    paras.insert(0, "Home | News | World | Business | Sport | Opinion".into());
    paras.insert(1, format!("By {site} staff | Updated 14:32"));
    paras.push("Share this article: Facebook Twitter WhatsApp Email".into());
    paras.push(format!("Read more: {read_more}"));
    paras.push(
        "Sign up for our daily newsletter to get the latest news delivered to your inbox".into(),
    );
    paras.push(format!("© 2019 {site}. All rights reserved."));
}

fn truncate(paras: &mut Vec<String>, rng: &mut Rng) {
    let total = words(paras);
    let keep = total * (40 + rng.below(31)) / 100;
    let mut left = keep.max(1);
    let mut out = Vec::new();
    for p in paras.iter() {
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.len() <= left {
            left -= words.len();
            out.push(p.clone());
        } else {
            if left > 0 {
                out.push(format!("{}…", words[..left].join(" ")));
            }
            break;
        }
        if left == 0 {
            break;
        }
    }
    *paras = out;
}

/// Rephrases every sentence (see [`Edit::Rephrase`]).
fn rephrase(paras: &mut [String]) {
    for p in paras.iter_mut() {
        let mut out = String::with_capacity(p.len() + 8);
        let mut rest = p.as_str();
        while !rest.is_empty() {
            // A sentence ends at terminal punctuation followed by a space, or at the end.
            let end = rest
                .match_indices(['.', '!', '?'])
                .map(|(i, _)| i + 1)
                .find(|&i| rest[i..].is_empty() || rest[i..].starts_with(' '))
                .unwrap_or(rest.len());
            let (sentence, tail) = rest.split_at(end);
            let body = sentence.trim_end_matches(['.', '!', '?']);
            let stop = &sentence[body.len()..];
            let moved = match body.split_once(", ") {
                Some((first, second)) if !second.is_empty() => format!("{second}, {first}"),
                _ => body.to_string(),
            };
            let swapped: Vec<&str> = moved
                .split(' ')
                .map(|w| match w {
                    "the" => "a",
                    "The" => "A",
                    "a" => "the",
                    "A" => "The",
                    other => other,
                })
                .collect();
            out.push_str(&swapped.join(" "));
            out.push_str(stop);
            rest = tail;
            if let Some(r) = rest.strip_prefix(' ') {
                out.push(' ');
                rest = r;
            }
        }
        *p = out;
    }
}

fn apply(
    edit: Edit,
    paras: &mut Vec<String>,
    fillers: &mut Fillers,
    ed: &Editor,
    rng: &mut Rng,
    applied: &mut Vec<Edit>,
) {
    if edit != Edit::Mixed {
        applied.push(edit);
    }
    match edit {
        Edit::Spelling => ed.spelling(paras, rng),
        Edit::Synonyms => ed.synonyms(paras, rng),
        Edit::Lead => lead(paras, rng),
        Edit::Drop => drop(paras, rng),
        Edit::Add => add(paras, fillers, rng),
        Edit::Reorder => rng.shuffle(paras),
        Edit::Boilerplate => boilerplate(paras, fillers, rng),
        Edit::Truncate => truncate(paras, rng),
        Edit::Rephrase => rephrase(paras),
        Edit::Mixed => {
            // At most one of the two edits that remove text, so every copy keeps at least 40%
            // of the original's words.
            let mut kinds = Edit::ALL[..Edit::ALL.len() - 1].to_vec();
            rng.shuffle(&mut kinds);
            let removal = |e: &Edit| matches!(e, Edit::Drop | Edit::Truncate);
            let first_removal = kinds.iter().position(removal);
            let mut i = 0;
            kinds.retain(|e| {
                i += 1;
                !removal(e) || Some(i - 1) == first_removal
            });
            let mut three = kinds[..3].to_vec();
            // In the order an outlet works: cut the wire, rewrite its top, edit words, then
            // add its own paragraphs and page furniture.
            three.sort_by_key(|e| match e {
                Edit::Drop | Edit::Truncate => 0,
                Edit::Lead => 1,
                Edit::Spelling | Edit::Synonyms | Edit::Reorder | Edit::Rephrase => 2,
                Edit::Add => 3,
                Edit::Boilerplate | Edit::Mixed => 4,
            });
            for k in three {
                apply(k, paras, fillers, ed, rng, applied);
            }
        }
    }
}

/// Makes `copies` edited copies of every original, edit kinds taken in turn so each kind gets
/// the same share; paragraphs added by `Add` (and `Boilerplate`'s links) come from `fillers`,
/// which should share no text with the originals. Returns originals and copies in a seeded random order.
pub fn generate(
    originals: &[Source],
    fillers: &[Source],
    copies: usize,
    seed: u64,
) -> Vec<Generated> {
    let ed = Editor::new();
    let mut rng = Rng::new(seed);
    let mut fillers = Fillers::new(fillers, &mut rng);
    let mut out = Vec::with_capacity(originals.len() * (copies + 1));
    let mut turn = 0;
    for (i, src) in originals.iter().enumerate() {
        out.push(Generated {
            id: src.id.clone(),
            original: i,
            edit: None,
            applied: Vec::new(),
            text: src.paragraphs.join("\n\n"),
        });
        for c in 0..copies {
            let edit = Edit::ALL[turn % Edit::ALL.len()];
            turn += 1;
            let mut paras = src.paragraphs.clone();
            let mut applied = Vec::new();
            apply(edit, &mut paras, &mut fillers, &ed, &mut rng, &mut applied);
            out.push(Generated {
                id: format!("{}~{}{}", src.id, edit.as_str(), c),
                original: i,
                edit: Some(edit),
                applied,
                text: paras.join("\n\n"),
            });
        }
    }
    rng.shuffle(&mut out);
    out
}

/// Keeps, in order, the sources whose shingles overlap no kept source's by `max_containment`
/// or more in either direction (exact): the originals must not already be copies of each
/// other, or the truth would be wrong. Shared shingles are counted through an inverted index
/// over the kept sources, so the cost grows with the postings touched, not with kept × pool.
pub fn independent(sets: &[ShingleSet], max_containment: f64, limit: usize) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    // Shared shingles with each kept source touched by the current one (by position in `kept`).
    let mut shared: HashMap<u32, usize> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        if kept.len() == limit {
            break;
        }
        if s.is_empty() {
            continue;
        }
        shared.clear();
        for h in s.as_slice() {
            for &k in postings.get(h).map_or(&[][..], Vec::as_slice) {
                *shared.entry(k).or_default() += 1;
            }
        }
        let clash = shared.iter().any(|(&k, &inter)| {
            let other = &sets[kept[k as usize]];
            inter as f64 >= max_containment * s.len().min(other.len()) as f64
        });
        if !clash {
            for &h in s.as_slice() {
                postings.entry(h).or_default().push(kept.len() as u32);
            }
            kept.push(i);
        }
    }
    kept
}

/// Splits `pool` (in the order given) into `originals` and `fillers` that share at most
/// `max_containment` of their shingles with each other (see [`independent`]).
pub fn choose_sources(
    pool: Vec<Source>,
    originals: usize,
    fillers: usize,
    max_containment: f64,
) -> (Vec<Source>, Vec<Source>) {
    let sets: Vec<ShingleSet> = pool
        .iter()
        .map(|s| ShingleSet::of_text(&s.paragraphs.join("\n\n"), 5))
        .collect();
    let kept = independent(&sets, max_containment, originals + fillers);
    let mut pool: Vec<Option<Source>> = pool.into_iter().map(Some).collect();
    let mut chosen: Vec<Source> = kept.iter().filter_map(|&i| pool[i].take()).collect();
    let rest = chosen.split_off(originals.min(chosen.len()));
    (chosen, rest)
}

/// How much the banding loses: over every pair of `sets` (brute force) with exact Jaccard at
/// least `threshold`, how many the LSH join returns, and how many the S-curve predicts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BandingRecall {
    pub texts: usize,
    pub pairs_above: usize,
    pub found: usize,
    pub expected: f64,
}

pub fn banding_recall(sets: &[ShingleSet], cfg: &NearConfig, threshold: f64) -> BandingRecall {
    let hasher = cfg.hasher();
    let sigs: Vec<Option<Signature>> = sets
        .iter()
        .map(|s| (!s.is_empty()).then(|| hasher.signature(s)))
        .collect();
    let found_pairs: HashSet<(u32, u32)> = candidate_pairs(&sigs, cfg.bands).into_iter().collect();
    let (mut pairs_above, mut found, mut expected) = (0, 0, 0.0);
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            if sets[a].is_empty() || sets[b].is_empty() {
                continue;
            }
            let j = sets[a].jaccard(&sets[b]);
            if j >= threshold {
                pairs_above += 1;
                expected += cfg.bands.probability(j);
                found += usize::from(found_pairs.contains(&(a as u32, b as u32)));
            }
        }
    }
    BandingRecall {
        texts: sets.len(),
        pairs_above,
        found,
        expected,
    }
}

/// Recall of one edit kind: the share of its copies grouped with their original.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EditRecall {
    pub edit: Edit,
    pub copies: usize,
    pub recall: f64,
}

/// Scores of a detector on generated data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyScores {
    pub partition: PartitionScores,
    pub by_edit: Vec<EditRecall>,
}

/// Scores predicted groups (`group_of[i]` for `items[i]`) against the generator's truth.
pub fn score(items: &[Generated], group_of: &[usize]) -> CopyScores {
    let gold: Vec<usize> = items.iter().map(|g| g.original).collect();
    let partition = compare(group_of, &gold);
    let mut original_group: HashMap<usize, usize> = HashMap::new();
    for (g, &p) in items.iter().zip(group_of) {
        if g.edit.is_none() {
            original_group.insert(g.original, p);
        }
    }
    let mut tally: HashMap<Edit, (usize, usize)> = HashMap::new();
    for (g, &p) in items.iter().zip(group_of) {
        if let Some(e) = g.edit {
            let t = tally.entry(e).or_default();
            t.0 += 1;
            t.1 += usize::from(original_group.get(&g.original) == Some(&p));
        }
    }
    let by_edit = Edit::ALL
        .iter()
        .filter_map(|&e| {
            tally.get(&e).map(|&(n, hit)| EditRecall {
                edit: e,
                copies: n,
                recall: hit as f64 / n as f64,
            })
        })
        .collect();
    CopyScores { partition, by_edit }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rephrase_moves_a_clause_and_swaps_articles() {
        let mut paras = vec![
            "The army took the town, a monitor said. No comma here at all! Last one".to_string(),
        ];
        rephrase(&mut paras);
        assert_eq!(
            paras[0],
            "the monitor said, A army took a town. No comma here at all! Last one"
        );
    }

    fn source(id: &str, n: usize) -> Source {
        Source {
            id: id.into(),
            paragraphs: (0..n)
                .map(|p| {
                    format!(
                        "Officials in Daraa said on Tuesday that the fighters agreed to leave, paragraph {p} of {id}. \
                         The government announced the deal after talks near the city."
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn generation_is_deterministic_and_labels_every_copy() {
        let originals = [source("a", 6), source("b", 4)];
        let fillers = [source("f", 3)];
        let one = generate(&originals, &fillers, 10, 42);
        assert_eq!(one, generate(&originals, &fillers, 10, 42));
        assert_ne!(one, generate(&originals, &fillers, 10, 43));
        assert_eq!(one.len(), 22);
        for e in Edit::ALL {
            assert_eq!(one.iter().filter(|g| g.edit == Some(e)).count(), 2, "{e:?}");
        }
        // Each kind changed something.
        let text_a = originals[0].paragraphs.join("\n\n");
        for g in one.iter().filter(|g| g.original == 0 && g.edit.is_some()) {
            assert_ne!(g.text, text_a, "{:?}", g.edit);
        }
    }

    #[test]
    fn spelling_changes_names_consistently_but_not_sentence_starts() {
        let ed = Editor::new();
        let text = "Officials in Daraa met. Daraa is calm, said Ahmed in Daraa.";
        let mut respelled = 0;
        for seed in 0..20 {
            let mut p = vec![text.to_string()];
            ed.spelling(&mut p, &mut Rng::new(seed));
            let p = &p[0];
            assert!(p.contains(". Daraa is calm"), "{p}");
            let first = p["Officials in ".len()..].split(' ').next().unwrap();
            assert!(p.ends_with(&format!("in {first}.")), "{p}");
            if first == "Dara" {
                respelled += 1;
            }
        }
        assert!(respelled > 0);
    }

    #[test]
    fn perfect_groups_score_one_per_edit() {
        let originals = [source("a", 5), source("b", 5)];
        let items = generate(&originals, &[], 3, 1);
        let group_of: Vec<usize> = items.iter().map(|g| g.original).collect();
        let s = score(&items, &group_of);
        assert_eq!(s.partition.pairwise.f1, 1.0);
        assert!(s.by_edit.iter().all(|r| r.recall == 1.0));
    }

    #[test]
    fn independent_keeps_what_all_pairs_comparison_keeps() {
        // Sets drawn from a small universe, so overlaps of every size occur.
        let mut rng = Rng::new(7);
        let sets: Vec<ShingleSet> = (0..300)
            .map(|_| {
                let n = rng.below(40);
                ShingleSet::from_hashes((0..n).map(|_| rng.below(400) as u32))
            })
            .collect();
        for (max, limit) in [(0.1, 300), (0.3, 300), (0.5, 40)] {
            let mut brute: Vec<usize> = Vec::new();
            for (i, s) in sets.iter().enumerate() {
                if brute.len() == limit {
                    break;
                }
                let clash = brute.iter().any(|&k| {
                    let inter = s.intersection_len(&sets[k]) as f64;
                    inter >= max * s.len().min(sets[k].len()) as f64
                });
                if !s.is_empty() && !clash {
                    brute.push(i);
                }
            }
            assert!(brute.len() > 5, "{max}: {}", brute.len());
            assert_eq!(independent(&sets, max, limit), brute, "{max}");
        }
    }
}
