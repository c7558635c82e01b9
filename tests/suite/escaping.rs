//! Text is text: whatever a raw issue holds is escaped in every page,
//! never interpreted as markup.

use crate::common::{snapshot, TestSite};

const HOSTILE: &str = "Un <script>alert(1)</script> titre\nEt aussi: <b>gras</b> - Deux & \"trois\"\nLe <img src=x onerror=alert(2)> sujet\nUn paragraphe avec <script>alert(3)</script> et un lien https://example.org/?a=1&b=<x> au milieu.\nUne <i>accroche</i> – Suite du paragraphe avec \"guillemets\" et 'apostrophes' pour finir.\nPour aller plus loin:\n– Un <script>titre</script> <https://example.org/\"onmouseover=alert(4)>\nDeux & \"trois\"\nUn dernier paragraphe, bien terminé par un point.\nCrédit photos: <script>alert(5)</script>\n";

#[test]
fn raw_issue_markup_is_escaped_everywhere() {
    let site = TestSite::new()
        .file("content/tags.toml", "[[tag]]\nname = \"<Tag>\"\nslug = \"tag\"\nkeywords = [\"paragraphe\"]\n")
        .file("content/companies.toml", "[[company]]\nname = \"Example <Corp>\"\nslug = \"example\"\naliases = [\"lien\"]\ndescription = \"<script>alert(6)</script>\"\n")
        .issue("2024-01-02-hostile.txt", HOSTILE)
        .built();
    let mut checked = 0;
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        if path.extension().is_some_and(|e| e == "html" || e == "xml") {
            // The search page's own two scripts (Pagefind's UI, and the
            // theme's that starts it) are the only ones.
            let own_scripts = if path == std::path::Path::new("search/index.html") {
                2
            } else {
                0
            };
            // And the theme's JSON-LD, whose text holds no `<`.
            let json_ld = "<script type=\"application/ld+json\">";
            assert_eq!(
                text.matches("<script").count() - text.matches(json_ld).count(),
                own_scripts,
                "{} has a <script",
                path.display()
            );
            for script in text.split(json_ld).skip(1) {
                let body = &script[..script.find("</script>").expect("the end of the JSON-LD")];
                assert!(!body.contains('<'), "{}: {body}", path.display());
            }
            for needle in ["<img", "<b>", "<i>", "\"onmouseover", "<Tag>", "<Corp>"] {
                assert!(!text.contains(needle), "{} contains {needle}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 5);
    let issue = site.page("/issues/hostile/");
    assert!(issue.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(issue.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // The JSON keeps the text as written.
    let json: serde_json::Value = serde_json::from_str(&site.page("/api/issues.json")).expect("json");
    assert_eq!(json["issues"][0]["title"], "Un <script>alert(1)</script> titre");
}
