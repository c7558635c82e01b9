//! The spare: the previous site, kept beside the output as
//! `.public.kiosque-spare` after each swap, which the next build takes as
//! its tree and brings up to date in place (so a build's disk work follows
//! what changed). Here: taking it, making its folders, clearing its stale
//! entries, carrying the output's foreign files into it, pruning the rest.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{bail, Context};

use crate::output::beside;
use crate::output::manifest::Manifest;
use crate::output::swap::{remove_tree, temp_folders};

/// The spare's suffix: `.<name>.kiosque-spare` beside the output.
pub(super) const SPARE: &str = "kiosque-spare";

/// Moves to `dir` the tree this build updates: the spare, else a tree a
/// killed build left, else a new empty folder. Every other temporary folder
/// of `output` (with the lock held, all of dead builds) is removed. Any of
/// them will do: the build reconciles every entry of the tree it takes.
/// Returns whether the tree is new and empty (nothing in it to prune).
pub(super) fn take(output: &Path, dir: &Path) -> anyhow::Result<bool> {
    let spare = beside(output, SPARE);
    let mut trees = Vec::new();
    match fs::symlink_metadata(&spare) {
        Ok(meta) if meta.is_dir() => trees.push(spare),
        // Not a folder (a link, a file): never followed, only removed.
        Ok(_) => fs::remove_file(&spare).with_context(|| format!("failed to remove `{}`", spare.display()))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to read `{}`", spare.display()))),
    }
    trees.extend(temp_folders(output)?.into_iter().map(|(_, path)| path));
    let mut trees = trees.into_iter();
    let first = trees.next();
    for stale in trees {
        remove_tree(&stale)
            .with_context(|| format!("failed to remove `{}`, left by a killed build", stale.display()))?;
    }
    match first {
        Some(tree) => fs::rename(&tree, dir)
            .map(|()| false)
            .with_context(|| format!("failed to rename `{}`", tree.display())),
        None => fs::create_dir(dir)
            .map(|()| true)
            .with_context(|| format!("failed to create `{}`", dir.display())),
    }
}

/// Puts the tree at `dir` (the previous site, after a swap, or a tree a
/// failed build left half updated) aside as the spare. Best effort: a tree
/// left at `dir` is taken by the next build all the same.
pub(super) fn keep(output: &Path, dir: &Path) {
    let _ = fs::rename(dir, beside(output, SPARE));
}

/// The places of the new site: its files (made or carried) and every folder
/// above them or kept empty.
#[derive(Debug, Default)]
pub(super) struct Places {
    pub files: HashSet<PathBuf>,
    folders: HashSet<PathBuf>,
}

impl Places {
    pub(super) fn new(files: HashSet<PathBuf>) -> Places {
        let mut places = Places::default();
        for file in files {
            places.add_file(file);
        }
        places
    }

    pub(super) fn add_file(&mut self, rel: PathBuf) {
        self.add_folder(rel.parent().map(Path::to_path_buf).unwrap_or_default());
        self.files.insert(rel);
    }

    fn add_folder(&mut self, rel: PathBuf) {
        for folder in rel.ancestors().filter(|a| !a.as_os_str().is_empty()) {
            if !self.folders.insert(folder.to_path_buf()) {
                break;
            }
        }
    }

    /// Whether nothing of the site stands at `rel` or above it (a file where
    /// `rel` needs a folder); a file also needs no folder of the site there.
    fn free(&self, rel: &Path, is_file: bool) -> bool {
        let taken = self.files.contains(rel) || (is_file && self.folders.contains(rel));
        !taken && rel.ancestors().skip(1).all(|a| !self.files.contains(a))
    }
}

/// Makes the folder `rel` of `tree` and those above it real folders (a file
/// or link in the way is removed unless the site makes a file there),
/// writable; `known` holds those already checked.
pub(super) fn make_folder(
    tree: &Path,
    rel: &Path,
    known: &Mutex<HashSet<PathBuf>>,
    is_made: &dyn Fn(&Path) -> bool,
) -> anyhow::Result<()> {
    if rel.as_os_str().is_empty() || lock(known).contains(rel) {
        return Ok(());
    }
    if let Some(parent) = rel.parent() {
        make_folder(tree, parent, known, is_made)?;
    }
    let path = tree.join(rel);
    let failed = || format!("failed to create `{}`", path.display());
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() => make_writable(&path, &meta),
        Ok(_) if is_made(rel) => bail!("{}: the site has a file there", failed()),
        Ok(_) => {
            remove_entry(&path, false).with_context(failed)?;
            create_folder(&path).with_context(failed)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_folder(&path).with_context(failed)?,
        Err(e) => return Err(anyhow::Error::new(e).context(failed())),
    }
    lock(known).insert(rel.to_path_buf());
    Ok(())
}

fn create_folder(path: &Path) -> io::Result<()> {
    match fs::create_dir(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) => {
            Ok(())
        }
        other => other,
    }
}

/// Removes whatever stands at `path` (a file, a link, a folder and all it
/// holds); nothing there is fine.
pub(super) fn clear(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => remove_tree(path),
        Ok(_) => remove_entry(path, false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether `a` and `b` are the same file (device and inode; never where
/// that cannot be told).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    fs::symlink_metadata(a).is_ok_and(|a| is_file_at(&a, b))
}

/// Whether the file of metadata `meta` is the one at `path`.
pub(super) fn is_file_at(meta: &fs::Metadata, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(path).is_ok_and(|at| at.dev() == meta.dev() && at.ino() == meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, path);
        false
    }
}

/// Brings into `tree` every file of `old` kiosque did not write (not in
/// `owned`) and the site does not make, as the same file (a hard link, else
/// a copy), and its empty folders; they join `places`. Where the site makes
/// a file at the same place, the site's wins.
pub(super) fn carry_over(old: &Path, tree: &Path, owned: &Manifest, places: &mut Places) -> anyhow::Result<()> {
    let known = Mutex::new(HashSet::new());
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
        } else if !owned.owns(&rel) && places.free(&rel, true) {
            if let Some(parent) = rel.parent() {
                make_folder(tree, parent, &known, &|_| false)?;
            }
            carry(entry.path(), tree, &rel)?;
            places.add_file(rel);
        }
    }
    for folder in folders.into_iter().filter(|f| !parents.contains(f)) {
        if places.free(&folder, false) {
            make_folder(tree, &folder, &known, &|_| false)?;
            places.add_folder(folder);
        }
    }
    Ok(())
}

/// Puts `source` at `tree/rel` unless already there: a hard link, else a
/// copy (of a file, or of a symbolic link as a link).
fn carry(source: &Path, tree: &Path, rel: &Path) -> anyhow::Result<()> {
    let target = tree.join(rel);
    if same_file(source, &target) {
        return Ok(());
    }
    clear(&target).with_context(|| format!("failed to remove `{}`", target.display()))?;
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

/// Removes from `tree` every entry that is not one of `places` (walked
/// once, contents before their folder).
pub(super) fn prune(tree: &Path, places: &Places) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(tree).min_depth(1).contents_first(true) {
        let entry = entry.with_context(|| format!("failed to list `{}`", tree.display()))?;
        let rel = entry.path().strip_prefix(tree).unwrap_or(entry.path());
        let is_dir = entry.file_type().is_dir();
        let keep = if is_dir {
            places.folders.contains(rel)
        } else {
            places.files.contains(rel)
        };
        if !keep {
            remove_entry(entry.path(), is_dir)
                .with_context(|| format!("failed to remove `{}` from the new site", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Removes one file or empty folder; when its folder is read-only (made so
/// by hand in an old output), makes it writable and tries again.
fn remove_entry(path: &Path, is_dir: bool) -> io::Result<()> {
    let remove = || {
        if is_dir {
            fs::remove_dir(path)
        } else {
            fs::remove_file(path)
        }
    };
    match remove() {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            let parent = path.parent().unwrap_or(Path::new("."));
            let meta = fs::symlink_metadata(parent)?;
            make_writable(parent, &meta);
            remove()
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Gives the owner every right on a folder of kiosque's tree left without
/// them (a folder of the old site made read-only by hand).
fn make_writable(path: &Path, meta: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o700 != 0o700 {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode | 0o700));
        }
    }
    #[cfg(not(unix))]
    {
        let mut permissions = meta.permissions();
        if permissions.readonly() {
            permissions.set_readonly(false);
            let _ = fs::set_permissions(path, permissions);
        }
    }
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
