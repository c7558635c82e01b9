//! What an import did (or, with `--dry-run`, would do): each file with
//! its outcome and origin, each item skipped with its reason, warnings.

use std::fmt;
use std::path::PathBuf;

use crate::import::Skipped;

/// What became of one issue's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new file.
    Imported,
    /// The same bytes were there already.
    Unchanged,
    /// Other bytes were there (changed since import): left alone.
    Kept,
    /// Other bytes were there and `--force` replaced them.
    Overwritten,
}

/// The report of an import.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub source: PathBuf,
    pub dry_run: bool,
    /// Messages or posts read from the source.
    pub read: usize,
    /// Each issue's file name, origin and outcome.
    pub files: Vec<(String, String, Outcome)>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<String>,
    /// What the import decided for the user (the sender it took…).
    pub notes: Vec<String>,
}

impl ImportReport {
    /// How many files had `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.files.iter().filter(|(_, _, o)| *o == outcome).count()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "would be " } else { "" };
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        for (name, origin, outcome) in &self.files {
            let what = match outcome {
                Outcome::Imported => format!("{verb}imported"),
                Outcome::Unchanged => "unchanged".to_string(),
                Outcome::Kept => "kept: changed since import, --force to overwrite".to_string(),
                Outcome::Overwritten => format!("{verb}overwritten (--force)"),
            };
            writeln!(f, "  {name} ← {origin}: {what}")?;
        }
        for skipped in &self.skipped {
            writeln!(f, "  skipped {}: {}", skipped.origin, skipped.reason)?;
        }
        for warning in &self.warnings {
            writeln!(f, "warning: {warning}")?;
        }
        let overwritten = self.count(Outcome::Overwritten);
        writeln!(
            f,
            "{}{} read from {}: imported {}, unchanged {}, kept {}{}, skipped {}",
            if self.dry_run { "dry run, nothing written: " } else { "" },
            self.read,
            self.source.display(),
            self.count(Outcome::Imported),
            self.count(Outcome::Unchanged),
            self.count(Outcome::Kept),
            if overwritten > 0 {
                format!(", overwritten {overwritten}")
            } else {
                String::new()
            },
            self.skipped.len()
        )
    }
}
