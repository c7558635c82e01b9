//! The new output tree, built complete beside the old one: changed files
//! written, unchanged ones hard-linked from the old tree (they keep inode
//! and modification time), the files kiosque did not write carried over,
//! then swapped in whole. Dropped before that, it is removed.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::Context;

use crate::output::files::same_bytes;
use crate::output::guard::{check_previous, Previous};
use crate::output::lock::OutputLock;
use crate::output::manifest::Manifest;
use crate::output::swap::{self, put_in_place, remove_tree, TEMP_KINDS};

/// A build's new output tree, in a folder beside the output.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    /// What the output held before: its tree is read, never written.
    previous: Previous,
    /// Every file the build makes, relative.
    produced: Mutex<Vec<PathBuf>>,
    /// Folders already made in the staging folder.
    folders: Mutex<HashSet<PathBuf>>,
    /// Last, so it is released after the staging folder is removed.
    _lock: OutputLock,
}

/// What `Staging::write` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Staged,
    Unchanged,
}

impl Staging {
    /// Locks `output`, repairs what a killed build left, checks the
    /// folder may be written (`force` adopts a folder kiosque did not
    /// write) and starts an empty tree beside it.
    pub fn new(output: &Path, force: bool) -> anyhow::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        let lock = OutputLock::acquire(output)?;
        swap::repair(output)?;
        let previous = check_previous(output, force)?;
        swap::remove_stale(output)?;
        let dir = swap::temp_dir(output, TEMP_KINDS[0]);
        fs::create_dir(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            previous,
            produced: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            _lock: lock,
        })
    }

    /// Writes `bytes` for `rel`, or hard-links the old output's file when
    /// it holds exactly them.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<Written> {
        lock(&self.produced).push(rel.to_path_buf());
        self.make_parent(rel)?;
        let target = self.dir.join(rel);
        if self.previous != Previous::Nothing {
            let old = self.output.join(rel);
            if same_bytes(&old, bytes) && fs::hard_link(&old, &target).is_ok() {
                return Ok(Written::Unchanged);
            }
        }
        let mut file = create_new(&target)?;
        file.write_all(bytes)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        Ok(Written::Staged)
    }

    /// Writes the file `rel` as `fill` streams it (for files too large to
    /// hold in memory); always a new file.
    pub fn write_with<E: From<anyhow::Error>>(
        &self,
        rel: &Path,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<Written, E> {
        lock(&self.produced).push(rel.to_path_buf());
        self.make_parent(rel)?;
        let target = self.dir.join(rel);
        let mut out = io::BufWriter::with_capacity(1 << 16, create_new(&target)?);
        fill(&mut out)?;
        out.flush()
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        Ok(Written::Staged)
    }

    /// Writes a copy of `source` for `rel`, unless unchanged.
    pub fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<Written> {
        let bytes = fs::read(source).with_context(|| format!("failed to read `{}`", source.display()))?;
        self.write(rel, &bytes)
    }

    /// Completes the tree (the old output's files kiosque did not write,
    /// the manifest of those it did), swaps it in, removes the old tree.
    pub fn commit(self) -> anyhow::Result<()> {
        let produced: HashSet<PathBuf> = lock(&self.produced).drain(..).collect();
        if let Previous::Folder(manifest) = &self.previous {
            carry_over(&self.output, &self.dir, manifest, &produced)?;
        }
        Manifest::write(&self.dir, &produced)?;
        put_in_place(&self.dir, &self.output, self.previous != Previous::Nothing)
        // Dropped now: the old tree, at `self.dir` since the swap, goes.
    }

    fn make_parent(&self, rel: &Path) -> anyhow::Result<()> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(());
        };
        if lock(&self.folders).contains(parent) {
            return Ok(());
        }
        let folder = self.dir.join(parent);
        fs::create_dir_all(&folder).with_context(|| format!("failed to create `{}`", folder.display()))?;
        lock(&self.folders).insert(parent.to_path_buf());
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = remove_tree(&self.dir);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A new file at `path`: never opens an existing one, which may be a hard
/// link to the old output's file (writing it would change the old site).
fn create_new(path: &Path) -> anyhow::Result<File> {
    let open = || OpenOptions::new().write(true).create_new(true).open(path);
    let file = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => fs::remove_file(path).and_then(|()| open()),
        other => other,
    };
    file.with_context(|| format!("failed to write `{}`", path.display()))
}

/// Brings into `new` every file of `old` that kiosque did not write (not
/// in `owned`) and the build does not make, by hard link, and the empty
/// folders. Where the build makes a file at the same place, the build's wins.
fn carry_over(old: &Path, new: &Path, owned: &Manifest, produced: &HashSet<PathBuf>) -> anyhow::Result<()> {
    let mut folders = Vec::new();
    let mut parents = HashSet::new();
    for entry in walkdir::WalkDir::new(old).min_depth(1) {
        let entry = entry.with_context(|| format!("failed to list `{}`", old.display()))?;
        let rel = entry.path().strip_prefix(old).unwrap_or(entry.path()).to_path_buf();
        if let Some(parent) = rel.parent() {
            parents.insert(parent.to_path_buf());
        }
        if entry.file_type().is_dir() {
            folders.push(rel);
        } else if !owned.owns(&rel) && !produced.contains(&rel) {
            carry(entry.path(), new, &rel)?;
        }
    }
    for folder in folders.iter().filter(|f| !parents.contains(*f)) {
        if free_place(new, folder) {
            let target = new.join(folder);
            fs::create_dir_all(&target).with_context(|| format!("failed to create `{}`", target.display()))?;
        }
    }
    Ok(())
}

/// Puts `source` at `new/rel`: a hard link, else a copy (of a file, or of
/// a symbolic link as a link).
fn carry(source: &Path, new: &Path, rel: &Path) -> anyhow::Result<()> {
    if !free_place(new, rel) {
        return Ok(());
    }
    let target = new.join(rel);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    if fs::hard_link(source, &target).is_ok() {
        return Ok(());
    }
    let copied = match fs::read_link(source) {
        #[cfg(unix)]
        Ok(link) => std::os::unix::fs::symlink(link, &target),
        _ => fs::copy(source, &target).map(drop),
    };
    copied.with_context(|| format!("failed to carry `{}` over to the new site", source.display()))
}

/// Whether nothing of the new tree stands at `rel` or above it (a file
/// where `rel` needs a folder).
fn free_place(new: &Path, rel: &Path) -> bool {
    if fs::symlink_metadata(new.join(rel)).is_ok() {
        return false;
    }
    rel.ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .all(|a| fs::symlink_metadata(new.join(a)).map_or(true, |m| m.is_dir()))
}
