//! Finding URLs in plain text, so that they become links: `https://…`,
//! `http://…` and `www.…`, without the punctuation that closes a sentence.

use std::ops::Range;

/// Byte ranges of the URLs in `text`, in order.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = next_start(text, from) {
        let rest = &text[start..];
        let mut end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”' | '«' | '»'))
            .unwrap_or(rest.len());
        // Trailing punctuation belongs to the sentence; a closing bracket
        // only to the URL when the URL opened one.
        loop {
            let url = &rest[..end];
            let Some(last) = url.chars().last() else {
                break;
            };
            let unbalanced =
                |open: char, close: char| last == close && url.matches(open).count() < url.matches(close).count();
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '*' | '_')
                || unbalanced('(', ')')
                || unbalanced('[', ']')
            {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let scheme_only = rest[..end].ends_with("://") || &rest[..end] == "www.";
        if end > 0 && !scheme_only {
            found.push(start..start + end);
        }
        from = start + end.max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    found
}

fn next_start(text: &str, from: usize) -> Option<usize> {
    let hay = &text[from..];
    ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| {
            hay.match_indices(p).map(|(i, _)| from + i).find(|&i| {
                text[..i]
                    .chars()
                    .last()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.')
            })
        })
        .min()
}

/// The address to link to: `www.x.org` needs a scheme.
pub fn href(url: &str) -> String {
    if url.starts_with("www.") {
        format!("https://{url}")
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn urls_without_sentence_punctuation() {
        assert_eq!(
            urls("Voir https://example.com/a. Et www.b.org, puis (https://c.io/x)."),
            ["https://example.com/a", "www.b.org", "https://c.io/x"]
        );
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar) ok"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(urls("Title <https://x.org/p?q=1&r=2>"), ["https://x.org/p?q=1&r=2"]);
        assert!(urls("no links, just http:// alone").is_empty());
    }
}
