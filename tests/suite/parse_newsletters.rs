//! Newsletters that are not the seed: English and French, hard-wrapped or
//! one paragraph a line, numbered headlines, the links a mailing tool puts
//! above and below, a greeting, a sign-off and a signature. Each parses to
//! the stories an editor sees in it.

use std::path::Path;

use crate::common::parse_text;
use kiosque::model::Issue;
use kiosque::Lang;

/// A newsletter of tests/newsletters/, parsed for an English site.
fn parse(name: &str) -> Issue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/newsletters")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_text(name, &text, Lang::En)
}

fn headlines(issue: &Issue) -> Vec<&str> {
    issue.stories.iter().map(|s| s.headline.as_str()).collect()
}

fn texts(paragraphs: &[kiosque::model::Paragraph]) -> Vec<&str> {
    paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn hard_wrapped_english_with_a_question_headline() {
    let issue = parse("2024-05-02-wrapped-en.txt");
    assert_eq!(issue.title, "The chip war gets a new front");
    assert_eq!(
        headlines(&issue),
        [
            "Nvidia's new rival",
            "Is the AI bubble about to burst?",
            "Spotify's price hike"
        ]
    );
    let teased: Vec<Option<usize>> = issue.teasers.iter().map(|t| t.story).collect();
    assert_eq!(teased, [Some(1), Some(2)]);
    assert_eq!(issue.intro.len(), 1);
    assert!(issue.intro[0].text.ends_with("Here is what you need to know."));
    let first = &issue.stories[0];
    assert_eq!(first.paragraphs.len(), 2);
    assert_eq!(first.paragraphs[1].lead.as_deref(), Some("Cloud providers hedge"));
    assert!(
        first.paragraphs[1].text.ends_with("anytime soon."),
        "{}",
        first.paragraphs[1].text
    );
    let reading: Vec<(&str, Option<&str>)> = first
        .further_reading
        .iter()
        .map(|l| (l.title.as_str(), l.url.as_deref()))
        .collect();
    assert_eq!(
        reading,
        [
            ("The inference chip race", Some("https://example.com/chips")),
            ("Why hyperscalers design silicon", Some("https://example.com/silicon"))
        ]
    );
    assert_eq!(issue.stories[2].paragraphs.len(), 1);
    assert_eq!(texts(&issue.outro), ["See you next week,", "Sam"]);
    assert_eq!(issue.credits.as_deref(), Some("Reuters, Bloomberg"));
}

#[test]
fn french_with_spaces_before_colons_a_web_version_link_and_a_signature() {
    let issue = parse("2024-05-09-espaces-fr.txt");
    assert_eq!(issue.title, "La semaine où Mistral a changé d'échelle");
    assert_eq!(
        headlines(&issue),
        [
            "Mistral AI lève 600 millions d'euros",
            "Apple cède sur le DMA",
            "Nvidia toujours plus haut"
        ]
    );
    assert_eq!(issue.teasers.len(), 2);
    assert_eq!(issue.intro.len(), 1);
    assert_eq!(
        issue.stories[0].paragraphs[1].lead.as_deref(),
        Some("Une course aux talents")
    );
    assert_eq!(issue.stories[0].further_reading.len(), 2);
    assert_eq!(issue.stories[2].paragraphs.len(), 1);
    assert_eq!(texts(&issue.outro), ["Bonne semaine à tous !", "– Claire"]);
    assert_eq!(issue.credits.as_deref(), Some("AFP, Reuters"));
}

#[test]
fn numbered_headlines_lose_their_numbers_and_the_footer_goes() {
    let issue = parse("2024-06-01-numbered-en.txt");
    assert_eq!(issue.title, "Weekly Tech Brief #142: Apple bets on AI");
    assert_eq!(
        headlines(&issue),
        ["Apple unveils its AI strategy", "Microsoft pauses Recall", "In brief"]
    );
    assert_eq!(issue.stories[0].anchor, "apple-unveils-its-ai-strategy");
    assert_eq!(issue.stories[0].further_reading.len(), 2);
    assert_eq!(issue.stories[2].paragraphs.len(), 2, "the briefs, without the sign-off");
    assert_eq!(
        texts(&issue.outro),
        ["That's all for this week. See you next Monday!", "— The Brief team"]
    );
    let all = format!("{issue:?}");
    assert!(!all.contains("Unsubscribe"), "the mailing tool's footer is cut");
}

#[test]
fn mailing_tool_lines_a_greeting_a_photo_credit_and_a_sign_off() {
    let issue = parse("2024-06-08-mailing-tool-en.txt");
    assert_eq!(issue.title, "The week in AI: agents everywhere");
    assert_eq!(texts(&issue.intro)[0], "Hello everyone,");
    assert_eq!(
        headlines(&issue),
        ["OpenAI's agent can book your flights", "Google answers with Mariner"]
    );
    assert_eq!(issue.credits.as_deref(), Some("Google"));
    assert_eq!(texts(&issue.outro), ["Thanks for reading,", "Jane"]);
}

#[test]
fn markdown_with_numbered_headings_and_a_sign_off() {
    let issue = parse("2024-07-05-markdown-fr.md");
    assert_eq!(headlines(&issue), ["Nvidia dépasse Apple", "Spotify augmente ses prix"]);
    assert_eq!(issue.intro.len(), 1);
    let last = &issue.stories[1];
    assert_eq!(last.paragraphs.len(), 2, "the paragraph and its list stay in the story");
    assert!(last.paragraphs[1].block);
    assert_eq!(
        texts(&issue.outro),
        ["Merci de votre lecture et à la semaine prochaine !", "— L’équipe"]
    );
}

#[test]
fn teasers_listed_under_their_label_and_urls_under_their_titles() {
    let issue = parse("2024-07-10-listed-teasers-en.txt");
    let teasers: Vec<(&str, Option<usize>)> = issue.teasers.iter().map(|t| (t.text.as_str(), t.story)).collect();
    assert_eq!(
        teasers,
        [
            ("OpenAI's new agent", Some(0)),
            ("Google's answer", Some(1)),
            ("Why it matters", Some(2))
        ]
    );
    assert!(issue.intro.is_empty());
    assert_eq!(
        headlines(&issue),
        ["OpenAI's new agent", "Google's answer", "Why it matters"]
    );
    let reading: Vec<(&str, Option<&str>)> = issue.stories[0]
        .further_reading
        .iter()
        .map(|l| (l.title.as_str(), l.url.as_deref()))
        .collect();
    assert_eq!(
        reading,
        [
            ("OpenAI's announcement", Some("https://example.com/openai")),
            ("A review by The Verge", Some("https://example.com/verge"))
        ]
    );
}

#[test]
fn section_names_in_capitals_above_headlines() {
    let issue = parse("2024-08-08-sections-en.txt");
    let stories: Vec<(Option<&str>, &str, usize)> = issue
        .stories
        .iter()
        .map(|s| (s.kicker.as_deref(), s.headline.as_str(), s.paragraphs.len()))
        .collect();
    assert_eq!(
        stories,
        [
            (Some("MARKETS"), "Stocks rally as inflation cools", 1),
            (Some("TECH"), "Nvidia's results beat expectations again", 1),
            (Some("DEALS"), "Two telecom giants agree to merge", 1)
        ]
    );
}

#[test]
fn an_issue_of_one_piece_keeps_its_sign_off_apart() {
    let issue = parse("2024-08-01-one-piece-en.txt");
    assert!(issue.stories.is_empty());
    assert_eq!(issue.intro.len(), 3);
    assert_eq!(texts(&issue.outro), ["Thank you for your loyalty,", "The editors"]);
}

#[test]
fn with_a_title_in_front_matter_the_first_line_is_content_unless_it_is_the_title() {
    let story = "Premier sujet\nUn paragraphe du sujet, assez long pour en être un, qui finit par un point.\n";
    // The body opens with a headline: it stays one.
    let issue = parse_text(
        "2024-01-02-a.txt",
        &format!("+++\ntitle = \"Le titre\"\n+++\n{story}"),
        Lang::Fr,
    );
    assert_eq!(issue.title, "Le titre");
    assert_eq!(headlines(&issue), ["Premier sujet"]);
    // The email's own title line, the same or followed by a headline: the title line.
    for first in ["Le titre", "L'ancien titre du courriel"] {
        let issue = parse_text(
            "2024-01-02-b.txt",
            &format!("+++\ntitle = \"Le titre\"\n+++\n{first}\n{story}"),
            Lang::Fr,
        );
        assert_eq!(issue.title, "Le titre");
        assert_eq!(headlines(&issue), ["Premier sujet"], "after {first:?}");
        assert!(issue.intro.is_empty());
    }
    // The body opens with the introduction: kept as such.
    let intro = "Bonjour à tous, un numéro un peu particulier cette semaine, consacré à une seule question.\n";
    let issue = parse_text(
        "2024-01-02-c.txt",
        &format!("+++\ntitle = \"Le titre\"\n+++\n{intro}{story}"),
        Lang::Fr,
    );
    assert_eq!(issue.intro.len(), 1);
    assert_eq!(headlines(&issue), ["Premier sujet"]);
}
