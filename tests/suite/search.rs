//! Search (Pagefind): the example site's build has an index of its issue
//! pages only, a search page and a search box in every page's header, with
//! the sub-path of `base_url` in their links; `search = false` has none.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::TestSite;
use kiosque::BuildOptions;

fn build_example(output: &Path, base_url: Option<&str>) {
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(output.to_path_buf()),
        base_url: base_url.map(str::to_string),
        drafts: false,
        force: false,
    };
    if let Err(e) = kiosque::build(&options) {
        panic!("the example site does not build: {}", crate::common::error_text(&e));
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pages Pagefind's entry file says each language's index holds.
fn indexed_pages(public: &Path) -> u64 {
    let entry: serde_json::Value = serde_json::from_str(&read(&public.join("pagefind/pagefind-entry.json"))).unwrap();
    entry["languages"]
        .as_object()
        .expect("languages")
        .values()
        .map(|l| l["page_count"].as_u64().expect("page_count"))
        .sum()
}

#[test]
fn the_example_site_is_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build_example(&public, None);
    let issues = fs::read_dir(public.join("issues")).unwrap().count() as u64;
    assert!(issues > 10);
    assert_eq!(
        indexed_pages(&public),
        issues,
        "one indexed page per issue, nothing else"
    );
    for file in ["pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.fr.pagefind"] {
        assert!(public.join("pagefind").join(file).is_file(), "pagefind/{file}");
    }
    let search = read(&public.join("search/index.html"));
    assert!(
        search.contains(r#"<label class="search-label" for="search-input">"#),
        "{search}"
    );
    assert!(search.contains(r#"src="/pagefind/pagefind-ui.js""#));
    assert!(search.contains("<noscript>") && search.contains(r#"href="/archive/""#));
    let home = read(&public.join("index.html"));
    assert!(home.contains(r#"<form class="site-search" role="search" action="/search/" method="get">"#));
    assert!(home.contains(r#"name="q""#));
    let manifest = read(&public.join(".kiosque-manifest"));
    assert!(
        manifest.lines().any(|l| l == "pagefind/pagefind-entry.json"),
        "the index is the build's own"
    );
}

#[test]
fn search_links_carry_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build_example(&public, Some("https://example.org/lettre/"));
    let search = read(&public.join("search/index.html"));
    assert!(search.contains(r#"src="/lettre/pagefind/pagefind-ui.js""#), "{search}");
    assert!(search.contains(r#"data-bundle="/lettre/pagefind/""#));
    assert!(search.contains(r#"data-base="/lettre/""#));
    let issue = fs::read_dir(public.join("issues"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let page = read(&issue.join("index.html"));
    assert!(page.contains(r#"action="/lettre/search/""#));
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\nsearch = false\n",
        )
        .issue(
            "2024-01-02-x.txt",
            "Le titre\n\nUne histoire\nUn paragraphe qui raconte quelque chose de long et de complet.\n",
        );
    site.build().unwrap();
    let public = site.root().join("public");
    assert!(public.join("issues/x/index.html").is_file() || public.join("index.html").is_file());
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("search").exists());
    assert!(!read(&public.join("index.html")).contains("site-search"));
}

#[test]
fn search_is_on_by_default_for_a_small_site() {
    let site = TestSite::new().issue(
        "2024-01-02-x.txt",
        "Le titre\n\nUne histoire\nUn paragraphe qui raconte quelque chose de long et de complet.\n",
    );
    site.build().unwrap();
    let public = site.root().join("public");
    assert_eq!(indexed_pages(&public), 1);
    assert!(public.join("search/index.html").is_file());
}
