//! An HTML email flattened into the lines of a plain-text issue: one line
//! per block (heading, paragraph, list item, table cell), a blank line
//! between blocks, as a mail client writes plain text. Layout tables
//! become their cells in order; a data table becomes rows `| a | b |`
//! (`tables`), a quote `> ` lines, `pre` indented code, a nested list
//! indented items, a content image a marked line (`images`): what the
//! plain-text parser reads as those blocks. Hidden text, chrome links and
//! images and the footer are left out (`chrome`). One pass over
//! html5ever's tokens, linear in the size of the HTML: no tree is built.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

use crate::parse::html::chrome::{
    attr, is_chrome_link, is_decorative_image, is_footer_line, is_hidden, is_home_page, is_invisible_image, is_social,
    is_unsubscribe, without_merge_tags,
};
use crate::parse::html::elements::{BLOCKS, UNSEEN, VOID};
use crate::parse::html::images::{self, MARK};
use crate::parse::html::tables::Table;
use crate::parse::sanitize::safe_url;

/// Deepest list item indented as nested; deeper ones stand at that depth
/// (the plain-text parser nests six deep; a wider indent costs memory
/// line by line).
const DEEPEST_ITEM: usize = 8;

/// How many lines the footer may hold above its unsubscribe link
/// (address, copyright, "you received this because…").
const FOOTER_LINES: usize = 6;

/// An open element.
struct Open {
    name: String,
    /// Its text is not shown (hidden, `<style>`…).
    unseen: bool,
    /// How many lines were finished when it opened.
    first_line: usize,
}

/// An open list item: how deep it stands (1 for the outermost) and
/// whether its first line, the one that takes the bullet, was written.
struct OpenItem {
    depth: usize,
    bulleted: bool,
}

/// An open link: where its text starts in the line, and its target.
struct OpenLink {
    href: String,
    start: usize,
    /// Text of its own, not only an image's alt text.
    has_text: bool,
    /// The first image of the content in it: its address and alt text.
    image: Option<(String, String)>,
}

#[derive(Default)]
struct State {
    /// The blocks finished, each of one line or of several (a table's
    /// rows, a quote's paragraphs, code).
    lines: Vec<String>,
    line: String,
    /// The line holds a chrome link: it is dropped whole.
    line_is_chrome: bool,
    stack: Vec<Open>,
    /// How many elements of each name are open: an end tag never opened
    /// is ignored without a search of the stack (which keeps the pass
    /// linear when thousands of elements are left unclosed).
    open_count: HashMap<String, usize>,
    unseen: usize,
    link: Option<OpenLink>,
    /// The footer was reached: nothing after it is content.
    ended: bool,
    title: String,
    in_title: bool,
    /// Lists (`ul`, `ol`) open.
    lists: usize,
    items: Vec<OpenItem>,
    /// Quotes open, and how many were opened: the one a line is in.
    quotes: usize,
    quotes_seen: usize,
    /// The last block is a quote's lines: of the quote numbered so.
    last_quote: Option<usize>,
    /// `pre` open; the text of the outermost, as written.
    pres: usize,
    pre: Option<String>,
    /// Tables open, the innermost last.
    tables: Vec<Table>,
    /// The column the text of the list item the last block belongs to
    /// starts at (0 out of a list): code and images below it are
    /// indented past it.
    item_column: usize,
}

/// The token sink: the state behind a `RefCell` (html5ever's sinks take `&self`).
#[derive(Default)]
pub(super) struct Flattener {
    state: RefCell<State>,
}

impl Flattener {
    /// The lines found and the `<title>` text.
    pub(super) fn finish(self) -> (Vec<String>, String) {
        let mut state = self.state.into_inner();
        state.end_line();
        // Elements left open close at the end (a table, a `pre`).
        while let Some(open) = state.stack.pop() {
            if !state.ended {
                state.close(&open.name);
            }
        }
        (state.lines, without_merge_tags(&state.title).trim().to_string())
    }
}

impl TokenSink for Flattener {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return state.start(&tag),
                TagKind::EndTag => state.end(&tag.name),
            },
            Token::CharacterTokens(text) => state.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl State {
    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let raw = match name {
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
            "script" => Some(RawKind::ScriptData),
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        if name == "title" {
            self.in_title = true;
        }
        if self.ended {
            return raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData);
        }
        if BLOCKS.contains(&name) && self.pres == 0 {
            self.end_line();
        }
        match name {
            "img" => self.image(tag),
            "br" => self.pre.iter_mut().for_each(|pre| pre.push('\n')),
            "a" => {
                self.link = Some(OpenLink {
                    href: attr(tag, "href").unwrap_or_default().trim().to_string(),
                    start: self.line.len(),
                    has_text: false,
                    image: None,
                });
            }
            _ => {}
        }
        if !VOID.contains(&name) && !tag.self_closing {
            let unseen = UNSEEN.contains(&name) || is_hidden(tag);
            self.unseen += usize::from(unseen);
            *self.open_count.entry(name.to_string()).or_insert(0) += 1;
            self.stack.push(Open {
                name: name.to_string(),
                unseen,
                first_line: self.lines.len(),
            });
            self.open(tag);
        }
        raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData)
    }

    fn end(&mut self, name: &str) {
        if name == "title" {
            self.in_title = false;
        }
        if self.ended {
            return;
        }
        if name == "a" {
            self.end_link();
        }
        // Close up to the matching element; an end tag never opened is ignored.
        let is_open = self.open_count.get(name).is_some_and(|&n| n > 0);
        let at = if is_open {
            self.stack.iter().rposition(|o| o.name == name)
        } else {
            None
        };
        if BLOCKS.contains(&name) && (self.pres == 0 || name == "pre") {
            self.end_line();
        }
        if let Some(at) = at {
            let closed: Vec<Open> = self.stack.drain(at..).collect();
            for open in closed.iter().rev() {
                if let Some(n) = self.open_count.get_mut(&open.name) {
                    *n -= 1;
                }
                self.unseen -= usize::from(open.unseen);
                self.close(&open.name);
            }
        }
    }

    /// An element opened (and pushed on the stack): what it starts.
    fn open(&mut self, tag: &Tag) {
        let line = self.lines.len();
        match &*tag.name {
            "ul" | "ol" => self.lists += 1,
            "li" => self.items.push(OpenItem {
                depth: self.lists.clamp(1, DEEPEST_ITEM),
                bulleted: false,
            }),
            "blockquote" => {
                self.quotes += 1;
                self.quotes_seen += 1;
            }
            "pre" => {
                self.pres += 1;
                if self.pres == 1 && self.unseen == 0 {
                    self.pre = Some(String::new());
                }
            }
            "table" => {
                if let Some(outer) = self.tables.last_mut() {
                    outer.holds_table();
                }
                let layout = attr(tag, "role").is_some_and(|r| r.eq_ignore_ascii_case("presentation"));
                self.tables.push(Table::new(line, layout));
            }
            "tr" => self.tables.last_mut().iter_mut().for_each(|t| t.row(line)),
            "td" | "th" => {
                let header = &*tag.name == "th";
                self.tables.last_mut().iter_mut().for_each(|t| t.cell(line, header));
            }
            _ => {}
        }
    }

    /// An element closed (taken off the stack): what it ends.
    fn close(&mut self, name: &str) {
        let line = self.lines.len();
        match name {
            "ul" | "ol" => self.lists = self.lists.saturating_sub(1),
            "li" => {
                self.items.pop();
            }
            "blockquote" => self.quotes = self.quotes.saturating_sub(1),
            "pre" => {
                self.pres = self.pres.saturating_sub(1);
                if self.pres == 0 {
                    if let Some(text) = self.pre.take() {
                        self.push_code(&text);
                    }
                }
            }
            "table" => {
                let Some(mut table) = self.tables.pop() else { return };
                if table.first_line > line {
                    return;
                }
                if let Some(rows) = table.data_rows(&self.lines) {
                    self.lines.truncate(table.first_line);
                    self.push(rows);
                }
            }
            "tr" | "td" | "th" => self.tables.last_mut().iter_mut().for_each(|t| t.end_cell(line)),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.push_str(text);
        }
        if self.ended || self.unseen > 0 {
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.extend(text.chars().filter(|&c| c != MARK));
            return;
        }
        if let Some(link) = &mut self.link {
            link.has_text |= text.chars().any(|c| !c.is_whitespace());
        }
        // HTML collapses ASCII white space only (a no-break space stays).
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with([' ', '\u{a0}']) {
                    self.line.push(' ');
                }
            } else if c != MARK {
                self.line.push(c);
            }
        }
    }

    /// A pixel or a spacer is dropped; an image of the content (not the
    /// masthead's, above the first line, nor an icon, a logo or a button)
    /// becomes a block of its own. In a link, it leaves its alt text as
    /// the link's text (an icon or a button is then recognised by its
    /// link), and becomes a block when the link ends, if it is content.
    fn image(&mut self, tag: &Tag) {
        if self.unseen > 0 || is_invisible_image(tag) {
            return;
        }
        let alt = attr(tag, "alt").unwrap_or_default().trim();
        let content = self.content_src(tag).map(|src| (src, alt.replace(MARK, "")));
        let Some(link) = &mut self.link else {
            if let Some((src, alt)) = content {
                self.end_line();
                let line = images::line(&src, &alt, self.item_column + 4);
                self.push(line);
            }
            return;
        };
        if link.image.is_none() {
            link.image = content;
        }
        if !alt.is_empty() && safe_url(attr(tag, "src").unwrap_or_default()).is_some() {
            let had_text = self.link.as_ref().is_some_and(|l| l.has_text);
            self.text(alt);
            if let Some(link) = &mut self.link {
                link.has_text = had_text;
            }
        }
    }

    /// The address of an image of the content, `None` for the masthead's
    /// (above the first line), an icon, a logo, a button.
    fn content_src(&self, tag: &Tag) -> Option<String> {
        if self.lines.is_empty() || self.pre.is_some() || is_decorative_image(tag) {
            return None;
        }
        safe_url(attr(tag, "src").unwrap_or_default()).filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    }

    fn end_link(&mut self) {
        let Some(link) = self.link.take() else { return };
        let start = link.start.min(self.line.len());
        let text = self.line[start..].trim().to_string();
        if is_unsubscribe(&text, &link.href) {
            self.footer();
        } else if is_chrome_link(&text, &link.href) {
            self.line_is_chrome = true;
        } else if is_social(&link.href) && !link.has_text {
            self.line.truncate(start);
        } else if self.lines.is_empty() && start == 0 && is_home_page(&link.href) {
            // The masthead: the newsletter's name linking to its home
            // page, above the issue's own title.
            self.line.clear();
        } else if self.lines.is_empty() {
            // The first line is the issue's title: plain text.
        } else if let (Some((src, alt)), false) = (&link.image, link.has_text) {
            // A link around an image of the content alone: the image (its
            // target, often the image itself, is not kept).
            self.line.truncate(start);
            self.end_line();
            let line = images::line(src, alt, self.item_column + 4);
            self.push(line);
        } else if let Some(url) = safe_url(&link.href).filter(|u| is_absolute(u) && *u != text) {
            if !text.is_empty() {
                self.line.push_str(" <");
                self.line.push_str(&url);
                self.line.push('>');
            }
        }
    }

    /// The unsubscribe link: its line, the few lines of its box above it
    /// (address, copyright: the outermost cell, row or table around it
    /// that holds at most `FOOTER_LINES` lines and not the first) and
    /// everything after are the footer.
    fn footer(&mut self) {
        let done = self.lines.len();
        let keep = self
            .stack
            .iter()
            .rev()
            .filter(|o| matches!(o.name.as_str(), "td" | "tr" | "table" | "footer"))
            .map(|o| o.first_line)
            .take_while(|first| *first > 0 && done - first <= FOOTER_LINES)
            .last()
            .unwrap_or(done);
        self.lines.truncate(keep);
        self.line.clear();
        self.ended = true;
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let chrome = std::mem::take(&mut self.line_is_chrome);
        if let Some(link) = &mut self.link {
            link.start = 0;
        }
        let line = without_merge_tags(&line);
        // A `>` opening a line of HTML is a decoration, not the quote
        // marker the plain-text parser would take it for.
        let line = line.trim().trim_start_matches('>').trim_end_matches('|').trim();
        if is_footer_line(line) {
            self.footer();
            return;
        }
        if chrome || line.is_empty() || line == "–" || line.chars().all(|c| !c.is_alphanumeric()) {
            return;
        }
        if self.quotes > 0 {
            self.push_quoted(line);
            return;
        }
        let line = if let Some(item) = self.items.last_mut() {
            let column = 2 * item.depth;
            let marker = match std::mem::replace(&mut item.bulleted, true) {
                // Text under the item's first line: indented to it.
                true => " ".repeat(column),
                false => format!("{}– ", " ".repeat(column - 2)),
            };
            self.item_column = column;
            format!("{marker}{line}")
        } else {
            self.item_column = 0;
            line.to_string()
        };
        self.lines.push(line);
        self.last_quote = None;
    }

    /// A block that is not a line of text (a table, code, an image).
    fn push(&mut self, block: String) {
        self.lines.push(block);
        self.last_quote = None;
    }

    /// A line of a quote: `> line`, under the quote's lines above.
    fn push_quoted(&mut self, line: &str) {
        let quote = Some(self.quotes_seen);
        match self.lines.last_mut() {
            Some(last) if self.last_quote == quote => {
                last.push_str("\n> ");
                last.push_str(line);
            }
            _ => self.lines.push(format!("> {line}")),
        }
        self.last_quote = quote;
        self.item_column = 0;
    }

    /// The text of a `pre`, as code: its lines kept as written, indented
    /// past the list item above, if any.
    fn push_code(&mut self, text: &str) {
        // HTML drops a line break right after `<pre>`.
        let text = text.strip_prefix('\n').unwrap_or(text);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
            return;
        };
        let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
        let indent = " ".repeat(self.item_column + 4);
        let code: Vec<String> = lines[first..=last]
            .iter()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{indent}{l}")
                }
            })
            .collect();
        self.push(code.join("\n"));
    }
}

/// A link to keep: to another site or an address (`mailto:`), not a
/// fragment or a path of the email's own.
fn is_absolute(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:")
}
