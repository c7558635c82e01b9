//! Each kind of page's head: a description of its own, the canonical
//! address (none on the 404 page), `noindex` where Hugo puts it, Open
//! Graph and Twitter card tags and JSON-LD that parses (none on `noindex`
//! pages: nothing to preview, fewer bytes), the icon and the
//! theme colours; the site's icon and image from `static/` or site.toml,
//! kept up to date by `serve`.

use super::{head, json_ld, link, named, node, png, property, site, trail, BASE, FRENCH, SITE};
use crate::common::TestSite;

/// What every page's head has: the icon and the theme colours.
fn check_common(page: &str, head: &str) {
    assert!(
        head.contains("<link rel=\"icon\" href=\"/gazette/favicon.svg\" type=\"image/svg+xml\">"),
        "{page}: the icon"
    );
    assert!(
        head.contains("<meta name=\"theme-color\" content=\"#fbfaf7\" media=\"(prefers-color-scheme: light)\">"),
        "{page}: theme-color"
    );
    assert!(
        head.contains("media=\"(prefers-color-scheme: dark)\""),
        "{page}: dark theme-color"
    );
}

/// A page kept out of search engines (404, lists' pages 2+): `noindex`,
/// and neither link-preview tags nor structured data.
fn check_unindexed(page: &str, head: &str) {
    check_common(page, head);
    assert_eq!(named(head, "robots").as_deref(), Some("noindex"), "{page}");
    assert!(!head.contains("og:") && !head.contains("twitter:"), "{page}: {head}");
    assert!(!head.contains("application/ld+json"), "{page}: {head}");
}

/// A page meant for search engines: its own address as canonical and
/// og:url, no noindex, a description.
fn check_indexed(page: &str, head: &str) -> String {
    check_common(page, head);
    assert_eq!(property(head, "og:site_name").as_deref(), Some("La Gazette"), "{page}");
    assert!(property(head, "og:title").is_some(), "{page}: og:title");
    assert!(named(head, "twitter:card").is_some(), "{page}: twitter:card");
    let canonical = format!("{BASE}{page}");
    assert_eq!(link(head, "canonical").as_deref(), Some(canonical.as_str()), "{page}");
    assert_eq!(property(head, "og:url").as_deref(), Some(canonical.as_str()), "{page}");
    assert_eq!(named(head, "robots"), None, "{page}: indexed");
    let description = named(head, "description").unwrap_or_else(|| panic!("{page}: a description"));
    assert_eq!(property(head, "og:description").as_ref(), Some(&description), "{page}");
    assert!(description.chars().count() <= 160, "{page}: {description}");
    description
}

#[test]
fn every_kind_of_page_has_its_head() {
    let site = site();
    let html = |url: &str| site.page(url);

    // Home: the site's description, a WebSite with its search.
    let home = html("/");
    let h = head(&home);
    assert_eq!(check_indexed("/", h), "Une gazette des puces");
    assert_eq!(property(h, "og:type").as_deref(), Some("website"));
    assert_eq!(property(h, "og:locale").as_deref(), Some("fr_FR"));
    assert_eq!(
        named(h, "twitter:card").as_deref(),
        Some("summary"),
        "no image: a summary card"
    );
    let website = node(&json_ld(h), "WebSite");
    assert_eq!(website["url"], format!("{BASE}/"));
    assert_eq!(website["potentialAction"]["@type"], "SearchAction");
    assert_eq!(
        website["potentialAction"]["target"],
        format!("{BASE}/search/?q={{search_term_string}}")
    );

    // Home page 2: a duplicate list, kept out of search engines.
    let second = html("/page/2/");
    let h = head(&second);
    check_unindexed("/page/2/", h);
    assert_eq!(link(h, "canonical"), Some(format!("{BASE}/page/2/")));

    // An issue with a summary: an article, dated, with its trail.
    let french = html("/issues/francais/");
    let h = head(&french);
    assert_eq!(
        check_indexed("/issues/francais/", h),
        "Le résumé de ce numéro consacré aux puces."
    );
    assert_eq!(property(h, "og:type").as_deref(), Some("article"));
    assert_eq!(property(h, "og:title").as_deref(), Some("Nvidia et les puces"));
    assert_eq!(property(h, "article:published_time").as_deref(), Some("2024-01-02"));
    let nodes = json_ld(h);
    let article = node(&nodes, "NewsArticle");
    assert_eq!(article["headline"], "Nvidia et les puces");
    assert_eq!(article["datePublished"], "2024-01-02");
    assert_eq!(article["url"], format!("{BASE}/issues/francais/"));
    assert_eq!(article["inLanguage"], "fr");
    assert_eq!(article["publisher"]["name"], "La Gazette");
    assert!(article["author"][0]["name"].is_string(), "{article}");
    assert_eq!(
        trail(&node(&nodes, "BreadcrumbList")),
        [
            ("La Gazette".to_string(), Some(format!("{BASE}/"))),
            ("2024".to_string(), Some(format!("{BASE}/archive/2024/"))),
            ("Nvidia et les puces".to_string(), None),
        ]
    );

    // An English issue: its locale and language.
    let english = html("/issues/english/");
    let h = head(&english);
    assert_eq!(
        check_indexed("/issues/english/", h),
        "The English summary of this issue."
    );
    assert_eq!(property(h, "og:locale").as_deref(), Some("en_US"));
    assert_eq!(node(&json_ld(h), "NewsArticle")["inLanguage"], "en");

    // Without summary: its teasers; its attached image, measured.
    let chart = html("/issues/chart/");
    let h = head(&chart);
    assert_eq!(
        check_indexed("/issues/chart/", h),
        "Les ventes de puces · Le marché des serveurs"
    );
    let image = format!("{BASE}/issues/chart/chart.png");
    assert_eq!(property(h, "og:image"), Some(image.clone()));
    assert_eq!(property(h, "og:image:width").as_deref(), Some("1200"));
    assert_eq!(property(h, "og:image:height").as_deref(), Some("630"));
    assert_eq!(named(h, "twitter:card").as_deref(), Some("summary_large_image"));
    assert_eq!(node(&json_ld(h), "NewsArticle")["image"], image);

    // Without summary nor teasers: the first sentence, cut at a word
    // that keeps a number with its unit.
    let long = html("/issues/longue/");
    let description = check_indexed("/issues/longue/", head(&long));
    assert!(description.ends_with('…'), "{description}");
    assert!(
        description.ends_with(" pour lever…"),
        "the number is not cut from its unit: {description}"
    );
    assert!(description.starts_with("La jeune pousse française"), "{description}");

    // The archive and a year: their counts.
    let archive = check_indexed("/archive/", head(&html("/archive/")));
    assert!(archive.contains("4 numéros depuis 2024"), "{archive}");
    let year_page = html("/archive/2024/");
    let year = check_indexed("/archive/2024/", head(&year_page));
    assert!(year.starts_with("4 numéros de La Gazette en 2024"), "{year}");
    let year_trail = trail(&node(&json_ld(head(&year_page)), "BreadcrumbList"));
    assert_eq!(year_trail.len(), 3, "{year_trail:?}");

    // Tags and companies: their indexes, a term's counts or description.
    check_indexed("/tags/", head(&html("/tags/")));
    check_indexed("/companies/", head(&html("/companies/")));
    let tag = html("/tags/puces/");
    let h = head(&tag);
    assert_eq!(
        check_indexed("/tags/puces/", h),
        "Puces\u{a0}: 3 articles dans 3 numéros"
    );
    assert_eq!(
        trail(&node(&json_ld(h), "BreadcrumbList")),
        [
            ("La Gazette".to_string(), Some(format!("{BASE}/"))),
            ("Thèmes".to_string(), Some(format!("{BASE}/tags/"))),
            ("Puces".to_string(), None),
        ]
    );
    check_unindexed("/tags/puces/page/2/", head(&html("/tags/puces/page/2/")));
    let company = html("/companies/nvidia/");
    let h = head(&company);
    assert_eq!(
        check_indexed("/companies/nvidia/", h),
        "Nvidia\u{a0}: 3 mentions dans 3 numéros"
    );
    assert_eq!(
        trail(&node(&json_ld(h), "BreadcrumbList"))[1],
        ("Entreprises".to_string(), Some(format!("{BASE}/companies/")))
    );
    assert_eq!(
        check_indexed("/companies/mistral-ai/", head(&html("/companies/mistral-ai/"))),
        "Jeune pousse française de l'intelligence artificielle."
    );
    check_unindexed("/companies/nvidia/page/2/", head(&html("/companies/nvidia/page/2/")));

    // Search: its own description.
    let search = check_indexed("/search/", head(&html("/search/")));
    assert!(search.contains("La Gazette"), "{search}");

    // 404: served at any address, so no canonical; kept out of indexes.
    let not_found = html("/404.html");
    let h = head(&not_found);
    check_unindexed("/404.html", h);
    assert_eq!(link(h, "canonical"), None);

    // The monogram the icon links.
    let icon = std::fs::read_to_string(site.public().join("favicon.svg")).expect("favicon.svg");
    assert!(icon.starts_with("<svg") && icon.contains(">L</text>"), "{icon}");
}

#[test]
fn the_sites_icon_and_image_come_from_static() {
    let site = TestSite::new()
        .file("site.toml", SITE)
        .issue("2024-01-02-francais.txt", FRENCH)
        .bytes("static/favicon.png", &png(64, 64))
        .bytes("static/og.png", &png(1200, 630))
        .built();
    for url in ["/", "/issues/francais/"] {
        let html = site.page(url);
        let h = head(&html);
        assert!(
            h.contains("<link rel=\"icon\" href=\"/gazette/favicon.png\" type=\"image/png\">"),
            "{url}: {h}"
        );
        assert_eq!(property(h, "og:image"), Some(format!("{BASE}/og.png")), "{url}");
        assert_eq!(property(h, "og:image:width").as_deref(), Some("1200"), "{url}");
        assert_eq!(property(h, "og:image:height").as_deref(), Some("630"), "{url}");
        assert_eq!(named(h, "twitter:card").as_deref(), Some("summary_large_image"));
    }
    assert!(
        !site.public().join("favicon.svg").exists(),
        "no monogram beside the site's icon"
    );
}

#[test]
fn an_image_address_in_site_toml_is_every_pages_preview() {
    let site = TestSite::new()
        .file(
            "site.toml",
            &format!("{SITE}image = \"https://cdn.example.org/card.jpg\"\n"),
        )
        .issue("2024-01-02-francais.txt", FRENCH)
        .built();
    let html = site.page("/issues/francais/");
    let h = head(&html);
    assert_eq!(
        property(h, "og:image").as_deref(),
        Some("https://cdn.example.org/card.jpg")
    );
    assert_eq!(property(h, "og:image:width"), None, "a remote image is not measured");
}

#[test]
fn issue_text_cannot_close_the_json_ld_script() {
    let title = "Fin </script><script>alert(1)</script> <!-- et \"guillemets\"";
    let site = TestSite::new()
        .file("site.toml", SITE)
        .issue(
            "2024-01-02-x.txt",
            &format!("+++\ntitle = '{title}'\n+++\nTitre\n\nUn sujet\nUn paragraphe assez long pour en être un, et qui finit par un point.\n"),
        )
        .built();
    let html = site.page("/issues/x/");
    let h = head(&html);
    assert_eq!(h.matches("<script").count(), 1, "{h}");
    assert!(!h.contains("<!--"), "{h}");
    let article = node(&json_ld(h), "NewsArticle");
    assert!(
        article["headline"]
            .as_str()
            .is_some_and(|t| t.contains("</script><script>alert(1)</script> <!--")),
        "{article}"
    );
}

#[test]
fn serve_renders_every_page_again_when_the_icon_or_image_changes() {
    use kiosque::testing::{DataFiles, Folder, Pipeline};
    use std::path::PathBuf;

    let site = TestSite::new()
        .file("site.toml", SITE)
        .issue("2024-01-02-francais.txt", FRENCH);
    let output = tempfile::tempdir().expect("temp dir");
    let folder = Folder(output.path().to_path_buf());
    let options = kiosque::BuildOptions {
        root: site.root().to_path_buf(),
        ..kiosque::BuildOptions::default()
    };
    let mut live = Pipeline::new(&options, DataFiles::WithPages).expect("read");
    live.run(&folder, &kiosque::Silent).expect("built");
    let page = || std::fs::read_to_string(output.path().join("issues/francais/index.html")).expect("page");
    assert!(page().contains("/gazette/favicon.svg"));
    assert!(output.path().join("favicon.svg").exists());
    // Added: the site's icon and image, on every page; the monogram goes.
    let site = site
        .bytes("static/favicon.png", &png(64, 64))
        .bytes("static/og.png", &png(1200, 630));
    let added = [PathBuf::from("static/favicon.png"), PathBuf::from("static/og.png")];
    live.apply(&added, &folder).expect("built");
    let html = page();
    assert!(
        html.contains("href=\"/gazette/favicon.png\" type=\"image/png\""),
        "{html}"
    );
    assert_eq!(property(head(&html), "og:image:width").as_deref(), Some("1200"));
    assert!(!output.path().join("favicon.svg").exists(), "the monogram is removed");
    // The image made larger: its new size.
    let site = site.bytes("static/og.png", &png(1600, 840));
    live.apply(&[PathBuf::from("static/og.png")], &folder).expect("built");
    assert_eq!(property(head(&page()), "og:image:width").as_deref(), Some("1600"));
    // Removed: the monogram again, and no image.
    std::fs::remove_file(site.root().join("static/favicon.png")).expect("remove");
    std::fs::remove_file(site.root().join("static/og.png")).expect("remove");
    live.apply(&added, &folder).expect("built");
    let html = page();
    assert!(html.contains("/gazette/favicon.svg"), "{html}");
    assert_eq!(property(head(&html), "og:image"), None);
    assert!(output.path().join("favicon.svg").exists(), "the monogram is back");
}
