//! The output stage, the other module that touches the disk: checks the
//! output folder is a safe place, writes a build into a temporary folder
//! beside it and swaps it in only when the whole build succeeded.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

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

/// A folder being filled; it becomes `output` on `commit`, and is removed
/// if dropped before that.
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    committed: bool,
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
            committed: false,
        })
    }

    /// Writes one file, `rel` to the staging folder.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        write_file(&self.dir.join(rel), bytes)
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, rel: &Path, source: &Path) -> anyhow::Result<()> {
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        fs::copy(source, &target).with_context(|| format!("failed to copy `{}`", source.display()))?;
        Ok(())
    }

    /// Puts the staged folder in place of the output, then removes the old one.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let parent = self.output.parent().unwrap_or(Path::new("."));
        let name = self.output.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let old = parent.join(format!(".{name}.kiosque-old-{}", std::process::id()));
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &old)
                .with_context(|| format!("failed to move the previous `{}` aside", self.output.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = fs::rename(&old, &self.output);
            }
            return Err(
                anyhow::Error::new(e).context(format!("failed to move the new site to `{}`", self.output.display()))
            );
        }
        self.committed = true;
        if had_output {
            fs::remove_dir_all(&old).with_context(|| format!("failed to remove `{}`", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
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
