//! Where the pipeline writes: the only difference between `build` and
//! `serve` on the way out. `build` fills a staging tree swapped in whole at
//! the end (`output::Staging`); `serve` updates its folder in place, file by
//! file, each replaced through a rename (`Folder`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::output::{self, Staging, Written};

/// A folder the site is written into, `rel` paths relative to it.
pub trait Output: Sync {
    /// Makes `rel` hold `bytes`; whether its bytes changed.
    fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<bool>;

    /// Makes `rel` hold what `fill` streams (a file too large to hold in
    /// memory); when `fill` fails, the file is left as it was.
    fn stream(
        &self,
        rel: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), BuildError>,
    ) -> Result<(), BuildError>;

    /// Makes `rel` a copy of `source`; whether its bytes changed.
    fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<bool>;

    /// Removes `rel`, a file the site no longer has.
    fn remove(&self, rel: &Path) -> anyhow::Result<()>;
}

impl Output for Staging {
    fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
        Ok(Staging::write(self, rel, bytes)? == Written::Staged)
    }

    fn stream(
        &self,
        rel: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), BuildError>,
    ) -> Result<(), BuildError> {
        self.write_with(rel, |out| fill(out)).map(|_| ())
    }

    fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<bool> {
        Ok(Staging::copy(self, rel, source)? == Written::Staged)
    }

    /// Nothing to do: the tree keeps only the files written into it.
    fn remove(&self, _rel: &Path) -> anyhow::Result<()> {
        Ok(())
    }
}

/// `serve`'s folder, updated in place: a file is written only when its
/// bytes change, so a reader never sees half a file.
pub struct Folder(pub PathBuf);

impl Output for Folder {
    fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
        output::replace_file(&self.0.join(rel), bytes)
    }

    fn stream(
        &self,
        rel: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> Result<(), BuildError>,
    ) -> Result<(), BuildError> {
        output::stream_file(&self.0.join(rel), |file| fill(file))
    }

    fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<bool> {
        let bytes = crate::load::read_bytes(source)?;
        output::replace_file(&self.0.join(rel), &bytes)
    }

    fn remove(&self, rel: &Path) -> anyhow::Result<()> {
        output::remove_file(&self.0.join(rel))
    }
}
