//! The views of the pages, built from the archive and the texts made
//! once a build: issue cards, an issue, years, terms and their entries.

use crate::archive::{Entry, Term, TermKind};
use crate::render::excerpt::excerpt;
use crate::render::i18n::{day, month_name};
use crate::render::typography::typography;
use crate::render::views::{self, ContentsItem, IssueCard, IssueLine, IssueView, StoryLink, TeaserView, TermLink};
use crate::render::{EntryView, MonthView, Renderer, TermView, YearLink, YearView};
use crate::routes::Route;

impl<'a> Renderer<'a> {
    pub fn issue_url(&self, issue: usize) -> &str {
        &self.texts.issue(issue).url
    }

    pub(crate) fn issue_permalink(&self, issue: usize) -> &str {
        &self.texts.issue(issue).permalink
    }

    /// A link to a term, without its count.
    pub(super) fn term_link(&'a self, kind: TermKind, index: usize) -> TermLink<'a> {
        let term = &self.archive.terms(kind)[index];
        TermLink {
            name: &term.name,
            slug: &term.slug,
            url: self.texts.term_url(kind, index),
            count: None,
        }
    }

    pub(super) fn term_link_by_slug(&'a self, kind: TermKind, slug: &str) -> Option<TermLink<'a>> {
        let index = match kind {
            TermKind::Tag => &self.tag_index,
            TermKind::Company => &self.company_index,
        };
        index.get(slug).map(|&i| self.term_link(kind, i))
    }

    /// An issue in a list (home, year, previous and next): its line, its
    /// summary, stories, tags and chips.
    pub(super) fn card(&'a self, index: usize) -> IssueCard<'a> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        let tag_links = |slugs: &'a [String]| {
            slugs
                .iter()
                .filter_map(|s| self.term_link_by_slug(TermKind::Tag, s))
                .collect()
        };
        IssueCard {
            line: self.line(index),
            slug: &issue.slug,
            summary: issue.summary.as_deref(),
            stories: texts
                .headlines
                .iter()
                .zip(&texts.story_urls)
                .map(|(headline, url)| StoryLink { headline, url })
                .collect(),
            tags: tag_links(&issue.tags),
            chips: tag_links(&texts.chips),
        }
    }

    /// The stories of issue `index`, each once, by its teaser if it has
    /// one; then the teasers that announce no story.
    fn contents(&self, index: usize) -> Vec<ContentsItem> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        let teaser_of = |s: usize| issue.teasers.iter().find(|t| t.story == Some(s));
        let stories = issue.stories.iter().enumerate().map(|(s, story)| ContentsItem {
            text: teaser_of(s).map_or_else(|| texts.headlines[s].clone(), |t| typography(&t.text, issue.lang)),
            href: Some(format!("#{}", story.anchor)),
        });
        let unlinked = issue
            .teasers
            .iter()
            .filter(|t| t.story.is_none_or(|s| s >= issue.stories.len()))
            .map(|t| ContentsItem {
                text: typography(&t.text, issue.lang),
                href: None,
            });
        stories.chain(unlinked).collect()
    }

    pub(super) fn issue_view(&'a self, index: usize) -> IssueView<'a> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        let lang = issue.lang;
        let link = |kind: TermKind, slug: &str| self.term_link_by_slug(kind, slug);
        let (older, newer) = (index + 1 < self.archive.issues.len(), index > 0);
        IssueView {
            card: self.card(index),
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
            outro: issue
                .outro
                .iter()
                .map(|p| views::paragraph_view(p, "outro", lang))
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
            images: views::images_view(issue, &self.config.base_path),
            older: older.then(|| self.card(index + 1)),
            newer: newer.then(|| self.card(index - 1)),
            related: self
                .archive
                .related_issues(index)
                .iter()
                .map(|&j| self.line(j))
                .collect(),
            contents: self.contents(index),
        }
    }

    /// An issue on one line (the archive, related issues): what the
    /// archive shows of each of its thousands of issues, and nothing more
    /// to hand to the templates (a card each made the archive page the
    /// longest of a rebuild in `serve`).
    pub(super) fn line(&'a self, index: usize) -> IssueLine<'a> {
        let issue = &self.archive.issues[index];
        let texts = self.texts.issue(index);
        IssueLine {
            title: &texts.title,
            url: &texts.url,
            date: &texts.date,
            date_long: &texts.date_long,
            day: day(issue.date, self.config.lang),
            lang: issue.lang.code(),
            number: issue.number,
        }
    }

    /// A year's issues by month, each made by `item`: cards on the year's
    /// page, lines on the archive's.
    pub(super) fn year_view<I>(&'a self, index: usize, item: impl Fn(usize) -> I) -> YearView<I> {
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
                    issues: m.issues.iter().map(|&i| item(i)).collect(),
                })
                .collect(),
        }
    }

    pub(super) fn year_links(&self) -> Vec<YearLink> {
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

    pub(super) fn term_view(&'a self, kind: TermKind, index: usize) -> TermView<'a> {
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

    pub(super) fn entry_view(&'a self, term: &Term, entry: &Entry) -> EntryView<'a> {
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
