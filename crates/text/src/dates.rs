//! Dates written in article text: the dateline a page prints near its top ("Updated: November
//! 11, 2011 18:50 IST", "12 / 16 / 08 1:30 AM EST"), used as the article's time when its
//! metadata has none, and the year an article mentions most.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::tokens::{fold, for_each_word};

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
/// Month first, as US pages print it with slashes or hyphens; a first number above 12 is read
/// as the day.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4}|\d{2})\b").expect("valid regex")
});
/// Day first, as European pages print it with dots ("12.06.2013"); a second number above 12
/// is read as the day.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4}|\d{2})\b").expect("valid regex")
});
/// Year first, as ISO 8601 and East Asian pages print it ("2012-04-04", "2012.08.08").
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\b").expect("valid regex")
});
/// A time of day, as datelines print it beside the date ("18:50", "9:03am", "1:32 PM").
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?").expect("valid regex")
});
/// A weekday name or English abbreviation right before a date ("Thursday, Apr 2", "Thu Jun 13").
static WEEKDAY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\w+)\.?[\s,]*$").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20[0-4]\d)\b").expect("valid regex"));

fn month(name: &str) -> Option<u32> {
    let m = name.get(..3)?.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|&x| x == m)
    .map(|i| i as u32 + 1)
}

/// English weekday abbreviations, folded ("Thu Jun 13,2013").
const WEEKDAY_ABBREVIATIONS: [&str; 10] = [
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Year, month and day of a two-digit or four-digit year and two numbers `first` and
/// `second`, read month first (`month_first`) unless that month cannot be one.
fn numeric(first: &str, second: &str, year: &str, month_first: bool) -> Option<(i32, u32, u32)> {
    let (a, b): (u32, u32) = (first.parse().ok()?, second.parse().ok()?);
    let mut year: i32 = year.parse().ok()?;
    if year < 100 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    let (mo, day) = match (month_first, a > 12, b > 12) {
        (true, false, _) | (false, _, true) => (a, b),
        _ => (b, a),
    };
    Some((year, mo, day))
}

/// The first date in `line` where the dateline makes up at least 30 % of it and leaves few
/// other words (a dateline, not a date in a sentence), with its byte range. The dateline is
/// every date in the line (a page may print two: "By AFP - Aug 01,2018 - Last updated at Aug
/// 01,2018"), the weekday named right before one, and the times of day: "Thursday, Apr 2,2009
/// | Updated 1:32 PM PDT".
pub fn dateline_in(line: &str) -> Option<(NaiveDate, usize, usize)> {
    let line_len = line.trim().len();
    if line_len > DATELINE_BYTES {
        return None;
    }
    // Each shape: its regex and how its captures give (year, month, day).
    type Read = fn(&regex::Captures<'_>) -> Option<(i32, u32, u32)>;
    let shapes: [(&Regex, Read); 5] = [
        (&MONTH_DAY_YEAR, |c| {
            Some((c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?))
        }),
        (&DAY_MONTH_YEAR, |c| {
            Some((c[3].parse().ok()?, month(&c[2])?, c[1].parse().ok()?))
        }),
        (&YEAR_FIRST, |c| {
            Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
        }),
        (&NUMERIC, |c| numeric(&c[1], &c[2], &c[3], true)),
        (&DOTTED, |c| numeric(&c[1], &c[2], &c[3], false)),
    ];
    // Every valid date of every shape, as (start, end, date).
    let mut dates: Vec<(usize, usize, NaiveDate)> = shapes
        .iter()
        .flat_map(|(re, read)| {
            re.captures_iter(line).filter_map(|c| {
                let m = c.get(0)?;
                let (y, mo, d) = read(&c)?;
                NaiveDate::from_ymd_opt(y, mo, d).map(|date| (m.start(), m.end(), date))
            })
        })
        .collect();
    dates.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let first = dates
        .first()
        .map(|&(start, end, date)| (date, start, end))?;
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(dates.len());
    for &(start, end, _) in &dates {
        let mut before = start.saturating_sub(WEEKDAY_BYTES);
        while !line.is_char_boundary(before) {
            before -= 1;
        }
        let weekday = WEEKDAY_BEFORE.captures(&line[before..start]).and_then(|c| {
            let (whole, word) = (c.get(0)?, c.get(1)?);
            // A whole word, not the tail of one that the window cut.
            let at = before + whole.start();
            if line[..at].ends_with(char::is_alphanumeric) {
                return None;
            }
            let folded = fold(word.as_str());
            (weekday(&folded).is_some() || WEEKDAY_ABBREVIATIONS.contains(&folded.as_str()))
                .then_some(at)
        });
        spans.push((weekday.unwrap_or(start), end));
    }
    spans.extend(CLOCK.find_iter(line).map(|m| (m.start(), m.end())));
    spans.sort_unstable();
    // Bytes under some span, overlapping spans counted once, and the words outside them.
    let (mut covered, mut reach, mut words) = (0, 0, 0);
    for &(start, end) in &spans {
        if start > reach {
            words += words_in(&line[reach..start]);
        }
        covered += end.saturating_sub(start.max(reach));
        reach = reach.max(end);
    }
    words += words_in(&line[reach..]);
    (covered * 10 >= line_len * 3 && words <= DATELINE_WORDS).then_some(first)
}

/// Bytes of the longest line read as a dateline: it is a date, a time and a few words.
const DATELINE_BYTES: usize = 256;

/// Bytes before a date looked at for the weekday that names it ("Wednesday, "; Russian
/// "воскресенье, " takes 24).
const WEEKDAY_BYTES: usize = 32;

/// Words a dateline may hold besides its dates and times: "By AFP - Last updated at",
/// "First Posted: ... ET Updated: ... ET", "Washington D.C., ... (CNA)". A sentence that names
/// a date says more ("On Tuesday, Oct. 10,1972, Washington awoke to this startling news").
const DATELINE_WORDS: usize = 6;

/// Words of `text` ([`for_each_word`]) that hold a letter.
fn words_in(text: &str) -> usize {
    let mut n = 0;
    for_each_word(text, |s, e| {
        n += usize::from(text[s..e].chars().any(char::is_alphabetic));
    });
    n
}

/// The first dateline among the first `lines` lines.
pub fn dateline<'a>(lines: impl IntoIterator<Item = &'a str>, limit: usize) -> Option<NaiveDate> {
    lines
        .into_iter()
        .take(limit)
        .find_map(|l| dateline_in(l).map(|d| d.0))
}

/// Weekday names, Monday first, in the languages whose news leads name the day of the event,
/// in the form a lead names it. Russian and Ukrainian leads say "on Wednesday" in the
/// accusative ("в среду", "у середу"), while the nominative of Wednesday, Friday and Saturday
/// is mostly another word or a name ("городская среда", urban environment; "Черная
/// пятница", Black Friday). Accents and apostrophes are left out (see [`weekday`]).
const WEEKDAYS: [[&str; 7]; 7] = [
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ],
    [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ],
    [
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
    ],
    [
        "lunedi",
        "martedi",
        "mercoledi",
        "giovedi",
        "venerdi",
        "sabato",
        "domenica",
    ],
    [
        "понедельник",
        "вторник",
        "среду",
        "четверг",
        "пятницу",
        "субботу",
        "воскресенье",
    ],
    [
        "понеділок",
        "вівторок",
        "середу",
        "четвер",
        "пятницю",
        "суботу",
        "неділю",
    ],
];

/// The weekday (0 = Monday) a folded word names, if any. Accents and apostrophes are not
/// compared: Spanish "miércoles" and "sábado", Italian "lunedì" to "venerdì" are also written
/// without them, and Ukrainian "п'ятницю" with any of three apostrophes.
pub fn weekday(folded: &str) -> Option<u8> {
    let word = bare(folded);
    WEEKDAYS
        .iter()
        .find_map(|names| names.iter().position(|&n| n == word))
        .map(|i| i as u8)
}

/// Portuguese weekdays from Monday to Friday, whose names are compounds that words split at
/// the hyphen ("segunda-feira", "terça-feira"): the first half, without accents. Saturday
/// and Sunday ("sábado", "domingo") are Spanish's words.
const PORTUGUESE_WEEKDAYS: [&str; 5] = ["segunda", "terca", "quarta", "quinta", "sexta"];

/// The weekday (0 = Monday) a folded word names where `next` is the word after it (as
/// written): [`weekday`], or the first half of a Portuguese weekday before "feira" ("segunda"
/// alone is "second").
pub fn weekday_before(folded: &str, next: Option<&str>) -> Option<u8> {
    weekday(folded).or_else(|| {
        next.filter(|n| n.eq_ignore_ascii_case("feira"))?;
        let word = bare(folded);
        let day = PORTUGUESE_WEEKDAYS.iter().position(|&n| n == word)?;
        Some(day as u8)
    })
}

/// A folded word without accents and apostrophes.
fn bare(folded: &str) -> Cow<'_, str> {
    if folded.is_ascii() && !folded.contains('\'') {
        Cow::Borrowed(folded)
    } else {
        Cow::Owned(
            folded
                .nfd()
                .filter(|&c| !is_combining_mark(c) && !APOSTROPHES.contains(&c))
                .collect(),
        )
    }
}

/// The apostrophe, the right single quotation mark and the modifier letter apostrophe.
const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{2BC}'];

/// English month names, folded.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (0 = January) a word of English text names: a capitalized month name, "May"
/// only before a number (else it is the verb), and none at the start of a sentence, where
/// every word is capitalized ("March" and "May" start sentences as verbs). `next` is the word
/// after it, if any.
pub fn month_named(word: &str, next: Option<&str>, sentence_start: bool) -> Option<u8> {
    if sentence_start || !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // The names are ASCII. Of the other characters only the Kelvin sign folds to an ASCII
    // letter alone (`k`, in no name), and `İ` folds to `i` with a dot above, which no name
    // has; so an ASCII comparison is the folded one, without folding.
    let m = MONTHS.iter().position(|n| word.eq_ignore_ascii_case(n))?;
    let before_number = next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    (MONTHS[m] != "may" || before_number).then_some(m as u8)
}

/// English month abbreviations, folded ("Nov 18", "Sept. 3"); "may" is the month's name.
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether a folded word is an English month abbreviation ("nov", "sept"). Other languages
/// write some of them as names or words ("Jan", "Mar"), so only English text reads them so.
pub fn is_month_abbreviation(folded: &str) -> bool {
    MONTH_ABBREVIATIONS.contains(&folded)
}

/// Weekday and month names, folded, that are calendar words but not read as the day of an
/// event: those of Indonesian, whose news names the day of its publication in every article
/// ("Senin (18/11)"); read as the event's day, they merged unrelated reports of one day on the
/// Telegram pages. ("april", "september", "november" are in [`MONTHS`].)
const OTHER_CALENDAR_WORDS: [&str; 16] = [
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "januari", "februari", "maret",
    "mei", "juni", "juli", "agustus", "oktober", "desember",
];

/// Whether a folded word names a weekday (in the languages of [`weekday`], and Indonesian) or
/// a month (English, Indonesian): capitalized, but not a name of a person or place.
pub fn is_calendar_word(folded: &str) -> bool {
    weekday(folded).is_some() || MONTHS.contains(&folded) || OTHER_CALENDAR_WORDS.contains(&folded)
}

/// The year `text` mentions most (1950-2049), ties to the earliest mention.
pub fn main_year(text: &str) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for m in YEAR.find_iter(text) {
        let y: i32 = m.as_str().parse().ok()?;
        match counts.iter_mut().find(|c| c.0 == y) {
            Some(c) => c.1 += 1,
            None => counts.push((y, 1)),
        }
    }
    // max_by_key keeps the last maximum; scan in reverse so the earliest mention wins ties.
    counts.iter().rev().max_by_key(|c| c.1).map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn months_are_capitalized_and_may_needs_a_day() {
        assert_eq!(month_named("October", Some("19"), false), Some(9));
        assert_eq!(month_named("October", None, false), Some(9));
        assert_eq!(month_named("october", None, false), None);
        assert_eq!(month_named("May", Some("2"), false), Some(4));
        assert_eq!(month_named("May", Some("be"), false), None);
        assert_eq!(month_named("March", Some("on"), true), None);
    }

    #[test]
    fn datelines_in_the_shapes_pages_print() {
        let page_of_dates = "1.1.2000 ".repeat(40);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("Updated: November 11,2011 18:50 IST", d(2011, 11, 11)),
            (
                "Last Updated: Monday, 28 November 2005,02:24 GMT",
                d(2005, 11, 28),
            ),
            ("12 / 16 / 08 1:30 AM EST", d(2008, 12, 16)),
            ("Sat Nov 12 2011,01:19 hrs", d(2011, 11, 12)),
            ("December 22nd, 2008 8:55 am", d(2008, 12, 22)),
            // Each date alone is under 30 % of the line; the two together are not.
            (
                "By AFP - Aug 01,2018 - Last updated at Aug 02,2018",
                d(2018, 8, 1),
            ),
            // The weekday before a date and the time of day are the dateline's too.
            ("Thursday, Apr 2,2009 | Updated 1:32 PM PDT", d(2009, 4, 2)),
            ("Posted on Thu Jun 13,2013 08:45 AM PDT", d(2013, 6, 13)),
            (
                "Published at 12:45, Wednesday, 12 June 2013",
                d(2013, 6, 12),
            ),
            // Year first; day first where the numbers are dotted, as Europe prints them.
            ("published: 2012-04-04 11:47:35", d(2012, 4, 4)),
            ("2013-09-26", d(2013, 9, 26)),
            ("Published: 2012.08.08 09:01 AM", d(2012, 8, 8)),
            ("12.06.2013, 14:05", d(2013, 6, 12)),
            ("06.25.2013", d(2013, 6, 25)),
            ("04-30-2008 4:31 AM", d(2008, 4, 30)),
            // Only a weekday's whole word before the date is the dateline's.
            ("Comsat, 12 June 2013, Paris, France, Europe", None),
            ("Sat, 12 June 2013, Paris, France, Europe", d(2013, 6, 12)),
            // A dateline is a short line: a page of dates is not one.
            (&page_of_dates, None),
            // A sentence that opens with its date, or names one inside, is no dateline.
            (
                "On Tuesday, Oct. 10,1972, Washington awoke to this startling news:",
                None,
            ),
            (
                "The deal, first announced on March 3, 2009, was later reversed by the courts.",
                None,
            ),
            // No such day.
            ("31 / 02 / 2010", None),
        ];
        for &(line, date) in cases {
            assert_eq!(dateline_in(line).map(|x| x.0), date, "{line}");
        }
    }

    #[test]
    fn weekdays_in_several_languages() {
        assert_eq!(weekday("tuesday"), Some(1));
        assert_eq!(weekday("samedi"), Some(5));
        // Indonesian names the day of publication: a calendar word, no event's day.
        assert_eq!(weekday("senin"), None);
        assert!(is_calendar_word("senin") && is_calendar_word("desember"));
        assert_eq!(weekday("tue"), None);
        // Russian and Ukrainian leads name the day in the accusative; the nominative of
        // Wednesday is mostly "environment".
        assert_eq!(weekday("среду"), Some(2));
        assert_eq!(weekday("среда"), None);
        assert_eq!(weekday("пятницу"), Some(4));
        for friday in ["п'ятницю", "п\u{2019}ятницю", "п\u{2BC}ятницю"] {
            assert_eq!(weekday(friday), Some(4), "{friday}");
        }
        // With their accents or without.
        for (day, d) in [
            ("miércoles", 2),
            ("miercoles", 2),
            ("sábado", 5),
            ("lunedì", 0),
            ("venerdi", 4),
        ] {
            assert_eq!(weekday(day), Some(d), "{day}");
        }
        // Portuguese names Monday to Friday by compounds split at the hyphen: the first half
        // counts before "feira" only ("segunda" alone is "second").
        assert_eq!(weekday_before("segunda", Some("feira")), Some(0));
        assert_eq!(weekday_before("terça", Some("feira")), Some(1));
        assert_eq!(weekday_before("sexta", Some("Feira")), Some(4));
        assert_eq!(weekday_before("segunda", Some("vez")), None);
        assert_eq!(weekday_before("quinta", None), None);
        assert_eq!(weekday_before("sábado", Some("passado")), Some(5));
        assert_eq!(weekday("segunda"), None);
    }

    #[test]
    fn main_year_prefers_the_most_mentioned_then_the_first() {
        assert_eq!(
            main_year("In 2008 and 2009, and again in 2009."),
            Some(2009)
        );
        assert_eq!(main_year("In 2008 and 2009."), Some(2008));
        assert_eq!(main_year("No year here, only 1200 and 3000."), None);
    }
}
