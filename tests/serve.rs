//! `kiosque serve` over real HTTP: pages, edits seen and announced,
//! issues created and deleted, errors shown then cleared, paths that try
//! to leave the site, and the served site identical to a clean build after
//! a sequence of edits.

mod common;

#[path = "common/serve.rs"]
mod serve;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{snapshot, TestSite};
use serve::Served;

const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";
const EVENT: Duration = Duration::from_secs(10);

fn site() -> TestSite {
    TestSite::new()
        .issue("2024-01-02-x.txt", ISSUE)
        .issue("2024-01-09-y.txt", &ISSUE.replace("Premier sujet", "Autre sujet"))
}

#[test]
fn serves_pages_with_types_redirects_and_404() {
    let site = site();
    let served = Served::start(site.root());
    let (status, head, body) = served.get("/issues/x/");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("Premier sujet du jour"));
    assert!(body.contains("/__kiosque/events"), "the reload script is injected");
    assert!(served.url.starts_with("http://127.0.0.1:"));
    assert!(
        body.contains(&format!("href=\"{}", "/issues/")) || body.contains(&served.url),
        "local links"
    );
    let (status, head, _) = served.get("/issues/x");
    assert_eq!(status, 301);
    assert!(head.contains("/issues/x/"), "{head}");
    let (status, head, _) = served.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css"));
    let (status, head, _) = served.get("/feed.xml");
    assert_eq!(status, 200);
    assert!(head.contains("application/atom+xml"));
    let (status, head, _) = served.get("/api/issues.json");
    assert_eq!(status, 200);
    assert!(head.contains("application/json"));
    let (status, _, body) = served.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("<html"), "the site's 404.html");
}

#[test]
fn paths_cannot_leave_the_site() {
    let site = site();
    fs::write(site.root().join("secret.txt"), "secret").expect("write");
    let served = Served::start(site.root());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/issues/%2e%2e/%2e%2e/secret.txt",
        "/issues/..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/a%00b",
        "/%ff%fe",
    ] {
        let (status, _, body) = served.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
    }
    // The server is still up.
    assert_eq!(served.get("/").0, 200);
}

#[test]
fn an_edit_is_served_and_announced() {
    let site = site();
    let mut served = Served::start(site.root());
    let mut events = served.events();
    let first = events.next_event(EVENT).expect("the current status on connect");
    fs::write(
        site.root().join("content/issues/2024-01-02-x.txt"),
        ISSUE.replace("Premier sujet", "Nouveau sujet"),
    )
    .expect("edit");
    served.wait_for_rebuild();
    let event = events.next_event(EVENT).expect("a reload event");
    assert!(event["generation"].as_u64() > first["generation"].as_u64(), "{event}");
    assert!(event["error"].is_null());
    assert!(served.text("/issues/x/").contains("Nouveau sujet du jour"));
    assert!(served.text("/").contains("Nouveau sujet du jour"));
}

#[test]
fn stops_at_once_with_a_page_listening_and_removes_its_folder() {
    let site = site();
    let mut served = Served::start(site.root());
    let output = served.output();
    let mut events = served.events();
    events.next_event(EVENT).expect("the current status on connect");
    assert!(output.join("index.html").is_file());
    // The keep-alive of the event stream comes every 15 s: a server
    // waiting for the stream to end by itself would not stop within 5.
    assert!(
        served.stop(Duration::from_secs(5)),
        "serve still running 5 s after SIGTERM"
    );
    assert!(!output.exists(), "{} left behind", output.display());
}

#[test]
fn created_and_deleted_issues() {
    let site = site();
    let mut served = Served::start(site.root());
    fs::write(
        site.root().join("content/issues/2024-02-01-z.txt"),
        ISSUE.replace("Premier sujet", "Sujet créé"),
    )
    .expect("create");
    served.wait_for_rebuild();
    assert_eq!(served.get("/issues/z/").0, 200);
    assert!(served.text("/").contains("Sujet créé"));
    fs::remove_file(site.root().join("content/issues/2024-01-02-x.txt")).expect("delete");
    served.wait_for_rebuild();
    assert_eq!(served.get("/issues/x/").0, 404);
    assert!(!served.text("/").contains("/issues/x/"));
    assert!(!served.text("/archive/").contains("/issues/x/"));
}

#[test]
fn errors_are_shown_and_cleared_while_the_last_good_site_is_served() {
    let site = site();
    let mut served = Served::start(site.root());
    let mut events = served.events();
    events.next_event(EVENT).expect("status on connect");
    let path = site.root().join("content/issues/2024-01-02-x.txt");
    fs::write(&path, format!("+++\nnumber = = 3\n+++\n{ISSUE}")).expect("break");
    let line = served.wait_for_rebuild();
    assert!(line.starts_with("error"), "{line}");
    let event = events.next_event(EVENT).expect("an error event");
    let error = event["error"].as_str().expect("an error message");
    assert!(error.contains("content/issues/2024-01-02-x.txt:2"), "{error}");
    assert!(
        served.text("/issues/x/").contains("Premier sujet du jour"),
        "the last good page"
    );
    fs::write(&path, ISSUE.replace("Premier sujet", "Sujet réparé")).expect("fix");
    served.wait_for_rebuild();
    let event = events.next_event(EVENT).expect("a cleared event");
    assert!(event["error"].is_null(), "{event}");
    assert!(served.text("/issues/x/").contains("Sujet réparé"));
}

#[test]
fn companies_emptied_then_restored_clear_their_errors_and_later_edits_are_published() {
    let companies = "[[company]]\nname = \"Acme\"\n";
    let site = site()
        .file("content/companies.toml", companies)
        .file("static/extra.css", "body { --v: 1; }")
        .issue(
            "2024-01-16-z.txt",
            &format!(
                "+++\ncompanies = [\"acme\"]\n+++\n{}",
                ISSUE.replace("Premier sujet", "Sujet déclaré")
            ),
        );
    let mut served = Served::start(site.root());
    assert_eq!(served.get("/companies/acme/").0, 200);
    let path = site.root().join("content/companies.toml");
    fs::write(&path, "").expect("empty");
    let line = served.wait_for_rebuild();
    assert!(line.starts_with("error"), "{line}");
    fs::write(&path, companies).expect("restore");
    let line = served.wait_for_rebuild();
    assert!(
        line.starts_with("rebuilt"),
        "the error clears once the company is back: {line}"
    );
    fs::write(site.root().join("static/extra.css"), "body { --v: 2; }").expect("static edit");
    served.wait_for_rebuild();
    assert_eq!(served.text("/extra.css"), "body { --v: 2; }");
    fs::write(
        site.root().join("content/issues/2024-01-02-x.txt"),
        ISSUE.replace("Premier sujet", "Sujet publié"),
    )
    .expect("issue edit");
    served.wait_for_rebuild();
    assert!(served.text("/issues/x/").contains("Sujet publié du jour"));
    assert_eq!(served.get("/companies/acme/").0, 200);
}

#[test]
fn a_static_file_shadowing_a_generated_one_gives_it_back_when_removed() {
    let site = site().file("static/extra.css", "body {}");
    let mut served = Served::start(site.root());
    let (status, _, generated) = served.get("/robots.txt");
    assert_eq!(status, 200);
    assert!(
        String::from_utf8_lossy(&generated).contains("Sitemap:"),
        "the theme's robots.txt"
    );
    let robots = site.root().join("static/robots.txt");
    fs::write(&robots, "User-agent: *\nDisallow: /\n").expect("add");
    served.wait_for_rebuild();
    assert_eq!(
        served.text("/robots.txt"),
        "User-agent: *\nDisallow: /\n",
        "static/ wins"
    );
    fs::remove_file(&robots).expect("remove");
    served.wait_for_rebuild();
    let (status, _, body) = served.get("/robots.txt");
    assert_eq!(status, 200, "the generated robots.txt is back");
    assert_eq!(body, generated);
}

/// A tiny deterministic generator for the sequence of edits.
struct Steps(u64);

impl Steps {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let target = to.join(rel);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::write(target, bytes).expect("write");
    }
}

/// The files of `dir`, sorted.
fn sorted_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// The edits of `after_edits_the_served_site_is_a_clean_build`, in order.
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
    RestoreCompanies,
    Template,
    BreakTemplate,
    FixTemplate,
    BreakSite,
    /// site.toml valid again, with another `per_page`.
    FixSite,
    BreakTags,
    FixTags,
    Css,
    /// static/robots.txt, which replaces the generated one.
    AddRobots,
    RemoveRobots,
}

/// Whether the site builds after `edit`, given whether it did before
/// (`None`: either may be right).
fn builds_after(edit: Edit, before: Option<bool>) -> Option<bool> {
    match edit {
        Edit::BreakTemplate | Edit::BreakSite | Edit::BreakTags => Some(false),
        // Issues may name a company in their front matter.
        Edit::EmptyCompanies => None,
        Edit::FixTemplate | Edit::FixSite | Edit::FixTags | Edit::RestoreCompanies => Some(true),
        _ => before,
    }
}

/// Writes `text` to `path` in one step (a rename), so that `serve` sees
/// one change and rebuilds once.
fn put(root: &Path, path: &Path, text: &str) {
    let tmp = root.join(".edit.tmp");
    fs::write(&tmp, text).expect("write");
    fs::rename(&tmp, path).expect("rename into place");
}

#[test]
fn after_edits_the_served_site_is_a_clean_build() {
    use Edit::*;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy_tree(&repo.join("content"), &root.join("content"));
    fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
    for folder in ["templates", "static"] {
        fs::create_dir_all(root.join(folder)).expect("folder");
    }
    let site_toml = fs::read_to_string(root.join("site.toml")).expect("site.toml");
    let companies_path = root.join("content/companies.toml");
    let companies_toml = fs::read_to_string(&companies_path).expect("companies.toml");
    let tags_path = root.join("content/tags.toml");
    let tags_toml = fs::read_to_string(&tags_path).expect("tags.toml");
    let mut served = Served::start(&root);
    let issues_dir = root.join("content/issues");
    let mut steps = Steps(7);
    let mut company = String::new();
    let mut mentioned: Option<(std::path::PathBuf, String)> = None;
    let mut builds = Some(true);
    let round = [
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
    ];
    for (step, edit) in round.iter().chain(&round).copied().enumerate() {
        let files = sorted_files(&issues_dir);
        let file = files[steps.next(files.len())].clone();
        let read = |path: &Path| fs::read_to_string(path).expect("read");
        match edit {
            Issue => put(
                &root,
                &file,
                &read(&file).replacen(" de ", " du ", 1).replacen(" the ", " a ", 1),
            ),
            Delete => fs::remove_file(&file).expect("delete"),
            Create => {
                let text = read(&file);
                let body = text.rsplit("+++").next().unwrap_or(&text).to_string();
                let name = format!("2026-0{}-1{}-copie-{step}.txt", 1 + step % 8, step % 9);
                put(&root, &issues_dir.join(name), &body);
            }
            Rename => {
                let renamed = file.with_file_name(format!("2025-12-2{}-renomme-{step}.txt", step % 10));
                fs::rename(&file, renamed).expect("rename");
            }
            AddCompany => {
                company = format!("Ouest France {step}");
                let entry = format!("\n[[company]]\nname = \"{company}\"\naliases = [\"Nouveau\"]\n");
                put(&root, &companies_path, &format!("{}{entry}", read(&companies_path)));
            }
            Mention => {
                let text = read(&file);
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                // A long line of the body (not of the front matter).
                let body = match lines.first().map(String::as_str) {
                    Some("+++") => lines.iter().skip(1).position(|l| l == "+++").map_or(0, |end| end + 2),
                    _ => 0,
                };
                if let Some(line) = lines.iter_mut().skip(body + 3).find(|l| l.len() > 120) {
                    line.push_str(&format!(" {company} annonce un partenariat."));
                }
                put(&root, &file, &(lines.join("\n") + "\n"));
                mentioned = Some((file.clone(), text));
            }
            Unmention => {
                if let Some((file, text)) = mentioned.take() {
                    put(&root, &file, &text);
                }
            }
            EmptyCompanies => put(&root, &companies_path, ""),
            RestoreCompanies => put(&root, &companies_path, &companies_toml),
            Template => put(
                &root,
                &root.join("templates/404.html"),
                &format!(
                    "{{% extends \"base.html\" %}}{{% block content %}}<p>Perdu {step}</p>{{% endblock content %}}"
                ),
            ),
            BreakTemplate => put(
                &root,
                &root.join("templates/issue.html"),
                "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
            ),
            FixTemplate => fs::remove_file(root.join("templates/issue.html")).expect("unbreak template"),
            BreakSite => put(
                &root,
                &root.join("site.toml"),
                &format!("{site_toml}\nper_page = = 3\n"),
            ),
            FixSite => put(
                &root,
                &root.join("site.toml"),
                &site_toml.replace("per_page = 5", &format!("per_page = {}", 3 + step % 4)),
            ),
            BreakTags => put(&root, &tags_path, &format!("{tags_toml}\n[[tag]]\nname = \n")),
            FixTags => put(&root, &tags_path, &tags_toml),
            Css => put(
                &root,
                &root.join("static/extra.css"),
                &format!("body {{ --step: {step}; }}"),
            ),
            AddRobots => put(&root, &root.join("static/robots.txt"), "User-agent: *\nDisallow: /\n"),
            RemoveRobots => fs::remove_file(root.join("static/robots.txt")).expect("remove robots"),
        }
        let outcome = served.wait_for_outcome();
        builds = builds_after(edit, builds);
        if let Some(builds) = builds {
            assert_eq!(outcome.is_ok(), builds, "step {step}, {edit:?}: {outcome:?}");
        }
        let company_page = format!("/companies/{}/", company.to_lowercase().replace(' ', "-"));
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
            _ => {}
        }
    }
    // The data files (the JSON of every issue, the sitemap) are written
    // after the reload, and give way to the next edit: one more edit of
    // an issue, then they are all written.
    let files = sorted_files(&issues_dir);
    let text = fs::read_to_string(&files[0]).expect("read");
    put(
        &root,
        &files[0],
        &text.replacen(" de ", " des ", 1).replacen(" the ", " this ", 1),
    );
    served.wait_for_outcome().expect("the last edit builds");
    served.wait_for_line(|l| l.starts_with("data files written"), Duration::from_secs(20));
    // A clean build of the same files, at the same address.
    let clean = dir.path().join("clean");
    kiosque::build(&kiosque::BuildOptions {
        root: root.clone(),
        output: Some(clean.clone()),
        base_url: Some(served.url.clone()),
        drafts: false,
    })
    .unwrap_or_else(|e| panic!("clean build: {}", common::error_text(&e)));
    let expected = snapshot(&clean);
    let script_start = "<script>// kiosque serve";
    let got: std::collections::BTreeMap<_, _> = snapshot(&served.output())
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(&bytes);
            let bytes = match (text.find(script_start), text.find("</script>\n</body>")) {
                (Some(start), Some(end)) => {
                    format!("{}{}", &text[..start], &text[end + "</script>\n".len()..]).into_bytes()
                }
                _ => bytes,
            };
            (path, bytes)
        })
        .collect();
    let missing: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in &expected {
        assert!(bytes == &got[path], "{} differs from a clean build", path.display());
    }
}
