//! The output stage, the other module that touches the disk: checks the
//! output folder is a safe place, writes a build into a temporary folder
//! beside it and swaps it in only when the whole build succeeded.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context};

/// Where the output goes, checked: never the site root, an ancestor of
/// it, or a folder of sources; outside the root only when asked for.
pub fn check_output_dir(root: &Path, output: &Path, explicit: bool) -> anyhow::Result<PathBuf> {
    let root = absolute(root)?;
    let output = absolute(&root.join(output))?;
    if root.starts_with(&output) {
        bail!(
            "refusing to write the site into `{}`: it is the site root or contains it",
            output.display()
        );
    }
    for source in ["content", "templates", "static"] {
        if output.starts_with(root.join(source)) {
            bail!(
                "refusing to write the site into `{}`: it is inside the `{source}` folder",
                output.display()
            );
        }
    }
    if !explicit && !output.starts_with(&root) {
        bail!(
            "refusing to write outside the site root into `{}`: pass it with --output to confirm",
            output.display()
        );
    }
    Ok(output)
}

/// An absolute, lexically normalised path (the folder may not exist yet).
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("failed to read the current folder")?
            .join(path)
    };
    let path = fs::canonicalize(&path).unwrap_or(path);
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    Ok(normal)
}

/// Where a build's files go before they are known to be all good: a
/// folder beside the output. Only files whose bytes differ from the
/// output's are staged; `commit` moves them in and removes the output's
/// files the build no longer makes, so unchanged files keep their inode and
/// modification time. Dropped before `commit`, it is removed and the output
/// is as it was.
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    /// Whether the output folder existed: if not, `commit` is one rename.
    existing: bool,
    /// Every file the build makes (staged or unchanged), relative.
    produced: Mutex<Vec<PathBuf>>,
    /// The files that were staged because they are new or changed.
    staged: Mutex<Vec<PathBuf>>,
    /// Folders already made in the staging folder.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// What `Staging::write` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Staged,
    Unchanged,
}

impl Staging {
    pub fn new(output: &Path) -> anyhow::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        let name = output.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let dir = parent.join(format!(".{name}.kiosque-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("failed to remove `{}`", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            existing: output.is_dir(),
            produced: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Stages `bytes` for `rel` unless the output already holds exactly them.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<Written> {
        lock(&self.produced).push(rel.to_path_buf());
        if self.existing && same_bytes(&self.output.join(rel), bytes) {
            return Ok(Written::Unchanged);
        }
        let target = self.dir.join(rel);
        if let Some(parent) = rel.parent() {
            if !lock(&self.folders).contains(parent) {
                let folder = self.dir.join(parent);
                fs::create_dir_all(&folder).with_context(|| format!("failed to create `{}`", folder.display()))?;
                lock(&self.folders).insert(parent.to_path_buf());
            }
        }
        let mut file = fs::File::create(&target).with_context(|| format!("failed to write `{}`", target.display()))?;
        file.write_all(bytes)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        lock(&self.staged).push(rel.to_path_buf());
        Ok(Written::Staged)
    }

    /// Stages the file `rel`, written by `fill` as it goes (for files too
    /// large to hold in memory); always staged.
    pub fn write_with<E: From<anyhow::Error>>(
        &self,
        rel: &Path,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<Written, E> {
        lock(&self.produced).push(rel.to_path_buf());
        let target = self.dir.join(rel);
        let folder = target.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder).with_context(|| format!("failed to create `{}`", folder.display()))?;
        let file = fs::File::create(&target).with_context(|| format!("failed to write `{}`", target.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut out)?;
        out.flush()
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        lock(&self.staged).push(rel.to_path_buf());
        Ok(Written::Staged)
    }

    /// Stages a copy of `source` for `rel`, unless unchanged.
    pub fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<Written> {
        let bytes = fs::read(source).with_context(|| format!("failed to read `{}`", source.display()))?;
        self.write(rel, &bytes)
    }

    /// Puts the staged files in the output and removes the output's files
    /// that the build did not make.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if !self.existing {
            fs::rename(&self.dir, &self.output)
                .with_context(|| format!("failed to move the new site to `{}`", self.output.display()))?;
            self.committed = true;
            return Ok(());
        }
        let produced: HashSet<PathBuf> = std::mem::take(&mut *lock(&self.produced)).into_iter().collect();
        remove_stale(&self.output, &produced)?;
        for rel in std::mem::take(&mut *lock(&self.staged)) {
            let target = self.output.join(&rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
            }
            fs::rename(self.dir.join(&rel), &target)
                .with_context(|| format!("failed to move `{}` into `{}`", rel.display(), self.output.display()))?;
        }
        self.committed = true;
        fs::remove_dir_all(&self.dir).with_context(|| format!("failed to remove `{}`", self.dir.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether the file at `path` holds exactly `bytes` (sizes compared first).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

/// Removes the files of `output` not in `keep`, then the folders left empty.
fn remove_stale(output: &Path, keep: &HashSet<PathBuf>) -> anyhow::Result<()> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.with_context(|| format!("failed to list `{}`", output.display()))?;
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path()).to_path_buf();
        if entry.file_type().is_dir() {
            folders.push(entry.path().to_path_buf());
        } else if !keep.contains(&rel) {
            fs::remove_file(entry.path()).with_context(|| format!("failed to remove `{}`", entry.path().display()))?;
        }
    }
    // Deepest first, so a folder emptied by its children goes too.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(&folder);
    }
    Ok(())
}

/// Writes `bytes` to `path` unless it already holds them, through a
/// temporary file and a rename so a reader never sees half a file.
/// Returns whether the file was written.
pub fn replace_file(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    if same_bytes(path, bytes) {
        return Ok(false);
    }
    let tmp = path.with_extension(format!("kiosque-{}.tmp", std::process::id()));
    write_file(&tmp, bytes)?;
    fs::rename(&tmp, path).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(true)
}

/// Writes `path` as `write` streams it, through a temporary file and a
/// rename, without holding the whole file in memory (the JSON of a large
/// archive is hundreds of megabytes). When `write` fails, the file is left
/// as it was and its error returned; the temporary file is removed in the
/// background (dropping the many pages it may hold in the page cache takes
/// milliseconds `serve` does not wait for).
pub fn stream_file<E>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> Result<(), E>,
) -> anyhow::Result<Result<(), E>> {
    static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STREAMS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("kiosque-{}-{n}.tmp", std::process::id()));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let file = fs::File::create(&tmp).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    if let Err(e) = write(&mut out) {
        std::thread::spawn(move || {
            drop(out);
            let _ = fs::remove_file(&tmp);
        });
        return Ok(Err(e));
    }
    out.flush()
        .with_context(|| format!("failed to write `{}`", tmp.display()))?;
    drop(out);
    fs::rename(&tmp, path).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(Ok(()))
}

/// Removes a file the site no longer has, and its folder if left empty.
pub fn remove_file(path: &Path) -> anyhow::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to remove `{}`", path.display()))),
    }
    if let Some(parent) = path.parent() {
        let _ = fs::remove_dir(parent);
    }
    Ok(())
}

/// Writes `bytes` to `path`, creating its folder, with the path in any error.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let mut file = fs::File::create(path).with_context(|| format!("failed to write `{}`", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/srv/site");
        assert!(check_output_dir(root, Path::new("public"), false).is_ok());
        assert!(check_output_dir(root, Path::new("."), true).is_err());
        assert!(check_output_dir(root, Path::new(".."), true).is_err());
        assert!(check_output_dir(root, Path::new("content/out"), true).is_err());
        assert!(check_output_dir(root, Path::new("../elsewhere"), false).is_err());
        assert!(check_output_dir(root, Path::new("../elsewhere"), true).is_ok());
    }
}
