//! Search in a real browser: builds a small site, serves it as a static
//! host would (at the root, then under a sub-path), and in headless
//! Chromium types "Mistral" in the search box, sees the results, follows
//! the first and lands on the story's anchor. Under the sub-path the
//! index is cut in bundles of one issue, so the story is found in a bundle
//! the search page merges, not in the first.
//!
//! Needs Chromium (see tests/suite/serve_browser.rs); skipped without it unless
//! `KIOSQUE_REQUIRE_BROWSER` is set.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::common::axe::{axe_or_skip, violations};
use crate::common::browser::{chromium_or_skip, open_page, start_chromium, wait_for, Cdp};
use serde_json::json;

const STORY: &str = "vers-une-levee-record-pour-mistral-ai";

const ISSUES: [(&str, &str); 3] = [
    (
        "2024-01-10-semaine.txt",
        "La semaine des puces\n\nNvidia double ses ventes\nLe fabricant de puces annonce des ventes doublées sur un an, portées par les centres de données.\n\nVers une levée record pour Mistral AI\nLa jeune pousse parisienne négocie une levée de fonds qui la valoriserait à plusieurs milliards.\n",
    ),
    (
        "2024-01-03-voitures.txt",
        "Les voitures électriques\n\nBYD dépasse Tesla\nLe constructeur chinois a vendu plus de voitures électriques que l'américain au dernier trimestre.\n",
    ),
    (
        "2023-12-20-jeux.txt",
        "Le jeu vidéo en crise\n\nDes licenciements chez Ubisoft\nL'éditeur annonce un nouveau plan de départs dans plusieurs studios en Europe.\n",
    ),
];

/// Builds the site for `http://127.0.0.1:PORT{prefix}` into `dir/public`
/// and serves it there; returns the site's URL. `config` ends site.toml.
fn build_and_serve(dir: &Path, prefix: &'static str, config: &str) -> String {
    let site = format!("title = \"Test\"\nlanguage = \"fr\"\n{config}");
    fs::write(dir.join("site.toml"), site).unwrap();
    fs::create_dir_all(dir.join("content/issues")).unwrap();
    for (name, text) in ISSUES {
        fs::write(dir.join("content/issues").join(name), text).unwrap();
    }
    crate::common::browser::build_and_serve(dir, prefix)
}

fn navigate(page: &mut Cdp, url: &str) {
    page.call("Page.navigate", json!({ "url": url })).expect("navigate");
}

/// Focuses `selector` and types `text` in it, as a reader would.
fn type_into(page: &mut Cdp, selector: &str, text: &str) {
    wait_for(selector, Duration::from_secs(15), || {
        let focus = format!("(() => {{ const e = document.querySelector({selector:?}); if (!e) return false; e.focus(); return document.activeElement === e; }})()");
        (page.eval(&focus)? == true).then_some(())
    });
    page.call("Input.insertText", json!({ "text": text })).expect("type");
}

/// Waits for Pagefind's results, clicks the first link to a story and
/// checks the page it lands on: the issue, at the story's anchor.
fn follow_first_result(page: &mut Cdp, prefix: &str) {
    let first = wait_for("search results", Duration::from_secs(20), || {
        let links = page.eval(
            "JSON.stringify([...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')))",
        )?;
        let links: Vec<String> = serde_json::from_str(links.as_str()?).ok()?;
        links.into_iter().find(|href| href.contains('#'))
    });
    assert_eq!(
        first,
        format!("{prefix}issues/semaine/#{STORY}"),
        "the first story result"
    );
    page.eval("document.querySelector('.pagefind-ui__result-link[href*=\"#\"]').click()");
    let landed = wait_for("the story's page", Duration::from_secs(15), || {
        let at = page.eval("location.pathname + location.hash")?;
        let at = at.as_str()?.to_string();
        at.contains("/issues/").then_some(at)
    });
    assert_eq!(landed, format!("{prefix}issues/semaine/#{STORY}"));
    let visible = format!(
        "(() => {{ const e = document.getElementById({STORY:?}); if (!e) return false; const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }})()"
    );
    wait_for("the story in view", Duration::from_secs(5), || {
        (page.eval(&visible)? == true).then_some(())
    });
}

#[test]
fn the_header_box_finds_a_story_and_leads_to_its_anchor() {
    let Some(chromium) = chromium_or_skip("the search browser test") else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let url = build_and_serve(site.path(), "/", "");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&chromium, &profile.path().join("profile"));
    let mut page = open_page(port);
    navigate(&mut page, &url);
    type_into(&mut page, "#site-search-q", "Mistral");
    page.eval("document.querySelector('.site-search').requestSubmit()");
    wait_for("the search page", Duration::from_secs(15), || {
        let at = page.eval("location.pathname + location.search")?;
        (at.as_str()? == "/search/?q=Mistral").then_some(())
    });
    follow_first_result(&mut page, "/");
}

#[test]
fn the_search_page_works_under_a_sub_path() {
    let Some(chromium) = chromium_or_skip("the search browser test") else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let url = build_and_serve(site.path(), "/lettre/", "search_bundle = 1\n");
    let merged = fs::read_to_string(site.path().join("public/search/index.html")).unwrap();
    assert!(merged.contains("/lettre/pagefind/3/"), "three bundles: {merged}");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&chromium, &profile.path().join("profile"));
    let mut page = open_page(port);
    navigate(&mut page, &format!("{url}search/"));
    type_into(&mut page, "#search-input", "Mistral");
    follow_first_result(&mut page, "/lettre/");
}

#[test]
fn the_search_page_passes_axe_in_light_and_dark() {
    let Some(chromium) = chromium_or_skip("the search page's axe-core test") else {
        return;
    };
    let Some(axe) = axe_or_skip("the search page's axe-core test") else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let url = build_and_serve(site.path(), "/", "");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&chromium, &profile.path().join("profile"));
    let mut page = open_page(port);
    let mut backgrounds = Vec::new();
    for scheme in ["light", "dark"] {
        let media = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
        page.call("Emulation.setEmulatedMedia", media)
            .expect("emulate the colour scheme");
        navigate(&mut page, &format!("{url}search/?q=Mistral"));
        wait_for("search results", Duration::from_secs(20), || {
            let count = page.eval("document.querySelectorAll('.pagefind-ui__result').length")?;
            (count.as_u64()? > 0).then_some(())
        });
        let found = violations(&mut page, &axe);
        assert!(found.is_empty(), "axe-core, {scheme}: {found:#?}");
        backgrounds.push(page.eval("getComputedStyle(document.body).backgroundColor"));
    }
    assert_ne!(backgrounds[0], backgrounds[1], "the dark scheme was not applied");
}
