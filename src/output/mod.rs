//! The output stage, the other module that touches the disk. A build
//! checks where it may write (`guard`), takes the output's lock (`lock`),
//! brings the previous site kept beside the output up to date into the new
//! tree (`staging`, `spare`), records what it wrote (`manifest`) and swaps
//! the new tree in whole (`swap`). `files` writes single files for `serve`,
//! `new` and `init`.

mod diverging;
mod files;
mod guard;
pub(crate) mod lock;
pub(crate) mod manifest;
mod spare;
mod staging;
mod swap;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub(crate) use files::{remove_file, replace_file, stream_file, write_file};
pub(crate) use guard::check_output_dir;
pub(crate) use staging::{Staging, Written};

/// `.<name>.<suffix>` in the output's parent folder: where a build keeps
/// its lock and its temporary trees.
pub(crate) fn beside(output: &Path, suffix: &str) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    let mut name = OsString::from(".");
    name.push(output.file_name().unwrap_or(std::ffi::OsStr::new("public")));
    name.push(".");
    name.push(suffix);
    parent.join(name)
}
