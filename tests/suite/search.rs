//! Search (Pagefind): the example site's build has an index of its issue
//! pages only, a search page and a search box in every page's header, with
//! the sub-path of `base_url` in their links; `search = false` has none.

use std::fs;
use std::path::Path;

use crate::common::{build_example, TestSite};

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pages Pagefind's entry file of bundle `bundle` says each
/// language's index holds.
fn bundle_pages(public: &Path, bundle: usize) -> u64 {
    let entry = public.join(format!("pagefind/{bundle}/pagefind-entry.json"));
    let entry: serde_json::Value = serde_json::from_str(&read(&entry)).unwrap();
    entry["languages"]
        .as_object()
        .expect("languages")
        .values()
        .map(|l| l["page_count"].as_u64().expect("page_count"))
        .sum()
}

/// The pages of the site's index, over all its bundles.
fn indexed_pages(public: &Path) -> u64 {
    let bundles = fs::read_dir(public.join("pagefind")).unwrap().count();
    (1..=bundles).map(|b| bundle_pages(public, b)).sum()
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
        assert!(public.join("pagefind/1").join(file).is_file(), "pagefind/1/{file}");
    }
    let search = read(&public.join("search/index.html"));
    assert!(
        search.contains(r#"<label class="search-label" for="search-input">"#),
        "{search}"
    );
    assert!(search.contains(r#"src="/pagefind/1/pagefind-ui.js""#));
    assert!(search.contains(r#"data-merge="""#), "one bundle, nothing to merge");
    assert!(search.contains("<noscript>") && search.contains(r#"href="/archive/""#));
    let home = read(&public.join("index.html"));
    assert!(home.contains(r#"<form class="site-search" role="search" action="/search/" method="get">"#));
    assert!(home.contains(r#"name="q""#));
    let manifest = read(&public.join(".kiosque-manifest"));
    assert!(
        manifest.lines().any(|l| l == "pagefind/1/pagefind-entry.json"),
        "the index is the build's own"
    );
}

#[test]
fn search_links_carry_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build_example(&public, Some("https://example.org/lettre/"));
    let search = read(&public.join("search/index.html"));
    assert!(
        search.contains(r#"src="/lettre/pagefind/1/pagefind-ui.js""#),
        "{search}"
    );
    assert!(search.contains(r#"data-bundle="/lettre/pagefind/1/""#));
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

/// Five issues, two a bundle: three bundles cut from the oldest issue, the
/// first with Pagefind's scripts, the others with their data only, all
/// merged by the search page.
#[test]
fn a_large_archive_is_indexed_in_bundles() {
    let mut site = TestSite::new().file(
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/lettre/\"\nlanguage = \"fr\"\nsearch_bundle = 2\n",
    );
    for day in 1..=5 {
        site = site.issue(
            &format!("2024-01-0{day}-n{day}.txt"),
            &format!("Numéro {day}\n\nUne histoire\nUn paragraphe qui raconte la journée {day} de Mistral.\n"),
        );
    }
    site.build().unwrap();
    let public = site.root().join("public");
    assert_eq!(
        [1, 2, 3].map(|b| bundle_pages(&public, b)),
        [2, 2, 1],
        "bundles of 2 issues from the oldest"
    );
    assert!(!public.join("pagefind/4").exists());
    assert!(public.join("pagefind/1/pagefind-ui.js").is_file());
    for bundle in [2, 3] {
        for script in [
            "pagefind.js",
            "pagefind-ui.js",
            "pagefind-worker.js",
            "wasm.fr.pagefind",
        ] {
            assert!(
                !public.join(format!("pagefind/{bundle}/{script}")).exists(),
                "bundle {bundle} uses the first bundle's {script}"
            );
        }
    }
    let search = read(&public.join("search/index.html"));
    assert!(
        search.contains(r#"data-merge="/lettre/pagefind/2/ /lettre/pagefind/3/""#),
        "{search}"
    );
}

#[test]
fn a_search_bundle_of_no_issue_is_an_error_naming_the_line() {
    let site = TestSite::new().file(
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org\"\nsearch_bundle = 0\n",
    );
    let errors = site.errors();
    assert!(errors.contains("site.toml:3"), "{errors}");
    assert!(errors.contains("search_bundle"), "{errors}");
}
