//! Finding URLs in plain text, so that they become links: `https://…`,
//! `http://…` and `www.…`, without the punctuation that closes a sentence.

use std::ops::Range;

/// Byte ranges of the URLs in `text`, in order. Linear in the length of
/// `text`: each URL start is searched for once, and the brackets of a URL
/// are counted once, then kept up to date as its end is trimmed.
pub(crate) fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut starts = Starts::new(text);
    let mut from = 0;
    while let Some(start) = starts.next_from(from) {
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”' | '«' | '»'))
            .unwrap_or(rest.len());
        let end = trim_url_end(&rest[..end]);
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

/// The length of `url` without the punctuation that closes a sentence; a
/// closing bracket belongs to the URL only when the URL opened one.
fn trim_url_end(url: &str) -> usize {
    let count = |c: char| url.matches(c).count();
    let (mut parens, mut squares) = (
        count('(') as isize - count(')') as isize,
        count('[') as isize - count(']') as isize,
    );
    let mut end = url.len();
    while let Some(last) = url[..end].chars().next_back() {
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '*' | '_' => true,
            ')' if parens < 0 => {
                parens += 1;
                true
            }
            ']' if squares < 0 => {
                squares += 1;
                true
            }
            _ => false,
        };
        if !strip {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// Where URLs may start (`https://`, `http://`, `www.` not inside a word),
/// found in one pass: the next start of each prefix is kept until passed.
struct Starts<'a> {
    text: &'a str,
    /// For each prefix, where its search resumes and the start found there.
    next: [(usize, Option<usize>); 3],
}

const URL_PREFIXES: [&str; 3] = ["https://", "http://", "www."];

impl<'a> Starts<'a> {
    fn new(text: &'a str) -> Self {
        Starts {
            text,
            next: [(0, None); 3],
        }
    }

    /// The first start at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let text = self.text;
        for (prefix, (searched, next)) in URL_PREFIXES.iter().zip(self.next.iter_mut()) {
            if next.is_some_and(|at| at >= from) || (next.is_none() && *searched > text.len()) {
                continue;
            }
            let origin = from.max(*searched);
            *next = text[origin..]
                .match_indices(prefix)
                .map(|(i, _)| origin + i)
                .find(|&i| {
                    text[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.')
                });
            // Past the end: nothing more to find for this prefix.
            *searched = next.map_or(text.len() + 1, |at| at + 1);
        }
        self.next.iter().filter_map(|(_, next)| *next).min()
    }
}

/// The address to link to: `www.x.org` needs a scheme.
pub(crate) fn href(url: &str) -> String {
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
        assert_eq!(urls("(see https://x.org/a_(b)))."), ["https://x.org/a_(b)"]);
        assert_eq!(
            urls("www.a.org www.b.org https://c.org"),
            ["www.a.org", "www.b.org", "https://c.org"]
        );
        assert_eq!(urls("xwww.a.org http://b.org/www.c"), ["http://b.org/www.c"]);
    }
}
