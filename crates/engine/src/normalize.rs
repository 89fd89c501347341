//! From raw to normalized articles: Unicode normalization, furniture removal, corpus-wide
//! repeated-paragraph (and paragraph-edge sentence) removal, body assembly, language and sentences.

use std::collections::HashMap;

use rayon::prelude::*;
use samestory_model::{Article, RawArticle, RecordError, Removed};
use samestory_text::boilerplate::{
    Cleaned, Furniture, RepeatConfig, RepeatIndex, RepeatInput, strip_furniture,
};
use samestory_text::{build_body, lang, normalize_line, paragraphs_of, sentences};

/// Normalizes `raws` as one corpus. Articles whose body is empty after boilerplate removal
/// become errors. Ids repeated across inputs get a `#2`, `#3`... suffix so nothing is lost.
pub fn normalize(raws: Vec<RawArticle>, repeat: RepeatConfig) -> (Vec<Article>, Vec<RecordError>) {
    let cleaned: Vec<(RawArticle, String, Cleaned)> = raws
        .into_par_iter()
        .map(|raw| {
            let title = normalize_line(&raw.title);
            let c = strip_furniture(&title, raw.source.as_deref(), paragraphs_of(&raw.text));
            (raw, title, c)
        })
        .collect();

    let inputs: Vec<RepeatInput<'_>> = cleaned
        .iter()
        .map(|(raw, title, c)| RepeatInput {
            source: raw.source.as_deref(),
            title,
            language: raw.language.as_deref(),
            paragraphs: &c.kept,
        })
        .collect();
    let index = RepeatIndex::build(&inputs, repeat);

    let built: Vec<Result<Article, RecordError>> = cleaned
        .into_par_iter()
        .enumerate()
        .map(|(d, (raw, title, mut c))| {
            let mut kept = Vec::with_capacity(c.kept.len());
            let source = raw.source.as_deref();
            let lead = index.lead_of(d);
            for (i, p) in std::mem::take(&mut c.kept).into_iter().enumerate() {
                if let Some(reason) = index.check(source, &p, Some(i) == lead) {
                    c.removed.push(Removed {
                        text: p,
                        reason: reason.as_str().to_string(),
                    });
                    continue;
                }
                let range = index.trim(source, &p);
                if range == (0..p.len()) {
                    kept.push(p);
                    continue;
                }
                for cut in [&p[..range.start], &p[range.end..]] {
                    if !cut.trim().is_empty() {
                        c.removed.push(Removed {
                            text: cut.trim().to_string(),
                            reason: Furniture::RepeatedInSource.as_str().to_string(),
                        });
                    }
                }
                if !range.is_empty() {
                    kept.push(p[range].to_string());
                }
            }
            if kept.is_empty() {
                return Err(RecordError {
                    input: raw.provenance.to_string(),
                    error: format!(
                        "empty body after boilerplate removal ({})",
                        removal_summary(&c.removed)
                    ),
                });
            }
            let (body, paragraphs) = build_body(&kept);
            let language = lang::resolve(raw.language.as_deref(), &title, &body);
            let sents = sentences(&body, &paragraphs, language.as_deref().unwrap_or("en"));
            Ok(Article {
                id: raw.id,
                title,
                source: raw.source,
                url: raw.url,
                published: raw.published,
                language,
                body,
                paragraphs,
                sentences: sents,
                credits: c.credits,
                removed: c.removed,
                metadata: raw.metadata,
                provenance: raw.provenance,
            })
        })
        .collect();

    let mut articles = Vec::with_capacity(built.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in built {
        match r {
            Ok(mut a) => {
                let n = seen.entry(a.id.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    a.id = format!("{}#{}", a.id, n);
                }
                articles.push(a);
            }
            Err(e) => errors.push(e),
        }
    }
    (articles, errors)
}

/// "2 byline, 1 call to action": what removal took, by reason, in first-seen order.
fn removal_summary(removed: &[Removed]) -> String {
    if removed.is_empty() {
        return "no paragraphs".into();
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in removed {
        match counts.iter_mut().find(|(reason, _)| *reason == r.reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((&r.reason, 1)),
        }
    }
    counts
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect::<Vec<_>>()
        .join(", ")
}
