//! `kiosque import`: brings an archive in from an mbox or a Substack,
//! Buttondown or Ghost export, one file per issue in `content/issues/`.
//! Each source is read whole into a `Plan` (every problem found before
//! anything is written), then the plan is written file by file, each file
//! atomically, never over a file the editor has changed (without `--force`).

mod buttondown;
mod check;
mod export;
mod front;
mod ghost;
mod mbox;
mod mbox_rules;
mod report;
mod substack;
mod write;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{ContentError, ContentErrors};
use crate::load::{ISSUES_DIR, TAGS_FILE};
use crate::BuildError;

pub(crate) use front::Front;
pub use report::{ImportReport, Outcome};

/// Where the issues come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// An mbox file; `from` the newsletter's address (else the most
    /// frequent sender), `list_id` the mailing list's List-Id if given.
    Mbox {
        file: PathBuf,
        from: Option<String>,
        list_id: Option<String>,
    },
    /// A Substack export (the zip, or its unpacked folder).
    Substack(PathBuf),
    /// A Buttondown export (the zip, or its unpacked folder).
    Buttondown(PathBuf),
    /// A Ghost export (its JSON file).
    Ghost(PathBuf),
}

/// What the user asked of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub source: Source,
    /// Print the report, write nothing.
    pub dry_run: bool,
    /// Import unpublished posts too, as `draft = true`.
    pub drafts: bool,
    /// Overwrite files changed since they were imported.
    pub force: bool,
}

/// One issue to write: its date and slug (which name the file), where it
/// came from (`message 3`, `posts.csv line 4`) and its content.
#[derive(Debug)]
pub(crate) struct Planned {
    pub date: NaiveDate,
    pub slug: String,
    pub origin: String,
    pub body: Body,
}

impl Planned {
    /// A post of an export, kept as an `.html` issue with `front` on top.
    pub(crate) fn html(date: NaiveDate, slug: String, front: Front, text: String) -> Planned {
        Planned {
            date,
            slug,
            origin: String::new(),
            body: Body::Document {
                ext: "html",
                front,
                text,
            },
        }
    }
}

/// The content of a planned issue.
#[derive(Debug)]
pub(crate) enum Body {
    /// A message of the mbox, read again when written (kept out of memory):
    /// its number and a hash of its bytes, checked then.
    Message { number: usize, hash: u64 },
    /// A document with front matter: `ext` is `html` or `md`.
    Document {
        ext: &'static str,
        front: Front,
        text: String,
    },
}

impl Body {
    fn ext(&self) -> &'static str {
        match self {
            Body::Message { .. } => "eml",
            Body::Document { ext, .. } => ext,
        }
    }
}

/// Something read and left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub origin: String,
    pub reason: String,
}

/// What reading a source gave: the issues, what was skipped, what the user
/// should know, and how many items were read at all.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub issues: Vec<Planned>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    pub read: usize,
}

impl Plan {
    fn skip(&mut self, origin: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            origin: origin.into(),
            reason: reason.into(),
        });
    }
}

/// Reads the source, then writes what it holds into `content/issues/`.
/// Content errors (a corrupt zip, a row without a date…) are all reported
/// together and nothing is written then.
pub fn import(options: &ImportOptions) -> Result<ImportReport, BuildError> {
    if !options.root.is_dir() {
        return Err(BuildError::Io(anyhow::anyhow!(
            "the site folder `{}` does not exist (`kiosque init` makes one)",
            options.root.display()
        )));
    }
    let known_tags = known_tags(&options.root);
    let checker = check::Checker::new(&options.root);
    let (path, mut plan) = match &options.source {
        Source::Mbox { file, from, list_id } => {
            (file, mbox::plan(file, from.as_deref(), list_id.as_deref(), &checker)?)
        }
        Source::Substack(path) => (path, substack::plan(path, options.drafts)?),
        Source::Buttondown(path) => (path, buttondown::plan(path, options.drafts)?),
        Source::Ghost(path) => (path, ghost::plan(path, options.drafts, &known_tags)?),
    };
    if plan.read == 0 {
        return Err(ContentErrors(vec![ContentError::new(
            path,
            "nothing could be read: no message or post in it",
        )])
        .into());
    }
    let names = write::names(&mut plan.issues);
    let texts = check_documents(path, &plan.issues, &names, &checker)?;
    let dir = options.root.join(ISSUES_DIR);
    let mut writer = write::Writer::new(&dir, options.dry_run, options.force);
    let mut report = ImportReport {
        source: path.clone(),
        dry_run: options.dry_run,
        read: plan.read,
        files: Vec::new(),
        skipped: std::mem::take(&mut plan.skipped),
        warnings: std::mem::take(&mut plan.warnings),
        notes: std::mem::take(&mut plan.notes),
    };
    let mut messages = Vec::new();
    for ((issue, name), text) in plan.issues.into_iter().zip(names).zip(texts) {
        match (issue.body, text) {
            (Body::Message { number, hash }, _) => messages.push((number, hash, name, issue.origin)),
            (Body::Document { .. }, Some(text)) => {
                let outcome = writer.put(&name, text.as_bytes())?;
                report.files.push((name, issue.origin, outcome));
            }
            (Body::Document { .. }, None) => {}
        }
    }
    if let Source::Mbox { file, .. } = &options.source {
        mbox::write_messages(file, &messages, |name, origin, bytes| {
            let outcome = writer.put(name, bytes)?;
            report.files.push((name.to_string(), origin.to_string(), outcome));
            Ok(())
        })?;
    }
    writer.sync()?;
    Ok(report)
}

/// Each document's text (`None` for a message), every one parsed as the
/// build will parse it: all the problems are reported before any writing.
fn check_documents(
    source: &Path,
    issues: &[Planned],
    names: &[String],
    checker: &check::Checker,
) -> Result<Vec<Option<String>>, BuildError> {
    let mut errors = ContentErrors::default();
    let texts = issues
        .iter()
        .zip(names)
        .map(|(issue, name)| match &issue.body {
            Body::Message { .. } => None,
            Body::Document { front, text, .. } => {
                let text = front::document(front, text);
                if let Err(message) = checker.issue(name, text.clone()) {
                    errors.push(ContentError::new(source, format!("{}: {message}", issue.origin)));
                }
                Some(text)
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(texts)
}

/// The tag slugs of `content/tags.toml`: only those may go into an
/// issue's `tags` (any other would fail the build).
fn known_tags(root: &Path) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(root.join(TAGS_FILE)) else {
        return BTreeSet::new();
    };
    let file = crate::load::SourceFile {
        path: PathBuf::from(TAGS_FILE),
        text,
    };
    let (tags, _) = crate::enrich::gazetteer::read_tags(Some(&file));
    tags.into_iter().map(|t| t.slug).collect()
}

/// A date from the start of an RFC 3339 or ISO 8601 text
/// (`2024-03-05T10:00:00.000Z`, `2024-03-05 10:00`, `2024-03-05`), in UTC
/// when it carries an offset.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&chrono::Utc).date_naive());
    }
    let day = text.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}
