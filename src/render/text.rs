//! Plain text to HTML: every character escaped, URLs made links, the
//! language's typography applied to the words (never to the URLs).

use crate::config::Lang;
use crate::render::typography::typography;
use crate::urls::{find_urls, href};

/// Escapes the five characters that matter in HTML text and attributes.
pub fn escape(text: &str) -> String {
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

/// Plain text as HTML with links and typography.
pub fn text_html(text: &str, lang: Lang) -> String {
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
}
