//! What each page's `<head>` tells search engines and link previews
//! (`head`), and the language marking of an English issue in a French
//! site (`lang`); the site they are read from, and how to read a head.

mod head;
mod lang;

use serde_json::Value;

use crate::common::TestSite;

pub(super) const BASE: &str = "https://example.org/gazette";

pub(super) const SITE: &str = "title = \"La Gazette\"\ndescription = \"Une gazette des puces\"\nbase_url = \"https://example.org/gazette\"\nlanguage = \"fr\"\nper_page = 1\n";

pub(super) const COMPANIES: &str = "[[company]]\nname = \"Nvidia\"\n\n[[company]]\nname = \"Mistral AI\"\ndescription = \"Jeune pousse française de l'intelligence artificielle.\"\n";

pub(super) const TAGS: &str = "[[tag]]\nname = \"Puces\"\nslug = \"puces\"\nkeywords = [\"Nvidia\"]\n";

/// French, with a summary.
pub(super) const FRENCH: &str = "+++\nsummary = \"Le résumé de ce numéro consacré aux puces.\"\n+++\nNvidia et les puces\n\nLa nouvelle génération\nNvidia annonce une nouvelle génération de puces pour les centres de données, livrée dès le printemps.\n";

/// English, with a summary, teasers, further reading and credits.
pub(super) const ENGLISH: &str = "+++\nlang = \"en\"\nsummary = \"The English summary of this issue.\"\n+++\nWeekly: the chips race\nAlso in this issue: Mistral raises money\n\nThe chips ship late\nNvidia has told its largest customers that its new chips will ship late, by at least three months.\nFurther reading:\n– The delay explained <https://news.example.com/delay>\n\nMistral raises money\nMistral AI is raising a new round of funding, its largest so far, from American investors.\nPhoto credits: Reuters\n";

/// French, neither summary nor teasers: its first sentence, cut before
/// a number that would lose its unit.
pub(super) const LONG: &str = "Une longue phrase\n\nLa levée\nLa jeune pousse française spécialisée dans les modèles de langage ouverts a annoncé mardi matin être en discussion avec plusieurs grands fonds pour lever 1,37 milliard d'euros auprès de ses investisseurs historiques. Une seconde phrase suit.\n";

/// The site of the tests: three issues in text, one email whose attached
/// image (a 1200 × 630 PNG) is its preview.
pub(super) fn site() -> TestSite {
    TestSite::new()
        .file("site.toml", SITE)
        .file("content/companies.toml", COMPANIES)
        .file("content/tags.toml", TAGS)
        .issue("2024-01-02-francais.txt", FRENCH)
        .issue("2024-02-05-english.txt", ENGLISH)
        .issue("2024-03-01-longue.txt", LONG)
        .issue("chart.eml", &email_with_image(&png(1200, 630)))
        .built()
}

/// The header of a PNG of `width` × `height`: enough to be measured.
pub(super) fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A French email with `image` attached as `chart.png`, and teasers.
pub(super) fn email_with_image(image: &[u8]) -> String {
    format!(
        "From: La Gazette <gazette@example.org>\nSubject: Le graphique du mois\nDate: Fri, 1 Mar 2024 10:00:00 +0000\nMessage-ID: <chart@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nLe graphique du mois\nEt aussi: Les ventes de puces - Le marché des serveurs\n\nLes ventes de puces\nLes ventes de puces de Nvidia ont doublé sur un an, portées par les centres de données.\n\nLe marché des serveurs\nLe marché des serveurs reste tendu, faute de composants en nombre suffisant.\n\n--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"chart.png\"\n\n{}\n--b--\n",
        base64(image)
    )
}

/// The `<head>` of a page.
pub(super) fn head(html: &str) -> &str {
    let end = html.find("</head>").expect("a head");
    &html[..end]
}

/// The `content` of `<meta {key}="{name}" content="…">`, unescaped.
pub(super) fn meta(head: &str, key: &str, name: &str) -> Option<String> {
    let needle = format!("<meta {key}=\"{name}\" content=\"");
    let at = head.find(&needle)? + needle.len();
    let end = head[at..].find('"')?;
    let value = head[at..at + end].replace("&#39;", "'").replace("&quot;", "\"");
    Some(value.replace("&amp;", "&"))
}

pub(super) fn property(head: &str, name: &str) -> Option<String> {
    meta(head, "property", name)
}

pub(super) fn named(head: &str, name: &str) -> Option<String> {
    meta(head, "name", name)
}

/// The `href` of `<link rel="{rel}" …>`.
pub(super) fn link(head: &str, rel: &str) -> Option<String> {
    let needle = format!("<link rel=\"{rel}\" href=\"");
    let at = head.find(&needle)? + needle.len();
    Some(head[at..at + head[at..].find('"')?].to_string())
}

/// The nodes of the page's JSON-LD (its `@graph`), parsed.
pub(super) fn json_ld(head: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let Some(at) = head.find(open) else {
        return Vec::new();
    };
    let text = &head[at + open.len()..];
    let text = &text[..text.find("</script>").expect("the script's end")];
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD: {e}\n{text}"));
    assert_eq!(value["@context"], "https://schema.org");
    value["@graph"].as_array().expect("a @graph").clone()
}

pub(super) fn node(nodes: &[Value], kind: &str) -> Value {
    nodes
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {nodes:?}"))
        .clone()
}

/// The names and addresses of a `BreadcrumbList`.
pub(super) fn trail(list: &Value) -> Vec<(String, Option<String>)> {
    list["itemListElement"]
        .as_array()
        .expect("items")
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(item["position"], i + 1);
            let name = item["name"].as_str().expect("a name").to_string();
            (name, item["item"].as_str().map(str::to_string))
        })
        .collect()
}
