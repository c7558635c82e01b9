//! Single files written in place of others, for `serve` (which updates its
//! private folder file by file) and `new`/`init`: each replaced through a
//! temporary file and a rename, so a reader never sees half a file.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;

/// Writes `bytes` to `path` unless it already holds them, through a
/// temporary file and a rename so a reader never sees half a file.
/// Returns whether the file was written.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
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
pub(crate) fn stream_file<E: From<anyhow::Error>>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> Result<(), E>,
) -> Result<(), E> {
    static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STREAMS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("kiosque-{}-{n}.tmp", std::process::id()));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))
            .map_err(E::from)?;
    }
    let file = fs::File::create(&tmp)
        .with_context(|| format!("failed to write `{}`", tmp.display()))
        .map_err(E::from)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    if let Err(e) = write(&mut out) {
        std::thread::spawn(move || {
            drop(out);
            let _ = fs::remove_file(&tmp);
        });
        return Err(e);
    }
    out.flush()
        .with_context(|| format!("failed to write `{}`", tmp.display()))
        .map_err(E::from)?;
    drop(out);
    fs::rename(&tmp, path)
        .with_context(|| format!("failed to write `{}`", path.display()))
        .map_err(E::from)?;
    Ok(())
}

/// Removes a file the site no longer has, and its folder if left empty.
pub(crate) fn remove_file(path: &Path) -> anyhow::Result<()> {
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
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let mut file = fs::File::create(path).with_context(|| format!("failed to write `{}`", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// Whether the file at `path` holds exactly `bytes` (sizes compared first);
/// a symbolic link never does, so it is never taken for a page.
pub(crate) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    holding(path, bytes).is_some()
}

/// The metadata of the file at `path` when it holds exactly `bytes`.
pub(crate) fn holding(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    // Read to the size known, then check the end: no second stat.
    let mut file = fs::File::open(path).ok()?;
    let mut old = vec![0u8; bytes.len()];
    file.read_exact(&mut old).ok()?;
    let at_end = file.read(&mut [0u8; 1]).ok()? == 0;
    (at_end && old == bytes).then_some(meta)
}
