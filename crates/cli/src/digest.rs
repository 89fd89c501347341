//! The human-readable digest that `samestory run` prints.

use std::fmt::Write;
use std::path::Path;

use samestory_model::Report;

/// Events and copy groups listed in full before "... and N more".
const LIST: usize = 20;

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// Renders the digest of `report`, which was written to `path`.
pub fn render(report: &Report, path: &Path) -> String {
    let mut o = String::new();
    let copies = report
        .copy_groups
        .iter()
        .filter(|g| g.members.len() > 1)
        .count();
    let sources: std::collections::BTreeSet<&str> = report
        .articles
        .iter()
        .filter_map(|a| a.source.as_deref())
        .collect();
    let _ = writeln!(
        o,
        "{} articles, {} sources, {} errors | {} events, {} storylines, {} copy groups, {} shared passages",
        report.articles.len(),
        sources.len(),
        report.errors.len(),
        report.events.len(),
        report.storylines.len(),
        copies,
        report.passages.len(),
    );

    let _ = writeln!(o, "\nEvents");
    for e in report.events.iter().take(LIST) {
        let _ = writeln!(
            o,
            "  [{}] {} ({} article{}, storyline {})",
            e.id,
            truncate(&e.headline, 90),
            e.members.len(),
            if e.members.len() == 1 { "" } else { "s" },
            e.storyline
        );
        let _ = writeln!(o, "      {}", truncate(&e.members.join(", "), 100));
        if let Some(first) = e.summary.first() {
            let _ = writeln!(o, "      > {}", truncate(&first.text, 100));
        }
        if let Some(link) = e.links.first() {
            let terms: Vec<String> = link.shared.iter().map(|t| t.label()).collect();
            let _ = writeln!(
                o,
                "      linked at {:.2} by {}",
                link.probability,
                truncate(&terms.join(", "), 90)
            );
        }
    }
    if report.events.len() > LIST {
        let _ = writeln!(o, "  ... and {} more", report.events.len() - LIST);
    }

    let _ = writeln!(o, "\nCopy groups");
    if copies == 0 {
        let _ = writeln!(o, "  none");
    }
    for g in report
        .copy_groups
        .iter()
        .filter(|g| g.members.len() > 1)
        .take(LIST)
    {
        let credit = g.origin.credit.as_deref().unwrap_or("unknown");
        let _ = writeln!(
            o,
            "  [{}] {} copies, origin {credit}, representative {}",
            g.id,
            g.members.len(),
            g.representative
        );
        let _ = writeln!(o, "      {}", truncate(&g.members.join(", "), 100));
    }
    if copies > LIST {
        let _ = writeln!(o, "  ... and {} more", copies - LIST);
    }

    let multi: Vec<_> = report
        .storylines
        .iter()
        .filter(|s| s.events.len() > 1)
        .collect();
    let _ = writeln!(o, "\nStorylines with more than one event");
    if multi.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for s in multi.iter().take(LIST) {
        let evs: Vec<String> = s.events.iter().map(|e| e.to_string()).collect();
        let _ = writeln!(o, "  [{}] events {}", s.id, evs.join(", "));
        for t in &s.timeline {
            let date = t.time.map_or_else(
                || "undated   ".to_string(),
                |d| d.format("%Y-%m-%d").to_string(),
            );
            let _ = writeln!(
                o,
                "      {date}  [{}] {}",
                t.event,
                truncate(&t.headline, 80)
            );
        }
        if let Some(link) = s.links.first() {
            let terms: Vec<String> = link.shared.iter().map(|t| t.label()).collect();
            let _ = writeln!(
                o,
                "      [{}] and [{}] continue one story at {:.2}: {}",
                link.a,
                link.b,
                link.similarity,
                truncate(&terms.join(", "), 70)
            );
            if !link.names.is_empty() {
                let names: Vec<String> = link.names.iter().map(|n| n.label()).collect();
                let _ = writeln!(
                    o,
                    "      both name up front: {}",
                    truncate(&names.join(", "), 70)
                );
            }
        }
    }

    if !sources.is_empty() {
        let list: Vec<&str> = sources.iter().copied().take(LIST).collect();
        let more = if sources.len() > LIST {
            format!(" ... and {} more", sources.len() - LIST)
        } else {
            String::new()
        };
        let _ = writeln!(o, "\nSources: {}{more}", list.join(", "));
    }
    if !report.errors.is_empty() {
        let _ = writeln!(o, "\nErrors");
        for e in report.errors.iter().take(LIST) {
            let _ = writeln!(o, "  {}: {}", e.input, e.error);
        }
        if report.errors.len() > LIST {
            let _ = writeln!(
                o,
                "  ... and {} more (see the report)",
                report.errors.len() - LIST
            );
        }
    }
    let _ = writeln!(o, "\nReport: {}", path.display());
    o
}
