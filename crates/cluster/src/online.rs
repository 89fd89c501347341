//! Online event clustering: units arrive one at a time in publication order, the way a live
//! service sees them. Corpus statistics grow with every unit; candidates come from an inverted
//! index of each unit's top terms (never all pairs); the same-event model of the batch mode
//! scores the new unit against the members of candidate events; a merge step joins two events
//! that the new unit shows to be one.
//!
//! Deterministic: the same units in the same order give the same events, whatever the thread
//! count (nothing here runs in parallel).

use std::collections::{BTreeMap, VecDeque};

use rustc_hash::FxHashMap;

use samestory_text::vector::Vocabulary;

use crate::sites::SiteHabits;
use crate::{ChanceSums, Config, Features, PairChance, Terms, may_link};

/// Tuning of the live index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnlineConfig {
    /// Units, found through shared top terms, that a new unit is scored against.
    pub neighbours: usize,
    /// Members of one event a new unit is scored against at most (its nearest by shared
    /// terms); an event's score is their summed probability over min(size, this).
    pub compared_members: usize,
    /// Members of each event sampled (the most recent) when checking whether two events are one.
    pub merge_sample: usize,
    /// The most recent units kept per term in the inverted index.
    pub max_postings: usize,
}

impl Default for OnlineConfig {
    fn default() -> Self {
        Self {
            neighbours: 64,
            compared_members: 16,
            merge_sample: 8,
            max_postings: 2_000,
        }
    }
}

/// Where a new unit went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Index of the unit (arrival order, from 0).
    pub unit: u32,
    /// The event it joined or started; an event's id is its first unit's index.
    pub event: u32,
    /// Events that the new unit showed to be this one and that were merged into it.
    pub merged: Vec<u32>,
}

/// Events built one unit at a time.
pub struct LiveIndex {
    cfg: Config,
    online: OnlineConfig,
    vocab: Vocabulary,
    units: Vec<Features>,
    event_of: Vec<u32>,
    /// Members of each live event, in arrival order.
    members: FxHashMap<u32, Vec<u32>>,
    postings: FxHashMap<u32, VecDeque<u32>>,
    /// Index of each language seen, into `chance`.
    languages: FxHashMap<String, u32>,
    /// Per language, the cosines and agreements over all pairs of its units so far: its
    /// [`PairChance`] as the stream has shown it.
    chance: Vec<ChanceSums>,
    /// The language of each unit, as an index into `chance`.
    language_of: Vec<u32>,
    /// What each site's units so far hold, to read two of its units without it.
    habits: SiteHabits,
    /// Scratch: shared top terms per unit while finding neighbours, and the units touched.
    shared: Vec<u16>,
    touched: Vec<u32>,
}

impl LiveIndex {
    pub fn new(cfg: Config, online: OnlineConfig) -> Self {
        Self {
            cfg,
            online,
            vocab: Vocabulary::default(),
            units: Vec::new(),
            event_of: Vec::new(),
            members: FxHashMap::default(),
            postings: FxHashMap::default(),
            languages: FxHashMap::default(),
            chance: Vec::new(),
            language_of: Vec::new(),
            habits: SiteHabits::default(),
            shared: Vec::new(),
            touched: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The event of unit `u`.
    pub fn event_of(&self, u: u32) -> u32 {
        self.event_of[u as usize]
    }

    /// Members of every event, each sorted; events ordered by id.
    pub fn events(&self) -> Vec<Vec<u32>> {
        let mut ids: Vec<u32> = self.members.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter()
            .map(|e| {
                let mut m = self.members[&e].clone();
                m.sort_unstable();
                m
            })
            .collect()
    }

    /// Adds one unit: counts its terms into the corpus statistics, then joins it to the best
    /// candidate event at or above the event threshold, or starts a new event.
    pub fn add(&mut self, terms: &Terms) -> Placement {
        for sentence in terms.sentences() {
            self.vocab.observe(&terms.language, sentence);
        }
        let f = Features::new(&self.vocab, terms);
        let language = match self.languages.get(&f.language) {
            Some(&l) => l,
            None => {
                let l = self.chance.len() as u32;
                self.languages.insert(f.language.clone(), l);
                self.chance.push(Default::default());
                l
            }
        };
        self.chance[language as usize].add(&f);
        self.habits.add(&f);
        let level = self.pair_chance(language);
        let unit = self.units.len() as u32;
        let top = f.content.top(self.cfg.candidate_terms);

        // Neighbours: units sharing the most top terms, the most recent first among equals.
        // Units that fell out of the time window leave the front of the postings for good
        // (units arrive in time order, so the front holds the oldest).
        let window = (self.cfg.event_window_days * 86_400.0) as i64;
        self.shared.resize(self.units.len(), 0);
        for t in &top {
            let Some(p) = self.postings.get_mut(t) else {
                continue;
            };
            if let Some(now) = f.time {
                while let Some(&u) = p.front() {
                    match self.units[u as usize].time {
                        Some(then) if then < now - window => {
                            p.pop_front();
                        }
                        _ => break,
                    }
                }
            }
            for &u in p.iter() {
                let c = &mut self.shared[u as usize];
                if *c == 0 {
                    self.touched.push(u);
                }
                *c = c.saturating_add(1);
            }
        }
        let mut neighbours: Vec<(u32, u16)> = self
            .touched
            .drain(..)
            .map(|u| (u, std::mem::take(&mut self.shared[u as usize])))
            .collect();
        neighbours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        neighbours.truncate(self.online.neighbours);

        // Score candidate events: summed and strongest probability over their nearest members.
        let mut scored: BTreeMap<u32, (f32, f32, usize)> = BTreeMap::new();
        for &(u, _) in &neighbours {
            let other = &self.units[u as usize];
            if !may_link(&f, other, &self.cfg) {
                continue;
            }
            let e = scored.entry(self.event_of[u as usize]).or_default();
            if e.2 < self.online.compared_members {
                let p = self.probability((&f, level), (other, self.level_of(u)));
                e.0 += p;
                e.1 = e.1.max(p);
                e.2 += 1;
            }
        }
        let mut events: Vec<(f32, u32)> = scored
            .into_iter()
            .filter(|(_, (_, max, _))| *max >= self.cfg.min_link)
            .map(|(e, (sum, _, _))| {
                let size = self.members[&e].len().min(self.online.compared_members);
                (sum / size as f32, e)
            })
            .filter(|(s, _)| *s >= self.cfg.event_threshold)
            .collect();
        events.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        let event = events.first().map_or(unit, |e| e.1);
        self.units.push(f);
        self.language_of.push(language);
        self.event_of.push(event);
        self.members.entry(event).or_default().push(unit);
        for t in top {
            let p = self.postings.entry(t).or_default();
            p.push_back(unit);
            if p.len() > self.online.max_postings {
                p.pop_front();
            }
        }

        // Merge step: another event the unit also belongs to, when the two events' members
        // are alike on average.
        let mut merged = Vec::new();
        let mut event = event;
        for &(_, other) in events.iter().skip(1) {
            if other != event && self.events_alike(event, other) {
                let keep = self.merge(event, other);
                merged.push(if keep == event { other } else { event });
                event = keep;
            }
        }
        Placement {
            unit,
            event,
            merged,
        }
    }

    /// The [`PairChance`] of language `l` over the units seen so far.
    fn pair_chance(&self, l: u32) -> PairChance {
        self.chance[l as usize].level(self.cfg.chance_prior_pairs)
    }

    /// The [`PairChance`] of unit `u`'s language.
    fn level_of(&self, u: u32) -> PairChance {
        self.pair_chance(self.language_of[u as usize])
    }

    /// The same-event probability of two units, each given with its language's chance levels
    /// so far and read without their site's habits so far: their word cosines and dates are
    /// taken against those levels, as the batch mode takes them against the whole corpus's.
    fn probability(
        &self,
        (a, ca): (&Features, PairChance),
        (b, cb): (&Features, PairChance),
    ) -> f32 {
        self.cfg
            .probability_given(&self.habits, a, b, 0.0, PairChance::of_pair(ca, cb))
    }

    /// Mean same-event probability between recent members of two events (pairs outside the
    /// window count as 0) at or above the event threshold, with some pair at
    /// [`Config::min_link`] or more.
    fn events_alike(&self, a: u32, b: u32) -> bool {
        let sample = |e: u32| {
            let m = &self.members[&e];
            m[m.len().saturating_sub(self.online.merge_sample)..].to_vec()
        };
        let (sa, sb) = (sample(a), sample(b));
        let (mut sum, mut max) = (0.0, 0f32);
        for &x in &sa {
            for &y in &sb {
                let (fx, fy) = (&self.units[x as usize], &self.units[y as usize]);
                if may_link(fx, fy, &self.cfg) {
                    let p = self.probability((fx, self.level_of(x)), (fy, self.level_of(y)));
                    sum += p;
                    max = max.max(p);
                }
            }
        }
        max >= self.cfg.min_link && sum / (sa.len() * sb.len()) as f32 >= self.cfg.event_threshold
    }

    /// Merges two events into the older (smaller id); returns the survivor.
    fn merge(&mut self, a: u32, b: u32) -> u32 {
        let (keep, gone) = (a.min(b), a.max(b));
        let moved = self.members.remove(&gone).unwrap_or_default();
        for &u in &moved {
            self.event_of[u as usize] = keep;
        }
        let m = self.members.entry(keep).or_default();
        m.extend(moved);
        m.sort_unstable();
        keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Input;

    fn terms(title: &str, sentences: &[&str], day: i64) -> Terms {
        Terms::of(&Input {
            title,
            sentences,
            language: "en",
            time: Some(1_500_000_000 + day * 86_400),
            source: None,
        })
    }

    /// Two quakes and a launch, interleaved as a stream would bring them.
    fn stream() -> Vec<Terms> {
        vec![
            terms(
                "Quake kills 12 in Varna",
                &[
                    "A magnitude 6.1 earthquake struck Varna on Monday, killing 12 people.",
                    "Rescuers searched collapsed blocks in the old town of Varna.",
                ],
                0,
            ),
            terms(
                "Apple unveils new iPhone",
                &[
                    "Apple unveiled the iPhone 11 at its Cupertino event on Tuesday.",
                    "Tim Cook said the phone has three cameras.",
                ],
                1,
            ),
            terms(
                "Varna earthquake death toll rises to 12",
                &[
                    "The death toll from Monday's magnitude 6.1 earthquake in Varna rose to 12.",
                    "Rescuers in Varna kept searching the old town's collapsed blocks.",
                ],
                1,
            ),
            terms(
                "iPhone 11 launched by Apple in Cupertino",
                &[
                    "At a Cupertino event, Apple launched the iPhone 11 with three cameras.",
                    "Tim Cook presented the phone on Tuesday.",
                ],
                1,
            ),
        ]
    }

    #[test]
    fn a_stream_builds_events_one_unit_at_a_time() {
        let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
        let placed: Vec<Placement> = stream().iter().map(|t| index.add(t)).collect();
        assert_eq!(placed[0].event, 0);
        assert_eq!(placed[1].event, 1);
        assert_eq!(
            placed[2].event, 0,
            "the second quake report joins the first"
        );
        assert_eq!(
            placed[3].event, 1,
            "the second launch report joins the first"
        );
        assert_eq!(index.events(), vec![vec![0, 2], vec![1, 3]]);
    }

    #[test]
    fn text_without_spaces_builds_events_too() {
        // Two reports of a campus siege and two of a market close, in Chinese: words are
        // not separated, so only character pairs can tell the stories apart.
        let zh = |title, sentences, day: i64| {
            Terms::of(&Input {
                title,
                sentences,
                language: "zh",
                time: Some(1_500_000_000 + day * 86_400),
                source: None,
            })
        };
        let stream = [
            zh(
                "警方包围理工大学 示威者被困校园",
                &[
                    "警方周一继续包围香港理工大学,数百名示威者被困校园。",
                    "警方在校园外施放催淚彈。",
                ][..],
                0,
            ),
            zh(
                "恒指收市升三百点 地产股领涨",
                &[
                    "恒生指数周一收市上升三百点,地产股领涨。",
                    "成交额增至九百亿元。",
                ][..],
                0,
            ),
            zh(
                "理工大学示威者尝试突围 警方拘捕多人",
                &[
                    "被困香港理工大学的示威者周一尝试突围,警方拘捕多人。",
                    "校园内仍有数百名示威者。",
                ][..],
                1,
            ),
            zh(
                "港股收市升三百点 恒指重上五十天线",
                &[
                    "港股周一收市,恒生指数上升三百点,重上五十天线。",
                    "地产股表现最好。",
                ][..],
                1,
            ),
        ];
        let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
        for t in &stream {
            index.add(t);
        }
        assert_eq!(index.events(), vec![vec![0, 2], vec![1, 3]]);
    }

    #[test]
    fn units_beyond_the_window_start_new_events() {
        let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
        let s = stream();
        index.add(&s[0]);
        let late = terms(
            "Quake kills 12 in Varna",
            &[
                "A magnitude 6.1 earthquake struck Varna on Monday, killing 12 people.",
                "Rescuers searched collapsed blocks in the old town of Varna.",
            ],
            Config::default().event_window_days as i64 + 1,
        );
        assert_eq!(index.add(&late).event, 1);
    }

    #[test]
    fn the_same_stream_gives_the_same_events() {
        let run = || {
            let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
            for t in stream() {
                index.add(&t);
            }
            index.events()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn the_live_chance_levels_are_the_batch_ones_over_the_units_so_far() {
        let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
        for t in stream() {
            index.add(&t);
        }
        let units: Vec<&Features> = index.units.iter().collect();
        let batch = crate::pair_chance(&units, index.cfg.chance_prior_pairs);
        for (u, level) in batch.iter().enumerate() {
            assert_eq!(index.level_of(u as u32), *level, "unit {u}");
        }
        // Two leads of the four name Tuesday, one Monday: one agreeing pair of three, with
        // the prior's 100 pairs that do not agree.
        assert_eq!(batch[0].weekdays, 1.0 / 103.0);
        assert!(batch[0].content > 0.0);
    }

    #[test]
    fn merging_keeps_the_older_event_and_moves_every_member() {
        let mut index = LiveIndex::new(Config::default(), OnlineConfig::default());
        for t in stream() {
            index.add(&t);
        }
        let keep = index.merge(1, 0);
        assert_eq!(keep, 0);
        assert_eq!(index.events(), vec![vec![0, 1, 2, 3]]);
        assert!((0..4).all(|u| index.event_of(u) == 0));
    }
}
