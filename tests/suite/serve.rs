//! `kiosque serve` over real HTTP: pages, edits seen and announced,
//! issues created and deleted, errors shown then cleared, paths that try
//! to leave the site. (The served site against a clean build after a
//! sequence of edits: serve_sync.rs.)

use std::fs;
use std::time::Duration;

use crate::common::serve::{write_at_once, Served};
use crate::common::TestSite;

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
    let file = fs::read_to_string(served.output().join("issues/x/index.html")).expect("the page's file");
    assert!(
        !file.contains("/__kiosque/events") && body.ends_with(&file[file.rfind("</body>").expect("a body")..]),
        "the script is added as the page is served, not written into its file"
    );
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
    write_at_once(&path, "");
    let outcome = served.wait_for_outcome();
    assert!(outcome.is_err(), "{outcome:?}");
    write_at_once(&path, companies);
    let outcome = served.wait_for_outcome();
    assert!(
        outcome.is_ok(),
        "the error clears once the company is back: {outcome:?}"
    );
    write_at_once(&site.root().join("static/extra.css"), "body { --v: 2; }");
    served.wait_for_outcome().expect("rebuilt");
    assert_eq!(served.text("/extra.css"), "body { --v: 2; }");
    write_at_once(
        &site.root().join("content/issues/2024-01-02-x.txt"),
        &ISSUE.replace("Premier sujet", "Sujet publié"),
    );
    served.wait_for_outcome().expect("rebuilt");
    assert!(served.text("/issues/x/").contains("Sujet publié du jour"));
    assert_eq!(served.get("/companies/acme/").0, 200);
}

#[test]
fn a_draft_left_out_is_not_checked_against_the_gazetteer_as_in_a_build() {
    let draft = format!("+++\ndraft = true\ncompanies = [\"inconnue\"]\n+++\n{ISSUE}");
    let site = site().issue("2024-01-16-brouillon.txt", &draft);
    site.build()
        .unwrap_or_else(|e| panic!("a build leaves the draft out: {}", crate::common::error_text(&e)));
    let mut served = Served::start(site.root());
    assert_eq!(served.get("/issues/x/").0, 200, "serve builds the site as a build does");
    write_at_once(
        &site.root().join("content/issues/2024-01-02-x.txt"),
        &ISSUE.replace("Premier sujet", "Sujet modifié"),
    );
    let outcome = served.wait_for_outcome();
    assert!(outcome.is_ok(), "{outcome:?}");
}

#[test]
fn a_folder_of_issues_moved_out_and_back() {
    let site = site().issue(
        "2023/2023-05-01-ancien.txt",
        &ISSUE.replace("Premier sujet", "Sujet ancien"),
    );
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let mut served = Served::start(site.root());
    assert_eq!(served.get("/issues/ancien/").0, 200);
    let folder = site.root().join("content/issues/2023");
    fs::rename(&folder, elsewhere.path().join("2023")).expect("move out");
    served.wait_for_outcome().expect("rebuilt");
    assert_eq!(served.get("/issues/ancien/").0, 404, "its issues are gone");
    assert!(!served.text("/archive/").contains("/issues/ancien/"));
    fs::rename(elsewhere.path().join("2023"), &folder).expect("move back");
    served.wait_for_outcome().expect("rebuilt");
    assert_eq!(served.get("/issues/ancien/").0, 200, "its issues are back");
}

#[test]
fn two_issues_renamed_onto_one_name_leave_one_issue() {
    let site = site();
    let mut served = Served::start(site.root());
    let issues = site.root().join("content/issues");
    // The watcher reports these two as one rename, `y → z`: `x` is gone too.
    fs::rename(issues.join("2024-01-02-x.txt"), issues.join("2024-01-16-z.txt")).expect("rename");
    fs::rename(issues.join("2024-01-09-y.txt"), issues.join("2024-01-16-z.txt")).expect("rename");
    let renamed = |text: &str| text.contains("Autre sujet du jour");
    assert!(
        served.wait_for_page("/issues/z/", renamed, Duration::from_secs(20)),
        "{:?}",
        served.lines_left()
    );
    assert_eq!(served.get("/issues/x/").0, 404);
    assert_eq!(served.get("/issues/y/").0, 404);
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
    write_at_once(&robots, "User-agent: *\nDisallow: /\n");
    served.wait_for_outcome().expect("rebuilt");
    assert_eq!(
        served.text("/robots.txt"),
        "User-agent: *\nDisallow: /\n",
        "static/ wins"
    );
    fs::remove_file(&robots).expect("remove");
    served.wait_for_outcome().expect("rebuilt");
    let (status, _, body) = served.get("/robots.txt");
    assert_eq!(status, 200, "the generated robots.txt is back");
    assert_eq!(body, generated);
}

#[test]
fn goes_on_serving_and_rebuilding_when_no_one_reads_its_log() {
    let site = site();
    let mut served = Served::start(site.root());
    served.close_stdout();
    let path = site.root().join("content/issues/2024-01-02-x.txt");
    // The first rebuild's line is the last read; the next ones find the
    // pipe closed.
    for n in 1..=4 {
        fs::write(&path, ISSUE.replace("Premier sujet", &format!("Sujet numéro {n}"))).expect("edit");
        let want = format!("Sujet numéro {n} du jour");
        assert!(
            served.wait_for_page("/issues/x/", |text| text.contains(&want), Duration::from_secs(20)),
            "edit {n} not published: {:?}",
            served.lines_left()
        );
    }
    let lines = served.lines_left();
    assert!(!lines.iter().any(|l| l.contains("panicked")), "{lines:?}");
}

#[test]
fn files_only_read_do_not_hold_back_the_data_files() {
    let site = site();
    let served = Served::start(site.root());
    write_at_once(
        &site.root().join("content/issues/2024-01-02-x.txt"),
        &ISSUE.replace("Un titre", "Un titre relu"),
    );
    // A reader (a build, an editor, a backup) opens the sources every
    // 50 ms: no edit, so the JSON still follows half a second after the
    // last one.
    let deadline = std::time::Instant::now() + Duration::from_secs(6);
    let mut written = false;
    while std::time::Instant::now() < deadline && !written {
        for entry in fs::read_dir(site.root().join("content/issues")).expect("issues") {
            let _ = fs::read(entry.expect("entry").path());
        }
        std::thread::sleep(Duration::from_millis(50));
        written = served.text("/api/issues.json").contains("Un titre relu");
    }
    assert!(written, "api/issues.json was not written while the sources were read");
}

#[test]
fn a_template_failing_on_every_page_is_reported_once_as_build_reports_it() {
    let site = site().file("templates/partials/unused.html", "");
    let mut served = Served::start(site.root());
    // Every HTML page extends base.html: each of them fails the same way.
    let base = "{% block feeds %}{% endblock %}{% block content %}{% endblock %}{{ nothing.here }}";
    fs::write(site.root().join("templates/base.html"), base).expect("break base.html");
    let served_errors = served.wait_for_outcome().expect_err("a broken template fails");
    let built = site.build().expect_err("a broken template fails the build");
    assert_eq!(served_errors, crate::common::error_text(&built));
    assert!(served_errors.ends_with("\n1 error"), "{served_errors}");
}
