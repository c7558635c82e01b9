//! A further-reading item: `Title`, `Title <url>`, `Title (url)`,
//! `[Title](url)`, `Title: url`, or a bare URL. Only an http(s) URL found
//! in the text becomes the link (`javascript:`… stays text).

use crate::model::Link;
use crate::parse::sanitize::safe_url;
use crate::urls::{find_urls, href};

pub(super) fn parse_link(text: &str) -> Link {
    let text = text.trim();
    let found = find_urls(text)
        .into_iter()
        .next()
        .and_then(|range| Some((safe_url(&href(&text[range.clone()]))?, range)));
    let Some((url, range)) = found else {
        return Link {
            title: text.to_string(),
            url: None,
        };
    };
    // `[Title](url)`
    if let Some(inner) = text.strip_prefix('[') {
        if let Some(close) = inner.find("](") {
            return Link {
                title: inner[..close].trim().to_string(),
                url: Some(url),
            };
        }
    }
    let before = text[..range.start].trim_end_matches(['<', '(', '[', ' ', '\u{a0}']);
    let after = text[range.end..].trim_start_matches(['>', ')', ']', ' ']);
    let title = format!(
        "{} {}",
        before.trim_end_matches([':', '–', '—', '-', '|', ' ']),
        after.trim()
    )
    .trim()
    .to_string();
    Link {
        title: if title.is_empty() {
            text[range].to_string()
        } else {
            title
        },
        url: Some(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(title: &str, url: Option<&str>) -> Link {
        Link {
            title: title.to_string(),
            url: url.map(str::to_string),
        }
    }

    #[test]
    fn every_form() {
        let url = Some("https://x.org/a");
        assert_eq!(parse_link("Un titre"), link("Un titre", None));
        assert_eq!(parse_link("Un titre <https://x.org/a>"), link("Un titre", url));
        assert_eq!(parse_link("Un titre (https://x.org/a)"), link("Un titre", url));
        assert_eq!(parse_link("[Un titre](https://x.org/a)"), link("Un titre", url));
        assert_eq!(parse_link("Un titre: https://x.org/a"), link("Un titre", url));
        assert_eq!(parse_link("Un titre – https://x.org/a"), link("Un titre", url));
        assert_eq!(parse_link("https://x.org/a"), link("https://x.org/a", url));
    }

    #[test]
    fn only_web_addresses_become_links() {
        for text in [
            "Un titre <javascript:alert(1)>",
            "Un titre (javascript:alert(1))",
            "[Un titre](javascript:alert(1))",
            "[Un titre](&#106;avascript:alert(1))",
            "Un titre: data:text/html;base64,PHNjcmlwdD4=",
            "Un titre – vbscript:msgbox(1)",
            "JaVaScRiPt:alert(1)",
        ] {
            assert_eq!(parse_link(text), link(text, None), "{text}");
        }
        // A web address hidden in a script is only that address.
        assert_eq!(
            parse_link("[Un titre](javascript:fetch('https://x.org/a'))")
                .url
                .as_deref(),
            Some("https://x.org/a")
        );
    }
}
