//! What each page's `<head>` tells search engines and link previews: a
//! description of its own, the canonical address (none on the 404 page),
//! `noindex` where Hugo puts it, Open Graph and Twitter card tags, JSON-LD
//! that parses, the icon and the theme colours; and the language marking
//! of an English issue in a French site (labels, list excerpts, archive,
//! feed entries, quotes).

use serde_json::Value;

use crate::common::TestSite;

const BASE: &str = "https://example.org/gazette";

const SITE: &str = "title = \"La Gazette\"\ndescription = \"Une gazette des puces\"\nbase_url = \"https://example.org/gazette\"\nlanguage = \"fr\"\nper_page = 1\n";

const COMPANIES: &str = "[[company]]\nname = \"Nvidia\"\n\n[[company]]\nname = \"Mistral AI\"\ndescription = \"Jeune pousse française de l'intelligence artificielle.\"\n";

const TAGS: &str = "[[tag]]\nname = \"Puces\"\nslug = \"puces\"\nkeywords = [\"Nvidia\"]\n";

/// French, with a summary.
const FRENCH: &str = "+++\nsummary = \"Le résumé de ce numéro consacré aux puces.\"\n+++\nNvidia et les puces\n\nLa nouvelle génération\nNvidia annonce une nouvelle génération de puces pour les centres de données, livrée dès le printemps.\n";

/// English, with a summary, teasers, further reading and credits.
const ENGLISH: &str = "+++\nlang = \"en\"\nsummary = \"The English summary of this issue.\"\n+++\nWeekly: the chips race\nAlso in this issue: Mistral raises money\n\nThe chips ship late\nNvidia has told its largest customers that its new chips will ship late, by at least three months.\nFurther reading:\n– The delay explained <https://news.example.com/delay>\n\nMistral raises money\nMistral AI is raising a new round of funding, its largest so far, from American investors.\nPhoto credits: Reuters\n";

/// French, neither summary nor teasers: its first sentence, cut before
/// a number that would lose its unit.
const LONG: &str = "Une longue phrase\n\nLa levée\nLa jeune pousse française spécialisée dans les modèles de langage ouverts a annoncé mardi matin être en discussion avec plusieurs grands fonds pour lever 1,37 milliard d'euros auprès de ses investisseurs historiques. Une seconde phrase suit.\n";

/// The site of the tests: three issues in text, one email whose attached
/// image (a 1200 × 630 PNG) is its preview.
fn site() -> TestSite {
    TestSite::new()
        .file("site.toml", SITE)
        .file("content/companies.toml", COMPANIES)
        .file("content/tags.toml", TAGS)
        .issue("2024-01-02-francais.txt", FRENCH)
        .issue("2024-02-05-english.txt", ENGLISH)
        .issue("2024-03-01-longue.txt", LONG)
        .issue("chart.eml", &email_with_image(&png(1200, 630)))
        .built()
}

/// The header of a PNG of `width` × `height`: enough to be measured.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A French email with `image` attached as `chart.png`, and teasers.
fn email_with_image(image: &[u8]) -> String {
    format!(
        "From: La Gazette <gazette@example.org>\nSubject: Le graphique du mois\nDate: Fri, 1 Mar 2024 10:00:00 +0000\nMessage-ID: <chart@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nLe graphique du mois\nEt aussi: Les ventes de puces - Le marché des serveurs\n\nLes ventes de puces\nLes ventes de puces de Nvidia ont doublé sur un an, portées par les centres de données.\n\nLe marché des serveurs\nLe marché des serveurs reste tendu, faute de composants en nombre suffisant.\n\n--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"chart.png\"\n\n{}\n--b--\n",
        base64(image)
    )
}

/// The `<head>` of a page.
fn head(html: &str) -> &str {
    let end = html.find("</head>").expect("a head");
    &html[..end]
}

/// The `content` of `<meta {key}="{name}" content="…">`, unescaped.
fn meta(head: &str, key: &str, name: &str) -> Option<String> {
    let needle = format!("<meta {key}=\"{name}\" content=\"");
    let at = head.find(&needle)? + needle.len();
    let end = head[at..].find('"')?;
    let value = head[at..at + end].replace("&#39;", "'").replace("&quot;", "\"");
    Some(value.replace("&amp;", "&"))
}

fn property(head: &str, name: &str) -> Option<String> {
    meta(head, "property", name)
}

fn named(head: &str, name: &str) -> Option<String> {
    meta(head, "name", name)
}

/// The `href` of `<link rel="{rel}" …>`.
fn link(head: &str, rel: &str) -> Option<String> {
    let needle = format!("<link rel=\"{rel}\" href=\"");
    let at = head.find(&needle)? + needle.len();
    Some(head[at..at + head[at..].find('"')?].to_string())
}

/// The nodes of the page's JSON-LD (its `@graph`), parsed.
fn json_ld(head: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let Some(at) = head.find(open) else {
        return Vec::new();
    };
    let text = &head[at + open.len()..];
    let text = &text[..text.find("</script>").expect("the script's end")];
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD: {e}\n{text}"));
    assert_eq!(value["@context"], "https://schema.org");
    value["@graph"].as_array().expect("a @graph").clone()
}

fn node(nodes: &[Value], kind: &str) -> Value {
    nodes
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {nodes:?}"))
        .clone()
}

/// The names and addresses of a `BreadcrumbList`.
fn trail(list: &Value) -> Vec<(String, Option<String>)> {
    list["itemListElement"]
        .as_array()
        .expect("items")
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(item["position"], i + 1);
            let name = item["name"].as_str().expect("a name").to_string();
            (name, item["item"].as_str().map(str::to_string))
        })
        .collect()
}

/// What every page's head has: the icon, the theme colours, the site's
/// name and a card.
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
    assert_eq!(property(head, "og:site_name").as_deref(), Some("La Gazette"), "{page}");
    assert!(property(head, "og:title").is_some(), "{page}: og:title");
    assert!(named(head, "twitter:card").is_some(), "{page}: twitter:card");
}

/// A page meant for search engines: its own address as canonical and
/// og:url, no noindex, a description.
fn check_indexed(page: &str, head: &str) -> String {
    check_common(page, head);
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
    check_common("/page/2/", h);
    assert_eq!(named(h, "robots").as_deref(), Some("noindex"));
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
    assert_eq!(
        named(head(&html("/tags/puces/page/2/")), "robots").as_deref(),
        Some("noindex")
    );
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
    assert_eq!(
        named(head(&html("/companies/nvidia/page/2/")), "robots").as_deref(),
        Some("noindex")
    );

    // Search: its own description.
    let search = check_indexed("/search/", head(&html("/search/")));
    assert!(search.contains("La Gazette"), "{search}");

    // 404: served at any address, so no canonical; kept out of indexes.
    let not_found = html("/404.html");
    let h = head(&not_found);
    check_common("/404.html", h);
    assert_eq!(named(h, "robots").as_deref(), Some("noindex"));
    assert_eq!(link(h, "canonical"), None);
    assert_eq!(property(h, "og:url"), None);

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
    for url in ["/", "/issues/francais/", "/404.html"] {
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

// ---------- Language marking ----------

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
    for label in ["Et aussi", "Au sommaire", "Pour aller plus loin", "Crédit photos"] {
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
