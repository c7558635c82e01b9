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
    let failed = || format!("failed to write `{}`", path.display());
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    // A new file in the same folder (mode 0666 less the umask, as
    // `File::create` makes it), renamed over the old one: the old inode,
    // perhaps hard-linked elsewhere, is never written through; removed
    // when the write fails.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kiosque-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(parent).with_context(failed)?;
    tmp.write_all(bytes).with_context(failed)?;
    tmp.persist(path).map_err(|e| e.error).with_context(failed)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The old file's inode is never written through: a hard link to it
    /// (a copy the user made with `cp -l`) keeps the old bytes.
    #[test]
    fn replacing_leaves_a_hard_link_alone() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.html");
        let link = dir.path().join("kept.html");
        fs::write(&page, "old").unwrap();
        fs::hard_link(&page, &link).unwrap();
        assert!(replace_file(&page, b"new").unwrap());
        assert_eq!(fs::read_to_string(&page).unwrap(), "new");
        assert_eq!(fs::read_to_string(&link).unwrap(), "old");
        assert!(!replace_file(&page, b"new").unwrap(), "same bytes: not written");
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }

    /// A replaced file gets the mode `File::create` gives (0666 less the
    /// umask), not a temporary file's 0600: a web server reading the
    /// served folder as another user still can.
    #[cfg(unix)]
    #[test]
    fn a_replaced_file_has_the_mode_of_a_created_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let created = dir.path().join("created");
        fs::File::create(&created).unwrap();
        let replaced = dir.path().join("sub/replaced");
        replace_file(&replaced, b"bytes").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&replaced), mode(&created));
    }
}
