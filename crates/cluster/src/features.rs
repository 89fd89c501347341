//! What clustering knows of a unit (one article, or one copy group through its representative):
//! TF-IDF sub-vectors of the whole text, the lead and the title; entity-like mentions (names
//! by spelling-tolerant key, acronyms, numbers) as vectors and as key sets; the year the text
//! mentions most; and a time.

use std::borrow::Cow;

use samestory_text::dates::{main_year, month_named, weekday_before};
use samestory_text::entities::{DecimalMark, MentionKind, alias_key, alias_key_into, mentions};
use samestory_text::places::{Gazetteer, place_key};
use samestory_text::site::Site;
use samestory_text::termlist::{TermIter, TermList};
use samestory_text::tokens::{analyzer, fold, word_spans};
use samestory_text::vector::{SparseVec, Vocabulary};
use xxhash_rust::xxh3::xxh3_64;

/// Sentences after the title that make up the lead.
pub const LEAD_SENTENCES: usize = 3;

/// Sentences after the title that make up the head: where a report names who its event is
/// about.
pub const HEAD_SENTENCES: usize = 1;

/// Weight of title terms against body terms in the content vector.
const TITLE_WEIGHT: f32 = 2.0;

/// The text of one unit as clustering reads it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub title: &'a str,
    pub sentences: &'a [&'a str],
    /// ISO 639-1 code, or "" when unknown.
    pub language: &'a str,
    /// Unix seconds, from metadata or a dateline.
    pub time: Option<i64>,
    /// The site's name, when known: where the text names the site itself ("Blitz.bg reports"),
    /// it is read as if the name were not there, as the site's other pages all share it and
    /// no report of the same event elsewhere does.
    pub source: Option<&'a str>,
}

/// Terms of one unit per field, before weighting; [`Terms::sentences`] feeds document
/// frequencies. The lead's are read from the title's and the whole text's ([`Terms::lead`],
/// [`Terms::lead_entities`]).
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub title: TermList,
    /// Terms of the sentences after the title.
    pub body: TermList,
    /// `e:` name keys, `w:` name word keys, `a:` acronyms, of the title and the sentences.
    pub entities: TermList,
    /// `#` numbers.
    pub numbers: TermList,
    pub sets: KeySets,
    /// After the title and after each sentence: the lengths of `body`, `entities` and
    /// `numbers` so far, to split terms back into sentences (see [`Terms::sentences`]).
    pub marks: Vec<[u32; 3]>,
    /// The `w:`/`a:` term of each of `sets.lead_names`, in the same order.
    pub lead_name_terms: Vec<String>,
    /// The same for `sets.head_names`.
    pub head_name_terms: Vec<String>,
    pub language: String,
    pub year: Option<i32>,
    pub time: Option<i64>,
    /// Whether names can be found in the text (see [`names_visible`]).
    pub cased: bool,
    /// The site it comes from, when known.
    pub source: Option<String>,
}

/// Hashed key sets, sorted and distinct, for "does the other text mention it at all".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeySets {
    /// Alias keys of the words of names and acronyms in the title and lead.
    pub lead_names: Vec<u64>,
    /// Numbers in the title and lead.
    pub lead_numbers: Vec<u64>,
    /// Alias keys of the words of names and acronyms in the title and head.
    pub head_names: Vec<u64>,
    /// Alias keys of every word of the title and lead.
    pub lead_words: Vec<u64>,
    /// Alias keys of every word of the text.
    pub words: Vec<u64>,
    /// Every number of the text.
    pub numbers: Vec<u64>,
    /// Weekdays named in the title and lead, bit 0 = Monday: the day a lead gives its event.
    pub lead_weekdays: u8,
    /// Months named anywhere in the text, bit 0 = January: reports of one event name the
    /// same dates.
    pub months: u16,
    /// Places (ids in [`Gazetteer::embedded`]) named in the title and lead.
    pub lead_places: Vec<u32>,
    /// Places named anywhere in the text.
    pub places: Vec<u32>,
}

/// The key of a name word or acronym in [`KeySets::lead_names`] and
/// [`KeySets::head_names`], from its spelling-tolerant key: a word of a name mention's key, or
/// an acronym's [`alias_key`] (which is that of any one word written alone).
pub fn name_key(alias: &str) -> u64 {
    xxh3_64(alias.as_bytes())
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

impl Terms {
    pub fn of(input: &Input<'_>) -> Terms {
        let an = analyzer(input.language);
        let site = input.source.and_then(Site::new);
        let mut t = Terms {
            title: an
                .terms(&without_site(site.as_ref(), input.title))
                .into_iter()
                .collect(),
            language: input.language.to_string(),
            year: main_year(&format!("{}\n{}", input.title, input.sentences.join("\n"))),
            time: input.time,
            source: input.source.map(str::to_string),
            cased: names_visible(
                std::iter::once(input.title).chain(input.sentences.iter().copied()),
            ),
            ..Terms::default()
        };
        let mut lead_names = Vec::new();
        let mut lead_words = Vec::new();
        let mut lead_numbers = Vec::new();
        let mut words = Vec::new();
        let mut numbers = Vec::new();
        let mut lead_weekdays = 0u8;
        let mut months = 0u16;
        // Name mentions by place key, with whether they are in the lead.
        let mut names: Vec<(String, bool)> = Vec::new();
        // Each word's alias key, built here so that keying a word allocates nothing.
        let mut alias = String::new();
        let mark = DecimalMark::of(input.language);
        let texts = std::iter::once(input.title).chain(input.sentences.iter().copied());
        for (i, text) in texts.enumerate() {
            let text = without_site(site.as_ref(), text);
            let text = text.as_ref();
            let in_lead = i <= LEAD_SENTENCES;
            let in_head = i <= HEAD_SENTENCES;
            if i > 0 {
                t.body.extend(an.terms(text));
            }
            let spans = word_spans(text);
            for (j, &(s, e)) in spans.iter().enumerate() {
                let w = &text[s..e];
                let next = spans.get(j + 1).map(|&(s, e)| &text[s..e]);
                if let Some(m) = month_named(w, next, j == 0 && i > 0) {
                    months |= 1 << m;
                }
                alias.clear();
                alias_key_into(w, &mut alias);
                let key = xxh3_64(alias.as_bytes());
                words.push(key);
                if in_lead {
                    lead_words.push(key);
                }
                if in_lead && let Some(d) = weekday_before(&fold(w), next) {
                    lead_weekdays |= 1 << d;
                }
            }
            for m in mentions(text, |w| an.is_stop_word(w), mark) {
                let mut found = Vec::new();
                match m.kind {
                    MentionKind::Name => {
                        names.push((place_key(&text[m.start..m.end]), in_lead));
                        for w in m.key.split(' ') {
                            found.push(format!("w:{w}"));
                            if in_lead {
                                let name = (name_key(w), format!("w:{w}"), in_head);
                                lead_names.push(name);
                            }
                        }
                        if m.key.contains(' ') {
                            found.push(format!("e:{}", m.key));
                        }
                    }
                    MentionKind::Acronym => {
                        found.push(format!("a:{}", m.key));
                        if in_lead {
                            let key = name_key(&alias_key(&m.key));
                            lead_names.push((key, format!("a:{}", m.key), in_head));
                        }
                    }
                    MentionKind::Number => {
                        let h = xxh3_64(m.key.as_bytes());
                        numbers.push(h);
                        if in_lead {
                            lead_numbers.push(h);
                        }
                        t.numbers.push(&format!("#{}", m.key));
                        continue;
                    }
                }
                t.entities.extend(found);
            }
            t.marks.push([
                t.body.len() as u32,
                t.entities.len() as u32,
                t.numbers.len() as u32,
            ]);
        }
        // Sorted by key, then head mentions first, so a name in the head keeps its place there.
        lead_names.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.2.cmp(&x.2)));
        lead_names.dedup_by_key(|n| n.0);
        let (head_names, head_name_terms) = lead_names
            .iter()
            .filter(|n| n.2)
            .map(|n| (n.0, n.1.clone()))
            .unzip();
        let (lead_names, lead_name_terms) = lead_names.into_iter().map(|n| (n.0, n.1)).unzip();
        t.lead_name_terms = lead_name_terms;
        t.head_name_terms = head_name_terms;
        let (lead_places, places) = places_named(&names);
        t.sets = KeySets {
            head_names,
            lead_words: sorted(lead_words),
            lead_names,
            lead_numbers: sorted(lead_numbers),
            words: sorted(words),
            numbers: sorted(numbers),
            lead_weekdays,
            months,
            lead_places,
            places,
        };
        t
    }

    /// Frees the room the term lists grew for terms that never came: for terms kept while a
    /// corpus is clustered and summarized, not for those read once (a live index's add).
    pub fn shrink_to_fit(&mut self) {
        for list in [
            &mut self.title,
            &mut self.body,
            &mut self.entities,
            &mut self.numbers,
        ] {
            list.shrink_to_fit();
        }
    }

    /// The marks where the lead ends: after its last sentence, or the text's.
    fn lead_end(&self) -> [usize; 3] {
        self.marks
            .get(LEAD_SENTENCES)
            .or(self.marks.last())
            .map_or([0; 3], |m| m.map(|x| x as usize))
    }

    /// The terms of the lead: the title's, then its sentences' ([`LEAD_SENTENCES`]).
    pub fn lead(&self) -> impl Iterator<Item = &str> {
        self.title
            .iter()
            .chain(self.body.range(0..self.lead_end()[0]))
    }

    /// The entity terms of the lead.
    pub fn lead_entities(&self) -> TermIter<'_> {
        self.entities.range(0..self.lead_end()[1])
    }

    /// The body terms of sentence `i` (from 0; the title is not a sentence).
    pub fn sentence_body(&self, i: usize) -> TermIter<'_> {
        let start = self.marks.get(i).map_or(0, |m| m[0] as usize);
        let end = self.marks.get(i + 1).map_or(start, |m| m[0] as usize);
        self.body.range(start..end)
    }

    /// The entity terms (`e:`, `w:`, `a:`) of sentence `i` (from 0; the title is not a
    /// sentence).
    pub fn sentence_entities(&self, i: usize) -> TermIter<'_> {
        let start = self.marks.get(i).map_or(0, |m| m[1] as usize);
        let end = self.marks.get(i + 1).map_or(start, |m| m[1] as usize);
        self.entities.range(start..end)
    }

    /// The terms of the title and of each sentence (all fields), one list each: the units of
    /// evidence for document frequencies. Counting them per sentence rather than per article
    /// keeps inverse document frequencies meaningful in small corpora, where every topic word
    /// is in most articles but not in most sentences.
    pub fn sentences(&self) -> impl Iterator<Item = impl Iterator<Item = &str>> {
        let mut prev = [0usize; 3];
        self.marks.iter().enumerate().map(move |(i, m)| {
            let m = m.map(|x| x as usize);
            let p = std::mem::replace(&mut prev, m);
            let title = if i == 0 { self.title.len() } else { 0 };
            self.title
                .range(0..title)
                .chain(self.body.range(p[0]..m[0]))
                .chain(self.entities.range(p[1]..m[1]))
                .chain(self.numbers.range(p[2]..m[2]))
        })
    }
}

/// `text` as read when the site's name is not there (see [`Input::source`]).
fn without_site<'t>(site: Option<&Site>, text: &'t str) -> Cow<'t, str> {
    match site.map(|s| s.spans(text)) {
        Some(spans) if !spans.is_empty() => Cow::Owned(blank(text, &spans)),
        _ => Cow::Borrowed(text),
    }
}

/// `text` with the bytes of `spans` made commas: the same byte offsets, the words gone, and
/// the names on either side kept apart ("Sofia Blitz.bg Plovdiv" is not "Sofia Plovdiv").
fn blank(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(s, e) in spans {
        out.push_str(&text[at..s]);
        out.extend(std::iter::repeat_n(',', e - s));
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether names can be found in a text: most of its letters are of a script with letter case
/// (Latin, Cyrillic, Greek...) and some are capitals. Names, acronyms and places are found by
/// their capitals (`text::entities`), so in Arabic, Hindi or Chinese, or in text written all in
/// lower case, none are, and pair features over names say nothing of the pair.
pub fn names_visible<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut letters, mut cased, mut capitals) = (0usize, 0usize, 0usize);
    for c in texts.into_iter().flat_map(str::chars) {
        if c.is_uppercase() {
            capitals += 1;
            cased += 1;
        } else if c.is_lowercase() {
            cased += 1;
        } else if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
    }
    capitals > 0 && 2 * cased > letters
}

/// Of a text's name mentions (place key, whether in the lead): the places named in the lead
/// and in the whole text (see [`Gazetteer::places_in`]), sorted and distinct.
fn places_named(names: &[(String, bool)]) -> (Vec<u32>, Vec<u32>) {
    let keys: Vec<&str> = names.iter().map(|(k, _)| k.as_str()).collect();
    let found = Gazetteer::embedded().places_in(&keys);
    let lead = found
        .iter()
        .zip(names)
        .filter_map(|(&id, &(_, in_lead))| id.filter(|_| in_lead))
        .collect();
    (sorted(lead), sorted(found.into_iter().flatten().collect()))
}

/// The weighted form of [`Terms`] under one vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Title (weighted twice) and body.
    pub content: SparseVec,
    pub lead: SparseVec,
    pub title: SparseVec,
    pub entities: SparseVec,
    pub lead_entities: SparseVec,
    pub numbers: SparseVec,
    pub sets: KeySets,
    /// Inverse document frequency of each of `sets.lead_names` (of its `w:` or `a:` term).
    pub lead_name_idf: Vec<f32>,
    /// The same for `sets.head_names`.
    pub head_name_idf: Vec<f32>,
    /// ISO 639-1 code, or "" when unknown.
    pub language: String,
    pub year: Option<i32>,
    pub time: Option<i64>,
    /// Whether names can be found in the text (see [`names_visible`]).
    pub cased: bool,
    /// The site it comes from, when known.
    pub source: Option<String>,
    /// A unit-length sentence embedding of the text, when a dense model is configured.
    pub dense: Option<Vec<f32>>,
}

impl Features {
    pub fn new(vocab: &Vocabulary, t: &Terms) -> Features {
        let language = t.language.as_str();
        let one = |terms: TermIter<'_>| vocab.vectorize(language, [(terms, 1.0)]);
        let idf = |terms: &[String]| -> Vec<f32> {
            terms
                .iter()
                .map(|term| vocab.id(term).map_or(1.0, |id| vocab.idf(language, id)))
                .collect()
        };
        Features {
            content: vocab.vectorize(
                language,
                [(t.title.iter(), TITLE_WEIGHT), (t.body.iter(), 1.0)],
            ),
            lead: vocab.vectorize(language, [(t.lead(), 1.0)]),
            title: one(t.title.iter()),
            entities: one(t.entities.iter()),
            lead_entities: one(t.lead_entities()),
            numbers: one(t.numbers.iter()),
            sets: t.sets.clone(),
            lead_name_idf: idf(&t.lead_name_terms),
            head_name_idf: idf(&t.head_name_terms),
            language: t.language.clone(),
            year: t.year,
            time: t.time,
            cased: t.cased,
            source: t.source.clone(),
            dense: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_names(ids: &[u32]) -> Vec<&'static str> {
        let g = Gazetteer::embedded();
        let mut names: Vec<&str> = ids.iter().map(|&id| g.place(id).name.as_str()).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn names_are_visible_in_scripts_with_capitals_only() {
        let visible = |t: &str| names_visible([t]);
        assert!(visible("Protesters clashed with police in Hong Kong."));
        assert!(visible("Россия передала Украине корабли."));
        assert!(visible("Η Αθήνα ανακοίνωσε νέα μέτρα."));
        // Scripts without case, even with a Latin name or acronym in them.
        assert!(!visible(
            "الامارات: وفاة الشيخ سلطان بن زايد آل نهيان عبر BBC"
        ));
        assert!(!visible("ये गांव भी अब मृत्युभोज के खिलाफ"));
        assert!(!visible("香港理大抗爭者絕地求生 Apple"));
        // The same words without capitals.
        assert!(!visible("protesters clashed with police in hong kong."));
        assert!(!visible(""));
    }

    #[test]
    fn places_are_named_in_the_lead_and_in_the_text() {
        let t = Terms::of(&Input {
            title: "Earthquake kills ten in southern Iran",
            sentences: &[
                "A strong quake struck Qeshm island in the Gulf on Sunday.",
                "Officials in Bandar Abbas said Jamal Jackson was among the dead.",
                "Jackson had moved to the island in March.",
                "Relief came from Tehran.",
                "Later, aid arrived from Dubai.",
            ],
            language: "en",
            time: None,
            source: None,
        });
        // "Jackson" is the man, "March" the month; Tehran and Dubai are past the lead.
        assert_eq!(
            place_names(&t.sets.lead_places),
            ["Bandar Abbas", "Iran", "Qeshm"]
        );
        assert_eq!(
            place_names(&t.sets.places),
            ["Bandar Abbas", "Dubai", "Iran", "Qeshm", "Tehran"]
        );
    }

    #[test]
    fn a_site_naming_itself_is_read_without_its_name() {
        let input = Input {
            title: "Blitz.bg: Bulgarian cabinet survives a vote",
            sentences: &[
                "The cabinet of Boyko Borissov survived a vote, Blitz.bg reported.",
                "According to Blitz.bg, the opposition will try again.",
            ],
            language: "en",
            time: None,
            source: Some("Blitz.bg"),
        };
        let named = |t: &Terms| {
            let all = t.title.iter().chain(&t.body).chain(&t.entities);
            all.filter(|term| term.contains("blitz")).count()
        };
        let t = Terms::of(&input);
        assert_eq!(named(&t), 0, "{t:?}");
        assert!(
            t.entities.iter().any(|e| e == "e:baka barasav"),
            "{:?}",
            t.entities
        );
        // The names on either side stay two names.
        let between = Terms::of(&Input {
            sentences: &["Police in Sofia Blitz.bg Plovdiv arrested two men."],
            ..input
        });
        assert!(
            between.entities.iter().all(|e| !e.starts_with("e:")),
            "{between:?}"
        );
        // From another site, Blitz.bg is a name like any other.
        let elsewhere = Terms::of(&Input {
            source: Some("Reuters"),
            ..input
        });
        assert!(named(&elsewhere) > 0);
    }
}
