//! The swap of a new output tree for the old one, in one step where the
//! system can (`renameat2(RENAME_EXCHANGE)` on Linux), else two renames
//! whose middle the next build repairs; and the temporary folders a killed
//! build leaves beside the output (found by exact name).
//!
//! A build's life beside `public/`, and what a kill -9 at each point leaves
//! (the next build, lock held, first puts an output moved aside back, then
//! takes the spare, else one leftover tree, as its tree and removes the
//! others; it reconciles every entry of the tree it takes, so any of them
//! will do):
//!
//! 1. `.public.kiosque-spare` (the site before last) is renamed
//!    `.public.kiosque-tmp-<pid>`, or that folder is made empty. Killed:
//!    the output is untouched; the tree is taken by the next build.
//! 2. The tree is brought up to date in place: unchanged files linked to
//!    the output's or kept, changed ones written as new files (an existing
//!    file is removed, never opened: it may be the output's file too),
//!    foreign files carried, the rest pruned, the manifest placed. Only
//!    the tree's own folders and names change: the output's files keep
//!    their bytes. Killed half way: the output is the whole old site; the
//!    half-updated tree is reconciled by the next build like any spare.
//!    Failed (content or disk error): the same, and the tree is renamed
//!    back to the spare.
//! 3. The tree and the output are exchanged in one step: before it, the
//!    old site; after it, the new one.
//! 4. The tree now at `.public.kiosque-tmp-<pid>` (the old site) is renamed
//!    to the spare. Killed between 3 and 4: the output is the new site; the
//!    old one, left at the pid-named folder, is taken by the next build.
//!
//! Without the exchange, 3 is three renames: the output to
//! `.public.kiosque-old-<pid>`, the tree to the output, the old site back
//! to `.public.kiosque-tmp-<pid>`. Killed after the first: there is no
//! output; the next build puts the `-old-` folder back (the old site),
//! whatever spare or tree is beside it. Killed after the second: the
//! output is the new site, the `-old-` folder a leftover tree. After the
//! third, as 4. A first build (no output) renames its tree into place and
//! keeps no spare; killed before, there is still no output.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::output::beside;

/// The kinds of temporary folders a build makes beside the output:
/// `.public.kiosque-tmp-<pid>` (the new tree, then the old one) and
/// `.public.kiosque-old-<pid>` (the old tree between two renames).
pub(super) const TEMP_KINDS: [&str; 2] = ["kiosque-tmp", "kiosque-old"];

/// The temporary folder of this process for `output`, of `kind`.
pub(super) fn temp_dir(output: &Path, kind: &str) -> PathBuf {
    beside(output, &format!("{kind}-{}", std::process::id()))
}

/// Puts the complete tree `new` at `output`. When `output` existed, the old
/// tree ends at `new`'s path (to be kept as the spare); when it did not,
/// `new` is simply renamed.
pub(super) fn put_in_place(new: &Path, output: &Path, existed: bool) -> anyhow::Result<()> {
    let moved =
        |e: io::Error| anyhow::Error::new(e).context(format!("failed to move the new site to `{}`", output.display()));
    if !existed {
        return fs::rename(new, output).map_err(moved);
    }
    match exchange(new, output) {
        Ok(()) => Ok(()),
        Err(e) if cannot_exchange(&e) => two_renames(new, output),
        Err(e) => Err(moved(e)),
    }
}

/// Swaps `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether the system or filesystem cannot swap two folders at once.
fn cannot_exchange(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// The old tree aside, the new one in: if killed in between, the output is
/// missing and `repair` puts the old tree back. The old tree ends at `new`.
fn two_renames(new: &Path, output: &Path) -> anyhow::Result<()> {
    let aside = temp_dir(output, TEMP_KINDS[1]);
    fs::rename(output, &aside)
        .with_context(|| format!("failed to move `{}` aside to `{}`", output.display(), aside.display()))?;
    if let Err(e) = fs::rename(new, output) {
        let back = fs::rename(&aside, output);
        let e = anyhow::Error::new(e).context(format!("failed to move the new site to `{}`", output.display()));
        return Err(match back {
            Ok(()) => e,
            Err(_) => e.context(format!(
                "the previous site is in `{}`; the next build puts it back",
                aside.display()
            )),
        });
    }
    fs::rename(&aside, new).with_context(|| format!("failed to rename `{}`", aside.display()))
}

/// With the lock held: if a build was killed between its two renames (the
/// output is missing, the old tree aside), puts the old tree back.
pub(super) fn repair(output: &Path) -> anyhow::Result<()> {
    if fs::symlink_metadata(output).is_ok() {
        return Ok(());
    }
    if let Some(aside) = temp_folders(output)?
        .into_iter()
        .find(|(kind, _)| *kind == TEMP_KINDS[1])
    {
        fs::rename(&aside.1, output)
            .with_context(|| format!("failed to put `{}` back at `{}`", aside.1.display(), output.display()))?;
    }
    Ok(())
}

/// The folders beside `output` named exactly `.<name>.<kind>-<digits>`:
/// with the lock held, no other build into `output` runs, so all were left
/// by builds that are gone.
pub(super) fn temp_folders(output: &Path) -> anyhow::Result<Vec<(&'static str, PathBuf)>> {
    let parent = output.parent().unwrap_or(Path::new("."));
    let Some(name) = output.file_name() else {
        return Ok(Vec::new());
    };
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to list `{}`", parent.display()))),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to list `{}`", parent.display()))?;
        let Some(kind) = TEMP_KINDS
            .into_iter()
            .find(|kind| is_temp_name(&entry.file_name(), name, kind))
        else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.push((kind, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// Whether `candidate` is `.<name>.<kind>-<pid>`, the pid all digits.
fn is_temp_name(candidate: &OsStr, name: &OsStr, kind: &str) -> bool {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(format!(".{kind}-"));
    candidate
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())
        .is_some_and(|pid| !pid.is_empty() && pid.iter().all(u8::is_ascii_digit))
}

/// Removes a tree kiosque made; a folder made read-only in it (by hand, in
/// the old output) is made writable first, as removing its files needs.
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(first) => {
            let mut made_writable = false;
            for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
                if entry.file_type().is_dir() {
                    if let Ok(meta) = entry.metadata() {
                        let mut permissions = meta.permissions();
                        if permissions.readonly() {
                            #[cfg(unix)]
                            {
                                use std::os::unix::fs::PermissionsExt;
                                permissions.set_mode(permissions.mode() | 0o700);
                            }
                            #[cfg(not(unix))]
                            permissions.set_readonly(false);
                            made_writable |= fs::set_permissions(entry.path(), permissions).is_ok();
                        }
                    }
                }
            }
            if made_writable {
                fs::remove_dir_all(dir)
            } else {
                Err(first)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_temp_name, put_in_place, repair, two_renames};
    use std::ffi::OsStr;
    use std::fs;

    #[test]
    fn both_swaps_leave_the_new_tree_in_place_and_the_old_one_at_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (output, new) = (dir.path().join("public"), dir.path().join(".public.kiosque-tmp-1"));
        for round in 0..2 {
            fs::create_dir_all(&output).expect("mkdir");
            fs::create_dir_all(&new).expect("mkdir");
            fs::write(output.join("page"), "old").expect("write");
            fs::write(new.join("page"), "new").expect("write");
            if round == 0 {
                put_in_place(&new, &output, true).expect("exchange");
            } else {
                two_renames(&new, &output).expect("two renames");
            }
            assert_eq!(fs::read_to_string(output.join("page")).expect("read"), "new");
            assert_eq!(fs::read_to_string(new.join("page")).expect("read"), "old");
            fs::remove_dir_all(&new).expect("clean");
            fs::remove_dir_all(&output).expect("clean");
        }
    }

    #[test]
    fn repair_puts_an_output_moved_aside_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        let aside = dir.path().join(".public.kiosque-old-7");
        fs::create_dir_all(&aside).expect("mkdir");
        fs::write(aside.join("page"), "old").expect("write");
        repair(&output).expect("repair");
        assert_eq!(fs::read_to_string(output.join("page")).expect("read"), "old");
        assert!(!aside.exists());
    }

    #[test]
    fn temp_names_match_exactly() {
        let name = OsStr::new("public");
        assert!(is_temp_name(OsStr::new(".public.kiosque-tmp-123"), name, "kiosque-tmp"));
        assert!(!is_temp_name(OsStr::new(".public.kiosque-tmp-"), name, "kiosque-tmp"));
        assert!(!is_temp_name(
            OsStr::new(".public.kiosque-tmp-12x"),
            name,
            "kiosque-tmp"
        ));
        assert!(!is_temp_name(
            OsStr::new(".public.kiosque-tmp-12.bak"),
            name,
            "kiosque-tmp"
        ));
        assert!(!is_temp_name(
            OsStr::new(".my.public.kiosque-tmp-1"),
            name,
            "kiosque-tmp"
        ));
        assert!(!is_temp_name(OsStr::new(".public2.kiosque-tmp-1"), name, "kiosque-tmp"));
        assert!(!is_temp_name(OsStr::new("public.kiosque-tmp-1"), name, "kiosque-tmp"));
    }
}
