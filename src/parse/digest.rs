//! The closing digest of a plain-text issue: a newsletter often ends with
//! a miscellany (`Other news`, `Elsewhere`) whose short labels (`Various`,
//! `Light reading`, `Tools`) each head a list of links. The labels are
//! sub-headings of one story, not stories: read at the end of the roles
//! pass (see `roles`), once the stories and what each holds are known.
//! Known limit: a story of its own over a list right after the labels
//! (`Releases` after `Other news` / `Reading` / `Tools`) reads exactly as
//! one more label; only the heading levels of the source, which plain
//! text loses, told them apart, so it is joined. Linear.

use std::ops::Range;

use crate::model::{Paragraph, Story};
use crate::parse::Body;

/// Fewest labelled lists that make a digest (one is a plain story).
const DIGEST_MIN_LISTS: usize = 2;

/// What the blocks of a story are, as far as the digest cares: parts of
/// a list (its items; the code, quotes and text indented under an item;
/// the line ending with a colon that introduces it) or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Holds {
    blocks: usize,
    /// Of `blocks`, those of a list.
    listed: usize,
    /// The first block is part of a list.
    opens_with_list: bool,
}

impl Holds {
    /// One more block, part of a list or not.
    pub(crate) fn add(&mut self, listed: bool) {
        if self.blocks == 0 {
            self.opens_with_list = listed;
        }
        self.blocks += 1;
        self.listed += usize::from(listed);
    }

    /// Only lists, and at least one.
    fn only_lists(&self) -> bool {
        self.blocks > 0 && self.listed == self.blocks
    }
}

/// Joins the closing digest of `body` into one story (`holds`: what each
/// of its stories holds): when the stories end with a section (a story
/// with a kicker) whose stories each hold only lists (the last may close
/// with a note), at least two of them, and at most one story (the
/// credits, a sign-off) after them, they are one story headlined by the
/// section's name, each label a paragraph over its lists. In the middle
/// of an issue, the same shape stays a section and its stories.
pub(crate) fn join_closing_digest(body: &mut Body, holds: &[Holds]) {
    let Some(range) = closing_digest(&body.stories, holds) else {
        return;
    };
    if body.story_lines.len() >= range.end {
        body.story_lines.drain(range.start + 1..range.end);
    }
    let rest: Vec<Story> = body.stories.drain(range.start + 1..range.end).collect();
    join(&mut body.stories[range.start], rest);
}

/// Where the closing digest of `stories` stands, if they end with one:
/// from the last section to the end, or to the last story.
fn closing_digest(stories: &[Story], holds: &[Holds]) -> Option<Range<usize>> {
    let last = stories.len();
    if holds.len() != last {
        return None;
    }
    [Some(last), last.checked_sub(1)].into_iter().flatten().find_map(|end| {
        let start = (0..end).rev().find(|&i| stories[i].kicker.is_some())?;
        let labelled = |i: usize| is_label(&stories[i]) && holds[i].only_lists();
        let closing = end.checked_sub(1)?;
        let digest = end - start >= DIGEST_MIN_LISTS
            && (start..closing).all(labelled)
            && (labelled(closing) || is_label(&stories[closing]) && holds[closing].opens_with_list);
        digest.then_some(start..end)
    })
}

/// A story that can be a label of a digest: no link on its headline, no
/// further reading. (The last label may close with a note after its
/// lists: `Write to us to be listed here!`.)
fn is_label(story: &Story) -> bool {
    story.link.is_none() && story.further_reading.is_empty()
}

/// `rest` joined to `story`: headlined by its outermost section, the
/// section that spans them all (`Elsewhere / Shows` above the first
/// label: `Shows` heads only that label, as far as a reader can tell),
/// the inner sections and each part's headline paragraphs over its
/// lists. Parsed stories have no tags yet.
fn join(story: &mut Story, rest: Vec<Story>) {
    // `closing_digest` starts at a story with a kicker.
    let kicker = story.kicker.take().unwrap_or_default();
    let mut sections = kicker.split(" / ").map(str::to_string);
    let name = sections.next().unwrap_or_default();
    let label = std::mem::replace(&mut story.headline, name);
    let mut paragraphs: Vec<Paragraph> = sections.map(Paragraph::plain).collect();
    paragraphs.push(Paragraph::plain(label));
    paragraphs.append(&mut story.paragraphs);
    for part in rest {
        paragraphs.push(Paragraph::plain(part.headline));
        paragraphs.extend(part.paragraphs);
    }
    story.paragraphs = paragraphs;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    /// The digest of `body`, each list paragraph read as a block of a list.
    fn join_closing(body: &mut Body) {
        let holds: Vec<Holds> = body
            .stories
            .iter()
            .map(|s| {
                let mut holds = Holds::default();
                for p in &s.paragraphs {
                    holds.add(p.kind == Some(BlockKind::List));
                }
                holds
            })
            .collect();
        join_closing_digest(body, &holds);
    }

    fn story(kicker: Option<&str>, headline: &str, list: bool) -> Story {
        let mut p = Paragraph::plain("- A page <https://example.org/a>");
        if list {
            p.kind = Some(BlockKind::List);
        }
        Story {
            kicker: kicker.map(str::to_string),
            headline: headline.to_string(),
            link: None,
            anchor: String::new(),
            paragraphs: vec![p],
            further_reading: Vec::new(),
            tags: Vec::new(),
            companies: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn body(stories: Vec<Story>) -> Body {
        Body {
            story_lines: (1..=stories.len()).collect(),
            stories,
            ..Body::default()
        }
    }

    fn headlines(body: &Body) -> Vec<(Option<&str>, &str)> {
        body.stories
            .iter()
            .map(|s| (s.kicker.as_deref(), s.headline.as_str()))
            .collect()
    }

    #[test]
    fn labelled_lists_closing_the_issue_are_one_story() {
        let mut b = body(vec![
            story(None, "Releases", false),
            story(Some("Elsewhere"), "Reading", true),
            story(None, "Tools", true),
            story(None, "Thanks", false),
        ]);
        join_closing(&mut b);
        assert_eq!(
            headlines(&b),
            [(None, "Releases"), (None, "Elsewhere"), (None, "Thanks")]
        );
        assert_eq!(b.story_lines, [1, 2, 4]);
        let texts: Vec<&str> = b.stories[1].paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts[0], "Reading");
        assert_eq!(texts[2], "Tools");
    }

    #[test]
    fn the_same_shape_inside_the_issue_stays_a_section() {
        let mut b = body(vec![
            story(Some("Community"), "Official", true),
            story(None, "Blogs", true),
            story(None, "Crate of the week", false),
            story(None, "Events", false),
        ]);
        join_closing(&mut b);
        assert_eq!(b.stories.len(), 4);
    }

    #[test]
    fn a_label_with_text_is_a_story() {
        let mut b = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            story(None, "Tools", false),
        ]);
        join_closing(&mut b);
        assert_eq!(b.stories.len(), 2);
        let mut one = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            story(None, "Thanks", false),
        ]);
        join_closing(&mut one);
        assert_eq!(one.stories.len(), 2);
    }

    #[test]
    fn the_last_label_may_close_with_a_note() {
        let mut last = story(None, "Tools", true);
        last.paragraphs.push(Paragraph::plain("Write to us to be listed here!"));
        let mut b = body(vec![story(Some("Elsewhere"), "Reading", true), last.clone()]);
        join_closing(&mut b);
        assert_eq!(headlines(&b), [(None, "Elsewhere")]);
        // Text in a label before the last: a story, not a digest.
        let mut b = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            last,
            story(None, "Events", true),
            story(None, "Thanks", false),
        ]);
        join_closing(&mut b);
        assert_eq!(b.stories.len(), 4);
    }

    #[test]
    fn nested_sections_name_the_digest_by_the_outer_one() {
        let mut b = body(vec![
            story(Some("Elsewhere / Shows"), "Autumn fair", true),
            story(None, "Tools", true),
        ]);
        join_closing(&mut b);
        assert_eq!(headlines(&b), [(None, "Elsewhere")]);
        let texts: Vec<&str> = b.stories[0].paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts[..2], ["Shows", "Autumn fair"]);
    }

    #[test]
    fn blocks_of_a_list_are_a_list() {
        let mut holds = Holds::default();
        holds.add(true);
        holds.add(true);
        assert!(holds.only_lists());
        holds.add(false);
        assert!(!holds.only_lists() && holds.opens_with_list);
        assert!(!Holds::default().only_lists());
    }
}
