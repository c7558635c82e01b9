//! Builds the example site shipped in the repository and checks what a
//! reader would see: the seed issue's page, indexes, feeds, sitemap (the JSON API: tests/api.rs),
//! and that every internal link resolves, at a domain root and under a
//! sub-path.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{attributes, broken_links, build_example, read_page, snapshot};

/// One build of the example site, shared by the tests of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, public) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let public = dir.path().join("public");
        build_example(&public, None);
        (dir, public)
    });
    public
}

fn page(url: &str) -> String {
    read_page(site(), url)
}

#[test]
fn seed_issue_page() {
    let html = page("/issues/elon-musk-xai/");
    assert!(html.contains("<h1>Elon Musk s’attaque à ChatGPT</h1>"), "title");
    assert!(html.contains("6 décembre 2023"), "French date");
    // Teasers link to stories 2 and 3.
    let spotify = "malgre-ses-premiers-profits-en-deux-ans-spotify-coupe-a-nouveau-dans-ses-effectifs";
    let mistral = "vers-une-nouvelle-levee-de-fonds-record-pour-mistral-ai";
    assert!(html.contains(&format!("href=\"#{spotify}\">Nouveau plan social chez Spotify</a>")));
    assert!(html.contains(&format!(
        "href=\"#{mistral}\">Vers une nouvelle levée record pour Mistral AI</a>"
    )));
    assert!(html.contains(&format!("id=\"{spotify}\"")));
    // Six lead-ins in bold.
    assert_eq!(html.matches("<strong class=\"lead\">").count(), 6);
    assert!(html.contains(">Lancement de Grok</a></strong>"));
    // French typography in HTML: a no-break space before the colon.
    assert!(html.contains("Daniel Ek le reconnaît\u{a0}: le timing"));
    assert!(html.contains("Les coûts exorbitants de l’IA menacent de freiner son adoption"));
    assert!(html.contains("Flickr / Uk Government - Spotify"));
    for company in ["xai", "openai", "spotify", "mistral-ai", "nvidia"] {
        assert!(html.contains(&format!("/companies/{company}/\"")), "link to {company}");
    }
    // Older and newer issues exist around the seed.
    assert!(html.contains("rel=\"prev\""));
    assert!(html.contains("rel=\"next\""));
}

#[test]
fn home_is_paginated_newest_first() {
    let home = page("/");
    let dates: Vec<&str> = attributes(&home, "datetime");
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert!(home.contains("rel=\"next\""), "a second page");
    assert!(site().join("page/2/index.html").exists());
}

#[test]
fn archive_by_year_and_month() {
    let archive = page("/archive/");
    for year in ["2023", "2024", "2025"] {
        assert!(archive.contains(&format!("/archive/{year}/")), "{year}");
        assert!(site().join(format!("archive/{year}/index.html")).exists());
    }
    assert!(archive.contains("Décembre"), "French month names");
}

#[test]
fn company_page_quotes_and_co_mentions() {
    let html = page("/companies/spotify/");
    assert!(html.contains("<blockquote>"), "quoted sentence");
    assert!(html.contains("Spotify va mener un nouveau plan social") || html.contains("Spotify"));
    let index = page("/companies/");
    assert!(index.contains("/companies/openai/"));
    let mistral = page("/companies/mistral-ai/");
    assert!(mistral.contains("/companies/nvidia/"), "co-mentioned with Nvidia");
}

#[test]
fn tags_index_and_pages() {
    let index = page("/tags/");
    let first = attributes(&index, "href")
        .into_iter()
        .find(|h| h.starts_with("/tags/") && h.len() > "/tags/".len())
        .expect("a tag");
    let tag = page(first);
    assert!(tag.contains("<article class=\"entry\">") || tag.contains("class=\"entry"));
}

#[test]
fn feeds_parse_and_list_entries() {
    let feed = feed_rs::parser::parse(read_page(site(), "/feed.xml").as_bytes()).expect("site feed parses");
    assert!(!feed.entries.is_empty());
    assert!(feed.entries.len() <= 20);
    let first = &feed.entries[0];
    assert!(first.links[0].href.starts_with("https://kiosque.example.org/issues/"));
    for dir in ["tags", "companies"] {
        let mut checked = 0;
        for entry in std::fs::read_dir(site().join(dir)).expect("dir") {
            let feed_path = entry.expect("entry").path().join("feed.xml");
            if feed_path.exists() {
                let bytes = std::fs::read(&feed_path).expect("read");
                let feed = feed_rs::parser::parse(bytes.as_slice())
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", feed_path.display()));
                assert!(!feed.entries.is_empty(), "{}", feed_path.display());
                checked += 1;
            }
        }
        assert!(checked > 3, "{dir} feeds");
    }
}

#[test]
fn sitemap_lists_every_page() {
    let sitemap = page("/sitemap.xml");
    let files = snapshot(site());
    for rel in files.keys() {
        let rel = rel.to_string_lossy();
        if rel.ends_with("index.html") {
            let url = format!("https://kiosque.example.org/{}", rel.trim_end_matches("index.html"));
            assert!(
                sitemap.contains(&format!("<loc>{url}</loc>")),
                "{url} missing from the sitemap"
            );
        }
    }
    assert!(page("/robots.txt").contains("Sitemap: https://kiosque.example.org/sitemap.xml"));
    assert!(page("/404.html").contains("<html"));
}

#[test]
fn every_internal_link_resolves() {
    let problems = broken_links(site(), "");
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_link_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    build_example(&public, Some("https://user.github.io/archive/"));
    let problems = broken_links(&public, "/archive");
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let feed = read_page(&public, "/feed.xml");
    assert!(feed.contains("https://user.github.io/archive/issues/"));
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let again = dir.path().join("public");
    build_example(&again, None);
    let (a, b) = (snapshot(site()), snapshot(&again));
    let only_one: Vec<_> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .collect();
    assert!(only_one.is_empty(), "files in one build only: {only_one:?}");
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs between two builds", path.display());
    }
}
