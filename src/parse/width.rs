//! The column a plain-text body was hard-wrapped at, if it was: read from
//! its typical line width (not the widest), leaving out the lines that say
//! nothing of it (a URL alone, a reference, a rule, code). Linear, but
//! for one sort.

use crate::parse::lines::{first_word, Line, Shape};

/// Lines wider than this (URLs aside) are paragraphs on one line.
const ONE_LINE_MIN: usize = 110;
/// Lines indented this far are code, or its like: not measured.
const CODE_INDENT: usize = 6;
/// Lines near one width, in a body not found wrapped, that make its
/// layout doubtful.
const UNDECIDED_MIN: usize = 6;
/// Narrowest wrap column believed.
const NARROWEST: usize = 40;

/// The width of `text` with each URL counted as one character: what a
/// wrapper could not have broken does not make a line long.
pub(super) fn effective_width(text: &str) -> usize {
    text.split(' ')
        .map(|w| if w.contains("://") { 1 } else { w.chars().count() })
        .sum::<usize>()
        + text.matches(' ').count()
}

/// How a body is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// One paragraph, item or headline a line.
    OneParagraphALine,
    /// Hard-wrapped at this column.
    Wrapped(usize),
    /// Many lines near one width, but not wrapped as a mail client wraps:
    /// read as one paragraph a line; `line` is the first of them.
    Undecided { line: usize },
}

impl Layout {
    /// The wrap column, if the body is wrapped.
    pub(super) fn width(self) -> Option<usize> {
        match self {
            Layout::Wrapped(width) => Some(width),
            _ => None,
        }
    }
}

/// How the body is laid out. Wrapped when the lines that continue into
/// the next are nearly all close to one width and could not take the next
/// word; in a body of one paragraph a line, the lines followed by another
/// are titles, headlines and paragraphs of every length.
pub(super) fn layout(lines: &[Line<'_>]) -> Layout {
    // The lines that continue into a line of text (the wrapped ones, if
    // any): their width, the first word of the next, their line.
    let continued: Vec<(usize, usize, usize)> = lines
        .windows(2)
        .filter(|w| is_measured(&w[0]) && is_measured(&w[1]) && w[0].shape != Shape::Rule('-'))
        .filter(|w| matches!(w[1].shape, Shape::Text | Shape::Quote) && !w[1].text.is_empty())
        .map(|w| (w[0].width(), first_word(w[1].text), w[0].number))
        .filter(|&(n, _, _)| n <= ONE_LINE_MIN)
        .collect();
    if continued.len() < 3 {
        return Layout::OneParagraphALine;
    }
    let mut sorted: Vec<usize> = continued.iter().map(|&(n, _, _)| n).collect();
    sorted.sort_unstable();
    // A high quantile, not the widest: a greedy wrapper at width W breaks
    // a line only when the next word would pass W.
    let width = sorted[sorted.len() * 3 / 4];
    if width < NARROWEST {
        return Layout::OneParagraphALine;
    }
    // Lines near the width; the others are titles, headlines, greetings,
    // which both layouts have.
    let full: Vec<&(usize, usize, usize)> = continued
        .iter()
        .filter(|&&(n, _, _)| n * 4 >= width * 3 && n <= width + 8)
        .collect();
    // A wrapped line could not take the next word: one paragraph a line
    // of short paragraphs often could.
    let greedy = full.iter().filter(|&&&(n, next, _)| n + 1 + next > width).count();
    let has_blank_lines = lines.iter().any(|l| l.shape == Shape::Blank);
    let needed = if has_blank_lines { 0.6 } else { 0.85 };
    let wrapped = full.len() >= 3
        && full.len() as f64 >= needed * continued.len() as f64
        && greedy * 10 >= full.len() * 8
        && (has_blank_lines || continued.len() >= 10);
    let doubtful = has_blank_lines && full.len() >= UNDECIDED_MIN && full.len() * 10 >= continued.len() * 4;
    match (wrapped, doubtful, full.first()) {
        (true, _, _) => Layout::Wrapped(width),
        (false, true, Some(&&(_, _, line))) => Layout::Undecided { line },
        _ => Layout::OneParagraphALine,
    }
}

/// A line that tells the wrap column: text (of a paragraph, an item, a
/// quote) that is not a URL alone.
fn is_measured(line: &Line<'_>) -> bool {
    matches!(line.shape, Shape::Text | Shape::Bullet | Shape::Quote | Shape::Row)
        && !line.text.is_empty()
        && !line.is_url_only()
        && line.indent < CODE_INDENT
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::parse::lines::read;

    fn width_of(body: &str) -> Option<usize> {
        layout_of(body).width()
    }

    fn layout_of(body: &str) -> Layout {
        let lines: Vec<Line<'_>> = body.lines().enumerate().map(|(i, l)| read(i + 1, l)).collect();
        layout(&lines)
    }

    /// `text` wrapped at `width` as a mail client does.
    pub(crate) fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out + &line + "\n"
    }

    const TEXT: &str = "Every week the editors read what was written about the language and its tools, pick the best of it, and send it to the readers who asked for it, with a word on each piece and where to find it, so that nobody has to read everything to know what matters.";

    #[test]
    fn the_typical_width_not_the_widest() {
        let url = "https://example.com/a/very/long/address/that/no/mail/client/would/ever/break/in/two/parts";
        let body = format!("Title\n\n{}\n{url}\n\n{}", wrap(TEXT, 72), wrap(TEXT, 72));
        assert_eq!(width_of(&body).map(|w| w > 60 && w <= 72), Some(true));
    }

    #[test]
    fn one_paragraph_a_line_has_none() {
        let body = format!("Title\n{TEXT}\nA headline\n{TEXT}\nAnother one\n{TEXT}\n");
        assert_eq!(width_of(&body), None);
    }

    #[test]
    fn lines_of_one_width_that_do_not_wrap_are_doubtful() {
        // Wrapped by hand at every comma: near one width, but each line
        // could have taken the next word.
        let long = "A line of words that goes on a while and stops there, so";
        let short = "So a shorter line of words, broken by hand";
        let para = format!("{long}\n{short}\n").repeat(4);
        let body = format!("Title\n\n{para}\nMore.\n");
        assert_eq!(layout_of(&body), Layout::Undecided { line: 3 });
    }

    #[test]
    fn urls_do_not_widen_a_line() {
        assert_eq!(effective_width("see https://x.org/a/b/c now"), 9);
    }
}
