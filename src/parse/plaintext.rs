//! Plain-text issues (`.txt`): the body of an email as the editor sent it,
//! read unit by unit (see `layout`) into title, teasers, introduction,
//! stories with lead-ins and further reading, and photo credits.

use crate::labels::{Label, Labels};
use crate::model::{Paragraph, Story};
use crate::parse::layout::{bullet_text, units, Unit};
use crate::parse::links::parse_link;
use crate::parse::Body;

/// Longest line, in characters, that can still be a headline.
const HEADLINE_MAX_CHARS: usize = 130;
const HEADLINE_MAX_WORDS: usize = 22;
/// Longest lead-in, in words, before its dash.
const LEAD_MAX_WORDS: usize = 8;

/// What a unit is, before its place in the issue is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Teasers,
    FurtherReading,
    Credits,
    Item,
    Text,
}

/// Parses the body of a plain-text issue (`first_line`: the line of the
/// file the body starts at). `titled`: the title the front matter gives,
/// if any; the body's first line is then its title line only when it
/// looks like one (see `opens_with_title`).
pub fn parse(body: &str, first_line: usize, labels: &Labels, titled: Option<&str>) -> Body {
    let units = units(body, first_line);
    let (kinds, rests): (Vec<Kind>, Vec<&str>) = units.iter().map(|u| kind(u, labels)).unzip();
    let mut out = Body::default();
    let mut in_further_reading = false;
    // After a teasers label with nothing after its colon: a list of them.
    let mut in_teasers = false;
    let mut start = 0;
    let mut after_headline = false;
    // A section name (`MARKETS`) above the next headline.
    let mut kicker: Option<String> = None;
    let mut credits: Vec<&str> = Vec::new();
    if let (Some(first), Some(Kind::Text)) = (units.first(), kinds.first()) {
        if titled.is_none_or(|title| opens_with_title(&units, &kinds, title)) {
            out.title = Some((first.text.clone(), first.line));
            start = 1;
        }
    }
    for i in start..units.len() {
        let unit = &units[i];
        let text = unit.text.as_str();
        let was_headline = std::mem::take(&mut after_headline);
        let listing_teasers = std::mem::take(&mut in_teasers);
        match kinds[i] {
            Kind::Teasers if out.stories.is_empty() => {
                out.teasers.extend(split_teasers(rests[i]));
                in_teasers = rests[i].is_empty();
            }
            Kind::Item if listing_teasers => {
                out.teasers.push(teaser_item(bullet_text(text).unwrap_or(text)));
                in_teasers = true;
            }
            Kind::FurtherReading => {
                in_further_reading = true;
                let rest = rests[i];
                if let (false, Some(story)) = (rest.is_empty(), out.stories.last_mut()) {
                    story.further_reading.push(parse_link(rest));
                }
            }
            Kind::Credits => {
                // Joined once at the end: appending to a growing string
                // line after line would copy it each time.
                credits.push(rests[i]);
                in_further_reading = false;
            }
            Kind::Item if in_further_reading && !out.stories.is_empty() => {
                if let Some(story) = out.stories.last_mut() {
                    story
                        .further_reading
                        .push(parse_link(bullet_text(text).unwrap_or(text)));
                }
            }
            _ if is_kicker(&units, &kinds, i) => {
                in_further_reading = false;
                kicker = Some(text.to_string());
            }
            _ if is_headline(&units, &kinds, i, out.stories.is_empty(), was_headline) => {
                in_further_reading = false;
                after_headline = true;
                out.stories.push(Story {
                    kicker: kicker.take(),
                    headline: text.to_string(),
                    anchor: String::new(),
                    paragraphs: Vec::new(),
                    further_reading: Vec::new(),
                    tags: Vec::new(),
                    companies: Vec::new(),
                    mentions: Vec::new(),
                });
            }
            _ if in_further_reading && is_unbulleted_item(text) => {
                if let Some(story) = out.stories.last_mut() {
                    match story.further_reading.last_mut() {
                        // `– Title` then its URL on the next line.
                        Some(link) if link.url.is_none() && is_bare_url(text) => {
                            link.url = parse_link(text).url;
                        }
                        _ => story.further_reading.push(parse_link(text)),
                    }
                }
            }
            _ => {
                in_further_reading = false;
                let paragraph = paragraph(text);
                match out.stories.last_mut() {
                    Some(story) => story.paragraphs.push(paragraph),
                    None => out.intro.push(paragraph),
                }
            }
        }
    }
    out.credits = (!credits.is_empty()).then(|| credits.join("; "));
    out
}

/// With a title in the front matter, whether the body still opens with
/// the email's title line: the same title, or a line followed by the
/// teasers, or by a headline and its text. Otherwise the first line is
/// content (a headline, the introduction) and is kept.
fn opens_with_title(units: &[Unit], kinds: &[Kind], title: &str) -> bool {
    let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
    let first = units[0].text.as_str();
    same(first, title)
        || kinds.get(1) == Some(&Kind::Teasers)
        || (looks_like_headline(first)
            && kinds.get(1) == Some(&Kind::Text)
            && units.get(1).is_some_and(|u| looks_like_headline(&u.text))
            && kinds.get(2) == Some(&Kind::Text))
}

/// What a unit is, and for a label what follows it.
fn kind<'u>(unit: &'u Unit, labels: &Labels) -> (Kind, &'u str) {
    if unit.bullet {
        return (Kind::Item, "");
    }
    match labels.classify(&unit.text) {
        Some((Label::Teasers, rest)) => (Kind::Teasers, rest),
        Some((Label::FurtherReading, rest)) => (Kind::FurtherReading, rest),
        Some((Label::Credits, rest)) => (Kind::Credits, rest),
        None => (Kind::Text, ""),
    }
}

/// A headline is a short line that does not end like a sentence, followed
/// by text. A short line right after a headline is a standfirst, not a
/// second headline.
fn is_headline(units: &[Unit], kinds: &[Kind], i: usize, first_story: bool, after_headline: bool) -> bool {
    let text = units[i].text.as_str();
    kinds[i] == Kind::Text
        && !after_headline
        && looks_like_headline(text)
        && !(first_story && is_greeting(text))
        && kinds.get(i + 1) == Some(&Kind::Text)
}

/// A section name in capitals (`MARKETS`, `À LA UNE`) on its own line,
/// right above a headline that is not in capitals.
fn is_kicker(units: &[Unit], kinds: &[Kind], i: usize) -> bool {
    let capitals =
        |text: &str| text.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !text.chars().any(char::is_lowercase);
    let text = units[i].text.as_str();
    let (Some(next), Some(&Kind::Text), Some(&Kind::Text)) = (units.get(i + 1), kinds.get(i + 1), kinds.get(i + 2))
    else {
        return false;
    };
    kinds[i] == Kind::Text
        && capitals(text)
        && text.split_whitespace().count() <= 4
        && looks_like_headline(text)
        && looks_like_headline(&next.text)
        && !capitals(&next.text)
}

/// Short, and not ending like a sentence (nor a bare URL).
pub fn looks_like_headline(text: &str) -> bool {
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
fn is_greeting(text: &str) -> bool {
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
fn is_bare_url(text: &str) -> bool {
    let text = text.trim().trim_start_matches('<').trim_end_matches('>');
    !text.contains(char::is_whitespace)
        && (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
}

/// An item of a list of teasers, without a trailing period.
fn teaser_item(text: &str) -> String {
    text.trim().trim_end_matches(['.', ';']).trim().to_string()
}

/// In a further-reading list without bullets: a short title or a URL.
fn is_unbulleted_item(text: &str) -> bool {
    text.contains("://") || looks_like_headline(text)
}

/// `A - B – C` → `[A, B, C]`.
pub fn split_teasers(text: &str) -> Vec<String> {
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
pub fn paragraph(text: &str) -> Paragraph {
    match split_lead(text) {
        Some((lead, rest)) => Paragraph {
            lead: Some(lead.to_string()),
            text: rest.to_string(),
            html: None,
            block: false,
        },
        None => Paragraph::plain(text),
    }
}

/// `Lancement de Grok – Cette méga-levée…` → (`Lancement de Grok`, `Cette méga-levée…`).
pub fn split_lead(text: &str) -> Option<(&str, &str)> {
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
