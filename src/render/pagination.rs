//! The links of a paginated list: previous and next, and the numbers of
//! the first and last pages and of a window around the current one, with
//! a gap (`…`) for the pages left out.

use serde::Serialize;

use crate::plan::Pager;
use crate::routes::Route;

/// How many pages either side of the current one are linked.
const WINDOW: usize = 2;

/// `pager`, in the templates that list pages.
#[derive(Debug, Serialize)]
pub(super) struct PagerView {
    pub page: usize,
    pub pages: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The numbered links, in order; a gap where pages are left out.
    pub links: Vec<PageLink>,
}

/// A page number (its URL; the current page has none to follow), or a gap.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(super) struct PageLink {
    /// `None`: a gap, shown as an ellipsis.
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

pub(super) fn pager_view(pager: &Pager, base: &str, route: impl Fn(usize) -> Route) -> PagerView {
    let links = numbers(pager.page, pager.pages)
        .into_iter()
        .map(|n| PageLink {
            number: n,
            url: n.map(|n| route(n).url(base)),
            current: n == Some(pager.page),
        })
        .collect();
    PagerView {
        page: pager.page,
        pages: pager.pages,
        prev_url: (pager.page > 1).then(|| route(pager.page - 1).url(base)),
        next_url: (pager.page < pager.pages).then(|| route(pager.page + 1).url(base)),
        links,
    }
}

/// The page numbers shown for page `page` of `pages`, `None` for a gap; a
/// gap of a single page shows that page instead.
fn numbers(page: usize, pages: usize) -> Vec<Option<usize>> {
    let shown = |n: usize| n == 1 || n == pages || n.abs_diff(page) <= WINDOW;
    let shown = |n: usize| shown(n) || (n > 1 && n < pages && shown(n - 1) && shown(n + 1));
    // Only the ends and the pages near the current one can be shown: a
    // list of 3,000 pages is not walked for each of its pages.
    let near = page.saturating_sub(WINDOW + 1).max(1)..=(page + WINDOW + 1).min(pages);
    let mut candidates: Vec<usize> = [1, 2, pages.saturating_sub(1), pages]
        .into_iter()
        .chain(near)
        .filter(|&n| n >= 1 && n <= pages)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut out = Vec::new();
    let mut last = 0;
    for n in candidates.into_iter().filter(|&n| shown(n)) {
        if n > last + 1 && last > 0 {
            out.push(None);
        }
        out.push(Some(n));
        last = n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numbers;

    fn shown(page: usize, pages: usize) -> String {
        numbers(page, pages)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every page of every list up to 40 pages, against the rule read
    /// plainly (each page walked).
    #[test]
    fn only_the_pages_near_the_current_one_are_looked_at() {
        for pages in 1..=40 {
            for page in 1..=pages {
                let shown = |n: usize| n == 1 || n == pages || n.abs_diff(page) <= super::WINDOW;
                let shown = |n: usize| shown(n) || (n > 1 && n < pages && shown(n - 1) && shown(n + 1));
                let mut want = Vec::new();
                for n in 1..=pages {
                    if shown(n) {
                        want.push(Some(n));
                    } else if want.last().is_some_and(Option::is_some) {
                        want.push(None);
                    }
                }
                assert_eq!(numbers(page, pages), want, "page {page} of {pages}");
            }
        }
    }

    #[test]
    fn first_last_and_a_window() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 8), "1 2 3 … 8");
        assert_eq!(shown(5, 12), "1 2 3 4 5 6 7 … 12");
        assert_eq!(shown(6, 12), "1 … 4 5 6 7 8 … 12");
        assert_eq!(shown(12, 12), "1 … 10 11 12");
        assert_eq!(shown(3, 5), "1 2 3 4 5");
    }
}
