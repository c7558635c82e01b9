//! The plan stage: the list of every page of the site, each a route, the
//! template that renders it and what it shows (indexes into the archive,
//! never copies). Pure and cheap: rendering is the next stage's job.

use std::ops::Range;

use crate::archive::{Archive, TermKind};
use crate::routes::Route;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub route: Route,
    pub kind: PageKind,
}

/// What a page shows; ranges index `Archive.issues` or a term's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home {
        pager: Pager,
    },
    Issue {
        issue: usize,
    },
    Archive,
    Year {
        year: usize,
    },
    TermIndex {
        kind: TermKind,
    },
    Term {
        kind: TermKind,
        term: usize,
        pager: Pager,
    },
    Feed,
    TermFeed {
        kind: TermKind,
        term: usize,
    },
    /// The sitemap, or one part of it (1-based) when it is split.
    Sitemap {
        part: Option<usize>,
    },
    /// The list of the sitemap's parts, at `/sitemap.xml`, when the site has
    /// more pages than one sitemap may list.
    SitemapIndex {
        parts: usize,
    },
    Robots,
    NotFound,
    /// `/search/`, when search is on.
    Search,
    Api,
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub items: Range<usize>,
}

impl PageKind {
    /// The Tera template that renders the page (`None`: written as data).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            PageKind::Home { .. } => "index.html",
            PageKind::Issue { .. } => "issue.html",
            PageKind::Archive => "archive.html",
            PageKind::Year { .. } => "year.html",
            PageKind::TermIndex { kind: TermKind::Tag } => "tags.html",
            PageKind::TermIndex {
                kind: TermKind::Company,
            } => "companies.html",
            PageKind::Term {
                kind: TermKind::Tag, ..
            } => "tag.html",
            PageKind::Term {
                kind: TermKind::Company,
                ..
            } => "company.html",
            PageKind::Feed | PageKind::TermFeed { .. } => "atom.xml",
            PageKind::Sitemap { .. } => "sitemap.xml",
            PageKind::SitemapIndex { .. } => "sitemap_index.xml",
            PageKind::Robots => "robots.txt",
            PageKind::NotFound => "404.html",
            PageKind::Search => "search.html",
            PageKind::Api => return None,
        })
    }
}

/// The order to render `todo` (indexes into `pages`) in: the few pages
/// that list the whole archive (the JSON of every issue, the archive, the
/// sitemap, the years) first, so that on several cores they run alongside
/// the many small pages instead of holding the last core at the end.
pub fn longest_first(pages: &[Page], todo: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let rank = |kind: &PageKind| match kind {
        PageKind::Api => 0,
        PageKind::Archive => 1,
        PageKind::Sitemap { .. } | PageKind::SitemapIndex { .. } => 2,
        PageKind::Year { .. } => 3,
        _ => 4,
    };
    let mut order: Vec<usize> = todo.into_iter().collect();
    order.sort_by_key(|&i| rank(&pages[i].kind));
    order
}

/// Splits `count` items into pages of `per_page` (at least one page, even empty).
pub fn paginate(count: usize, per_page: usize) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let pages = count.div_ceil(per_page).max(1);
    (1..=pages)
        .map(|page| Pager {
            page,
            pages,
            items: ((page - 1) * per_page).min(count)..(page * per_page).min(count),
        })
        .collect()
}

/// The most URLs one sitemap file may list (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Every page of the site; `search` adds the search page.
pub fn plan(archive: &Archive, per_page: usize, search: bool) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut add = |route: Route, kind: PageKind| pages.push(Page { route, kind });
    for pager in paginate(archive.issues.len(), per_page) {
        add(Route::Home { page: pager.page }, PageKind::Home { pager });
    }
    for (i, issue) in archive.issues.iter().enumerate() {
        add(
            Route::Issue {
                slug: issue.slug.clone(),
            },
            PageKind::Issue { issue: i },
        );
    }
    add(Route::Archive, PageKind::Archive);
    for (i, year) in archive.years.iter().enumerate() {
        add(Route::Year { year: year.year }, PageKind::Year { year: i });
    }
    for kind in [TermKind::Tag, TermKind::Company] {
        add(Route::TermIndex { kind }, PageKind::TermIndex { kind });
        for (t, term) in archive.terms(kind).iter().enumerate() {
            for pager in paginate(term.entries.len(), per_page) {
                let route = Route::Term {
                    kind,
                    slug: term.slug.clone(),
                    page: pager.page,
                };
                add(route, PageKind::Term { kind, term: t, pager });
            }
            let route = Route::TermFeed {
                kind,
                slug: term.slug.clone(),
            };
            add(route, PageKind::TermFeed { kind, term: t });
        }
    }
    add(Route::Feed, PageKind::Feed);
    let listed = pages.iter().filter(|p| p.route.in_sitemap()).count();
    let parts = listed.div_ceil(SITEMAP_LIMIT);
    let mut add = |route: Route, kind: PageKind| pages.push(Page { route, kind });
    if parts <= 1 {
        add(Route::Sitemap, PageKind::Sitemap { part: None });
    } else {
        add(Route::Sitemap, PageKind::SitemapIndex { parts });
        for part in 1..=parts {
            add(Route::SitemapPart { part }, PageKind::Sitemap { part: Some(part) });
        }
    }
    add(Route::Robots, PageKind::Robots);
    add(Route::NotFound, PageKind::NotFound);
    if search {
        add(Route::Search, PageKind::Search);
    }
    add(Route::Api, PageKind::Api);
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination() {
        let pages = paginate(25, 10);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2].items, 20..25);
        assert_eq!(paginate(0, 10).len(), 1);
    }
}
