//! What a build wrote, tallied by kind of page as the render stage makes
//! the bytes: files and bytes per kind, for `build --timings`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Mutex;

/// Files and bytes of one kind of page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindSize {
    pub files: usize,
    pub bytes: u64,
}

/// The running tally, shared by the rendering threads.
#[derive(Debug, Default)]
pub struct Sizes(Mutex<BTreeMap<&'static str, KindSize>>);

impl Sizes {
    /// Counts one file of `kind` holding `bytes`.
    pub fn add(&self, kind: &'static str, bytes: u64) {
        let mut sizes = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let size = sizes.entry(kind).or_default();
        size.files += 1;
        size.bytes += bytes;
    }

    /// The tally so far, largest kind first.
    pub fn largest_first(&self) -> Vec<(&'static str, KindSize)> {
        let sizes = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut sizes: Vec<_> = sizes.iter().map(|(k, s)| (*k, *s)).collect();
        sizes.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
        sizes
    }
}

/// A writer that counts the bytes going through it.
pub(crate) struct Counting<W> {
    pub out: W,
    pub bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
