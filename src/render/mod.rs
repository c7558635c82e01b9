//! The render stage: each planned `Page` becomes bytes, through Tera and
//! the view structs, in parallel. Pure: the output stage writes them.

mod api;
mod blocks;
mod chart;
mod chips;
mod describe;
mod excerpt;
mod feeds;
pub(crate) mod i18n;
pub(crate) mod image_size;
mod json_ld;
mod meta;
mod pages;
mod pagination;
pub(crate) mod site_files;
pub(crate) mod sizes;
mod term_index;
pub(crate) mod text;
mod texts;
pub(crate) use texts::IssueTexts;
pub(crate) mod theme;
mod trim;
pub(crate) mod typography;
mod views;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::Context;

use crate::archive::{Archive, TermKind};
use crate::config::Config;
use crate::error::ContentError;
use crate::plan::{Page, PageKind, Pager};
use crate::routes::Route;
use i18n::{strings, Strings};
use site_files::SiteFiles;
use views::{IssueCard, IssueLine, SiteView, TermLink};

/// Everything rendering needs, borrowed; built once per build.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    templates: &'a theme::Templates,
    strings: &'static Strings,
    tag_index: HashMap<&'a str, usize>,
    company_index: HashMap<&'a str, usize>,
    pages: &'a [Page],
    /// Absolute URLs of the pages for `sitemap.xml`, with their dates,
    /// made when the sitemap is rendered.
    sitemap: OnceLock<Vec<SitemapUrl>>,
    texts: texts::Texts<'a>,
    /// `site` and `t`, serialised once: every page starts from a copy.
    base: Context,
    /// Each story as feed HTML, made the first time a feed needs it: a
    /// story is in the feed of each of its tags and companies.
    story_html: Vec<Vec<OnceLock<String>>>,
    /// Files and bytes made so far, per kind of page.
    pub sizes: sizes::Sizes,
    /// The site's icon and link-preview image.
    site_files: SiteFiles,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// A month of a year's issues, each an `I`: a card on the year's page, a
/// line on the archive's.
#[derive(Serialize)]
struct MonthView<I> {
    month: u32,
    name: String,
    issues: Vec<I>,
}

#[derive(Serialize)]
struct YearView<I> {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthView<I>>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermView<'a> {
    kind: &'static str,
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    feed_url: String,
    description: Option<&'a str>,
    website: Option<&'a str>,
    count: usize,
    issue_count: usize,
    related: Vec<TermLink<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    issue_title: &'a str,
    issue_url: &'a str,
    date: &'a str,
    date_long: &'a str,
    /// The language of the issue (`fr`/`en`), for a `lang` attribute.
    lang: &'static str,
    headline: Option<&'a str>,
    url: &'a str,
    /// The sentence quoting the company (company pages).
    quote: Option<String>,
    /// The start of the story (tag pages).
    excerpt: Option<String>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        archive: &'a Archive,
        templates: &'a theme::Templates,
        pages: &'a [Page],
    ) -> Renderer<'a> {
        let site_files = SiteFiles::new(config, &[], |_| None);
        let base = site_context(config, &site_files);
        Renderer {
            texts: texts::Texts::new(archive, config),
            config,
            archive,
            templates,
            strings: strings(config.lang),
            base,
            story_html: archive
                .issues
                .iter()
                .map(|i| i.stories.iter().map(|_| OnceLock::new()).collect())
                .collect(),
            tag_index: archive
                .terms(TermKind::Tag)
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.as_str(), i))
                .collect(),
            company_index: archive
                .terms(TermKind::Company)
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.as_str(), i))
                .collect(),
            pages,
            sitemap: OnceLock::new(),
            sizes: sizes::Sizes::default(),
            site_files,
        }
    }

    /// The renderer of a site whose icon and preview image are `files`
    /// (`new` takes the monogram, and `image` of site.toml unmeasured).
    pub(crate) fn with_site_files(mut self, files: SiteFiles) -> Self {
        self.base = site_context(self.config, &files);
        self.site_files = files;
        self
    }

    /// Writes the data files (pages without a template) to `out`.
    pub(crate) fn render_data(&self, out: impl std::io::Write) -> Result<(), ContentError> {
        let mut out = sizes::Counting { out, bytes: 0 };
        api::index_json(self, &mut out).map_err(|e| ContentError::new(Route::Api.file(), e.to_string()))?;
        self.sizes.add(PageKind::Api.name(), out.bytes);
        Ok(())
    }

    /// Takes the texts `serve` made of issues before (`known[i]` for
    /// `archive.issues[i]`), so pages listing many issues do not make
    /// them again after each edit.
    pub(crate) fn seed_texts(&mut self, known: &[Option<std::sync::Arc<IssueTexts>>]) {
        self.texts.seed(known);
    }

    /// The texts of the issues made so far, for `seed_texts` next time.
    pub(crate) fn texts_made(&self) -> Vec<Option<std::sync::Arc<IssueTexts>>> {
        self.texts.made()
    }

    /// Renders one page to the bytes of its file; `None` for a data page,
    /// which `render_data` writes.
    pub fn render(&self, page: &Page) -> Result<Option<Vec<u8>>, ContentError> {
        let bytes = self.render_bytes(page)?;
        if let Some(bytes) = &bytes {
            self.sizes.add(page.kind.name(), bytes.len() as u64);
        }
        Ok(bytes)
    }

    fn render_bytes(&self, page: &Page) -> Result<Option<Vec<u8>>, ContentError> {
        if let PageKind::IssueJson { issue } = page.kind {
            return api::issue_json(self, issue)
                .map(Some)
                .map_err(|e| ContentError::new(page.route.file(), e.to_string()));
        }
        let Some(template) = page.kind.template() else {
            return Ok(None);
        };
        let mut context = self.base.clone();
        let title = self.fill(&page.kind, &mut context);
        context.insert("page", &self.page_meta(page, title));
        let html = self
            .templates
            .tera
            .render(template, &context)
            .map_err(|e| self.templates.error(&e).rendering(page.route.path()))?;
        let mut html = text::without_forbidden(html);
        if template.ends_with(".html") {
            html = trim::trim_html(&html);
        }
        Ok(Some(html.into_bytes()))
    }

    /// Inserts the page's own variables; returns the page's title.
    fn fill(&self, kind: &PageKind, context: &mut Context) -> Option<String> {
        let t = self.strings;
        match kind {
            PageKind::Home { pager } => {
                let issues: Vec<IssueCard> = pager.items.clone().map(|i| self.card(i)).collect();
                context.insert("issues", &issues);
                context.insert("pager", &self.pager(pager, |page| Route::Home { page }));
                (pager.page > 1).then(|| format!("{} {}", t.page, pager.page))
            }
            PageKind::Issue { issue } => {
                let view = self.issue_view(*issue);
                let title = view.card.line.title.to_string();
                context.insert("issue", &view);
                Some(title)
            }
            PageKind::Archive => {
                let years: Vec<YearView<IssueLine>> = (0..self.archive.years.len())
                    .map(|y| self.year_view(y, |i| self.line(i)))
                    .collect();
                context.insert("years", &years);
                Some(t.archive.to_string())
            }
            PageKind::Year { year } => {
                let view = self.year_view(*year, |i| self.card(i));
                let title = format!("{} {}", t.archive, view.year);
                context.insert("year", &view);
                context.insert("years", &self.year_links());
                Some(title)
            }
            PageKind::TermIndex { kind } => {
                let terms: Vec<TermLink> = (0..self.archive.terms(*kind).len())
                    .map(|i| TermLink {
                        count: Some(self.archive.terms(*kind)[i].entries.len()),
                        ..self.term_link(*kind, i)
                    })
                    .collect();
                if *kind == TermKind::Company {
                    context.insert("index", &term_index::letters(&terms));
                    context.insert("by_mentions", &term_index::by_mentions(&terms));
                }
                context.insert("terms", &terms);
                Some(match kind {
                    TermKind::Tag => t.tags.to_string(),
                    TermKind::Company => t.companies.to_string(),
                })
            }
            PageKind::Term {
                kind,
                term: index,
                pager,
            } => {
                let term = &self.archive.terms(*kind)[*index];
                let entries: Vec<EntryView> = term.entries[pager.items.clone()]
                    .iter()
                    .map(|e| self.entry_view(term, e))
                    .collect();
                context.insert("term", &self.term_view(*kind, *index));
                context.insert("entries", &entries);
                let chart = (pager.page == 1)
                    .then(|| chart::chart_view(&self.archive.mentions_by_month(*kind, *index), self.config.lang))
                    .flatten();
                context.insert("chart", &chart);
                let slug = term.slug.clone();
                context.insert(
                    "pager",
                    &self.pager(pager, |page| Route::Term {
                        kind: *kind,
                        slug: slug.clone(),
                        page,
                    }),
                );
                Some(if pager.page > 1 {
                    format!("{} · {} {}", term.name, t.page, pager.page)
                } else {
                    term.name.clone()
                })
            }
            PageKind::Feed => {
                context.insert("feed", &feeds::site_feed(self));
                None
            }
            PageKind::TermFeed { kind, term } => {
                context.insert("feed", &feeds::term_feed(self, &self.archive.terms(*kind)[*term]));
                None
            }
            PageKind::SitemapIndex { parts } => {
                let sitemaps: Vec<String> = (1..=*parts)
                    .map(|part| Route::SitemapPart { part }.permalink(&self.config.base_url))
                    .collect();
                context.insert("sitemaps", &sitemaps);
                None
            }
            PageKind::Sitemap { part } => {
                let urls = self.sitemap.get_or_init(|| {
                    self.pages
                        .iter()
                        .filter(|p| p.route.in_sitemap())
                        .map(|p| SitemapUrl {
                            loc: p.route.permalink(&self.config.base_url),
                            lastmod: match p.kind {
                                PageKind::Issue { issue } => Some(self.texts.issue(issue).date.clone()),
                                _ => None,
                            },
                        })
                        .collect()
                });
                let urls = match part {
                    Some(part) => {
                        let start = ((part - 1) * crate::plan::SITEMAP_LIMIT).min(urls.len());
                        &urls[start..(start + crate::plan::SITEMAP_LIMIT).min(urls.len())]
                    }
                    None => &urls[..],
                };
                context.insert("urls", urls);
                None
            }
            PageKind::Robots => {
                context.insert("sitemap_url", &Route::Sitemap.permalink(&self.config.base_url));
                None
            }
            PageKind::NotFound => Some(t.not_found.to_string()),
            PageKind::Search { bundles } => {
                let url = |number: usize| {
                    let path = format!("{}/{number}/", crate::search::BUNDLE_DIR);
                    Route::Asset { path }.url(&self.config.base_path)
                };
                context.insert("pagefind_url", &url(1));
                let merged: Vec<String> = (2..=*bundles).map(url).collect();
                context.insert("pagefind_merge", &merged.join(" "));
                Some(t.search.to_string())
            }
            PageKind::Api | PageKind::IssueJson { .. } => None,
        }
    }

    fn pager(&self, pager: &Pager, route: impl Fn(usize) -> Route) -> pagination::PagerView {
        pagination::pager_view(pager, &self.config.base_path, route)
    }

    /// A story as HTML for feed readers, made once.
    pub(crate) fn story_feed_html(&self, issue: usize, story: usize) -> &str {
        self.story_html[issue][story].get_or_init(|| {
            let issue = &self.archive.issues[issue];
            views::story_feed_html(&issue.stories[story], issue.lang)
        })
    }
}

/// `site` and `t`, which every page starts from.
fn site_context(config: &Config, files: &SiteFiles) -> Context {
    let base = config.base_path.as_str();
    let (favicon_url, favicon_type) = files.favicon(base);
    let site = SiteView {
        title: &config.title,
        description: &config.description,
        author: config.author.as_deref(),
        lang: config.lang.code(),
        base_url: &config.base_url,
        base_path: base,
        home_url: Route::Home { page: 1 }.url(base),
        archive_url: Route::Archive.url(base),
        tags_url: Route::TermIndex { kind: TermKind::Tag }.url(base),
        companies_url: Route::TermIndex {
            kind: TermKind::Company,
        }
        .url(base),
        feed_url: Route::Feed.url(base),
        feed_permalink: Route::Feed.permalink(&config.base_url),
        stylesheet_url: Route::Asset {
            path: "style.css".into(),
        }
        .url(base),
        search_url: config.search.then(|| Route::Search.url(base)),
        favicon_url,
        favicon_type,
        subscribe_url: config.subscribe_url.as_deref(),
    };
    let mut context = Context::new();
    context.insert("site", &site);
    context.insert("t", strings(config.lang));
    context
}
