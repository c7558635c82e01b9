//! What comes from outside, made safe before the model holds it. A URL
//! becomes a link or an image only when it is http, https, mailto or
//! relative, read as a browser reads it (entities and percent-encoding
//! decoded, case, tabs and leading control characters ignored); a
//! protocol-relative `//host/x` becomes `https://host/x`. Any HTML from
//! outside goes through `sanitize_html` (ammonia, an allow-list of what a
//! newsletter needs, the same URL rule).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// The schemes a link or an image may have.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The tags kept in HTML from outside; others are dropped, their content
/// kept (but for `script` and `style`, dropped whole).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The attributes kept, by tag (besides `lang` and `title` on any tag).
const ATTRIBUTES: [(&str, &[&str]); 9] = [
    ("a", &["href"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "align", "style"]),
    ("th", &["colspan", "rowspan", "align", "style", "scope"]),
    ("ol", &["start", "reversed", "type"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("blockquote", &["cite"]),
    // Footnote definitions of Markdown are the targets of their references.
    ("div", &["id"]),
];

/// Classes kept: those of Markdown's footnotes.
const CLASSES: [(&str, &[&str]); 2] = [
    ("sup", &["footnote-reference", "footnote-definition-label"]),
    ("div", &["footnote-definition"]),
];

/// The URL to link to, or `None` when it must not become a link or an
/// image (`javascript:`, `data:`, `vbscript:`, any other scheme, however
/// written). Relative URLs (`/x`, `x.html`, `#frag`, `?q`) are kept.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let written = url.trim_matches(|c: char| c <= ' ');
    let read = as_browser_reads(written);
    let slashes = read.chars().take_while(|c| matches!(c, '/' | '\\')).count();
    if slashes >= 2 {
        // Another host: https, and only when plainly written `//host`.
        let plain = slashes == 2 && written.starts_with("//") && !written[2..].starts_with(['/', '\\']);
        return plain.then(|| format!("https:{written}"));
    }
    let head = &read[..read.find(['/', '?', '#']).unwrap_or(read.len())];
    match head.find(':') {
        Some(colon) => SCHEMES
            .contains(&head[..colon].to_ascii_lowercase().as_str())
            .then(|| written.to_string()),
        // An entity left undecoded could hide a colon.
        None if head.contains('&') => None,
        None => Some(written.to_string()),
    }
}

/// The URL as a browser reads it, enough to tell its scheme: character
/// references and percent-encoding decoded (a few rounds, for double
/// encoding), tabs and newlines removed, leading controls and spaces gone.
fn as_browser_reads(url: &str) -> String {
    let mut read = url.to_string();
    for _ in 0..3 {
        let decoded = decode_percent(&decode_references(&read));
        if decoded == read {
            break;
        }
        read = decoded;
    }
    read.retain(|c| !matches!(c, '\t' | '\n' | '\r'));
    read.trim_start_matches(|c: char| c <= ' ').to_string()
}

fn decode_percent(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Numeric character references (`&#106;`, `&#x6A`, with or without `;`)
/// and the named ones that can spell a scheme's end.
fn decode_references(text: &str) -> String {
    const NAMED: [(&str, char); 6] = [
        ("&colon;", ':'),
        ("&Tab;", '\t'),
        ("&NewLine;", '\n'),
        ("&sol;", '/'),
        ("&quest;", '?'),
        ("&num;", '#'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((name, c)) = NAMED.iter().find(|(name, _)| rest.starts_with(name)) {
            out.push(*c);
            rest = &rest[name.len()..];
        } else if let Some((c, len)) = numeric_reference(rest) {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `&#…` at the start of `text`: the character and the length read.
fn numeric_reference(text: &str) -> Option<(char, usize)> {
    let body = text.strip_prefix("&#")?;
    let (radix, digits_at) = match body.as_bytes().first() {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let digits = text[digits_at..]
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(text.len() - digits_at);
    if digits == 0 {
        return None;
    }
    let value = u32::from_str_radix(&text[digits_at..digits_at + digits], radix).ok();
    let c = value.and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let end = digits_at + digits;
    let len = if text[end..].starts_with(';') { end + 1 } else { end };
    Some((c, len))
}

/// Sanitises HTML that comes from outside (raw HTML of a Markdown issue,
/// later HTML emails): only the tags and attributes a newsletter needs,
/// links and images only to safe URLs, no scripts, styles or handlers.
pub(crate) fn sanitize_html(html: &str) -> String {
    let attributes: HashMap<&str, HashSet<&str>> = ATTRIBUTES
        .iter()
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect();
    let classes: HashMap<&str, HashSet<&str>> = CLASSES
        .iter()
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect();
    Builder::empty()
        .add_tags(TAGS)
        .tag_attributes(attributes)
        .generic_attributes(HashSet::from(["lang", "title"]))
        .allowed_classes(classes)
        .filter_style_properties(HashSet::from(["text-align"]))
        .url_schemes(SCHEMES.into_iter().collect())
        .url_relative(UrlRelative::PassThrough)
        .attribute_filter(|_, attribute, value| match attribute {
            "href" | "src" | "cite" => safe_url(value).map(Cow::Owned),
            _ => Some(Cow::Borrowed(value)),
        })
        .clean(html)
        .to_string()
}

/// Tags that do not separate words (`x<sup>2</sup>`, `<a>lien</a>,`).
const INLINE: [&str; 19] = [
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span", "strong",
    "sub", "sup", "u",
];

/// The text a reader sees in HTML that `sanitize_html` gave: tags
/// dropped (a block's edge is a space), the serialiser's entities decoded,
/// white space collapsed.
pub(crate) fn visible_text(sanitized: &str) -> String {
    let mut text = String::with_capacity(sanitized.len());
    let mut rest = sanitized;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |at| open + at + 1);
        let name = rest[open + 1..close]
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default();
        if !INLINE.contains(&name) {
            text.push(' ');
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    let text = text
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{safe_url, sanitize_html, visible_text};

    #[test]
    fn only_http_https_mailto_and_relative_urls() {
        for url in [
            "https://x.org/a?b=1#c",
            "http://x.org",
            "HTTPS://X.ORG",
            "mailto:a@x.org",
            "/issues/x/",
            "x.html",
            "#frag",
            "?q=1",
            "a/b:c",
            "",
        ] {
            assert_eq!(safe_url(url).as_deref(), Some(url), "{url}");
        }
        assert_eq!(safe_url("  https://x.org ").as_deref(), Some("https://x.org"));
        assert_eq!(
            safe_url("//cdn.x.org/a.png").as_deref(),
            Some("https://cdn.x.org/a.png")
        );
    }

    #[test]
    fn dangerous_urls_however_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " javascript:alert(1)",
            "\u{1}\u{8}javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#0000106&#0000097vascript:alert(1)",
            "javascript&colon;alert(1)",
            "&#38;#106;avascript:alert(1)",
            "%6Aavascript:alert(1)",
            "javascript%3Aalert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "a&amp;b:c",
            "///evil.org",
            "/\\evil.org",
            "\\\\evil.org",
            "/%2F/evil.org",
        ] {
            assert_eq!(safe_url(url), None, "{url:?}");
        }
    }

    #[test]
    fn html_keeps_what_a_newsletter_needs() {
        let html = "<figure><img src=\"https://x.org/a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>\
                    <table><thead><tr><th style=\"text-align: right\">H</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\
                    <h3>T</h3><ul><li><a href=\"https://x.org\">L</a></li></ul><blockquote><p><em>e</em> <strong>s</strong></p></blockquote>\
                    <pre><code>c</code></pre><p>x<sup>2</sup> H<sub>2</sub>O<br></p><hr>";
        let clean = sanitize_html(html);
        for kept in [
            "<figure>",
            "<img src=\"https://x.org/a.png\" alt=\"A\">",
            "<figcaption>",
            "<th style=\"text-align:right\">",
            "<td>",
            "<h3>",
            "<li><a href=\"https://x.org\"",
            "<blockquote>",
            "<em>",
            "<strong>",
            "<pre><code>",
            "<sup>",
            "<sub>",
            "<br>",
            "<hr>",
        ] {
            assert!(clean.contains(kept), "{kept} not in {clean}");
        }
    }

    #[test]
    fn html_loses_scripts_handlers_and_bad_urls() {
        let html = "<script>alert(1)</script><style>p{}</style><p onclick=\"alert(1)\" style=\"position:fixed\">t</p>\
                    <a href=\"javascript:alert(1)\">a</a><a href=\"&#106;avascript:alert(1)\">b</a>\
                    <img src=\"data:image/png;base64,AA\" alt=\"alt\"><iframe src=\"https://x.org\"></iframe>\
                    <a href=\"//x.org/p\">c</a><svg><a href=\"javascript:alert(1)\">d</a></svg>";
        let clean = sanitize_html(html);
        for gone in [
            "script",
            "alert",
            "style",
            "onclick",
            "data:",
            "iframe",
            "svg",
            "javascript",
        ] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        for kept in [
            "<p>t</p>",
            ">a</a>",
            ">b</a>",
            "alt=\"alt\"",
            "href=\"https://x.org/p\"",
        ] {
            assert!(clean.contains(kept), "{kept} not in {clean}");
        }
        assert_eq!(visible_text(&clean), "t ab c");
        let table = sanitize_html("<table><tr><td>A &amp; B</td><td>x<sup>2</sup> &lt;y&gt;</td></tr></table>");
        assert_eq!(visible_text(&table), "A & B x2 <y>");
    }
}
