//! One line of a plain-text body, read alone: its indentation, quote
//! marker, bullet, and whether it is a rule, a table row, a reference
//! definition or a URL alone. The first step of `blocks`; pure and linear.

use crate::parse::layout::bullet_text;

/// Columns a tab stands for in indentation.
const TAB: usize = 4;

/// What a line is, read alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Blank,
    /// `***`, `---`, `===`: a visual break, or an underline.
    Rule(char),
    /// `> text`: a quoted line (its text without the marker).
    Quote,
    /// `- text`, `• text`: a list item (its text without the bullet).
    Bullet,
    /// `[2]: https://…` or `[2] https://…`.
    Reference,
    /// `a | b | c`, or its `---|---` separator.
    Row,
    Text,
}

/// A line of the body, with what it is and its text without markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line<'a> {
    /// 1-based line in the file.
    pub number: usize,
    pub shape: Shape,
    /// Columns of indentation before the text (or before the marker).
    pub indent: usize,
    /// Columns where the text starts (after indentation and marker).
    pub content_indent: usize,
    /// The text, without indentation, marker or trailing spaces.
    pub text: &'a str,
    /// The line as written, without its trailing spaces.
    pub raw: &'a str,
}

impl Line<'_> {
    /// Width in characters, measured after indentation and markers.
    pub(super) fn width(&self) -> usize {
        self.text.chars().count()
    }

    /// A URL (possibly in `<…>` or `(…)`, with trailing punctuation) alone.
    pub(super) fn is_url_only(&self) -> bool {
        is_url_only(self.text)
    }
}

/// Reads one line (`number`: its line in the file).
pub(super) fn read(number: usize, raw: &str) -> Line<'_> {
    let raw = raw.trim_end();
    let trimmed = raw.trim_start();
    let indent = columns(&raw[..raw.len() - trimmed.len()]);
    let line = |shape, text| Line {
        number,
        shape,
        indent,
        content_indent: indent + columns_of_marker(trimmed, text),
        text,
        raw,
    };
    if trimmed.is_empty() {
        return line(Shape::Blank, "");
    }
    if let Some(c) = rule_char(trimmed) {
        return line(Shape::Rule(c), trimmed);
    }
    if let Some(rest) = trimmed.strip_prefix('>') {
        // `>> ` nested quotes read as one quote.
        let rest = rest.trim_start_matches('>');
        let text = rest.strip_prefix(' ').unwrap_or(rest).trim_start();
        return line(Shape::Quote, text);
    }
    if let Some(text) = bullet_text(trimmed) {
        return line(Shape::Bullet, text);
    }
    if is_reference(trimmed) {
        return line(Shape::Reference, trimmed);
    }
    if is_row(trimmed) {
        return line(Shape::Row, trimmed);
    }
    line(Shape::Text, trimmed)
}

/// Columns of leading whitespace (a tab counts `TAB`).
fn columns(space: &str) -> usize {
    space.chars().map(|c| if c == '\t' { TAB } else { 1 }).sum()
}

/// Columns the marker takes between `trimmed`'s start and `text`.
fn columns_of_marker(trimmed: &str, text: &str) -> usize {
    let offset = (text.as_ptr() as usize).saturating_sub(trimmed.as_ptr() as usize);
    trimmed.get(..offset).map_or(0, |m| m.chars().count())
}

/// The character of a rule (`---`, `===`, `***`, `• • •`), if the line is one.
fn rule_char(text: &str) -> Option<char> {
    let first = text.chars().next()?;
    let rule = text
        .chars()
        .all(|c| matches!(c, '-' | '*' | '=' | '_' | '~' | '•' | '·' | '#' | ' '))
        && text.chars().count() >= 3;
    rule.then_some(first)
}

/// `[2]: https://x`, `[2] https://x`: a numbered reference and its URL.
pub(super) fn reference(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let label = &inner[..close];
    let rest = inner[close + 1..].strip_prefix(':').unwrap_or(&inner[close + 1..]);
    let url = rest.trim();
    let numbered = !label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit());
    (numbered && rest.starts_with([' ', '\t']) && is_url_only(url)).then_some((label, url))
}

fn is_reference(text: &str) -> bool {
    reference(text).is_some()
}

/// `a | b | c` (two cells or more), or a separator row `---|---`.
fn is_row(text: &str) -> bool {
    let separator = text.contains('|') && text.chars().all(|c| matches!(c, '-' | ':' | '|' | '+' | ' '));
    separator || (text.contains(" | ") && !text.starts_with("http"))
}

/// A URL alone on its line, possibly in `<…>`, `(…)` or followed by punctuation.
pub(super) fn is_url_only(text: &str) -> bool {
    let text = text
        .trim()
        .trim_start_matches(['<', '(', '['])
        .trim_end_matches(['>', ')', ']', '.', ',', ';', ':']);
    !text.is_empty()
        && !text.contains(char::is_whitespace)
        && (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
}

/// The first word of a line's text, in characters.
pub(super) fn first_word(text: &str) -> usize {
    text.split_whitespace().next().map_or(0, |w| w.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(read(1, "").shape, Shape::Blank);
        assert_eq!(read(1, "=====").shape, Shape::Rule('='));
        assert_eq!(read(1, "  > quoted text").text, "quoted text");
        assert_eq!(read(1, "  > quoted text").shape, Shape::Quote);
        let item = read(1, "  - an item");
        assert_eq!(
            (item.shape, item.indent, item.content_indent, item.text),
            (Shape::Bullet, 2, 4, "an item")
        );
        assert_eq!(read(1, "[2]: https://x.org/a").shape, Shape::Reference);
        assert_eq!(read(1, "  [12] <https://x.org/a>").shape, Shape::Reference);
        assert_eq!(read(1, "[2] is not a reference").shape, Shape::Text);
        assert_eq!(read(1, "Name | Role | Since").shape, Shape::Row);
        assert_eq!(read(1, "---|---").shape, Shape::Row);
        assert_eq!(read(1, "|---|---|").shape, Shape::Row);
        assert_eq!(read(1, "\tcode").indent, 4);
        assert_eq!(read(1, "Plain text.").shape, Shape::Text);
    }

    #[test]
    fn urls_alone() {
        assert!(is_url_only("<https://x.org/a>,"));
        assert!(is_url_only("(https://x.org/a)"));
        assert!(!is_url_only("see https://x.org/a"));
    }
}
