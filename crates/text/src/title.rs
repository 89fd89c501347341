//! Titles as the stages read them: without the site's name that pages append or prepend.

use crate::site::{is_domain, site_key};

/// Words of `s`, split at white space.
fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A title without the site name that pages append or prepend ("Title | Site", "Site - Title").
/// A segment is the site's when it names the source (letters and digits compared, a domain's
/// `www.` and ending left out, so "Business Insider Singapore" is www.businessinsider.sg's) or
/// is a domain itself ("Gizchina.com"). Where the source is unknown, a short last segment
/// after a longer title goes too ("Title - Example News"); where it is known, such a segment
/// is kept, as it is often whom the title quotes ("... ще більше проблем - Пристайко").
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
    let src = source.map(site_key).filter(|s| s.chars().count() >= 3);
    // A segment is the site's name when one holds the other, and the name is most of it: "CNA
    // explains: ..." is not CNA's name.
    let is_site = |p: &str| {
        let l = site_key(p);
        let names = |s: &str| {
            l.chars().count() >= 3 && (s.contains(&l) || (l.contains(s) && 2 * s.len() >= l.len()))
        };
        is_domain(p) || src.as_deref().is_some_and(names)
    };
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_site(p)).collect();
    if kept.is_empty() {
        return title.trim().to_string();
    }
    if kept.len() < parts.len() {
        return kept.join(" - ");
    }
    // Without a known source, drop a short last segment only ("Title - Example News").
    if source.is_none() && parts.len() == 2 && words(parts[1]) <= 3 && words(parts[0]) > 3 {
        return parts[0].to_string();
    }
    title.trim().to_string()
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
        // The site's name however it is written in the title.
        let source = Some("www.businessinsider.sg");
        assert_eq!(
            clean_title(
                "How to reset an iPhone | Business Insider Singapore",
                source
            ),
            "How to reset an iPhone"
        );
        assert_eq!(
            clean_title("Xiaomi shows a new phone - Gizchina.com", Some("Gizchina")),
            "Xiaomi shows a new phone"
        );
        // With a known source, a last segment that is not its name is whom the title quotes.
        assert_eq!(
            clean_title(
                "Розвал РФ створить Україні ще більше проблем - Пристайко",
                Some("ФАКТИ")
            ),
            "Розвал РФ створить Україні ще більше проблем - Пристайко"
        );
        assert_eq!(
            clean_title("CNA explains: the new rules | Singapore", Some("CNA")),
            "CNA explains: the new rules | Singapore"
        );
        assert_eq!(
            clean_title("Trade talks stall - U.S.", Some("Example News")),
            "Trade talks stall - U.S."
        );
    }
}
