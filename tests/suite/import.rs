//! `kiosque import`: an mbox, a Substack zip, a Buttondown folder and a
//! Ghost JSON (all written here) imported into a site that then builds;
//! re-running changes nothing, an edited file is kept without --force,
//! --dry-run writes nothing, bad input names the file and writes nothing.

mod fixtures;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{kiosque, text, TestSite};
use fixtures::{mbox, message, substack_zip, BONJOUR, DRAFT, GHOST, NEWS, POSTS_CSV};

fn run(args: &[&str]) -> (bool, String, String) {
    let out = kiosque(args);
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

fn root_of(site: &TestSite) -> String {
    site.root().display().to_string()
}

/// `kiosque import SOURCE PATH --root SITE [EXTRA…]`.
fn import(site: &TestSite, source: &str, path: &Path, extra: &[&str]) -> (bool, String, String) {
    let path = path.display().to_string();
    let root = root_of(site);
    let mut args = vec!["import", source, &path, "--root", &root];
    args.extend_from_slice(extra);
    run(&args)
}

fn issues_dir(site: &TestSite) -> PathBuf {
    site.root().join("content/issues")
}

fn api(site: &TestSite) -> serde_json::Value {
    serde_json::from_str(&site.page("/api/issues.json")).expect("issues.json")
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

#[test]
fn an_mbox_gives_one_eml_per_issue_and_builds() {
    let site = TestSite::new();
    let (mbox, messages) = mbox();
    let file = site.root().join("archive.mbox");
    write(&file, mbox.as_bytes());
    let (ok, out, err) = import(&site, "mbox", &file, &[]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("taking news@lettre.example"), "{out}");
    assert!(out.contains("imported 3, unchanged 0"), "{out}");
    assert!(out.contains("skipped message 3 (line "), "{out}");
    assert!(out.contains("a reply"), "{out}");
    assert!(out.contains("duplicate of message 1"), "{out}");
    let names: Vec<String> = fs::read_dir(issues_dir(&site))
        .expect("issues")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // Byte for byte, `>From ` unescaped.
    let second = fs::read(issues_dir(&site).join("2024-01-09-le-nucleaire-revient.eml")).expect("second");
    assert_eq!(second, messages[1].as_bytes());
    let site = site.built();
    let json = api(&site);
    let titles: Vec<&str> = json["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Les puces de demain",
            "Le nucléaire revient",
            "Les robots prennent la route"
        ]
    );
    let page = site.page("/issues/les-robots-prennent-la-route/");
    assert!(page.contains("Les robots taxis roulent désormais"), "{page}");
}

#[test]
fn a_second_run_changes_nothing_and_edits_are_kept_without_force() {
    let site = TestSite::new();
    let file = site.root().join("archive.mbox");
    write(&file, mbox().0.as_bytes());
    let args = [
        "import",
        "mbox",
        &file.display().to_string(),
        "--root",
        &root_of(&site),
        "--from",
        "NEWS@lettre.example",
    ];
    assert!(run(&args).0);
    let (ok, out, _) = run(&args);
    assert!(ok);
    assert!(out.contains("imported 0, unchanged 3, kept 0"), "{out}");
    let edited = issues_dir(&site).join("2024-01-16-les-puces-de-demain.eml");
    let original = fs::read(&edited).expect("read");
    fs::write(&edited, b"edited by hand").expect("edit");
    let (ok, out, _) = run(&args);
    assert!(ok);
    assert!(
        out.contains("kept: changed since import, --force to overwrite"),
        "{out}"
    );
    assert_eq!(fs::read(&edited).expect("read"), b"edited by hand");
    let mut forced = args.to_vec();
    forced.push("--force");
    let (ok, out, _) = run(&forced);
    assert!(ok);
    assert!(out.contains("overwritten"), "{out}");
    assert_eq!(fs::read(&edited).expect("read"), original);
    let leftovers: Vec<_> = fs::read_dir(issues_dir(&site))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn dry_run_writes_nothing() {
    let site = TestSite::new();
    let file = site.root().join("archive.mbox");
    write(&file, mbox().0.as_bytes());
    let (ok, out, _) = import(&site, "mbox", &file, &["--dry-run"]);
    assert!(ok);
    assert!(out.contains("would be imported"), "{out}");
    assert!(out.contains("dry run, nothing written"), "{out}");
    assert!(!issues_dir(&site).exists());
}

#[test]
fn nothing_to_import_exits_1_and_writes_nothing() {
    let site = TestSite::new();
    let file = site.root().join("archive.mbox");
    write(&file, mbox().0.as_bytes());
    let args = ["import", "mbox", &file.display().to_string(), "--root", &root_of(&site)];
    let out = kiosque(&[&args[..], &["--list-id", "<autre.example>"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("not from the list autre.example"), "{err}");
    assert!(err.contains("nothing to import"), "{err}");
    assert!(!issues_dir(&site).exists());
    let empty = site.root().join("empty.mbox");
    write(&empty, "");
    let out = kiosque(&[
        "import",
        "mbox",
        &empty.display().to_string(),
        "--root",
        &root_of(&site),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing could be read"));
}

#[test]
fn an_email_without_a_body_is_an_error_naming_the_message() {
    let site = TestSite::new();
    let mut mbox = mbox().0;
    mbox.push_str("From news@lettre.example Tue Jan 23 08:00:00 2024\n");
    mbox.push_str(&message(
        NEWS,
        "9@lettre.example",
        "Tue, 23 Jan 2024 08:00:00 +0000",
        "Vide",
        "",
        "Content-Type: text/plain\n\n\n",
    ));
    let file = site.root().join("archive.mbox");
    write(&file, mbox.as_bytes());
    let (ok, out, err) = import(&site, "mbox", &file, &[]);
    assert!(!ok, "{out}");
    assert!(err.contains("message 6"), "{err}");
    assert!(err.contains("archive.mbox:"), "{err}");
    assert!(err.contains("no body"), "{err}");
    assert!(!issues_dir(&site).exists(), "nothing written");
}

#[test]
fn a_substack_zip_gives_html_issues_that_build() {
    let site = TestSite::new();
    let zip = site.root().join("export.zip");
    write(&zip, substack_zip(POSTS_CSV, true));
    let (ok, out, err) = import(&site, "substack", &zip, &[]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("imported 2"), "{out}");
    assert!(
        out.contains("skipped posts.csv line 3: post 102.brouillon: not published"),
        "{out}"
    );
    let text = fs::read_to_string(issues_dir(&site).join("2024-02-01-premier-numero.html")).expect("post");
    assert!(
        text.starts_with("+++\ntitle = \"Premier numéro\"\ndate = 2024-02-01\n"),
        "{text}"
    );
    assert!(text.contains("summary = \"Robots, vélos et le reste\""), "{text}");
    let site = site.built();
    let json = api(&site);
    let issue = &json["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["slug"] == "premier-numero")
        .expect("issue")
        .clone();
    assert_eq!(issue["summary"], "Robots, vélos et le reste");
    let page = site.page("/issues/premier-numero/");
    assert!(page.contains("Les robots taxis roulent"), "{page}");
    assert!(page.contains("Le vélo électrique"), "{page}");
}

#[test]
fn substack_errors_name_the_file_and_line_and_write_nothing() {
    let site = TestSite::new();
    let zip = site.root().join("export.zip");
    let no_date = POSTS_CSV.replace("2024-02-08T08:00:00.000Z", "");
    write(&zip, substack_zip(&no_date, false));
    let (ok, _, err) = import(&site, "substack", &zip, &[]);
    assert!(!ok);
    assert!(err.contains("post 103.second-numero has no date"), "{err}");
    assert!(err.contains("export.zip/posts.csv:4"), "{err}");
    assert!(!issues_dir(&site).exists(), "nothing written");
    write(&zip, substack_zip(POSTS_CSV, false));
    let (ok, _, err) = import(&site, "substack", &zip, &[]);
    assert!(!ok);
    assert!(err.contains("posts/103.second-numero.html is missing"), "{err}");
    assert!(!issues_dir(&site).exists(), "nothing written");
}

#[test]
fn a_corrupt_zip_is_an_error_naming_it() {
    let site = TestSite::new();
    let zip = site.root().join("broken.zip");
    let mut bytes = substack_zip(POSTS_CSV, true);
    bytes.truncate(bytes.len() / 2);
    write(&zip, &bytes);
    let (ok, _, err) = import(&site, "substack", &zip, &[]);
    assert!(!ok);
    assert!(
        err.contains("broken.zip") && err.contains("not a readable zip"),
        "{err}"
    );
    assert!(!issues_dir(&site).exists(), "nothing written");
}

#[test]
fn a_buttondown_export_gives_markdown_issues_that_build() {
    let site = TestSite::new();
    let export = site.root().join("buttondown");
    write(&export.join("emails/bonjour.md"), BONJOUR);
    write(&export.join("emails/brouillon.md"), DRAFT);
    write(&export.join("emails.csv"), b"id,subject\n1,Bonjour\n");
    let (ok, out, err) = import(&site, "buttondown", &export, &[]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("imported 1"), "{out}");
    assert!(out.contains("skipped emails/brouillon.md: status `draft`"), "{out}");
    let text = fs::read_to_string(issues_dir(&site).join("2024-03-01-bonjour-ia.md")).expect("issue");
    assert!(text.starts_with("+++\ntitle = \"Bonjour: l'IA\"\n"), "{text}");
    let site = site.built();
    let page = site.page("/issues/bonjour-ia/");
    assert!(page.contains("Les robots taxis roulent"), "{page}");
    let json = api(&site);
    assert_eq!(json["issues"][0]["summary"], "Le premier envoi");
}

#[test]
fn a_buttondown_zip_is_read_like_its_folder() {
    let site = TestSite::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in [
        ("export/emails/bonjour.md", BONJOUR),
        ("export/emails/brouillon.md", DRAFT),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    let path = site.root().join("buttondown.zip");
    write(&path, zip.finish().expect("zip").into_inner());
    let args = [
        "import",
        "buttondown",
        &path.display().to_string(),
        "--root",
        &root_of(&site),
        "--drafts",
    ];
    let (ok, out, err) = run(&args);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("2024-03-01-bonjour-ia.md ← export/emails/bonjour.md: imported"),
        "{out}"
    );
    assert!(
        out.contains("skipped export/emails/brouillon.md: status `draft`: a draft without a date"),
        "{out}"
    );
    let undated = BONJOUR.replace("publish_date: 2024-03-01T09:00:00Z\n", "");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("emails/bonjour.md", zip::write::SimpleFileOptions::default())
        .expect("start");
    zip.write_all(undated.as_bytes()).expect("write");
    write(&path, zip.finish().expect("zip").into_inner());
    let (ok, _, err) = run(&args);
    assert!(!ok);
    assert!(
        err.contains("buttondown.zip/emails/bonjour.md") && err.contains("no `publish_date`"),
        "{err}"
    );
    fs::remove_dir_all(issues_dir(&site)).expect("clean");
    write(&path, b"not a zip at all");
    let (ok, _, err) = run(&args);
    assert!(!ok);
    assert!(
        err.contains("buttondown.zip") && err.contains("not a readable zip"),
        "{err}"
    );
    assert!(!issues_dir(&site).exists());
}

#[test]
fn a_ghost_export_gives_html_issues_with_their_tags() {
    let site = TestSite::new().file("content/tags.toml", "[[tag]]\nname = \"IA\"\nkeywords = []\n");
    let json = site.root().join("ghost.json");
    write(&json, GHOST.as_bytes());
    let (ok, out, err) = import(&site, "ghost", &json, &[]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("imported 2"), "{out}");
    assert!(out.contains("skipped post 2 `a-propos`: a page"), "{out}");
    assert!(out.contains("skipped post 3 `en-cours`: status `draft`"), "{out}");
    let text = fs::read_to_string(issues_dir(&site).join("2024-04-02-robots-route.html")).expect("post");
    assert!(text.contains("tags = [\"ia\"]"), "{text}");
    assert!(text.contains("imported_tags = [\"Divers\"]"), "{text}");
    assert!(
        out.contains("warning: tags not in content/tags.toml, kept under [extra] imported_tags: Divers"),
        "{out}"
    );
    let site = site.built();
    let page = site.page("/issues/robots-route/");
    assert!(page.contains("Les robots taxis roulent"), "{page}");
    assert!(site.page("/tags/ia/").contains("Les robots"));
    let (ok, _, err) = run(&[
        "import",
        "ghost",
        &site.root().join("site.toml").display().to_string(),
        "--root",
        &root_of(&site),
    ]);
    assert!(!ok);
    assert!(err.contains("site.toml") && err.contains("not valid JSON"), "{err}");
}

#[test]
fn ghost_json_without_posts_is_an_error() {
    let site = TestSite::new();
    let json = site.root().join("ghost.json");
    write(&json, br#"{"db":[{"data":{"tags":[]}}]}"#);
    let (ok, _, err) = import(&site, "ghost", &json, &[]);
    assert!(!ok);
    assert!(err.contains("ghost.json") && err.contains("no posts"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = kiosque(&["import", "mailbox", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kiosque(&["import", "mbox"]);
    assert_eq!(out.status.code(), Some(2));
}
