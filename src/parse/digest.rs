//! The closing digest of a plain-text issue: a newsletter often ends with
//! a miscellany (`Other news`, `Elsewhere`) whose short labels (`Various`,
//! `Light reading`, `Tools`) each head a list of links. The labels are
//! sub-headings of one story, not stories: read after the roles pass
//! (see `roles`), once the stories are known. Linear.

use std::ops::Range;

use crate::model::{BlockKind, Paragraph, Story};
use crate::parse::Body;

/// Fewest labelled lists that make a digest (one is a plain story).
const DIGEST_MIN_LISTS: usize = 2;

/// Joins the closing digest of `body` into one story: when the stories
/// end with a section (a story with a kicker) whose stories each hold
/// only lists (the last may close with a note), at least two of them, and
/// at most one story (the credits, a sign-off) after them, they are one story headlined by the section's
/// name, each label a paragraph over its list. In the middle of an issue,
/// the same shape stays a section and its stories.
pub fn join_closing_digest(body: &mut Body) {
    let Some(range) = closing_digest(&body.stories) else {
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
fn closing_digest(stories: &[Story]) -> Option<Range<usize>> {
    let last = stories.len();
    [Some(last), last.checked_sub(1)].into_iter().flatten().find_map(|end| {
        let start = (0..end).rev().find(|&i| stories[i].kicker.is_some())?;
        let (closing, labelled) = stories[start..end].split_last()?;
        let digest = end - start >= DIGEST_MIN_LISTS
            && labelled.iter().all(is_labelled_list)
            && (is_labelled_list(closing) || opens_with_a_list(closing));
        digest.then_some(start..end)
    })
}

/// A story that is only a label over lists: no link on its headline, no
/// text, no further reading.
fn is_labelled_list(story: &Story) -> bool {
    story.link.is_none()
        && story.further_reading.is_empty()
        && !story.paragraphs.is_empty()
        && story.paragraphs.iter().all(|p| p.kind == Some(BlockKind::List))
}

/// A label over a list, then text: the last of a digest's labels and the
/// digest's closing note (`Write to us to be listed here!`).
fn opens_with_a_list(story: &Story) -> bool {
    story.link.is_none()
        && story.further_reading.is_empty()
        && story
            .paragraphs
            .first()
            .is_some_and(|p| p.kind == Some(BlockKind::List))
}

/// `rest` joined to `story`: headlined by its innermost section
/// (`News / Other news` keeps `News` as its kicker), each part's headline
/// a paragraph over its lists. Parsed stories have no tags yet.
fn join(story: &mut Story, rest: Vec<Story>) {
    // `closing_digest` starts at a story with a kicker.
    let kicker = story.kicker.take().unwrap_or_else(|| story.headline.clone());
    let (outer, name) = match kicker.rsplit_once(" / ") {
        Some((outer, name)) => (Some(outer.to_string()), name.to_string()),
        None => (None, kicker),
    };
    let label = std::mem::replace(&mut story.headline, name);
    story.kicker = outer;
    let mut paragraphs = vec![Paragraph::plain(label)];
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
        join_closing_digest(&mut b);
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
        join_closing_digest(&mut b);
        assert_eq!(b.stories.len(), 4);
    }

    #[test]
    fn a_label_with_text_is_a_story() {
        let mut b = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            story(None, "Tools", false),
        ]);
        join_closing_digest(&mut b);
        assert_eq!(b.stories.len(), 2);
        let mut one = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            story(None, "Thanks", false),
        ]);
        join_closing_digest(&mut one);
        assert_eq!(one.stories.len(), 2);
    }

    #[test]
    fn the_last_label_may_close_with_a_note() {
        let mut last = story(None, "Tools", true);
        last.paragraphs.push(Paragraph::plain("Write to us to be listed here!"));
        let mut b = body(vec![story(Some("Elsewhere"), "Reading", true), last.clone()]);
        join_closing_digest(&mut b);
        assert_eq!(headlines(&b), [(None, "Elsewhere")]);
        // Text in a label before the last: a story, not a digest.
        let mut b = body(vec![
            story(Some("Elsewhere"), "Reading", true),
            last,
            story(None, "Events", true),
            story(None, "Thanks", false),
        ]);
        join_closing_digest(&mut b);
        assert_eq!(b.stories.len(), 4);
    }

    #[test]
    fn nested_sections_keep_the_outer_one() {
        let mut b = body(vec![
            story(Some("News / Other news"), "Reading", true),
            story(None, "Tools", true),
        ]);
        join_closing_digest(&mut b);
        assert_eq!(headlines(&b), [(Some("News"), "Other news")]);
    }
}
