//! The views of the Atom feeds (site, tag, company).

use serde::Serialize;

use crate::archive::Term;
use crate::model::Issue;
use crate::render::typography::typography;
use crate::render::views::issue_feed_html;
use crate::render::Renderer;
use crate::routes::Route;

/// `feed`, in `atom.xml`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FeedView {
    pub title: String,
    /// The feed's own absolute URL, also its id.
    pub self_url: String,
    /// The page the feed is about.
    pub alternate_url: String,
    /// RFC 3339.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct FeedEntry {
    pub title: String,
    pub url: String,
    pub id: String,
    pub updated: String,
    pub summary: Option<String>,
    /// The language of the issue (`fr`/`en`), for `xml:lang`.
    pub lang: &'static str,
    /// HTML, escaped by the template.
    pub content: String,
}

fn rfc3339(issue: &Issue) -> String {
    issue.date.format("%Y-%m-%dT00:00:00Z").to_string()
}

pub(super) fn site_feed(r: &Renderer<'_>) -> FeedView {
    let issues = &r.archive.issues[..r.archive.issues.len().min(r.config.feed_limit)];
    FeedView {
        title: r.config.title.clone(),
        self_url: Route::Feed.permalink(&r.config.base_url),
        alternate_url: Route::Home { page: 1 }.permalink(&r.config.base_url),
        updated: issues
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |i| rfc3339(i)),
        entries: issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let url = r.issue_permalink(i).to_string();
                FeedEntry {
                    title: typography(&issue.title, issue.lang),
                    id: url.clone(),
                    url,
                    updated: rfc3339(issue),
                    summary: issue.summary.clone(),
                    lang: issue.lang.code(),
                    content: issue_feed_html(issue, issue.lang),
                }
            })
            .collect(),
    }
}

pub(super) fn term_feed(r: &Renderer<'_>, term: &Term) -> FeedView {
    let entries: Vec<FeedEntry> = term
        .entries
        .iter()
        .take(r.config.feed_limit)
        .map(|entry| {
            let issue = &r.archive.issues[entry.issue];
            let issue_url = r.issue_permalink(entry.issue).to_string();
            match entry.story.and_then(|s| issue.stories.get(s).map(|story| (s, story))) {
                Some((s, story)) => {
                    let url = format!("{issue_url}#{}", story.anchor);
                    FeedEntry {
                        title: typography(&story.headline, issue.lang),
                        id: url.clone(),
                        url,
                        updated: rfc3339(issue),
                        summary: None,
                        lang: issue.lang.code(),
                        content: r.story_feed_html(entry.issue, s).to_string(),
                    }
                }
                None => FeedEntry {
                    title: typography(&issue.title, issue.lang),
                    id: issue_url.clone(),
                    url: issue_url,
                    updated: rfc3339(issue),
                    summary: issue.summary.clone(),
                    lang: issue.lang.code(),
                    content: issue_feed_html(issue, issue.lang),
                },
            }
        })
        .collect();
    let updated = term.entries.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |e| rfc3339(&r.archive.issues[e.issue]),
    );
    FeedView {
        title: format!("{} · {}", term.name, r.config.title),
        self_url: Route::TermFeed {
            kind: term.kind,
            slug: term.slug.clone(),
        }
        .permalink(&r.config.base_url),
        alternate_url: Route::Term {
            kind: term.kind,
            slug: term.slug.clone(),
            page: 1,
        }
        .permalink(&r.config.base_url),
        updated,
        entries,
    }
}
