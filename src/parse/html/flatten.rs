//! An HTML email flattened into the lines of a plain-text issue: one line
//! per block (heading, paragraph, list item, table cell, quote), a blank
//! line between blocks, as a mail client writes plain text. Layout tables
//! become their cells in order; hidden text, chrome links and the footer
//! are left out (`chrome`). One pass over html5ever's tokens, linear in the
//! size of the HTML: no tree is built.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

use crate::parse::html::chrome::{
    attr, is_chrome_link, is_footer_line, is_hidden, is_invisible_image, is_social, is_unsubscribe, without_merge_tags,
};
use crate::parse::sanitize::safe_url;

/// Elements whose text is never shown.
const UNSEEN: &[&str] = &[
    "head", "style", "script", "title", "noscript", "template", "svg", "object", "iframe",
];

/// Elements that end one line and start another.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "hr",
    "br",
    "body",
    "main",
    "aside",
    "figure",
    "figcaption",
    "address",
    "nav",
];

/// Elements without an end tag: never on the stack.
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source", "embed", "track", "param",
];

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

/// An open link: where its text starts in the line, and its target.
struct OpenLink {
    href: String,
    start: usize,
    /// Text of its own, not only an image's alt text.
    has_text: bool,
}

#[derive(Default)]
struct State {
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
}

/// The token sink: the state behind a `RefCell` (html5ever's sinks take `&self`).
#[derive(Default)]
pub struct Flattener {
    state: RefCell<State>,
}

impl Flattener {
    /// The lines found and the `<title>` text.
    pub fn finish(self) -> (Vec<String>, String) {
        let mut state = self.state.into_inner();
        state.end_line();
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
        if BLOCKS.contains(&name) {
            self.end_line();
        }
        match name {
            "img" => self.image(tag),
            "li" if self.unseen == 0 => self.line.push_str("– "),
            "a" => {
                self.link = Some(OpenLink {
                    href: attr(tag, "href").unwrap_or_default().trim().to_string(),
                    start: self.line.len(),
                    has_text: false,
                })
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
        if let Some(at) = at {
            for open in self.stack.drain(at..) {
                if let Some(n) = self.open_count.get_mut(&open.name) {
                    *n -= 1;
                }
                self.unseen -= usize::from(open.unseen);
            }
        }
        if BLOCKS.contains(&name) {
            self.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.push_str(text);
        }
        if self.ended || self.unseen > 0 {
            return;
        }
        if let Some(link) = &mut self.link {
            link.has_text |= text.chars().any(|c| !c.is_whitespace());
        }
        // HTML collapses ASCII white space only (a no-break space stays).
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with([' ', '\u{a0}']) && !self.line.ends_with("– ") {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }

    /// Images are not part of the plain-text model: a pixel or spacer is
    /// dropped, any other image leaves its alt text when it stands in a
    /// link (an icon is then recognised by its link).
    fn image(&mut self, tag: &Tag) {
        if self.unseen > 0 || is_invisible_image(tag) || self.link.is_none() {
            return;
        }
        let alt = attr(tag, "alt").unwrap_or_default().trim();
        if !alt.is_empty() && safe_url(attr(tag, "src").unwrap_or_default()).is_some() {
            let had_text = self.link.as_ref().is_some_and(|l| l.has_text);
            self.text(alt);
            if let Some(link) = &mut self.link {
                link.has_text = had_text;
            }
        }
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
        self.lines.push(line.to_string());
    }
}

/// A link to keep: to another site or an address (`mailto:`), not a
/// fragment or a path of the email's own.
fn is_absolute(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:")
}

/// `https://host` or `https://host/`: a site's home page.
fn is_home_page(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(_, rest)| !rest.trim_end_matches('/').contains(['/', '?', '#']))
}
