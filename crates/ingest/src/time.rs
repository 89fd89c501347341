//! Parsing the publication times that inputs carry: RFC 3339, RFC 2822, plain dates.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses a time stamp or a date (taken as midnight UTC); `None` when it is neither.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    let date = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn common_forms_parse() {
        let want = "2018-07-31T10:00:00Z";
        for s in [
            "2018-07-31T12:00:00+02:00",
            "2018-07-31T10:00:00Z",
            "2018-07-31 10:00:00",
            "Tue, 31 Jul 2018 10:00:00 +0000",
        ] {
            assert_eq!(
                parse_time(s)
                    .unwrap()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                want,
                "{s}"
            );
        }
        assert_eq!(
            parse_time("2018-07-31").unwrap().to_rfc3339(),
            "2018-07-31T00:00:00+00:00"
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}
