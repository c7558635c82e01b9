//! Site behaviour beyond the example: drafts, Markdown issues, template
//! overrides, English sites, labels from site.toml.

use crate::common::TestSite;

const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";

#[test]
fn drafts_only_with_the_flag() {
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", ISSUE)
        .issue("2024-01-09-brouillon.txt", &format!("+++\ndraft = true\n+++\n{ISSUE}"))
        .built();
    assert!(!site.public().join("issues/brouillon").exists());
    kiosque::build(&kiosque::BuildOptions {
        root: site.root().to_path_buf(),
        drafts: true,
        ..Default::default()
    })
    .expect("build with drafts");
    assert!(site.public().join("issues/brouillon/index.html").exists());
}

#[test]
fn markdown_issue() {
    let md = "+++\ntitle = \"A Markdown issue\"\ndate = 2024-03-12\n+++\nHello readers, an intro with <b>raw html</b>.\n\n## First story\n\n**The lead** – Some *emphasis* and a [link](https://example.org).\n\n- a list\n- inside\n\nFurther reading:\n\n- [A title](https://example.com/a)\n\n## Second story\n\nText.\n\nPhoto credits: AFP\n";
    let site = TestSite::new().issue("weekly.md", md).built();
    let html = site.page("/issues/weekly/");
    assert!(html.contains("<h1>A Markdown issue</h1>"));
    assert!(html.contains("id=\"first-story\""));
    assert!(html.contains("<strong class=\"lead\">"));
    assert!(html.contains("<em>emphasis</em>"));
    assert!(html.contains("<li>a list</li>"));
    assert!(html.contains("href=\"https://example.com/a\""));
    assert!(
        html.contains("&lt;b&gt;raw html&lt;/b&gt;"),
        "raw HTML is text by default"
    );
    assert!(html.contains("AFP"));
    let with_html = TestSite::new()
        .file(
            "site.toml",
            "base_url = \"https://example.org\"\n[markdown]\nallow_html = true\n",
        )
        .issue("weekly.md", md)
        .built();
    assert!(with_html.page("/issues/weekly/").contains("<b>raw html</b>"));
}

#[test]
fn site_template_overrides_the_theme() {
    let site = TestSite::new()
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<p>Perdu !</p>{% endblock content %}",
        )
        .issue("2024-01-02-x.txt", ISSUE)
        .built();
    assert!(site.page("/404.html").contains("<p>Perdu !</p>"));
    assert!(
        site.page("/issues/x/").contains("<h1>Un titre</h1>"),
        "other templates from the theme"
    );
    assert!(site.public().join("style.css").exists(), "the theme's stylesheet");
}

#[test]
fn english_site_strings_and_dates() {
    let issue = "A title\nAlso in this issue: The second one\nThe first story\nA paragraph long enough to be a paragraph, ending with a period.\nThe second one\nAnother paragraph that ends like a sentence.\nPhoto credits: Reuters\n";
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Weekly\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\n",
        )
        .issue("2023-12-06-a.txt", issue)
        .built();
    let html = site.page("/issues/a/");
    assert!(html.contains("December 6, 2023"));
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("href=\"#the-second-one\">The second one</a>"));
    assert!(html.contains("Photo credits: Reuters"));
}

#[test]
fn site_labels_are_added_to_the_defaults() {
    let issue = "Titre\nAu menu: Deux\nUn\nParagraphe un, bien terminé.\nDeux\nParagraphe deux, bien terminé.\nÀ creuser:\n– Un lien\nImages: Reuters\n";
    let site = TestSite::new()
        .file(
            "site.toml",
            "base_url = \"https://example.org\"\n[labels]\nteasers = [\"Au menu\"]\nfurther_reading = [\"À creuser\"]\ncredits = [\"Images\"]\n",
        )
        .issue("2024-01-02-x.txt", issue)
        .built();
    let issue = &site.issue_json("x");
    assert_eq!(issue["teasers"][0]["text"], "Deux");
    assert_eq!(issue["stories"][1]["further_reading"][0]["title"], "Un lien");
    assert_eq!(issue["credits"], "Reuters");
}

#[test]
fn intro_before_the_first_story() {
    let issue = "Le titre\nBonjour à tous,\nCette semaine, un numéro un peu particulier, consacré à une seule question qui nous occupe depuis longtemps.\nLe premier sujet\nUn paragraphe du sujet, qui finit par un point.\n";
    let site = TestSite::new().issue("2024-01-02-x.txt", issue).built();
    let issue = &site.issue_json("x");
    assert_eq!(issue["intro"].as_array().map(Vec::len), Some(2));
    assert_eq!(issue["stories"][0]["headline"], "Le premier sujet");
}

#[test]
fn an_english_issue_in_a_french_site_keeps_english_typography() {
    let issue = "Weekly: the news\nThe first story\nNvidia has told its largest customers that its new chips will ship late: the delay is at least three months, and it is the first for the company.\n";
    let site = TestSite::new().issue("2024-01-02-en.txt", issue).built();
    let html = site.page("/issues/en/");
    assert!(html.contains("<article class=\"issue\" lang=\"en\" "), "{html}");
    assert!(
        html.contains("will ship late: the delay"),
        "no French space before the colon"
    );
    assert!(html.contains("2 janvier 2024"), "dates stay in the site's language");
    assert_eq!(site.issue_json("en")["lang"], "en");
}

#[test]
fn the_sign_off_closes_the_issue_page_and_its_feed_entry() {
    let issue = "Le titre\nLe premier sujet\nUn paragraphe du sujet, assez long pour en être un, et qui finit par un point.\nUne dernière phrase courte.\nÀ la semaine prochaine !\n– Claire\n";
    let site = TestSite::new().issue("2024-01-02-x.txt", issue).built();
    let html = site.page("/issues/x/");
    let story = html.find("<section class=\"story\"").expect("the story");
    let story_end = story + html[story..].find("</section>").expect("the story's end");
    let outro_at = html.find("<section class=\"outro\">").expect("the outro");
    assert!(outro_at > story_end, "the outro follows the story");
    let outro = &html[outro_at..];
    assert!(outro.contains("<p>À la semaine prochaine\u{202f}!</p>"), "{outro}");
    assert!(outro.contains("<p>– Claire</p>"), "{outro}");
    assert!(
        html[..story_end].contains("Une dernière phrase courte."),
        "the story keeps its own last paragraph"
    );
    assert!(!html[..story_end].contains("Claire"));
    let feed = site.page("/feed.xml");
    assert!(feed.contains("Claire"), "the feed entry has the whole issue");
    assert_eq!(site.issue_json("x")["outro"].as_array().map(Vec::len), Some(2));
}

#[test]
fn pages_lose_template_indentation_but_code_keeps_its_own() {
    let issue = "+++\ntitle = \"Du code\"\n+++\n\n## Le sujet\n\nUn paragraphe du sujet, qui finit par un point.\n\n```\nfn main() {\n    let x = 1;\n\n        x\n}\n```\n";
    let site = TestSite::new().issue("2024-01-02-code.md", issue).built();
    let html = site.page("/issues/code/");
    assert!(
        html.contains("fn main() {\n    let x = 1;\n\n        x\n}"),
        "the code keeps its indentation and blank line:\n{html}"
    );
    let outside_pre = html.split("<pre").next().expect("before the code");
    assert!(!outside_pre.contains("\n "), "no indentation left:\n{outside_pre}");
    assert!(!outside_pre.contains("\n\n"), "no blank line left:\n{outside_pre}");
}
