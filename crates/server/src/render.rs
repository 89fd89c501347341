//! Turning bodies and spans into what the pages show: paragraphs cut into runs that are the
//! article's own text, shared with another article, or changed inside a shared passage (a word
//! diff of the two sides of each passage); dates and ids made fit for a page.

use chrono::{DateTime, Utc};
use samestory_text::tokens::for_each_folded_word;

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Only in this article.
    Own = 0,
    /// In a passage shared with the other article, word for word.
    Shared = 1,
    /// In a shared passage, but worded differently on the other side.
    Changed = 2,
}

impl Mark {
    pub fn class(self) -> &'static str {
        match self {
            Mark::Own => "own",
            Mark::Shared => "shared",
            Mark::Changed => "changed",
        }
    }
}

/// A run of text with one mark.
pub struct Run {
    pub text: String,
    pub mark: Mark,
    /// The byte offset the run starts at, when a link may point there (a sentence start).
    pub anchor: Option<usize>,
}

impl Run {
    pub fn class(&self) -> &'static str {
        self.mark.class()
    }
}

/// A paragraph as runs.
pub struct Para {
    pub runs: Vec<Run>,
}

/// Cuts `body` into paragraphs (at blank lines) of runs with the marks in `marks`, one per byte;
/// a run also starts at each offset of `anchors` (sorted) and carries it.
pub fn paragraphs(body: &str, marks: &[Mark], anchors: &[usize]) -> Vec<Para> {
    debug_assert_eq!(body.len(), marks.len());
    let mut out = Vec::new();
    let mut offset = 0;
    for para in body.split("\n\n") {
        let start = offset;
        offset += para.len() + 2;
        if para.trim().is_empty() {
            continue;
        }
        let mut runs: Vec<Run> = Vec::new();
        let mut run_start = start;
        let end = start + para.len();
        let anchored = |at: usize| anchors.binary_search(&at).ok().map(|_| at);
        for i in start..=end {
            let boundary = i == end
                || (body.is_char_boundary(i)
                    && (marks[i] != marks[run_start] || anchored(i).is_some()));
            if boundary && i > run_start {
                runs.push(Run {
                    text: body[run_start..i].to_string(),
                    mark: marks[run_start],
                    anchor: anchored(run_start),
                });
                run_start = i;
            }
        }
        out.push(Para { runs });
    }
    out
}

/// Marks the bytes of each `(start, end)` range as `mark`; ranges outside the body are clipped.
pub fn mark_ranges(
    marks: &mut [Mark],
    ranges: impl IntoIterator<Item = (usize, usize)>,
    mark: Mark,
) {
    let n = marks.len();
    for (s, e) in ranges {
        let (s, e) = (s.min(n), e.min(n));
        marks[s..e].iter_mut().for_each(|m| *m = mark);
    }
}

/// A byte range `(start, end)`.
pub type Range = (usize, usize);

/// Largest passage pair (words × words) that gets a word diff; beyond it the passage is shown
/// as shared throughout.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// The word ranges of `a` and of `b` (relative to each) that the other side does not have, by
/// a longest common subsequence of folded words.
pub fn changed_words(a: &str, b: &str) -> (Vec<Range>, Vec<Range>) {
    let words = |t: &str| {
        let mut v: Vec<(usize, usize, String)> = Vec::new();
        for_each_folded_word(t, |s, e, w| v.push((s, e, w.to_string())));
        v
    };
    let (wa, wb) = (words(a), words(b));
    let (n, m) = (wa.len(), wb.len());
    if n == 0 || m == 0 || n * m > MAX_DIFF_CELLS {
        return (vec![], vec![]);
    }
    // lcs[i][j]: LCS length of wa[i..] and wb[j..], in one flat table.
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if wa[i].2 == wb[j].2 {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut keep_a, mut keep_b) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if wa[i].2 == wb[j].2 {
            keep_a[i] = true;
            keep_b[j] = true;
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    // Runs of changed words are one range, so an inserted clause reads as one edit.
    let changed = |ws: &[(usize, usize, String)], keep: &[bool]| {
        let mut out: Vec<Range> = Vec::new();
        let mut previous_changed = false;
        for ((s, e, _), k) in ws.iter().zip(keep) {
            match out.last_mut() {
                Some(last) if !*k && previous_changed => last.1 = *e,
                _ if !*k => out.push((*s, *e)),
                _ => {}
            }
            previous_changed = !*k;
        }
        out
    };
    (changed(&wa, &keep_a), changed(&wb, &keep_b))
}

/// "31 Jul 2018, 14:05 UTC", or "" for no time.
pub fn time_label(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%-d %b %Y, %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// "31 Jul 2018", or "undated".
pub fn day_label(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%A %-d %B %Y").to_string())
        .unwrap_or_else(|| "Undated".into())
}

/// Percent-encodes `s` for one path segment or query value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A share in [0, 1] as a whole percentage.
pub fn percent(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_follow_marks_and_paragraphs() {
        let body = "One two three.\n\nFour five.";
        let mut marks = vec![Mark::Own; body.len()];
        mark_ranges(&mut marks, [(4, 7), (16, 20)], Mark::Shared);
        let paras = paragraphs(body, &marks, &[]);
        let shown: Vec<Vec<(&str, &str)>> = paras
            .iter()
            .map(|p| {
                p.runs
                    .iter()
                    .map(|r| (r.text.as_str(), r.class()))
                    .collect()
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                vec![("One ", "own"), ("two", "shared"), (" three.", "own")],
                vec![("Four", "shared"), (" five.", "own")],
            ]
        );
    }

    #[test]
    fn word_diff_finds_respellings_and_insertions() {
        let a = "Fighters left Deraa on Tuesday, officials said";
        let b = "Fighters left Daraa late on Tuesday, officials said";
        let (ca, cb) = changed_words(a, b);
        let slice = |t: &'static str, r: &[(usize, usize)]| -> Vec<&'static str> {
            r.iter().map(|&(s, e)| &t[s..e]).collect()
        };
        assert_eq!(slice(a, &ca), vec!["Deraa"]);
        assert_eq!(slice(b, &cb), vec!["Daraa late"]);
    }

    #[test]
    fn enc_keeps_unreserved_only() {
        assert_eq!(enc("a b/ü"), "a%20b%2F%C3%BC");
    }
}
