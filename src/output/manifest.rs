//! The manifest: the list of files kiosque wrote into an output folder,
//! kept in the folder itself (`.kiosque-manifest`). A build removes only
//! files listed there; every other file of the folder is someone else's.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The manifest's file name, at the top of the output folder.
pub const MANIFEST: &str = ".kiosque-manifest";

/// The first line of every manifest, so that a file of that name kiosque
/// did not write is not taken for one.
const HEADER: &str = "# kiosque manifest 1: the files kiosque wrote here; it keeps every other file";

/// The files of an output folder that kiosque wrote, relative to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Manifest(HashSet<PathBuf>);

impl Manifest {
    /// Whether kiosque wrote `rel` (the manifest itself always counts).
    pub(crate) fn owns(&self, rel: &Path) -> bool {
        rel == Path::new(MANIFEST) || self.0.contains(rel)
    }

    /// The manifest of `dir`, `None` when it has none (or a file of that
    /// name that is not one).
    pub(crate) fn read(dir: &Path) -> anyhow::Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to read `{}`", path.display()))),
        };
        let mut lines = bytes.split(|&b| b == b'\n');
        if lines.next() != Some(HEADER.as_bytes()) {
            return Ok(None);
        }
        let paths = lines.filter(|l| !l.is_empty()).map(path_from_bytes).collect();
        Ok(Some(Manifest(paths)))
    }

    /// The manifest listing `files` (sorted), as written into the output.
    /// A name holding a line break cannot be listed: such a file is then
    /// kept by later builds as if someone else had written it.
    pub(crate) fn text(files: &HashSet<PathBuf>) -> Vec<u8> {
        let mut lines: Vec<&[u8]> = files
            .iter()
            .map(|p| p.as_os_str().as_encoded_bytes())
            .filter(|b| !b.contains(&b'\n'))
            .collect();
        lines.sort_unstable();
        let mut text = Vec::with_capacity(HEADER.len() + lines.iter().map(|l| l.len() + 1).sum::<usize>() + 1);
        text.extend_from_slice(HEADER.as_bytes());
        text.push(b'\n');
        for line in lines {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        text
    }
}

/// A path listed by `Manifest::text`.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(OsStr::new(String::from_utf8_lossy(bytes).as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::{Manifest, MANIFEST};
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};

    #[test]
    fn reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files: HashSet<PathBuf> = ["index.html", "issues/x/index.html", "a\nb"]
            .iter()
            .map(PathBuf::from)
            .collect();
        std::fs::write(dir.path().join(MANIFEST), Manifest::text(&files)).expect("write");
        let manifest = Manifest::read(dir.path()).expect("read").expect("a manifest");
        assert!(manifest.owns(Path::new("issues/x/index.html")));
        assert!(manifest.owns(Path::new(MANIFEST)));
        assert!(
            !manifest.owns(Path::new("a\nb")),
            "a name with a line break is not listed"
        );
        assert!(!manifest.owns(Path::new("CNAME")));
    }

    #[test]
    fn a_file_of_that_name_without_the_header_is_no_manifest() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(MANIFEST), "index.html\n").expect("write");
        assert_eq!(Manifest::read(dir.path()).expect("read"), None);
    }
}
