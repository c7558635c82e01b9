//! The render stage: each planned `Page` becomes bytes, through Tera and
//! the view structs, in parallel. Pure: the output stage writes them.

mod feeds;
pub mod i18n;
pub mod text;
mod texts;
pub mod theme;
pub mod typography;
mod views;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::Context;

use crate::archive::{Archive, Entry, Term, TermKind};
use crate::config::Config;
use crate::error::ContentError;
use crate::plan::{Page, PageKind, Pager};
use crate::routes::Route;
use i18n::{month_name, strings, Strings};
use typography::typography;
use views::{IssueCard, IssueView, PageMeta, SiteView, StoryLink, TeaserView, TermLink};

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
    /// Markup added before `</body>` of every HTML page (`serve`'s reload script).
    pub inject: Option<String>,
    /// `site` and `t`, serialised once: every page starts from a copy.
    base: Context,
    /// Each story as feed HTML, made the first time a feed needs it: a
    /// story is in the feed of each of its tags and companies.
    story_html: Vec<Vec<OnceLock<String>>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

#[derive(Serialize)]
struct PagerView {
    page: usize,
    pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Serialize)]
struct MonthView<'a> {
    month: u32,
    name: String,
    issues: Vec<IssueCard<'a>>,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthView<'a>>,
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
        let base = config.base_path.as_str();
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
        };
        let mut base = Context::new();
        base.insert("site", &site);
        base.insert("t", strings(config.lang));
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
                .tags
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.as_str(), i))
                .collect(),
            company_index: archive
                .companies
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.as_str(), i))
                .collect(),
            pages,
            sitemap: OnceLock::new(),
            inject: None,
        }
    }

    /// Writes the data files (pages without a template) to `out`.
    pub fn render_data(&self, out: impl std::io::Write) -> Result<(), ContentError> {
        feeds::api_json(self, out).map_err(|e| ContentError::new("api/issues.json", e.to_string()))
    }

    /// Renders one page to the bytes of its file; `None` for a data page,
    /// which `render_data` writes.
    pub fn render(&self, page: &Page) -> Result<Option<Vec<u8>>, ContentError> {
        let Some(template) = page.kind.template() else {
            return Ok(None);
        };
        let mut context = self.base.clone();
        let title = self.fill(&page.kind, &mut context);
        let meta = PageMeta {
            title: match title {
                Some(title) => format!("{title} · {}", self.config.title),
                None => self.config.title.clone(),
            },
            description: self.config.description.clone(),
            url: page.route.url(&self.config.base_path),
            permalink: page.route.permalink(&self.config.base_url),
        };
        context.insert("page", &meta);
        let mut html = self.templates.tera.render(template, &context).map_err(|e| {
            let mut error = self.templates.error(&e);
            error.message = format!("{} (while rendering {})", error.message, page.route.path());
            error
        })?;
        if let (Some(inject), true) = (&self.inject, template.ends_with(".html")) {
            match html.rfind("</body>") {
                Some(at) => html.insert_str(at, inject),
                None => html.push_str(inject),
            }
        }
        Ok(Some(html.into_bytes()))
    }

    /// Inserts the page's own variables; returns the page's title.
    fn fill(&self, kind: &PageKind, context: &mut Context) -> Option<String> {
        let t = self.strings;
        match kind {
            PageKind::Home { pager } => {
                let issues: Vec<IssueCard> = pager.items.clone().map(|i| self.card(i, true)).collect();
                context.insert("issues", &issues);
                context.insert("pager", &self.pager(pager, |page| Route::Home { page }));
                (pager.page > 1).then(|| format!("{} {}", t.page, pager.page))
            }
            PageKind::Issue { issue } => {
                let view = self.issue_view(*issue);
                let title = view.card.title.to_string();
                context.insert("issue", &view);
                Some(title)
            }
            PageKind::Archive => {
                let years: Vec<YearView> = (0..self.archive.years.len())
                    .map(|y| self.year_view(y, false))
                    .collect();
                context.insert("years", &years);
                Some(t.archive.to_string())
            }
            PageKind::Year { year } => {
                let view = self.year_view(*year, true);
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
            PageKind::Api => None,
        }
    }

    fn pager(&self, pager: &Pager, route: impl Fn(usize) -> Route) -> PagerView {
        let base = &self.config.base_path;
        PagerView {
            page: pager.page,
            pages: pager.pages,
            prev_url: (pager.page > 1).then(|| route(pager.page - 1).url(base)),
            next_url: (pager.page < pager.pages).then(|| route(pager.page + 1).url(base)),
        }
    }

    /// A story as HTML for feed readers, made once.
    pub fn story_feed_html(&self, issue: usize, story: usize) -> &str {
        self.story_html[issue][story].get_or_init(|| {
            let issue = &self.archive.issues[issue];
            views::story_feed_html(&issue.stories[story], issue.lang)
        })
    }

    pub fn issue_url(&self, issue: usize) -> &str {
        &self.texts.issue(issue).url
    }

    pub fn issue_permalink(&self, issue: usize) -> &str {
        &self.texts.issue(issue).permalink
    }

    /// A link to a term, without its count.
    fn term_link(&'a self, kind: TermKind, index: usize) -> TermLink<'a> {
        let term = &self.archive.terms(kind)[index];
        TermLink {
            name: &term.name,
            slug: &term.slug,
            url: self.texts.term_url(kind, index),
            count: None,
        }
    }

    fn term_link_by_slug(&'a self, kind: TermKind, slug: &str) -> Option<TermLink<'a>> {
        let index = match kind {
            TermKind::Tag => &self.tag_index,
            TermKind::Company => &self.company_index,
        };
        index.get(slug).map(|&i| self.term_link(kind, i))
    }

    /// An issue in a list; without `full`, its stories and tags are left out.
    fn card(&'a self, index: usize, full: bool) -> IssueCard<'a> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        IssueCard {
            title: &texts.title,
            slug: &issue.slug,
            url: &texts.url,
            date: &texts.date,
            date_long: &texts.date_long,
            lang: issue.lang.code(),
            number: issue.number,
            summary: issue.summary.as_deref(),
            stories: match full {
                true => texts
                    .headlines
                    .iter()
                    .zip(&texts.story_urls)
                    .map(|(headline, url)| StoryLink { headline, url })
                    .collect(),
                false => Vec::new(),
            },
            tags: match full {
                true => issue
                    .tags
                    .iter()
                    .filter_map(|s| self.term_link_by_slug(TermKind::Tag, s))
                    .collect(),
                false => Vec::new(),
            },
        }
    }

    fn issue_view(&'a self, index: usize) -> IssueView<'a> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        let lang = issue.lang;
        let link = |kind: TermKind, slug: &str| self.term_link_by_slug(kind, slug);
        let (older, newer) = (index + 1 < self.archive.issues.len(), index > 0);
        IssueView {
            card: self.card(index, true),
            permalink: &texts.permalink,
            authors: &issue.authors,
            teasers: issue
                .teasers
                .iter()
                .map(|t| TeaserView {
                    text: typography(&t.text, lang),
                    href: t
                        .story
                        .and_then(|s| issue.stories.get(s))
                        .map(|s| format!("#{}", s.anchor)),
                })
                .collect(),
            intro: issue
                .intro
                .iter()
                .map(|p| views::paragraph_view(p, "intro", lang))
                .collect(),
            stories: issue
                .stories
                .iter()
                .enumerate()
                .map(|(i, s)| views::story_view(s, &texts.headlines[i], &texts.story_urls[i], lang, &link))
                .collect(),
            credits: issue.credits.as_deref().map(|c| typography(c, lang)),
            companies: issue
                .companies
                .iter()
                .filter_map(|s| self.term_link_by_slug(TermKind::Company, s))
                .collect(),
            older: older.then(|| self.card(index + 1, true)),
            newer: newer.then(|| self.card(index - 1, true)),
        }
    }

    /// A year's issues by month; as cards with their stories and tags
    /// (`full`), or as lines (title, date, link) for the whole archive.
    fn year_view(&'a self, index: usize, full: bool) -> YearView<'a> {
        let year = &self.archive.years[index];
        YearView {
            year: year.year,
            url: Route::Year { year: year.year }.url(&self.config.base_path),
            count: year.months.iter().map(|m| m.issues.len()).sum(),
            months: year
                .months
                .iter()
                .map(|m| MonthView {
                    month: m.month,
                    name: month_name(m.month, self.config.lang),
                    issues: m.issues.iter().map(|&i| self.card(i, full)).collect(),
                })
                .collect(),
        }
    }

    fn year_links(&self) -> Vec<YearLink> {
        self.archive
            .years
            .iter()
            .map(|y| YearLink {
                year: y.year,
                url: Route::Year { year: y.year }.url(&self.config.base_path),
                count: y.months.iter().map(|m| m.issues.len()).sum(),
            })
            .collect()
    }

    fn term_view(&'a self, kind: TermKind, index: usize) -> TermView<'a> {
        let term = &self.archive.terms(kind)[index];
        TermView {
            kind: match kind {
                TermKind::Tag => "tag",
                TermKind::Company => "company",
            },
            name: &term.name,
            slug: &term.slug,
            url: self.texts.term_url(kind, index),
            feed_url: Route::TermFeed {
                kind,
                slug: term.slug.clone(),
            }
            .url(&self.config.base_path),
            description: term.description.as_deref(),
            website: term.url.as_deref(),
            count: term.entries.len(),
            issue_count: term.issue_count,
            related: term
                .related
                .iter()
                .map(|&(i, count)| TermLink {
                    count: Some(count),
                    ..self.term_link(kind, i)
                })
                .collect(),
        }
    }

    fn entry_view(&'a self, term: &Term, entry: &Entry) -> EntryView<'a> {
        let issue = &self.archive.issues[entry.issue];
        let texts = self.texts.issue(entry.issue);
        let lang = issue.lang;
        let story = entry.story.and_then(|s| issue.stories.get(s).map(|story| (s, story)));
        let quote = story.filter(|_| term.kind == TermKind::Company).and_then(|(_, s)| {
            s.mentions
                .iter()
                .find(|m| m.company == term.slug)
                .map(|m| typography(s.sentence(m), lang))
        });
        let excerpt = story
            .filter(|_| term.kind == TermKind::Tag)
            .and_then(|(_, s)| s.paragraphs.first())
            .map(|p| typography(&excerpt(&p.text, 240), lang));
        EntryView {
            issue_title: &texts.title,
            issue_url: &texts.url,
            date: &texts.date,
            date_long: &texts.date_long,
            lang: issue.lang.code(),
            headline: story.map(|(s, _)| texts.headlines[s].as_str()),
            url: story.map_or(&texts.url, |(s, _)| &texts.story_urls[s]),
            quote,
            excerpt,
        }
    }
}

/// The first `max` characters of `text`, cut at a word, with an ellipsis.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}
