//! Heading candidates of a plain-text body and what they turn out to be:
//! a short line that reads as no sentence, or an underlined one; run by
//! run, the headline, its section above it, its standfirst. Part of the
//! roles pass (see `roles`); linear.

use crate::parse::blocks::{Block, BlockKind};
use crate::parse::plaintext::{is_greeting, looks_like_headline};
use crate::parse::roles::Kind;
use crate::parse::sanitize::safe_url;
use crate::urls::{find_urls, href};

/// What may follow a headline: text, a list, a quote, code, a table.
pub(crate) fn is_content(kind: Option<&Kind>) -> bool {
    matches!(kind, Some(Kind::Text | Kind::Item | Kind::Block))
}

/// A block that could be a headline: short text not ending like a
/// sentence (a URL at its end aside), or text underlined.
pub(crate) fn is_candidate(blocks: &[Block], kinds: &[Kind], i: usize) -> bool {
    kinds.get(i) == Some(&Kind::Text)
        && blocks.get(i).is_some_and(|b| {
            let reads = |title: &str| looks_like_headline(title) && !reads_as_sentence(title);
            // Most text holds no URL: no need to look for one.
            // A line with a link right under a quote is its source.
            let source = i > 0 && blocks[i - 1].kind == BlockKind::Quote;
            b.underlined
                || !answers_a_question(blocks, kinds, i)
                    && match b.text.contains("://") {
                        true => !source && reads(&without_urls(linked_headline(&b.text).0)),
                        false => reads(&b.text),
                    }
        })
}

/// Block `i` comes right after a list item that asks a question: an
/// interview's answer (`* What got you started?` then `Curiosity, mostly`),
/// however short, not a headline.
fn answers_a_question(blocks: &[Block], kinds: &[Kind], i: usize) -> bool {
    i > 0 && kinds.get(i - 1) == Some(&Kind::Item) && blocks[i - 1].text.trim_end().ends_with('?')
}

/// `text` without its URLs (and the brackets around them): what a reader
/// reads of a headline.
fn without_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in find_urls(text) {
        out.push_str(text[last..range.start].trim_end_matches(['<', '(']));
        last = range.end;
        let rest = &text[last..];
        last += rest.len() - rest.trim_start_matches(['>', ')']).len().min(rest.len());
    }
    out.push_str(&text[last..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text that reads as a sentence or a line of an interview, though it
/// does not end like one: two sentences (`Done by Ann. Range: 1..2`), a
/// long start in lower case (`and if we do that, then`), a number then
/// only lower case (`284 pull requests were merged in the last week`),
/// figures (`3 wins, 5 losses, 2 draws`), `Q. How…?`, an attribution
/// (`-- A reader`), a quotation and its author, a long question (`We often
/// see comments on this, but what do they mean?`: a headline asks in a
/// few words).
pub(super) fn reads_as_sentence(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let lower_start = words.len() >= 6
        && first.chars().all(|c| !c.is_uppercase())
        && first.chars().next().is_some_and(char::is_alphabetic);
    let figures = words
        .iter()
        .filter(|w| w.trim_end_matches([',', ';']).parse::<f64>().is_ok())
        .count()
        >= 3
        && text.matches(',').count() >= 2;
    let number_then_lower = first.chars().next().is_some_and(|c| c.is_ascii_digit())
        && words.len() >= 6
        && !words[1..].iter().any(capitalised);
    let interview = matches!(*first, "Q." | "Q:" | "A." | "A:");
    let long_question = words.len() >= LONG_QUESTION_WORDS && text.trim_end_matches(CLOSING_QUOTES).ends_with('?');
    // `-- A reader`, `— Jane`: who said or signed what is above.
    let attribution = text.starts_with("--") || text.starts_with(['—', '–']);
    lower_start
        || number_then_lower
        || figures
        || interview
        || long_question
        || attribution
        || has_two_sentences(text)
        || is_quotation(text)
}

/// `"A saying." — Someone`: words quoted, then who said them.
fn is_quotation(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['"', '“', '«']) else {
        return false;
    };
    [" — ", " – ", " - ", " -- "].iter().any(|dash| {
        rest.find(dash)
            .is_some_and(|at| rest[..at].trim_end().ends_with(['"', '”', '»']))
    })
}

/// A sentence ends inside the text: `word. Word`, `word! Word`.
fn has_two_sentences(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_lowercase() && matches!(w[1], b'.' | b'!' | b'?') && w[2] == b' ' && w[3].is_ascii_uppercase()
    })
}

/// What a heading candidate turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heading {
    Headline,
    Kicker,
    /// Text after all: a standfirst, a closing line, the end of the issue.
    None,
}

/// Words from which a question reads as a sentence of prose: headlines
/// that ask (`Is it time to net the trees?`) are short.
const LONG_QUESTION_WORDS: usize = 15;
/// What may close a question after its mark.
const CLOSING_QUOTES: [char; 6] = ['"', '\'', '”', '’', '»', ' '];

/// Most words of a section name (`Updates from the community`).
const SECTION_MAX_WORDS: usize = 4;
/// Most words of a headline over a list, a quote, code or a table: a
/// longer line there introduces it.
const BLOCK_HEADLINE_MAX_WORDS: usize = 12;

/// The role of every heading candidate, run by run (lines that could be
/// headlines, one after the other), from `start`. A run followed by
/// content (text, a list, a quote, code, a table) ends with its headline
/// (over a list or a block, a short one); the lines above it are its
/// sections when they are all short names without a link; else leading
/// lines that carry a link close the story before, one line left above
/// the headline is its section, and in a longer run the first line is a
/// headline too and those between are its standfirst. A run that content
/// does not follow (the end of the issue, a label) is text, but for
/// underlined lines, headlines wherever they stand.
pub(crate) fn plan(blocks: &[Block], kinds: &[Kind], start: usize) -> Vec<Heading> {
    let mut plan = vec![Heading::None; blocks.len()];
    let mut seen_headline = false;
    let mut i = start;
    while i < blocks.len() {
        let first = i;
        while i < blocks.len()
            && is_candidate(blocks, kinds, i)
            && !(i == first && !seen_headline && is_greeting(&blocks[i].text))
        {
            i += 1;
        }
        if i == first {
            i += 1;
            continue;
        }
        // A long line over a list or a block introduces it: content.
        let over_block = matches!(kinds.get(i), Some(Kind::Item | Kind::Block));
        let end = match over_block && words(&blocks[i - 1].text) > BLOCK_HEADLINE_MAX_WORDS {
            true => i - 1,
            false => i,
        };
        if is_content(kinds.get(i)) && end > first {
            run_roles(&blocks[first..end], &mut plan[first..end]);
        }
        for (role, block) in plan[first..i].iter_mut().zip(&blocks[first..i]) {
            if block.underlined {
                *role = Heading::Headline;
            }
        }
        seen_headline |= plan[first..i].contains(&Heading::Headline);
    }
    plan
}

/// The roles of a run of candidates that content follows (see `plan`).
fn run_roles(run: &[Block], roles: &mut [Heading]) {
    let Some((_, above)) = run.split_last() else {
        return;
    };
    let linked = |b: &Block| b.text.contains("://");
    let last = roles.len() - 1;
    roles[last] = Heading::Headline;
    if above.iter().all(|b| !linked(b) && words(&b.text) <= SECTION_MAX_WORDS) {
        roles[..last].fill(Heading::Kicker);
        return;
    }
    let closing = above.iter().take_while(|b| linked(b)).count();
    match last - closing {
        0 => {}
        1 => roles[closing] = Heading::Kicker,
        _ => roles[closing] = Heading::Headline,
    }
}

/// Words of `text`, its URLs aside.
fn words(text: &str) -> usize {
    text.split_whitespace().filter(|w| !w.contains("://")).count()
}

/// `Title <https://…>`, `Title (https://…)`: the title and the page it
/// links to; any other text is its own title.
pub(super) fn linked_headline(text: &str) -> (&str, Option<String>) {
    let Some(range) = find_urls(text).into_iter().last() else {
        return (text, None);
    };
    let after = text[range.end..].trim_start_matches(['>', ')']).trim();
    let before = text[..range.start].trim_end();
    let Some(title) = before.strip_suffix(['<', '(']) else {
        return (text, None);
    };
    let title = title.trim_end_matches([' ', ':', '–', '—', '-']);
    match (after.is_empty() && !title.is_empty(), safe_url(&href(&text[range]))) {
        (true, Some(url)) => (title, Some(url)),
        _ => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_headlines() {
        assert_eq!(
            linked_headline("Release notes (https://x.org/a)"),
            ("Release notes", Some("https://x.org/a".to_string()))
        );
        assert_eq!(linked_headline("Notes <https://x.org/a>").0, "Notes");
        assert_eq!(linked_headline("See https://x.org/a now").1, None);
        assert_eq!(linked_headline("Bad (javascript:alert(1))").1, None);
    }

    #[test]
    fn sentences_are_not_headlines() {
        assert!(reads_as_sentence("Done by @ann. Revision range: 1..2"));
        assert!(reads_as_sentence("and if we do that, then we can"));
        assert!(reads_as_sentence("3 wins, 5 losses, 2 draws"));
        assert!(!reads_as_sentence("fn work() -> Money"));
        assert!(reads_as_sentence("284 pull requests were merged in the last week"));
        assert!(reads_as_sentence("Q. How did you start?"));
        assert!(!reads_as_sentence("3 things to know"));
        assert!(!reads_as_sentence("iPhone 15 review"));
        assert!(!reads_as_sentence("Faut-il avoir peur de l’IA ?"));
        assert!(!reads_as_sentence("Updates from the Rust Project"));
        assert!(reads_as_sentence("\"Rewrite it all.\" — @someone"));
        assert!(reads_as_sentence("-- A reader, by post"));
        assert!(!reads_as_sentence("\"Quoted\" titles are fine"));
        assert!(reads_as_sentence(
            "We often hear from readers who find holes in their apples in summer, but what causes them?"
        ));
        assert!(!reads_as_sentence(
            "Is it time to net the trees before the first frost arrives?"
        ));
    }

    #[test]
    fn urls_do_not_count_in_a_headline() {
        assert_eq!(
            without_urls("Team (https://x.org/a) (only) <https://x.org/b>"),
            "Team (only)"
        );
    }
}
