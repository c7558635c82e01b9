//! The JSON API, the structured content for other tools: `/api/issues.json`,
//! an index of every issue (what a list shows), and `/api/issues/<slug>.json`,
//! one issue whole. Both carry `version`, the shape's number.

use std::io::Write;

use serde::Serialize;

use crate::model::Issue;
use crate::render::Renderer;
use crate::routes::Route;

/// The number of the API's shape. 1 was one `api/issues.json` holding
/// every issue whole; 2 splits it into an index and a file per issue.
pub(crate) const API_VERSION: u32 = 2;

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    issues: Vec<IndexEntry<'a>>,
}

/// What the index tells of an issue: enough to list it and find its file.
#[derive(Serialize)]
struct IndexEntry<'a> {
    slug: &'a str,
    title: &'a str,
    /// `YYYY-MM-DD`, as in the issue's file.
    date: String,
    /// The issue's page.
    url: &'a str,
    /// The issue's own JSON file, whole.
    json: String,
    tags: &'a [String],
    companies: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct IssueFile<'a> {
    version: u32,
    #[serde(flatten)]
    issue: &'a Issue,
    url: &'a str,
}

/// The absolute URL of an issue's JSON file.
fn json_url(r: &Renderer<'_>, issue: &Issue) -> String {
    Route::IssueJson {
        slug: issue.slug.clone(),
    }
    .permalink(&r.config.base_url)
}

/// `/api/issues.json`: every issue, newest first, without its stories;
/// written as it is serialised (it lists the whole archive).
pub(super) fn index_json(r: &Renderer<'_>, out: impl Write) -> Result<(), serde_json::Error> {
    let index = Index {
        version: API_VERSION,
        issues: r
            .archive
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| IndexEntry {
                slug: &issue.slug,
                title: &issue.title,
                date: issue.date.format("%Y-%m-%d").to_string(),
                url: r.issue_permalink(i),
                json: json_url(r, issue),
                tags: &issue.tags,
                companies: &issue.companies,
                summary: issue.summary.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer(out, &index)
}

/// `/api/issues/<slug>.json`: issue `i` whole, text as written.
pub(super) fn issue_json(r: &Renderer<'_>, i: usize) -> Result<Vec<u8>, serde_json::Error> {
    let issue = &r.archive.issues[i];
    serde_json::to_vec(&IssueFile {
        version: API_VERSION,
        issue: issue.as_ref(),
        url: r.issue_permalink(i),
    })
}
