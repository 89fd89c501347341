//! A list of terms stored end to end in one string: what an article's analyzed fields are kept
//! as while a corpus is clustered and summarized, at the cost of their bytes and one offset a
//! term rather than an allocation a term.

use std::ops::Range;

/// Terms in order, stored end to end; [`TermList::range`] reads a run of them (one sentence's)
/// back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermList {
    text: String,
    /// The end of each term in `text`.
    ends: Vec<u32>,
}

impl TermList {
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Appends one term.
    ///
    /// # Panics
    /// When the list's text would pass 4 GiB: one article's terms are far from it (its body
    /// is bounded by the reader's record limit).
    pub fn push(&mut self, term: &str) {
        self.text.push_str(term);
        let end = u32::try_from(self.text.len()).expect("a term list stays under 4 GiB");
        self.ends.push(end);
    }

    /// Term `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    /// The terms in order.
    pub fn iter(&self) -> TermIter<'_> {
        self.range(0..self.len())
    }

    /// Terms `range` (indices clamped to the list) in order.
    pub fn range(&self, range: Range<usize>) -> TermIter<'_> {
        let end = range.end.min(self.len());
        TermIter {
            list: self,
            next: range.start.min(end),
            end,
        }
    }

    /// Frees the room grown for terms that never came.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Terms of a [`TermList`] in order.
#[derive(Debug, Clone)]
pub struct TermIter<'a> {
    list: &'a TermList,
    next: usize,
    end: usize,
}

impl<'a> Iterator for TermIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.next >= self.end {
            return None;
        }
        let term = self.list.get(self.next);
        self.next += 1;
        term
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for TermIter<'_> {}

impl<'a> IntoIterator for &'a TermList {
    type Item = &'a str;
    type IntoIter = TermIter<'a>;

    fn into_iter(self) -> TermIter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> Extend<S> for TermList {
    fn extend<I: IntoIterator<Item = S>>(&mut self, terms: I) {
        for t in terms {
            self.push(t.as_ref());
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for TermList {
    fn from_iter<I: IntoIterator<Item = S>>(terms: I) -> Self {
        let mut list = TermList::new();
        list.extend(terms);
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_back_as_pushed_whole_and_by_range() {
        let mut list: TermList = ["fighter", "", "corner"].into_iter().collect();
        list.push("deraa");
        assert_eq!(list.len(), 4);
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            ["fighter", "", "corner", "deraa"]
        );
        assert_eq!(list.range(1..3).collect::<Vec<_>>(), ["", "corner"]);
        assert_eq!(list.range(3..9).collect::<Vec<_>>(), ["deraa"]);
        assert_eq!(list.range(7..9).count(), 0);
        assert_eq!(list.get(2), Some("corner"));
        assert_eq!(list.get(4), None);
        assert!(TermList::new().iter().next().is_none());
    }
}
