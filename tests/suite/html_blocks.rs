//! An HTML issue keeps the blocks of its content: a data table, a quote,
//! code as written, a nested list with its links, the content's images
//! with their alt text (alone or in a link); the email's own images
//! (masthead logo, social icons, buttons, a sponsor's logo, a spacer, the
//! tracking pixel) stay out of the page.

use kiosque::model::BlockKind;
use kiosque::Lang;

use crate::common::{parse_text, TestSite};

const EMAIL: &str = r#"<!DOCTYPE html>
<html><head><title>The Weekly #12</title></head>
<body>
<div class="preheader" style="display:none">A new edition, a maintainer speaks</div>
<table role="presentation" width="100%"><tr><td align="center">
  <table role="presentation" width="600"><tr>
    <td><img src="https://weekly.example/img/masthead.png" alt="The Weekly" width="200"></td>
    <td><a href="https://weekly.example/web/12">View in browser</a></td>
  </tr></table>
  <h1>The Weekly, issue 12</h1>
  <h2>Rust ships a new edition</h2>
  <img src="https://cdn.weekly.example/edition.jpg" alt="The release notes &quot;2024&quot; on a screen" width="560">
  <p>The new edition changes how closures capture their variables, and the tools migrate most code without help.</p>
  <img src="https://weekly.example/img/spacer.gif" width="1" height="20" alt="">
  <table>
    <tr><th>Version</th><th>Released</th></tr>
    <tr><td>1.84</td><td>January</td></tr>
    <tr><td>1.85</td><td><a href="https://blog.example/1.85">February</a></td></tr>
  </table>
  <h2>A maintainer on burnout</h2>
  <blockquote><p>We cannot review everything ourselves.</p><p>Nobody can.</p></blockquote>
  <p>She asks companies that depend on the project to lend an engineer a day a week.</p>
  <pre>
cargo fix --edition
    cargo build &amp;&amp; cargo test</pre>
  <p><img src="https://weekly.example/img/sponsor-logo.png" alt="Our sponsor"></p>
  <h2>Reading for the weekend</h2>
  <p>Three long reads picked by the editors this week, the first two of them about the same book.</p>
  <p><a href="https://books.example/async"><img src="https://cdn.weekly.example/silicon-cover.jpg" alt="The book's cover" width="300"></a></p>
  <p><a href="https://weekly.example/share?issue=12"><img src="https://weekly.example/img/btn-share.png" alt="Share"></a></p>
  <ul>
    <li><a href="https://books.example/async">The async book</a>
      <ul><li><a href="https://books.example/async/pinning">Its chapter on pinning</a></li></ul>
    </li>
    <li>A talk on error handling</li>
  </ul>
  <p><a href="https://weekly.example/subscribe"><img src="https://weekly.example/img/button-subscribe.png" alt="Subscribe"></a></p>
  <p><a href="https://twitter.com/theweekly"><img src="https://weekly.example/img/tw.png" alt="Twitter" width="24"></a>
     <a href="https://www.facebook.com/theweekly"><img src="https://weekly.example/img/fb.png" alt="Facebook"></a></p>
  <table role="presentation"><tr><td>
    <p>Copyright © 2024 The Weekly, All rights reserved.</p>
    <p><a href="https://weekly.example/unsubscribe?u=1">Unsubscribe</a></p>
  </td></tr></table>
  <img src="https://track.weekly.example/o/abc.gif" width="1" height="1" alt="">
</td></tr></table>
</body></html>
"#;

#[test]
fn an_html_issue_keeps_its_tables_quotes_code_lists_and_images() {
    let issue = parse_text("2024-03-01-weekly-12.html", EMAIL, Lang::En);
    assert_eq!(issue.title, "The Weekly, issue 12");
    let headlines: Vec<&str> = issue.stories.iter().map(|s| s.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "Rust ships a new edition",
            "A maintainer on burnout",
            "Reading for the weekend"
        ]
    );
    let kinds = |i: usize| -> Vec<Option<BlockKind>> { issue.stories[i].paragraphs.iter().map(|p| p.kind).collect() };
    assert_eq!(kinds(0), [Some(BlockKind::Image), None, Some(BlockKind::Table)]);
    assert_eq!(kinds(1), [Some(BlockKind::Quote), None, Some(BlockKind::Code)]);
    assert_eq!(kinds(2), [None, Some(BlockKind::Image), Some(BlockKind::List)]);
    let image = &issue.stories[0].paragraphs[0];
    assert_eq!(image.src.as_deref(), Some("https://cdn.weekly.example/edition.jpg"));
    assert_eq!(image.text, "The release notes \"2024\" on a screen");
    // An image alone in a link is an image too.
    let cover = &issue.stories[2].paragraphs[1];
    assert_eq!(
        cover.src.as_deref(),
        Some("https://cdn.weekly.example/silicon-cover.jpg")
    );
    let list = &issue.stories[2].paragraphs[2];
    assert_eq!(list.items[0].link.as_deref(), Some("https://books.example/async"));
    assert_eq!(
        list.items[0].items[0].link.as_deref(),
        Some("https://books.example/async/pinning")
    );
    assert_eq!(list.items[1].text, "A talk on error handling");
}

#[test]
fn the_built_page_shows_the_blocks_and_none_of_the_chrome_images() {
    let site = TestSite::new().issue("2024-03-01-weekly-12.html", EMAIL).built();
    let page = site.page("/issues/weekly-12/");
    for shown in [
        "<figure><img src=\"https://cdn.weekly.example/silicon-cover.jpg\" alt=\"The book&#39;s cover\"",
        "<figure><img src=\"https://cdn.weekly.example/edition.jpg\" alt=\"The release notes &quot;2024&quot; on a screen\" loading=\"lazy\"></figure>",
        "<table><tr><th>Version</th><th>Released</th></tr><tr><td>1.84</td><td>January</td></tr>",
        "<blockquote><p>We cannot review everything ourselves.</p><p>Nobody can.</p></blockquote>",
        "<pre><code>cargo fix --edition\n    cargo build &amp;&amp; cargo test</code></pre>",
        "<a href=\"https://books.example/async\">The async book</a><ul><li><a href=\"https://books.example/async/pinning\">",
        "https://blog.example/1.85",
    ] {
        assert!(page.contains(shown), "{shown:?} is not on the page:\n{page}");
    }
    for chrome in [
        "masthead.png",
        "spacer.gif",
        "sponsor-logo.png",
        "button-subscribe.png",
        "btn-share.png",
        "share?issue",
        "tw.png",
        "fb.png",
        "track.weekly.example",
        "View in browser",
        "Unsubscribe",
        "All rights reserved",
    ] {
        assert!(!page.contains(chrome), "{chrome:?} is on the page");
    }
    let json = site.all_issue_json();
    assert!(
        json.contains(r#""kind":"image""#) && json.contains(r#""src":"https://cdn.weekly.example/edition.jpg""#),
        "the image is in the JSON"
    );
}
