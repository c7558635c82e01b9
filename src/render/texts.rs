//! What pages show again and again, made once a build: each issue's URL,
//! typeset title, headlines and dates (an issue appears on its page, its
//! neighbours', the home, the archive, and a story on every page of its
//! tags and companies), and each term's URL.

use std::sync::{Arc, OnceLock};

use crate::archive::{Archive, TermKind};
use crate::config::Config;
use crate::render::i18n::long_date;
use crate::render::typography::typography;
use crate::routes::Route;

pub(crate) struct IssueTexts {
    pub url: String,
    pub permalink: String,
    pub title: String,
    /// `2023-12-06`
    pub date: String,
    /// `6 décembre 2023`, in the site's language.
    pub date_long: String,
    /// Typeset, one per story.
    pub headlines: Vec<String>,
    /// The issue's URL and the story's anchor, one per story.
    pub story_urls: Vec<String>,
    /// The slugs of the tags its card shows (`chips.rs`).
    pub chips: Vec<String>,
}

pub(super) struct Texts<'a> {
    archive: &'a Archive,
    config: &'a Config,
    /// Made the first time a page needs them: `serve` renders a few pages
    /// of a large archive after an edit, a build all of them. `serve`
    /// also hands over those it made before for the issues unchanged.
    issues: Vec<OnceLock<Arc<IssueTexts>>>,
    tag_urls: Vec<String>,
    company_urls: Vec<String>,
}

impl<'a> Texts<'a> {
    pub(super) fn new(archive: &'a Archive, config: &'a Config) -> Texts<'a> {
        let base = &config.base_path;
        let urls = |kind: TermKind| -> Vec<String> {
            archive
                .terms(kind)
                .iter()
                .map(|t| {
                    Route::Term {
                        kind,
                        slug: t.slug.clone(),
                        page: 1,
                    }
                    .url(base)
                })
                .collect()
        };
        Texts {
            archive,
            config,
            issues: archive.issues.iter().map(|_| OnceLock::new()).collect(),
            tag_urls: urls(TermKind::Tag),
            company_urls: urls(TermKind::Company),
        }
    }

    /// Takes the texts already made of some issues: `known[i]` for
    /// `archive.issues[i]`, made with the same configuration.
    pub(super) fn seed(&mut self, known: &[Option<Arc<IssueTexts>>]) {
        for (slot, texts) in self.issues.iter_mut().zip(known) {
            if let Some(texts) = texts {
                *slot = OnceLock::from(Arc::clone(texts));
            }
        }
    }

    /// The texts made so far, by issue.
    pub(super) fn made(&self) -> Vec<Option<Arc<IssueTexts>>> {
        self.issues.iter().map(|t| t.get().cloned()).collect()
    }

    /// The texts of issue `index` of the archive.
    pub(super) fn issue(&self, index: usize) -> &IssueTexts {
        self.issues[index].get_or_init(|| {
            let issue = &self.archive.issues[index];
            let route = Route::Issue {
                slug: issue.slug.clone(),
            };
            let url = route.url(&self.config.base_path);
            Arc::new(IssueTexts {
                permalink: route.permalink(&self.config.base_url),
                title: typography(&issue.title, issue.lang),
                date: issue.date.format("%Y-%m-%d").to_string(),
                date_long: long_date(issue.date, self.config.lang),
                headlines: issue
                    .stories
                    .iter()
                    .map(|s| typography(&s.headline, issue.lang))
                    .collect(),
                story_urls: issue.stories.iter().map(|s| format!("{url}#{}", s.anchor)).collect(),
                chips: crate::render::chips::chip_slugs(issue)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                url,
            })
        })
    }

    /// The URL of the first page of term `index` of `kind`.
    pub(super) fn term_url(&self, kind: TermKind, index: usize) -> &str {
        match kind {
            TermKind::Tag => &self.tag_urls[index],
            TermKind::Company => &self.company_urls[index],
        }
    }
}
