//! The reading side of the pipeline: the site's files read, parsed and
//! enriched, and kept by path between runs. A change re-reads only the
//! files it names; a change of site.toml reads everything again, one of
//! companies.toml or tags.toml enriches every issue again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{classify, Change, Dirty, Pipeline};
use crate::config;
use crate::enrich::gazetteer::{self, Gazetteer};
use crate::enrich::{enrich_issue, unknown_declared};
use crate::error::{BuildError, ContentError, ContentErrors};
use crate::fingerprint::issue_hash;
use crate::load::{self, SourceFile};
use crate::model::Issue;
use crate::parse::{parse_issue, ParseOptions};
use crate::render::site_files::SiteFiles;
use crate::render::theme;

/// An issue file parsed and enriched, with its hash; or why it is not.
pub(super) type Parsed = Result<(Arc<Issue>, u64), Failed>;

/// Why an issue file is left out of the site, and what of it is kept.
#[derive(Debug)]
pub(super) struct Failed {
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

impl Pipeline {
    pub(super) fn reload_all(&mut self) -> Result<(), BuildError> {
        let (sources, errors) = load::load(&self.root)?;
        self.site_errors = errors.0;
        let text = sources.config.as_ref().map(|f| f.text.as_str());
        match config::parse(Path::new(load::CONFIG_FILE), text, self.base_url.as_deref()) {
            Ok(config) => self.config = config,
            Err(e) => self.site_errors.push(e),
        }
        self.set_gazetteer(sources.companies.as_ref(), sources.tags.as_ref());
        self.set_templates(&sources.templates);
        self.static_files = sources.static_files;
        self.read_site_files();
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

    pub(super) fn reload_gazetteer(&mut self) {
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

    pub(super) fn reload_templates(&mut self) {
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
            timezone: &self.config.timezone,
        }
    }

    /// Finds the site's icon and preview image again (after site.toml or
    /// `static/` changed): every page is rendered again if they changed,
    /// since every page links the icon and most show the image.
    pub(super) fn read_site_files(&mut self) {
        let paths: Vec<PathBuf> = self.static_files.iter().map(|f| f.path.clone()).collect();
        let files = SiteFiles::new(&self.config, &paths, |path| {
            let file = self.static_files.iter().find(|f| f.path == path)?;
            load::read_bytes(&file.source).ok()
        });
        if files != self.site_files {
            self.site_files = files;
            if let Some(built) = self.built.as_mut() {
                built.forget_all();
            }
        }
    }

    /// Every page to be rendered again, from an archive built anew.
    pub(super) fn forget_all(&mut self) {
        self.dirty = Dirty::All;
        if let Some(built) = self.built.as_mut() {
            built.forget_all();
        }
    }

    /// Re-reads and re-parses the issue files among `paths`, and those
    /// under the folders among them.
    pub(super) fn reparse(&mut self, paths: &[PathBuf]) -> anyhow::Result<()> {
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
            if load::is_issue_file(rel) {
                files.push(rel.clone());
                continue;
            }
            files.extend(self.issues.keys().filter(|known| known.starts_with(rel)).cloned());
            let on_disk = load::list_files(&self.root, rel)?;
            files.extend(
                on_disk
                    .into_iter()
                    .map(|p| rel.join(p))
                    .filter(|p| load::is_issue_file(p)),
            );
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
    pub(super) fn reenrich(&mut self) {
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
    pub(super) fn errors(&self) -> ContentErrors {
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
