//! What templates see: borrowed view structs built from the archive, one
//! per kind of thing shown (an issue, a card in a list, a term, a feed
//! entry). Their fields are the template variables the README documents.

use serde::Serialize;

use crate::archive::TermKind;
use crate::config::Lang;
use crate::model::{Issue, Paragraph, Story};
use crate::render::blocks::{block_html, cited_html};
use crate::render::text::text_html;
use crate::render::typography::typography;
use crate::routes::Route;

/// `site`, in every template.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub author: Option<&'a str>,
    pub lang: &'static str,
    /// Absolute, no trailing slash.
    pub base_url: &'a str,
    /// Prefix of every link, no trailing slash (`/archive` or empty).
    pub base_path: &'a str,
    pub home_url: String,
    pub archive_url: String,
    pub tags_url: String,
    pub companies_url: String,
    pub feed_url: String,
    pub feed_permalink: String,
    pub stylesheet_url: String,
    /// `/search/`, when search is on (`search = false` in site.toml: none).
    pub search_url: Option<String>,
    /// The site's icon (`static/favicon.*` or the monogram) and its type.
    pub favicon_url: String,
    pub favicon_type: &'static str,
    /// Where readers subscribe to the newsletter (`subscribe_url` in
    /// site.toml), if set.
    pub subscribe_url: Option<&'a str>,
}

/// A link to an index term, as tags and companies are listed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TermLink<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    /// Stories filed under the term: in term indexes and related lists
    /// only, so that a page showing a tag does not change with its count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// A link to a story of an issue.
#[derive(Debug, Clone, Serialize)]
pub(super) struct StoryLink<'a> {
    pub headline: &'a str,
    pub url: &'a str,
}

/// An issue in a list (home, year, previous and next): its line's fields
/// and more.
#[derive(Debug, Clone, Serialize)]
pub(super) struct IssueCard<'a> {
    #[serde(flatten)]
    pub line: IssueLine<'a>,
    pub slug: &'a str,
    pub summary: Option<&'a str>,
    pub stories: Vec<StoryLink<'a>>,
    pub tags: Vec<TermLink<'a>>,
    /// The few tags a card shows, heaviest first (`render/chips.rs`).
    pub chips: Vec<TermLink<'a>>,
}

/// An issue on one line (the archive, related issues).
#[derive(Debug, Clone, Serialize)]
pub(super) struct IssueLine<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// `2023-12-06`
    pub date: &'a str,
    /// `6 décembre 2023`
    pub date_long: &'a str,
    /// The day alone (`6`, `1er`), under its month's heading.
    pub day: String,
    /// The language the issue is written in (`fr`/`en`).
    pub lang: &'static str,
    pub number: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ParagraphView {
    /// The lead-in, already typeset; escaped by the template.
    pub lead: Option<String>,
    /// The lead-in's fragment identifier.
    pub anchor: Option<String>,
    /// The paragraph's HTML (escaped text, links): print with `| safe`.
    pub html: String,
    /// `html` is a whole block (list, table) rather than a paragraph's inside.
    pub block: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct LinkView<'a> {
    pub title: String,
    pub url: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct StoryView<'a> {
    /// The section above the headline (`MARKETS`), if the editor wrote one.
    pub kicker: Option<&'a str>,
    pub headline: &'a str,
    /// The page the headline links to (`Title <https://…>`), if any.
    pub link: Option<&'a str>,
    pub anchor: &'a str,
    /// The story's link from elsewhere: the issue's URL and the anchor.
    pub url: &'a str,
    pub paragraphs: Vec<ParagraphView>,
    pub further_reading: Vec<LinkView<'a>>,
    pub tags: Vec<TermLink<'a>>,
    pub companies: Vec<TermLink<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct TeaserView {
    pub text: String,
    /// `#anchor` of the story it announces, when found.
    pub href: Option<String>,
}

/// An entry of an issue's contents: a story, by its teaser when the
/// editor wrote one (else its headline), or a teaser without its story.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ContentsItem {
    pub text: String,
    /// `#anchor` of the story.
    pub href: Option<String>,
}

/// `issue`, in `issue.html`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct IssueView<'a> {
    #[serde(flatten)]
    pub card: IssueCard<'a>,
    pub permalink: &'a str,
    pub authors: &'a [String],
    pub teasers: Vec<TeaserView>,
    /// The stories and teasers in one list: each story once.
    pub contents: Vec<ContentsItem>,
    pub intro: Vec<ParagraphView>,
    pub stories: Vec<StoryView<'a>>,
    pub outro: Vec<ParagraphView>,
    pub credits: Option<String>,
    pub companies: Vec<TermLink<'a>>,
    /// The issue's images its text does not show (an email's attached
    /// images), shown after its stories.
    pub images: Vec<ImageView<'a>>,
    /// The issue before this one, and the one after.
    pub older: Option<IssueCard<'a>>,
    pub newer: Option<IssueCard<'a>>,
    /// The issues sharing the most of its (rarer) companies and tags.
    pub related: Vec<IssueLine<'a>>,
}

/// An image of an issue, written beside its page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ImageView<'a> {
    pub url: String,
    pub alt: &'a str,
}

/// The images of `issue` that its text does not show already (an inline
/// image its text refers to by file name is left out).
pub(super) fn images_view<'a>(issue: &'a Issue, base_path: &str) -> Vec<ImageView<'a>> {
    let paragraphs = || {
        issue
            .intro
            .iter()
            .chain(issue.stories.iter().flat_map(|s| &s.paragraphs))
            .chain(&issue.outro)
    };
    let shown =
        |name: &str| paragraphs().any(|p| p.text.contains(name) || p.html.as_deref().is_some_and(|h| h.contains(name)));
    issue
        .assets
        .iter()
        .filter(|asset| !shown(&asset.name))
        .map(|asset| ImageView {
            url: Route::IssueFile {
                slug: issue.slug.clone(),
                name: asset.name.clone(),
            }
            .url(base_path),
            alt: &asset.alt,
        })
        .collect()
}

pub(super) fn paragraph_view(p: &Paragraph, story_anchor: &str, lang: Lang) -> ParagraphView {
    let shown = block_html(p, lang);
    let block = p.block || shown.is_some();
    let html = match (&p.html, shown) {
        (Some(html), _) => html.clone(),
        (None, Some(shown)) => shown,
        (None, None) => cited_html(p, lang).unwrap_or_else(|| text_html(&p.text, lang)),
    };
    ParagraphView {
        anchor: p
            .lead
            .as_deref()
            .map(|lead| format!("{story_anchor}-{}", crate::slug::slugify(lead)))
            .filter(|a| !a.ends_with('-')),
        lead: p.lead.as_deref().map(|l| typography(l, lang)),
        html,
        block,
    }
}

pub(super) fn story_view<'a>(
    story: &'a Story,
    headline: &'a str,
    url: &'a str,
    lang: Lang,
    term_link: &dyn Fn(TermKind, &str) -> Option<TermLink<'a>>,
) -> StoryView<'a> {
    StoryView {
        kicker: story.kicker.as_deref(),
        headline,
        link: story.link.as_deref(),
        anchor: &story.anchor,
        url,
        paragraphs: story
            .paragraphs
            .iter()
            .map(|p| paragraph_view(p, &story.anchor, lang))
            .collect(),
        further_reading: story
            .further_reading
            .iter()
            .map(|l| LinkView {
                title: typography(&l.title, lang),
                url: l.url.as_deref(),
            })
            .collect(),
        tags: story.tags.iter().filter_map(|s| term_link(TermKind::Tag, s)).collect(),
        companies: story
            .companies
            .iter()
            .filter_map(|s| term_link(TermKind::Company, s))
            .collect(),
    }
}

/// The issue's body as plain HTML, for feed readers (no theme there).
pub(super) fn issue_feed_html(issue: &Issue, lang: Lang) -> String {
    let mut html = String::new();
    for p in &issue.intro {
        push_paragraph(&mut html, p, lang);
    }
    for story in &issue.stories {
        story_feed_html_into(&mut html, story, lang);
    }
    for p in &issue.outro {
        push_paragraph(&mut html, p, lang);
    }
    html
}

pub(super) fn story_feed_html(story: &Story, lang: Lang) -> String {
    let mut html = String::new();
    story_feed_html_into(&mut html, story, lang);
    html
}

fn story_feed_html_into(html: &mut String, story: &Story, lang: Lang) {
    html.push_str("<h2>");
    match &story.link {
        Some(url) => html.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            crate::render::text::escape(url),
            text_html(&story.headline, lang)
        )),
        None => html.push_str(&text_html(&story.headline, lang)),
    }
    html.push_str("</h2>\n");
    for p in &story.paragraphs {
        push_paragraph(html, p, lang);
    }
    if !story.further_reading.is_empty() {
        html.push_str("<ul>\n");
        for link in &story.further_reading {
            html.push_str("<li>");
            match &link.url {
                Some(url) => {
                    html.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        crate::render::text::escape(url),
                        text_html(&link.title, lang)
                    ));
                }
                None => html.push_str(&text_html(&link.title, lang)),
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
}

fn push_paragraph(html: &mut String, p: &Paragraph, lang: Lang) {
    let view = paragraph_view(p, "", lang);
    if view.block {
        html.push_str(&view.html);
        return;
    }
    html.push_str("<p>");
    if let Some(lead) = &view.lead {
        html.push_str("<strong>");
        html.push_str(&crate::render::text::escape(lead));
        html.push_str("</strong> – ");
    }
    html.push_str(&view.html);
    html.push_str("</p>\n");
}
