//! What helps a reader find more (issue 13): related issues, the chart of
//! a term's mentions per month, numbered pagination, the company index by
//! letter and by mentions, a few ranked tag chips per card, one contents
//! block, the subscribe link; and the list defects fixed (further reading
//! without a link, archive dates).

use crate::common::TestSite;

const COMPANIES: &str = "[[company]]\nname = \"Zorglub\"\n\n[[company]]\nname = \"Alpha\"\n\n[[company]]\nname = \"Axe\"\n\n[[company]]\nname = \"Émeraude\"\n";
const TAGS: &str = "[[tag]]\nname = \"Nuage\"\nslug = \"nuage\"\nkeywords = [\"cloud\"]\n\n[[tag]]\nname = \"Jeux\"\nslug = \"jeux\"\nkeywords = [\"Fortnite\"]\n\n[[tag]]\nname = \"Banque\"\nslug = \"banque\"\nkeywords = [\"banque\"]\n\n[[tag]]\nname = \"Puces\"\nslug = \"puces\"\nkeywords = [\"puce\"]\n\n[[tag]]\nname = \"Voiture\"\nslug = \"voiture\"\nkeywords = [\"voiture\"]\n\n[[tag]]\nname = \"Santé\"\nslug = \"sante\"\nkeywords = [\"hôpital\"]\n";

/// A site with the companies and tags above.
fn site() -> TestSite {
    TestSite::new()
        .file("content/companies.toml", COMPANIES)
        .file("content/tags.toml", TAGS)
}

/// An issue of one story per `(headline, paragraph)`.
fn issue(title: &str, stories: &[(&str, &str)]) -> String {
    let mut text = format!("{title}\n");
    for (headline, paragraph) in stories {
        text.push_str(&format!("{headline}\n{paragraph}\n"));
    }
    text
}

/// A paragraph long enough to be one, saying `words`.
fn para(words: &str) -> String {
    format!(
        "Un paragraphe de la lettre qui parle de {words}, assez long pour en être un et qui finit bien par un point."
    )
}

/// The part of `html` from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}"));
    let rest = &html[from..];
    let after = start.len();
    &rest[..rest[after..].find(end).map_or(rest.len(), |e| after + e + end.len())]
}

#[test]
fn related_issues_rank_a_rare_company_above_a_common_tag_never_self() {
    let zorglub_cloud = para("Zorglub et du cloud");
    let zorglub = para("Zorglub");
    let cloud = para("cloud");
    let site = site()
        .issue("2024-01-10-a.txt", &issue("Numéro A", &[("Sujet A", &zorglub_cloud)]))
        .issue("2024-01-03-b.txt", &issue("Numéro B", &[("Sujet B", &zorglub)]))
        .issue("2024-01-17-c.txt", &issue("Numéro C", &[("Sujet C", &cloud)]))
        .issue("2024-01-24-d.txt", &issue("Numéro D", &[("Sujet D", &cloud)]))
        .issue("2024-01-31-e.txt", &issue("Numéro E", &[("Sujet E", &cloud)]))
        .built();
    let html = site.page("/issues/a/");
    let related = between(&html, "class=\"related related-issues\"", "</aside>");
    let order: Vec<usize> = ["/issues/b/", "/issues/e/", "/issues/d/", "/issues/c/"]
        .iter()
        .map(|url| related.find(url).unwrap_or_else(|| panic!("{url} in {related}")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "B (rare company), then E, D, C (newest first): {related}"
    );
    assert!(!related.contains("/issues/a/"), "never the issue itself: {related}");
    // B shares only the company with A: A is its only related issue.
    let b = site.page("/issues/b/");
    let related = between(&b, "class=\"related related-issues\"", "</aside>");
    assert!(
        related.contains("/issues/a/") && !related.contains("/issues/c/"),
        "{related}"
    );
}

#[test]
fn company_page_charts_mentions_per_month_with_a_table() {
    let site = site()
        .issue(
            "2024-01-10-a.txt",
            &issue(
                "Numéro A",
                &[
                    ("Premier sujet", &para("Zorglub")),
                    ("Second sujet", &para("Zorglub encore")),
                ],
            ),
        )
        .issue("2024-03-05-b.txt", &issue("Numéro B", &[("Sujet B", &para("Zorglub"))]))
        .built();
    let html = site.page("/companies/zorglub/");
    let svg = between(&html, "<svg", "</svg>");
    assert!(svg.contains("aria-hidden=\"true\""), "{svg}");
    // One bar (`M…z`) for January, none for February, one for March.
    let bars = between(svg, " d=\"", "\"");
    assert_eq!(bars.matches('z').count(), 2, "January and March, not February: {svg}");
    let table = between(&html, "<table>", "</table>");
    assert!(
        table.contains("<time datetime=\"2024-01\">janvier 2024</time></th><td>2</td>"),
        "{table}"
    );
    assert!(
        table.contains("<time datetime=\"2024-03\">mars 2024</time></th><td>1</td>"),
        "{table}"
    );
    assert!(html.contains("<details>"), "the table folded under the chart");
}

/// The numbers of a pager's links, `…` for a gap, `[n]` for the current page.
fn pager_numbers(html: &str) -> String {
    let nav = between(html, "<nav class=\"pager\"", "</nav>");
    assert!(nav.contains("aria-label="), "the nav is labelled: {nav}");
    let list = between(nav, "<ol>", "</ol>");
    list.split("<li")
        .skip(1)
        .map(|li| {
            let text: String = li
                .split('>')
                .skip(1)
                .filter_map(|part| part.split('<').next())
                .collect::<String>()
                .trim()
                .to_string();
            if li.contains("aria-current=\"page\"") {
                format!("[{text}]")
            } else {
                text
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn numbered_pagination_with_a_window_and_ellipses() {
    let mut site = site().file(
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\nper_page = 1\n",
    );
    for day in 1..=12 {
        let name = format!("2024-02-{day:02}-n{day}.txt");
        site = site.issue(&name, &issue(&format!("Numéro {day}"), &[("Sujet", &para("cloud"))]));
    }
    let site = site.built();
    assert_eq!(pager_numbers(&site.page("/")), "[1] 2 3 … 12");
    assert_eq!(pager_numbers(&site.page("/page/6/")), "1 … 4 5 [6] 7 8 … 12");
    assert_eq!(pager_numbers(&site.page("/page/12/")), "1 … 10 11 [12]");
    assert_eq!(pager_numbers(&site.page("/tags/nuage/page/2/")), "1 [2] 3 4 … 12");
    let page = site.page("/page/2/");
    assert!(page.contains("rel=\"prev\"") && page.contains("rel=\"next\""));
    assert!(
        page.contains("<h1 class=\"page-title\">Numéros — page 2 sur 12</h1>"),
        "{page}"
    );
    assert!(!page.contains("Derniers numéros"));
    assert!(site.page("/").contains("Derniers numéros"));
}

#[test]
fn companies_by_letter_and_by_mentions() {
    let site = site()
        .issue(
            "2024-01-10-a.txt",
            &issue(
                "Numéro A",
                &[
                    ("Un", &para("Zorglub")),
                    ("Deux", &para("Zorglub et Axe")),
                    ("Trois", &para("Zorglub et Émeraude")),
                ],
            ),
        )
        .issue(
            "2024-01-17-b.txt",
            &issue("Numéro B", &[("Sujet", &para("Alpha et Axe"))]),
        )
        .built();
    let html = site.page("/companies/");
    let letters = between(&html, "<nav class=\"letters\"", "</nav>");
    for letter in ["a", "e", "z"] {
        assert!(letters.contains(&format!("href=\"#letter-{letter}\"")), "{letters}");
        assert!(html.contains(&format!("id=\"letter-{letter}\"")));
    }
    assert!(
        letters.contains("<span>B</span>"),
        "a letter without a company is not a link: {letters}"
    );
    let by_mentions = between(&html, "id=\"by-mentions\"", "</section>");
    let (zorglub, axe, alpha) = (
        by_mentions.find("Zorglub").unwrap(),
        by_mentions.find(">Axe<").unwrap(),
        by_mentions.find("Alpha").unwrap(),
    );
    assert!(zorglub < axe && axe < alpha, "most mentioned first: {by_mentions}");
    assert!(by_mentions.contains("3 mentions"), "{by_mentions}");
    assert!(by_mentions.contains("1 mention<"), "{by_mentions}");
}

#[test]
fn cards_show_a_few_tags_without_a_passing_keyword() {
    let stories = [
        (
            "Premier sujet",
            para("cloud et de banque, du cloud encore et de la banque toujours"),
        ),
        (
            "Deuxième sujet",
            para("cloud et de puce, de la puce avant tout et du cloud ensuite"),
        ),
        (
            "Troisième sujet",
            para("banque et de voiture, de la voiture et de la banque aussi"),
        ),
        (
            "Quatrième sujet",
            para("puce et d’hôpital, un hôpital qui achète une puce neuve"),
        ),
        ("Cinquième sujet", "Brève : Fortnite ferme.".to_string()),
    ];
    let stories: Vec<(&str, &str)> = stories.iter().map(|(h, p)| (*h, p.as_str())).collect();
    let site = site().issue("2024-01-10-a.txt", &issue("Numéro A", &stories)).built();
    let home = site.page("/");
    let chips = between(&home, "<p class=\"terms\">", "</p>");
    assert!(chips.matches("class=\"tag\"").count() <= 4, "{chips}");
    assert!(!chips.contains("/tags/jeux/"), "a passing keyword is no chip: {chips}");
    assert!(chips.find("/tags/nuage/").unwrap() < chips.find("/tags/sante/").unwrap_or(usize::MAX));
    // The story still has its tag on the issue page.
    assert!(site.page("/issues/a/").contains("/tags/jeux/"));
}

#[test]
fn teasers_and_contents_are_one_block() {
    let text = format!(
        "Un titre\nEt aussi: Le deuxième - Le troisième\nPremier sujet du jour\n{}\nDeuxième sujet du jour\n{}\nTroisième sujet du jour\n{}\n",
        para("un"),
        para("deux"),
        para("trois")
    );
    let site = site().issue("2024-01-10-a.txt", &text).built();
    let html = site.page("/issues/a/");
    assert!(!html.contains("class=\"teasers\""), "no second list above the contents");
    let toc = between(&html, "<nav class=\"toc\"", "</nav>");
    for anchor in [
        "premier-sujet-du-jour",
        "deuxieme-sujet-du-jour",
        "troisieme-sujet-du-jour",
    ] {
        // Linked once in the contents, once by the story's own heading.
        assert_eq!(
            html.matches(&format!("href=\"#{anchor}\"")).count(),
            2,
            "{anchor}: {toc}"
        );
        assert!(toc.contains(&format!("href=\"#{anchor}\"")), "{toc}");
    }
    assert!(toc.contains(">Le deuxième</a>"), "the teaser's text, once: {toc}");
    // Once in the page (the <head>'s description may quote the teasers).
    let body = &html[html.find("<body").expect("a body")..];
    assert_eq!(body.matches("Le deuxième").count(), 1);
}

#[test]
fn subscribe_link_only_when_set_and_only_to_the_web() {
    let with = site()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\nsubscribe_url = \"https://example.org/inscription\"\n",
        )
        .issue("2024-01-10-a.txt", &issue("Numéro A", &[("Sujet", &para("rien"))]))
        .built();
    let html = with.page("/issues/a/");
    assert_eq!(
        html.matches("href=\"https://example.org/inscription\"").count(),
        2,
        "header and after the issue"
    );
    assert!(with.page("/").contains("class=\"subscribe-link\""));
    let without = site()
        .issue("2024-01-10-a.txt", &issue("Numéro A", &[("Sujet", &para("rien"))]))
        .built();
    assert!(!without.page("/issues/a/").contains("subscribe"));
    let bad = site()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\n\nsubscribe_url = \"javascript:alert(1)\"\n",
        )
        .issue("2024-01-10-a.txt", &issue("Numéro A", &[("Sujet", &para("rien"))]));
    let errors = bad.errors();
    assert!(errors.contains("--> site.toml:4"), "{errors}");
    assert!(errors.contains("subscribe_url"), "{errors}");
}

#[test]
fn further_reading_without_a_url_is_no_link() {
    let text = format!(
        "Un titre\nPremier sujet du jour\n{}\nPour aller plus loin:\n– Un lien <https://example.org/a>\n– Un titre sans adresse\n",
        para("un")
    );
    let site = site().issue("2024-01-10-a.txt", &text).built();
    let html = site.page("/issues/a/");
    let further = between(&html, "<aside class=\"further\">", "</aside>");
    assert!(
        further.contains("<a href=\"https://example.org/a\">Un lien</a>"),
        "{further}"
    );
    assert!(
        further.contains("<span class=\"no-link\">Un titre sans adresse</span>"),
        "{further}"
    );
}

#[test]
fn archive_shows_the_day_under_its_month() {
    let site = site()
        .issue("2024-01-10-a.txt", &issue("Numéro A", &[("Sujet", &para("rien"))]))
        .issue("2024-03-01-b.txt", &issue("Numéro B", &[("Sujet", &para("rien"))]))
        .built();
    let html = site.page("/archive/");
    assert!(html.contains("<h3>Janvier</h3>"), "the month under its year: {html}");
    assert!(html.contains("<time datetime=\"2024-01-10\">10</time>"), "{html}");
    assert!(html.contains("<time datetime=\"2024-03-01\">1er</time>"), "{html}");
    assert!(
        !html.contains("10 janvier 2024"),
        "no full date under the month: {html}"
    );
}
