//! HTML issues (`.html`, and the HTML part of an email): the HTML is read
//! with html5ever's tokenizer and flattened into the lines of a plain-text
//! issue (`flatten`), the email's chrome left out (`chrome`), so that the
//! plain-text parser finds the same headlines, lead-ins, further reading,
//! teasers and credits as in a `.txt` issue of the same text, and the
//! same quotes, code, lists and data tables (`tables`); the content's
//! images are kept (`images`).

mod chrome;
mod elements;
mod flatten;
mod images;
mod tables;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};

use crate::labels::Labels;
use crate::parse::html::flatten::Flattener;
use crate::parse::{chars, plaintext, Body};

/// An HTML document as plain text, and its `<title>`.
pub(super) struct Flat {
    pub text: String,
    pub title: String,
}

/// Parses the body of an HTML issue (`first_line`: the line of the file
/// it starts at; `titled`: the front matter's title, if any): its
/// `<title>` is the issue's title when the text gives none.
pub(super) fn parse(html: &str, first_line: usize, labels: &Labels, titled: Option<&str>) -> Body {
    let flat = to_text(html);
    let mut body = plaintext::parse(&flat.text, first_line, labels, titled);
    if body.title.is_none() && !flat.title.is_empty() {
        body.title = Some((chars::one_line(&flat.title), first_line));
    }
    images::restore(&mut body);
    body
}

/// Flattens `html` into plain-text lines, a blank line between blocks.
pub(super) fn to_text(html: &str) -> Flat {
    let tokenizer = Tokenizer::new(Flattener::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let (lines, title) = tokenizer.sink.finish();
    Flat {
        text: lines.join("\n\n"),
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn blocks_become_lines_and_chrome_goes() {
        let html = r#"<html><head><title>T</title><style>p { color: red }</style></head><body>
            <div style="display: none">Preheader text</div>
            <p><a href="https://x.example/web">View in browser</a></p>
            <table><tr><td><h1>Title</h1></td></tr>
            <tr><td><p><strong>Lead</strong> – the text &amp; more</p>
            <ul><li><a href="https://a.example/1">One</a></li><li>Two</li></ul>
            <img src="https://t.example/open.gif" width="1" height="1" alt="">
            <a href="https://twitter.com/x"><img src="https://x.example/t.png" alt="Twitter"></a>
            </td></tr></table>
            <table><tr><td><p>Acme, 1 rue X, Paris</p><p><a href="https://x.example/u">Unsubscribe</a></p></td></tr></table>
            </body></html>"#;
        let flat = to_text(html);
        assert_eq!(flat.title, "T");
        assert_eq!(
            flat.text,
            "Title\n\nLead – the text & more\n\n– One <https://a.example/1>\n\n– Two"
        );
    }

    #[test]
    fn merge_tags_preview_and_copyright_footer_go() {
        let html = r#"<title>*|MC:SUBJECT|*</title><body><p id="preview">Preview</p>
            <p><a href="*|ARCHIVE|*">View this email in your browser</a></p>
            <h1>News</h1><p>Text with a <a href="https://twitter.com/someone/status/1">tweet</a>.</p>
            <table><tr><td><p>*|IF:LIST|* Copyright © *|CURRENT_YEAR|* Acme, All rights reserved.</p>
            <p>*|LIST:DESCRIPTION|*</p></td></tr>
            <tr><td><a href="*|UNSUB|*">unsubscribe from this list</a></td></tr></table></body>"#;
        let flat = to_text(html);
        assert_eq!(flat.title, "");
        assert_eq!(
            flat.text,
            "News\n\nText with a tweet <https://twitter.com/someone/status/1>."
        );
    }

    #[test]
    fn unclosed_elements_and_stray_end_tags_stay_linear() {
        // Quadratic if each stray end tag searched the open elements.
        let html = format!("{}<p>Text</p>{}", "<div>".repeat(200_000), "</span>".repeat(200_000));
        assert_eq!(to_text(&html).text, "Text");
        // Quadratic if each item were indented as deep as it is nested.
        let html = "<ul><li>Item".repeat(5_000);
        assert!(to_text(&html).text.len() < 5_000 * 32);
    }

    #[test]
    fn blocks_keep_the_shape_the_plain_text_reads() {
        let html = r#"<img src="https://x.example/logo.png" alt="Masthead"><h1>Title</h1>
            <table><tr><th>Name</th><th>Share</th></tr><tr><td>Ada</td><td>51%</td></tr>
            <tr><td><a href="https://b.example/">Bob</a></td><td>49%</td></tr></table>
            <blockquote><p>Said once.</p><p>Said twice.</p></blockquote>
            <pre>
fn main() {
    let x = 1 &lt; 2;

}</pre>
            <ul><li><a href="https://a.example/1">One</a><ul><li>Two</li></ul></li><li><p>Three</p><p>Its text.</p></li></ul>
            <img src="https://x.example/chart.png" alt="A chart" width="600">
            <p>End.</p>"#;
        // The image under the list is indented past its items' text: the
        // plain-text parser leaves the list there.
        let mark = super::images::MARK;
        assert_eq!(
            to_text(html).text,
            format!(
                "Title\n\n| Name | Share |\n|---|---|\n| Ada | 51% |\n| Bob <https://b.example/> | 49% |\n\n\
                 > Said once.\n> Said twice.\n\n    fn main() {{\n        let x = 1 < 2;\n\n    }}\n\n\
                 – One <https://a.example/1>\n\n  – Two\n\n– Three\n\n  Its text.\n\n{}{mark}\
                 https://x.example/chart.png A chart\n\nEnd.",
                " ".repeat(6)
            )
        );
    }

    #[test]
    fn the_masthead_linking_home_is_not_the_title() {
        let html = r#"<h1><a href="https://weekly.example/">Weekly</a></h1><p>Issue <a href="https://weekly.example/4">4</a></p><h2>A story</h2>"#;
        assert_eq!(to_text(html).text, "Issue 4\n\nA story");
    }
}
