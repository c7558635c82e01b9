//! What careless or hostile issues cannot do: take time out of proportion
//! to their size, put characters XML forbids into feeds, give an issue an
//! empty URL, or make `kiosque new` write an issue the next build rejects.
//! The property tests at the end build sites from generated issues and
//! check every page with an HTML tokenizer and every feed with an XML parser.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use kiosque::testing::SourceFile;
use kiosque::testing::{parse_issue, ParseOptions};
use kiosque::Labels;
use kiosque::Lang;
use proptest::prelude::*;

use crate::common::{kiosque, snapshot, TestSite};

const SITE: &str = "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n";
const COMPANIES: &str = "[[company]]\nname = \"Acme\"\n";
const TAGS: &str = "[[tag]]\nname = \"Robots\"\nkeywords = [\"robot\"]\n";

/// A site with a company and a tag, so that their feeds are written too.
fn site() -> TestSite {
    TestSite::new()
        .file("site.toml", SITE)
        .file("content/companies.toml", COMPANIES)
        .file("content/tags.toml", TAGS)
}

/// Builds `site` on another thread; fails if it takes longer than
/// `seconds` (a guard against hanging, far above what a build takes).
fn build_within(site: TestSite, seconds: u64) -> TestSite {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let result = site.build().map(|_| ()).map_err(|e| crate::common::error_text(&e));
        let _ = done.send((site, result));
    });
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok((site, Ok(()))) => site,
        Ok((_, Err(e))) => panic!("build failed: {e}"),
        Err(e) => panic!("the build took more than {seconds} s: {e}"),
    }
}

// --- Linear time, bounded memory --------------------------------------

#[test]
fn a_url_followed_by_200k_brackets_builds_in_time() {
    let text = format!("Titre\nUn sujet\nVoir https://example.org/a{}\n", ")".repeat(200_000));
    let site = build_within(site().issue("2024-01-01-x.txt", &text), 60);
    let page = site.page("/issues/x/");
    assert!(
        page.contains("href=\"https://example.org/a\""),
        "the brackets are not the URL's"
    );
}

#[test]
fn twenty_thousand_teasers_and_two_thousand_stories_build_in_time() {
    let mut text = String::from("Titre\nEt aussi: ");
    for i in 0..20_000 {
        text.push_str(&format!("Sujet{i} du jour - "));
    }
    text.push('\n');
    for i in 0..2_000 {
        text.push_str(&format!(
            "Sujet{i} du jour\nUn paragraphe sur le sujet{i}, qui finit par un point.\n"
        ));
    }
    let site = build_within(site().issue("2024-01-01-x.txt", &text), 60);
    assert!(site.page("/issues/x/").contains("href=\"#sujet1999-du-jour\""));
}

#[test]
fn an_issue_over_the_size_limit_is_refused_with_its_size() {
    let text = format!("Titre\nUn sujet\n{}\n", "Un paragraphe. ".repeat(400_000));
    let errors = site().issue("2024-01-01-gros.txt", &text).errors();
    assert!(errors.contains("the issue is 6.0 MB; the limit is 5 MB"), "{errors}");
    assert!(errors.contains("content/issues/2024-01-01-gros.txt"), "{errors}");
}

#[test]
fn an_issue_of_a_million_short_lines_is_refused_with_its_count() {
    let text = format!("Titre\n{}", "a\n".repeat(1_000_000));
    let errors = site().issue("2024-01-01-lignes.txt", &text).errors();
    assert!(errors.contains("the issue reads as 1000000 parts"), "{errors}");
    assert!(errors.contains("the limit is 50000"), "{errors}");
    assert!(errors.contains("content/issues/2024-01-01-lignes.txt"), "{errors}");
}

// --- Characters XML forbids, line breaks ------------------------------

#[test]
fn control_characters_never_reach_feeds_or_pages() {
    let text = "Titre\u{b}du numéro\nUn robot chez Acme\nAcme lance un robot\u{1}, dit-il\u{b}et il part. Encore\u{1b} du texte\u{ffff}.\nUne autre\u{c}ligne qui finit par un point.\n";
    let site = site().issue("2024-01-01-x.txt", text).built();
    let files = snapshot(&site.public());
    for (path, bytes) in files.iter().filter(|(p, _)| !is_search(p)) {
        let text = String::from_utf8_lossy(bytes);
        let bad = text.chars().find(|&c| forbidden_in_xml(c) || c == '\u{ffff}');
        assert_eq!(bad, None, "{} holds a forbidden character", path.display());
    }
    for feed in ["feed.xml", "tags/robots/feed.xml", "companies/acme/feed.xml"] {
        let bytes = files.get(Path::new(feed)).unwrap_or_else(|| panic!("no {feed}"));
        let xml = String::from_utf8_lossy(bytes);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed} is not XML: {e}"));
    }
    // U+000B is a line break: the title stops at it.
    let issue = site.page("/issues/x/");
    assert!(issue.contains(">Titre</h1>") || issue.contains("Titre</"), "{issue}");
}

#[test]
fn lone_carriage_returns_and_unicode_separators_are_line_breaks() {
    let mac = "Titre\rPremier sujet\rUn paragraphe qui finit par un point.\rDeuxième sujet\rUn autre paragraphe, lui aussi fini.\r";
    let separators = mac.replace('\r', "\u{2028}");
    let site = site()
        .issue("2024-01-01-mac.txt", mac)
        .issue("2024-01-02-sep.txt", &separators)
        .built();
    for url in ["/issues/mac/", "/issues/sep/"] {
        let page = site.page(url);
        assert!(page.contains("id=\"premier-sujet\""), "{url}: {page}");
        assert!(page.contains("id=\"deuxieme-sujet\""), "{url}: {page}");
    }
}

// --- Slugs and `kiosque new` ------------------------------------------

#[test]
fn a_title_without_letters_takes_the_date_as_slug() {
    let site = site()
        .issue(
            "2024-01-01.txt",
            "!!!\nUn sujet\nUn paragraphe qui finit par un point.\n",
        )
        .built();
    assert!(site.page("/issues/2024-01-01/").contains("Un sujet"));
    assert!(
        !site.public().join("issues/index.html").exists(),
        "no page at /issues//"
    );
}

#[test]
fn new_with_a_label_for_title_writes_an_issue_that_builds_with_that_title() {
    let site = site();
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&["new", "Et aussi: x", "--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let site = site.built();
    let json = std::fs::read_to_string(site.public().join("api/issues.json")).expect("api");
    let api: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(api["issues"][0]["title"], "Et aussi: x");
}

#[test]
fn new_with_a_title_of_two_lines_is_refused() {
    let site = site();
    let root = site.root().to_string_lossy().into_owned();
    let out = kiosque(&["new", "Un titre\nsur deux lignes", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the title holds a line break"), "{stderr}");
    assert!(!site.root().join("content/issues").exists(), "nothing written");
}

// --- Dates ---------------------------------------------------------------

#[test]
fn an_impossible_date_in_a_file_name_is_called_invalid() {
    let errors = site()
        .issue("2023-02-30-x.txt", "Titre\nUn sujet\nUn paragraphe.\n")
        .errors();
    assert!(errors.contains("invalid date 2023-02-30"), "{errors}");
    assert!(errors.contains("--> content/issues/2023-02-30-x.txt:1"), "{errors}");
}

#[test]
fn a_front_matter_date_followed_by_garbage_is_refused_at_its_line() {
    let text = "+++\ntitle = \"Titre\"\ndate = \"2023-01-01garbage\"\n+++\nUn sujet\nUn paragraphe.\n";
    let errors = site().issue("x.txt", text).errors();
    assert!(errors.contains("2023-01-01garbage"), "{errors}");
    assert!(errors.contains("--> content/issues/x.txt:3"), "{errors}");
}

// --- Properties ------------------------------------------------------------

/// Characters an XML 1.0 document may not hold.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Pieces of issues: labels, dashes, bullets, brackets, URLs, markup, line
/// breaks of every kind, control characters, and any character at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Zéà0-9 ]{1,24}",
        Just("Et aussi: ".to_string()),
        Just("Also in this issue: ".to_string()),
        Just("Pour aller plus loin:\n".to_string()),
        Just("Crédit photos: ".to_string()),
        Just(" – ".to_string()),
        Just(" - ".to_string()),
        Just("\n– ".to_string()),
        Just("\n• ".to_string()),
        Just(")))".to_string()),
        Just("(((".to_string()),
        Just(" https://x.org/a_(b)".to_string()),
        Just(" www.y.fr/?q=1&r=2".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<zx a='1'>".to_string()),
        Just("</p></div>".to_string()),
        Just("<!-- x".to_string()),
        Just("&amp; &#0; &".to_string()),
        Just("\"'".to_string()),
        Just("**".to_string()),
        Just("\n## ".to_string()),
        Just("\n# ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("```\n".to_string()),
        Just("[t](javascript:alert(1))".to_string()),
        Just("Acme robot".to_string()),
        Just("+++".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("\u{b}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{85}".to_string()),
        (0u32..0x20).prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default()),
        any::<char>().prop_map(String::from),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|pieces| pieces.concat())
}

/// Front matter with any mix of known keys, good and bad values, and junk.
fn any_front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        any_text().prop_map(|t| format!("title = {}", toml_escaped(&t))),
        any_text().prop_map(|t| format!("summary = {}", toml_escaped(&t))),
        (1990i32..2030, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("date = {y:04}-{m:02}-{d:02}")),
        any_text().prop_map(|t| format!("date = {}", toml_escaped(&t))),
        any_text().prop_map(|t| format!("slug = {}", toml_escaped(&t))),
        any_text().prop_map(|t| format!("tags = [{}]", toml_escaped(&t))),
        Just("companies = [\"acme\"]".to_string()),
        any::<i64>().prop_map(|n| format!("number = {n}")),
        any::<bool>().prop_map(|b| format!("draft = {b}")),
        Just("lang = \"en\"".to_string()),
        any_text(),
    ];
    prop::collection::vec(line, 0..6).prop_map(|lines| format!("+++\n{}\n+++\n", lines.join("\n")))
}

/// `text` as a TOML basic string, every character escaped as TOML needs.
fn toml_escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn any_file_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "2024-01-01-x.txt",
        "2024-01-01.txt",
        "2023-02-30-x.txt",
        "x.txt",
        "2024-01-01-x.md",
        "x.md",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text with any front matter: parsing returns, an issue or an error.
    #[test]
    fn parsing_never_panics(
        front in prop::option::of(any_front_matter()),
        body in any_text(),
        name in any_file_name(),
        allow_html in any::<bool>(),
    ) {
        let labels = Labels::default();
        let file = SourceFile {
            path: PathBuf::from("content/issues").join(name),
            text: format!("{}{body}", front.unwrap_or_default()),
        };
        let options = ParseOptions { labels: &labels, allow_html, lang: Lang::Fr, timezone: &jiff::tz::TimeZone::UTC };
        let _ = parse_issue(&file, options);
    }
}

/// A generated issue that parses: a title, teasers, stories of random
/// text, in plain text or Markdown.
fn any_issue() -> impl Strategy<Value = (String, String)> {
    let story = (any_text(), any_text(), any_text());
    (any::<bool>(), any_text(), prop::collection::vec(story, 1..4)).prop_map(|(markdown, teasers, stories)| {
        let mut text = String::new();
        if markdown {
            text.push_str(&format!(
                "+++\ntitle = {}\n+++\n",
                toml_escaped(&format!("Titre {teasers}"))
            ));
            text.push_str(&format!("Et aussi: {teasers}\n\n"));
            for (headline, lead, paragraph) in &stories {
                text.push_str(&format!(
                    "## Sujet {}\n\n**{lead}** – {paragraph}\n\n",
                    headline.replace('\n', " ")
                ));
            }
            ("2024-01-01-x.md".to_string(), text)
        } else {
            text.push_str(&format!(
                "Titre {}\nEt aussi: {teasers}\n",
                teasers.replace(['\n', '\r'], " ")
            ));
            for (headline, lead, paragraph) in &stories {
                text.push_str(&format!("Sujet {headline}\nAcme robot {lead} – {paragraph}.\n"));
            }
            ("2024-01-01-x.txt".to_string(), text)
        }
    })
}

/// Pagefind's index (binary files) and the search page (the theme's
/// scripts, nothing of the issues).
fn is_search(path: &Path) -> bool {
    path.starts_with("pagefind") || path == Path::new("search/index.html")
}

/// What a page's HTML must be: no error from html5ever's tokenizer (with
/// exact errors: bad characters, bad attributes, unterminated comments…);
/// every element one the theme or Markdown writes (so no `<` of the
/// content opened an element); every element closed, in order, but the
/// void ones.
fn check_html(page: &str) -> Result<(), String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ];
    const KNOWN: &[&str] = &[
        "html",
        "head",
        "body",
        "meta",
        "link",
        "title",
        "header",
        "footer",
        "main",
        "nav",
        "form",
        "label",
        "input",
        "button",
        "article",
        "aside",
        "section",
        "div",
        "span",
        "bdi",
        "small",
        "time",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "a",
        "strong",
        "em",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "sup",
        "hr",
        "br",
        "img",
    ];
    struct Sink {
        problems: RefCell<Vec<String>>,
        open: RefCell<Vec<String>>,
    }
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            let mut problems = self.problems.borrow_mut();
            match token {
                Token::ParseError(e) => problems.push(format!("line {line}: {e}")),
                Token::NullCharacterToken => problems.push(format!("line {line}: NUL")),
                Token::TagToken(tag) => {
                    let name = String::from(&*tag.name);
                    // The theme's JSON-LD, whose text holds no `<` (its
                    // end tag must close it, as every end tag must).
                    let json_ld = name == "script"
                        && (tag.kind == TagKind::EndTag
                            || tag
                                .attrs
                                .iter()
                                .any(|a| &*a.name.local == "type" && &*a.value == "application/ld+json"));
                    if !KNOWN.contains(&name.as_str()) && !json_ld {
                        problems.push(format!("line {line}: element <{name}> from the content"));
                    }
                    let mut open = self.open.borrow_mut();
                    match tag.kind {
                        TagKind::StartTag if !tag.self_closing && !VOID.contains(&name.as_str()) => open.push(name),
                        TagKind::StartTag => {}
                        TagKind::EndTag => match open.pop() {
                            Some(top) if top == name => {}
                            other => problems.push(format!("line {line}: </{name}> closes {other:?}")),
                        },
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }
    let sink = Sink {
        problems: RefCell::new(Vec::new()),
        open: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(
        sink,
        TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(page));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut problems = sink.problems.into_inner();
    let open = sink.open.into_inner();
    if !open.is_empty() {
        problems.push(format!("never closed: {open:?}"));
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("\n")),
    }
}

#[test]
fn the_html_check_sees_leaks_and_bad_characters() {
    assert_eq!(
        check_html("<!DOCTYPE html><html><body><p>a<br>b &amp; c</p></body></html>"),
        Ok(())
    );
    assert!(check_html("<p>a<zx>b</zx></p>").is_err(), "an element of the content");
    assert!(check_html("<p>a\u{b}b</p>").is_err(), "a control character");
    assert!(check_html("<p>a</div>").is_err(), "a wrong end tag");
    assert!(check_html("<div><p>a</p>").is_err(), "an element never closed");
    assert!(check_html("<p title=\"a\"b>a</p>").is_err(), "a broken attribute");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// A site built from a generated issue: every page passes `check_html`,
    /// every `.xml` file (feeds, sitemap) is well-formed XML, and no file
    /// holds a character XML forbids.
    #[test]
    fn built_pages_are_well_formed_and_feeds_are_xml((name, text) in any_issue()) {
        let site = site().issue(&name, &text);
        if let Err(e) = site.build() {
            // Only content errors, reported: never a panic.
            prop_assert!(matches!(e, kiosque::BuildError::Content(_)), "{}", crate::common::error_text(&e));
            return Ok(());
        }
        // Pagefind's index (binary) and the search page (the theme's
        // scripts, no content) are not pages made from the issue.
        for (path, bytes) in snapshot(&site.public()).into_iter().filter(|(p, _)| !is_search(p)) {
            let output = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(format!("{}: {e}", path.display())))?;
            prop_assert!(!output.chars().any(forbidden_in_xml), "{} holds a forbidden character", path.display());
            match path.extension().and_then(|e| e.to_str()) {
                Some("html") => {
                    if let Err(problems) = check_html(&output) {
                        prop_assert!(false, "{}: {problems}\n--- issue:\n{text:?}", path.display());
                    }
                }
                Some("xml") => {
                    if let Err(e) = roxmltree::Document::parse(&output) {
                        prop_assert!(false, "{} is not XML: {e}", path.display());
                    }
                }
                _ => {}
            }
        }
    }
}
