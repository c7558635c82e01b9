//! Plain text to HTML: every character escaped, URLs made links, the
//! language's typography applied to the words (never to the URLs).

use crate::config::Lang;
use crate::render::typography::typography;
use crate::urls::{find_urls, href};

/// Escapes the five characters that matter in HTML text and attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    escape_into(&mut out, text);
    out
}

/// Copies `text` into `out` run by run, replacing only the five characters.
fn escape_into(out: &mut String, text: &str) {
    let mut run = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&text[run..]);
}

/// `text` without the characters XML forbids (control characters but tab,
/// line feed and carriage return; U+FFFE, U+FFFF) nor those HTML reports
/// as errors (DEL, C1 controls, noncharacters): the last guard before a
/// page or a feed is written, whatever a template or a setting holds.
pub(crate) fn without_forbidden(text: String) -> String {
    if !may_hold_forbidden(text.as_bytes()) {
        return text;
    }
    text.chars().filter(|&c| !forbidden(c)).collect()
}

/// Whether `bytes` (UTF-8) may encode a forbidden character: a byte scan
/// that never misses one (C0 and DEL bytes, the leads of C1 controls, of
/// U+FDD0–U+FDEF and U+FFFE/F, and of the last two code points of any
/// plane), so the usual page is not decoded character by character. Each
/// chunk is first tested for a lead byte without a branch (the compiler
/// vectorises it), and looked at byte by byte only when it holds one: a
/// French page's `«`, `»` and no-break spaces share the C1 controls' lead.
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    const CHUNK: usize = 64;
    bytes.chunks(CHUNK).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |any, &b| any | may_lead(b))
            && (n * CHUNK..n * CHUNK + chunk.len()).any(|i| leads_forbidden(bytes, i))
    })
}

/// Whether `b` is a control byte or the lead of a forbidden sequence.
#[inline]
#[allow(clippy::needless_bitwise_bool, reason = "branch-free: the chunk scan is vectorised")]
fn may_lead(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f) | (b == 0xc2) | (b == 0xef) | (b >= 0xf0)
}

/// Whether the byte at `i` starts a forbidden character.
fn leads_forbidden(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => (0x80..=0x9f).contains(&next(1)),
        0xef => matches!(next(1), 0xb7 | 0xbf),
        0xf0..=0xf4 => next(2) == 0xbf && next(3) >= 0xbe,
        _ => false,
    }
}

fn forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}')
        || (c as u32) & 0xfffe == 0xfffe
}

/// Plain text as HTML with links and typography.
pub(crate) fn text_html(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for range in find_urls(text) {
        escape_into(&mut out, &typography(&text[last..range.start], lang));
        let url = &text[range.clone()];
        out.push_str("<a href=\"");
        escape_into(&mut out, &href(url));
        out.push_str("\">");
        escape_into(&mut out, url);
        out.push_str("</a>");
        last = range.end;
    }
    escape_into(&mut out, &typography(&text[last..], lang));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_links() {
        assert_eq!(
            text_html("<script>alert(\"x\")</script> voir https://a.org/?q=1&b=2.", Lang::En),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; voir <a href=\"https://a.org/?q=1&amp;b=2\">https://a.org/?q=1&amp;b=2</a>."
        );
    }

    #[test]
    fn the_byte_scan_misses_no_forbidden_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x0010_ffff).filter_map(char::from_u32).filter(|&c| forbidden(c)) {
            assert!(may_hold_forbidden(c.encode_utf8(&mut buf).as_bytes()), "{:x}", c as u32);
        }
    }

    #[test]
    fn the_byte_scan_finds_a_character_across_chunks() {
        for at in 0..140 {
            for c in ['\u{0}', '\u{85}', '\u{ffff}', '\u{10ffff}'] {
                let mut text = "é".repeat(35);
                text.insert(at.min(text.len()) & !1, c);
                assert!(may_hold_forbidden(text.as_bytes()), "{at} {:x}", c as u32);
            }
        }
    }

    #[test]
    fn forbidden_characters_never_reach_output() {
        let text = "<t>a\u{b}b\u{0}c\u{1f}d\u{7f}e\u{85}f\u{ffff}g\u{fffe}h\t\r\n</t>".to_string();
        assert_eq!(without_forbidden(text), "<t>abcdefgh\t\r\n</t>");
        assert_eq!(without_forbidden("é € 😀".to_string()), "é € 😀");
        assert_eq!(without_forbidden("x\u{1fffe}\u{10ffff}\u{fdd0}y".to_string()), "xy");
        assert!(!may_hold_forbidden("« guillemets » et espaces, ’ – 😀".as_bytes()));
    }
}
