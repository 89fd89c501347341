//! Language identification of article text (whatlang), as ISO 639-1 codes where one exists,
//! and the check of a page's declared language against the script its text is written in.

use whatlang::{Lang, Script};

/// The language of an article: the one its page or record declares (its primary subtag,
/// lower case), unless its title and body are both written in a script that language is not
/// written in (a template's `lang="en"` on a Japanese page, `ro` on Arabic ones); then the
/// language is the detector's best guess from the body, however unsure: the declaration is
/// known to be wrong, and an unknown language would let the article link across languages.
///
/// Within one script the declaration stands: a site knows Portuguese from Spanish better
/// than a guess from a few lines does. A declared language that whatlang does not know
/// (Kazakh, Mongolian...) also stands, and so does one that either the title or the body
/// fits (a Russian page whose body ran into a block of JSON, a Marathi page with an English
/// caption for a body).
pub fn resolve(declared: Option<&str>, title: &str, body: &str) -> Option<String> {
    let declared = declared
        .and_then(|d| d.split(['-', '_']).next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_ascii_lowercase);
    match declared {
        Some(d) => {
            let fits = [fits_script(&d, title), fits_script(&d, body)];
            if fits.contains(&Some(true)) || fits == [None, None] {
                Some(d)
            } else {
                whatlang::detect(head(body)).map(|info| iso639_1(info.lang().code()).to_string())
            }
        }
        None => detect(body),
    }
}

/// Whether `text` is written in a script that `language` (ISO 639-1 or 639-3) is written
/// in; `None` when either cannot be told.
fn fits_script(language: &str, text: &str) -> Option<bool> {
    let lang = Lang::all()
        .iter()
        .copied()
        .find(|l| l.code() == language || iso639_1(l.code()) == language)?;
    let script = whatlang::detect_script(head(text))?;
    Some(
        script.langs().contains(&lang)
            // Japanese is often mostly kanji; Serbian is written in Latin letters as well.
            || (script == Script::Mandarin && lang == Lang::Jpn)
            || (script == Script::Latin && lang == Lang::Srp),
    )
}

/// At most the first 2,000 bytes of `text`, cut at a character boundary.
fn head(text: &str) -> &str {
    let mut cut = text.len().min(2000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Detects the language of `text` from at most its first 2,000 bytes; `None` when unsure.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(head(text))?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// Maps an ISO 639-3 code from whatlang to ISO 639-1 where one exists.
fn iso639_1(code3: &str) -> &str {
    match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "no",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn a_declared_language_stands_unless_the_text_is_in_another_script() {
        let arabic = "أعلنت السلطات المغربية اليوم عن افتتاح مستشفى جديد في مدينة وجدة لخدمة سكان المنطقة الشرقية.";
        let japanese = "ストリートファイターVの新キャラクターが発表され、追加コンテンツは明日から配信される予定です。";
        let kanji = "東京都知事選挙投票率過去最低記録更新";
        let portuguese = "O procurador-geral da República pediu nesta sexta-feira ao presidente do Supremo que revogue a decisão.";
        let russian = "Боевики были окружены в южной части провинции во вторник.";
        // Contradicted by the script: detected instead.
        assert_eq!(resolve(Some("ro"), arabic, arabic).as_deref(), Some("ar"));
        assert_eq!(resolve(Some("en-US"), "", japanese).as_deref(), Some("ja"));
        assert_eq!(resolve(Some("pt"), russian, russian).as_deref(), Some("ru"));
        // Consistent with it: kept, even where detection would say otherwise.
        assert_eq!(resolve(Some("es"), "", portuguese).as_deref(), Some("es"));
        assert_eq!(resolve(Some("ja"), kanji, kanji).as_deref(), Some("ja"));
        assert_eq!(
            resolve(
                Some("sr"),
                "",
                "Vlada Srbije je danas usvojila predlog budžeta."
            )
            .as_deref(),
            Some("sr")
        );
        assert_eq!(
            resolve(Some("EN_gb"), "", "The fighters were cornered on Tuesday.").as_deref(),
            Some("en")
        );
        // Either the title or the body fits: kept.
        let json =
            r#"[{"title":"","author":"","image":{"type":"image","data":{"uuid":"235ab32d"}}}]"#;
        assert_eq!(resolve(Some("ru"), russian, json).as_deref(), Some("ru"));
        assert_eq!(
            resolve(Some("mr"), "दिल्लीत पाऊस", "Rain in Delhi today.").as_deref(),
            Some("mr")
        );
        // Unknown to the detector: kept. Absent or empty: detected.
        assert_eq!(resolve(Some("kk"), russian, russian).as_deref(), Some("kk"));
        assert_eq!(resolve(None, "", portuguese).as_deref(), Some("pt"));
        assert_eq!(resolve(Some(""), "", russian).as_deref(), Some("ru"));
    }

    #[test]
    fn detects_english_and_russian() {
        assert_eq!(
            super::detect("The fighters were cornered in a pocket of the province on Tuesday.")
                .as_deref(),
            Some("en")
        );
        assert_eq!(
            super::detect("Боевики были окружены в южной части провинции во вторник.").as_deref(),
            Some("ru")
        );
    }
}
