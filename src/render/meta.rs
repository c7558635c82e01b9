//! What the `<head>` of a page says about it (`page` in templates): its
//! title and description, its canonical address (none on the 404 page),
//! `noindex` on the 404 page and the pages 2+ of a list, the Open Graph
//! type, locale, date and image, and its JSON-LD.

use chrono::Datelike;
use serde::Serialize;

use crate::archive::TermKind;
use crate::config::Lang;
use crate::model::{BlockKind, Issue};
use crate::parse::sanitize::safe_url;
use crate::plan::{Page, PageKind};
use crate::render::describe;
use crate::render::json_ld::{self, Agent, Article, Breadcrumbs, Node, SearchAction, WebSite};
use crate::render::site_files::ImageMeta;
use crate::render::Renderer;
use crate::routes::Route;

/// Open Graph asks for images of at least 200 × 200 pixels.
const SMALLEST_IMAGE: u32 = 200;

/// Google shows at most 110 characters of a headline.
const HEADLINE_CHARS: usize = 110;

/// `page`, in every template: what the `<head>` needs.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageMeta {
    /// The `<title>`: the page's own, then the site's.
    pub title: String,
    /// The page's own title (the site's on the home page), for previews.
    pub og_title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// The page's address for search engines; none on the 404 page,
    /// which stands at any address.
    pub canonical: Option<String>,
    /// Left out of search engines: the 404 page, the pages 2+ of a list.
    pub noindex: bool,
    /// `article` (an issue) or `website`.
    pub og_type: &'static str,
    /// `fr_FR`, `en_US`: the language of the page's content.
    pub locale: &'static str,
    /// An issue's date (`2023-12-06`).
    pub published: Option<String>,
    /// The image of link previews: the issue's first, else the site's.
    pub image: Option<ImageMeta>,
    /// JSON-LD, already safe inside `<script>`: print with `| safe`.
    pub json_ld: Option<String>,
}

fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr_FR",
        Lang::En => "en_US",
    }
}

impl Renderer<'_> {
    /// The head of `page`, whose own title is `title`.
    pub(super) fn page_meta(&self, page: &Page, title: Option<String>) -> PageMeta {
        let config = self.config;
        let permalink = page.route.permalink(&config.base_url);
        let paged = match &page.kind {
            PageKind::Home { pager } | PageKind::Term { pager, .. } => pager.page > 1,
            _ => false,
        };
        let not_found = page.kind == PageKind::NotFound;
        let mut meta = PageMeta {
            title: match &title {
                Some(title) => format!("{title} · {}", config.title),
                None => config.title.clone(),
            },
            og_title: title.unwrap_or_else(|| config.title.clone()),
            description: describe::page(self, &page.kind).unwrap_or_else(|| config.description.clone()),
            url: page.route.url(&config.base_path),
            canonical: (!not_found).then(|| permalink.clone()),
            permalink,
            noindex: not_found || paged,
            og_type: "website",
            locale: locale(config.lang),
            published: None,
            image: self.site_files.image.clone(),
            json_ld: None,
        };
        let nodes = match &page.kind {
            PageKind::Issue { issue } => self.issue_meta(*issue, &mut meta),
            PageKind::Home { pager } if pager.page == 1 => vec![self.website()],
            PageKind::Year { year } => {
                let year = self.archive.years[*year].year;
                vec![self.trail(&[
                    (self.strings.archive.to_string(), Route::Archive),
                    (year.to_string(), Route::Year { year }),
                ])]
            }
            PageKind::Term { kind, term, .. } => {
                let term = &self.archive.terms(*kind)[*term];
                let section = match kind {
                    TermKind::Tag => self.strings.tags,
                    TermKind::Company => self.strings.companies,
                };
                let route = Route::Term {
                    kind: *kind,
                    slug: term.slug.clone(),
                    page: 1,
                };
                vec![self.trail(&[
                    (section.to_string(), Route::TermIndex { kind: *kind }),
                    (term.name.clone(), route),
                ])]
            }
            _ => Vec::new(),
        };
        meta.json_ld = json_ld::script(&nodes);
        meta
    }

    /// What an issue page adds: its type, language, date and image, and
    /// its `NewsArticle` and trail (home → year → issue).
    fn issue_meta(&self, index: usize, meta: &mut PageMeta) -> Vec<Node> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        meta.og_type = "article";
        meta.locale = locale(issue.lang);
        meta.published = Some(texts.date.clone());
        if let Some(image) = issue_image(issue, &texts.permalink, &self.config.base_url) {
            meta.image = Some(image);
        }
        let config = self.config;
        let site = || Agent {
            kind: "Organization",
            name: config.title.clone(),
            url: Some(Route::Home { page: 1 }.permalink(&config.base_url)),
        };
        let author = match (&issue.authors[..], &config.author) {
            ([], Some(author)) => vec![Agent {
                kind: "Organization",
                name: author.clone(),
                url: None,
            }],
            ([], None) => vec![site()],
            (authors, _) => authors
                .iter()
                .map(|name| Agent {
                    kind: "Person",
                    name: name.clone(),
                    url: None,
                })
                .collect(),
        };
        let article = Article {
            headline: describe::cut(&texts.title, HEADLINE_CHARS),
            date_published: texts.date.clone(),
            author,
            publisher: site(),
            url: texts.permalink.clone(),
            image: meta.image.as_ref().map(|i| i.url.clone()),
            in_language: issue.lang.code(),
        };
        let year = issue.date.year();
        let trail = self.trail(&[
            (year.to_string(), Route::Year { year }),
            (
                texts.title.clone(),
                Route::Issue {
                    slug: issue.slug.clone(),
                },
            ),
        ]);
        vec![Node::NewsArticle(article), trail]
    }

    /// The trail from the home page through `steps` (name, route).
    fn trail(&self, steps: &[(String, Route)]) -> Node {
        let base = &self.config.base_url;
        let home = (self.config.title.clone(), Route::Home { page: 1 }.permalink(base));
        let steps = std::iter::once(home)
            .chain(steps.iter().map(|(name, route)| (name.clone(), route.permalink(base))))
            .collect();
        Node::BreadcrumbList(Breadcrumbs::new(steps))
    }

    /// The home page's `WebSite`, with its search when search is on.
    fn website(&self) -> Node {
        let base = &self.config.base_url;
        Node::WebSite(WebSite {
            name: self.config.title.clone(),
            url: Route::Home { page: 1 }.permalink(base),
            in_language: self.config.lang.code(),
            potential_action: self
                .config
                .search
                .then(|| SearchAction::new(&Route::Search.permalink(base))),
        })
    }
}

/// The issue's first image large enough for a preview (when its size is
/// known): an image of its text, else an image of its email. Relative
/// addresses are resolved from the issue's page (`permalink`); a
/// root-relative one from the site's host.
pub(super) fn issue_image(issue: &Issue, permalink: &str, base_url: &str) -> Option<ImageMeta> {
    let blocks = issue
        .intro
        .iter()
        .chain(issue.stories.iter().flat_map(|s| &s.paragraphs))
        .chain(&issue.outro)
        .filter(|p| p.kind == Some(BlockKind::Image))
        .filter_map(|p| p.src.as_deref().and_then(safe_url));
    let asset_names = issue.assets.iter().map(|a| a.name.clone());
    blocks
        .chain(asset_names)
        .filter_map(|src| {
            let asset = issue.assets.iter().find(|a| a.name == src.trim_start_matches("./"));
            let url = absolute(&src, permalink, base_url)?;
            Some(ImageMeta::new(url, asset.map(|a| &a.bytes[..])))
        })
        .find(|image| {
            image.width.is_none_or(|w| w >= SMALLEST_IMAGE) && image.height.is_none_or(|h| h >= SMALLEST_IMAGE)
        })
}

/// `src` (checked by `safe_url`) as an absolute http(s) address, seen
/// from the page at `permalink`; `None` for another scheme or a path
/// that climbs (`../`).
fn absolute(src: &str, permalink: &str, base_url: &str) -> Option<String> {
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(src.to_string());
    }
    let head = &src[..src.find(['/', '?', '#']).unwrap_or(src.len())];
    if head.contains(':') || src.contains("../") || src.starts_with('#') {
        return None;
    }
    if let Some(path) = src.strip_prefix('/') {
        // The host of the site, without its sub-path.
        let scheme_end = base_url.find("://").map_or(0, |i| i + 3);
        let host_end = base_url[scheme_end..]
            .find('/')
            .map_or(base_url.len(), |i| scheme_end + i);
        return Some(format!("{}/{path}", &base_url[..host_end]));
    }
    Some(format!("{permalink}{}", src.trim_start_matches("./")))
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn image_addresses_from_the_issue_page() {
        let page = "https://x.org/sub/issues/a/";
        assert_eq!(
            absolute("logo.png", page, "https://x.org/sub").as_deref(),
            Some("https://x.org/sub/issues/a/logo.png")
        );
        assert_eq!(
            absolute("/img/b.png", page, "https://x.org/sub").as_deref(),
            Some("https://x.org/img/b.png")
        );
        assert_eq!(
            absolute("https://cdn.org/c.jpg", page, "https://x.org").as_deref(),
            Some("https://cdn.org/c.jpg")
        );
        assert_eq!(absolute("../c.jpg", page, "https://x.org"), None);
        assert_eq!(absolute("mailto:a@b.c", page, "https://x.org"), None);
    }
}
