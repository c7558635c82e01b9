//! Every URL of the site, in one place: a `Route` gives both the link
//! (relative to the site root, pretty: `/issues/x/`) and the output file
//! (`issues/x/index.html`). Prefixing with the base path or URL is here too.

use std::path::PathBuf;

use crate::archive::TermKind;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Route {
    /// Page 1 is `/`, page N is `/page/N/`.
    Home {
        page: usize,
    },
    Issue {
        slug: String,
    },
    Archive,
    Year {
        year: i32,
    },
    TermIndex {
        kind: TermKind,
    },
    Term {
        kind: TermKind,
        slug: String,
        page: usize,
    },
    Feed,
    TermFeed {
        kind: TermKind,
        slug: String,
    },
    Sitemap,
    /// One part of a sitemap too large for one file.
    SitemapPart {
        part: usize,
    },
    Robots,
    NotFound,
    /// The search page (Pagefind's UI over the index in `/pagefind/`).
    Search,
    /// The index of every issue, as JSON.
    Api,
    /// One issue whole, as JSON.
    IssueJson {
        slug: String,
    },
    /// A file of `static/` or of the default theme.
    Asset {
        path: String,
    },
    /// A file of an issue beside its page (an email's image).
    IssueFile {
        slug: String,
        name: String,
    },
}

fn section(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Tag => "tags",
        TermKind::Company => "companies",
    }
}

fn paged(base: String, page: usize) -> String {
    if page <= 1 {
        base
    } else {
        format!("{base}page/{page}/")
    }
}

impl Route {
    /// The path from the site root, starting with `/`; folders end with `/`.
    pub fn path(&self) -> String {
        match self {
            Route::Home { page } => paged("/".to_string(), *page),
            Route::Issue { slug } => format!("/issues/{slug}/"),
            Route::Archive => "/archive/".to_string(),
            Route::Year { year } => format!("/archive/{year}/"),
            Route::TermIndex { kind } => format!("/{}/", section(*kind)),
            Route::Term { kind, slug, page } => paged(format!("/{}/{slug}/", section(*kind)), *page),
            Route::Feed => "/feed.xml".to_string(),
            Route::TermFeed { kind, slug } => format!("/{}/{slug}/feed.xml", section(*kind)),
            Route::Sitemap => "/sitemap.xml".to_string(),
            Route::SitemapPart { part } => format!("/sitemap-{part}.xml"),
            Route::Robots => "/robots.txt".to_string(),
            Route::NotFound => "/404.html".to_string(),
            Route::Search => "/search/".to_string(),
            Route::Api => "/api/issues.json".to_string(),
            Route::IssueJson { slug } => format!("/api/issues/{slug}.json"),
            Route::Asset { path } => format!("/{path}"),
            Route::IssueFile { slug, name } => format!("/issues/{slug}/{name}"),
        }
    }

    /// The file written for this route, relative to the output folder.
    pub fn file(&self) -> PathBuf {
        let path = self.path();
        let path = path.trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            PathBuf::from(format!("{path}index.html"))
        } else {
            PathBuf::from(path)
        }
    }

    /// The link inside the site: the base path then the route's path.
    pub fn url(&self, base_path: &str) -> String {
        format!("{base_path}{}", self.path())
    }

    /// The absolute URL, for feeds, the sitemap and canonical links.
    pub(crate) fn permalink(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.path())
    }

    /// Whether search engines should list this page in the sitemap.
    pub(crate) fn in_sitemap(&self) -> bool {
        matches!(
            self,
            Route::Home { .. }
                | Route::Issue { .. }
                | Route::Archive
                | Route::Year { .. }
                | Route::TermIndex { .. }
                | Route::Term { .. }
                | Route::Search
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_files() {
        let tag = Route::Term {
            kind: TermKind::Tag,
            slug: "ia".into(),
            page: 2,
        };
        assert_eq!(tag.path(), "/tags/ia/page/2/");
        assert_eq!(tag.file(), PathBuf::from("tags/ia/page/2/index.html"));
        assert_eq!(Route::Home { page: 1 }.file(), PathBuf::from("index.html"));
        assert_eq!(Route::Feed.file(), PathBuf::from("feed.xml"));
        assert_eq!(
            Route::IssueJson { slug: "x".into() }.file(),
            PathBuf::from("api/issues/x.json")
        );
        assert_eq!(Route::Issue { slug: "x".into() }.url("/archive"), "/archive/issues/x/");
        assert_eq!(
            Route::Sitemap.permalink("https://a.org/sub"),
            "https://a.org/sub/sitemap.xml"
        );
    }
}
