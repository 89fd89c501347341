//! Language identification of article text (whatlang), as ISO 639-1 codes where one exists;
//! the check of a page's declared language against the script its text is written in; and two
//! kinds of text told by their letters first: Cyrillic languages whatlang does not know (Kazakh,
//! Uzbek, Buryat...), and Chinese, Japanese or Korean through which Latin names run.

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
///
/// Text in a Cyrillic alphabet that whatlang does not know (see [`cyrillic_minority`]) is
/// given that language instead of a known one: Kazakh sites declare `ru` for their Kazakh
/// pages, and whatlang calls Kazakh Belarusian and Uzbek Bulgarian. Text written in Chinese
/// characters, kana or hangul is Chinese, Japanese or Korean (see [`cjk_language`]) unless one
/// of those three is declared.
pub fn resolve(declared: Option<&str>, title: &str, body: &str) -> Option<String> {
    let declared = declared
        .and_then(|d| d.split(['-', '_']).next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_ascii_lowercase);
    if declared.as_deref().is_none_or(|d| lang_of(d).is_some())
        && let Some(minority) = cyrillic_minority(title, body)
    {
        return Some(minority.to_string());
    }
    if let Some(cjk) = cjk_language(title, body) {
        return Some(match declared {
            Some(d) if matches!(d.as_str(), "ja" | "zh" | "ko") => d,
            _ => cjk.to_string(),
        });
    }
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
    let lang = lang_of(language)?;
    let script = whatlang::detect_script(head(text))?;
    Some(
        script.langs().contains(&lang)
            // Japanese is often mostly kanji; Serbian is written in Latin letters as well.
            || (script == Script::Mandarin && lang == Lang::Jpn)
            || (script == Script::Latin && lang == Lang::Srp),
    )
}

/// whatlang's language for an ISO 639-1 or 639-3 code, if it knows it.
fn lang_of(code: &str) -> Option<Lang> {
    Lang::all()
        .iter()
        .copied()
        .find(|l| l.code() == code || iso639_1(l.code()) == code)
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

/// Cyrillic alphabets whatlang does not know, each by the letters it adds to Russian's: ISO
/// 639-1 code (639-3 where there is none), letters.
const CYRILLIC_MINORITIES: [(&str, &str); 10] = [
    ("kk", "әғқңөұүһі"),
    ("uz", "ўқғҳ"),
    ("tg", "ғӣқӯҳҷ"),
    ("ky", "ңөү"),
    ("mn", "өү"),
    ("tt", "әөүҗңһ"),
    ("ba", "әөүғҡңҙҫһ"),
    ("cv", "ӑӗҫӳ"),
    ("bua", "үөһ"),
    ("sah", "ҕҥөһү"),
];

/// Whether `c` may be a letter of [`CYRILLIC_MINORITIES`] in either case: a cheap test before
/// the look-up, as nearly all Cyrillic text is Russian and has none.
fn may_be_minority_letter(c: char) -> bool {
    matches!(c, 'і' | 'ў' | 'І' | 'Ў' | '\u{490}'..='\u{4FF}')
}

/// Share of the Cyrillic words that must hold a letter of [`CYRILLIC_MINORITIES`] for text to
/// be in one of them. A Russian report from Almaty that names Kazakh places and people holds
/// such letters in fewer than 1 word in 20 (at most 0.044 of the Telegram sample's); Kazakh,
/// Uzbek and Buryat text, in 1 in 5 or more.
const MINORITY_WORD_SHARE: f32 = 0.1;

/// The Cyrillic language whatlang does not know that the title and the head of the body are
/// written in, or `None`: at least one Cyrillic word in ten holds a letter that Russian,
/// Ukrainian, Belarusian, Bulgarian, Macedonian and Serbian do not use (or, with one, і or ў),
/// and one of them is a letter only such alphabets have. Of [`CYRILLIC_MINORITIES`], the
/// alphabet that the letters fit best: each occurrence of such a letter counts for the
/// alphabets that have it and against those that do not; ties go to the smaller alphabet (Buryat's
/// three letters before Kazakh's nine, when only those three occur), then to the first.
pub fn cyrillic_minority(title: &str, body: &str) -> Option<&'static str> {
    let (title, body) = (title, head(body));
    if !title
        .chars()
        .chain(body.chars())
        .any(may_be_minority_letter)
    {
        return None;
    }
    let is_extra = |c: char| CYRILLIC_MINORITIES.iter().any(|(_, l)| l.contains(c));
    let (mut words, mut marked, mut distinctive) = (0usize, 0usize, false);
    let mut counts: Vec<(char, usize)> = Vec::new();
    for word in [title, body]
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
    {
        if !word.chars().any(|c| matches!(c, '\u{400}'..='\u{4FF}')) {
            continue;
        }
        words += 1;
        let mut any = false;
        for c in word
            .chars()
            .filter(|&c| may_be_minority_letter(c))
            .flat_map(char::to_lowercase)
            .filter(|&c| is_extra(c))
        {
            any = true;
            distinctive |= !matches!(c, 'і' | 'ў');
            match counts.iter_mut().find(|(x, _)| *x == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
        marked += usize::from(any);
    }
    if !distinctive || (marked as f32) < MINORITY_WORD_SHARE * words as f32 {
        return None;
    }
    let score = |letters: &str| -> i64 {
        counts
            .iter()
            .map(|&(c, n)| {
                if letters.contains(c) {
                    n as i64
                } else {
                    -(n as i64)
                }
            })
            .sum()
    };
    CYRILLIC_MINORITIES
        .iter()
        .min_by_key(|(_, letters)| (std::cmp::Reverse(score(letters)), letters.chars().count()))
        .map(|(code, _)| *code)
}

/// Share of the letters that must be Chinese characters, kana or hangul for text to be in
/// Chinese, Japanese or Korean. Each such character stands for a syllable or a word where a
/// Latin letter stands for a sound: the Telegram sample's CJK pages that whatlang called
/// English, Italian or Welsh hold 0.21 to 0.75 of them; a Latin-script report that quotes a
/// Japanese title, a few per cent.
const CJK_LETTER_SHARE: f32 = 0.2;

/// Japanese, Chinese or Korean, for text whose title and body head are written in those
/// scripts (at least [`CJK_LETTER_SHARE`] of their letters), however many Latin product and
/// band names run through them: whatlang counts letters, and calls a Japanese page about
/// "Golden Joystick Awards" English, or a Chinese one about Debian Norwegian. Kana (at least 1 in
/// 20 of those characters) make it Japanese, hangul Korean, Chinese characters alone Chinese.
pub fn cjk_language(title: &str, body: &str) -> Option<&'static str> {
    let (mut letters, mut han, mut kana, mut hangul) = (0usize, 0usize, 0usize, 0usize);
    for c in title.chars().chain(head(body).chars()) {
        match c {
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}' => {
                kana += 1
            }
            '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => {
                hangul += 1
            }
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            c if c.is_alphabetic() => {}
            _ => continue,
        }
        letters += 1;
    }
    let cjk = han + kana + hangul;
    if cjk == 0 || (cjk as f32) < CJK_LETTER_SHARE * letters as f32 {
        return None;
    }
    Some(if kana * 20 >= cjk && kana >= hangul {
        "ja"
    } else if hangul > kana && hangul * 20 >= cjk {
        "ko"
    } else {
        "zh"
    })
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
    fn cyrillic_languages_whatlang_does_not_know_are_told_by_their_letters() {
        let kazakh = "Қазақстанда жаңа тұрғын үй бағдарламасы іске қосылады, деп хабарлады үкімет.";
        let uzbek = "Ўзбекистон терма жамоаси эртага Фаластинга қарши ўйин ўтказади.";
        let buryat = "Буряад уласай хүүгэдэй һургуулида шэнэ багшанар ерэһэн.";
        let chuvash = "Ҫӗрпӳ районӗнче ҫӗнӗ кӗпер тума пуҫланӑ.";
        let tatar = "Татарстанда яңа мәктәп ачылды, анда җиде йөз бала укый.";
        for (text, language) in [
            (kazakh, "kk"),
            (uzbek, "uz"),
            (buryat, "bua"),
            (chuvash, "cv"),
            (tatar, "tt"),
        ] {
            // Declared as a language whatlang knows, or not at all.
            assert_eq!(resolve(Some("ru"), "", text).as_deref(), Some(language));
            assert_eq!(resolve(None, text, text).as_deref(), Some(language));
        }
        // The cheap test lets every letter of the table through, in both cases.
        for (_, letters) in super::CYRILLIC_MINORITIES {
            for c in letters
                .chars()
                .flat_map(|c| [c].into_iter().chain(c.to_uppercase()))
            {
                assert!(super::may_be_minority_letter(c), "{c}");
            }
        }
        // A declared language whatlang does not know stands.
        assert_eq!(resolve(Some("kk"), "", uzbek).as_deref(), Some("kk"));
        // Russian that names a Kazakh district, and Ukrainian (і, ї): not enough.
        let russian = "Аким Алматы встретился с жителями Әуезовского района и обсудил с ними \
                       строительство новых школ, дорог и больниц в южной части города.";
        assert_eq!(resolve(Some("ru"), "", russian).as_deref(), Some("ru"));
        assert_eq!(resolve(None, "", russian).as_deref(), Some("ru"));
        assert_eq!(
            super::cyrillic_minority("", "Уряд ухвалив нові правила їзди."),
            None
        );
    }

    #[test]
    fn cjk_text_is_told_by_its_script_whatever_latin_names_run_through_it() {
        let japanese =
            "英国の歴史あるアワードGolden Joystick Awards 2019まとめ。Resident Evil 2がGOTYを獲得";
        let chinese = "Oracle于今天宣布了Oracle Linux 8的首个重要维护版本更新 Update 1基于Red Hat";
        let korean = "삼성전자 Galaxy S10 5G 모델 국내 출시 일정 발표";
        assert_eq!(
            resolve(Some("en"), japanese, japanese).as_deref(),
            Some("ja")
        );
        assert_eq!(resolve(None, "", chinese).as_deref(), Some("zh"));
        assert_eq!(resolve(None, korean, korean).as_deref(), Some("ko"));
        // A declared Chinese page that quotes kana stays Chinese.
        assert_eq!(resolve(Some("zh-TW"), "", japanese).as_deref(), Some("zh"));
        // A few characters quoted in English are not enough.
        let english = "The band's new single, 愛す, tops the Oricon chart this week after its radio premiere.";
        assert_eq!(resolve(None, "", english).as_deref(), Some("en"));
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
