//! The column a plain-text body was hard-wrapped at, if it was: read from
//! its typical line width (not the widest), leaving out the lines that say
//! nothing of it (a URL alone, a reference, a rule, code, a line ending
//! before a URL that could not fit). Linear, but for one sort.

use crate::parse::lines::{first_word, Line, Shape};

/// Lines wider than this (URLs aside) are paragraphs on one line.
const ONE_LINE_MIN: usize = 110;
/// Lines indented this far are code, or its like: not measured.
const CODE_INDENT: usize = 6;
/// Narrowest wrap column believed.
const NARROWEST: usize = 40;

/// The width of `text` with each URL counted as one character: what a
/// wrapper could not have broken does not make a line long.
pub fn effective_width(text: &str) -> usize {
    text.split(' ')
        .map(|w| if w.contains("://") { 1 } else { w.chars().count() })
        .sum::<usize>()
        + text.matches(' ').count()
}

/// The column the body was wrapped at, or `None` when it holds one
/// paragraph a line. Wrapped when the lines that continue into the next
/// are nearly all close to one width and could not take the next word; in
/// a body of one paragraph a line, the lines followed by another are
/// titles, headlines and paragraphs of every length.
pub fn wrap_width(lines: &[Line<'_>]) -> Option<usize> {
    // The lines that continue into a line of text (the wrapped ones, if
    // any), with the first word of the next.
    let continued: Vec<(usize, usize)> = lines
        .windows(2)
        .filter(|w| is_measured(&w[0]) && is_measured(&w[1]) && w[0].shape != Shape::Rule('-'))
        .filter(|w| matches!(w[1].shape, Shape::Text | Shape::Quote) && !w[1].text.is_empty())
        .map(|w| (w[0].width(), first_word(w[1].text)))
        .filter(|&(n, _)| n <= ONE_LINE_MIN)
        .collect();
    if continued.len() < 3 {
        return None;
    }
    let mut sorted: Vec<usize> = continued.iter().map(|&(n, _)| n).collect();
    sorted.sort_unstable();
    // A high quantile, not the widest: a greedy wrapper at width W breaks
    // a line only when the next word would pass W.
    let width = sorted[sorted.len() * 3 / 4];
    if width < NARROWEST {
        return None;
    }
    // Lines near the width; the others are titles, headlines, greetings,
    // which both layouts have.
    let full: Vec<&(usize, usize)> = continued
        .iter()
        .filter(|&&(n, _)| n * 4 >= width * 3 && n <= width + 8)
        .collect();
    // A wrapped line could not take the next word: one paragraph a line
    // of short paragraphs often could.
    let greedy = full.iter().filter(|&&&(n, next)| n + 1 + next > width).count();
    let has_blank_lines = lines.iter().any(|l| l.shape == Shape::Blank);
    let needed = if has_blank_lines { 0.6 } else { 0.85 };
    (full.len() >= 3
        && full.len() as f64 >= needed * continued.len() as f64
        && greedy * 10 >= full.len() * 8
        && (has_blank_lines || continued.len() >= 10))
        .then_some(width)
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
        let lines: Vec<Line<'_>> = body.lines().enumerate().map(|(i, l)| read(i + 1, l)).collect();
        wrap_width(&lines)
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
    fn urls_do_not_widen_a_line() {
        assert_eq!(effective_width("see https://x.org/a/b/c now"), 9);
    }
}
