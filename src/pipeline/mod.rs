//! The pipeline, wired once: load → parse → enrich → archive → plan →
//! fingerprint → render → write. `build` runs it once into a staging tree
//! swapped in at the end; `serve` keeps it between edits (the issues
//! parsed, the last archive and plan, the fingerprint of every page
//! written) and runs it again on each change into the folder it serves,
//! so only what changed is read again and only the pages whose
//! fingerprint changed are rendered: the output stays byte-identical to a
//! clean build.

mod output;
mod sources;
mod update;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::enrich::gazetteer::Gazetteer;
use crate::error::{BuildError, ContentError};
use crate::load::{self, StaticFile};
use crate::render::site_files::SiteFiles;
use crate::render::theme::Templates;
use crate::BuildOptions;

pub use output::Folder;
pub(crate) use output::Output;
use sources::Parsed;
use update::Built;
pub(crate) use write::Pending;

/// What a change touched, from the narrowest to the widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// A file of `static/`: copied alone.
    Static,
    /// An issue: re-read and re-parsed alone.
    Issue,
    /// A template: every page re-rendered with it.
    Template,
    /// companies.toml or tags.toml: every issue re-enriched.
    Gazetteer,
    /// site.toml: everything read again.
    Config,
}

/// Sorts a changed path (relative to the site root) into what it touches,
/// or `None` for a path the site does not read (editor files included).
pub(crate) fn classify(rel: &Path) -> Option<Change> {
    if load::is_ignored(rel)
        || rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return None;
    }
    if rel == Path::new(load::CONFIG_FILE) {
        Some(Change::Config)
    } else if rel == Path::new(load::COMPANIES_FILE) || rel == Path::new(load::TAGS_FILE) {
        Some(Change::Gazetteer)
    } else if rel.starts_with(load::TEMPLATES_DIR) {
        Some(Change::Template)
    } else if rel.starts_with(load::STATIC_DIR) {
        Some(Change::Static)
    } else if rel.starts_with(load::ISSUES_DIR) && (load::is_issue_file(rel) || rel.extension().is_none()) {
        // Without an extension: a folder of issues, maybe.
        Some(Change::Issue)
    } else {
        None
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub issues: usize,
    pub stories: usize,
    /// Pages planned.
    pub pages: usize,
    /// Files of the site: the pages, the theme's assets and `static/`.
    pub files: usize,
    pub pages_rendered: usize,
    pub files_written: usize,
    /// Only stylesheets changed: pages may refresh them without reloading.
    pub css_only: bool,
    /// Where the time went.
    pub timings: crate::Timings,
    /// Files and bytes written per kind of page, largest first.
    pub sizes: Vec<(&'static str, crate::render::sizes::KindSize)>,
}

/// When the data files (the JSON of every issue, the sitemap), which no
/// page shows, are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFiles {
    /// With the pages (build).
    WithPages,
    /// By `write_pending`, once the edits pause (serve).
    Later,
}

/// The site as the pipeline holds it between runs.
pub struct Pipeline {
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
    data_files: DataFiles,
    config: Config,
    templates: Option<Templates>,
    gazetteer: Gazetteer,
    /// Every issue file, parsed and enriched, with its hash; or its error.
    issues: BTreeMap<PathBuf, Parsed>,
    /// Errors of the files read, site.toml, companies.toml, tags.toml and
    /// the templates.
    site_errors: Vec<ContentError>,
    static_files: Vec<StaticFile>,
    /// The site's icon and preview image, found in `static/` and site.toml.
    site_files: SiteFiles,
    /// What changed in the issues since the last run.
    dirty: Dirty,
    /// The static files in the output.
    assets: Vec<PathBuf>,
    /// The site as last written.
    built: Option<Built>,
    /// Where the time went since the last write.
    timings: crate::Timings,
}

/// What changed in the issues since the last run.
#[derive(Debug, Default)]
enum Dirty {
    #[default]
    Nothing,
    /// These issue files (relative to the root) only.
    Issues(Vec<PathBuf>),
    /// Anything: the archive is built anew.
    All,
}

impl Dirty {
    fn add(&mut self, path: &Path) {
        match self {
            Dirty::Nothing => *self = Dirty::Issues(vec![path.to_path_buf()]),
            Dirty::Issues(paths) if !paths.iter().any(|p| p == path) => paths.push(path.to_path_buf()),
            Dirty::Issues(_) | Dirty::All => {}
        }
    }
}

impl Pipeline {
    /// Reads the whole site; `run` writes it.
    pub fn new(options: &BuildOptions, data_files: DataFiles) -> Result<Pipeline, BuildError> {
        let mut pipeline = Pipeline {
            root: options.root.clone(),
            base_url: options.base_url.clone(),
            drafts: options.drafts,
            data_files,
            config: Config::default(),
            templates: None,
            gazetteer: Gazetteer::default(),
            issues: BTreeMap::new(),
            site_errors: Vec::new(),
            static_files: Vec::new(),
            site_files: SiteFiles::default(),
            dirty: Dirty::All,
            assets: Vec::new(),
            built: None,
            timings: crate::Timings::default(),
        };
        let mut timings = crate::Timings::default();
        timings.time("read", || pipeline.reload_all())?;
        pipeline.timings = timings;
        Ok(pipeline)
    }

    /// The configuration read (defaults when site.toml is broken).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The pages of the site as last planned (none before the first run).
    pub(crate) fn pages(&self) -> &[crate::plan::Page] {
        self.built.as_ref().map_or(&[], |built| &built.pages)
    }

    /// Reads the changes `paths` name (relative to the root) and runs the
    /// pipeline again into `output`.
    pub fn apply(&mut self, paths: &[PathBuf], output: &dyn Output) -> Result<Outcome, BuildError> {
        let touched: BTreeSet<Change> = paths.iter().filter_map(|p| classify(p)).collect();
        let Some(&widest) = touched.last() else {
            return Ok(Outcome::default());
        };
        if widest == Change::Config {
            self.reload_all()?;
        } else {
            // Every kind of change of the burst, not only the widest: a
            // checkout changes companies and templates at once.
            let gazetteer = touched.contains(&Change::Gazetteer);
            let templates = touched.contains(&Change::Template);
            if gazetteer {
                self.reload_gazetteer();
            }
            if templates {
                self.reload_templates();
            }
            self.reparse(paths)?;
            if gazetteer {
                self.reenrich();
                self.forget_all();
            } else if templates {
                self.forget_pages_of(paths);
            }
        }
        let static_changed: Vec<&PathBuf> = paths.iter().filter(|p| classify(p) == Some(Change::Static)).collect();
        if !static_changed.is_empty() {
            self.static_files = load::load_static(&self.root)?;
            self.read_site_files();
        }
        let css_only =
            widest == Change::Static && static_changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
        let outcome = self.run(output, &crate::Silent)?;
        Ok(Outcome { css_only, ..outcome })
    }
}
