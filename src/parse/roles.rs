//! The second pass over a plain-text body: its blocks (see `blocks`) get
//! their roles: title, teasers, introduction, sections, stories and their
//! headlines, lead-ins, lists, quotes, code and tables, further reading,
//! photo credits, reference links. Linear.

use std::collections::HashMap;

use crate::labels::{Label, Labels};
use crate::model::{BlockKind as Shown, Doubt, Item, Paragraph, Story};
use crate::parse::blocks::{Block, BlockKind};
use crate::parse::lines::reference;
use crate::parse::links::parse_link;
use crate::parse::plaintext::{
    is_bare_url, is_greeting, is_unbulleted_item, looks_like_headline, paragraph, split_teasers, teaser_item,
};
use crate::parse::sanitize::safe_url;
use crate::parse::Body;
use crate::urls::{find_urls, href};

/// Deepest nesting of list items kept; deeper ones join that depth.
const DEEPEST_ITEM: usize = 6;

/// What a block is, before its place in the issue is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Teasers,
    FurtherReading,
    Credits,
    Item,
    Text,
    /// A quote, code or a table.
    Block,
    /// Text indented under a list item.
    Nested,
    Reference,
}

/// What is known of every block before roles are given.
struct Reading<'b> {
    blocks: &'b [Block],
    kinds: Vec<Kind>,
    /// For a label, what follows it.
    rests: Vec<&'b str>,
    plan: Vec<Heading>,
}

/// The parsing state carried from one block to the next.
#[derive(Default)]
struct State<'b> {
    /// `[2]: https://…` definitions, by label.
    references: HashMap<&'b str, &'b str>,
    /// The `[2]` labels cited in prose, with their line.
    citations: Vec<(&'b str, usize)>,
    in_further_reading: bool,
    /// After a teasers label with nothing after its colon: a list of them.
    in_teasers: bool,
    /// A section name above the next headline.
    kicker: Option<String>,
}

/// Gives `blocks` their roles. `titled`: the title the front matter
/// gives, if any; the first block is then the title only when it looks
/// like one (see `opens_with_title`).
pub fn assign(blocks: &[Block], labels: &Labels, titled: Option<&str>) -> Body {
    let (kinds, rests): (Vec<Kind>, Vec<&str>) = blocks.iter().map(|b| kind(b, labels)).unzip();
    let mut out = Body::default();
    let mut state = State::default();
    let mut i = 0;
    if let (Some(first), Some(Kind::Text)) = (blocks.first(), kinds.first()) {
        if titled.is_none_or(|title| opens_with_title(blocks, &kinds, title)) {
            out.title = Some((first.text.clone(), first.line));
            i = 1;
        }
    }
    let read = Reading {
        blocks,
        plan: plan(blocks, &kinds, i),
        kinds,
        rests,
    };
    while i < blocks.len() {
        i = step(&read, i, &mut state, &mut out);
    }
    if !state.references.is_empty() {
        for (label, line) in &state.citations {
            if !state.references.contains_key(label) {
                out.doubts.push(Doubt {
                    line: *line,
                    message: format!("the reference [{label}] is never defined (`[{label}]: https://…`)"),
                });
            }
        }
    }
    link_references(&mut out, &state.references);
    out
}

/// Gives block `i` its role; the index of the next block to read.
fn step<'b>(read: &Reading<'b>, i: usize, state: &mut State<'b>, out: &mut Body) -> usize {
    let Reading { kinds, rests, plan, .. } = read;
    let blocks: &'b [Block] = read.blocks;
    let block = &blocks[i];
    let text = block.text.as_str();
    let listing_teasers = std::mem::take(&mut state.in_teasers);
    match kinds[i] {
        Kind::Teasers if out.stories.is_empty() => {
            out.teasers.extend(split_teasers(rests[i]));
            state.in_teasers = rests[i].is_empty();
        }
        Kind::Item if listing_teasers => {
            out.teasers.push(teaser_item(text));
            state.in_teasers = true;
        }
        Kind::FurtherReading => {
            state.in_further_reading = true;
            let rest = rests[i];
            if let (false, Some(story)) = (rest.is_empty(), out.stories.last_mut()) {
                story.further_reading.push(parse_link(rest));
            }
        }
        Kind::Credits => {
            let rest = rests[i];
            out.credits = Some(match out.credits.take() {
                Some(previous) => format!("{previous}; {rest}"),
                None => rest.to_string(),
            });
            state.in_further_reading = false;
        }
        Kind::Item if state.in_further_reading && !out.stories.is_empty() => {
            if let Some(story) = out.stories.last_mut() {
                story.further_reading.push(parse_link(text));
            }
        }
        Kind::Reference => {
            if let Some((label, url)) = reference(text) {
                state.references.insert(label, url);
            }
        }
        _ if plan[i] == Heading::Kicker => {
            state.in_further_reading = false;
            state.kicker = Some(text.to_string());
        }
        _ if plan[i] == Heading::Headline => {
            state.in_further_reading = false;
            let (headline, link) = linked_headline(text);
            out.story_lines.push(block.line);
            out.stories.push(Story {
                kicker: state.kicker.take(),
                headline: headline.to_string(),
                link,
                anchor: String::new(),
                paragraphs: Vec::new(),
                further_reading: Vec::new(),
                tags: Vec::new(),
                companies: Vec::new(),
                mentions: Vec::new(),
            });
        }
        Kind::Text | Kind::Nested if state.in_further_reading && is_unbulleted_item(text) => {
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
        Kind::Item => {
            state.in_further_reading = false;
            // The items, and the paragraphs and quotes indented under them.
            let end = (i..blocks.len())
                .find(|&j| kinds[j] != Kind::Item && !is_under_item(&blocks[j]))
                .unwrap_or(blocks.len());
            let items = &blocks[i..end];
            match items {
                // `— Jane`, `– Author, in a talk`: a signature or an
                // attribution, not a list.
                [one] if one.marked.starts_with(['–', '—']) => push_paragraph(out, paragraph(&one.marked)),
                _ => push_paragraph(out, list(items)),
            }
            return end;
        }
        Kind::Block => {
            state.in_further_reading = false;
            push_paragraph(out, shown_block(block));
        }
        _ => {
            state.in_further_reading = false;
            state.citations.extend(cited(text).map(|label| (label, block.line)));
            push_paragraph(out, paragraph(text));
        }
    }
    i + 1
}

/// Adds a paragraph to the last story, or to the introduction.
fn push_paragraph(out: &mut Body, paragraph: Paragraph) {
    match out.stories.last_mut() {
        Some(story) => story.paragraphs.push(paragraph),
        None => out.intro.push(paragraph),
    }
}

/// With a title in the front matter, whether the body still opens with
/// the email's title line: the same title, or a line followed by the
/// teasers, or by a headline and its text. Otherwise the first line is
/// content (a headline, the introduction) and is kept.
fn opens_with_title(blocks: &[Block], kinds: &[Kind], title: &str) -> bool {
    let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
    let first = blocks[0].text.as_str();
    same(first, title)
        || kinds.get(1) == Some(&Kind::Teasers)
        || (looks_like_headline(first)
            && kinds.get(1) == Some(&Kind::Text)
            && blocks.get(1).is_some_and(|b| looks_like_headline(&b.text))
            && kinds.get(2) == Some(&Kind::Text))
}

/// What a block is, and for a label what follows it.
fn kind<'b>(block: &'b Block, labels: &Labels) -> (Kind, &'b str) {
    match block.kind {
        BlockKind::Item { .. } => return (Kind::Item, ""),
        BlockKind::Quote | BlockKind::Code | BlockKind::Table => return (Kind::Block, ""),
        BlockKind::Reference => return (Kind::Reference, ""),
        BlockKind::Text if block.nested => return (Kind::Nested, ""),
        BlockKind::Text => {}
    }
    match labels.classify(&block.text) {
        Some((Label::Teasers, rest)) => (Kind::Teasers, rest),
        Some((Label::FurtherReading, rest)) => (Kind::FurtherReading, rest),
        Some((Label::Credits, rest)) => (Kind::Credits, rest),
        None => (Kind::Text, ""),
    }
}

/// What may follow a headline: text, a list, a quote, code, a table.
fn is_content(kind: Option<&Kind>) -> bool {
    matches!(kind, Some(Kind::Text | Kind::Item | Kind::Block))
}

/// A block that could be a headline: short text not ending like a
/// sentence (a URL at its end aside), or text underlined.
fn is_candidate(blocks: &[Block], kinds: &[Kind], i: usize) -> bool {
    kinds.get(i) == Some(&Kind::Text)
        && blocks.get(i).is_some_and(|b| {
            let title = without_urls(linked_headline(&b.text).0);
            b.underlined || (looks_like_headline(&title) && !reads_as_sentence(&title))
        })
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
/// figures (`3 wins, 5 losses, 2 draws`), `Q. How…?`.
pub fn reads_as_sentence(text: &str) -> bool {
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
    lower_start || number_then_lower || figures || interview || has_two_sentences(text)
}

/// A sentence ends inside the text: `word. Word`, `word! Word`.
fn has_two_sentences(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_lowercase() && matches!(w[1], b'.' | b'!' | b'?') && w[2] == b' ' && w[3].is_ascii_uppercase()
    })
}

/// What a heading candidate turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Headline,
    Kicker,
    /// Text after all: a standfirst, a closing line, the end of the issue.
    None,
}

/// The role of every heading candidate, run by run (lines that could be
/// headlines, one after the other), from `start`. A run followed by
/// content (text, a list, a quote, code, a table) ends with its
/// headline; above it, one line is its section (unless it carries a link:
/// then it closes the story before), and in a longer run the first line
/// is a headline too and those between are its standfirst. A run that
/// content does not follow (the end of the issue, a label) is text, but
/// for underlined lines, headlines wherever they stand.
fn plan(blocks: &[Block], kinds: &[Kind], start: usize) -> Vec<Heading> {
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
        let run = &mut plan[first..i];
        let followed = is_content(kinds.get(i));
        match run {
            _ if !followed => {}
            [one] => *one = Heading::Headline,
            [above, headline] => {
                *above = match linked_headline(&blocks[first].text).1 {
                    Some(_) => Heading::None,
                    None => Heading::Kicker,
                };
                *headline = Heading::Headline;
            }
            [opening, .., last] => {
                *opening = Heading::Headline;
                *last = Heading::Headline;
            }
            [] => {}
        }
        for (role, block) in run.iter_mut().zip(&blocks[first..i]) {
            if block.underlined {
                *role = Heading::Headline;
            }
        }
        seen_headline |= run.contains(&Heading::Headline);
    }
    plan
}

/// `Title <https://…>`, `Title (https://…)`: the title and the page it
/// links to; any other text is its own title.
pub fn linked_headline(text: &str) -> (&str, Option<String>) {
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

/// A quote, code or a table, as a paragraph of that kind.
fn shown_block(block: &Block) -> Paragraph {
    let kind = match block.kind {
        BlockKind::Quote => Shown::Quote,
        BlockKind::Code => Shown::Code,
        _ => Shown::Table,
    };
    Paragraph {
        kind: Some(kind),
        ..Paragraph::plain(block.text.clone())
    }
}

/// Consecutive list items as one list, nested as they were indented; its
/// text the items as written, one a line.
fn list(blocks: &[Block]) -> Paragraph {
    let mut items: Vec<Item> = Vec::new();
    let mut text = String::new();
    let mut outermost = usize::MAX;
    // Where the last item went.
    let mut last_depth = 0;
    for block in blocks {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&block.marked);
        let BlockKind::Item { depth } = block.kind else {
            // A blurb: text indented under the last item.
            if let Some(item) = last_item(&mut items, last_depth) {
                let blurb = item.blurb.get_or_insert_with(String::new);
                if !blurb.is_empty() {
                    blurb.push('\n');
                }
                blurb.push_str(&block.text);
            }
            continue;
        };
        outermost = outermost.min(depth);
        let link = parse_link(&block.text);
        let item = Item {
            text: link.title,
            link: link.url,
            blurb: None,
            items: Vec::new(),
        };
        last_depth = (depth - outermost).min(DEEPEST_ITEM);
        push_item(&mut items, last_depth, item);
    }
    Paragraph {
        kind: Some(Shown::List),
        items,
        ..Paragraph::plain(text)
    }
}

/// A paragraph or a quote indented under a list item: its blurb.
fn is_under_item(block: &Block) -> bool {
    block.nested && matches!(block.kind, BlockKind::Text | BlockKind::Quote)
}

/// The last item `depth` levels down the last items of `items` (or as
/// deep as they go).
fn last_item(items: &mut [Item], depth: usize) -> Option<&mut Item> {
    let last = items.last_mut()?;
    if depth == 0 || last.items.is_empty() {
        return Some(last);
    }
    last_item(&mut last.items, depth - 1)
}

/// Adds `item` `depth` levels under the last items of `items`.
fn push_item(items: &mut Vec<Item>, depth: usize, item: Item) {
    match items.last_mut() {
        Some(last) if depth > 0 => push_item(&mut last.items, depth - 1, item),
        _ => items.push(item),
    }
}

/// The `[2]` of each paragraph whose reference is defined becomes a link.
fn link_references(out: &mut Body, references: &HashMap<&str, &str>) {
    if references.is_empty() {
        return;
    }
    let paragraphs = out
        .intro
        .iter_mut()
        .chain(out.stories.iter_mut().flat_map(|s| s.paragraphs.iter_mut()));
    for p in paragraphs.filter(|p| p.kind.is_none()) {
        let mut seen: Vec<&str> = Vec::new();
        p.items = cited(&p.text)
            .filter(|label| {
                let new = !seen.contains(label);
                // Distinct labels are few (four digits at most): `seen` stays short.
                if new && seen.len() < 64 {
                    seen.push(label);
                }
                new && seen.len() < 64
            })
            .filter_map(|label| {
                let url = safe_url(&href(references.get(label)?))?;
                Some(Item {
                    text: format!("[{label}]"),
                    link: Some(url),
                    blurb: None,
                    items: Vec::new(),
                })
            })
            .collect();
    }
}

/// The labels of the `[2]` references a text cites, in order.
pub fn cited(text: &str) -> impl Iterator<Item = &str> {
    text.split('[').skip(1).filter_map(|part| {
        let label = &part[..part.find(']')?];
        (!label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit())).then_some(label)
    })
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
    }

    #[test]
    fn urls_do_not_count_in_a_headline() {
        assert_eq!(
            without_urls("Team (https://x.org/a) (only) <https://x.org/b>"),
            "Team (only)"
        );
    }

    #[test]
    fn citations() {
        assert_eq!(
            cited("announced [2] the [release] [13]").collect::<Vec<_>>(),
            ["2", "13"]
        );
    }
}
