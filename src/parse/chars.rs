//! The characters of an issue as the parser reads them: every kind of line
//! break made `\n` (CRLF, lone CR of old Mac files, Word's manual line break
//! U+000B, form feed, U+2028/U+2029, NEL), and the characters that XML and
//! HTML forbid or flag (other control characters, noncharacters) left out,
//! so that no output can carry them. Pure, one pass.

use std::borrow::Cow;

/// `text` with line breaks made `\n` and forbidden characters dropped;
/// borrowed when there is nothing to change (nearly always).
pub(super) fn normalize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_change) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                // CRLF is one break.
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            c if is_line_break(c) => out.push('\n'),
            c => out.extend(replacement(c)),
        }
    }
    Cow::Owned(out)
}

/// A one-line value (a title from front matter): line breaks become
/// spaces, forbidden characters are dropped.
pub(super) fn one_line(text: &str) -> String {
    normalize(text)
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn needs_change(c: char) -> bool {
    c == '\r' || is_line_break(c) || replacement(c) != Some(c)
}

/// Line breaks other than `\n` and `\r`.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}')
}

/// What a character becomes: itself, nothing (a control character or a
/// noncharacter), or for the C1 controls that Windows-1252 text read as
/// Latin-1 leaves behind, the character Windows-1252 meant (`\u{92}` → `’`).
fn replacement(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => Some(c),
        '\u{0}'..='\u{1f}' | '\u{7f}' => None,
        '\u{80}'..='\u{9f}' => windows_1252(c),
        '\u{fdd0}'..='\u{fdef}' => None,
        c if (c as u32) & 0xfffe == 0xfffe => None,
        c => Some(c),
    }
}

/// The Windows-1252 character of a C1 control's byte, where it has one.
fn windows_1252(c: char) -> Option<char> {
    const TABLE: [Option<char>; 32] = [
        Some('€'),
        None,
        Some('‚'),
        Some('ƒ'),
        Some('„'),
        Some('…'),
        Some('†'),
        Some('‡'),
        Some('ˆ'),
        Some('‰'),
        Some('Š'),
        Some('‹'),
        Some('Œ'),
        None,
        Some('Ž'),
        None,
        None,
        Some('‘'),
        Some('’'),
        Some('“'),
        Some('”'),
        Some('•'),
        Some('–'),
        Some('—'),
        Some('˜'),
        Some('™'),
        Some('š'),
        Some('›'),
        Some('œ'),
        None,
        Some('ž'),
        Some('Ÿ'),
    ];
    TABLE.get((c as usize).wrapping_sub(0x80)).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_newlines() {
        assert_eq!(
            normalize("a\r\nb\rc\u{b}d\u{c}e\u{2028}f\u{2029}g"),
            "a\nb\nc\nd\ne\nf\ng"
        );
        assert_eq!(normalize("a\r\r\nb"), "a\n\nb");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(
            normalize("a\u{0}b\u{1}c\u{1b}d\u{7f}e\u{ffff}f\u{fffe}g\u{1fffe}h"),
            "abcdefgh"
        );
        assert_eq!(normalize("l\u{92}IA \u{96} \u{81}x"), "l’IA – x");
        assert_eq!(normalize("tab\tok é ü 😀"), "tab\tok é ü 😀");
        assert!(matches!(normalize("plain text\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_values() {
        assert_eq!(one_line("Un\u{b}titre\r\n en deux\u{1}"), "Un titre en deux");
    }
}
