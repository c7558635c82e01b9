//! The reference issue (a real French newsletter) parses exactly, in both
//! plain-text layouts: one paragraph per line, and hard-wrapped at 72 columns.

use kiosque::model::Issue;
use kiosque::Lang;

use crate::common::parse_text;

const SEED: &str = include_str!("../../content/issues/2023-12-06-elon-musk-xai.txt");

fn parse(name: &str, text: &str) -> Issue {
    parse_text(name, text, Lang::Fr)
}

/// Wraps every line at 72 columns, a blank line between paragraphs, as a
/// mail client sending plain text does.
fn hard_wrap(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > 72 {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push_str("\n\n");
    }
    out
}

fn check_seed(issue: &Issue) {
    assert_eq!(issue.title, "Elon Musk s'attaque à ChatGPT");
    assert_eq!(issue.date.to_string(), "2023-12-06");
    assert_eq!(issue.slug, "elon-musk-xai");
    let teasers: Vec<(&str, Option<usize>)> = issue.teasers.iter().map(|t| (t.text.as_str(), t.story)).collect();
    assert_eq!(
        teasers,
        [
            ("Nouveau plan social chez Spotify", Some(1)),
            ("Vers une nouvelle levée record pour Mistral AI", Some(2))
        ]
    );
    let headlines: Vec<&str> = issue.stories.iter().map(|s| s.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "Elon Musk va lever un milliard de dollars pour concurrencer ChatGPT",
            "Malgré ses premiers profits en deux ans, Spotify coupe à nouveau dans ses effectifs",
            "Vers une nouvelle levée de fonds record pour Mistral AI",
        ]
    );
    let leads: Vec<&str> = issue
        .stories
        .iter()
        .flat_map(|s| &s.paragraphs)
        .filter_map(|p| p.lead.as_deref())
        .collect();
    assert_eq!(
        leads,
        [
            "Lancement de Grok",
            "Milliers de GPU",
            "Contre l’IA “woke”",
            "Baisse des dépenses",
            "Hausse de prix",
            "Limite du modèle"
        ]
    );
    let paragraphs: Vec<usize> = issue.stories.iter().map(|s| s.paragraphs.len()).collect();
    assert_eq!(paragraphs, [4, 4, 1]);
    let further: Vec<usize> = issue.stories.iter().map(|s| s.further_reading.len()).collect();
    assert_eq!(further, [2, 2, 2]);
    assert_eq!(
        issue.stories[0].further_reading[0].title,
        "Les coûts exorbitants de l’IA menacent de freiner son adoption"
    );
    assert_eq!(issue.stories[0].further_reading[0].url, None);
    let ek = &issue.stories[1].paragraphs[0];
    assert_eq!(ek.lead, None);
    assert!(ek.text.starts_with("Daniel Ek le reconnaît: le timing"), "{}", ek.text);
    assert!(issue.stories[0].paragraphs[0].text.starts_with("En début d’année"));
    assert!(issue.intro.is_empty());
    assert_eq!(issue.credits.as_deref(), Some("Flickr / Uk Government - Spotify"));
    let anchors: Vec<&str> = issue.stories.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(anchors[2], "vers-une-nouvelle-levee-de-fonds-record-pour-mistral-ai");
}

#[test]
fn seed_parses() {
    check_seed(&parse("content/issues/2023-12-06-elon-musk-xai.txt", SEED));
}

#[test]
fn hard_wrapped_seed_parses_the_same() {
    let wrapped = hard_wrap(SEED);
    assert!(wrapped.lines().all(|l| l.chars().count() <= 72));
    let one_per_line = parse("content/issues/2023-12-06-elon-musk-xai.txt", SEED);
    let hard_wrapped = parse("content/issues/2023-12-06-elon-musk-xai.txt", &wrapped);
    check_seed(&hard_wrapped);
    assert_eq!(one_per_line.stories, hard_wrapped.stories);
}

#[test]
fn seed_with_windows_line_endings_and_front_matter() {
    let text = format!(
        "+++\nnumber = 12\ntitle = \"Autre titre\"\n+++\n{}",
        SEED.replace('\n', "\r\n")
    );
    let issue = parse("content/issues/2023-12-06-elon-musk-xai.txt", &text);
    assert_eq!(issue.title, "Autre titre");
    assert_eq!(issue.number, Some(12));
    assert_eq!(issue.stories.len(), 3);
}
