//! The site as `serve` keeps it between edits: the parsed issues, the
//! gazetteer, the templates and the fingerprint of every page written.
//! A change re-reads only what changed and re-renders only the pages whose
//! fingerprint changed, so the output stays byte-identical to a clean build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::enrich::gazetteer::{self, Gazetteer};
use crate::enrich::{enrich_issue, unknown_declared};
use crate::error::{BuildError, ContentError, ContentErrors};
use crate::fingerprint::issue_hash;
use crate::load::{self, SourceFile, StaticFile};
use crate::model::Issue;
use crate::parse::{parse_issue, ParseOptions};
use crate::render::theme::{self, Templates};

mod publish;
use publish::Built;
pub use publish::Pending;

/// What a change touched, from the narrowest to the widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
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
pub fn classify(rel: &Path) -> Option<Change> {
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
    } else if rel.starts_with(load::ISSUES_DIR) && (is_issue_file(rel) || rel.extension().is_none()) {
        // Without an extension: a folder of issues, maybe.
        Some(Change::Issue)
    } else {
        None
    }
}

/// Whether `rel` names an issue file (by its extension).
fn is_issue_file(rel: &Path) -> bool {
    rel.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| crate::load::ISSUE_EXTENSIONS.contains(&e))
}

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub pages_rendered: usize,
    pub files_written: usize,
    /// Only stylesheets changed: pages may refresh them without reloading.
    pub css_only: bool,
    /// Where the time went.
    pub timings: crate::Timings,
}

/// An issue file parsed and enriched, with its hash; or why it is not.
type Parsed = Result<(Arc<Issue>, u64), Failed>;

/// Why an issue file is left out of the site, and what of it is kept.
#[derive(Debug)]
struct Failed {
    errors: Vec<ContentError>,
    /// The issue as parsed, when only its enrichment failed (its front
    /// matter names a company or tag the gazetteer lacks): enriched again
    /// when the gazetteer changes, since its file did not.
    parsed: Option<Arc<Issue>>,
}

impl From<ContentError> for Failed {
    fn from(error: ContentError) -> Failed {
        Failed {
            errors: vec![error],
            parsed: None,
        }
    }
}

pub struct Live {
    root: PathBuf,
    output: PathBuf,
    base_url: String,
    drafts: bool,
    config: Config,
    templates: Option<Templates>,
    gazetteer: Gazetteer,
    /// Every issue file, parsed and enriched, with its hash; or its error.
    issues: BTreeMap<PathBuf, Parsed>,
    /// Errors of site.toml, companies.toml, tags.toml and the templates.
    site_errors: Vec<ContentError>,
    static_files: Vec<StaticFile>,
    /// What changed in the issues since the last publish.
    dirty: Dirty,
    /// The static files in the output.
    assets: Vec<PathBuf>,
    /// The site as last published.
    built: Option<Built>,
}

/// What changed in the issues since the last publish.
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

impl Live {
    /// Reads the whole site; `publish` writes it.
    pub fn new(root: &Path, output: &Path, base_url: &str, drafts: bool) -> Result<Live, BuildError> {
        let mut live = Live {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            base_url: base_url.to_string(),
            drafts,
            config: Config::default(),
            templates: None,
            gazetteer: Gazetteer::default(),
            issues: BTreeMap::new(),
            site_errors: Vec::new(),
            static_files: Vec::new(),
            dirty: Dirty::All,
            assets: Vec::new(),
            built: None,
        };
        live.reload_all()?;
        Ok(live)
    }

    /// Applies a burst of changes (paths relative to the root) and
    /// publishes the result.
    pub fn apply(&mut self, paths: &[PathBuf], announce: &mut dyn FnMut(&Outcome)) -> Result<Outcome, BuildError> {
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
        }
        let css_only =
            widest == Change::Static && static_changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
        let mut announce_with_css = |outcome: &Outcome| {
            announce(&Outcome {
                css_only,
                ..outcome.clone()
            })
        };
        let outcome = self.publish(&mut announce_with_css)?;
        Ok(Outcome { css_only, ..outcome })
    }

    fn reload_all(&mut self) -> anyhow::Result<()> {
        let (sources, errors) = load::load(&self.root)?;
        self.site_errors = errors.0;
        let text = sources.config.as_ref().map(|f| f.text.as_str());
        match config::parse(Path::new(load::CONFIG_FILE), text, Some(&self.base_url)) {
            Ok(config) => self.config = config,
            Err(e) => self.site_errors.push(e),
        }
        self.set_gazetteer(sources.companies.as_ref(), sources.tags.as_ref());
        self.set_templates(&sources.templates);
        self.static_files = sources.static_files;
        let options = self.parse_options();
        let gazetteer = &self.gazetteer;
        let parsed = load::read_each(&self.root, &sources.issues, |file| {
            (file.path.clone(), parse_and_enrich(&file, options, gazetteer))
        })?;
        let mut issues = BTreeMap::new();
        for result in parsed {
            match result {
                Ok((path, parsed)) => {
                    issues.insert(path, parsed);
                }
                Err(error) => {
                    issues.insert(error.path.clone(), Err(error.into()));
                }
            }
        }
        self.issues = issues;
        self.forget_all();
        Ok(())
    }

    fn reload_gazetteer(&mut self) {
        let read = |rel: &str| load::read_one(&self.root, Path::new(rel));
        let (companies, tags) = (read(load::COMPANIES_FILE), read(load::TAGS_FILE));
        self.site_errors
            .retain(|e| e.path != Path::new(load::COMPANIES_FILE) && e.path != Path::new(load::TAGS_FILE));
        let companies = companies.map_err(|e| self.site_errors.push(e)).ok().flatten();
        let tags = tags.map_err(|e| self.site_errors.push(e)).ok().flatten();
        self.set_gazetteer(companies.as_ref(), tags.as_ref());
    }

    fn set_gazetteer(&mut self, companies: Option<&SourceFile>, tags: Option<&SourceFile>) {
        let (companies, company_errors) = gazetteer::read_companies(companies);
        let (tags, tag_errors) = gazetteer::read_tags(tags);
        self.site_errors
            .extend(company_errors.0.into_iter().chain(tag_errors.0));
        self.gazetteer = Gazetteer::new(companies, tags);
    }

    fn reload_templates(&mut self) {
        let templates = load::load_templates(&self.root);
        self.site_errors.retain(|e| !e.path.starts_with(load::TEMPLATES_DIR));
        match templates {
            Ok(files) => self.set_templates(&files),
            Err(errors) => self.site_errors.extend(errors.0),
        }
    }

    fn set_templates(&mut self, files: &[SourceFile]) {
        match theme::templates(files) {
            Ok(templates) => self.templates = Some(templates),
            Err(errors) => {
                self.templates = None;
                self.site_errors.extend(errors.0);
            }
        }
    }

    fn parse_options(&self) -> ParseOptions<'_> {
        ParseOptions {
            labels: &self.config.labels,
            allow_html: self.config.allow_html,
            lang: self.config.lang,
        }
    }

    /// Every page to be rendered again, from an archive built anew.
    fn forget_all(&mut self) {
        self.dirty = Dirty::All;
        if let Some(built) = self.built.as_mut() {
            built.forget_all();
        }
    }

    /// Re-reads and re-parses the issue files among `paths`, and those
    /// under the folders among them.
    fn reparse(&mut self, paths: &[PathBuf]) -> anyhow::Result<()> {
        for rel in &self.issue_files(paths)? {
            self.dirty.add(rel);
            match load::read_one(&self.root, rel) {
                Ok(None) => {
                    self.issues.remove(rel);
                }
                Ok(Some(file)) => {
                    let parsed = parse_and_enrich(&file, self.parse_options(), &self.gazetteer);
                    self.issues.insert(rel.clone(), parsed);
                }
                Err(error) => {
                    self.issues.insert(rel.clone(), Err(error.into()));
                }
            }
        }
        Ok(())
    }

    /// The issue files `paths` name. A folder (added, moved or removed as
    /// one change) stands for the issue files under it, on disk and known.
    fn issue_files(&self, paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for rel in paths.iter().filter(|p| classify(p) == Some(Change::Issue)) {
            if is_issue_file(rel) {
                files.push(rel.clone());
                continue;
            }
            files.extend(self.issues.keys().filter(|known| known.starts_with(rel)).cloned());
            let on_disk = load::list_files(&self.root, rel)?;
            files.extend(on_disk.into_iter().map(|p| rel.join(p)).filter(|p| is_issue_file(p)));
        }
        // A file that appeared may come from a rename whose source the
        // watcher did not report (`mv a x; mv b x` comes as `b → x` only):
        // the issue files known are then checked against the disk.
        let appeared = |f: &PathBuf| !self.issues.contains_key(f) && self.root.join(f).is_file();
        if files.iter().any(appeared) {
            let gone = self.issues.keys().filter(|known| !self.root.join(known).exists());
            files.extend(gone.cloned());
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Enriches every issue parsed again, after the gazetteer changed:
    /// those its last version failed to enrich too.
    fn reenrich(&mut self) {
        let gazetteer = &self.gazetteer;
        for entry in self.issues.values_mut() {
            let parsed = match entry {
                Ok((issue, _)) => Arc::clone(issue),
                Err(Failed {
                    parsed: Some(issue), ..
                }) => Arc::clone(issue),
                Err(Failed { parsed: None, .. }) => continue,
            };
            *entry = enrich(parsed.as_ref().clone(), gazetteer);
        }
    }

    /// Every error of the site as it is now. As in a build, a draft left
    /// out is parsed but not enriched: its enrichment errors do not count.
    fn errors(&self) -> ContentErrors {
        let left_out = |failed: &Failed| !self.drafts && failed.parsed.as_ref().is_some_and(|issue| issue.draft);
        let mut errors = ContentErrors(self.site_errors.clone());
        errors.extend(
            self.issues
                .values()
                .filter_map(|r| r.as_ref().err())
                .filter(|failed| !left_out(failed))
                .flat_map(|failed| failed.errors.iter().cloned()),
        );
        errors.sorted()
    }
}

fn parse_and_enrich(file: &SourceFile, options: ParseOptions<'_>, gazetteer: &Gazetteer) -> Parsed {
    enrich(parse_issue(file, options)?, gazetteer)
}

/// `issue` enriched, with its hash; on errors, kept as parsed.
fn enrich(issue: Issue, gazetteer: &Gazetteer) -> Parsed {
    let errors = unknown_declared(&issue, gazetteer);
    if !errors.is_empty() {
        return Err(Failed {
            errors,
            parsed: Some(Arc::new(issue)),
        });
    }
    let issue = enrich_issue(issue, gazetteer).map_err(|errors| Failed { errors, parsed: None })?;
    let hash = issue_hash(&issue);
    Ok((Arc::new(issue), hash))
}
