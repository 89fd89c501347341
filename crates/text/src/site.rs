//! Site names as text meets them: a source's name however a title or a body writes it
//! ("www.businessinsider.sg", "Business Insider", "Blitz.bg").

use crate::tokens::word_spans;

/// The letters and digits of a site's name in lower case, without a domain's `www.` and
/// ending: "www.businessinsider.sg" -> "businessinsider", "Business Insider" ->
/// "businessinsider".
pub fn site_key(name: &str) -> String {
    let name = name.trim();
    let name = if is_domain(name) {
        let name = name.strip_prefix("www.").unwrap_or(name);
        name.rsplit_once('.').map_or(name, |(host, _)| host)
    } else {
        name
    };
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `s` is a domain name: one word with a dot inside and letters after the last one
/// ("Gizchina.com", "lenta.ru"; not "U.S.").
pub fn is_domain(s: &str) -> bool {
    let s = s.trim();
    !s.contains(char::is_whitespace)
        && s.rsplit_once('.').is_some_and(|(host, end)| {
            !host.is_empty() && end.chars().count() >= 2 && end.chars().all(char::is_alphabetic)
        })
}

/// Words a site's name may run to ("Регион Online", "Business Insider Singapore").
const MAX_NAME_WORDS: usize = 4;

/// A source's name, to find where a text names the site itself: the same letters and digits
/// as its [`site_key`], or as the key without a leading "The" ("Blitz.bg" on Blitz.bg,
/// "Chosun.com" on Chosun, "Inquisitr" on The Inquisitr). Only the whole name counts: "Napoli"
/// is not TUTTONAPOLI.net, nor "Google" 9to5Google.
#[derive(Debug, Clone)]
pub struct Site {
    keys: Vec<String>,
}

impl Site {
    /// The site named `source`; `None` when its key has fewer than three letters and digits,
    /// too short to tell the site from a word ("AP", "V2").
    pub fn new(source: &str) -> Option<Site> {
        let source = source.trim();
        let without_the = source
            .get(..4)
            .filter(|the| the.eq_ignore_ascii_case("the "))
            .map(|_| &source[4..]);
        let mut keys: Vec<String> = std::iter::once(source)
            .chain(without_the)
            .map(site_key)
            .filter(|k| k.chars().count() >= 3)
            .collect();
        keys.dedup();
        (!keys.is_empty()).then_some(Site { keys })
    }

    /// Byte ranges of `text` that name the site: runs of up to four words that are the site,
    /// not in lower case unless written as a domain, in order and apart.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let words = word_spans(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // Most words cannot start the name: no key allocated for them.
            let word = &text[words[i].0..words[i].1];
            let first = word.chars().next().into_iter().flat_map(char::to_lowercase);
            let www = word
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("www."));
            if !www
                && !first
                    .take(1)
                    .any(|c| self.keys.iter().any(|k| k.starts_with(c)))
            {
                i += 1;
                continue;
            }
            let mut found = None;
            for j in i..words.len().min(i + MAX_NAME_WORDS) {
                let run = &text[words[i].0..words[j].1];
                let key = site_key(run);
                if self.keys.contains(&key) {
                    // In a script with case, a name is written with a capital or as a domain:
                    // on Metro, "the metro line" is a word.
                    let lower =
                        run.chars().any(char::is_lowercase) && !run.chars().any(char::is_uppercase);
                    if !lower || is_domain(run) {
                        found = Some(j);
                    }
                    break;
                }
                if !self.keys.iter().any(|k| k.starts_with(&key)) {
                    break;
                }
            }
            match found {
                Some(j) => {
                    out.push((words[i].0, words[j].1));
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the whole of `name` is the site `source`.
    fn names_site(name: &str, source: &str) -> bool {
        Site::new(source).is_some_and(|s| s.spans(name) == [(0, name.len())])
    }

    #[test]
    fn a_site_is_named_however_it_is_written() {
        assert!(names_site("Blitz.bg", "Blitz.bg"));
        assert!(names_site("Chosun.com", "Chosun"));
        assert!(names_site("www.cbr.com", "CBR.com"));
        assert!(names_site("Регион Online", "Регион Online"));
        assert!(names_site("НАРОДНА ПРАВДА", "Народна Правда"));
        assert!(names_site("Inquisitr", "The Inquisitr"));
        assert!(names_site("Zakon.kz", "zakon.kz"));
    }

    #[test]
    fn a_part_of_a_site_name_is_not_the_site() {
        assert!(!names_site("Napoli", "TUTTONAPOLI.net"));
        assert!(!names_site("Google", "9to5Google"));
        assert!(!names_site("Грузия", "Sputnik Грузия"));
        assert!(!names_site("Online", "Регион Online"));
        assert!(!names_site("The", "The Hindu"));
        assert!(Site::new("AP").is_none());
    }

    #[test]
    fn spans_are_where_a_text_names_the_site() {
        let text = "Както съобщи Blitz.bg, НАРОДНА ПРАВДА пише, а blitz.bg добавя.";
        let site = Site::new("Blitz.bg").unwrap();
        let named: Vec<&str> = site.spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(named, ["Blitz.bg", "blitz.bg"]);
        let site = Site::new("Народна Правда").unwrap();
        let named: Vec<&str> = site.spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(named, ["НАРОДНА ПРАВДА"]);
        assert!(Site::new("Reuters").unwrap().spans(text).is_empty());
        // A site named by a common word: the word in lower case is not the site.
        let text = "Metro reports the metro line is shut.";
        assert_eq!(Site::new("Metro").unwrap().spans(text), [(0, 5)]);
        // A script without case has no lower case to tell a word by.
        let text = "قال صدى البلد إن";
        let named: Vec<&str> = Site::new("صدى البلد")
            .unwrap()
            .spans(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(named, ["صدى البلد"]);
    }
}
