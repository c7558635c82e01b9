//! The TOML front matter of an imported post (`+++` … `+++`, what kiosque
//! reads in `.html` and `.md` issues) and the document it heads.

use chrono::NaiveDate;

/// What an import knows of a post beyond its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Front {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// Tags of content/tags.toml (any other fails the build).
    pub tags: Vec<String>,
    /// The platform's tags that content/tags.toml lacks, kept under
    /// `[extra]` so nothing is lost.
    pub other_tags: Vec<String>,
}

/// `front` as TOML front matter, then `body`, ending with one newline.
pub(super) fn document(front: &Front, body: &str) -> String {
    let mut out = String::from("+++\n");
    let string = |s: &str| toml::Value::String(s.to_string()).to_string();
    let list = |items: &[String]| {
        let items: Vec<String> = items.iter().map(|s| string(s)).collect();
        format!("[{}]", items.join(", "))
    };
    if let Some(title) = &front.title {
        out.push_str(&format!("title = {}\n", string(title)));
    }
    if let Some(date) = front.date {
        out.push_str(&format!("date = {}\n", date.format("%Y-%m-%d")));
    }
    if let Some(slug) = &front.slug {
        out.push_str(&format!("slug = {}\n", string(slug)));
    }
    if let Some(summary) = &front.summary {
        out.push_str(&format!("summary = {}\n", string(summary)));
    }
    if front.draft {
        out.push_str("draft = true\n");
    }
    if !front.tags.is_empty() {
        out.push_str(&format!("tags = {}\n", list(&front.tags)));
    }
    if !front.other_tags.is_empty() {
        out.push_str(&format!("\n[extra]\nimported_tags = {}\n", list(&front.other_tags)));
    }
    out.push_str("+++\n");
    out.push_str(body.trim_start_matches(['\n', '\r']).trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::{document, Front};

    #[test]
    fn front_matter_escapes_and_orders_keys() {
        let front = Front {
            title: Some("Le \"grand\" jour".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
            slug: Some("grand-jour".into()),
            summary: Some("Deux\nlignes".into()),
            draft: true,
            tags: vec!["ia".into()],
            other_tags: vec!["#internal".into()],
        };
        let text = document(&front, "\n<p>Hi</p>\n\n");
        let (front, body) = text.trim_start_matches("+++\n").split_once("+++\n").unwrap();
        let value: toml::Table = front.parse().unwrap();
        assert_eq!(value["title"].as_str(), Some("Le \"grand\" jour"));
        assert_eq!(value["summary"].as_str(), Some("Deux\nlignes"));
        assert_eq!(value["draft"].as_bool(), Some(true));
        assert_eq!(value["extra"]["imported_tags"][0].as_str(), Some("#internal"));
        assert_eq!(body, "<p>Hi</p>\n");
    }
}
