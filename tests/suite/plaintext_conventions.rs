//! The conventions of plain-text email (issue 9), each read as a reader
//! reads it, from fixtures written for the tests: a banner and underlined
//! headlines, reference links, a section above a headline, a linked
//! headline with a list, quotes, tables, code, a digest of linked items;
//! what the page, the JSON and the feed show of them.

use crate::common::{parse_text, TestSite};
use kiosque::model::{BlockKind, Issue, Story};
use kiosque::Lang;

const CONVENTIONS: &str = include_str!("../newsletters/2024-09-05-conventions-en.txt");

fn parse(name: &str, text: &str) -> Issue {
    parse_text(name, text, Lang::En)
}

fn conventions() -> Issue {
    parse("2024-09-05-conventions-en.txt", CONVENTIONS)
}

fn story<'a>(issue: &'a Issue, headline: &str) -> &'a Story {
    issue
        .stories
        .iter()
        .find(|s| s.headline == headline)
        .unwrap_or_else(|| panic!("no story `{headline}` in {:#?}", headlines(issue)))
}

fn headlines(issue: &Issue) -> Vec<&str> {
    issue.stories.iter().map(|s| s.headline.as_str()).collect()
}

#[test]
fn a_banner_is_the_title_and_underlines_make_headlines() {
    let issue = conventions();
    assert_eq!(issue.title, "The Harbour Dispatch, issue 12");
    assert_eq!(
        headlines(&issue),
        [
            "Around the port",
            "Ferry timetable",
            "Letters",
            "Tide table",
            "How to read the buoy log",
            "Links of the week"
        ]
    );
    assert_eq!(issue.intro.len(), 1, "the wrapped introduction is one paragraph");
    let kickers: Vec<Option<&str>> = issue.stories.iter().map(|s| s.kicker.as_deref()).collect();
    assert_eq!(kickers, [None, Some("News from the water"), None, None, None, None]);
}

#[test]
fn a_reference_links_its_number_and_is_not_text() {
    let issue = conventions();
    let port = story(&issue, "Around the port");
    assert_eq!(port.paragraphs.len(), 1);
    let cited = &port.paragraphs[0];
    assert!(cited.text.contains("new quay [1] after"));
    assert_eq!(cited.items[0].link.as_deref(), Some("https://example.org/minutes"));
    let all: Vec<&str> = issue.stories.iter().flat_map(kiosque::model::Story::texts).collect();
    assert!(
        !all.iter().any(|t| t.contains("[1]: https")),
        "the definition is no text"
    );
}

#[test]
fn a_line_above_a_headline_with_a_list_is_its_section_and_the_list_nests() {
    let issue = conventions();
    let ferry = story(&issue, "Ferry timetable");
    assert_eq!(ferry.kicker.as_deref(), Some("News from the water"));
    assert_eq!(ferry.link.as_deref(), Some("https://example.org/ferry"));
    let list = &ferry.paragraphs[0];
    assert_eq!(list.kind, Some(BlockKind::List));
    assert_eq!(list.items.len(), 2);
    assert_eq!(
        list.items[0].text,
        "Weekday crossings now leave every forty minutes from the north pier"
    );
    assert_eq!(
        list.items[0].link.as_deref(),
        Some("https://example.org/ferry/weekdays")
    );
    let nested: Vec<&str> = list.items[0].items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(nested, ["The first one at six", "The last one at ten"]);
}

#[test]
fn quotes_tables_and_code_are_blocks_of_their_story() {
    let issue = conventions();
    let kinds = |s: &Story| s.paragraphs.iter().map(|p| p.kind).collect::<Vec<_>>();
    let letters = story(&issue, "Letters");
    assert_eq!(kinds(letters)[0], Some(BlockKind::Quote));
    assert!(letters.paragraphs[0]
        .text
        .starts_with("We have waited years for this quay, and we are delighted"));
    let tides = story(&issue, "Tide table");
    assert_eq!(kinds(tides), [Some(BlockKind::Table)]);
    let log = story(&issue, "How to read the buoy log");
    assert_eq!(kinds(log), [Some(BlockKind::Code)]);
    assert_eq!(
        log.paragraphs[0].text,
        "grep buoy-7 harbour.log\ntail -n 20 harbour.log"
    );
}

#[test]
fn a_digest_item_keeps_its_title_link_and_blurb() {
    let issue = conventions();
    let links = story(&issue, "Links of the week");
    let list = &links.paragraphs[0];
    assert_eq!(list.kind, Some(BlockKind::List));
    let items: Vec<(&str, Option<&str>, Option<&str>)> = list
        .items
        .iter()
        .map(|i| (i.text.as_str(), i.link.as_deref(), i.blurb.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            (
                "The lighthouse keepers' guide",
                Some("https://example.org/guide"),
                Some("A short read on how the keepers kept the light burning in storms.")
            ),
            (
                "Knots for beginners",
                Some("https://example.org/knots"),
                Some("Six knots that every deckhand should know by heart.")
            ),
        ]
    );
}

#[test]
fn both_layouts_read_the_same() {
    let wrapped = conventions();
    // The same issue, one paragraph a line.
    let line = "The Harbour Dispatch, issue 12\nWelcome back. This week the harbour board met, the ferry timetable changed again, and readers sent us more letters than ever before, which we are glad to print below for everyone to enjoy.\nAround the port\nThe board approved the new quay [1] after a long meeting that ran late into the evening, and the works start in the spring of next year according to the minutes published on Tuesday.\nNews from the water\nFerry timetable <https://example.org/ferry>\n- Weekday crossings now leave every forty minutes from the north pier (https://example.org/ferry/weekdays)\n  - The first one at six\n  - The last one at ten\n- Weekend crossings are unchanged\nLetters\n> We have waited years for this quay, and we are delighted that the board finally listened to the people who work on the water.\nTide table\nDay | High | Low\n---|---|---\nMonday | 06:10 | 12:25\nHow to read the buoy log\n\n    grep buoy-7 harbour.log\n\nLinks of the week\n- The lighthouse keepers' guide <https://example.org/guide>\n[1]: https://example.org/minutes\n";
    let line = parse("2024-09-05-conventions-line.txt", line);
    assert_eq!(headlines(&line), headlines(&wrapped));
    assert_eq!(
        story(&line, "Ferry timetable").kicker.as_deref(),
        Some("News from the water")
    );
}

#[test]
fn the_page_the_json_and_the_feed_show_the_blocks_escaped() {
    let hostile = "Title\n\nA headline <https://example.org/h>\n\n- <script>alert(1)</script> <https://example.org/a>\n\n> <b>quoted</b>\n\nA | <i>cell</i>\nB | C\n";
    let site = TestSite::new()
        .issue("2024-09-05-conventions.txt", CONVENTIONS)
        .issue("2024-09-06-hostile.txt", hostile)
        .built();
    let page = site.page("/issues/conventions/");
    for expected in [
        "<blockquote><p>We have waited years",
        "<pre><code>grep buoy-7 harbour.log\ntail -n 20 harbour.log</code></pre>",
        "<table><tr><th>Day</th>",
        "<ul><li><a href=\"https://example.org/ferry/weekdays\">Weekday crossings",
        "<ul><li>The first one at six</li>",
        "<a href=\"https://example.org/minutes\">[1]</a>",
        "href=\"https://example.org/ferry\"",
    ] {
        assert!(page.contains(expected), "{expected} in\n{page}");
    }
    let hostile_page = site.page("/issues/hostile/");
    assert!(!hostile_page.contains("<script>alert"), "{hostile_page}");
    assert!(!hostile_page.contains("<b>quoted"), "{hostile_page}");
    assert!(!hostile_page.contains("<i>cell"), "{hostile_page}");
    let json = site.all_issue_json();
    for expected in [
        "\"kind\":\"list\"",
        "\"kind\":\"quote\"",
        "\"kind\":\"table\"",
        "\"kind\":\"code\"",
        "\"link\":\"https://example.org/ferry\"",
    ] {
        assert!(json.contains(expected), "{expected}");
    }
    let feed = std::fs::read_to_string(site.public().join("feed.xml")).expect("the feed");
    assert!(
        feed.contains("https://example.org/ferry/weekdays"),
        "the list's links are in the feed"
    );
}

#[test]
fn large_inputs_stay_linear() {
    // Anti-hang bounds only, generous for a debug build on a busy machine.
    let bound = std::time::Duration::from_secs(20);
    let items = format!(
        "Title\n\nA list\n\n{}",
        "- an item <https://example.org/i>\n".repeat(20_000)
    );
    let brackets = format!("Title\n\nA headline\n\n{}\n", ")".repeat(1_000_000));
    let words = "word ".repeat(14);
    let wrapped = format!("Title\n\n{}", format!("{words}\n{words}\n\n").repeat(5_000));
    let nested = format!(
        "Title\n\nA list\n\n{}",
        (0..2_000).map(|d| " ".repeat(d * 2) + "- deep\n").collect::<String>()
    );
    for (name, text) in [
        ("items", &items),
        ("brackets", &brackets),
        ("wrapped", &wrapped),
        ("nested", &nested),
    ] {
        let start = std::time::Instant::now();
        let issue = parse(&format!("2024-09-07-{name}.txt"), text);
        assert!(start.elapsed() < bound, "{name} took {:?}", start.elapsed());
        assert!(!issue.stories.is_empty() || !issue.intro.is_empty(), "{name}");
    }
}

/// An issue that ends with a miscellany: labelled lists of links and a
/// closing note, then the sign-off story; a section with the same shape
/// stands earlier.
const DIGEST: &str = "The Orchard Letter, issue 7

Welcome to the orchard letter, with news of the season.

Around the farm

Planting

- The new pear rows went in on Monday <https://example.org/pears>

Harvest

- Apples picked early this year <https://example.org/apples>

Cider of the month

Our cider this month is a dry one from the east slope, pressed slowly.

Elsewhere

Reading

- A history of grafting <https://example.org/grafting>, by a gardener
  - with a chapter on pears <https://example.org/pears-chapter>
  The book also covers old apple varieties in detail.
- Pruning in winter <https://example.org/pruning>

Tools

- A ladder that folds <https://example.org/ladder>

Write to us to see your own tool listed here next month!

Signing off

This letter was written by the orchard team, see you next month.
";

#[test]
fn labelled_lists_closing_an_issue_are_one_story() {
    // The same issue one paragraph a line: no blank lines.
    let line = DIGEST.replace("\n\n", "\n");
    for (name, text) in [("2024-09-08-digest.txt", DIGEST), ("2024-09-08-digest-line.txt", &line)] {
        let issue = parse(name, text);
        assert_eq!(
            headlines(&issue),
            ["Planting", "Harvest", "Cider of the month", "Elsewhere", "Signing off"],
            "{name}"
        );
        assert_eq!(story(&issue, "Planting").kicker.as_deref(), Some("Around the farm"));
        let elsewhere = story(&issue, "Elsewhere");
        assert_eq!(elsewhere.kicker, None);
        let shown: Vec<(Option<BlockKind>, &str)> = elsewhere
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.text.lines().next().unwrap_or_default()))
            .collect();
        assert_eq!(
            shown,
            [
                (None, "Reading"),
                (
                    Some(BlockKind::List),
                    "- A history of grafting <https://example.org/grafting>, by a gardener"
                ),
                (None, "Tools"),
                (
                    Some(BlockKind::List),
                    "- A ladder that folds <https://example.org/ladder>"
                ),
                (None, "Write to us to see your own tool listed here next month!"),
            ],
            "{name}"
        );
    }
}

#[test]
fn text_indented_to_an_item_after_its_nested_list_stays_that_items() {
    let issue = parse("2024-09-08-digest.txt", DIGEST);
    let list = &story(&issue, "Elsewhere").paragraphs[1];
    let first = &list.items[0];
    assert_eq!(first.link.as_deref(), Some("https://example.org/grafting"));
    assert_eq!(first.items.len(), 1, "{list:#?}");
    assert_eq!(
        first.items[0].link.as_deref(),
        Some("https://example.org/pears-chapter")
    );
    assert_eq!(
        first.blurb.as_deref(),
        Some("The book also covers old apple varieties in detail.")
    );
    assert_eq!(list.items.len(), 2, "{list:#?}");
}

#[test]
fn a_short_answer_under_a_question_is_no_headline() {
    let interview = "The Orchard Letter, issue 8

Meet the grower

We asked our oldest grower a few questions this month, over a cup of tea.

* How did you start growing apples?

Mostly by accident

My grandmother left me six trees and a ladder, and I never stopped after that.

* What would you plant today?

Pears, because they wait for nobody and reward patience in the end.

Signing off

This letter was written by the orchard team, see you next month.
";
    let line = interview.replace("\n\n", "\n");
    for (name, text) in [
        ("2024-09-09-interview.txt", interview),
        ("2024-09-09-interview-line.txt", &line),
    ] {
        let issue = parse(name, text);
        assert_eq!(headlines(&issue), ["Meet the grower", "Signing off"], "{name}");
        let texts: Vec<&str> = story(&issue, "Meet the grower")
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert!(texts.contains(&"Mostly by accident"), "{name}: {texts:#?}");
    }
}

/// A closing miscellany whose lists carry what a reader finds under a
/// link: code and a paragraph indented under an item, a quote, and a
/// label whose list a sentence ending with a colon introduces; its name
/// stands above a sub-section.
const DIGEST_WITH_BLOCKS: &str = "The Orchard Letter, issue 9

Welcome to the orchard letter, with news of the season.

Planting

The new pear rows went in on Monday, two weeks before the first frost.

Elsewhere

Shows

Autumn fair

The fair is back this year, and several of our readers wrote about it:

- A day at the fair <https://example.org/fair> by a reader
- The fair in pictures <https://example.org/pictures>

Reading

- A history of grafting <https://example.org/grafting>, with the cut:

      graft --scion pear --stock quince

  The book also covers old apple varieties in detail.
- Pruning in winter <https://example.org/pruning>
  > Cut above the bud, never below it.
- Cider at home <https://example.org/cider>

Tools

- A ladder that folds <https://example.org/ladder>

Signing off

This letter was written by the orchard team, see you next month.
";

#[test]
fn a_digest_whose_items_hold_code_quotes_and_an_introduction_is_one_story() {
    let line = DIGEST_WITH_BLOCKS.replace("\n\n", "\n");
    for (name, text) in [
        ("2024-09-10-digest.txt", DIGEST_WITH_BLOCKS),
        ("2024-09-10-digest-line.txt", &line),
    ] {
        let issue = parse(name, text);
        assert_eq!(headlines(&issue), ["Planting", "Elsewhere", "Signing off"], "{name}");
        let elsewhere = story(&issue, "Elsewhere");
        assert_eq!(elsewhere.kicker, None, "{name}");
        let shown: Vec<(Option<BlockKind>, &str)> = elsewhere
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.text.lines().next().unwrap_or_default()))
            .collect();
        assert_eq!(
            shown,
            [
                (None, "Shows"),
                (None, "Autumn fair"),
                (
                    None,
                    "The fair is back this year, and several of our readers wrote about it:"
                ),
                (
                    Some(BlockKind::List),
                    "- A day at the fair <https://example.org/fair> by a reader"
                ),
                (None, "Reading"),
                (
                    Some(BlockKind::List),
                    "- A history of grafting <https://example.org/grafting>, with the cut:"
                ),
                (Some(BlockKind::Code), "graft --scion pear --stock quince"),
                (None, "The book also covers old apple varieties in detail."),
                (
                    Some(BlockKind::List),
                    "- Pruning in winter <https://example.org/pruning>"
                ),
                (None, "Tools"),
                (
                    Some(BlockKind::List),
                    "- A ladder that folds <https://example.org/ladder>"
                ),
            ],
            "{name}"
        );
    }
}

#[test]
fn a_long_question_is_a_sentence_and_a_short_one_a_headline() {
    let issue = "The Orchard Letter, issue 10

Pests

We often hear from readers who find small holes in their apples in late summer, but what causes them?

Most of the time it is the codling moth, whose larvae bore into the fruit.

Is it time to net the trees?

Netting works on young trees, and we explain how to do it in five steps.
";
    let line = issue.replace("\n\n", "\n");
    for (name, text) in [("2024-09-11-pests.txt", issue), ("2024-09-11-pests-line.txt", &line)] {
        let issue = parse(name, text);
        assert_eq!(headlines(&issue), ["Pests", "Is it time to net the trees?"], "{name}");
        assert_eq!(story(&issue, "Pests").paragraphs.len(), 2, "{name}");
    }
}
