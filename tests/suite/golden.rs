//! Golden files (insta snapshots, reviewed, in tests/suite/snapshots/): the
//! parsed JSON of every newsletter of tests/newsletters/, and the seed
//! issue's page of the example site. A change to the parser or the theme
//! shows here as a diff to read; `INSTA_UPDATE=always cargo test golden`
//! rewrites them after review (`cargo insta review` if installed).

use std::path::Path;

use kiosque::{BuildOptions, Lang};

use crate::common::{parse_text, read_page};

/// The site language a newsletter of tests/newsletters/ is written for:
/// its name ends in `-fr` or `-en`.
fn lang_of(name: &str) -> Lang {
    if Path::new(name)
        .file_stem()
        .is_some_and(|s| s.to_string_lossy().ends_with("-fr"))
    {
        Lang::Fr
    } else {
        Lang::En
    }
}

#[test]
fn every_newsletter_parses_as_reviewed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/newsletters");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/newsletters")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).expect("newsletter");
        let issue = parse_text(&name, &text, lang_of(&name));
        insta::assert_json_snapshot!(format!("newsletter-{name}"), issue);
    }
}

#[test]
fn seed_issue_page_renders_as_reviewed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    let options = BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        output: Some(public.clone()),
        ..BuildOptions::default()
    };
    if let Err(e) = kiosque::build(&options) {
        panic!("the example site does not build: {}", crate::common::error_text(&e));
    }
    let html = read_page(&public, "/issues/elon-musk-xai/");
    insta::assert_snapshot!("seed-issue-page", html);
}
