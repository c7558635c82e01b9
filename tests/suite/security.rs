//! What content and requests from outside cannot do: links and images
//! only to http, https, mailto or relative addresses, in pages, JSON and
//! feeds; raw HTML sanitised; serve's redirects stay on the site and
//! half-sent requests are closed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::serve::Served;
use crate::common::{snapshot, TestSite};

/// Every dangerous way to write a link or an image in Markdown.
const LINKS_MD: &str = "+++
title = \"Liens\"
date = 2024-01-02
+++

Intro avec [un lien sûr](https://ok.example/a) et [Cliquez ici](javascript:alert(1)).

## Premier sujet

Un [casse](JaVaScRiPt:alert(2)), un [tab](<java\tscript:alert(3)>), un [tab codé](java&#9;script:alert(3)),
un [espace]( javascript:alert(4)), <javascript:alert(5)>, un [data](data:text/html;base64,PHNjcmlwdD4=),
un [vb](vbscript:msgbox(7)), un [entité](&#106;avascript:alert(8)), un [pourcent](%6Aavascript:alert(8)),
![Un chat](javascript:alert(9)), un [renvoi][r] et un [relatif](/issues/liens/#premier-sujet),
un [guillemet](<https://ok.example/q\" onmouseover=\"alert(40)>).

[r]: javascript:alert(10)

Pour aller plus loin:

- [Lire](javascript:alert(11))
- Autre titre <javascript:alert(12)>
- [Bon](https://ok.example/b)
";

/// The same in a plain-text issue's further reading.
const LINKS_TXT: &str = "Un titre en texte
Un sujet du jour
Un paragraphe qui est assez long pour être un paragraphe, avec javascript:alert(1) dedans.
Pour aller plus loin:
– Un titre <javascript:alert(13)>
– Un autre (javascript:alert(14))
– [Encore un](data:text/html;base64,PHNjcmlwdD4=)
– Le bon <https://ok.example/c>
";

/// Raw HTML in a site that allows it.
const HTML_MD: &str = "+++
title = \"Html\"
date = 2024-01-03
+++

## Sujet brut

Du <a href=\"javascript:alert(20)\">texte lié</a> et <a href=\"&#106;avascript:alert(21)\">encore</a>,
<img src=\"x\" onerror=\"alert(22)\" alt=\"image cassée\"> <span onclick=\"alert(23)\">clic</span>.

<script>alert(24)</script>

<figure><img src=\"https://ok.example/i.png\" alt=\"Une figure\"><figcaption>Légende</figcaption></figure>

<table><tr><th>Titre</th></tr><tr><td><a href=\"https://ok.example/t\">cellule</a></td></tr></table>

<iframe src=\"https://evil.example/\"></iframe><svg onload=\"alert(25)\"></svg>
<a href=\"data:text/html,x\">donnée</a> <a href=\"//ok.example/p\">protocole</a>
";

const COMPANIES: &str = "[[company]]
name = \"Evil Corp\"
slug = \"evil\"
url = \"javascript:alert(30)\"

[[company]]
name = \"Good Corp\"
slug = \"good\"
url = \"https://good.example/\"
";

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` decoded: the HTML inside a feed.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// A link target a browser may follow without running anything.
fn is_safe(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "/", "#", "?"]
        .iter()
        .any(|p| url.starts_with(p))
        || !url.contains(':')
}

/// `href` and `src` values of HTML that are not safe.
fn unsafe_targets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\"", "href='", "src='"] {
        let quote = &attr[attr.len() - 1..];
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            let value = &value[..value.find(quote).unwrap_or(value.len())];
            if !is_safe(value) {
                found.push(value.to_string());
            }
        }
    }
    found
}

/// Unsafe targets in a JSON value: `url` fields and the HTML of any text.
fn unsafe_in_json(value: &serde_json::Value, key: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if key == "url" && !is_safe(text) => found.push(text.clone()),
        serde_json::Value::String(text) => found.extend(unsafe_targets(text)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| unsafe_in_json(v, key, found)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| unsafe_in_json(v, k, found)),
        _ => {}
    }
}

/// Every unsafe link or image target of the built site, by file.
fn unsafe_links(site: &TestSite) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        let targets = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => unsafe_targets(&text),
            Some("xml") => unsafe_targets(&unescape(&text)),
            Some("json") => {
                let mut targets = Vec::new();
                let json = serde_json::from_str(&text).expect("valid JSON");
                unsafe_in_json(&json, "", &mut targets);
                targets
            }
            _ => Vec::new(),
        };
        found.extend(targets.into_iter().map(|t| format!("{}: {t}", path.display())));
    }
    found
}

/// The text of an element, markup removed: what a reader sees.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn markdown_links_only_to_safe_urls_their_text_kept() {
    let site = TestSite::new()
        .issue("2024-01-02-liens.md", LINKS_MD)
        .issue("2024-01-04-texte.txt", LINKS_TXT)
        .built();
    assert_eq!(unsafe_links(&site), Vec::<String>::new());
    let page = site.page("/issues/liens/");
    assert!(!page.contains(" onmouseover="), "a quote ended the attribute");
    let seen = visible_text(&page);
    for text in [
        "Cliquez ici",
        "casse",
        "tab codé",
        "espace",
        "javascript:alert(5)",
        "data",
        "entité",
        "Un chat",
        "renvoi",
        "Lire",
        "Autre titre",
    ] {
        assert!(seen.contains(text), "`{text}` is no longer shown");
    }
    for kept in [
        "href=\"https://ok.example/a\"",
        "href=\"https://ok.example/b\"",
        "href=\"/issues/liens/#premier-sujet\"",
    ] {
        assert!(page.contains(kept), "{kept} lost");
    }
    let text_issue = site.page("/issues/texte/");
    assert!(text_issue.contains("href=\"https://ok.example/c\""));
    assert!(visible_text(&text_issue).contains("Encore un"));
}

#[test]
fn raw_html_is_sanitised_where_allowed() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n[markdown]\nallow_html = true\n",
        )
        .issue("2024-01-03-html.md", HTML_MD)
        .built();
    assert_eq!(unsafe_links(&site), Vec::<String>::new());
    for (path, bytes) in snapshot(&site.public()) {
        if path == std::path::Path::new("favicon.svg") {
            // The theme's icon, none of the content.
            continue;
        }
        let text = unescape(&String::from_utf8_lossy(&bytes).replace("\\\"", "\""));
        for gone in [
            "alert(2",
            "onerror",
            "onclick",
            "onload",
            "<iframe",
            "<svg",
            "evil.example",
        ] {
            assert!(!text.contains(gone), "{}: {gone}", path.display());
        }
    }
    let page = site.page("/issues/html/");
    for kept in [
        "texte lié",
        "encore",
        "clic",
        "<figure><img src=\"https://ok.example/i.png\" alt=\"Une figure\"><figcaption>Légende</figcaption></figure>",
        "<th>Titre</th>",
        "<a href=\"https://ok.example/t\" rel=\"noopener noreferrer\">cellule</a>",
        "href=\"https://ok.example/p\"",
        "donnée",
    ] {
        assert!(page.contains(kept), "{kept} lost");
    }
}

#[test]
fn company_website_only_when_safe() {
    let issue = "Un titre\nEvil Corp et Good Corp\nUn paragraphe sur Evil Corp et Good Corp, assez long pour être un paragraphe.\n";
    let site = TestSite::new()
        .file("content/companies.toml", COMPANIES)
        .issue("2024-01-02-x.txt", issue)
        .built();
    assert_eq!(unsafe_links(&site), Vec::<String>::new());
    assert!(site.page("/companies/good/").contains("href=\"https://good.example/\""));
    assert!(site.page("/companies/evil/").contains("Evil Corp"));
}

const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";

fn served_site() -> TestSite {
    TestSite::new().issue("2024-01-02-x.txt", ISSUE)
}

/// The `Location` header of a response head.
fn location(head: &str) -> Option<&str> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location").then(|| value.trim())
    })
}

#[test]
fn redirects_never_name_another_host() {
    let site = served_site();
    let served = Served::start(site.root());
    for (path, want) in [
        ("//archive", "/archive/"),
        ("///archive", "/archive/"),
        ("//issues//x", "/issues/x/"),
        ("/%2F%2Farchive", "/archive/"),
        ("/%2farchive", "/archive/"),
        ("/./archive", "/archive/"),
        ("/archive", "/archive/"),
    ] {
        let (status, head, _) = served.get(path);
        assert_eq!(status, 301, "{path}: {head}");
        assert_eq!(location(&head), Some(want), "{path}: {head}");
    }
    for path in ["/\\archive", "/%5Carchive", "/%5C%5Carchive"] {
        let (status, head, _) = served.get(path);
        assert!(location(&head).is_none(), "{path}: {head}");
        assert_eq!(status, 400, "{path}: {head}");
    }
}

#[test]
fn half_sent_requests_are_closed() {
    let site = served_site();
    let served = Served::start(site.root());
    // Five clients send the start of a request and then nothing more.
    let mut clients: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut stream = TcpStream::connect(&served.address).expect("connect");
            write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\n", served.address).expect("half a request");
            // Anti-hang bound, far above serve's header timeout.
            stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
            stream
        })
        .collect();
    for stream in &mut clients {
        let mut answer = Vec::new();
        let closed = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            closed.is_ok()
                || answer.is_empty() && closed.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
            "the connection stayed open: {answer}"
        );
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
    // The server still answers whole requests.
    assert_eq!(served.get("/issues/x/").0, 200);
}
