//! The pipeline's output: the pages whose fingerprint changed rendered
//! in parallel and written, with the theme's assets and `static/`. For
//! `build`, the issue pages go to the search indexer as they are written
//! and its index follows them; for `serve`, the data files come last and
//! give way to edits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::update::Built;
use super::{DataFiles, Outcome, Output, Pipeline};
use crate::archive::Archive;
use crate::error::{BuildError, ContentErrors};
use crate::load::StaticFile;
use crate::output::Staging;
use crate::plan::{longest_first, Page, PageKind};
use crate::render::site_files;
use crate::render::sizes::Sizes;
use crate::render::theme;
use crate::render::Renderer;
use crate::routes::Route;
use crate::search;
use crate::Progress;

/// What `write_pending` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pending {
    /// Every data file left is written: this many changed.
    Written(usize),
    /// A new edit came first: the rest waits for the next publish.
    Cancelled,
}

impl Pipeline {
    /// Brings the site up to date with what was read, then writes the
    /// pages that changed to `output`, telling `progress` of each. On
    /// content errors the output is left as it was and every error found
    /// is returned. With `DataFiles::Later`, the site-wide data files (the JSON
    /// of every issue, the sitemap), which no page shows, are left for
    /// `write_pending`.
    pub fn run(&mut self, output: &dyn Output, progress: &dyn Progress) -> Result<Outcome, BuildError> {
        self.update()?;
        self.write(output, progress)
    }

    /// Writes what `update` found changed to `output`.
    pub fn write(&mut self, output: &dyn Output, progress: &dyn Progress) -> Result<Outcome, BuildError> {
        let Some(mut built) = self.built.take() else {
            return Ok(Outcome::default());
        };
        let result = self.write_built(&mut built, output, progress, None);
        self.built = Some(built);
        result
    }

    /// `write` for a build, into its staging tree: with search on, each
    /// issue page is handed to the search indexer as it is written, and
    /// the index (`pagefind/`) is written after the pages. Every page is
    /// written (the pipeline is new), so the index holds every issue.
    pub(crate) fn write_build(&mut self, staging: &Staging, progress: &dyn Progress) -> Result<Outcome, BuildError> {
        let Some(mut built) = self.built.take() else {
            return Ok(Outcome::default());
        };
        let bundles = self
            .config
            .search_bundles()
            .map(|size| search::bundles(&built.pages, size));
        let lang = self.config.lang;
        let sink = |path: &Path, bytes: &[u8]| Output::write(staging, path, bytes);
        let result = std::thread::scope(|scope| {
            let indexer = bundles
                .map(|bundles| search::Indexer::start(scope, lang, bundles, &sink))
                .transpose()?;
            self.write_built(&mut built, staging, progress, indexer)
        });
        self.built = Some(built);
        result
    }

    fn write_built(
        &mut self,
        built: &mut Built,
        output: &dyn Output,
        progress: &dyn Progress,
        search: Option<search::Indexer<'_>>,
    ) -> Result<Outcome, BuildError> {
        let mut timings = std::mem::take(&mut self.timings);
        for gone in std::mem::take(&mut built.gone) {
            output.remove(&gone)?;
        }
        self.remove_gone_assets(&built.archive, output)?;
        let Some(templates) = self.templates.as_ref() else {
            return Ok(Outcome::default());
        };
        let Built {
            archive,
            texts,
            pages,
            prints,
            written,
            pending,
            ..
        } = built;
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
        let (late, early): (Vec<usize>, Vec<usize>) = todo
            .into_iter()
            .partition(|&i| self.data_files == DataFiles::Later && pages[i].kind.is_data());
        let mut renderer =
            Renderer::new(&self.config, archive, templates, pages).with_site_files(self.site_files.clone());
        renderer.seed_texts(texts);
        progress.start(early.len());
        let result = timings.time("pages", || match &search {
            // Pagefind makes each bundle with rayon's global threads while
            // the pages still render: they render on threads of their own,
            // which wait for the indexer when it falls behind.
            Some(_) => rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("kiosque-render-{i}"))
                .build()
                .map_err(|e| BuildError::Io(anyhow::anyhow!("failed to start the render threads: {e}")))?
                .install(|| write_pages(&renderer, output, pages, &early, search.as_ref(), progress)),
            None => write_pages(&renderer, output, pages, &early, search.as_ref(), progress),
        });
        progress.finish();
        *texts = renderer.texts_made();
        let sizes = std::mem::take(&mut renderer.sizes);
        drop(renderer);
        let mut files_written = match result {
            Ok(count) => count,
            Err(errors) => {
                // Rendered again after the next change.
                written.fill(None);
                return Err(errors);
            }
        };
        for &i in &early {
            written[i] = Some(prints[i]);
        }
        *pending = late;
        files_written += self.copy_assets(archive, output, &sizes)?;
        let mut files = pages.len()
            + issue_files(archive).count()
            + self.theme_assets().count()
            + self.monogram().iter().count()
            + self.static_files.len();
        if let Some(indexer) = search {
            let (bundle, written) = timings.time("search", || write_index(indexer, &sizes))?;
            files += bundle;
            files_written += written;
        }
        Ok(Outcome {
            issues: archive.issues.len(),
            stories: archive.issues.iter().map(|i| i.stories.len()).sum(),
            pages: pages.len(),
            files,
            pages_rendered: early.len(),
            files_written,
            css_only: false,
            timings,
            sizes: sizes.largest_first(),
        })
    }

    /// Whether data files are left to write.
    pub(crate) fn has_pending(&self) -> bool {
        self.built.as_ref().is_some_and(|b| !b.pending.is_empty())
    }

    /// Writes the data files `publish` left, one at a time, and stops as
    /// soon as `cancelled` says so (a new edit came): what is left is
    /// written after the next publish.
    pub(crate) fn write_pending(
        &mut self,
        output: &dyn Output,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Pending, BuildError> {
        let (Some(built), Some(templates)) = (self.built.as_mut(), self.templates.as_ref()) else {
            return Ok(Pending::Written(0));
        };
        let Built {
            archive,
            pages,
            prints,
            written,
            pending,
            ..
        } = built;
        let renderer = Renderer::new(&self.config, archive, templates, pages).with_site_files(self.site_files.clone());
        let mut count = 0;
        while let Some(&index) = pending.first() {
            let page = &pages[index];
            let path = page.route.file();
            let result = match renderer.render(page) {
                Ok(Some(bytes)) => {
                    count += usize::from(output.write(&path, &bytes)?);
                    Ok(())
                }
                // The JSON of every issue: streamed to disk, cut short by
                // the next change. It changed, or it would not be pending.
                Ok(None) => output
                    .stream(&path, &mut |file| {
                        renderer
                            .render_data(Cancellable { out: file, cancelled })
                            .map_err(BuildError::from)
                    })
                    .map(|()| count += 1),
                Err(e) => Err(e.into()),
            };
            if cancelled() {
                return Ok(Pending::Cancelled);
            }
            if let Err(error) = result {
                // Rendered again after the next change.
                pending.clear();
                return Err(error);
            }
            written[index] = Some(prints[index]);
            pending.remove(0);
        }
        Ok(Pending::Written(count))
    }

    /// The theme's assets that `static/` does not replace.
    fn theme_assets(&self) -> impl Iterator<Item = &(&'static str, &'static [u8])> {
        theme::ASSETS
            .iter()
            .filter(|(path, _)| !self.static_files.iter().any(|f| f.path == Path::new(path)))
    }

    /// The icon made for a site whose `static/` has none: its path and
    /// its bytes.
    fn monogram(&self) -> Option<(&'static str, String)> {
        let svg = self.site_files.monogram(&self.config.title)?;
        Some((site_files::MONOGRAM, svg))
    }

    /// Removes the assets the output holds and the site no longer has (a
    /// file deleted from `static/`, the image of an issue gone), before
    /// the pages are written: a page it stood in for takes its place.
    fn remove_gone_assets(&mut self, archive: &Archive, output: &dyn Output) -> anyhow::Result<()> {
        let assets: Vec<PathBuf> = self
            .theme_assets()
            .map(|(path, _)| PathBuf::from(path))
            .chain(self.monogram().map(|(path, _)| PathBuf::from(path)))
            .chain(self.static_files.iter().map(|f| f.path.clone()))
            .chain(issue_files(archive).map(|(route, _)| route.file()))
            .collect();
        let kept: HashSet<&PathBuf> = assets.iter().collect();
        for gone in self.assets.iter().filter(|a| !kept.contains(a)) {
            output.remove(gone)?;
        }
        self.assets = assets;
        Ok(())
    }

    /// The issues' files, the theme's assets and `static/`, copied when
    /// their bytes changed (`static/` last: it wins).
    fn copy_assets(&self, archive: &Archive, output: &dyn Output, sizes: &Sizes) -> anyhow::Result<usize> {
        let mut count = 0;
        for (route, bytes) in issue_files(archive) {
            count += usize::from(output.write(&route.file(), bytes)?);
            sizes.add("issue file", bytes.len() as u64);
        }
        for (path, bytes) in self.theme_assets() {
            count += usize::from(output.write(Path::new(path), bytes)?);
            sizes.add("static", bytes.len() as u64);
        }
        if let Some((path, svg)) = self.monogram() {
            count += usize::from(output.write(Path::new(path), svg.as_bytes())?);
            sizes.add("static", svg.len() as u64);
        }
        for file in &self.static_files {
            count += usize::from(output.copy(&file.path, &file.source)?);
            sizes.add("static", std::fs::metadata(&file.source).map_or(0, |m| m.len()));
        }
        Ok(count)
    }
}

/// Waits for the search index of the issue pages, its bundles written in
/// `pagefind/` as they were made; returns how many files it has and how
/// many changed.
fn write_index(indexer: search::Indexer<'_>, sizes: &Sizes) -> anyhow::Result<(usize, usize)> {
    let made = indexer.finish()?;
    for &bytes in &made.sizes {
        sizes.add("search index", bytes);
    }
    Ok((made.sizes.len(), made.changed))
}

/// The files of the issues (an email's images), each at its route.
fn issue_files(archive: &Archive) -> impl Iterator<Item = (Route, &[u8])> {
    archive.issues.iter().flat_map(|issue| {
        issue.assets.iter().map(|asset| {
            let route = Route::IssueFile {
                slug: issue.slug.clone(),
                name: asset.name.clone(),
            };
            (route, &asset.bytes[..])
        })
    })
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

/// How many pages are rendered side by side while the search index takes
/// the issues among them.
const SEARCH_BLOCK: usize = 256;

/// Renders and writes `todo` (indexes into `pages`) in parallel, telling
/// `progress` of each and handing the issue pages to `search` when given;
/// returns how many files changed. Every template error is collected,
/// each problem once.
fn write_pages(
    renderer: &Renderer<'_>,
    output: &dyn Output,
    pages: &[Page],
    todo: &[usize],
    search: Option<&search::Indexer<'_>>,
    progress: &dyn Progress,
) -> Result<usize, BuildError> {
    let one = |&i: &usize| -> Result<bool, BuildError> {
        let page = &pages[i];
        let path = page.route.file();
        let changed = if let Some(bytes) = renderer.render(page)? {
            let changed = output.write(&path, &bytes)?;
            if let (Some(search), PageKind::Issue { .. }) = (search, &page.kind) {
                if let Ok(html) = String::from_utf8(bytes) {
                    search.add(page.route.path(), html);
                }
            }
            changed
        } else {
            output.stream(&path, &mut |out| renderer.render_data(out).map_err(BuildError::from))?;
            true
        };
        progress.advance();
        Ok(changed)
    };
    // With search on, the pages go by blocks in the plan's order: the
    // indexer takes the issues in that order, and rayon would otherwise
    // start its second thread half-way down the list.
    let block = if search.is_some() {
        SEARCH_BLOCK
    } else {
        todo.len().max(1)
    };
    let results: Vec<Result<bool, BuildError>> = todo
        .chunks(block)
        .flat_map(|chunk| chunk.par_iter().map(one).collect::<Vec<_>>())
        .collect();
    let mut count = 0;
    let mut errors = ContentErrors::default();
    for result in results {
        match result {
            Ok(changed) => count += usize::from(changed),
            Err(BuildError::Content(e)) => e.0.into_iter().for_each(|e| errors.add_once(e)),
            Err(e @ BuildError::Io(_)) => return Err(e),
        }
    }
    Ok(errors.into_result(count)?)
}
