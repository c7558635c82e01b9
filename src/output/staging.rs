//! The new output tree, beside the output: the spare (the site before
//! last) brought up to date in place, else an empty folder. Unchanged files
//! are hard links to the output's (they keep inode and modification time),
//! the files kiosque did not write are carried over, then the tree is
//! swapped in whole and the old site kept as the next build's spare.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context};

use crate::output::diverging::{Diverging, Ended};
use crate::output::files::{holding, same_bytes};
use crate::output::guard::{check_previous, Previous};
use crate::output::lock::OutputLock;
use crate::output::manifest::{Manifest, MANIFEST};
use crate::output::spare::{self, carry_over, clear, is_file_at, lock, make_folder, prune, same_file, Places};
use crate::output::swap::{self, put_in_place, TEMP_KINDS};

/// A build's new output tree, in a folder beside the output.
#[derive(Debug)]
pub(crate) struct Staging {
    pub dir: PathBuf,
    /// Whether the tree started empty: then it holds only what this build
    /// put there, and nothing needs pruning.
    empty: bool,
    output: PathBuf,
    /// What the output held before: its tree is read, never written.
    previous: Previous,
    /// Every file the build makes, relative.
    produced: Mutex<HashSet<PathBuf>>,
    /// Folders of the tree already made (or found) as real folders.
    folders: Mutex<HashSet<PathBuf>>,
    /// Last, so it is released after the tree is put aside.
    _lock: OutputLock,
}

/// What `Staging::write` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    Staged,
    Unchanged,
}

impl Staging {
    /// Locks `output`, repairs what a killed build left, checks the
    /// folder may be written (`force` adopts a folder kiosque did not
    /// write) and takes the tree to update: the spare, else an empty one.
    pub(crate) fn new(output: &Path, force: bool) -> anyhow::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        let lock = OutputLock::acquire(output)?;
        swap::repair(output)?;
        let previous = check_previous(output, force)?;
        let dir = swap::temp_dir(output, TEMP_KINDS[0]);
        let empty = spare::take(output, &dir)?;
        Ok(Staging {
            dir,
            empty,
            output: output.to_path_buf(),
            previous,
            produced: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            _lock: lock,
        })
    }

    /// Makes the tree's file `rel` hold `bytes`, writing as little as it
    /// can: nothing when it is already the output's file holding them, a
    /// hard link to the output's file when that holds them, nothing when
    /// the tree's own file holds them, else a new file.
    pub(crate) fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<Written> {
        lock(&self.produced).insert(rel.to_path_buf());
        self.place(rel, bytes)
    }

    fn place(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<Written> {
        self.make_parent(rel)?;
        let target = self.dir.join(rel);
        if self.previous != Previous::Nothing {
            let live = self.output.join(rel);
            if let Some(meta) = holding(&live, bytes) {
                if is_file_at(&meta, &target) || self.link(&live, &target, rel).is_ok() {
                    return Ok(Written::Unchanged);
                }
            }
        }
        if same_bytes(&target, bytes) {
            return Ok(Written::Unchanged);
        }
        let mut file = self.create_new(&target, rel)?;
        file.write_all(bytes)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        Ok(Written::Staged)
    }

    /// Writes the file `rel` as `fill` streams it (for files too large to
    /// hold in memory): compared with the output's file as it comes, and
    /// written as a new file only from the first difference on.
    pub(crate) fn write_with<E: From<anyhow::Error>>(
        &self,
        rel: &Path,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<Written, E> {
        lock(&self.produced).insert(rel.to_path_buf());
        self.make_parent(rel)?;
        let target = self.dir.join(rel);
        let live = (self.previous != Previous::Nothing).then(|| self.output.join(rel));
        let create = || self.create_new(&target, rel);
        let mut out = Diverging::new(live.as_deref(), &create);
        fill(&mut out)?;
        let ended = out
            .finish()
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        match (ended, live) {
            (Ended::Same, Some(live)) => {
                if !same_file(&live, &target) && self.link(&live, &target, rel).is_err() {
                    // No hard links here: a copy, as a new file.
                    let mut file = self.create_new(&target, rel)?;
                    fs::File::open(&live)
                        .and_then(|mut from| io::copy(&mut from, &mut file))
                        .with_context(|| format!("failed to write `{}`", target.display()))?;
                }
                Ok(Written::Unchanged)
            }
            _ => Ok(Written::Staged),
        }
    }

    /// Writes a copy of `source` for `rel`, unless unchanged.
    pub(crate) fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<Written> {
        let bytes = fs::read(source).with_context(|| format!("failed to read `{}`", source.display()))?;
        self.write(rel, &bytes)
    }

    /// Completes the tree (the output's files kiosque did not write, the
    /// manifest of those it did, nothing else), swaps it in and keeps the
    /// old site as the spare.
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        let produced = std::mem::take(&mut *lock(&self.produced));
        let manifest = Manifest::text(&produced);
        let mut places = Places::new(produced);
        if let Previous::Folder(owned) = &self.previous {
            carry_over(&self.output, &self.dir, owned, &mut places)?;
        }
        self.place(Path::new(MANIFEST), &manifest)?;
        places.add_file(PathBuf::from(MANIFEST));
        if !self.empty {
            prune(&self.dir, &places)?;
        }
        put_in_place(&self.dir, &self.output, self.previous != Previous::Nothing)
        // Dropped now: the old site, at `self.dir` since the swap, becomes
        // the spare.
    }

    /// Makes the folders above `rel`, each checked once a build.
    fn make_parent(&self, rel: &Path) -> anyhow::Result<()> {
        let Some(parent) = rel.parent() else {
            return Ok(());
        };
        make_folder(&self.dir, parent, &self.folders, &|folder| {
            lock(&self.produced).contains(folder)
        })
    }

    /// Clears the place of the tree's file `rel` (a stale file, link or
    /// folder), refusing to clear a folder this build made.
    fn clear(&self, target: &Path, rel: &Path) -> anyhow::Result<()> {
        if lock(&self.folders).contains(rel) {
            bail!("failed to write `{}`: the site has a folder there", target.display());
        }
        clear(target).with_context(|| format!("failed to remove `{}`", target.display()))
    }

    /// Replaces the tree's entry `rel` by a hard link to the output's file.
    fn link(&self, live: &Path, target: &Path, rel: &Path) -> anyhow::Result<()> {
        self.clear(target, rel)?;
        fs::hard_link(live, target).with_context(|| format!("failed to link `{}`", target.display()))
    }

    /// A new file at `target`: never opens an existing one, which may be a
    /// hard link to the output's file (writing it would change the live
    /// site); whatever stands there is removed first.
    fn create_new(&self, target: &Path, rel: &Path) -> anyhow::Result<File> {
        let open = || OpenOptions::new().write(true).create_new(true).open(target);
        let file = match open() {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                self.clear(target, rel)?;
                open()
            }
            other => other,
        };
        file.with_context(|| format!("failed to write `{}`", target.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a swap, the old site; after a failure, the tree half updated
        // (reconciled by the next build all the same); after a first build,
        // nothing.
        spare::keep(&self.output, &self.dir);
    }
}
