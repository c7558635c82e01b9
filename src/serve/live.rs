//! The site as `serve` keeps it between edits: the parsed issues, the
//! gazetteer, the templates and the fingerprint of every page written.
//! A change re-reads only what changed and re-renders only the pages whose
//! fingerprint changed, so the output stays byte-identical to a clean build.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::{self, Config};
use crate::enrich::enrich_issue;
use crate::enrich::gazetteer::{self, Gazetteer};
use crate::error::{ContentError, ContentErrors};
use crate::fingerprint::{fingerprints, issue_hash};
use crate::load::{self, SourceFile, StaticFile};
use crate::model::Issue;
use crate::output;
use crate::parse::{parse_issue, ParseOptions};
use crate::plan::{plan, Page, PageKind};
use crate::render::theme::{self, Templates};
use crate::render::Renderer;
use crate::routes::Route;

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
    } else if rel.starts_with(load::ISSUES_DIR) && rel.extension().is_some_and(|e| e == "txt" || e == "md") {
        Some(Change::Issue)
    } else {
        None
    }
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

/// An issue file parsed and enriched, with its hash; or its errors.
type Parsed = Result<(Arc<Issue>, u64), Vec<ContentError>>;

pub struct Live {
    root: PathBuf,
    output: PathBuf,
    base_url: String,
    drafts: bool,
    inject: String,
    config: Config,
    templates: Option<Templates>,
    gazetteer: Gazetteer,
    /// Every issue file, parsed and enriched, with its hash; or its error.
    issues: BTreeMap<PathBuf, Parsed>,
    /// Errors of site.toml, companies.toml, tags.toml and the templates.
    site_errors: Vec<ContentError>,
    static_files: Vec<StaticFile>,
    /// The fingerprint of each page in the output, and its template.
    /// Keyed by the hash of the page's route (`route_key`).
    written: HashMap<u64, (u64, Option<&'static str>)>,
    /// The pages of the last publish, to remove the files of those gone.
    previous: Vec<(u64, Route)>,
    /// The static files in the output.
    assets: Vec<PathBuf>,
    /// The site as last published.
    built: Option<Built>,
}

/// The site as last published: what the data files left to write are
/// rendered from.
struct Built {
    archive: Archive,
    pages: Vec<Page>,
    /// Data files not written yet: page index and fingerprint.
    pending: Vec<(usize, u64)>,
}

impl Live {
    /// Reads the whole site; `publish` writes it.
    pub fn new(root: &Path, output: &Path, base_url: &str, drafts: bool, inject: String) -> anyhow::Result<Live> {
        let mut live = Live {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            base_url: base_url.to_string(),
            drafts,
            inject,
            config: Config::default(),
            templates: None,
            gazetteer: Gazetteer::default(),
            issues: BTreeMap::new(),
            site_errors: Vec::new(),
            static_files: Vec::new(),
            written: HashMap::new(),
            previous: Vec::new(),
            assets: Vec::new(),
            built: None,
        };
        live.reload_all()?;
        Ok(live)
    }

    /// Applies a burst of changes (paths relative to the root) and
    /// publishes the result.
    pub fn apply(
        &mut self,
        paths: &[PathBuf],
        announce: &mut dyn FnMut(&Outcome),
    ) -> anyhow::Result<Result<Outcome, ContentErrors>> {
        let widest = paths.iter().filter_map(|p| classify(p)).max();
        match widest {
            None => return Ok(Ok(Outcome::default())),
            Some(Change::Config) => self.reload_all()?,
            Some(Change::Gazetteer) => {
                self.reload_gazetteer()?;
                self.reparse(paths)?;
                self.reenrich();
                self.written.clear();
            }
            Some(Change::Template) => {
                self.reload_templates()?;
                self.reparse(paths)?;
                self.forget_pages_of(paths);
            }
            Some(Change::Issue) => self.reparse(paths)?,
            Some(Change::Static) => {}
        }
        let static_changed: Vec<&PathBuf> = paths.iter().filter(|p| classify(p) == Some(Change::Static)).collect();
        if !static_changed.is_empty() {
            self.static_files = load::load_static(&self.root)?;
        }
        let css_only =
            widest == Some(Change::Static) && static_changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
        let mut announce_with_css = |outcome: &Outcome| {
            announce(&Outcome {
                css_only,
                ..outcome.clone()
            })
        };
        let result = self.publish(&mut announce_with_css)?;
        Ok(result.map(|outcome| Outcome { css_only, ..outcome }))
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
                    issues.insert(error.path.clone(), Err(vec![error]));
                }
            }
        }
        self.issues = issues;
        self.written.clear();
        Ok(())
    }

    fn reload_gazetteer(&mut self) -> anyhow::Result<()> {
        let read = |rel: &str| load::read_one(&self.root, Path::new(rel));
        let (companies, tags) = (read(load::COMPANIES_FILE)?, read(load::TAGS_FILE)?);
        self.site_errors
            .retain(|e| e.path != Path::new(load::COMPANIES_FILE) && e.path != Path::new(load::TAGS_FILE));
        let companies = companies.map_err(|e| self.site_errors.push(e)).ok().flatten();
        let tags = tags.map_err(|e| self.site_errors.push(e)).ok().flatten();
        self.set_gazetteer(companies.as_ref(), tags.as_ref());
        Ok(())
    }

    fn set_gazetteer(&mut self, companies: Option<&SourceFile>, tags: Option<&SourceFile>) {
        let companies = gazetteer::parse_companies(companies).unwrap_or_else(|e| {
            self.site_errors.extend(e.0);
            Vec::new()
        });
        let tags = gazetteer::parse_tags(tags).unwrap_or_else(|e| {
            self.site_errors.extend(e.0);
            Vec::new()
        });
        self.gazetteer = Gazetteer::new(companies, tags);
    }

    fn reload_templates(&mut self) -> anyhow::Result<()> {
        let templates = load::load_templates(&self.root)?;
        self.site_errors.retain(|e| !e.path.starts_with(load::TEMPLATES_DIR));
        match templates {
            Ok(files) => self.set_templates(&files),
            Err(errors) => self.site_errors.extend(errors.0),
        }
        Ok(())
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

    /// After templates changed: the pages rendered with them are to be
    /// rendered again; all pages when a shared template (`base.html`,
    /// a partial) changed.
    fn forget_pages_of(&mut self, paths: &[PathBuf]) {
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(load::TEMPLATES_DIR).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let page_templates: Vec<&str> = self.written.values().filter_map(|(_, t)| *t).collect();
        if names.iter().all(|n| page_templates.contains(&n.as_str())) {
            self.written
                .retain(|_, (_, template)| !template.is_some_and(|t| names.iter().any(|n| n == t)));
        } else {
            self.written.clear();
        }
    }

    /// Re-reads and re-parses the issue files among `paths`.
    fn reparse(&mut self, paths: &[PathBuf]) -> anyhow::Result<()> {
        for rel in paths.iter().filter(|p| classify(p) == Some(Change::Issue)) {
            match load::read_one(&self.root, rel)? {
                Ok(None) => {
                    self.issues.remove(rel);
                }
                Ok(Some(file)) => {
                    let parsed = parse_and_enrich(&file, self.parse_options(), &self.gazetteer);
                    self.issues.insert(rel.clone(), parsed);
                }
                Err(error) => {
                    self.issues.insert(rel.clone(), Err(vec![error]));
                }
            }
        }
        Ok(())
    }

    /// Enriches every issue again, after the gazetteer changed.
    fn reenrich(&mut self) {
        let gazetteer = &self.gazetteer;
        for entry in self.issues.values_mut() {
            if let Ok((issue, hash)) = entry {
                *entry = match enrich_issue(issue.as_ref().clone(), gazetteer) {
                    Ok(issue) => {
                        *hash = issue_hash(&issue);
                        Ok((Arc::new(issue), *hash))
                    }
                    Err(errors) => Err(errors),
                };
            }
        }
    }

    /// Every error of the site as it is now.
    fn errors(&self) -> ContentErrors {
        let mut errors = ContentErrors(self.site_errors.clone());
        errors.extend(self.issues.values().filter_map(|r| r.as_ref().err()).flatten().cloned());
        errors.sorted()
    }

    /// Writes the pages that changed to the output and calls `announce`;
    /// on content errors the output is left as it was and the errors are
    /// returned. The site-wide data files (the JSON of every issue, the
    /// sitemap), which no page shows, are left for `write_pending`.
    pub fn publish(&mut self, announce: &mut dyn FnMut(&Outcome)) -> anyhow::Result<Result<Outcome, ContentErrors>> {
        let errors = self.errors();
        let Some(templates) = self.templates.as_ref().filter(|_| errors.is_empty()) else {
            return Ok(Err(errors));
        };
        let issues: Vec<Arc<Issue>> = self
            .issues
            .values()
            .filter_map(|r| r.as_ref().ok())
            .filter(|(issue, _)| self.drafts || !issue.draft)
            .map(|(issue, _)| Arc::clone(issue))
            .collect();
        let hashes: HashMap<&Path, u64> = self
            .issues
            .iter()
            .filter_map(|(path, r)| r.as_ref().ok().map(|(_, h)| (path.as_path(), *h)))
            .collect();
        let mut timings = crate::Timings::default();
        let archive = match timings.time("archive", || Archive::new(issues, &self.gazetteer)) {
            Ok(archive) => archive,
            Err(errors) => return Ok(Err(errors)),
        };
        let issue_hashes: Vec<u64> = archive
            .issues
            .iter()
            .map(|i| hashes.get(i.source.as_path()).copied().unwrap_or_default())
            .collect();
        let pages = timings.time("plan", || plan(&archive, self.config.per_page));
        let prints = timings.time("fingerprints", || {
            fingerprints(&archive, &pages, &issue_hashes, self.config.feed_limit)
        });
        let mut renderer = timings.time("views", || Renderer::new(&self.config, &archive, templates, &pages));
        renderer.inject = Some(self.inject.clone());
        let keys: Vec<u64> = pages.par_iter().map(|p| route_key(&p.route)).collect();
        let todo: Vec<usize> = (0..pages.len())
            .filter(|&i| self.written.get(&keys[i]).map(|(print, _)| *print) != Some(prints[i]))
            .collect();
        let (late, early): (Vec<usize>, Vec<usize>) = todo.into_iter().partition(|&i| is_data(&pages[i]));
        let early: Vec<&Page> = early.iter().map(|&i| &pages[i]).collect();
        let mut files_written = match timings.time("pages", || write_pages(&renderer, &self.output, &early)) {
            Ok(written) => written,
            Err(errors) => {
                self.written.clear();
                return Ok(Err(errors));
            }
        };
        drop(renderer);
        let mut current: HashMap<u64, (u64, Option<&'static str>)> = pages
            .iter()
            .zip(&keys)
            .zip(&prints)
            .map(|((p, key), print)| (*key, (*print, p.kind.template())))
            .collect();
        // Pages the site no longer has.
        for (_, route) in self.previous.iter().filter(|(key, _)| !current.contains_key(key)) {
            output::remove_file(&self.output.join(route.file()))?;
        }
        // The data files left to write keep the fingerprint of what the
        // output holds, if anything.
        for &i in &late {
            match self.written.get(&keys[i]) {
                Some(old) => current.insert(keys[i], *old),
                None => current.remove(&keys[i]),
            };
        }
        let (copied, assets) = self.copy_assets()?;
        files_written += copied;
        let outcome = Outcome {
            pages_rendered: early.len(),
            files_written,
            css_only: false,
            timings,
        };
        announce(&outcome);
        self.written = current;
        self.previous = keys.into_iter().zip(pages.iter().map(|p| p.route.clone())).collect();
        self.assets = assets;
        let pending = late.into_iter().map(|i| (i, prints[i])).collect();
        self.built = Some(Built {
            archive,
            pages,
            pending,
        });
        Ok(Ok(outcome))
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
            pending,
        } = built;
        let renderer = Renderer::new(&self.config, archive, templates, pages);
        let mut written = 0;
        while let Some(&(index, print)) = pending.first() {
            let page = &pages[index];
            let bytes = match renderer.render(page) {
                Ok(Some(bytes)) => Ok(bytes),
                Ok(None) => {
                    let mut bytes = Vec::new();
                    renderer
                        .render_data(Cancellable {
                            out: &mut bytes,
                            cancelled,
                        })
                        .map(|()| bytes)
                }
                Err(e) => Err(e),
            };
            if cancelled() {
                return Ok(Ok(None));
            }
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(error) => {
                    // Rendered again after the next change.
                    for (index, _) in pending.drain(..) {
                        self.written.remove(&route_key(&pages[index].route));
                    }
                    return Ok(Err(ContentErrors(vec![error])));
                }
            };
            written += usize::from(output::replace_file(&self.output.join(page.route.file()), &bytes)?);
            self.written
                .insert(route_key(&page.route), (print, page.kind.template()));
            pending.remove(0);
        }
        Ok(Ok(Some(written)))
    }

    /// The theme's assets and `static/`, copied when their bytes changed;
    /// a static file deleted from `static/` is removed from the output.
    fn copy_assets(&self) -> anyhow::Result<(usize, Vec<PathBuf>)> {
        let mut written = 0;
        let mut assets = Vec::new();
        for (path, bytes) in theme::ASSETS {
            if !self.static_files.iter().any(|f| f.path == Path::new(path)) {
                written += usize::from(output::replace_file(&self.output.join(path), bytes)?);
                assets.push(PathBuf::from(path));
            }
        }
        for file in &self.static_files {
            let bytes = load::read_bytes(&file.source)?;
            written += usize::from(output::replace_file(&self.output.join(&file.path), &bytes)?);
            assets.push(file.path.clone());
        }
        for gone in self.assets.iter().filter(|a| !assets.contains(a)) {
            output::remove_file(&self.output.join(gone))?;
        }
        Ok((written, assets))
    }
}

/// A page's route as the key of its fingerprint.
fn route_key(route: &Route) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    route.hash(&mut hasher);
    hasher.finish()
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

/// Renders and writes `pages` (no data file); returns how many files changed.
fn write_pages(renderer: &Renderer<'_>, output: &Path, pages: &[&Page]) -> Result<usize, ContentErrors> {
    let results: Vec<Result<bool, ContentError>> = pages
        .par_iter()
        .filter_map(|page| {
            let path = output.join(page.route.file());
            let bytes = match renderer.render(page) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            Some(
                output::replace_file(&path, &bytes).map_err(|e| ContentError::new(page.route.file(), format!("{e:#}"))),
            )
        })
        .collect();
    let mut written = 0;
    let mut errors = ContentErrors::default();
    for result in results {
        match result {
            Ok(changed) => written += usize::from(changed),
            Err(e) if !errors.0.contains(&e) => errors.push(e),
            Err(_) => {}
        }
    }
    errors.into_result(written)
}

fn parse_and_enrich(file: &SourceFile, options: ParseOptions<'_>, gazetteer: &Gazetteer) -> Parsed {
    let issue = parse_issue(file, options).map_err(|e| vec![e])?;
    let issue = enrich_issue(issue, gazetteer)?;
    let hash = issue_hash(&issue);
    Ok((Arc::new(issue), hash))
}
