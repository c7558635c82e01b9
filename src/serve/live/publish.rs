//! Publishing the site as `Live` holds it: the archive updated in place
//! when an edit allows it, the plan kept when the pages stay the same, one
//! fingerprint per page, and only the pages whose fingerprint changed
//! rendered and written. The data files come last and give way to edits.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Dirty, Live, Outcome};
use crate::archive::{Archive, TermKind};
use crate::error::{ContentError, ContentErrors};
use crate::fingerprint::fingerprints;
use crate::load::StaticFile;
use crate::model::Issue;
use crate::output;
use crate::plan::{longest_first, plan, Page, PageKind};
use crate::render::theme;
use crate::render::{IssueTexts, Renderer};
use crate::routes::Route;

/// The site as last published.
pub(super) struct Built {
    archive: Archive,
    /// `issue_hash` of each issue of the archive.
    issue_hashes: Vec<u64>,
    /// Where each issue file is in the archive.
    positions: HashMap<PathBuf, usize>,
    /// The texts pages show of each issue, made once.
    texts: Vec<Option<Arc<IssueTexts>>>,
    pages: Vec<Page>,
    /// The fingerprint of each page.
    prints: Vec<u64>,
    /// The fingerprint of what the output holds for each page; `None`
    /// when not written (or to be rendered again).
    written: Vec<Option<u64>>,
    /// Data files not written yet (indexes into `pages`).
    pending: Vec<usize>,
}

impl Built {
    /// After the configuration, companies or tags changed: every page is
    /// rendered again, and the texts of issues made again.
    pub(super) fn forget_all(&mut self) {
        self.written.iter_mut().for_each(|w| *w = None);
        self.texts.iter_mut().for_each(|t| *t = None);
    }
}

impl Live {
    /// What the search index is made of for the site as last published
    /// (`None`: nothing published yet).
    pub fn search_request(&self) -> Option<crate::search::refresh::Request> {
        let built = self.built.as_ref()?;
        let pages = built.pages.iter().filter(|p| matches!(p.kind, PageKind::Issue { .. }));
        let pages = pages.map(|p| (p.route.path(), self.output.join(p.route.file())));
        Some(self.config.search.then(|| (self.config.lang, pages.collect())))
    }

    /// Writes the pages that changed to the output and calls `announce`;
    /// on content errors the output is left as it was and the errors are
    /// returned. The site-wide data files (the JSON of every issue, the
    /// sitemap), which no page shows, are left for `write_pending`.
    pub fn publish(&mut self, announce: &mut dyn FnMut(&Outcome)) -> anyhow::Result<Result<Outcome, ContentErrors>> {
        let errors = self.errors();
        if !errors.is_empty() || self.templates.is_none() {
            return Ok(Err(errors));
        }
        let mut timings = crate::Timings::default();
        let dirty = std::mem::take(&mut self.dirty);
        let mut previous = self.built.take();
        let next = timings.time("archive", || self.next_archive(&mut previous, &dirty));
        let (mut built, same_pages) = match next {
            Ok(next) => next,
            Err(errors) => {
                // Built anew from every issue next time.
                self.built = previous;
                self.dirty = Dirty::All;
                return Ok(Err(errors));
            }
        };
        if !same_pages {
            let pages = timings.time("plan", || {
                plan(&built.archive, self.config.per_page, self.config.search)
            });
            self.follow_plan(&mut built, pages)?;
        }
        built.prints = timings.time("fingerprints", || {
            fingerprints(
                &built.archive,
                &built.pages,
                &built.issue_hashes,
                self.config.feed_limit,
            )
        });
        self.remove_gone_assets()?;
        let Some(templates) = self.templates.as_ref() else {
            self.built = Some(built);
            return Ok(Err(errors));
        };
        let Built {
            archive,
            texts,
            pages,
            prints,
            written,
            pending,
            ..
        } = &mut built;
        // A static file stands in for the page at its path: the page is
        // not written, and is once the static file goes (removed first).
        let shadowed = shadowed(&self.static_files, pages);
        for &i in &shadowed {
            written[i] = None;
        }
        // The longest first (the archive lists every issue), the others
        // shared out meanwhile: the reload waits for the last page.
        let todo = longest_first(
            pages,
            (0..pages.len()).filter(|&i| written[i] != Some(prints[i]) && !shadowed.contains(&i)),
        );
        let (late, early): (Vec<usize>, Vec<usize>) = todo.into_iter().partition(|&i| is_data(&pages[i]));
        let mut renderer = Renderer::new(&self.config, archive, templates, pages);
        renderer.inject = Some(self.inject.clone());
        renderer.seed_texts(texts);
        let result = timings.time("pages", || write_pages(&renderer, &self.output, pages, &early));
        *texts = renderer.texts_made();
        drop(renderer);
        let mut files_written = match result {
            Ok(count) => count,
            Err(errors) => {
                // Rendered again after the next change.
                written.iter_mut().for_each(|w| *w = None);
                self.built = Some(built);
                return Ok(Err(errors));
            }
        };
        for &i in &early {
            written[i] = Some(prints[i]);
        }
        *pending = late;
        files_written += self.copy_assets()?;
        let outcome = Outcome {
            pages_rendered: early.len(),
            files_written,
            css_only: false,
            timings,
        };
        announce(&outcome);
        self.built = Some(built);
        Ok(Ok(outcome))
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
        })
    }

    /// Moves `built` to the pages of a new plan: what the output holds is
    /// matched by route, and the files of pages gone are removed.
    fn follow_plan(&self, built: &mut Built, pages: Vec<Page>) -> anyhow::Result<()> {
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
        for gone in built.pages.iter().filter(|p| !routes.contains(&p.route)) {
            output::remove_file(&self.output.join(gone.route.file()))?;
        }
        drop(old);
        built.written = written;
        built.pages = pages;
        built.pending.clear();
        Ok(())
    }

    /// After templates changed: the pages rendered with them are to be
    /// rendered again; all pages when a shared template (`base.html`,
    /// a partial) changed.
    pub(super) fn forget_pages_of(&mut self, paths: &[PathBuf]) {
        let Some(built) = self.built.as_mut() else { return };
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(crate::load::TEMPLATES_DIR).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let page_templates: HashSet<&str> = built.pages.iter().filter_map(|p| p.kind.template()).collect();
        let scoped = names.iter().all(|n| page_templates.contains(n.as_str()));
        for (page, written) in built.pages.iter().zip(built.written.iter_mut()) {
            if !scoped || page.kind.template().is_some_and(|t| names.iter().any(|n| n == t)) {
                *written = None;
            }
        }
    }

    /// Whether data files are left to write.
    pub fn has_pending(&self) -> bool {
        self.built.as_ref().is_some_and(|b| !b.pending.is_empty())
    }

    /// Writes the data files `publish` left, one at a time, and stops as
    /// soon as `cancelled` says so (a new edit came): what is left is
    /// written after the next publish. Returns the files written, or
    /// `None` when cancelled.
    pub fn write_pending(
        &mut self,
        cancelled: &dyn Fn() -> bool,
    ) -> anyhow::Result<Result<Option<usize>, ContentErrors>> {
        let (Some(built), Some(templates)) = (self.built.as_mut(), self.templates.as_ref()) else {
            return Ok(Ok(Some(0)));
        };
        let Built {
            archive,
            pages,
            prints,
            written,
            pending,
            ..
        } = built;
        let renderer = Renderer::new(&self.config, archive, templates, pages);
        let mut count = 0;
        while let Some(&index) = pending.first() {
            let page = &pages[index];
            let path = self.output.join(page.route.file());
            let result = match renderer.render(page) {
                Ok(Some(bytes)) => {
                    count += usize::from(output::replace_file(&path, &bytes)?);
                    Ok(())
                }
                // The JSON of every issue: streamed to disk, cut short by
                // the next change. It changed, or it would not be pending.
                Ok(None) => {
                    output::stream_file(&path, |file| renderer.render_data(Cancellable { out: file, cancelled }))?
                        .map(|()| count += 1)
                }
                Err(e) => Err(e),
            };
            if cancelled() {
                return Ok(Ok(None));
            }
            if let Err(error) = result {
                // Rendered again after the next change.
                pending.clear();
                return Ok(Err(ContentErrors(vec![error])));
            }
            written[index] = Some(prints[index]);
            pending.remove(0);
        }
        Ok(Ok(Some(count)))
    }

    /// The theme's assets that `static/` does not replace.
    fn theme_assets(&self) -> impl Iterator<Item = &(&'static str, &'static [u8])> {
        theme::ASSETS
            .iter()
            .filter(|(path, _)| !self.static_files.iter().any(|f| f.path == Path::new(path)))
    }

    /// Removes the assets the output holds and the site no longer has (a
    /// file deleted from `static/`), before the pages are written: a page
    /// it stood in for takes its place.
    fn remove_gone_assets(&mut self) -> anyhow::Result<()> {
        let assets: Vec<PathBuf> = self
            .theme_assets()
            .map(|(path, _)| PathBuf::from(path))
            .chain(self.static_files.iter().map(|f| f.path.clone()))
            .collect();
        let kept: HashSet<&PathBuf> = assets.iter().collect();
        for gone in self.assets.iter().filter(|a| !kept.contains(a)) {
            output::remove_file(&self.output.join(gone))?;
        }
        self.assets = assets;
        Ok(())
    }

    /// The theme's assets and `static/`, copied when their bytes changed.
    fn copy_assets(&self) -> anyhow::Result<usize> {
        let mut count = 0;
        for (path, bytes) in self.theme_assets() {
            count += usize::from(output::replace_file(&self.output.join(path), bytes)?);
        }
        for file in &self.static_files {
            let bytes = crate::load::read_bytes(&file.source)?;
            count += usize::from(output::replace_file(&self.output.join(&file.path), &bytes)?);
        }
        Ok(count)
    }
}

/// How many entries each term has: the pages of the plan follow from
/// them and from the issues.
fn term_sizes(archive: &Archive) -> Vec<usize> {
    [TermKind::Tag, TermKind::Company]
        .iter()
        .flat_map(|&kind| archive.terms(kind).iter().map(|t| t.entries.len()))
        .collect()
}

/// The pages (indexes into `pages`) whose file a static file replaces, as
/// in a clean build, where `static/` is copied over the pages.
fn shadowed(static_files: &[StaticFile], pages: &[Page]) -> HashSet<usize> {
    if static_files.is_empty() {
        return HashSet::new();
    }
    let paths: HashSet<&Path> = static_files.iter().map(|f| f.path.as_path()).collect();
    pages
        .iter()
        .enumerate()
        .filter(|(_, page)| paths.contains(page.route.file().as_path()))
        .map(|(i, _)| i)
        .collect()
}

/// Whether a page is a site-wide data file, written after the others.
fn is_data(page: &Page) -> bool {
    matches!(
        page.kind,
        PageKind::Api | PageKind::Sitemap { .. } | PageKind::SitemapIndex { .. }
    )
}

/// A writer that fails once `cancelled` says so, to cut a long render short.
struct Cancellable<'a, W> {
    out: W,
    cancelled: &'a dyn Fn() -> bool,
}

impl<W: std::io::Write> std::io::Write for Cancellable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.cancelled)() {
            // Not `Interrupted`: `write_all` retries those.
            return Err(std::io::Error::other("cancelled by a new change"));
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Renders and writes `todo` (indexes into `pages`, no data file);
/// returns how many files changed.
fn write_pages(renderer: &Renderer<'_>, output: &Path, pages: &[Page], todo: &[usize]) -> Result<usize, ContentErrors> {
    let results: Vec<Result<bool, ContentError>> = todo
        .par_iter()
        .filter_map(|&i| {
            let page = &pages[i];
            let bytes = match renderer.render(page) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            let path = output.join(page.route.file());
            Some(
                output::replace_file(&path, &bytes).map_err(|e| ContentError::new(page.route.file(), format!("{e:#}"))),
            )
        })
        .collect();
    let mut count = 0;
    let mut errors = ContentErrors::default();
    for result in results {
        match result {
            Ok(changed) => count += usize::from(changed),
            Err(e) if !errors.0.contains(&e) => errors.push(e),
            Err(_) => {}
        }
    }
    errors.into_result(count)
}
