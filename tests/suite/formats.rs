//! The same issue in every format gives the same structure: the seed as
//! plain text, as Markdown and as an HTML email in a table layout (preheader, "view in
//! browser" link, social icons, share and subscribe buttons, tracking
//! pixel, unsubscribe footer) parse to the same stories, lead-ins, further
//! reading, teasers and credits, and none of the email's chrome is left.
//! The same for the seed as an `.eml` (multipart/alternative, quoted-
//! printable, a UTF-8 text part and an ISO-8859-1 HTML part), whether its
//! text part is the issue or a stub that sends to the HTML.

use kiosque::model::{Issue, Paragraph};
use kiosque::Lang;

use crate::common::{parse_text, TestSite};

const SEED: &str = include_str!("../../content/issues/2023-12-06-elon-musk-xai.txt");
const SEED_MD: &str = include_str!("../formats/2023-12-06-elon-musk-xai.md");
const SEED_HTML: &str = include_str!("../formats/2023-12-06-elon-musk-xai.html");
const SEED_EML: &str = include_str!("../formats/elon-musk-xai.eml");
const SEED_EML_HTML_ONLY: &str = include_str!("../formats/elon-musk-xai-html-only.eml");

/// A paragraph: its lead-in and its text.
type Lines = (Option<String>, String);

/// What a reader sees of an issue's structure: link targets aside (the
/// HTML email links its further reading, the text does not).
#[derive(Debug, PartialEq)]
struct Shape {
    title: String,
    date: String,
    teasers: Vec<(String, Option<usize>)>,
    intro: Vec<Lines>,
    stories: Vec<(String, Vec<Lines>, Vec<String>)>,
    outro: Vec<Lines>,
    credits: Option<String>,
}

fn paragraphs(paragraphs: &[Paragraph]) -> Vec<Lines> {
    paragraphs.iter().map(|p| (p.lead.clone(), p.text.clone())).collect()
}

fn shape(issue: &Issue) -> Shape {
    Shape {
        title: issue.title.clone(),
        date: issue.date.to_string(),
        teasers: issue.teasers.iter().map(|t| (t.text.clone(), t.story)).collect(),
        intro: paragraphs(&issue.intro),
        stories: issue
            .stories
            .iter()
            .map(|s| {
                let further = s.further_reading.iter().map(|l| l.title.clone()).collect();
                (s.headline.clone(), paragraphs(&s.paragraphs), further)
            })
            .collect(),
        outro: paragraphs(&issue.outro),
        credits: issue.credits.clone(),
    }
}

/// The seed in every format it may arrive in: plain text, Markdown, an
/// HTML email in a table layout, an `.eml` whose text part is the issue,
/// an `.eml` whose text part is a stub that sends to the HTML. (The
/// Markdown title writes `s\'attaque`: Markdown's smart punctuation would
/// curl a bare `'`, which the text keeps straight.)
const FORMATS: [(&str, &str); 5] = [
    ("2023-12-06-elon-musk-xai.txt", SEED),
    ("2023-12-06-elon-musk-xai.md", SEED_MD),
    ("2023-12-06-elon-musk-xai.html", SEED_HTML),
    ("elon-musk-xai.eml", SEED_EML),
    ("elon-musk-xai.eml", SEED_EML_HTML_ONLY),
];

#[test]
fn the_seed_parses_alike_in_every_format() {
    let text = parse_text("2023-12-06-elon-musk-xai.txt", SEED, Lang::Fr);
    assert_eq!(text.stories.len(), 3);
    for (name, source) in FORMATS {
        // An email's title comes from its Subject without `[La Lettre
        // Tech]`, its date from the Date header (07:30 +0100 is 06:30 UTC
        // the same day).
        let issue = parse_text(name, source, Lang::Fr);
        assert_eq!(shape(&issue), shape(&text), "{name}");
        assert_eq!(issue.slug, text.slug, "{name}");
    }
    // The HTML keeps the links of its further reading.
    for (name, source) in [FORMATS[2], FORMATS[4]] {
        let issue = parse_text(name, source, Lang::Fr);
        let first = &issue.stories[0].further_reading[0];
        assert_eq!(
            first.url.as_deref(),
            Some("https://lettre.example/articles/1"),
            "{name}"
        );
    }
}

#[test]
fn an_html_email_is_built_without_its_chrome() {
    let site = TestSite::new()
        .issue("2023-12-06-elon-musk-xai.html", SEED_HTML)
        .built();
    let page = site.page("/issues/elon-musk-xai/");
    assert!(page.contains("Lancement de Grok"), "the stories are on the page");
    assert!(page.contains("https://lettre.example/articles/1"), "links are kept");
    for chrome in [
        "Elon Musk lève un milliard",
        "version en ligne",
        "Partager cette lettre",
        "S’abonner à la lettre",
        "twitter.com",
        "linkedin.com",
        "track.lettre.example",
        "spacer.gif",
        "12 rue des Exemples",
        "Vous recevez cet email",
        "désinscrire",
        "unsubscribe",
    ] {
        assert!(!page.contains(chrome), "{chrome:?} is left on the page");
    }
}

#[test]
fn an_html_issue_of_20_mb_is_refused_with_its_name() {
    let cell = "<tr><td><p>Un paragraphe de texte dans une cellule.</p></td></tr>\n";
    let html = format!("<table>{}</table>", cell.repeat(20_000_000 / cell.len()));
    let site = TestSite::new().issue("2023-12-06-huge.html", &html);
    let errors = site.errors();
    assert!(errors.contains("2023-12-06-huge.html"), "{errors}");
    assert!(errors.contains("MB"), "{errors}");
}

#[test]
fn an_email_is_built_into_an_issue_page() {
    let site = TestSite::new().issue("elon-musk-xai.eml", SEED_EML_HTML_ONLY).built();
    let page = site.page("/issues/elon-musk-xai/");
    assert!(page.contains("attaque à ChatGPT"), "the Subject is the title");
    assert!(page.contains("Lancement de Grok"));
    for chrome in ["version en ligne", "désinscrire", "La Lettre Tech]", "=C3=A9", "Ã©"] {
        assert!(!page.contains(chrome), "{chrome:?} is on the page");
    }
}

#[test]
fn bad_emails_are_refused_with_their_name() {
    let headers =
        "From: a@example.org\r\nSubject: Titre\r\nDate: Wed, 6 Dec 2023 07:30:00 +0100\r\nMIME-Version: 1.0\r\n";
    let no_body =
        format!("{headers}Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n");
    let unknown = format!("{headers}Content-Type: text/plain; charset=x-klingon-42\r\n\r\nQapla'\r\n");
    let site = TestSite::new()
        .issue("no-body.eml", &no_body)
        .issue("klingon.eml", &unknown);
    let errors = site.errors();
    assert!(errors.contains("no-body.eml") && errors.contains("no body"), "{errors}");
    assert!(
        errors.contains("klingon.eml") && errors.contains("x-klingon-42"),
        "{errors}"
    );
}

#[test]
fn an_html_issue_may_have_front_matter() {
    let html = "+++\ntitle = \"Le titre\"\ndate = 2024-01-15\n+++\n<html><body><h1>Autre</h1><p>Un paragraphe.</p></body></html>\n";
    let issue = parse_text("sans-date.html", html, Lang::Fr);
    assert_eq!(issue.title, "Le titre");
    assert_eq!(issue.date.to_string(), "2024-01-15");
}
