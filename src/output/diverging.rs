//! A writer for files streamed into the new tree (too large to hold in
//! memory) that writes nothing while the stream is the output's file byte
//! for byte: only at the first difference does it make a new file, the
//! equal part copied from the output's file, then the rest streamed.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// How a stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    /// It is exactly the output's file: nothing was written.
    Same,
    /// It differs: a new file holds it.
    Written,
}

/// The stream's writer: compares with `live` until it differs, then writes
/// a new file made by `create`.
pub(super) struct Diverging<'a> {
    live: Option<(PathBuf, BufReader<File>)>,
    same: u64,
    out: Option<BufWriter<File>>,
    create: &'a dyn Fn() -> anyhow::Result<File>,
    scratch: Vec<u8>,
}

impl<'a> Diverging<'a> {
    /// Compares with the regular file at `live` (never through a link),
    /// when there is one; `create` makes the new file.
    pub(super) fn new(live: Option<&Path>, create: &'a dyn Fn() -> anyhow::Result<File>) -> Diverging<'a> {
        let live = live
            .filter(|path| fs::symlink_metadata(path).is_ok_and(|m| m.is_file()))
            .and_then(|path| {
                Some((
                    path.to_path_buf(),
                    BufReader::with_capacity(1 << 16, File::open(path).ok()?),
                ))
            });
        Diverging {
            live,
            same: 0,
            out: None,
            create,
            scratch: Vec::new(),
        }
    }

    /// Ends the stream: `Same` when it was the output's file to its end.
    pub(super) fn finish(mut self) -> io::Result<Ended> {
        if self.out.is_none() {
            let at_end = match &mut self.live {
                Some((_, reader)) => reader.read(&mut [0u8; 1])? == 0,
                None => false,
            };
            if at_end {
                return Ok(Ended::Same);
            }
            self.diverge()?;
        }
        match &mut self.out {
            Some(out) => out.flush().map(|()| Ended::Written),
            None => Err(io::Error::other("the new file was not made")),
        }
    }

    /// Whether the output's file goes on with `buf`.
    fn goes_on_with(&mut self, buf: &[u8]) -> io::Result<bool> {
        let Some((_, reader)) = &mut self.live else {
            return Ok(false);
        };
        self.scratch.resize(buf.len(), 0);
        match reader.read_exact(&mut self.scratch) {
            Ok(()) => Ok(self.scratch == buf),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Makes the new file, holding the part equal so far.
    fn diverge(&mut self) -> io::Result<()> {
        let file = (self.create)().map_err(|e| io::Error::other(format!("{e:#}")))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        if let Some((path, _)) = self.live.take() {
            let copied = io::copy(&mut File::open(path)?.take(self.same), &mut out)?;
            if copied != self.same {
                return Err(io::Error::other("the output's file changed during the build"));
            }
        }
        self.out = Some(out);
        Ok(())
    }
}

impl Write for Diverging<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.out.is_none() {
            if self.goes_on_with(buf)? {
                self.same += buf.len() as u64;
                return Ok(buf.len());
            }
            self.diverge()?;
        }
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("the new file was not made")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Diverging, Ended};
    use std::fs;
    use std::io::Write;

    /// Streams `chunks` against a live file holding `live`: how it ended
    /// and what the new file holds.
    fn stream(live: &str, chunks: &[&str]) -> (Ended, Option<String>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (live_path, new_path) = (dir.path().join("live"), dir.path().join("new"));
        fs::write(&live_path, live).expect("write");
        let create = || Ok(fs::File::create(&new_path)?);
        let mut out = Diverging::new(Some(&live_path), &create);
        for chunk in chunks {
            out.write_all(chunk.as_bytes()).expect("write");
        }
        let ended = out.finish().expect("finish");
        (ended, fs::read_to_string(&new_path).ok())
    }

    #[test]
    fn writes_only_a_stream_that_differs() {
        assert_eq!(stream("abcdef", &["abc", "def"]), (Ended::Same, None));
        let whole = |s: &str| (Ended::Written, Some(s.to_string()));
        assert_eq!(stream("abcdef", &["abc", "dXf"]), whole("abcdXf"));
        assert_eq!(stream("abcdef", &["abc", "de"]), whole("abcde"));
        assert_eq!(stream("abcdef", &["abc", "def", "g"]), whole("abcdefg"));
        assert_eq!(stream("", &["x"]), whole("x"));
        assert_eq!(stream("abc", &[]), whole(""));
    }
}
