//! The language marking of an English issue in a French site: the
//! French labels around it, its excerpts and titles on list pages, its
//! feed entries, and the quote marks of its quotes.

use std::time::Duration;

use serde_json::json;

use super::site;
use crate::common::browser::{chromium_or_skip, listener, open_page, serve_folder, start_chromium, wait_for, Cdp};

/// The start tag of the first element whose text starts with `text`.
fn tag_before<'a>(html: &'a str, text: &str) -> &'a str {
    let at = html
        .find(&format!(">{text}"))
        .unwrap_or_else(|| panic!("`{text}` not found"))
        + 1;
    let open = html[..at].rfind('<').expect("a tag");
    &html[open..at]
}

#[test]
fn an_english_issue_in_a_french_site_marks_the_french_labels() {
    let site = site();
    let html = site.page("/issues/english/");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "the site's language"
    );
    assert!(
        html.contains("<article class=\"issue\" lang=\"en\" "),
        "the issue's language"
    );
    // "Et aussi" is gone: the teasers are the contents' entries.
    for label in ["Au sommaire", "Pour aller plus loin", "Crédit photos"] {
        assert!(
            tag_before(&html, label).contains(" lang=\"fr\""),
            "{label}: {}",
            tag_before(&html, label)
        );
    }
    // The date, in French, and the links to the neighbours.
    assert!(
        html.contains("<p class=\"meta\" lang=\"fr\"><time datetime=\"2024-02-05\""),
        "the date"
    );
    let neighbours = &html[html.find("<nav class=\"neighbours\"").expect("neighbours")..];
    assert!(
        neighbours.starts_with("<nav class=\"neighbours\" lang=\"fr\""),
        "{neighbours}"
    );
    // A French issue's page has no lang of its own.
    let french = site.page("/issues/francais/");
    assert!(
        french.contains("<article class=\"issue\" data-pagefind-body"),
        "no lang on a French issue"
    );
    assert_eq!(
        french.matches(" lang=\"fr\"").count(),
        1,
        "no label marked in a French issue"
    );
    // Its neighbour, English, is marked.
    assert!(
        french.contains("<bdi lang=\"en\">Weekly: the chips race</bdi>"),
        "{french}"
    );
}

#[test]
fn list_pages_mark_english_excerpts_and_titles() {
    let site = site();
    // Home (one issue a page): the English issue's summary.
    let home = site.page("/page/3/");
    assert!(
        home.contains("<p class=\"summary\" lang=\"en\">The English summary of this issue.</p>"),
        "{home}"
    );
    // A year: the same cards.
    let year = site.page("/archive/2024/");
    assert!(year.contains("<p class=\"summary\" lang=\"en\">"), "{year}");
    // The archive: the English title.
    let archive = site.page("/archive/");
    assert!(
        archive.contains("<a href=\"/gazette/issues/english/\" lang=\"en\">Weekly: the chips race</a>"),
        "{archive}"
    );
    // A tag page: the English story's excerpt and its issue's title.
    let tag = (1..=3)
        .map(|page| {
            site.page(&if page == 1 {
                "/tags/puces/".into()
            } else {
                format!("/tags/puces/page/{page}/")
            })
        })
        .find(|html| html.contains("The chips ship late"))
        .expect("the English story on a tag page");
    assert!(
        tag.contains("<p class=\"excerpt\" lang=\"en\">Nvidia has told"),
        "{tag}"
    );
    assert!(tag.contains("lang=\"en\">Weekly: the chips race</a>"), "{tag}");
}

#[test]
fn company_pages_quote_in_the_quotes_language() {
    let site = site();
    let english = (1..=3)
        .map(|page| {
            site.page(&if page == 1 {
                "/companies/nvidia/".into()
            } else {
                format!("/companies/nvidia/page/{page}/")
            })
        })
        .find(|html| html.contains("Nvidia has told"))
        .expect("the English mention");
    assert!(
        english.contains("<blockquote lang=\"en\"><p>Nvidia has told"),
        "the English quote carries its language: {english}"
    );
    let french = site.page("/companies/nvidia/page/3/");
    assert!(french.contains("<blockquote><p>Nvidia annonce"), "{french}");
    // The stylesheet quotes English in English marks, French in French.
    let css = std::fs::read_to_string(site.public().join("style.css")).expect("style.css");
    assert!(css.contains(":lang(en) { quotes: \"“\" \"”\""), "English quote marks");
    assert!(css.contains(":lang(fr) { quotes: \"«"), "French quote marks");
}

#[test]
fn feed_entries_of_english_issues_carry_their_language() {
    let site = site();
    for feed in ["/feed.xml", "/companies/nvidia/feed.xml"] {
        let xml = site.page(feed);
        let doc = roxmltree::Document::parse(&xml).expect("the feed parses");
        let root = doc.root_element();
        assert_eq!(
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("fr")
        );
        let entries: Vec<(String, Option<&str>)> = root
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|entry| {
                let title = entry
                    .children()
                    .find(|n| n.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .unwrap_or_default()
                    .to_string();
                (title, entry.attribute(("http://www.w3.org/XML/1998/namespace", "lang")))
            })
            .collect();
        for (title, lang) in &entries {
            let english = title.contains("chips race") || title.contains("ship late");
            assert_eq!(*lang, english.then_some("en"), "{feed}: {title}");
        }
        assert!(entries.iter().any(|(_, lang)| lang.is_some()), "{feed}: {entries:?}");
    }
}

/// The quote marks Chromium draws around the first quote of `url` (its
/// `quotes`, which the `open-quote` and `close-quote` of style.css use).
fn drawn_quote_marks(page: &mut Cdp, url: &str) -> String {
    page.call("Page.navigate", json!({ "url": url })).expect("navigate");
    let probe = "(() => { const p = document.querySelector('.timeline blockquote p'); \
        if (!p || document.readyState !== 'complete' || !document.styleSheets.length) return null; \
        return getComputedStyle(p).quotes; })()";
    wait_for(url, Duration::from_secs(15), || {
        Some(page.eval(probe)?.as_str()?.to_string())
    })
}

#[test]
fn chromium_quotes_english_in_english_marks() {
    let Some(chromium) = chromium_or_skip("the quote marks browser test") else {
        return;
    };
    let site = site();
    let (listener, port) = listener();
    serve_folder(listener, site.public(), "/gazette/");
    let profile = tempfile::tempdir().expect("profile");
    let (_chromium, debug_port) = start_chromium(&chromium, &profile.path().join("profile"));
    let mut page = open_page(debug_port);
    let url = |path: &str| format!("http://127.0.0.1:{port}/gazette{path}");
    // Page 2: the English mention; page 3: the French one.
    let english = drawn_quote_marks(&mut page, &url("/companies/nvidia/page/2/"));
    assert!(english.starts_with("\"“\" \"”\""), "English: {english}");
    let french = drawn_quote_marks(&mut page, &url("/companies/nvidia/page/3/"));
    assert!(french.starts_with("\"«\u{a0}\" \"\u{a0}»\""), "French: {french}");
}
