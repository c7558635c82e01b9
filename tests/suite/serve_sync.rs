//! `kiosque serve` kept in sync: after a sequence of edits (issues,
//! companies, tags, site.toml and templates broken and fixed, static files
//! that replace generated ones), the served folder equals a clean build.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::serve::Served;
use crate::common::{snapshot, TestSite};
use kiosque::testing::{DataFiles, Folder, Pipeline};

/// A tiny deterministic generator for the files edited.
struct Steps(u64);

impl Steps {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// The edits made to the site, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Issue,
    Delete,
    Create,
    Rename,
    AddCompany,
    /// A first mention of the company added last: its page appears.
    Mention,
    /// Its last mention gone: its page goes.
    Unmention,
    EmptyCompanies,
    /// A company whose name gives no slug.
    DotCompany,
    RestoreCompanies,
    Template,
    /// A template that does not parse.
    BreakTemplate,
    FixTemplate,
    /// A template that parses but fails to render.
    BreakRender,
    FixRender,
    BreakSite,
    /// site.toml valid again, with another `per_page`.
    FixSite,
    BreakTags,
    FixTags,
    Css,
    /// static/robots.txt, which replaces the generated one.
    AddRobots,
    RemoveRobots,
    /// static/archive/index.html, which replaces a page.
    AddPage,
    RemovePage,
}

use Edit::*;

/// The sequence of edits, run twice (other files the second time).
const ROUND: [Edit; 28] = [
    Issue,
    Delete,
    EmptyCompanies,
    Create,
    RestoreCompanies,
    AddCompany,
    Rename,
    Template,
    BreakSite,
    Issue,
    FixSite,
    Css,
    Mention,
    BreakTags,
    Delete,
    FixTags,
    Unmention,
    AddRobots,
    BreakTemplate,
    Create,
    FixTemplate,
    RemoveRobots,
    DotCompany,
    AddPage,
    RestoreCompanies,
    BreakRender,
    RemovePage,
    FixRender,
];

/// Whether the site builds after `edit`, given whether it did before
/// (`None`: either may be right).
fn builds_after(edit: Edit, before: Option<bool>) -> Option<bool> {
    match edit {
        BreakTemplate | BreakRender | BreakSite | BreakTags | DotCompany => Some(false),
        // Issues may name a company in their front matter.
        EmptyCompanies => None,
        FixTemplate | FixRender | FixSite | FixTags | RestoreCompanies => Some(true),
        _ => before,
    }
}

/// The site being edited, with what the edits restore.
struct Site {
    root: PathBuf,
    config_toml: String,
    companies_toml: String,
    tags_toml: String,
    /// The company added last, and how many were.
    company: String,
    companies_added: usize,
    /// The file a mention was added to, and its text before.
    mentioned: Option<(PathBuf, String)>,
}

impl Site {
    /// A copy of the example site's content and site.toml in `root`.
    fn new(root: PathBuf) -> Site {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (rel, bytes) in snapshot(&repo.join("content")) {
            let target = root.join("content").join(rel);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::write(target, bytes).expect("write");
        }
        fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
        // Made now, so that adding a file to one is one change.
        for folder in ["templates", "static/archive"] {
            fs::create_dir_all(root.join(folder)).expect("folder");
        }
        let read = |rel: &str| fs::read_to_string(root.join(rel)).expect("read");
        Site {
            config_toml: read("site.toml"),
            companies_toml: read("content/companies.toml"),
            tags_toml: read("content/tags.toml"),
            root,
            company: String::new(),
            companies_added: 0,
            mentioned: None,
        }
    }

    /// Writes `text` to `rel` in one step (a rename), so that `serve` sees
    /// one change and rebuilds once.
    fn put(&self, rel: impl AsRef<Path>, text: &str) {
        let tmp = self.root.join(".edit.tmp");
        fs::write(&tmp, text).expect("write");
        fs::rename(&tmp, self.root.join(rel)).expect("rename into place");
    }

    fn read(&self, rel: impl AsRef<Path>) -> String {
        fs::read_to_string(self.root.join(rel)).expect("read")
    }

    fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).expect("remove");
    }

    /// The issue files, relative to the root, sorted.
    fn issues(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.root.join("content/issues"))
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| Path::new("content/issues").join(e.file_name()))
            .collect();
        files.sort();
        files
    }

    /// Makes `edit` (step `step`), on issue file `file` where it edits one.
    fn apply(&mut self, edit: Edit, step: usize, file: &Path) {
        match edit {
            Issue => self.put(
                file,
                &self.read(file).replacen(" de ", " du ", 1).replacen(" the ", " a ", 1),
            ),
            Delete => fs::remove_file(self.root.join(file)).expect("delete"),
            Create => {
                let text = self.read(file);
                let body = text.rsplit("+++").next().unwrap_or(&text);
                let name = format!("2026-0{}-1{}-copie-{step}.txt", 1 + step % 8, step % 9);
                self.put(Path::new("content/issues").join(name), body);
            }
            Rename => {
                let renamed = file.with_file_name(format!("2025-12-2{}-renomme-{step}.txt", step % 10));
                fs::rename(self.root.join(file), self.root.join(renamed)).expect("rename");
            }
            AddCompany => {
                self.companies_added += 1;
                self.company = format!("Ouest France {step} {}", self.companies_added);
                let entry = format!("\n[[company]]\nname = \"{}\"\naliases = [\"Nouveau\"]\n", self.company);
                let text = self.read("content/companies.toml");
                self.put("content/companies.toml", &format!("{text}{entry}"));
            }
            Mention => self.mention(file),
            Unmention => {
                let (file, text) = self.mentioned.take().expect("a mention to remove");
                self.put(file, &text);
            }
            EmptyCompanies => self.put("content/companies.toml", ""),
            DotCompany => {
                let text = self.read("content/companies.toml");
                self.put(
                    "content/companies.toml",
                    &format!("{text}\n[[company]]\nname = \".\"\n"),
                );
            }
            RestoreCompanies => self.put("content/companies.toml", &self.companies_toml),
            Template => self.put(
                "templates/404.html",
                &format!(
                    "{{% extends \"base.html\" %}}{{% block content %}}<p>Perdu {step}</p>{{% endblock content %}}"
                ),
            ),
            BreakTemplate => self.put(
                "templates/issue.html",
                "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
            ),
            FixTemplate => self.remove("templates/issue.html"),
            BreakRender => self.put(
                "templates/tag.html",
                "{% extends \"base.html\" %}{% block content %}{{ no_such.thing }}{% endblock content %}",
            ),
            FixRender => self.remove("templates/tag.html"),
            BreakSite => self.put("site.toml", &format!("{}\nper_page = = 3\n", self.config_toml)),
            FixSite => self.put(
                "site.toml",
                &self
                    .config_toml
                    .replace("per_page = 5", &format!("per_page = {}", 3 + step % 4)),
            ),
            BreakTags => self.put("content/tags.toml", &format!("{}\n[[tag]]\nname = \n", self.tags_toml)),
            FixTags => self.put("content/tags.toml", &self.tags_toml),
            Css => self.put("static/extra.css", &format!("body {{ --step: {step}; }}")),
            AddRobots => self.put("static/robots.txt", "User-agent: *\nDisallow: /\n"),
            RemoveRobots => self.remove("static/robots.txt"),
            AddPage => self.put("static/archive/index.html", "<p>Nos archives</p>\n"),
            RemovePage => self.remove("static/archive/index.html"),
        }
    }

    /// Adds a mention of the company added last to a long line of the
    /// body of `file` (not of its front matter).
    fn mention(&mut self, file: &Path) {
        let text = self.read(file);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let body = match lines.first().map(String::as_str) {
            Some("+++") => lines.iter().skip(1).position(|l| l == "+++").map_or(0, |end| end + 2),
            _ => 0,
        };
        if let Some(line) = lines.iter_mut().skip(body + 3).find(|l| l.len() > 120) {
            line.push_str(&format!(" {} annonce un partenariat.", self.company));
        }
        self.put(file, &(lines.join("\n") + "\n"));
        self.mentioned = Some((file.to_path_buf(), text));
    }
}

/// Asserts that what `served` writes is a clean build of `root` at the
/// same address, byte for byte; without the data files (the
/// JSON of every issue, the sitemap), written later, unless `data`.
fn assert_clean_build(served: &Served, root: &Path, clean: &Path, data: bool, when: &str) {
    if let Some(difference) = difference(served, root, clean, data) {
        panic!("{when}: {difference}");
    }
}

/// How what `served` serves differs from a clean build, if it does.
fn difference(served: &Served, root: &Path, clean: &Path, data: bool) -> Option<String> {
    let _ = fs::remove_dir_all(clean);
    if let Err(e) = kiosque::build(&kiosque::BuildOptions {
        root: root.to_path_buf(),
        output: Some(clean.to_path_buf()),
        base_url: Some(served.url.clone()),
        ..kiosque::BuildOptions::default()
    }) {
        return Some(format!("the clean build fails: {}", crate::common::error_text(&e)));
    }
    // The data files and the search index (made in the background after
    // the reload) are compared once the edits are over.
    let kept = |path: &PathBuf| {
        data || !(path.starts_with("api")
            || path.starts_with("pagefind")
            || path.to_string_lossy().starts_with("sitemap"))
    };
    let expected: BTreeMap<PathBuf, Vec<u8>> = snapshot(clean).into_iter().filter(|(p, _)| kept(p)).collect();
    // Byte for byte: serve writes what build writes (the reload script
    // is added as pages are served, never written).
    let got: BTreeMap<PathBuf, Vec<u8>> = snapshot(&served.output())
        .into_iter()
        .filter(|(p, _)| kept(p))
        .collect();
    let missing: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    if !missing.is_empty() || !extra.is_empty() {
        return Some(format!("missing {missing:?}, extra {extra:?}"));
    }
    let differ = expected.iter().find(|(path, bytes)| *bytes != &got[*path]);
    differ.map(|(path, _)| format!("{} differs from a clean build", path.display()))
}

#[test]
fn after_edits_the_served_site_is_a_clean_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = dir.path().join("clean");
    let mut site = Site::new(dir.path().join("site"));
    let mut served = Served::start(&site.root);
    let mut steps = Steps(7);
    let mut builds = Some(true);
    for (step, edit) in ROUND.iter().chain(&ROUND).copied().enumerate() {
        let files = site.issues();
        site.apply(edit, step, &files[steps.next(files.len())]);
        let outcome = served.wait_for_outcome();
        builds = builds_after(edit, builds);
        if let Some(builds) = builds {
            assert_eq!(outcome.is_ok(), builds, "step {step}, {edit:?}: {outcome:?}");
        }
        let company_page = format!("/companies/{}/", site.company.to_lowercase().replace(' ', "-"));
        match edit {
            Mention => assert_eq!(
                served.get(&company_page).0,
                200,
                "{company_page} after its first mention"
            ),
            Unmention => assert_eq!(
                served.get(&company_page).0,
                404,
                "{company_page} after its last mention"
            ),
            // The site just built again after an error.
            FixTemplate | FixRender | FixSite | FixTags | RestoreCompanies => {
                assert_clean_build(&served, &site.root, &clean, false, &format!("step {step}, {edit:?}"));
            }
            _ => {}
        }
    }
    // The data files are written after the reload, and give way to the
    // next edit: one more edit of an issue, then they are all written.
    let first = site.issues()[0].clone();
    site.put(
        &first,
        &site
            .read(&first)
            .replacen(" de ", " des ", 1)
            .replacen(" the ", " this ", 1),
    );
    served.wait_for_outcome().expect("the last edit builds");
    served.wait_for_line(|l| l.starts_with("data files written"), Duration::from_secs(20));
    assert_clean_build_soon(&served, &site.root, &clean, "at the end");
}

/// `assert_clean_build` with the data files and the search index, which
/// may still be being written: compared again until they match, or 90 s.
fn assert_clean_build_soon(served: &Served, root: &Path, clean: &Path, when: &str) {
    // The index is made at the lowest CPU priority, in a debug build,
    // while other tests run: it may wait a long time for a core.
    let deadline = Instant::now() + Duration::from_secs(90);
    while let Some(difference) = difference(served, root, clean, true) {
        assert!(Instant::now() < deadline, "{when}: {difference}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Edits whose effect the site undoes with the edit paired with them.
const BREAKS: [(Edit, Edit); 6] = [
    (EmptyCompanies, RestoreCompanies),
    (DotCompany, RestoreCompanies),
    (BreakSite, FixSite),
    (BreakTags, FixTags),
    (BreakTemplate, FixTemplate),
    (BreakRender, FixRender),
];

/// Edits that leave the site building.
const NEUTRAL: [Edit; 11] = [
    Issue,
    Delete,
    Create,
    Rename,
    AddCompany,
    Template,
    Css,
    AddRobots,
    RemoveRobots,
    AddPage,
    RemovePage,
];

/// The next burst of the random walk: one to three edits made at once,
/// a break among them now and then, fixed a few bursts later.
fn next_burst(steps: &mut Steps, broken: &mut Vec<Edit>, added: &mut Vec<Edit>) -> Vec<Edit> {
    let mut burst = Vec::new();
    for _ in 0..=steps.next(3) {
        let edit = if !broken.is_empty() && steps.next(3) == 0 {
            broken.remove(steps.next(broken.len()))
        } else if broken.len() < 2 && steps.next(4) == 0 {
            let (edit, fix) = BREAKS[steps.next(BREAKS.len())];
            if broken.contains(&fix) || burst.contains(&edit) {
                continue;
            }
            broken.push(fix);
            edit
        } else {
            NEUTRAL[steps.next(NEUTRAL.len())]
        };
        // A static file is added only when absent, removed only when there.
        let toggled = match edit {
            AddRobots | RemoveRobots => Some(AddRobots),
            AddPage | RemovePage => Some(AddPage),
            _ => None,
        };
        if let Some(file) = toggled {
            let present = added.contains(&file);
            if present == (edit == file) {
                continue;
            }
            added.retain(|a| *a != file);
            if !present {
                added.push(file);
            }
        }
        burst.push(edit);
    }
    burst
}

#[test]
fn after_random_bursts_of_edits_the_served_site_is_a_clean_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = dir.path().join("clean");
    let mut site = Site::new(dir.path().join("site"));
    let mut served = Served::start(&site.root);
    let (mut steps, mut broken, mut added) = (Steps(6), Vec::new(), Vec::new());
    for step in 0..40 {
        let burst = next_burst(&mut steps, &mut broken, &mut added);
        for &edit in &burst {
            let files = site.issues();
            site.apply(edit, step, &files[steps.next(files.len())]);
        }
        if !broken.is_empty() {
            continue;
        }
        // However serve received the burst, it ends as a clean build.
        let deadline = Instant::now() + Duration::from_secs(90);
        while let Some(difference) = difference(&served, &site.root, &clean, true) {
            assert!(
                Instant::now() < deadline,
                "step {step}, {burst:?}: {difference}\nserve's log:\n{}",
                served.lines_left().join("\n")
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

#[test]
fn one_burst_that_changes_companies_and_a_template_applies_both() {
    let issue = "Un titre\nPremier sujet du jour\nUn paragraphe qui parle de Acme et qui finit par un point.\n";
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", issue)
        .file("content/companies.toml", "[[company]]\nname = \"Acme\"\n");
    let output = tempfile::tempdir().expect("temp dir");
    let folder = Folder(output.path().to_path_buf());
    let options = kiosque::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:1".into()),
        ..kiosque::BuildOptions::default()
    };
    let mut live = Pipeline::new(&options, DataFiles::Later).expect("read");
    live.run(&folder, &kiosque::Silent).expect("built");
    // As a checkout does: both files changed in one burst of events.
    let _site = site
        .file(
            "content/companies.toml",
            "[[company]]\nname = \"Acme\"\nslug = \"acme-corp\"\n",
        )
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<p>Perdu ici</p>{% endblock content %}",
        );
    let burst = [
        PathBuf::from("content/companies.toml"),
        PathBuf::from("templates/404.html"),
    ];
    live.apply(&burst, &folder).expect("built");
    let page = |rel: &str| fs::read_to_string(output.path().join(rel)).unwrap_or_default();
    assert!(
        page("404.html").contains("Perdu ici"),
        "the template: {}",
        page("404.html")
    );
    assert!(!page("companies/acme-corp/index.html").is_empty(), "the companies");
}
