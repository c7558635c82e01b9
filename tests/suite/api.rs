//! The JSON API of the example site: `api/issues.json`, an index of every
//! issue (no stories), and `api/issues/<slug>.json`, each issue whole,
//! both with the shape's `version`; and a per-issue file rewritten only
//! when its issue changes.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{read_page, TestSite};
use kiosque::BuildOptions;
use serde_json::Value;

/// One build of the example site (the repository), shared by the tests.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, public) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let public = dir.path().join("public");
        let options = BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: Some(public.clone()),
            ..BuildOptions::default()
        };
        if let Err(e) = kiosque::build(&options) {
            panic!("the example site does not build: {}", crate::common::error_text(&e));
        }
        (dir, public)
    });
    public
}

fn json(url: &str) -> Value {
    serde_json::from_str(&read_page(site(), url)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn the_index_lists_every_issue_without_its_stories() {
    let index = json("/api/issues.json");
    assert_eq!(index["version"], 2);
    let issues = index["issues"].as_array().expect("issues");
    assert!(issues.len() >= 17);
    let dates: Vec<&str> = issues.iter().map(|i| i["date"].as_str().expect("date")).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for entry in issues {
        for field in ["slug", "title", "date", "url", "json", "tags", "companies"] {
            assert!(!entry[field].is_null(), "{field} in {entry}");
        }
        for whole in ["stories", "teasers", "intro", "paragraphs", "credits"] {
            assert!(entry.get(whole).is_none(), "{whole} in the index: {entry}");
        }
    }
    let text = read_page(site(), "/api/issues.json");
    assert!(!text.contains("\"paragraphs\""), "no paragraph in the index");
    let seed = issues.iter().find(|i| i["slug"] == "elon-musk-xai").expect("seed");
    assert_eq!(seed["title"], "Elon Musk s'attaque à ChatGPT", "text as written");
    assert_eq!(seed["date"], "2023-12-06");
    assert_eq!(seed["url"], "https://kiosque.example.org/issues/elon-musk-xai/");
    assert_eq!(
        seed["json"],
        "https://kiosque.example.org/api/issues/elon-musk-xai.json"
    );
}

#[test]
fn every_index_entry_has_its_file_and_no_file_is_unlisted() {
    let index = json("/api/issues.json");
    let slugs: HashSet<String> = index["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["slug"].as_str().expect("slug").to_string())
        .collect();
    for slug in &slugs {
        let issue = json(&format!("/api/issues/{slug}.json"));
        assert_eq!(issue["version"], 2);
        assert_eq!(issue["slug"].as_str(), Some(slug.as_str()));
        assert!(issue["stories"].is_array(), "{slug}: stories");
    }
    let files: HashSet<String> = fs::read_dir(site().join("api/issues"))
        .expect("api/issues/")
        .map(|e| {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json").expect(".json").to_string()
        })
        .collect();
    assert_eq!(files, slugs);
}

#[test]
fn an_issue_file_holds_the_issue_whole() {
    let seed = json("/api/issues/elon-musk-xai.json");
    assert_eq!(seed["title"], "Elon Musk s'attaque à ChatGPT");
    assert_eq!(seed["url"], "https://kiosque.example.org/issues/elon-musk-xai/");
    assert_eq!(seed["teasers"].as_array().map(Vec::len), Some(2));
    assert_eq!(seed["credits"], "Flickr / Uk Government - Spotify");
    let story = &seed["stories"][0];
    assert_eq!(
        story["anchor"],
        "elon-musk-va-lever-un-milliard-de-dollars-pour-concurrencer-chatgpt"
    );
    assert!(story["paragraphs"][0]["lead"].is_null());
    assert_eq!(story["paragraphs"][1]["lead"], "Lancement de Grok");
    assert_eq!(story["further_reading"][0]["url"], Value::Null);
    let companies: Vec<&str> = seed["companies"]
        .as_array()
        .expect("companies")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    for slug in ["xai", "openai", "spotify", "mistral-ai", "nvidia"] {
        assert!(companies.contains(&slug), "{slug} in {companies:?}");
    }
    assert!(seed["tags"].is_array());
    assert!(story["tags"].is_array() && story["companies"].is_array());
}

const ISSUE: &str =
    "Un titre\nLe sujet\nUn paragraphe du sujet, assez long pour en être un, et qui finit par un point.\n";

#[cfg(unix)]
#[test]
fn an_issue_file_is_rewritten_only_when_its_issue_changes() {
    use std::os::unix::fs::MetadataExt;
    let inode = |site: &TestSite, slug: &str| {
        fs::metadata(site.public().join(format!("api/issues/{slug}.json")))
            .expect("the issue's JSON")
            .ino()
    };
    let site = TestSite::new()
        .issue("2024-01-02-a.txt", ISSUE)
        .issue("2024-01-03-b.txt", ISSUE)
        .built();
    let (a, b) = (inode(&site, "a"), inode(&site, "b"));
    let site = site.issue("2024-01-03-b.txt", &ISSUE.replace("Un titre", "Un autre titre"));
    for _ in 0..2 {
        site.build()
            .map_err(|e| crate::common::error_text(&e))
            .expect("rebuild");
    }
    assert_eq!(inode(&site, "a"), a, "an unchanged issue's file is kept");
    assert_ne!(inode(&site, "b"), b, "a changed issue's file is new");
    assert_eq!(site.issue_json("b")["title"], "Un autre titre");
    assert_eq!(json_title(&site.page("/api/issues.json"), "b"), "Un autre titre");
}

/// The title of the index's entry `slug`.
fn json_title(index: &str, slug: &str) -> String {
    let index: Value = serde_json::from_str(index).expect("index");
    let entry = index["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["slug"] == slug)
        .expect("the entry");
    entry["title"].as_str().expect("title").to_string()
}
