//! Where a build may write. The output path is resolved through every
//! symbolic link (of the parts that exist; the rest is appended), then
//! refused when it is the site root or above it, a source folder or inside
//! one, inside a `.git` folder, or a folder kiosque did not write.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context};

use crate::load::{ISSUES_DIR, STATIC_DIR, TEMPLATES_DIR};
use crate::output::manifest::Manifest;

/// The folders a build reads, relative to the root.
const SOURCES: [&str; 4] = ["content", ISSUES_DIR, TEMPLATES_DIR, STATIC_DIR];

/// Where the output goes, resolved and checked: never the site root, an
/// ancestor of it, a source folder (or inside or above one), nor inside a
/// `.git` folder; outside the root only when asked for (`explicit`).
pub(crate) fn check_output_dir(root: &Path, output: &Path, explicit: bool) -> anyhow::Result<PathBuf> {
    let root = resolve(root)?;
    let given = root.join(output);
    let resolved = resolve(&given)?;
    if is_in_git(&given) || is_in_git(&resolved) {
        bail!(
            "refusing to write the site into `{}`: it is a `.git` folder or inside one",
            resolved.display()
        );
    }
    if root.starts_with(&resolved) {
        bail!(
            "refusing to write the site into `{}`: it is the site root or contains it",
            resolved.display()
        );
    }
    for source in SOURCES {
        let source_dir = resolve(&root.join(source))?;
        if resolved.starts_with(&source_dir) || source_dir.starts_with(&resolved) {
            bail!(
                "refusing to write the site into `{}`: it is or holds the `{source}` folder, or is inside it",
                resolved.display()
            );
        }
    }
    if !explicit && !resolved.starts_with(&root) {
        bail!(
            "refusing to write outside the site root into `{}`: pass it with --output to confirm",
            resolved.display()
        );
    }
    Ok(resolved)
}

/// What the output folder holds before a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Previous {
    /// No folder yet.
    Nothing,
    /// A folder whose files kiosque wrote are those of the manifest; an
    /// empty or adopted folder has an empty one (all its files are kept).
    Folder(Manifest),
}

/// Checks the output folder may be written: absent, empty, a previous
/// kiosque output (it has a manifest), or adopted with `force`.
pub(super) fn check_previous(output: &Path, force: bool) -> anyhow::Result<Previous> {
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Previous::Nothing),
        Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to read `{}`", output.display()))),
        Ok(meta) if !meta.is_dir() => bail!(
            "refusing to write the site into `{}`: it exists and is not a folder",
            output.display()
        ),
        Ok(_) => {}
    }
    if let Some(manifest) = Manifest::read(output)? {
        return Ok(Previous::Folder(manifest));
    }
    let empty = fs::read_dir(output)
        .with_context(|| format!("failed to list `{}`", output.display()))?
        .next()
        .is_none();
    if !empty && !force {
        bail!(
            "refusing to write the site into `{}`: the folder is not empty and kiosque did not write it \
             (it has no {}); pass --force to adopt it: kiosque then keeps every file it did not write",
            output.display(),
            crate::output::manifest::MANIFEST
        );
    }
    Ok(Previous::Folder(Manifest::default()))
}

/// Whether a part of `path` is a `.git` folder.
fn is_in_git(path: &Path) -> bool {
    path.components()
        .any(|c| matches!(c, Component::Normal(name) if name.eq_ignore_ascii_case(".git")))
}

/// `path` made absolute with every symbolic link of the parts that exist
/// resolved, part by part, so that `..` after a link leaves the link's
/// target; the parts that do not exist yet are appended as written.
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("failed to read the current folder")?
            .join(path)
    };
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                let is_link = fs::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    resolved = fs::canonicalize(&resolved).with_context(|| {
                        format!(
                            "`{}` is a symbolic link to nothing that can be read",
                            resolved.display()
                        )
                    })?;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::check_output_dir;
    use std::path::Path;

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/srv/site");
        assert!(check_output_dir(root, Path::new("public"), false).is_ok());
        assert!(check_output_dir(root, Path::new("."), true).is_err());
        assert!(check_output_dir(root, Path::new(".."), true).is_err());
        assert!(check_output_dir(root, Path::new("content/out"), true).is_err());
        assert!(check_output_dir(root, Path::new("../elsewhere"), false).is_err());
        assert!(check_output_dir(root, Path::new("../elsewhere"), true).is_ok());
        assert!(check_output_dir(root, Path::new(".git"), false).is_err());
        assert!(check_output_dir(root, Path::new("out/.git/x"), false).is_err());
        assert!(check_output_dir(root, Path::new("/srv"), true).is_err());
    }

    #[test]
    fn resolves_links_in_parts_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/issues")).expect("mkdir");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("link")).expect("symlink");
            assert!(check_output_dir(root, Path::new("link/public"), false).is_err());
            assert!(check_output_dir(root, Path::new("link/../public"), false).is_ok());
        }
    }
}
