//! Event headlines and extractive summaries.
//!
//! A summary is chosen from the members' own sentences: near-identical sentences printed by
//! several outlets merge into one candidate with their votes; fragments and page junk are
//! filtered; candidates are scored by closeness to the event centroid, votes and position, and
//! picked greedily under a word budget with a redundancy cap, then put back in reading order.

use std::collections::HashMap;

use samestory_model::Span;
use samestory_text::boilerplate::fold_key;
use samestory_text::vector::SparseVec;

/// Summary tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Word budget of a summary.
    pub words: usize,
    /// A candidate whose cosine with an already chosen sentence exceeds this is redundant.
    pub max_overlap: f32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            words: 100,
            max_overlap: 0.5,
        }
    }
}

/// One sentence offered to the summarizer, in reading order (article order, then position).
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    /// Caller's index of the article the sentence belongs to.
    pub article: usize,
    pub span: Span,
    pub text: &'a str,
    pub vector: SparseVec,
    /// Position of the sentence in its article, from 0.
    pub position: usize,
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Rejects fragments and page junk: too short or long, no sentence-final punctuation, starting
/// in lower case, or carrying addresses.
pub fn is_candidate(text: &str) -> bool {
    let n = words(text);
    if !(6..=80).contains(&n) {
        return false;
    }
    let end = text.trim_end_matches(['"', '\'', ')']);
    if !end.ends_with(['.', '!', '?']) {
        return false;
    }
    // Running text starts with a capital, a digit or a quote; not with a lower-case letter
    // (a fragment) or a dash or bullet (a heading or list item).
    if !text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '"' || c == '\'')
    {
        return false;
    }
    !(text.contains("http") || text.contains("www.") || text.contains('@'))
}

/// Indices into `sentences` of the chosen summary, in reading order.
pub fn summarize(sentences: &[Sentence<'_>], centroid: &SparseVec, cfg: &Config) -> Vec<usize> {
    // Merge near-identical sentences: the first occurrence carries the votes of the others.
    let mut first: HashMap<u64, usize> = HashMap::new();
    let mut voters: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for (i, s) in sentences.iter().enumerate() {
        if !is_candidate(s.text) {
            continue;
        }
        let f = *first.entry(fold_key(s.text)).or_insert(i);
        if !voters[f].contains(&s.article) {
            voters[f].push(s.article);
        }
    }
    let mut scored: Vec<(f32, usize)> = first
        .values()
        .map(|&i| {
            let s = &sentences[i];
            let votes = voters[i].len() as f32;
            let position = 1.0 / (1.0 + s.position as f32).sqrt();
            let score = s.vector.dot(centroid) * (1.0 + 0.2 * votes.ln()) + 0.15 * position;
            (score, i)
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));

    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0;
    for (_, i) in scored {
        let n = words(sentences[i].text);
        if used + n > cfg.words && !chosen.is_empty() {
            continue;
        }
        if chosen
            .iter()
            .any(|&c| sentences[c].vector.dot(&sentences[i].vector) > cfg.max_overlap)
        {
            continue;
        }
        if used + n > cfg.words {
            // A single over-long first sentence is still better than nothing.
            chosen.push(i);
            break;
        }
        chosen.push(i);
        used += n;
    }
    chosen.sort_unstable();
    chosen
}

/// A title without the site name that pages append or prepend ("Title | Site", "Site - Title").
pub fn clean_title(title: &str, source: Option<&str>) -> String {
    let seps = [" | ", " - ", " :: ", " // ", " · "];
    let mut parts: Vec<&str> = vec![title.trim()];
    for sep in seps {
        if title.contains(sep) {
            parts = title.split(sep).map(str::trim).collect();
            break;
        }
    }
    if parts.len() < 2 {
        return title.trim().to_string();
    }
    let src = source.map(|s| s.to_lowercase());
    let is_site = |p: &str| {
        let l = p.to_lowercase();
        src.as_deref()
            .is_some_and(|s| l == s || l.contains(s) || s.contains(&l))
            || (words(p) <= 3 && p.contains('.'))
    };
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_site(p)).collect();
    if kept.is_empty() {
        return title.trim().to_string();
    }
    // Without a known source, drop a short last segment only ("Title - Example News").
    if kept.len() == parts.len() && parts.len() == 2 && words(parts[1]) <= 3 && words(parts[0]) > 3
    {
        return parts[0].to_string();
    }
    kept.join(" - ")
}

/// Index of the most central title: the article whose vector is closest to the centroid,
/// ties by smaller index.
pub fn headline_index(vectors: &[&SparseVec], centroid: &SparseVec) -> usize {
    let mut best = (f32::MIN, 0);
    for (i, v) in vectors.iter().enumerate() {
        let s = v.dot(centroid);
        if s > best.0 {
            best = (s, i);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_leave_titles() {
        assert_eq!(
            clean_title("Quake hits city | Example News", Some("Example News")),
            "Quake hits city"
        );
        assert_eq!(
            clean_title("Example.com - Quake hits the city", None),
            "Quake hits the city"
        );
        assert_eq!(
            clean_title("Quake hits the old city - Reuters", None),
            "Quake hits the old city"
        );
        assert_eq!(clean_title("Quake hits city", None), "Quake hits city");
    }

    #[test]
    fn fragments_are_not_candidates() {
        assert!(is_candidate("The council approved the budget on Monday."));
        assert!(!is_candidate("Related Articles"));
        assert!(!is_candidate(
            "- Civilians killed in the far east of the country? -"
        ));
        assert!(!is_candidate(
            "and its villages to the rebel-held Idlib province."
        ));
        assert!(!is_candidate(
            "Read the full story at http://example.com today now."
        ));
    }
}
