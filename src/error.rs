//! The errors of a build: content errors (what is wrong, in which file, at
//! which line), collected for the whole build and reported together, cargo
//! style; and the machine failing (a file that cannot be read or written,
//! named in the error). One `BuildError` comes out of every stage, and
//! `build`, `check` and `serve` print it the same way.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of problem a content error is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ErrorKind {
    /// In the user's content or configuration.
    #[default]
    Content,
    /// A template failing as it renders a page (its route's path): the
    /// same failure on many pages is one problem, reported once.
    Render { page: String },
}

/// One problem in the user's content, templates or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file at fault, relative to the site root.
    pub path: PathBuf,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What is wrong, and how to fix it when that is known.
    pub message: String,
    pub kind: ErrorKind,
}

impl ContentError {
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        ContentError {
            path: path.as_ref().to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            kind: ErrorKind::Content,
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same error met while rendering `page`.
    pub(crate) fn rendering(mut self, page: impl Into<String>) -> Self {
        self.kind = ErrorKind::Render { page: page.into() };
        self
    }

    /// Whether `other` is the same problem: the same place of a template
    /// failing on another page is (Tera's message names the variables of
    /// each page).
    pub(crate) fn same_problem(&self, other: &ContentError) -> bool {
        match (&self.kind, &other.kind) {
            (ErrorKind::Render { .. }, ErrorKind::Render { .. }) => {
                (&self.path, self.line, self.column) == (&other.path, other.line, other.column)
            }
            _ => self == other,
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let ErrorKind::Render { page } = &self.kind {
            write!(f, " (while rendering {page})")?;
        }
        write!(f, "\n  --> {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Every content error of a build, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, error: ContentError) {
        self.0.push(error);
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = ContentError>) {
        self.0.extend(errors);
    }

    /// Adds `error` unless the same problem is already in.
    pub(crate) fn add_once(&mut self, error: ContentError) {
        if !self.0.iter().any(|known| known.same_problem(&error)) {
            self.0.push(error);
        }
    }

    /// Sorts by file then line, so reports do not depend on thread timing.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.path, a.line, &a.message, &a.kind).cmp(&(&b.path, b.line, &b.message, &b.kind)));
        self
    }

    /// `Ok(value)` when no error was collected.
    pub(crate) fn into_result<T>(self, value: T) -> Result<T, ContentErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for ContentErrors {}

impl From<ContentError> for ContentErrors {
    fn from(error: ContentError) -> Self {
        ContentErrors(vec![error])
    }
}

/// Why a build (or a rebuild of `serve`) failed: the user's content, or
/// the machine. Printed whole by `Display`, causes included, the same way
/// by every command.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Content, template and configuration errors, each with file:line.
    #[error("{0}")]
    Content(#[from] ContentErrors),
    /// A file that could not be read or written (its path in the error's
    /// context), or stdout gone.
    #[error("{}", chain(.0))]
    Io(#[from] anyhow::Error),
}

impl From<ContentError> for BuildError {
    fn from(error: ContentError) -> Self {
        BuildError::Content(error.into())
    }
}

/// `error: what` then one `caused by:` line for each cause.
fn chain(error: &anyhow::Error) -> String {
    let mut text = format!("error: {error}");
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}
