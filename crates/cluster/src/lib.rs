//! Events and storylines: average-link agglomerative clustering of TF-IDF vectors over a sparse
//! similarity graph built from an inverted index of each vector's top terms (never all pairs),
//! with similarity decayed by the time between publications.
//!
//! The unit of clustering is a copy group (one voice, however many reprints); events are
//! clusters of units and storylines are clusters of event centroids at a looser threshold and a
//! longer time scale. Ties are broken by index, so output does not depend on thread count.

pub mod linkage;

use samestory_text::vector::SparseVec;

pub use linkage::{Edge, average_link, similarity_graph};

/// Tuning of event and storyline clustering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Average-link similarity at or above which clusters merge into one event.
    pub event_threshold: f32,
    /// The same for events merging into one storyline.
    pub storyline_threshold: f32,
    /// Similarity is multiplied by `exp(-gap / scale)` for the time gap between two units,
    /// when both have a time; in days.
    pub event_time_scale_days: f32,
    pub storyline_time_scale_days: f32,
    /// Terms per vector used to find candidate neighbours.
    pub candidate_terms: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            event_threshold: 0.30,
            storyline_threshold: 0.15,
            event_time_scale_days: 3.0,
            storyline_time_scale_days: 90.0,
            candidate_terms: 24,
        }
    }
}

/// What clustering needs of a unit: its vector and its time (Unix seconds), if known.
#[derive(Debug, Clone)]
pub struct Unit {
    pub vector: SparseVec,
    pub time: Option<i64>,
}

/// Events over units and storylines over events.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Unit indices per event, sorted; events largest first, then by smallest unit.
    pub events: Vec<Vec<usize>>,
    /// Event indices per storyline, sorted by the events' earliest time then index.
    pub storylines: Vec<Vec<usize>>,
    /// Centroid of each event.
    pub centroids: Vec<SparseVec>,
}

/// Clusters units into events, and events into storylines.
pub fn cluster(units: &[Unit], cfg: &Config) -> Clustering {
    let vecs: Vec<&SparseVec> = units.iter().map(|u| &u.vector).collect();
    let times: Vec<Option<i64>> = units.iter().map(|u| u.time).collect();
    let graph = similarity_graph(
        &vecs,
        &times,
        cfg.candidate_terms,
        cfg.event_time_scale_days,
    );
    let events = average_link(units.len(), &graph, cfg.event_threshold);

    let centroids: Vec<SparseVec> = events
        .iter()
        .map(|m| SparseVec::centroid(m.iter().map(|&u| &units[u].vector)))
        .collect();
    let event_times: Vec<Option<i64>> = events
        .iter()
        .map(|m| m.iter().filter_map(|&u| units[u].time).min())
        .collect();
    let cref: Vec<&SparseVec> = centroids.iter().collect();
    let sgraph = similarity_graph(
        &cref,
        &event_times,
        cfg.candidate_terms,
        cfg.storyline_time_scale_days,
    );
    let mut storylines = average_link(events.len(), &sgraph, cfg.storyline_threshold);
    for s in &mut storylines {
        s.sort_by_key(|&e| (event_times[e].unwrap_or(i64::MAX), e));
    }
    Clustering {
        events,
        storylines,
        centroids,
    }
}
