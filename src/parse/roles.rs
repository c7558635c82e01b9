//! The second pass over a plain-text body: its blocks (see `blocks`) get
//! their roles: title, teasers, introduction, sections, stories and their
//! headlines, lead-ins, lists, quotes, code and tables, further reading,
//! photo credits, reference links; then the closing digest (see
//! `digest`). Linear.

use std::collections::HashMap;

use crate::labels::{Label, Labels};
use crate::model::{BlockKind as Shown, Doubt, Item, Paragraph, Story};
use crate::parse::blocks::{Block, BlockKind};
use crate::parse::digest::{join_closing_digest, Holds};
use crate::parse::headings::{linked_headline, plan, Heading};
use crate::parse::lines::reference;
use crate::parse::links::parse_link;
use crate::parse::plaintext::{
    is_bare_url, is_unbulleted_item, looks_like_headline, paragraph, split_teasers, teaser_item,
};
use crate::parse::sanitize::safe_url;
use crate::parse::Body;
use crate::urls::href;

/// Deepest nesting of list items kept; deeper ones join that depth.
const DEEPEST_ITEM: usize = 6;

/// What a block is, before its place in the issue is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
    /// What each story holds, for the closing digest.
    holds: Vec<Holds>,
}

/// Gives `blocks` their roles. `titled`: the title the front matter
/// gives, if any; the first block is then the title only when it looks
/// like one (see `opens_with_title`).
pub(super) fn assign(blocks: &[Block], labels: &Labels, titled: Option<&str>) -> Body {
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
    join_closing_digest(&mut out, &state.holds);
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
            // Appended in place: a new string per line would copy the
            // growing credits each time (quadratic on many credit lines).
            match &mut out.credits {
                Some(credits) => {
                    credits.push_str("; ");
                    credits.push_str(rest);
                }
                None => out.credits = Some(rest.to_string()),
            }
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
            // Sections within sections: `Community / Official`.
            state.kicker = Some(match state.kicker.take() {
                Some(outer) => format!("{outer} / {text}"),
                None => text.to_string(),
            });
        }
        _ if plan[i] == Heading::Headline => {
            state.in_further_reading = false;
            let (headline, link) = linked_headline(text);
            out.story_lines.push(block.line);
            state.holds.push(Holds::default());
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
                [one] if one.marked.starts_with(['–', '—']) => {
                    push_paragraph(out, state, paragraph(&one.marked), false);
                }
                _ => push_paragraph(out, state, list(items), true),
            }
            return end;
        }
        Kind::Block => {
            state.in_further_reading = false;
            push_paragraph(out, state, shown_block(block), block.nested);
        }
        _ => {
            state.in_further_reading = false;
            state.citations.extend(cited(text).map(|label| (label, block.line)));
            let listed = block.nested || introduces_a_list(blocks, kinds, i);
            push_paragraph(out, state, paragraph(text), listed);
        }
    }
    i + 1
}

/// Adds a paragraph to the last story, or to the introduction; `listed`:
/// it is part of a list (see `Holds`).
fn push_paragraph(out: &mut Body, state: &mut State<'_>, paragraph: Paragraph, listed: bool) {
    match out.stories.last_mut() {
        Some(story) => {
            story.paragraphs.push(paragraph);
            if let Some(holds) = state.holds.last_mut() {
                holds.add(listed);
            }
        }
        None => out.intro.push(paragraph),
    }
}

/// Block `i` is a line ending with a colon right above a list: it
/// introduces the list (`Readers wrote about it:` then the links).
fn introduces_a_list(blocks: &[Block], kinds: &[Kind], i: usize) -> bool {
    kinds.get(i + 1) == Some(&Kind::Item) && blocks[i].text.trim_end().ends_with(':')
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
        text.push_str(match block.kind {
            BlockKind::Item { .. } => &block.marked,
            _ => &block.text,
        });
        let BlockKind::Item { depth } = block.kind else {
            // A blurb: text indented under the last item it is indented to.
            if let Some(item) = last_item(&mut items, block.owner.min(last_depth)) {
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
pub(super) fn cited(text: &str) -> impl Iterator<Item = &str> {
    text.split('[').skip(1).filter_map(|part| {
        let label = &part[..part.find(']')?];
        (!label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit())).then_some(label)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::blocks::blocks;

    /// (kicker, headline) of each story of `body`.
    fn stories(body: &str) -> Vec<(Option<String>, String)> {
        let lines: Vec<(usize, &str)> = body.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        let body = assign(&blocks(&lines).0, &Labels::default(), None);
        body.stories.into_iter().map(|s| (s.kicker, s.headline)).collect()
    }

    fn pair(kicker: Option<&str>, headline: &str) -> (Option<String>, String) {
        (kicker.map(str::to_string), headline.to_string())
    }

    #[test]
    fn a_short_line_before_a_list_is_a_headline_and_the_line_above_its_section() {
        // Stories after them: no closing digest (see `digest`).
        let body =
            "Title\nNews from the port\nFerries\n- A crossing\nBoats\n- A sail\nTides\nHigh at six.\nWeather\nCalm.\n";
        assert_eq!(
            stories(body),
            [
                pair(Some("News from the port"), "Ferries"),
                pair(None, "Boats"),
                pair(None, "Tides"),
                pair(None, "Weather")
            ]
        );
    }

    #[test]
    fn a_longer_run_opens_with_a_headline_and_its_standfirst() {
        let body = "Title\nEvents\nMeetings between May and June\nOnline\n- A meeting\n";
        assert_eq!(stories(body), [pair(None, "Events"), pair(None, "Online")]);
    }

    #[test]
    fn a_linked_line_above_a_headline_closes_the_story_before() {
        let body = "Title\nTriage\nThe triage of the week, done.\nFull report (https://x.org/r)\nApproved\nNothing was approved this week.\n";
        assert_eq!(stories(body), [pair(None, "Triage"), pair(None, "Approved")]);
    }

    #[test]
    fn section_names_stack_above_a_headline() {
        let body = "Title\nCommunity\nOfficial\nFoundation\n- A report\n";
        assert_eq!(stories(body), [pair(Some("Community / Official"), "Foundation")]);
    }

    #[test]
    fn a_long_line_over_a_list_introduces_it() {
        let body = "Title\nFirst issues\nWe are glad to mentor these, reach out to us on the chat if you would like to help\n- An issue\n";
        assert_eq!(stories(body), [pair(None, "First issues")]);
    }

    #[test]
    fn a_link_under_a_quote_is_its_source() {
        let body =
            "Title\nQuote of the week\n> A saying.\nSomeone, in a talk (https://x.org/t)\nThanks to a reader for it.\n";
        assert_eq!(stories(body), [pair(None, "Quote of the week")]);
    }

    #[test]
    fn short_lines_at_the_end_are_text() {
        let body = "Title\nA story\nIts text, as a sentence.\nHosted by a friend (https://x.org/h)\nDiscuss (https://x.org/d)\n";
        assert_eq!(stories(body), [pair(None, "A story")]);
    }

    #[test]
    fn citations() {
        assert_eq!(
            cited("announced [2] the [release] [13]").collect::<Vec<_>>(),
            ["2", "13"]
        );
    }
}
