//! The plan stage: the list of every page of the site, each a route, the
//! template that renders it, what it shows (indexes into the archive,
//! never copies) and the parts of the archive it reads, from which its
//! fingerprint is made. Pure and cheap: rendering is the next stage's job.

use std::ops::Range;

use crate::archive::{Archive, TermKind};
use crate::routes::Route;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub route: Route,
    pub kind: PageKind,
    /// Everything the page shows: two builds whose pages read the same
    /// write the same bytes for it (`fingerprint`).
    pub reads: Vec<Read>,
}

/// A part of the archive (or of the plan) a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// Which page of a list, of how many (its pager's links).
    Pager { page: usize, pages: usize },
    /// These issues whole (`Archive.issues` indexes).
    Issues(Range<usize>),
    /// The latest issues, as many as a feed lists.
    Latest,
    /// The line of every issue in the archive's list: title, slug, date,
    /// language, number and summary.
    Lines,
    /// How many issues each year has (the links to the years).
    YearCounts,
    /// The months of a year (`Archive.years` index) and their issues.
    Year(usize),
    /// The name, slug and entry count of every term of a kind.
    Terms(TermKind),
    /// A term itself: its fields, its counts and the terms related to it.
    Term(TermKind, usize),
    /// The line (title, slug, date, language) of each issue related to
    /// this one (`Archive.issues` index).
    Related(usize),
    /// A term's entries per month (its chart).
    Chart(TermKind, usize),
    /// These entries of a term (each a story of an issue).
    Entries(TermKind, usize, Range<usize>),
    /// A term's name and its latest entries, as many as a feed lists.
    TermLatest(TermKind, usize),
    /// Every URL of the sitemap, with the dates of the issues.
    Urls,
    /// A part of the sitemap (1-based), or all of it.
    Part(Option<usize>),
    /// How many parts the sitemap, or the search index, has.
    Parts(usize),
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
    /// `/search/`, when search is on: it loads the index's bundles.
    Search {
        bundles: usize,
    },
    /// The index of every issue, as JSON (streamed: see `render_data`).
    Api,
    /// One issue whole, as JSON.
    IssueJson {
        issue: usize,
    },
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
    /// Whether the page is a site-wide data file (the JSON of every
    /// issue, the sitemap), which no page shows.
    pub(crate) fn is_data(&self) -> bool {
        matches!(
            self,
            PageKind::Api | PageKind::Sitemap { .. } | PageKind::SitemapIndex { .. }
        )
    }

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
            PageKind::Search { .. } => "search.html",
            PageKind::Api | PageKind::IssueJson { .. } => return None,
        })
    }
}

impl PageKind {
    /// The name of the page's kind, for `build --timings`.
    pub fn name(&self) -> &'static str {
        match self {
            PageKind::Home { .. } => "home",
            PageKind::Issue { .. } => "issue",
            PageKind::Archive => "archive",
            PageKind::Year { .. } => "year",
            PageKind::TermIndex { kind: TermKind::Tag } => "tags",
            PageKind::TermIndex {
                kind: TermKind::Company,
            } => "companies",
            PageKind::Term {
                kind: TermKind::Tag, ..
            } => "tag",
            PageKind::Term {
                kind: TermKind::Company,
                ..
            } => "company",
            PageKind::Feed => "feed",
            PageKind::TermFeed {
                kind: TermKind::Tag, ..
            } => "tag feed",
            PageKind::TermFeed {
                kind: TermKind::Company,
                ..
            } => "company feed",
            PageKind::Sitemap { .. } | PageKind::SitemapIndex { .. } => "sitemap",
            PageKind::Robots => "robots.txt",
            PageKind::NotFound => "404",
            PageKind::Search { .. } => "search page",
            PageKind::Api => "api index",
            PageKind::IssueJson { .. } => "api issue",
        }
    }
}

/// The order to render `todo` (indexes into `pages`) in: the few pages
/// that list the whole archive (the JSON of every issue, the archive, the
/// sitemap, the years) first, so that on several cores they run alongside
/// the many small pages instead of holding the last core at the end.
pub(crate) fn longest_first(pages: &[Page], todo: impl IntoIterator<Item = usize>) -> Vec<usize> {
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
pub(crate) fn paginate(count: usize, per_page: usize) -> Vec<Pager> {
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
pub(crate) const SITEMAP_LIMIT: usize = 50_000;

/// Every page of the site, with what each reads; `search` (issues per
/// bundle of its index) adds the search page.
pub fn plan(archive: &Archive, per_page: usize, search: Option<usize>) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut add = |route: Route, kind: PageKind, reads: Vec<Read>| pages.push(Page { route, kind, reads });
    for pager in paginate(archive.issues.len(), per_page) {
        let reads = vec![pager.read(), Read::Issues(pager.items.clone())];
        add(Route::Home { page: pager.page }, PageKind::Home { pager }, reads);
    }
    let count = archive.issues.len();
    for (i, issue) in archive.issues.iter().enumerate() {
        let route = Route::Issue {
            slug: issue.slug.clone(),
        };
        // The issue, its neighbours (previous and next links) and the
        // issues related to it.
        let reads = vec![Read::Issues(i.saturating_sub(1)..(i + 2).min(count)), Read::Related(i)];
        add(route, PageKind::Issue { issue: i }, reads);
    }
    add(Route::Archive, PageKind::Archive, vec![Read::Lines]);
    for (i, year) in archive.years.iter().enumerate() {
        let reads = vec![Read::YearCounts, Read::Year(i)];
        add(Route::Year { year: year.year }, PageKind::Year { year: i }, reads);
    }
    for kind in [TermKind::Tag, TermKind::Company] {
        add(
            Route::TermIndex { kind },
            PageKind::TermIndex { kind },
            vec![Read::Terms(kind)],
        );
        for (t, term) in archive.terms(kind).iter().enumerate() {
            for pager in paginate(term.entries.len(), per_page) {
                let route = Route::Term {
                    kind,
                    slug: term.slug.clone(),
                    page: pager.page,
                };
                let mut reads = vec![
                    Read::Term(kind, t),
                    pager.read(),
                    Read::Entries(kind, t, pager.items.clone()),
                ];
                if pager.page == 1 {
                    reads.push(Read::Chart(kind, t));
                }
                add(route, PageKind::Term { kind, term: t, pager }, reads);
            }
            let route = Route::TermFeed {
                kind,
                slug: term.slug.clone(),
            };
            add(
                route,
                PageKind::TermFeed { kind, term: t },
                vec![Read::TermLatest(kind, t)],
            );
        }
    }
    add(Route::Feed, PageKind::Feed, vec![Read::Latest]);
    let listed = pages.iter().filter(|p| p.route.in_sitemap()).count();
    let parts = listed.div_ceil(SITEMAP_LIMIT);
    let mut add = |route: Route, kind: PageKind, reads: Vec<Read>| pages.push(Page { route, kind, reads });
    if parts <= 1 {
        let reads = vec![Read::Urls, Read::Part(None)];
        add(Route::Sitemap, PageKind::Sitemap { part: None }, reads);
    } else {
        add(
            Route::Sitemap,
            PageKind::SitemapIndex { parts },
            vec![Read::Parts(parts)],
        );
        for part in 1..=parts {
            let reads = vec![Read::Urls, Read::Part(Some(part))];
            add(
                Route::SitemapPart { part },
                PageKind::Sitemap { part: Some(part) },
                reads,
            );
        }
    }
    add(Route::Robots, PageKind::Robots, Vec::new());
    add(Route::NotFound, PageKind::NotFound, Vec::new());
    if let Some(size) = search {
        // Its HTML is the theme's and the list of bundles: the index it
        // searches is made apart (src/search).
        let bundles = crate::search::bundle_count(count, size);
        add(Route::Search, PageKind::Search { bundles }, vec![Read::Parts(bundles)]);
    }
    add(Route::Api, PageKind::Api, vec![Read::Issues(0..count)]);
    for (i, issue) in archive.issues.iter().enumerate() {
        let route = Route::IssueJson {
            slug: issue.slug.clone(),
        };
        add(route, PageKind::IssueJson { issue: i }, vec![Read::Issues(i..i + 1)]);
    }
    pages
}

impl Pager {
    fn read(&self) -> Read {
        Read::Pager {
            page: self.page,
            pages: self.pages,
        }
    }
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
