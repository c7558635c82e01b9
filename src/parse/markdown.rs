//! Markdown issues (`.md`): CommonMark through pulldown-cmark. `##` starts
//! a story, text before it is the introduction, a list after a
//! further-reading label is the story's further reading, an image alone
//! in its paragraph an image block. Raw HTML is shown as text unless the
//! site allows it, then sanitised. Links and images to unsafe URLs
//! (`javascript:`…) are dropped, their text kept.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::labels::Labels;
use crate::model::{BlockKind, Link, Paragraph, Story};
use crate::parse::plaintext::split_teasers;
use crate::parse::sanitize::{safe_url, sanitize_html, visible_text};
use crate::parse::Body;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A top-level block and its events.
struct Block<'a> {
    events: Vec<Event<'a>>,
    /// It holds raw HTML the site allows: its rendering is sanitised.
    raw_html: bool,
}

impl Block<'_> {
    fn first_tag(&self) -> Option<&Tag<'_>> {
        match self.events.first() {
            Some(Event::Start(tag)) => Some(tag),
            _ => None,
        }
    }

    fn plain_text(&self) -> String {
        plain_text(&self.events)
    }
}

pub(super) fn parse(body: &str, labels: &Labels, allow_html: bool) -> Body {
    let mut out = Body::default();
    let mut further_reading_next = false;
    for block in blocks(body, allow_html) {
        match block.first_tag() {
            Some(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if out.stories.is_empty() && out.title.is_none() => {
                out.title = Some((block.plain_text(), 1));
            }
            Some(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                further_reading_next = false;
                out.stories.push(Story {
                    kicker: None,
                    headline: block.plain_text(),
                    link: None,
                    anchor: String::new(),
                    paragraphs: Vec::new(),
                    further_reading: Vec::new(),
                    tags: Vec::new(),
                    companies: Vec::new(),
                    mentions: Vec::new(),
                });
            }
            Some(Tag::List(_)) if further_reading_next && !out.stories.is_empty() => {
                further_reading_next = false;
                if let Some(story) = out.stories.last_mut() {
                    story.further_reading.extend(list_links(&block.events));
                }
            }
            Some(Tag::Paragraph) => {
                let text = block.plain_text();
                if let (Some(rest), true) = (labels.teasers(&text), out.stories.is_empty()) {
                    out.teasers.extend(split_teasers(rest));
                } else if let Some(rest) = labels.further_reading(&text) {
                    further_reading_next = true;
                    if let (false, Some(story)) = (rest.is_empty(), out.stories.last_mut()) {
                        story.further_reading.push(Link {
                            title: rest.to_string(),
                            url: None,
                        });
                    }
                } else if let Some(rest) = labels.credits(&text) {
                    out.credits = Some(rest.to_string());
                } else if let Some(image) = image(&block.events) {
                    further_reading_next = false;
                    push(&mut out, image);
                } else {
                    further_reading_next = false;
                    push(&mut out, paragraph(block.events, block.raw_html));
                }
            }
            _ => {
                further_reading_next = false;
                let (text, rendered) = render(block.events, block.raw_html);
                push(
                    &mut out,
                    Paragraph {
                        lead: None,
                        html: Some(rendered),
                        block: true,
                        ..Paragraph::plain(text)
                    },
                );
            }
        }
    }
    out
}

fn push(out: &mut Body, paragraph: Paragraph) {
    match out.stories.last_mut() {
        Some(story) => story.paragraphs.push(paragraph),
        None => out.intro.push(paragraph),
    }
}

/// Splits the event stream into top-level blocks; raw HTML becomes text
/// unless allowed, links and images to unsafe URLs lose their markup.
fn blocks(body: &str, allow_html: bool) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    let mut raw_html = false;
    let mut depth = 0usize;
    let mut links = Vec::new();
    for event in Parser::new_ext(body, options()) {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => Event::Text(raw),
            other => other,
        };
        let Some(event) = safe_link(event, &mut links) else {
            continue;
        };
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push(event);
        if depth == 0 {
            blocks.push(Block {
                events: std::mem::take(&mut current),
                raw_html: std::mem::take(&mut raw_html),
            });
        }
    }
    if !current.is_empty() {
        blocks.push(Block {
            events: current,
            raw_html,
        });
    }
    blocks
}

/// A link or an image to an unsafe URL loses its start and end, so its
/// text (an image's alt text) stays as text. `links` holds, for each link
/// or image open, whether it was kept.
fn safe_link<'a>(event: Event<'a>, links: &mut Vec<bool>) -> Option<Event<'a>> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = kept_url(&dest_url, links)?;
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = kept_url(&dest_url, links)?;
            Some(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => links.pop().unwrap_or(true).then_some(event),
        other => Some(other),
    }
}

/// The safe form of a link's URL, noting in `links` whether it was kept.
fn kept_url<'a>(url: &str, links: &mut Vec<bool>) -> Option<CowStr<'a>> {
    let url = safe_url(url);
    links.push(url.is_some());
    url.map(CowStr::from)
}

/// Events as text and HTML. With raw HTML, the HTML is sanitised and the
/// text is what it shows (no tags, no script).
fn render(events: Vec<Event<'_>>, raw_html: bool) -> (String, String) {
    let text = plain_text(&events);
    let mut rendered = String::new();
    html::push_html(&mut rendered, events.into_iter());
    if raw_html {
        let clean = sanitize_html(&rendered);
        (visible_text(&clean), clean)
    } else {
        (text, rendered)
    }
}

/// A paragraph's inside as HTML; `**Lead** – text` gives a lead-in.
fn paragraph(events: Vec<Event<'_>>, raw_html: bool) -> Paragraph {
    // Drop the paragraph's own start and end: the template wraps it.
    let inner: Vec<Event<'_>> = events
        .into_iter()
        .filter(|e| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
        .collect();
    let (lead, inner) = split_lead(inner);
    let (text, html) = render(inner, raw_html);
    Paragraph {
        lead,
        html: Some(html),
        ..Paragraph::plain(text)
    }
}

/// A paragraph of one image alone (`![alt](src)`): an image block, as
/// an HTML issue's images are.
fn image(events: &[Event<'_>]) -> Option<Paragraph> {
    let [Event::Start(Tag::Paragraph), Event::Start(Tag::Image { dest_url, .. }), alt @ .., Event::End(TagEnd::Image), Event::End(TagEnd::Paragraph)] =
        events
    else {
        return None;
    };
    Some(Paragraph {
        kind: Some(BlockKind::Image),
        src: Some(dest_url.to_string()),
        ..Paragraph::plain(plain_text(alt))
    })
}

/// `**Lead** – rest`: the strong text becomes the lead-in when a dash or a
/// colon follows it.
fn split_lead(events: Vec<Event<'_>>) -> (Option<String>, Vec<Event<'_>>) {
    let Some(Event::Start(Tag::Strong)) = events.first() else {
        return (None, events);
    };
    let Some(end) = events.iter().position(|e| matches!(e, Event::End(TagEnd::Strong))) else {
        return (None, events);
    };
    let lead = plain_text(&events[1..end]).trim().to_string();
    let Some(Event::Text(after)) = events.get(end + 1) else {
        return (None, events);
    };
    let trimmed = after.trim_start();
    let Some(rest) = ["–", "—", "-", ":"].iter().find_map(|d| trimmed.strip_prefix(d)) else {
        return (None, events);
    };
    if lead.is_empty() || lead.split_whitespace().count() > 10 {
        return (None, events);
    }
    let rest = rest.trim_start().to_string();
    let mut remaining: Vec<Event<'_>> = Vec::with_capacity(events.len());
    if !rest.is_empty() {
        remaining.push(Event::Text(CowStr::from(rest)));
    }
    remaining.extend(events.into_iter().skip(end + 2));
    (Some(lead), remaining)
}

/// Items of a list as links: the first link of an item gives its URL.
fn list_links(events: &[Event<'_>]) -> Vec<Link> {
    let mut links = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth == 1 {
                    start = i;
                }
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if depth == 0 {
                    let item = &events[start..=i];
                    let url = item.iter().find_map(|e| match e {
                        Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                        _ => None,
                    });
                    let text = plain_text(item).trim().to_string();
                    links.push(match url {
                        Some(url) => Link {
                            title: text,
                            url: Some(url),
                        },
                        None => crate::parse::links::parse_link(&text),
                    });
                }
            }
            _ => {}
        }
    }
    links
}

/// The text of events, without markup.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_intro_further_reading() {
        let body = "Bonjour à tous.\n\n## Une histoire\n\n**Le point** – Un texte avec un [lien](https://x.org).\n\nPour aller plus loin:\n\n- [Lire](https://y.org)\n- Autre titre\n\nCrédit photos: AFP\n";
        let out = parse(body, &Labels::default(), false);
        assert_eq!(out.intro.len(), 1);
        assert_eq!(out.stories.len(), 1);
        let story = &out.stories[0];
        assert_eq!(story.headline, "Une histoire");
        assert_eq!(story.paragraphs[0].lead.as_deref(), Some("Le point"));
        assert_eq!(story.paragraphs[0].text, "Un texte avec un lien.");
        assert_eq!(story.further_reading.len(), 2);
        assert_eq!(story.further_reading[0].url.as_deref(), Some("https://y.org"));
        assert_eq!(out.credits.as_deref(), Some("AFP"));
    }

    #[test]
    fn an_image_alone_is_an_image_block() {
        let body =
            "## S\n\n![A *chart*](https://x.org/a.png)\n\nText ![icon](https://x.org/i.png).\n\n![b](javascript:x)\n";
        let out = parse(body, &Labels::default(), false);
        let kinds: Vec<Option<BlockKind>> = out.stories[0].paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Some(BlockKind::Image), None, None]);
        let image = &out.stories[0].paragraphs[0];
        assert_eq!(
            (image.src.as_deref(), image.text.as_str()),
            (Some("https://x.org/a.png"), "A chart")
        );
    }

    #[test]
    fn raw_html_is_text() {
        let out = parse("## S\n\nA <script>alert(1)</script> b\n", &Labels::default(), false);
        let html = out.stories[0].paragraphs[0].html.clone().unwrap_or_default();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn unsafe_links_and_images_keep_their_text() {
        let body = "## S\n\n[a](javascript:alert(1)) ![b](data:x) [c](https://x.org) [d](//x.org/d)\n";
        let out = parse(body, &Labels::default(), false);
        let html = out.stories[0].paragraphs[0].html.clone().unwrap_or_default();
        assert_eq!(
            html,
            "a b <a href=\"https://x.org\">c</a> <a href=\"https://x.org/d\">d</a>"
        );
    }

    #[test]
    fn allowed_html_is_sanitised_and_its_text_is_what_it_shows() {
        let body = "## S\n\nA <a href=\"javascript:x\" onclick=\"y\">b</a> <script>z</script>\n";
        let out = parse(body, &Labels::default(), true);
        let paragraph = &out.stories[0].paragraphs[0];
        let html = paragraph.html.clone().unwrap_or_default();
        for gone in ["javascript", "onclick", "script", "z"] {
            assert!(!html.contains(gone), "{html}");
        }
        assert_eq!(paragraph.text, "A b");
    }
}
