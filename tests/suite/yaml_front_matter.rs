//! YAML front matter (`---` … `---`), as Jekyll, Hugo and Buttondown write
//! it, in Markdown and plain-text issues: the keys of TOML front matter
//! (and Buttondown's `subject` and `publish_date`), errors at the line of
//! the file, and a text that opens with a rule of dashes left as it is.

use crate::common::TestSite;

const MD: &str = "---
title: \"Le numéro de mars\"
date: 2024-03-05
tags:
  - ia
  - cloud
summary: Un résumé.
authors: [Ann, Bob]
number: 12
---
Introduction du numéro.

## Une première histoire

Un paragraphe de la première histoire, assez long pour en être un.
";

const TAGS: &str = "[[tag]]\nname = \"IA\"\nslug = \"ia\"\n\n[[tag]]\nname = \"Cloud\"\nslug = \"cloud\"\n";

/// `{"issues": [...]}` with every issue's whole JSON (`api/issues/<slug>.json`).
fn api(site: &TestSite) -> serde_json::Value {
    let json = std::fs::read_to_string(site.public().join("api/issues.json")).expect("issues.json");
    let index: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let issues: Vec<serde_json::Value> = index["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|entry| site.issue_json(entry["slug"].as_str().expect("slug")))
        .collect();
    serde_json::json!({ "issues": issues })
}

#[test]
fn a_markdown_issue_with_yaml_front_matter() {
    let site = TestSite::new()
        .file("content/tags.toml", TAGS)
        .issue("mars.md", MD)
        .built();
    let issue = &api(&site)["issues"][0];
    assert_eq!(issue["title"], "Le numéro de mars");
    assert_eq!(issue["date"], "2024-03-05");
    assert_eq!(issue["number"], 12);
    assert_eq!(issue["summary"], "Un résumé.");
    assert_eq!(issue["authors"], serde_json::json!(["Ann", "Bob"]));
    let mut tags: Vec<&str> = issue["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["cloud", "ia"]);
    let page = site.page("/issues/mars/");
    assert!(page.contains("Une première histoire"), "the body is read");
    assert!(!page.contains("summary:"), "the front matter is not on the page");
    assert!(site.public().join("tags/ia/index.html").exists());
}

#[test]
fn buttondown_keys_are_aliases() {
    let text = "---\nsubject: Bonjour de Buttondown\npublish_date: 2024-02-10T09:30:00Z\nslug: bonjour\nemail_type: public\n---\nLe texte du courriel, en un paragraphe.\n";
    let draft = "---\nsubject: Pas encore\npublish_date: 2024-02-11\nstatus: draft\n---\nLe texte.\n";
    let site = TestSite::new().issue("0001.md", text).issue("0002.md", draft).built();
    let issues = &api(&site)["issues"];
    assert_eq!(issues.as_array().map(Vec::len), Some(1), "the draft is left out");
    assert_eq!(issues[0]["title"], "Bonjour de Buttondown");
    assert_eq!(issues[0]["date"], "2024-02-10");
    assert_eq!(issues[0]["slug"], "bonjour");
}

#[test]
fn a_text_issue_may_have_yaml_front_matter() {
    let text =
        "---\ndate: 2024-04-02\nmessage_id: \"<abc@lettre.example>\"\n---\nLe titre du texte\n\nUn paragraphe.\n";
    let site = TestSite::new().issue("texte.txt", text).built();
    let issue = &api(&site)["issues"][0];
    assert_eq!(issue["title"], "Le titre du texte");
    assert_eq!(issue["date"], "2024-04-02");
    assert_eq!(issue["message_id"], "<abc@lettre.example>");
}

#[test]
fn errors_in_yaml_front_matter_name_the_file_and_line() {
    let bad_date = "---\ntitle: Un titre\ndate: le 5 mars\n---\nCorps.\n";
    let bad_yaml = "---\ntitle: Un titre\ndate: 2024-03-05\ntags: [ia, cloud\n---\nCorps.\n";
    let unclosed = "---\ntitle: Un titre\ndate: 2024-03-05\n\nCorps.\n";
    let site = TestSite::new()
        .issue("bad-date.md", bad_date)
        .issue("bad-yaml.md", bad_yaml)
        .issue("unclosed.md", unclosed);
    let errors = site.errors();
    assert!(errors.contains("bad-date.md:3"), "{errors}");
    assert!(errors.contains("le 5 mars"), "{errors}");
    assert!(errors.contains("bad-yaml.md:"), "{errors}");
    assert!(errors.contains("invalid YAML"), "{errors}");
    assert!(
        !errors.contains("bad-yaml.md:1\n"),
        "the line of the error, not of the block: {errors}"
    );
    assert!(errors.contains("unclosed.md:1"), "{errors}");
    assert!(errors.contains("never closed"), "{errors}");
}

#[test]
fn a_rule_of_dashes_is_text_a_block_of_keys_front_matter() {
    // A text issue framed by rules: its first line of text is the title.
    let text = "---\nLa lettre du lundi\n---\n\nUn paragraphe: le premier, qui parle de la semaine.\n";
    let markdown = "---\n\n# Le titre\n\nIntroduction: une ligne qui a deux points.\n\n## Une histoire\n\nSon texte.\n";
    // The same lines of dashes around keys: front matter.
    let keys = "---\ntitle: La lettre du mardi\n---\n\nUn paragraphe: le premier, qui parle de la semaine.\n";
    let site = TestSite::new()
        .issue("2024-05-06-lundi.txt", text)
        .issue("2024-05-07-regle.md", markdown)
        .issue("2024-05-08-mardi.txt", keys)
        .built();
    let issues = &api(&site)["issues"];
    let of = |slug: &str| {
        issues
            .as_array()
            .and_then(|all| all.iter().find(|i| i["slug"] == slug))
            .cloned()
            .unwrap_or_else(|| panic!("{slug} in {issues}"))
    };
    assert_eq!(of("lundi")["title"], "La lettre du lundi");
    assert_eq!(of("lundi")["date"], "2024-05-06");
    assert_eq!(of("regle")["stories"][0]["headline"], "Une histoire");
    assert_eq!(of("mardi")["title"], "La lettre du mardi");
    let intro = of("mardi")["intro"].to_string();
    assert!(!intro.contains("title:") && !intro.contains("---"), "{intro}");
}
