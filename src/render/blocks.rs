//! The blocks of a plain-text or HTML issue that are not prose, as HTML: a
//! quote (`blockquote`), code (`pre`), a list (`ul`, nested), a table, an
//! image (`figure`); and the `[2]` references of a paragraph as links.
//! Every text escaped, every address checked.

use std::collections::HashMap;

use crate::config::Lang;
use crate::model::{BlockKind, Item, Paragraph};
use crate::parse::sanitize::safe_url;
use crate::render::text::{escape, text_html};

/// Deepest list rendered nested; deeper items are rendered at that depth.
const DEEPEST: usize = 8;

/// The HTML of a paragraph that is a block (quote, code, list, table,
/// image), or `None` for prose (and for an image without a safe address,
/// whose alt text is then shown as prose).
pub(super) fn block_html(p: &Paragraph, lang: Lang) -> Option<String> {
    let html = match p.kind? {
        BlockKind::Quote => {
            let paragraphs: Vec<String> = p
                .text
                .lines()
                .map(|l| format!("<p>{}</p>", text_html(l, lang)))
                .collect();
            format!("<blockquote>{}</blockquote>", paragraphs.join(""))
        }
        BlockKind::Code => format!("<pre><code>{}</code></pre>", escape(&p.text)),
        BlockKind::List => {
            let mut html = String::new();
            push_list(&mut html, &p.items, lang, 0);
            html
        }
        BlockKind::Table => table_html(&p.text, lang),
        BlockKind::Image => {
            let src = p.src.as_deref().and_then(safe_url)?;
            format!(
                "<figure><img src=\"{}\" alt=\"{}\" loading=\"lazy\"></figure>",
                escape(&src),
                escape(&p.text)
            )
        }
    };
    Some(html)
}

/// `items` as a `ul`, nested items inside their item.
fn push_list(html: &mut String, items: &[Item], lang: Lang, depth: usize) {
    html.push_str("<ul>");
    for item in items {
        html.push_str("<li>");
        match &item.link {
            Some(url) => {
                html.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(url),
                    text_html(&item.text, lang)
                ));
            }
            None => html.push_str(&text_html(&item.text, lang)),
        }
        for paragraph in item.blurb.iter().flat_map(|b| b.lines()) {
            html.push_str(&format!("<p>{}</p>", text_html(paragraph, lang)));
        }
        if !item.items.is_empty() && depth < DEEPEST {
            push_list(html, &item.items, lang, depth + 1);
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
}

/// Rows `a | b | c` as a table; a `---|---` row under the first makes it
/// the header.
fn table_html(text: &str, lang: Lang) -> String {
    let rows: Vec<&str> = text.lines().collect();
    let header = rows.get(1).is_some_and(|r| is_separator_row(r));
    let mut html = String::from("<table>");
    for (i, row) in rows.iter().enumerate() {
        if header && i == 1 {
            continue;
        }
        let cell = if header && i == 0 { "th" } else { "td" };
        html.push_str("<tr>");
        for text in cells(row) {
            html.push_str(&format!("<{cell}>{}</{cell}>", text_html(text, lang)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

/// The cells of a table row, trimmed, without its outer pipes.
fn cells(text: &str) -> Vec<&str> {
    let inner = text.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// A row of only dashes, colons and pipes: the line under a table's header.
fn is_separator_row(text: &str) -> bool {
    text.contains('-') && text.chars().all(|c| matches!(c, '-' | ':' | '|' | '+' | ' '))
}

/// Prose as HTML, each `[2]` whose reference is known (`p.items`) a
/// link; one pass over the HTML.
pub(super) fn cited_html(p: &Paragraph, lang: Lang) -> Option<String> {
    if p.kind.is_some() || p.items.is_empty() {
        return None;
    }
    let links: HashMap<&str, &str> = p
        .items
        .iter()
        .filter_map(|i| Some((i.text.as_str(), i.link.as_deref()?)))
        .collect();
    let html = text_html(&p.text, lang);
    let mut out = String::with_capacity(html.len() + 64 * links.len());
    let mut rest = html.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let label = rest.find(']').map(|close| &rest[..=close]).filter(|l| l.len() <= 6);
        if let Some((label, url)) = label.and_then(|l| Some((l, links.get(l)?))) {
            out.push_str(&format!("<a href=\"{}\">{label}</a>", escape(url)));
            rest = &rest[label.len()..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str, items: Vec<Item>) -> Paragraph {
        Paragraph {
            kind: Some(kind),
            items,
            ..Paragraph::plain(text)
        }
    }

    fn item(text: &str, link: Option<&str>, items: Vec<Item>) -> Item {
        Item {
            text: text.to_string(),
            link: link.map(str::to_string),
            blurb: None,
            items,
        }
    }

    #[test]
    fn blocks_render_escaped() {
        let quote = block(BlockKind::Quote, "<b>said</b>\nagain", vec![]);
        assert_eq!(
            block_html(&quote, Lang::En).as_deref(),
            Some("<blockquote><p>&lt;b&gt;said&lt;/b&gt;</p><p>again</p></blockquote>")
        );
        let code = block(BlockKind::Code, "a < b", vec![]);
        assert_eq!(
            block_html(&code, Lang::En).as_deref(),
            Some("<pre><code>a &lt; b</code></pre>")
        );
        let table = block(BlockKind::Table, "A | B\n---|---\n1 | <2>", vec![]);
        assert_eq!(
            block_html(&table, Lang::En).as_deref(),
            Some("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>&lt;2&gt;</td></tr></table>")
        );
        assert_eq!(block_html(&Paragraph::plain("prose"), Lang::En), None);
    }

    #[test]
    fn images_are_figures_of_safe_addresses() {
        let image = |src: &str| Paragraph {
            src: Some(src.to_string()),
            ..block(BlockKind::Image, "A \"chart\" <b>", vec![])
        };
        assert_eq!(
            block_html(&image("https://x.org/a.png?w=1&h=2"), Lang::En).as_deref(),
            Some("<figure><img src=\"https://x.org/a.png?w=1&amp;h=2\" alt=\"A &quot;chart&quot; &lt;b&gt;\" loading=\"lazy\"></figure>")
        );
        assert_eq!(block_html(&image("javascript:alert(1)"), Lang::En), None);
    }

    #[test]
    fn lists_nest_and_link() {
        let list = block(
            BlockKind::List,
            "",
            vec![item("One", Some("https://x.org/\"a"), vec![item("Two", None, vec![])])],
        );
        assert_eq!(
            block_html(&list, Lang::En).as_deref(),
            Some("<ul><li><a href=\"https://x.org/&quot;a\">One</a><ul><li>Two</li></ul></li></ul>")
        );
    }

    #[test]
    fn references_become_links() {
        let p = Paragraph {
            items: vec![item("[2]", Some("https://x.org/a"), vec![])],
            ..Paragraph::plain("announced [2] today")
        };
        assert_eq!(
            cited_html(&p, Lang::En).as_deref(),
            Some("announced <a href=\"https://x.org/a\">[2]</a> today")
        );
    }
}
