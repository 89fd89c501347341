//! Fuzzes the whole job over up to four articles cut from the input: normalization, copies and
//! their passages, events, storylines, summaries and links. Byte ranges into normalized text
//! are everywhere there, and any one off by a byte inside a multi-byte character panics.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::default_panic_hook();
    let text = String::from_utf8_lossy(data);
    // Articles are separated by a form feed; each one's first line is its title. Copies need
    // shared text, so the last article is the first one again with the second appended: an
    // edited reprint.
    let parts: Vec<&str> = text.split('\u{c}').take(4).collect();
    let mut raws: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (title, body) = p.split_once('\n').unwrap_or(("", p));
            common::raw(i, title, body)
        })
        .collect();
    if parts.len() >= 2 {
        let (title, body) = parts[0].split_once('\n').unwrap_or(("", parts[0]));
        raws.push(common::raw(
            parts.len(),
            title,
            &format!("{body}\n\n{}", parts[1]),
        ));
    }
    common::pipeline(raws);
});
