//! The load stage, one of the two modules that touch the disk: reads
//! `site.toml`, `content/` and `templates/` into `SourceFile`s and lists
//! `static/`. A file that cannot be read, is not UTF-8 or whose name is not
//! UTF-8 is a content error naming it: all of them are reported together.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{ContentError, ContentErrors};

/// A text file as found, its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file of `static/`, copied verbatim to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaticFile {
    /// Relative to `static/`: where it goes in the output.
    pub path: PathBuf,
    /// Where it is read from.
    pub source: PathBuf,
}

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    pub config: Option<SourceFile>,
    /// The issue files, relative to the root: read one by one with
    /// `read_each`, so that a large archive is never all in memory as text.
    pub issues: Vec<PathBuf>,
    pub companies: Option<SourceFile>,
    pub tags: Option<SourceFile>,
    pub templates: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
}

pub const CONFIG_FILE: &str = "site.toml";
pub(crate) const ISSUES_DIR: &str = "content/issues";
pub(crate) const COMPANIES_FILE: &str = "content/companies.toml";
pub(crate) const TAGS_FILE: &str = "content/tags.toml";
pub(crate) const TEMPLATES_DIR: &str = "templates";
pub(crate) const STATIC_DIR: &str = "static";

/// The extensions of issue files: plain text, Markdown, HTML, email.
pub(crate) const ISSUE_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "eml"];

/// Reads the site under `root`. Files that cannot be listed or read, or are
/// not UTF-8, are collected as content errors so all of them are reported.
pub(crate) fn load(root: &Path) -> anyhow::Result<(Sources, ContentErrors)> {
    let mut errors = ContentErrors::default();
    let mut read = |rel: &str| match read_one(root, Path::new(rel)) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let config = read(CONFIG_FILE);
    let companies = read(COMPANIES_FILE);
    let tags = read(TAGS_FILE);

    let issues: Vec<PathBuf> = walk(root, Path::new(ISSUES_DIR), &mut errors)
        .into_iter()
        .filter(|p| is_issue_file(p))
        .map(|p| Path::new(ISSUES_DIR).join(p))
        .collect();
    let templates = read_tree(root, TEMPLATES_DIR, |p| !is_ignored(p), &mut errors);
    let static_files = static_files(walk(root, Path::new(STATIC_DIR), &mut errors), root);
    let sources = Sources {
        config,
        issues,
        companies,
        tags,
        templates,
        static_files,
    };
    Ok((sources, errors))
}

/// Reads each file of `rels` and hands it to `each` at once, in parallel,
/// so that only the files being worked on are in memory; results keep the
/// order of `rels`. A file that cannot be read or is not UTF-8 gives its
/// content error (a file gone since it was listed is left out).
pub(crate) fn read_each<T: Send>(
    root: &Path,
    rels: &[PathBuf],
    each: impl Fn(SourceFile) -> T + Sync,
) -> anyhow::Result<Vec<Result<T, ContentError>>> {
    Ok(rels
        .par_iter()
        .map(|rel| read_one(root, rel).map(|file| file.map(&each)))
        .filter_map(Result::transpose)
        .collect())
}

/// Lists `static/` again (for `serve`).
pub(crate) fn load_static(root: &Path) -> anyhow::Result<Vec<StaticFile>> {
    Ok(static_files(list_files(root, Path::new(STATIC_DIR))?, root))
}

fn static_files(paths: Vec<PathBuf>, root: &Path) -> Vec<StaticFile> {
    paths
        .into_iter()
        .map(|path| StaticFile {
            source: root.join(STATIC_DIR).join(&path),
            path,
        })
        .collect()
}

/// Reads `templates/` again (for `serve`).
pub(crate) fn load_templates(root: &Path) -> Result<Vec<SourceFile>, ContentErrors> {
    let mut errors = ContentErrors::default();
    let files = read_tree(root, TEMPLATES_DIR, |p| !is_ignored(p), &mut errors);
    errors.into_result(files)
}

/// The bytes of a file to copy, with its path in any error.
pub(crate) fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Reads one file (relative to `root`); `Ok(None)` when it does not exist.
pub(crate) fn read_one(root: &Path, rel: &Path) -> Result<Option<SourceFile>, ContentError> {
    if rel.to_str().is_none() {
        return Err(ContentError::new(
            rel,
            "the file name is not valid UTF-8: rename it (the bytes that are not are shown as �)",
        ));
    }
    let bytes = match fs::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ContentError::new(rel, format!("failed to read the file: {e}"))),
    };
    if rel.extension().is_some_and(|e| e == "eml") {
        // An email is bytes in the charsets it names: each byte is kept as
        // one character (U+0000–U+00FF), the parser decodes them.
        return Ok(Some(SourceFile {
            path: rel.to_path_buf(),
            text: bytes.iter().map(|&b| char::from(b)).collect(),
        }));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(Some(SourceFile {
                path: rel.to_path_buf(),
                text,
            }))
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid - bytes[..valid].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            Err(ContentError::new(rel, "invalid UTF-8: save the file as UTF-8").at(line, column))
        }
    }
}

/// Reads every file under `root/dir` accepted by `keep`, in parallel,
/// sorted by path.
fn read_tree(root: &Path, dir: &str, keep: impl Fn(&Path) -> bool, errors: &mut ContentErrors) -> Vec<SourceFile> {
    let rels: Vec<PathBuf> = walk(root, Path::new(dir), errors)
        .into_iter()
        .filter(|p| keep(p))
        .map(|p| Path::new(dir).join(p))
        .collect();
    let results: Vec<Result<Option<SourceFile>, ContentError>> =
        rels.par_iter().map(|rel| read_one(root, rel)).collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    files
}

/// Files under `root/dir`, relative to it, sorted; editor temp files and
/// hidden files left out. A missing folder is an empty list. Fails with
/// the first entry that cannot be listed (`load` reports them all).
pub(crate) fn list_files(root: &Path, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut errors = ContentErrors::default();
    let files = walk(root, Path::new(dir), &mut errors);
    match errors.0.into_iter().next() {
        Some(e) => Err(anyhow::anyhow!("{}: {}", e.path.display(), e.message))
            .with_context(|| format!("failed to list `{}`", dir.display())),
        None => Ok(files),
    }
}

/// `list_files`, each entry that cannot be listed a content error naming it.
fn walk(root: &Path, dir: &Path, errors: &mut ContentErrors) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&base).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(&base);
                let inside = path.strip_prefix(&base).unwrap_or(path);
                if inside.components().any(|c| is_ignored(Path::new(c.as_os_str()))) {
                    continue; // an editor's lock link (`.#x.txt`), dangling by design
                }
                if fs::symlink_metadata(path).is_err() {
                    continue; // removed while listed (an editor saving): not there
                }
                let rel = path.strip_prefix(root).unwrap_or(path);
                let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                errors.push(ContentError::new(rel, format!("failed to read the file: {why}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path()).to_path_buf();
        if rel.components().any(|c| is_ignored(Path::new(c.as_os_str()))) {
            continue;
        }
        files.push(rel);
    }
    files
}

/// Hidden files and the temp files editors leave beside what they edit.
pub(crate) fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return true;
    };
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Whether `path` names an issue file, by its extension.
pub(crate) fn is_issue_file(path: &Path) -> bool {
    !is_ignored(path)
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ISSUE_EXTENSIONS.contains(&e))
}
