//! The `kiosque` binary as a user runs it: commands, summary, exit codes.

use std::process::Command;

use crate::common::{kiosque, text, TestSite};

const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui parle de Palantir Technologies et finit par un point.\nDeuxième sujet du jour\nEncore Palantir Technologies, dans une phrase qui finit bien.\n";

#[test]
fn build_prints_a_summary_unless_quiet() {
    let site = TestSite::new().issue("2024-01-02-x.txt", ISSUE);
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 issues, 2 stories"), "{stdout}");
    assert!(site.root().join("public/issues/x/index.html").exists());
    let out = kiosque(&["build", "--root", &root, "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn content_errors_exit_1_usage_errors_exit_2() {
    let site = TestSite::new().issue("sans-date.txt", ISSUE);
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--> content/issues/sans-date.txt:1"),
        "{}",
        text(&out.stderr)
    );
    let out = kiosque(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kiosque(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = TestSite::new().issue("2024-01-02-x.txt", ISSUE);
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&[
        "build",
        "--root",
        &root,
        "--base-url",
        "https://user.github.io/archive/",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let home = site.page("/");
    assert!(home.contains("href=\"/archive/issues/x/\""), "{home}");
}

#[test]
fn check_lists_candidate_companies() {
    let site = TestSite::new().issue("2024-01-02-x.txt", ISSUE);
    let out = kiosque(&["check", "--root", &site.root().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Palantir Technologies"), "{stdout}");
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn check_points_at_doubtful_structure_with_file_and_line() {
    // 33 stories (the 31st on line 62); the last a headline over one line
    // that ends like no sentence.
    let mut many = String::from("Many stories\n");
    for n in 1..=32 {
        many.push_str(&format!("Story number {n}\nIts text, which ends like a sentence.\n"));
    }
    many.push_str("A headline\nand a line of text that stops\n");
    let cited = "The title\n\nA headline\n\nShe announced it [1] and then [2] today.\n\n[1]: https://example.com/a\n";
    let long = "A line of words that goes on a while and stops there, so";
    let short = "So a shorter line of words, broken by hand";
    let undecided = format!("The title\n\n{}\nMore.\n", format!("{long}\n{short}\n").repeat(4));
    let site = TestSite::new()
        .issue("2024-01-02-many.txt", &many)
        .issue("2024-01-09-cited.txt", cited)
        .issue("2024-01-16-undecided.txt", &undecided);
    let out = kiosque(&["check", "--root", &site.root().to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "notes are not errors: {}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    for expected in [
        "content/issues/2024-01-02-many.txt:62: 33 stories, more than 30",
        "content/issues/2024-01-02-many.txt:66: the story `A headline` is one short line",
        "content/issues/2024-01-09-cited.txt:5: the reference [2] is never defined",
        "content/issues/2024-01-16-undecided.txt:3: the layout could not be decided",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }
    assert!(!stdout.contains("reference [1]"), "{stdout}");
}

#[test]
fn check_points_at_issues_that_may_not_read_as_intended() {
    let essay = "Un seul texte\nUn premier paragraphe, qui finit par un point comme une phrase.\nUn second paragraphe, qui finit lui aussi par un point.\n";
    let teased = "Le titre\nEt aussi: Premier sujet - Un sujet absent\nPremier sujet\nUn paragraphe du sujet, qui finit par un point comme il se doit.\n";
    let site = TestSite::new()
        .issue("2024-01-02-essai.txt", essay)
        .issue("2024-01-09-annonce.txt", teased)
        .issue("2024-01-16-x.txt", ISSUE);
    let out = kiosque(&["check", "--root", &site.root().to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "notes are not errors: {}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("content/issues/2024-01-02-essai.txt: no headline found: its 2 paragraphs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/issues/2024-01-09-annonce.txt: the teaser `Un sujet absent` announces no story"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("2024-01-16-x.txt:"),
        "a well-formed issue has no note: {stdout}"
    );
}

#[test]
fn new_creates_an_issue_that_builds() {
    let site = TestSite::new();
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&["new", "Mon premier numéro", "--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let created: Vec<_> = std::fs::read_dir(site.root().join("content/issues"))
        .expect("dir")
        .collect();
    assert_eq!(created.len(), 1);
    let out = kiosque(&["new", "Mon premier numéro", "--root", &root]);
    assert_eq!(out.status.code(), Some(1), "refuses to overwrite");
    site.built();
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("lettre");
    let out = kiosque(&["init", &site.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = kiosque(&["build", "--root", &site.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site.join("public/index.html").exists());
    // A second build keeps the previous site beside the output: git
    // ignores it with the output, and nothing else.
    let out = kiosque(&["build", "--root", &site.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site.join(".public.kiosque-spare").is_dir());
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&site)
            .args(args)
            .output()
            .expect("git")
    };
    assert!(git(&["init", "-q"]).status.success());
    let untracked = text(&git(&["status", "--porcelain", "--untracked-files=all"]).stdout);
    assert!(!untracked.contains("public"), "{untracked}");
    assert!(
        untracked.contains("site.toml") && untracked.contains("content/"),
        "{untracked}"
    );
    let out = kiosque(&["init", &site.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "refuses an existing site");
}

#[test]
fn a_company_without_a_usable_slug_is_one_error() {
    let companies = "[[company]]\nname = \"Palantir Technologies\"\n\n[[company]]\nname = \".\"\n";
    let declared = format!("+++\ncompanies = [\"palantir-technologies\"]\n+++\n{ISSUE}");
    let site = TestSite::new()
        .file("content/companies.toml", companies)
        .issue("2024-01-02-x.txt", &declared)
        .issue("2024-01-09-y.txt", &declared);
    let out = kiosque(&["check", "--root", &site.root().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cannot derive a slug from `.`"), "{stderr}");
    assert!(stderr.contains("--> content/companies.toml:4\n"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "the cause, once: {stderr}");
    assert!(stderr.trim_end().ends_with("1 error"), "{stderr}");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // More than a pipe holds, so that check is still writing when the
    // reader goes away: 1000 issues, each with a note of its own.
    let mut site = TestSite::new();
    for day in 0..1000 {
        let essay = format!("Essai {day}\nUn premier paragraphe, qui finit par un point.\nUn second paragraphe, qui finit aussi par un point.\n");
        site = site.issue(
            &format!("2024-01-01-essai-numero-{day:03}-avec-un-nom-long-pour-remplir-le-tuyau.txt"),
            &essay,
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(["check", "--root", &site.root().to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kiosque check");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("the first line");
    assert!(first.starts_with("ok: 1000 issues"), "{first}");
    drop(reader);
    let out = child.wait_with_output().expect("wait");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn every_command_ends_quietly_when_stdout_is_closed() {
    use std::process::Stdio;
    let site = TestSite::new().issue("2024-01-02-x.txt", ISSUE);
    let root = site.root().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().expect("temp dir");
    let new_site = dir.path().join("lettre").to_string_lossy().into_owned();
    let commands: [&[&str]; 4] = [
        &["build", "--root", &root, "--timings"],
        &["check", "--root", &root],
        &["new", "Un numéro", "--root", &root],
        &["init", &new_site],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run kiosque");
        // The reader goes away before the command prints anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn build_timings_tell_files_and_bytes_per_kind_of_page() {
    // One issue a page: the lists are paginated, and no page is written twice.
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\nper_page = 1\n",
        )
        .issue("2024-01-02-x.txt", ISSUE)
        .issue("2024-01-03-y.txt", ISSUE);
    let root = site.root().to_string_lossy().into_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(["build", "--quiet", "--root", &root, "--timings"])
        .output()
        .expect("run kiosque");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // kind, files, bytes: the bytes are those of the files written.
    let row = |kind: &str| -> (usize, u64) {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(kind) && l.split_whitespace().count() == kind.split(' ').count() + 2)
            .unwrap_or_else(|| panic!("no `{kind}` row in\n{stdout}"));
        let mut numbers = line.split_whitespace().rev();
        let bytes = numbers.next().expect("bytes").parse().expect("bytes");
        let files = numbers.next().expect("files").parse().expect("files");
        (files, bytes)
    };
    let public = site.public();
    let size = |rel: &str| std::fs::metadata(public.join(rel)).expect("file").len();
    assert_eq!(
        row("issue"),
        (2, size("issues/x/index.html") + size("issues/y/index.html"))
    );
    assert_eq!(
        row("api issue"),
        (2, size("api/issues/x.json") + size("api/issues/y.json"))
    );
    assert_eq!(row("api index"), (1, size("api/issues.json")));
    let (files, _) = row("total");
    let written = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".kiosque-manifest")
        .count();
    assert_eq!(files, written, "each file written once: {stdout}");
    assert_eq!(row("home").0, 2, "{stdout}");
}
