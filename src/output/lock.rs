//! One build at a time into one output: an OS lock (`flock`) on a file
//! beside the output (`.public.kiosque-lock`) holding the builder's pid. A
//! second build fails at once, naming the first; the lock goes with the
//! process, even when it is killed.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::output::beside;

/// The lock on one output folder, held while alive. Dropped, it removes
/// its file (still holding the lock, so no other build can be fooled).
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    _file: File,
}

impl OutputLock {
    /// Takes the lock of `output`, or fails naming the build that holds it.
    pub fn acquire(output: &Path) -> anyhow::Result<OutputLock> {
        let path = beside(output, "kiosque-lock");
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("failed to open the lock `{}`", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    // The holder ended (its lock file removed) since we
                    // opened it: try again with the file now at that path.
                    if !is_same_file(&file, &path) {
                        continue;
                    }
                    let holder = holder_pid(&path);
                    let holder = match holder.trim() {
                        "" => String::from("another kiosque build"),
                        pid => format!("another kiosque build (pid {pid})"),
                    };
                    bail!(
                        "{holder} is writing into `{}` (it holds `{}`): wait for it to end, then build again",
                        output.display(),
                        path.display()
                    );
                }
                Err(TryLockError::Error(e)) => {
                    return Err(anyhow::Error::new(e).context(format!("failed to lock `{}`", path.display())))
                }
            }
            // The build before us may have removed the file between our
            // open and our lock: then lock the file now at that path.
            if !is_same_file(&file, &path) {
                continue;
            }
            file.set_len(0)
                .and_then(|()| write!(file, "{}", std::process::id()))
                .with_context(|| format!("failed to write the lock `{}`", path.display()))?;
            return Ok(OutputLock { path, _file: file });
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The pid the holder of the lock at `path` wrote, waiting a moment for a
/// holder that has just taken the lock to write it.
fn holder_pid(path: &Path) -> String {
    for _ in 0..20 {
        match fs::read_to_string(path) {
            Ok(pid) if !pid.trim().is_empty() => return pid,
            Ok(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(_) => break,
        }
    }
    String::new()
}

/// Whether `file` is the file now at `path`.
fn is_same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::OutputLock;

    #[test]
    fn a_second_lock_fails_naming_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        let first = OutputLock::acquire(&output).expect("first lock");
        let second = OutputLock::acquire(&output).expect_err("second lock");
        assert!(
            second.to_string().contains(&format!("pid {}", std::process::id())),
            "{second}"
        );
        drop(first);
        assert!(!dir.path().join(".public.kiosque-lock").exists());
        OutputLock::acquire(&output).expect("free again");
    }
}
