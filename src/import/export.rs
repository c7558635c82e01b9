//! A platform's export as a zip file or as the folder it unpacks to: the
//! list of its files and each file's bytes, with a size limit and errors
//! that name the export and the file.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use crate::error::ContentError;

/// The largest post file read (the parser's own limit on an issue).
pub(crate) const MAX_POST_BYTES: u64 = crate::parse::MAX_ISSUE_BYTES as u64;

/// An opened export.
pub(crate) enum Export {
    Zip { path: PathBuf, archive: ZipArchive<File> },
    Dir(PathBuf),
}

impl Export {
    /// Opens `path`, a folder or a zip file.
    pub(super) fn open(path: &Path) -> Result<Export, ContentError> {
        if path.is_dir() {
            return Ok(Export::Dir(path.to_path_buf()));
        }
        let file = File::open(path).map_err(|e| ContentError::new(path, format!("cannot open the export: {e}")))?;
        let archive = ZipArchive::new(file)
            .map_err(|e| ContentError::new(path, format!("not a readable zip file (corrupt or truncated?): {e}")))?;
        Ok(Export::Zip {
            path: path.to_path_buf(),
            archive,
        })
    }

    /// The files of the export, `/`-separated and relative to it, sorted.
    pub(super) fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = match self {
            Export::Zip { archive, .. } => archive
                .file_names()
                .filter_map(Result::ok)
                .filter(|n| !n.ends_with('/'))
                .map(std::borrow::Cow::into_owned)
                .collect(),
            Export::Dir(dir) => walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(dir).ok()?;
                    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
                    Some(parts.join("/"))
                })
                .collect(),
        };
        files.sort();
        files
    }

    /// How errors name `rel`: `export.zip/posts/1.html` or the file's path.
    pub(super) fn path_of(&self, rel: &str) -> PathBuf {
        match self {
            Export::Zip { path, .. } => path.join(rel),
            Export::Dir(dir) => dir.join(rel),
        }
    }

    /// The bytes of `rel`, refused past `limit` bytes.
    pub(super) fn read(&mut self, rel: &str, limit: u64) -> Result<Vec<u8>, ContentError> {
        let shown = self.path_of(rel);
        let mut bytes = Vec::new();
        let read = match self {
            Export::Zip { archive, .. } => match archive.by_name(rel) {
                Ok(entry) => entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            Export::Dir(dir) => File::open(dir.join(rel))
                .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
                .map_err(|e| e.to_string()),
        };
        read.map_err(|e| ContentError::new(&shown, format!("cannot read it: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(ContentError::new(
                &shown,
                format!("larger than {} MB: not a newsletter post", limit / 1_000_000),
            ));
        }
        Ok(bytes)
    }

    /// The text of `rel`, which must be UTF-8.
    pub(super) fn read_text(&mut self, rel: &str, limit: u64) -> Result<String, ContentError> {
        let bytes = self.read(rel, limit)?;
        String::from_utf8(bytes).map_err(|e| {
            ContentError::new(
                self.path_of(rel),
                format!("not UTF-8 text (byte {} is invalid)", e.utf8_error().valid_up_to()),
            )
        })
    }
}
