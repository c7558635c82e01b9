//! Writing imported issues: their file names (`YYYY-MM-DD-<slug>.<ext>`,
//! the same on every run) and each file written atomically (a temporary
//! file beside it, then a rename), never over a file the editor changed.

use std::collections::HashMap;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::import::report::Outcome;
use crate::import::{Body, Planned};

/// The file name of each issue, in order. Two issues of the same day and
/// slug get `-2`, `-3`… in the order read; a document's front matter gets
/// the slug its name gives, so its URL does not depend on the file name.
pub(crate) fn names(issues: &mut [Planned]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut names = Vec::with_capacity(issues.len());
    for issue in issues.iter_mut() {
        let base = match issue.slug.as_str() {
            "" => "issue".to_string(),
            slug => slug.to_string(),
        };
        let stem = format!("{}-{base}", issue.date.format("%Y-%m-%d"));
        let count = seen.entry(stem.clone()).or_insert(0);
        *count += 1;
        let slug = match *count {
            1 => base,
            n => format!("{base}-{n}"),
        };
        let name = match *count {
            1 => format!("{stem}.{}", issue.body.ext()),
            n => format!("{stem}-{n}.{}", issue.body.ext()),
        };
        if let Body::Document { front, .. } = &mut issue.body {
            front.slug = Some(slug.clone());
        }
        issue.slug = slug;
        names.push(name);
    }
    names
}

/// Writes files into the issues folder (or only says what it would do).
pub(crate) struct Writer {
    dir: PathBuf,
    dry_run: bool,
    force: bool,
    wrote: bool,
}

impl Writer {
    /// A writer into `dir`, created with the first file written.
    pub(super) fn new(dir: &Path, dry_run: bool, force: bool) -> Writer {
        Writer {
            dir: dir.to_path_buf(),
            dry_run,
            force,
            wrote: false,
        }
    }

    /// Makes what was written durable: the files are the editor's archive
    /// from now on, not a build that can be run again. One `syncfs` of the
    /// folder's file system at the end, not an fsync a file (which made a
    /// 2,000-message import wait 6 s on the disk).
    pub(super) fn sync(&self) -> anyhow::Result<()> {
        if !self.wrote {
            return Ok(());
        }
        let dir = fs::File::open(&self.dir).with_context(|| format!("failed to open `{}`", self.dir.display()))?;
        sync_file_system(&dir).with_context(|| format!("failed to write `{}` to the disk", self.dir.display()))
    }

    /// Writes `bytes` as `name` unless the same bytes are there already,
    /// or other bytes are (the editor's changes) and `--force` was not given.
    pub(super) fn put(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<Outcome> {
        let path = self.dir.join(name);
        let outcome = match fs::read(&path) {
            Ok(existing) if existing == bytes => return Ok(Outcome::Unchanged),
            Ok(_) if !self.force => return Ok(Outcome::Kept),
            Ok(_) => Outcome::Overwritten,
            Err(e) if e.kind() == ErrorKind::NotFound => Outcome::Imported,
            Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", path.display())),
        };
        if !self.dry_run {
            fs::create_dir_all(&self.dir).with_context(|| format!("failed to create `{}`", self.dir.display()))?;
            write_atomically(&path, bytes)?;
            self.wrote = true;
        }
        Ok(outcome)
    }
}

/// Writes `bytes` to a new file beside `path`, then renames it over `path`:
/// a reader sees the old file or the new, never half of one (made durable
/// for all the files at once by `Writer::sync`).
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("issue");
    let temp = path.with_file_name(format!(".{name}.{}.kiosque-import", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.with_context(|| format!("failed to write `{}`", path.display()))
}

#[cfg(target_os = "linux")]
fn sync_file_system(dir: &fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: `dir` is an open file for the whole call.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_file_system(dir: &fs::File) -> std::io::Result<()> {
    dir.sync_all()
}

#[cfg(test)]
mod tests {
    use super::names;
    use crate::import::{Body, Front, Planned};

    fn planned(slug: &str, ext: &'static str) -> Planned {
        Planned {
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
            slug: slug.into(),
            origin: String::new(),
            body: Body::Document {
                ext,
                front: Front::default(),
                text: String::new(),
            },
        }
    }

    #[test]
    fn same_day_and_slug_get_a_number() {
        let mut issues = vec![planned("hello", "html"), planned("hello", "html"), planned("", "md")];
        assert_eq!(
            names(&mut issues),
            [
                "2024-01-02-hello.html",
                "2024-01-02-hello-2.html",
                "2024-01-02-issue.md"
            ]
        );
        assert!(matches!(&issues[1].body, Body::Document { front, .. } if front.slug.as_deref() == Some("hello-2")));
    }
}
