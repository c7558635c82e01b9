//! A small builder for test sites: write files into a temp folder, build,
//! read the pages back.

pub mod axe;
pub mod browser;
pub mod serve;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use kiosque::model::Issue;
use kiosque::testing::SourceFile;
use kiosque::testing::{parse_issue, ParseOptions};
use kiosque::Labels;
use kiosque::Lang;
use kiosque::{BuildError, BuildOptions, BuildReport};

pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub base_url: Option<String>,
}

impl TestSite {
    /// An empty site with a minimal site.toml.
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
            base_url: None,
        };
        site.file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n",
        )
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel` under the site root.
    pub fn file(self, rel: &str, text: &str) -> TestSite {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> TestSite {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, bytes).expect("write");
        self
    }

    pub fn issue(self, name: &str, text: &str) -> TestSite {
        self.file(&format!("content/issues/{name}"), text)
    }

    pub fn build(&self) -> Result<BuildReport, BuildError> {
        kiosque::build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: None,
            base_url: self.base_url.clone(),
            drafts: false,
            force: false,
        })
    }

    pub fn built(self) -> TestSite {
        if let Err(e) = self.build() {
            panic!("build failed: {}", error_text(&e));
        }
        self
    }

    pub fn errors(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(e) => error_text(&e),
        }
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The JSON file of one issue (`api/issues/<slug>.json`).
    pub fn issue_json(&self, slug: &str) -> serde_json::Value {
        serde_json::from_str(&self.page(&format!("/api/issues/{slug}.json"))).expect("the issue's JSON")
    }

    /// The text of every issue's JSON file, one after the other.
    pub fn all_issue_json(&self) -> String {
        let mut paths: Vec<PathBuf> = fs::read_dir(self.public().join("api/issues"))
            .expect("api/issues/")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        paths.iter().map(|p| fs::read_to_string(p).expect("JSON")).collect()
    }

    /// The text of an output page, by URL path (`/issues/x/`).
    pub fn page(&self, url: &str) -> String {
        read_page(&self.public(), url)
    }
}

/// Builds the example site (the repository itself) into `output`, for
/// `base_url` when given.
pub fn build_example(output: &Path, base_url: Option<&str>) {
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(output.to_path_buf()),
        base_url: base_url.map(str::to_string),
        drafts: false,
        force: false,
    };
    if let Err(e) = kiosque::build(&options) {
        panic!("the example site does not build: {}", error_text(&e));
    }
}

pub fn error_text(error: &BuildError) -> String {
    match error {
        BuildError::Content(e) => e.to_string(),
        BuildError::Io(e) => format!("{e:#}"),
    }
}

pub fn read_page(public: &Path, url: &str) -> String {
    let rel = url.trim_start_matches('/');
    let path = if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    };
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file of a folder, relative path → bytes; the build's manifest
/// (`.kiosque-manifest`, which `serve` does not write) left out.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    // A folder serve is writing may lose a file (a temporary one renamed)
    // between the listing and the reading: such a file is left out, and
    // the callers that wait for serve compare again.
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix").to_path_buf();
            if rel == Path::new(kiosque::testing::MANIFEST) {
                continue;
            }
            if let Ok(bytes) = fs::read(entry.path()) {
                files.insert(rel, bytes);
            }
        }
    }
    files
}

/// Values of `attr="..."` in an HTML text.
pub fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

/// Every internal href and src of every HTML page must resolve to a file
/// of the output, and every fragment to an id of its page. `base_path` is
/// the URL prefix of the site (`/archive` or empty). Returns the problems.
pub fn broken_links(public: &Path, base_path: &str) -> Vec<String> {
    let pages = snapshot(public);
    let mut problems = Vec::new();
    for (rel, bytes) in &pages {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let here = format!("{base_path}/{}", rel.to_string_lossy().trim_end_matches("index.html"));
        for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let path = if path.is_empty() { here.clone() } else { path };
            let Some(inside) = path.strip_prefix(base_path).filter(|p| p.starts_with('/')) else {
                problems.push(format!(
                    "{}: `{link}` is not under the base path `{base_path}`",
                    rel.display()
                ));
                continue;
            };
            let inside = inside.split('?').next().unwrap_or_default().trim_start_matches('/');
            let target = if inside.is_empty() || inside.ends_with('/') {
                PathBuf::from(format!("{inside}index.html"))
            } else {
                PathBuf::from(inside)
            };
            let Some(target_bytes) = pages.get(&target) else {
                problems.push(format!("{}: `{link}` has no file {}", rel.display(), target.display()));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(target_bytes);
                if !target_html.contains(&format!(" id=\"{fragment}\"")) {
                    problems.push(format!(
                        "{}: `{link}`: no id `{fragment}` in {}",
                        rel.display(),
                        target.display()
                    ));
                }
            }
        }
    }
    problems
}

/// Runs the `kiosque` binary with `args`, as a user would.
pub fn kiosque(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(args)
        .output()
        .expect("run kiosque")
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Parses `text` as the issue file `name`, with the default labels.
pub fn parse_text(name: &str, text: &str, lang: Lang) -> Issue {
    let labels = Labels::default();
    let file = SourceFile {
        path: PathBuf::from(name),
        text: text.to_string(),
    };
    let options = ParseOptions {
        labels: &labels,
        allow_html: false,
        lang,
        timezone: &jiff::tz::TimeZone::UTC,
    };
    parse_issue(&file, options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every file of a folder, the manifest too (a symbolic link read through
/// to its target), relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).expect("prefix").to_path_buf();
            files.insert(rel, fs::read(entry.path()).unwrap_or_default());
        }
    }
    files
}
