//! The first pass over a plain-text body: its lines (see `lines`) grouped
//! into blocks: paragraphs and heading candidates, list items with their
//! continuation lines, quotes, code, tables, reference definitions. Works
//! in both layouts: hard-wrapped lines are joined only where the block
//! reads as wrapped at the body's typical width (see `width`). Linear.

use crate::parse::lines::{first_word, read, Line, Shape};
use crate::parse::width::{effective_width, layout, Layout};

/// Longest line that an underline makes a heading.
const UNDERLINED_MAX_CHARS: usize = 100;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    /// A paragraph, a heading candidate or a label.
    Text,
    /// A list item (without its bullet); `depth` 0 for the outermost.
    Item { depth: usize },
    /// `> ` lines: their text, paragraphs separated by `\n`.
    Quote,
    /// Lines indented by four more than their context, kept as written.
    Code,
    /// `a | b | c` rows, one a line.
    Table,
    /// `[2]: https://…`: `text` is the line.
    Reference,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub kind: BlockKind,
    /// The text, hard-wrapped lines joined with a space.
    pub text: String,
    /// For an item: its text with its bullet, as written (empty for
    /// other blocks).
    pub marked: String,
    /// 1-based line in the file where the block starts.
    pub line: usize,
    /// Underlined with `===`/`---`, or framed by `===` lines: a heading.
    pub underlined: bool,
    /// Indented under a list item: part of that item's content.
    pub nested: bool,
    /// For nested text: how many levels down the open list items the
    /// item it belongs to stands (0: the outermost).
    pub owner: usize,
}

impl Block {
    fn new(kind: BlockKind, line: &Line<'_>) -> Block {
        Block {
            kind,
            text: line.text.to_string(),
            marked: match kind {
                BlockKind::Item { .. } => line.raw.trim_start().to_string(),
                _ => String::new(),
            },
            line: line.number,
            underlined: false,
            nested: false,
            owner: 0,
        }
    }
}

/// The blocks of `lines` (`(line number, text)` pairs), in order, and the
/// layout they were read in.
pub(super) fn blocks(lines: &[(usize, &str)]) -> (Vec<Block>, Layout) {
    let lines: Vec<Line<'_>> = lines.iter().map(|&(n, raw)| read(n, raw)).collect();
    let layout = layout(&lines);
    let width = layout.width();
    let mut out: Vec<Block> = Vec::new();
    // The columns the content of the open list items starts at, outermost
    // first: text indented to an outer item after a nested list is still
    // that item's.
    let mut open_items: Vec<usize> = Vec::new();
    let mut after_blank = true;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if !matches!(line.shape, Shape::Blank | Shape::Bullet) {
            close_items(&mut open_items, line.indent);
        }
        let list = open_items.last().copied();
        let context = list.unwrap_or(0);
        let start = out.len();
        i = match line.shape {
            Shape::Blank => {
                after_blank = true;
                i + 1
            }
            Shape::Rule(c) => {
                let next = rule(&lines, i, &mut out, after_blank);
                after_blank = c != '=' && c != '-' || next > i + 1;
                next
            }
            Shape::Text | Shape::Row | Shape::Reference
                if line.indent >= context + 4 && (after_blank || list.is_some() || indented_past(&lines, i)) =>
            {
                code(&lines, i, context + 4, &mut out)
            }
            Shape::Quote => quote(&lines, i, width, &mut out),
            Shape::Row if lines.get(i + 1).is_some_and(|l| l.shape == Shape::Row) => table(&lines, i, &mut out),
            Shape::Reference => {
                out.push(Block::new(BlockKind::Reference, line));
                i + 1
            }
            Shape::Bullet => {
                let depth = line.indent / 2;
                close_items(&mut open_items, line.indent);
                open_items.push(line.content_indent);
                paragraph(&lines, i, width, BlockKind::Item { depth }, &mut out)
            }
            Shape::Row | Shape::Text => paragraph(&lines, i, width, BlockKind::Text, &mut out),
        };
        if out.len() > start {
            after_blank = false;
            let nested = !open_items.is_empty() && line.shape != Shape::Bullet && line.indent > 0;
            let owner = open_items.len().saturating_sub(1);
            for block in &mut out[start..] {
                block.nested = nested;
                block.owner = owner;
            }
        }
    }
    (out, layout)
}

/// Closes the open list items whose content starts past `indent`.
fn close_items(open_items: &mut Vec<usize>, indent: usize) {
    while open_items.last().is_some_and(|&column| indent < column) {
        open_items.pop();
    }
}

/// Line `i` is indented four columns or more past the line above it.
fn indented_past(lines: &[Line<'_>], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| lines.get(p))
        .is_some_and(|above| above.shape != Shape::Blank && above.indent + 4 <= lines[i].indent)
}

/// A rule: the underline of the heading above it, a banner's frame
/// (`===` / title / `===`), or a break. The index of the next line.
fn rule(lines: &[Line<'_>], i: usize, out: &mut Vec<Block>, after_blank: bool) -> usize {
    let Shape::Rule(c) = lines[i].shape else {
        return i + 1;
    };
    let underline = matches!(c, '=' | '-');
    let above = out
        .last_mut()
        .filter(|b| b.kind == BlockKind::Text && !after_blank && b.text.chars().count() <= UNDERLINED_MAX_CHARS);
    if let (true, Some(heading)) = (underline, above) {
        // Only a heading of one line is underlined.
        if heading.line + 1 == lines[i].number {
            heading.underlined = true;
            return i + 1;
        }
    }
    // `===` / Title / `===`: the title framed.
    if let (true, Some(title), Some(frame)) = (underline, lines.get(i + 1), lines.get(i + 2)) {
        if title.shape == Shape::Text && frame.shape == Shape::Rule(c) {
            let mut block = Block::new(BlockKind::Text, title);
            block.underlined = true;
            out.push(block);
            return i + 3;
        }
    }
    i + 1
}

/// A paragraph or a list item, from line `i`: the following lines that
/// continue it are joined. The index of the next line.
fn paragraph(lines: &[Line<'_>], i: usize, width: Option<usize>, kind: BlockKind, out: &mut Vec<Block>) -> usize {
    let mut block = Block::new(kind, &lines[i]);
    let mut j = i + 1;
    while let Some(next) = lines.get(j) {
        if !continues(&lines[j - 1], next, width) {
            break;
        }
        // A word cut by a hyphen at the end of the line stays whole.
        let marked = matches!(kind, BlockKind::Item { .. });
        for text in [Some(&mut block.text), marked.then_some(&mut block.marked)]
            .into_iter()
            .flatten()
        {
            if !text.ends_with('-') || text.ends_with(" -") {
                text.push(' ');
            }
            text.push_str(next.text);
        }
        j += 1;
    }
    out.push(block);
    j
}

/// Whether `next` continues the paragraph whose last line is `previous`:
/// only in a body wrapped at `width`, when `previous` reads as wrapped
/// there (the next word would not have fitted) or either is a URL that
/// no wrapper can break.
fn continues(previous: &Line<'_>, next: &Line<'_>, width: Option<usize>) -> bool {
    let Some(width) = width else {
        return false;
    };
    if !matches!(next.shape, Shape::Text | Shape::Row) || matches!(previous.shape, Shape::Blank | Shape::Rule(_)) {
        return false;
    }
    if effective_width(previous.text) > width + 8 {
        // A line longer than the wrap: a paragraph of its own.
        return false;
    }
    previous.is_url_only() || next.is_url_only() || previous.width() + 1 + first_word(next.text) > width
}

/// `> ` lines from line `i`: one quote block, its wrapped lines joined,
/// its paragraphs on lines of their own.
fn quote(lines: &[Line<'_>], i: usize, width: Option<usize>, out: &mut Vec<Block>) -> usize {
    let mut block = Block::new(BlockKind::Quote, &lines[i]);
    let mut j = i + 1;
    while let Some(next) = lines.get(j).filter(|l| l.shape == Shape::Quote) {
        let previous = &lines[j - 1];
        let wrapped = width.is_some_and(|w| {
            !next.text.is_empty()
                && !previous.text.is_empty()
                && effective_width(previous.text) <= w + 8
                && (previous.width() + 1 + first_word(next.text) > w || next.is_url_only() || previous.is_url_only())
        });
        let separator = if wrapped { ' ' } else { '\n' };
        if !next.text.is_empty() {
            if !block.text.is_empty() {
                block.text.push(separator);
            }
            block.text.push_str(next.text);
        }
        j += 1;
    }
    out.push(block);
    j
}

/// Rows `a | b` from line `i`: one table, a row a line.
fn table(lines: &[Line<'_>], i: usize, out: &mut Vec<Block>) -> usize {
    let mut block = Block::new(BlockKind::Table, &lines[i]);
    let mut j = i + 1;
    while let Some(next) = lines.get(j).filter(|l| l.shape == Shape::Row) {
        block.text.push('\n');
        block.text.push_str(next.text);
        j += 1;
    }
    out.push(block);
    j
}

/// Lines indented by `indent` columns or more from line `i` (blank lines
/// between them included): code, kept line by line without that indent.
fn code(lines: &[Line<'_>], i: usize, indent: usize, out: &mut Vec<Block>) -> usize {
    let mut block = Block::new(BlockKind::Code, &lines[i]);
    block.text = strip_columns(lines[i].raw, indent).to_string();
    let mut end = i + 1;
    let mut j = i + 1;
    while let Some(next) = lines.get(j) {
        if next.shape == Shape::Blank {
            j += 1;
            continue;
        }
        if next.indent < indent {
            break;
        }
        for blank in &lines[end..j] {
            block.text.push('\n');
            block.text.push_str(strip_columns(blank.raw, indent));
        }
        block.text.push('\n');
        block.text.push_str(strip_columns(next.raw, indent));
        j += 1;
        end = j;
    }
    out.push(block);
    end
}

/// `raw` without its first `columns` columns of indentation.
fn strip_columns(raw: &str, columns: usize) -> &str {
    let mut seen = 0;
    for (at, c) in raw.char_indices() {
        if seen >= columns || !c.is_whitespace() {
            return &raw[at..];
        }
        seen += if c == '\t' { 4 } else { 1 };
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::width::tests::wrap;

    fn read_blocks(body: &str) -> Vec<Block> {
        let lines: Vec<(usize, &str)> = body.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        blocks(&lines).0
    }

    fn kinds(body: &str) -> Vec<(BlockKind, String)> {
        read_blocks(body).into_iter().map(|b| (b.kind, b.text)).collect()
    }

    const FIRST: &str = "A first line of a paragraph that goes on until the edge of the column and carries on the next line, then once again until the end of the paragraph that stops here.";
    const SECOND: &str = "Another paragraph that also spans several lines, so that the width is read right by the function that reads it, line after line, until it ends.";

    /// A title and two paragraphs wrapped at 60 columns.
    fn wrapped() -> String {
        format!("A title\n\n{}\n{}", wrap(FIRST, 60), wrap(SECOND, 60))
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        let blocks = kinds(&wrapped());
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        assert!(blocks[1].1.ends_with("stops here."));
    }

    #[test]
    fn one_paragraph_a_line_is_kept() {
        let body = "Title\nHeadline here\nA paragraph that is long enough to be one, and ends with a period.\n- item";
        assert_eq!(kinds(body).len(), 4);
    }

    #[test]
    fn items_keep_their_continuation_and_depth() {
        let body = format!("{}\n- An item that is long enough to be cut in two by the mail client\n  (https://example.com/a-long-address-that-no-wrapper-breaks)\n  - A nested item\n", wrapped());
        let blocks = read_blocks(&body);
        let items: Vec<&Block> = blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Item { .. }))
            .collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].text.ends_with("breaks)"));
        assert_eq!(items[0].marked.chars().next(), Some('-'));
        assert_eq!(items[1].kind, BlockKind::Item { depth: 1 });
    }

    #[test]
    fn text_indented_to_an_item_after_its_nested_list_is_that_items() {
        let body = "- An item\n  - A nested item\n    Its own text.\n  The outer item's text again.\nNot in the list.";
        let shape: Vec<(bool, usize)> = read_blocks(body).iter().map(|b| (b.nested, b.owner)).collect();
        assert_eq!(shape, [(false, 0), (false, 1), (true, 1), (true, 0), (false, 0)]);
    }

    #[test]
    fn quotes_code_and_tables_are_blocks() {
        let body = "Intro line\n\n> Quoted once\n> and twice.\n\n    let x = 1;\n\n      x + 1\n\nName | Role\n---|---\nAda | Engineer\n";
        let blocks = kinds(body);
        assert_eq!(blocks[1].0, BlockKind::Quote);
        assert_eq!(blocks[2], (BlockKind::Code, "let x = 1;\n\n  x + 1".to_string()));
        assert_eq!(
            blocks[3],
            (BlockKind::Table, "Name | Role\n---|---\nAda | Engineer".to_string())
        );
    }

    #[test]
    fn code_under_an_item_is_indented_past_its_text() {
        let body =
            "* A discussion\n  Its text, said in a paragraph under the item.\n      git commit\n  And more text.";
        let blocks = read_blocks(body);
        let shape: Vec<(BlockKind, bool)> = blocks.iter().map(|b| (b.kind, b.nested)).collect();
        assert_eq!(
            shape,
            [
                (BlockKind::Item { depth: 0 }, false),
                (BlockKind::Text, true),
                (BlockKind::Code, true),
                (BlockKind::Text, true)
            ]
        );
    }

    #[test]
    fn underlines_and_banners_make_headings() {
        let body = "==========\nThe Title\n==========\n\nA heading\n---------\nText.";
        let blocks = read_blocks(body);
        assert_eq!(blocks.len(), 3);
        assert!(blocks[0].underlined && blocks[1].underlined && !blocks[2].underlined);
        assert_eq!(blocks[0].text, "The Title");
        // A rule after a blank line is a break, not an underline.
        assert!(!read_blocks("Text\n\n-----\nMore")[0].underlined);
    }

    #[test]
    fn references_are_apart() {
        let blocks = kinds("Announced [1] today\n\n[1]: https://x.org/a");
        assert_eq!(blocks[1].0, BlockKind::Reference);
    }

    #[test]
    fn a_long_line_in_a_wrapped_body_is_its_own_paragraph() {
        let long =
            "A paragraph written on one line, in a body that is otherwise wrapped, which goes well past the column.";
        let body = format!("{}\n{long}\nNext paragraph.\n", wrapped());
        let blocks = kinds(&body);
        assert_eq!(blocks[3].1, long, "{blocks:#?}");
        assert_eq!(blocks[4].1, "Next paragraph.");
    }

    #[test]
    fn many_lines_stay_fast() {
        let body = "- item\n".repeat(20_000) + &")".repeat(1_000_000);
        assert_eq!(read_blocks(&body).len(), 20_001);
    }
}
