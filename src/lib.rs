//! kiosque: a static site generator for newsletter archives.
//!
//! The build is a one-way chain of values, wired here and nowhere else:
//! `Config → Vec<SourceFile> → Vec<Issue> → Archive → Vec<Page> → output folder`.

pub mod archive;
pub mod check;
pub mod config;
pub mod enrich;
pub mod error;
pub mod fingerprint;
pub mod import;
pub mod labels;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod plan;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod urls;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use archive::Archive;
use config::Config;
use enrich::gazetteer::{self, Gazetteer};
use error::{ContentError, ContentErrors};
use load::{Sources, StaticFile};
use output::Written;
use parse::ParseOptions;
use plan::{Page, PageKind};
use render::Renderer;

/// What the user asked of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `--output`: given explicitly, it may be outside the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `--force`: adopt an output folder kiosque did not write, keeping
    /// every file of it the build does not make.
    pub force: bool,
}

/// Why a build failed: the user's content, or the machine.
#[derive(Debug)]
pub enum BuildError {
    Content(ContentErrors),
    Io(anyhow::Error),
}

impl From<ContentErrors> for BuildError {
    fn from(e: ContentErrors) -> Self {
        BuildError::Content(e)
    }
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Io(e)
    }
}

/// How long each stage took, in order (`build --timings`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `stage`, recording its time under `name`.
    pub fn time<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = stage();
        self.0.push((name, started.elapsed()));
        value
    }
}

/// Told of the pages as they are written, for a progress bar.
pub trait Progress: Sync {
    fn start(&self, _pages: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}

/// A site read, parsed, indexed and planned: everything but the writing.
pub struct Site {
    pub config: Config,
    pub archive: Archive,
    pub pages: Vec<Page>,
    pub tera: render::theme::Templates,
    pub static_files: Vec<StaticFile>,
    pub gazetteer: Gazetteer,
    pub timings: Timings,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub issues: usize,
    pub stories: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// load → parse → enrich → archive → plan, with every content error of
/// every stage collected before giving up.
pub fn prepare(options: &BuildOptions) -> Result<Site, BuildError> {
    let mut timings = Timings::default();
    let (sources, mut errors) = timings.time("load", || load::load(&options.root))?;
    let Sources {
        config: config_file,
        issues: issue_paths,
        companies,
        tags,
        templates,
        static_files,
    } = sources;
    let config = config::parse(
        Path::new(load::CONFIG_FILE),
        config_file.as_ref().map(|f| f.text.as_str()),
        options.base_url.as_deref(),
    );
    let config = match config {
        Ok(config) => config,
        Err(e) => {
            errors.push(e);
            Config::default()
        }
    };
    let parse_options = ParseOptions {
        labels: &config.labels,
        allow_html: config.allow_html,
        lang: config.lang,
    };
    let parsed = timings.time("read+parse", || {
        load::read_each(&options.root, &issue_paths, |file| {
            parse::parse_issue(&file, parse_options)
        })
    })?;
    let (issues, parse_errors) = parse::split(parsed);
    errors.extend(parse_errors.0);
    let gazetteer = timings.time("gazetteer", || {
        let (companies, company_errors) = gazetteer::read_companies(companies.as_ref());
        let (tags, tag_errors) = gazetteer::read_tags(tags.as_ref());
        errors.extend(company_errors.0.into_iter().chain(tag_errors.0));
        Gazetteer::new(companies, tags)
    });
    let issues: Vec<_> = issues.into_iter().filter(|i| options.drafts || !i.draft).collect();
    let (issues, enrich_errors) = timings.time("enrich", || enrich::enrich(issues, &gazetteer));
    errors.extend(enrich_errors.0);
    let tera = timings
        .time("templates", || render::theme::templates(&templates))
        .map_err(|e| errors.extend(e.0));
    let archive = timings
        .time("archive", || {
            Archive::new(issues.into_iter().map(Arc::new).collect(), &gazetteer)
        })
        .map_err(|e| errors.extend(e.0));
    match (tera, archive) {
        (Ok(tera), Ok(archive)) if errors.is_empty() => {
            let pages = timings.time("plan", || plan::plan(&archive, config.per_page, config.search));
            Ok(Site {
                config,
                archive,
                pages,
                tera,
                static_files,
                gazetteer,
                timings,
            })
        }
        _ => Err(BuildError::Content(errors.sorted())),
    }
}

/// The whole build: prepare, render every page in parallel into a new tree
/// beside the output, and swap it in whole when nothing failed.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(options, &Silent)
}

/// `build`, telling `progress` of each page written.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let site = prepare(options)?;
    let explicit = options.output.is_some();
    let output = options
        .output
        .clone()
        .or_else(|| site.config.output_dir.clone())
        .unwrap_or_else(|| PathBuf::from("public"));
    let output = output::check_output_dir(&options.root, &output, explicit)?;
    let mut timings = site.timings.clone();
    let staging = output::Staging::new(&output, options.force)?;
    let renderer = Renderer::new(&site.config, &site.archive, &site.tera, &site.pages);
    let indexer = site
        .config
        .search
        .then(|| search::Indexer::start(site.config.lang, search::issue_urls(&site.pages)))
        .transpose()?;
    progress.start(site.pages.len());
    let files = timings.time("render+write", || {
        write_site(&site, &renderer, &staging, indexer.as_ref(), progress)
    });
    progress.finish();
    let mut files = files?;
    if let Some(indexer) = indexer {
        files += timings.time("search", || write_search(indexer, &staging))?;
    }
    timings.time("swap", || staging.commit())?;
    Ok(BuildReport {
        output,
        issues: site.archive.issues.len(),
        stories: site.archive.issues.iter().map(|i| i.stories.len()).sum(),
        pages: site.pages.len(),
        files,
        elapsed: started.elapsed(),
        timings,
    })
}

/// Renders and writes every page and copies the static files, handing each
/// issue page to `search` when given; returns how many files were written.
/// Template errors are collected, one per message.
pub fn write_site(
    site: &Site,
    renderer: &Renderer<'_>,
    staging: &output::Staging,
    search: Option<&search::Indexer>,
    progress: &dyn Progress,
) -> Result<usize, BuildError> {
    let results: Vec<Result<(), BuildError>> = plan::longest_first(&site.pages, 0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &site.pages[i];
            match renderer.render(page).map_err(|e| BuildError::Content(e.into()))? {
                Some(bytes) => {
                    staging.write(&page.route.file(), &bytes)?;
                    if let (Some(search), PageKind::Issue { .. }) = (search, &page.kind) {
                        if let Ok(html) = String::from_utf8(bytes) {
                            search.add(page.route.path(), html);
                        }
                    }
                    Written::Staged
                }
                None => staging.write_with(&page.route.file(), |out| {
                    renderer.render_data(out).map_err(|e| BuildError::Content(e.into()))
                })?,
            };
            progress.advance();
            Ok(())
        })
        .collect();
    let mut errors: Vec<ContentError> = Vec::new();
    for result in results {
        match result {
            Ok(()) => {}
            Err(BuildError::Content(e)) => {
                for error in e.0 {
                    if !errors.contains(&error) && !errors.iter().any(|x| same_template_error(x, &error)) {
                        errors.push(error);
                    }
                }
            }
            Err(BuildError::Io(e)) => return Err(BuildError::Io(e)),
        }
    }
    if !errors.is_empty() {
        return Err(BuildError::Content(ContentErrors(errors).sorted()));
    }
    let mut files = site.pages.len();
    for (path, bytes) in render::theme::ASSETS {
        if !site.static_files.iter().any(|f| f.path == Path::new(path)) {
            staging.write(Path::new(path), bytes)?;
            files += 1;
        }
    }
    for file in &site.static_files {
        staging.copy(&file.path, &file.source)?;
        files += 1;
    }
    Ok(files)
}

/// Waits for the search index of the issue pages and writes its files in
/// `pagefind/`; returns how many.
fn write_search(indexer: search::Indexer, staging: &output::Staging) -> anyhow::Result<usize> {
    let files = indexer.finish()?;
    for (path, bytes) in &files {
        staging.write(path, bytes)?;
    }
    Ok(files.len())
}

/// The same template failing on many pages is one error.
fn same_template_error(a: &ContentError, b: &ContentError) -> bool {
    a.path == b.path && a.message.split(" (while rendering").next() == b.message.split(" (while rendering").next()
}
