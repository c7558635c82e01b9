//! The pipeline brought up to date with what was read: the archive
//! (updated in place when an edit allows it), the plan (kept when the
//! pages stay the same) and the fingerprint of every page, so that only
//! the pages whose fingerprint changed are written again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Dirty, Pipeline};
use crate::archive::{Archive, TermKind};
use crate::error::{BuildError, ContentErrors};
use crate::fingerprint::fingerprints;
use crate::model::Issue;
use crate::plan::{plan, Page};
use crate::render::theme;
use crate::render::IssueTexts;
use crate::routes::Route;

/// The site as last published.
pub(super) struct Built {
    pub(super) archive: Archive,
    /// `issue_hash` of each issue of the archive.
    pub(super) issue_hashes: Vec<u64>,
    /// Where each issue file is in the archive.
    pub(super) positions: HashMap<PathBuf, usize>,
    /// The texts pages show of each issue, made once.
    pub(super) texts: Vec<Option<Arc<IssueTexts>>>,
    pub(super) pages: Vec<Page>,
    /// The fingerprint of each page.
    pub(super) prints: Vec<u64>,
    /// The fingerprint of what the output holds for each page; `None`
    /// when not written (or to be rendered again).
    pub(super) written: Vec<Option<u64>>,
    /// Data files not written yet (indexes into `pages`).
    pub(super) pending: Vec<usize>,
    /// Files of pages the plan no longer has, to be removed.
    pub(super) gone: Vec<PathBuf>,
}

impl Built {
    /// After the configuration, companies or tags changed: every page is
    /// rendered again, and the texts of issues made again.
    pub(super) fn forget_all(&mut self) {
        self.written.iter_mut().for_each(|w| *w = None);
        self.texts.iter_mut().for_each(|t| *t = None);
    }
}

impl Pipeline {
    /// The archive, the plan and the fingerprint of every page, up to date
    /// with what was read; on content errors, all of them.
    pub fn update(&mut self) -> Result<(), BuildError> {
        let mut errors = self.errors();
        if !errors.is_empty() || self.templates.is_none() {
            // All the errors at once: the archive's too.
            errors.extend(self.new_archive(None).err().into_iter().flat_map(|e| e.0));
            return Err(errors.sorted().into());
        }
        let mut timings = std::mem::take(&mut self.timings);
        let dirty = std::mem::take(&mut self.dirty);
        let mut previous = self.built.take();
        let next = timings.time("archive", || self.next_archive(&mut previous, &dirty));
        let (mut built, same_pages) = match next {
            Ok(next) => next,
            Err(errors) => {
                // Built anew from every issue next time.
                self.built = previous;
                self.dirty = Dirty::All;
                return Err(errors.into());
            }
        };
        if !same_pages {
            let pages = timings.time("plan", || {
                plan(&built.archive, self.config.per_page, self.config.search_bundles())
            });
            follow_plan(&mut built, pages);
        }
        built.prints = timings.time("fingerprints", || {
            fingerprints(
                &built.archive,
                &built.pages,
                &built.issue_hashes,
                self.config.feed_limit,
            )
        });
        self.built = Some(built);
        self.timings = timings;
        Ok(())
    }

    /// The site read, parsed, indexed and planned, nothing written (for
    /// `check` and the benches).
    pub(crate) fn into_site(mut self) -> Result<crate::Site, BuildError> {
        self.update()?;
        let (Some(built), Some(tera)) = (self.built, self.templates) else {
            return Err(ContentErrors::default().into());
        };
        Ok(crate::Site {
            config: self.config,
            archive: built.archive,
            pages: built.pages,
            tera,
            gazetteer: self.gazetteer,
            timings: self.timings,
        })
    }

    /// The archive after the changes `dirty` names: the last one updated
    /// in place when every change is an edit that keeps the issue where it
    /// is and the terms as they are, else one built anew. Also says whether
    /// the pages stay those of the last plan. On errors, `previous` is
    /// left where it was.
    fn next_archive(&self, previous: &mut Option<Built>, dirty: &Dirty) -> Result<(Built, bool), ContentErrors> {
        let Some(mut built) = previous.take() else {
            return Ok((self.new_archive(None)?, false));
        };
        let paths = match dirty {
            Dirty::Nothing => return Ok((built, true)),
            Dirty::Issues(paths) => paths,
            Dirty::All => return self.rebuild(built, previous),
        };
        let sizes = term_sizes(&built.archive);
        for path in paths {
            let now = self.published(path);
            match (built.positions.get(path).copied(), now) {
                (None, None) => {}
                (Some(i), Some((issue, hash))) if built.archive.replace(i, Arc::clone(issue)) => {
                    built.issue_hashes[i] = hash;
                    built.texts[i] = None;
                }
                _ => return self.rebuild(built, previous),
            }
        }
        let same_pages = term_sizes(&built.archive) == sizes;
        Ok((built, same_pages))
    }

    /// A new archive of every issue, with the pages `old` has; on errors,
    /// `old` goes back to `slot`.
    fn rebuild(&self, old: Built, slot: &mut Option<Built>) -> Result<(Built, bool), ContentErrors> {
        match self.new_archive(Some(&old)) {
            Ok(mut built) => {
                built.pages = old.pages;
                built.written = old.written;
                built.gone = old.gone;
                Ok((built, false))
            }
            Err(errors) => {
                *slot = Some(old);
                Err(errors)
            }
        }
    }

    /// Issue file `path` as published now, with its hash: `None` when it
    /// is gone, broken or a draft left out.
    fn published(&self, path: &Path) -> Option<(&Arc<Issue>, u64)> {
        match self.issues.get(path) {
            Some(Ok((issue, hash))) if self.drafts || !issue.draft => Some((issue, *hash)),
            _ => None,
        }
    }

    /// The archive of every issue, built anew; the pages, their
    /// fingerprints and the texts made of issues carried over from
    /// `previous`, to be matched with the new plan.
    fn new_archive(&self, previous: Option<&Built>) -> Result<Built, ContentErrors> {
        let issues: Vec<Arc<Issue>> = self
            .issues
            .keys()
            .filter_map(|path| self.published(path))
            .map(|(issue, _)| Arc::clone(issue))
            .collect();
        let archive = Archive::new(issues, &self.gazetteer)?;
        let positions: HashMap<PathBuf, usize> = archive
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| (issue.source.clone(), i))
            .collect();
        let issue_hashes: Vec<u64> = archive
            .issues
            .iter()
            .map(|issue| self.published(&issue.source).map_or(0, |(_, hash)| hash))
            .collect();
        // The texts of an issue depend on it alone (the configuration
        // changing starts everything over).
        let known: HashMap<u64, &Arc<IssueTexts>> = previous
            .map(|p| {
                p.issue_hashes
                    .iter()
                    .zip(&p.texts)
                    .filter_map(|(hash, texts)| Some((*hash, texts.as_ref()?)))
                    .collect()
            })
            .unwrap_or_default();
        let texts = issue_hashes
            .iter()
            .map(|h| known.get(h).map(|t| Arc::clone(t)))
            .collect();
        Ok(Built {
            archive,
            issue_hashes,
            positions,
            texts,
            pages: Vec::new(),
            prints: Vec::new(),
            written: Vec::new(),
            pending: Vec::new(),
            gone: Vec::new(),
        })
    }

    /// After templates changed: the pages rendered with them are to be
    /// rendered again; all pages when a shared template (`base.html`,
    /// a partial) changed.
    pub(super) fn forget_pages_of(&mut self, paths: &[PathBuf]) {
        let Some(built) = self.built.as_mut() else { return };
        let names: Vec<String> = paths
            .iter()
            .filter(|p| p.starts_with(crate::load::TEMPLATES_DIR))
            .map(|p| theme::template_name(p))
            .collect();
        let page_templates: HashSet<&str> = built.pages.iter().filter_map(|p| p.kind.template()).collect();
        let scoped = names.iter().all(|n| page_templates.contains(n.as_str()));
        for (page, written) in built.pages.iter().zip(built.written.iter_mut()) {
            if !scoped || page.kind.template().is_some_and(|t| names.iter().any(|n| n == t)) {
                *written = None;
            }
        }
    }
}

/// Moves `built` to the pages of a new plan: what the output holds is
/// matched by route, and the files of pages gone are to be removed.
fn follow_plan(built: &mut Built, pages: Vec<Page>) {
    let old: HashMap<&Route, Option<u64>> = built
        .pages
        .iter()
        .zip(&built.written)
        .map(|(page, written)| (&page.route, *written))
        .collect();
    let written: Vec<Option<u64>> = pages
        .iter()
        .map(|page| old.get(&page.route).copied().flatten())
        .collect();
    let routes: HashSet<&Route> = pages.iter().map(|p| &p.route).collect();
    let gone = built
        .pages
        .iter()
        .filter(|p| !routes.contains(&p.route))
        .map(|p| p.route.file());
    built.gone.extend(gone);
    drop(old);
    built.written = written;
    built.pages = pages;
    built.pending.clear();
}

/// How many entries each term has: the pages of the plan follow from
/// them and from the issues.
fn term_sizes(archive: &Archive) -> Vec<usize> {
    [TermKind::Tag, TermKind::Company]
        .iter()
        .flat_map(|&kind| archive.terms(kind).iter().map(|t| t.entries.len()))
        .collect()
}
