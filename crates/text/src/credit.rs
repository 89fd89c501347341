//! Credit lines: which wire service or outlet a text credits ("(AFP)", "By Reuters", "- Agencies").
//!
//! Credits are found by the grammar of credit positions (a dateline's parentheses, the agency
//! after a dateline's dash as Russian wires write it, the "according to" that opens a Persian
//! report, a byline, a sign-off after a dash, a credit-only paragraph), and a name in such a
//! position counts when it looks like an agency: an acronym, a name ending in
//! "Press"/"Agency"/..., or a known alias.

use std::sync::LazyLock;

use regex::Regex;

/// Full names of wire services that are usually credited by a short form.
const ALIASES: &[(&str, &str)] = &[
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("reuters", "Reuters"),
    ("thomson reuters", "Reuters"),
    ("deutsche presse-agentur", "dpa"),
    ("dpa", "dpa"),
    ("bloomberg", "Bloomberg"),
    ("xinhua", "Xinhua"),
    ("kyodo", "Kyodo"),
    ("kyodo news", "Kyodo"),
    ("yonhap", "Yonhap"),
    ("anadolu agency", "Anadolu"),
    ("press association", "PA"),
    ("united press international", "UPI"),
    ("interfax", "Interfax"),
    ("интерфакс", "Interfax"),
    ("интерфакс-украина", "Interfax-Ukraine"),
    ("інтерфакс-україна", "Interfax-Ukraine"),
    ("тасс", "TASS"),
    ("итар-тасс", "TASS"),
    ("риа новости", "RIA Novosti"),
    ("прайм", "PRIME"),
    ("sputnik", "Sputnik"),
    ("укринформ", "Ukrinform"),
    ("укрінформ", "Ukrinform"),
    ("униан", "UNIAN"),
    ("уніан", "UNIAN"),
    ("белта", "BelTA"),
    ("ایسنا", "ISNA"),
    ("ایرنا", "IRNA"),
    ("فارس", "Fars"),
    ("مهر", "Mehr"),
    ("تسنیم", "Tasnim"),
    ("ایلنا", "ILNA"),
    ("واس", "SPA"),
    ("وام", "WAM"),
    ("قنا", "QNA"),
    ("agencies", "Agencies"),
    ("wires", "Agencies"),
    ("news agencies", "Agencies"),
];

static AGENCY_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(news agency|press agency|presse|press|agencies|agency|newswire|wire service)$",
    )
    .expect("valid regex")
});
static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}{2,6}$").expect("valid regex"));
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L} ,./'-]{0,40}\s)?\((\p{L}[\p{L} .&-]{0,40})\)\s*[-:,]?")
        .expect("valid regex")
});
/// "МОСКВА, 18 ноя - РИА Новости.", "СУХУМ, 18 ноя - Sputnik, Бадри Есиава.": a place in
/// capitals, a day and month, a dash, and the agency (then perhaps its photographer).
static DASH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu} /-]{1,40}, \d{1,2} \p{L}{3,9}\.? ?[-–—] ?(\p{L}[\p{L} .-]{1,40}?)[.,]",
    )
    .expect("valid regex")
});
/// "به گزارش ایسنا، ...": "according to the report of" opening a Persian paragraph.
static PERSIAN_REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^به گزارش ([^،,]{2,40})[،,]").expect("valid regex"));
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+(.+?)(?:\s+[-|,/]\s|\s*$)").expect("valid regex"));
static SIGNOFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s-\s*(\p{Lu}[\p{L}&.-]*(?:[ ]\p{Lu}[\p{L}&.-]*){0,3})\s*\.?$")
        .expect("valid regex")
});

/// The canonical credit for `name` when it looks like an agency or outlet credit.
pub fn agency(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() || name.split_whitespace().count() > 5 {
        return None;
    }
    let lower = name.to_lowercase();
    if let Some((_, short)) = ALIASES.iter().find(|(full, _)| *full == lower) {
        return Some((*short).to_string());
    }
    if ACRONYM.is_match(name) || AGENCY_SUFFIX.is_match(name) {
        return Some(name.to_string());
    }
    None
}

/// A credit in dateline position: "(AFP) BEIRUT", "BEIRUT (Reuters) -", "МОСКВА, 18 ноя -
/// РИА Новости.", "به گزارش ایسنا،". A Persian report names its own outlet that way too, which
/// is no agency.
pub fn dateline(paragraph: &str) -> Option<String> {
    [&*DATELINE, &*DASH_DATELINE, &*PERSIAN_REPORT]
        .iter()
        .find_map(|re| {
            re.captures(paragraph)
                .and_then(|c| agency(c.get(1)?.as_str()))
        })
}

/// Credits in a byline: "By AFP - Aug 01, 2018", "By Jane Doe and Reuters".
pub fn byline(paragraph: &str) -> Vec<String> {
    let Some(names) = BYLINE.captures(paragraph).and_then(|c| c.get(1)) else {
        return Vec::new();
    };
    names
        .as_str()
        .split([',', '/', '&'])
        .flat_map(|n| n.split(" and "))
        .filter_map(agency)
        .collect()
}

/// A sign-off at the end of a paragraph ("... to Idlib. - Agencies"): the byte offset where
/// it starts and the credit.
pub fn signoff(paragraph: &str) -> Option<(usize, String)> {
    let caps = SIGNOFF.captures(paragraph)?;
    let name = agency(caps.get(1)?.as_str())?;
    Some((caps.get(0)?.start(), name))
}

/// "Source" as a credit line opens it, in the languages of the news we read.
const SOURCE_WORDS: [&str; 12] = [
    "Source",
    "Источник",
    "Джерело",
    "Крыніца",
    "Fuente",
    "Fonte",
    "Quelle",
    "Źródło",
    "Kaynak",
    "Sumber",
    "منبع",
    "المصدر",
];

/// The credit when the whole paragraph is one ("Agence France-Presse", "(AFP)", "Source: AFP",
/// "Источник: Интерфакс").
pub fn credit_line(paragraph: &str) -> Option<String> {
    let p = paragraph
        .trim()
        .trim_matches(|c: char| c == '(' || c == ')' || c == '-' || c == ' ');
    let p = SOURCE_WORDS
        .iter()
        .find_map(|w| p.strip_prefix(w))
        .map_or(p, |rest| rest.trim_start_matches([' ', ':', '-', '–', '—']));
    agency(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_credits_in_each_position() {
        assert_eq!(
            dateline("(AFP) BEIRUT, Lebanon - Dozens of").as_deref(),
            Some("AFP")
        );
        assert_eq!(
            dateline("LONDON (Reuters) - Shares fell").as_deref(),
            Some("Reuters")
        );
        assert_eq!(byline("By AFP - Aug 01,2018 - Last updated"), ["AFP"]);
        assert_eq!(byline("By Jane Doe - 2 hours ago"), Vec::<String>::new());
        assert_eq!(
            signoff("and then to Idlib. - Agencies"),
            Some((18, "Agencies".to_string()))
        );
        assert_eq!(credit_line("Agence France-Presse").as_deref(), Some("AFP"));
        assert_eq!(
            credit_line("Источник: Интерфакс").as_deref(),
            Some("Interfax")
        );
        assert_eq!(
            credit_line("Источник - РИА Новости").as_deref(),
            Some("RIA Novosti")
        );
        assert_eq!(
            dateline("MOSCOW/KIEV (Reuters) - Russia on Monday handed back").as_deref(),
            Some("Reuters")
        );
    }

    #[test]
    fn finds_credits_in_the_datelines_of_russian_and_persian_wires() {
        assert_eq!(
            dateline("МОСКВА, 18 ноя - РИА Новости. Сбербанк снизил ставки").as_deref(),
            Some("RIA Novosti")
        );
        assert_eq!(
            dateline("СУХУМ, 18 ноя - Sputnik, Бадри Есиава. Российская сторона").as_deref(),
            Some("Sputnik")
        );
        assert_eq!(
            dateline("به گزارش ایسنا، رییس پلیس راهور تهران بزرگ").as_deref(),
            Some("ISNA")
        );
        // A Persian site that reports under its own name credits no agency.
        assert_eq!(dateline("به گزارش بولتن نیوز، قیمت سکه"), None);
        // A date and a dash in a sentence are no dateline.
        assert_eq!(dateline("Встреча, 18 ноября - важная дата."), None);
    }

    #[test]
    fn ordinary_prose_is_not_a_credit() {
        assert_eq!(dateline("The council (which met on Monday) said"), None);
        assert_eq!(signoff("He met Jean-Pierre - Marie Curie"), None);
        assert_eq!(credit_line("Syrian troops advanced"), None);
    }
}
