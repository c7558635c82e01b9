//! Plain-text issues (`.txt`): the body of an email as the editor sent it,
//! read unit by unit (see `layout`) into title, teasers, introduction,
//! stories with lead-ins and further reading, and photo credits.

use crate::labels::Labels;
use crate::model::{Doubt, Paragraph};
use crate::parse::blocks::blocks;
use crate::parse::layout::body_lines;
use crate::parse::roles;
use crate::parse::width::Layout;
use crate::parse::Body;

/// Longest line, in characters, that can still be a headline.
const HEADLINE_MAX_CHARS: usize = 130;
const HEADLINE_MAX_WORDS: usize = 22;
/// Longest lead-in, in words, before its dash.
const LEAD_MAX_WORDS: usize = 8;

/// Parses the body of a plain-text issue (`first_line`: the line of the
/// file the body starts at). `titled`: the title the front matter gives,
/// if any; the body's first line is then its title line only when it
/// looks like one.
pub(crate) fn parse(body: &str, first_line: usize, labels: &Labels, titled: Option<&str>) -> Body {
    let lines = body_lines(body, first_line);
    let (blocks, layout) = blocks(&lines);
    let mut body = roles::assign(&blocks, labels, titled);
    if let Layout::Undecided { line } = layout {
        body.doubts.push(Doubt {
            line,
            message: "the layout could not be decided: lines of one width that a mail client would not have \
                      broken there; read as one paragraph a line"
                .to_string(),
        });
        body.doubts.sort_by_key(|d| d.line);
    }
    body
}

/// Short, and not ending like a sentence (nor a bare URL).
pub(crate) fn looks_like_headline(text: &str) -> bool {
    let chars = text.chars().count();
    if chars == 0
        || chars > HEADLINE_MAX_CHARS
        || text.split_whitespace().count() > HEADLINE_MAX_WORDS
        || is_bare_url(text)
    {
        return false;
    }
    let end = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ', '\u{a0}', '\u{202f}', '*', '_']);
    !end.ends_with(['.', ',', ';', ':', '!', '…'])
}

/// `Bonjour à tous`, `Hello everyone`: the opening of an introduction.
pub(crate) fn is_greeting(text: &str) -> bool {
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    matches!(
        first.as_str(),
        "bonjour" | "bonsoir" | "salut" | "chers" | "chères" | "cher" | "chère" | "hello" | "hi" | "dear" | "hey"
    )
}

/// `https://example.com/x`, alone on its line.
pub(crate) fn is_bare_url(text: &str) -> bool {
    let text = text.trim().trim_start_matches('<').trim_end_matches('>');
    !text.contains(char::is_whitespace)
        && (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
}

/// An item of a list of teasers, without a trailing period.
pub(crate) fn teaser_item(text: &str) -> String {
    text.trim().trim_end_matches(['.', ';']).trim().to_string()
}

/// In a further-reading list without bullets: a short title or a URL.
pub(crate) fn is_unbulleted_item(text: &str) -> bool {
    text.contains("://") || looks_like_headline(text)
}

/// `A - B – C` → `[A, B, C]`.
pub(crate) fn split_teasers(text: &str) -> Vec<String> {
    let mut parts = vec![text];
    for separator in [" - ", " – ", " — ", " | ", " • ", " · ", "; "] {
        parts = parts.into_iter().flat_map(|p| p.split(separator)).collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().trim_end_matches(['.', ';']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A paragraph, with its lead-in when it opens with a short phrase and a dash.
pub(crate) fn paragraph(text: &str) -> Paragraph {
    match split_lead(text) {
        Some((lead, rest)) => Paragraph {
            lead: Some(lead.to_string()),
            ..Paragraph::plain(rest)
        },
        None => Paragraph::plain(text),
    }
}

/// `Lancement de Grok – Cette méga-levée…` → (`Lancement de Grok`, `Cette méga-levée…`).
pub(crate) fn split_lead(text: &str) -> Option<(&str, &str)> {
    // The dash follows a few words: look for it near the start only.
    let mut window = text.len().min(LEAD_MAX_WORDS * 16);
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let head = &text[..window];
    let (at, dash) = [" – ", " — ", " -- ", " - "]
        .iter()
        .filter_map(|d| head.find(d).map(|at| (at, *d)))
        .min_by_key(|(at, _)| *at)?;
    let lead = text[..at].trim();
    let rest = text[at + dash.len()..].trim();
    let words = lead.split_whitespace().count();
    let max_words = if dash == " - " {
        LEAD_MAX_WORDS - 2
    } else {
        LEAD_MAX_WORDS
    };
    let opens = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“«\"'‘(".contains(c))
    };
    let ok = (1..=max_words).contains(&words)
        && !lead.contains(['.', '!', '?', ':', ';', ','])
        && opens(lead)
        && opens(rest)
        && rest.chars().count() > lead.chars().count() * 2;
    ok.then_some((lead, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_ins() {
        assert_eq!(
            split_lead("Lancement de Grok – Cette méga-levée de fonds intervient un mois après."),
            Some((
                "Lancement de Grok",
                "Cette méga-levée de fonds intervient un mois après."
            ))
        );
        assert_eq!(
            split_lead("Selon Bloomberg – qui cite des sources proches du dossier, la levée."),
            None
        );
        assert_eq!(
            split_lead("Daniel Ek le reconnaît: le timing “peut sembler surprenant” – Bref."),
            None
        );
    }

    #[test]
    fn headlines() {
        assert!(looks_like_headline(
            "Elon Musk va lever un milliard de dollars pour concurrencer ChatGPT"
        ));
        assert!(looks_like_headline("Faut-il avoir peur de l’IA ?"));
        assert!(!looks_like_headline("Bonjour à tous,"));
        assert!(!looks_like_headline("Une phrase qui finit par un point."));
        assert!(!looks_like_headline("Il a dit “oui.”"));
    }

    #[test]
    fn teasers_split_on_dashes() {
        assert_eq!(split_teasers("A b - C d – E f"), ["A b", "C d", "E f"]);
        assert_eq!(split_teasers("A b; C d; E f."), ["A b", "C d", "E f"]);
    }
}
