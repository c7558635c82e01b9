//! kiosque: a static site generator for newsletter archives.
//!
//! The build is a one-way chain of values, wired once in `pipeline`:
//! `Config → Vec<SourceFile> → Vec<Issue> → Archive → Vec<Page> → output folder`.
//! `build` runs it once into a staging tree; `serve` keeps it between edits.

// Every stage is private to the crate: what a user of the library (the
// binary, tests, benches, examples) may call is re-exported below.
mod archive;
mod check;
mod config;
mod enrich;
mod error;
mod fingerprint;
mod import;
mod labels;
mod load;
pub mod model;
mod output;
mod parse;
mod pipeline;
mod plan;
mod render;
mod routes;
mod scaffold;
mod search;
mod serve;
mod slug;
mod urls;

pub use archive::{Archive, TermKind};
pub use check::{candidates, reading_notes, Candidate, Note};
pub use config::{Config, Lang};
pub use enrich::gazetteer::Gazetteer;
pub use error::{BuildError, ContentError, ContentErrors, ErrorKind};
pub use import::{import, ImportOptions, ImportReport, Outcome, Source as ImportSource};
pub use labels::Labels;
pub use load::CONFIG_FILE;
pub use scaffold::{init, new_issue};
pub use serve::{serve, ServeOptions};

/// Parses site.toml's text (`path` names it in errors; `base_url` overrides its own).
pub fn parse_config(
    path: &std::path::Path,
    text: Option<&str>,
    base_url: Option<&str>,
) -> Result<Config, ContentError> {
    config::parse(path, text, base_url)
}

/// What the integration tests, benches and examples reach beyond the
/// facade: single stages, run on their own. Not a stable interface.
#[doc(hidden)]
pub mod testing {
    pub use crate::enrich::enrich_issue;
    pub use crate::enrich::gazetteer::{parse_companies, parse_tags};
    pub use crate::load::SourceFile;
    pub use crate::output::lock::OutputLock;
    pub use crate::output::manifest::MANIFEST;
    pub use crate::parse::{parse_issue, ParseOptions};
    pub use crate::pipeline::{DataFiles, Folder, Pipeline};
    pub use crate::plan::{plan, PageKind};
    pub use crate::render::Renderer;
}

use std::time::{Duration, Instant};

use std::path::PathBuf;

use pipeline::{DataFiles, Pipeline};
use plan::Page;

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
    /// Files and bytes made per kind of page, largest first (`build --timings`).
    pub sizes: Vec<(&'static str, render::sizes::KindSize)>,
}

/// load → parse → enrich → archive → plan, with every content error of
/// every stage collected before giving up.
pub fn prepare(options: &BuildOptions) -> Result<Site, BuildError> {
    Pipeline::new(options, DataFiles::WithPages)?.into_site()
}

/// The whole build: the pipeline run once, every page rendered in parallel
/// into a new tree beside the output, swapped in whole when nothing failed.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(options, &Silent)
}

/// `build`, telling `progress` of each page written.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut pipeline = Pipeline::new(options, DataFiles::WithPages)?;
    pipeline.update()?;
    let explicit = options.output.is_some();
    let output = options
        .output
        .clone()
        .or_else(|| pipeline.config().output_dir.clone())
        .unwrap_or_else(|| PathBuf::from("public"));
    let output = output::check_output_dir(&options.root, &output, explicit)?;
    let staging = output::Staging::new(&output, options.force)?;
    let outcome = pipeline.write_build(&staging, progress)?;
    let mut timings = outcome.timings;
    timings.time("swap", || staging.commit())?;
    Ok(BuildReport {
        output,
        issues: outcome.issues,
        stories: outcome.stories,
        pages: outcome.pages,
        files: outcome.files,
        elapsed: started.elapsed(),
        timings,
        sizes: outcome.sizes,
    })
}
