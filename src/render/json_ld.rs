//! Structured data for search engines (schema.org, as JSON-LD): a
//! `NewsArticle` for an issue, a `BreadcrumbList` for the pages under a
//! section, a `WebSite` (with its search) for the home page. Serialised
//! with serde_json and made safe to stand inside a `<script>` element.

use serde::Serialize;

/// The `@graph` of one page.
#[derive(Debug, Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: &'a [Node],
}

/// A node of the graph, tagged with its schema.org type.
#[derive(Debug, Serialize)]
#[serde(tag = "@type")]
pub(super) enum Node {
    NewsArticle(Article),
    BreadcrumbList(Breadcrumbs),
    WebSite(WebSite),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Article {
    pub headline: String,
    /// `2023-12-06`
    pub date_published: String,
    pub author: Vec<Agent>,
    pub publisher: Agent,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub in_language: &'static str,
}

/// A person (an issue's author) or an organisation (the site).
#[derive(Debug, Serialize)]
pub(super) struct Agent {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Breadcrumbs {
    pub item_list_element: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(super) struct Crumb {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: String,
    /// The page itself, last, is named without its address.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WebSite {
    pub name: String,
    pub url: String,
    pub in_language: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential_action: Option<SearchAction>,
}

#[derive(Debug, Serialize)]
pub(super) struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    target: String,
    #[serde(rename = "query-input")]
    query_input: &'static str,
}

impl SearchAction {
    /// A search at `search_url` (absolute) with the words in `q`.
    pub(super) fn new(search_url: &str) -> SearchAction {
        SearchAction {
            kind: "SearchAction",
            target: format!("{search_url}?q={{search_term_string}}"),
            query_input: "required name=search_term_string",
        }
    }
}

impl Breadcrumbs {
    /// The trail from the home page to the page, each step (name,
    /// absolute URL); the last is the page itself.
    pub(super) fn new(steps: Vec<(String, String)>) -> Breadcrumbs {
        let last = steps.len();
        Breadcrumbs {
            item_list_element: steps
                .into_iter()
                .enumerate()
                .map(|(i, (name, url))| Crumb {
                    kind: "ListItem",
                    position: i + 1,
                    name,
                    item: (i + 1 < last).then_some(url),
                })
                .collect(),
        }
    }
}

/// `nodes` as the text of a `<script type="application/ld+json">`: JSON
/// in which no `<`, `>` or `&` stands (each written `\u003c`…), so that no
/// text of an issue can close the script (`</script>`), open a comment
/// (`<!--`) or read as a character reference. `None` for no node.
pub(super) fn script(nodes: &[Node]) -> Option<String> {
    if nodes.is_empty() {
        return None;
    }
    let graph = Graph {
        context: "https://schema.org",
        graph: nodes,
    };
    let json = serde_json::to_string(&graph).ok()?;
    Some(
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

#[cfg(test)]
mod tests {
    use super::{script, Breadcrumbs, Node};

    #[test]
    fn no_text_closes_the_script() {
        let trail = Breadcrumbs::new(vec![
            ("Home".into(), "https://x.org/".into()),
            (
                "</script><script>alert(1)</script><!-- &amp;".into(),
                "https://x.org/a/".into(),
            ),
        ]);
        let json = script(&[Node::BreadcrumbList(trail)]).unwrap();
        assert!(!json.contains(['<', '>', '&']), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let crumbs = &value["@graph"][0]["itemListElement"];
        assert_eq!(value["@graph"][0]["@type"], "BreadcrumbList");
        assert_eq!(crumbs[1]["name"], "</script><script>alert(1)</script><!-- &amp;");
        assert_eq!(crumbs[0]["item"], "https://x.org/");
        assert!(crumbs[1].get("item").is_none());
    }
}
