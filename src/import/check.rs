//! Each issue an import would write is first parsed as a build will parse
//! it (the site's labels and language), so that an import never writes a
//! file that breaks the build: the problem is reported before anything is
//! written, naming the message or post it came from.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::load::{SourceFile, CONFIG_FILE, ISSUES_DIR};
use crate::parse::{parse_issue, ParseOptions};

/// Parses issues with the site's settings (the defaults when site.toml is
/// missing or broken: the build will say so).
pub(crate) struct Checker {
    config: Config,
}

impl Checker {
    pub(super) fn new(root: &Path) -> Checker {
        let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok();
        let config = config::parse(Path::new(CONFIG_FILE), text.as_deref(), None).unwrap_or_default();
        Checker { config }
    }

    /// Parses `text` as the issue file `name`; its title, or what is wrong.
    pub(super) fn issue(&self, name: &str, text: String) -> Result<String, String> {
        let file = SourceFile {
            path: PathBuf::from(ISSUES_DIR).join(name),
            text,
        };
        let options = ParseOptions {
            labels: &self.config.labels,
            allow_html: self.config.allow_html,
            lang: self.config.lang,
            timezone: &self.config.timezone,
        };
        parse_issue(&file, options)
            .map(|issue| issue.title)
            .map_err(|e| match e.line {
                Some(line) => format!("{} (line {line} of the issue)", e.message),
                None => e.message,
            })
    }

    /// Parses the email `bytes` as an `.eml` issue (read as a build reads
    /// it: each byte one character); its title, or what is wrong.
    pub(super) fn email(&self, bytes: &[u8]) -> Result<String, String> {
        let text = bytes.iter().map(|&b| char::from(b)).collect();
        // A dated name: an email without a Date header is told apart earlier.
        self.issue("1970-01-01-import.eml", text)
    }
}
