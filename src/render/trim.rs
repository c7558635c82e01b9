//! Fewer bytes for the same page: the whitespace a template leaves after
//! each line break (indentation, blank lines) is dropped from HTML pages,
//! keeping the line break, which a browser shows the same. Never inside a
//! tag, nor in `pre`, `textarea`, `script` or `style`, where it counts.

/// Elements whose content keeps its whitespace, with their closing tags.
const RAW: [(&str, &str); 4] = [
    ("<pre", "</pre"),
    ("<textarea", "</textarea"),
    ("<script", "</script"),
    ("<style", "</style"),
];

/// `html` with every run of whitespace that starts with a line break
/// reduced to that line break, outside tags and raw elements.
pub(super) fn trim_html(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    // `html[copied..i]` is still to copy.
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let mut end = i + 1;
                while end < bytes.len() && matches!(bytes[end], b' ' | b'\t' | b'\r' | b'\n') {
                    end += 1;
                }
                if end > i + 1 {
                    out.push_str(&html[copied..=i]);
                    copied = end;
                }
                i = end;
            }
            b'<' => i = after_tag(html, i),
            _ => i += 1,
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Where to go on from the tag opening at `at`: past its `>`, and past the
/// content of a raw element up to its closing tag.
fn after_tag(html: &str, at: usize) -> usize {
    let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
    let rest = &html.as_bytes()[at..];
    for (open, close) in RAW {
        let named = rest.len() > open.len()
            && rest[..open.len()].eq_ignore_ascii_case(open.as_bytes())
            && matches!(rest[open.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/');
        if named {
            return find_ignoring_case(html, end, close).unwrap_or(html.len());
        }
    }
    end
}

/// The first place from `from` where `needle` (lowercase ASCII) stands, in any case.
fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let needle = needle.as_bytes();
    (from..bytes.len().saturating_sub(needle.len() - 1))
        .find(|&i| bytes[i] == b'<' && bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::trim_html;

    #[test]
    fn drops_indentation_and_blank_lines_keeping_the_break() {
        let html = "<ul>\n  <li>a</li>\n\n   <li>b <a href=\"x\">c</a>\n  d</li>\n</ul>\n";
        assert_eq!(
            trim_html(html),
            "<ul>\n<li>a</li>\n<li>b <a href=\"x\">c</a>\nd</li>\n</ul>\n"
        );
    }

    #[test]
    fn keeps_spaces_without_a_line_break() {
        let html = "<p>a  b</p> <p>c</p>";
        assert_eq!(trim_html(html), html);
    }

    #[test]
    fn leaves_raw_elements_and_tags_alone() {
        let html = "<div>\n  <PRE class=\"x\">\n  code\n\n    more</PRE>\n  <textarea>\n  t</textarea>\n  <script>\n  s</script>\n  <p title=\"a\n   b\">\n  x</p><preview>\n  y</preview>";
        let want = "<div>\n<PRE class=\"x\">\n  code\n\n    more</PRE>\n<textarea>\n  t</textarea>\n<script>\n  s</script>\n<p title=\"a\n   b\">\nx</p><preview>\ny</preview>";
        assert_eq!(trim_html(html), want);
    }

    #[test]
    fn an_unclosed_raw_element_keeps_the_rest() {
        assert_eq!(trim_html("<pre>\n  a\n  b"), "<pre>\n  a\n  b");
        assert_eq!(trim_html("a\n  <"), "a\n<");
    }
}
