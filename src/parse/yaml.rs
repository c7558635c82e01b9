//! YAML front matter between `---` lines, as Jekyll, Hugo and Buttondown
//! write it: the keys of TOML front matter (and Buttondown's `subject` and
//! `publish_date`, Hugo's `description`, Jekyll's `author`, `published`),
//! read with serde-saphyr into `front_matter::Fields`; errors at the line
//! of the file. A `---` rule that opens a text issue is not front matter.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::error::ContentError;
use crate::parse::front_matter::{check, Fields, FrontMatter, FIRST_LINE};

/// The keys kiosque reads, aliases included: a block after `---` is front
/// matter only when it names one of them.
const KEYS: &[&str] = &[
    "title",
    "subject",
    "date",
    "publish_date",
    "number",
    "slug",
    "tags",
    "companies",
    "summary",
    "description",
    "draft",
    "published",
    "status",
    "authors",
    "author",
    "lang",
    "language",
    "message_id",
    "extra",
];

#[derive(Deserialize)]
struct Raw {
    #[serde(alias = "publish_date")]
    date: Option<String>,
    number: Option<i64>,
    #[serde(alias = "subject")]
    title: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    tags: OneOrMany,
    #[serde(default)]
    companies: OneOrMany,
    #[serde(alias = "description")]
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    /// Jekyll: `published: false` is a draft.
    published: Option<bool>,
    /// Buttondown: `status: draft` is a draft.
    status: Option<String>,
    #[serde(default, alias = "author")]
    authors: OneOrMany,
    #[serde(alias = "language")]
    lang: Option<String>,
    message_id: Option<String>,
    /// Free-form data for a site's own templates; accepted, not used.
    #[allow(dead_code)]
    extra: Option<IgnoredAny>,
    /// The keys of other tools (`layout`, `permalink`, `categories`).
    #[serde(flatten)]
    #[allow(
        clippy::zero_sized_map_values,
        reason = "only the keys are kept: serde's flatten needs a map"
    )]
    other: BTreeMap<String, IgnoredAny>,
}

/// `tags: ia` or `tags: [ia, 2024]`.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A value of a list, as text (`2024` is the tag `2024`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        let text = |scalar: Scalar| match scalar {
            Scalar::Text(text) => text,
            Scalar::Integer(n) => n.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::Bool(b) => b.to_string(),
        };
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(one) => vec![text(one)],
            OneOrMany::Many(many) => many.into_iter().map(text).collect(),
        }
    }
}

/// Splits YAML front matter from `text`: `Some((yaml, body, body line))`
/// when the text opens with a `---` line followed by `key: value` lines
/// that name a key kiosque reads, up to a closing `---` (or `...`) line.
/// Anything else (a rule of dashes above a title) is left to the body.
/// Front matter that is never closed is an error.
pub(super) fn split<'a>(path: &Path, text: &'a str) -> Result<Option<(&'a str, &'a str, usize)>, ContentError> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Ok(None);
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for line in lines {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &text[start..offset];
            if !looks_like_front_matter(yaml) {
                return Ok(None);
            }
            let body_start = offset + line.len();
            let body_line = text[..body_start].matches('\n').count() + 1;
            return Ok(Some((yaml, &text[body_start..], body_line)));
        }
        offset += line.len();
    }
    let first = text[start..].lines().next().unwrap_or_default();
    if key_of(first).is_some_and(|key| KEYS.contains(&key)) {
        return Err(ContentError::new(
            path,
            "front matter opened with `---` is never closed (no closing `---` line)",
        )
        .at_line(1));
    }
    Ok(None)
}

/// Every line at the margin is a `key:` line, a list item or a comment,
/// and one of the keys is one kiosque reads.
fn looks_like_front_matter(yaml: &str) -> bool {
    let mut known = false;
    for line in yaml.lines() {
        if line.trim().is_empty() || line.starts_with([' ', '\t', '#']) || line.starts_with("- ") {
            continue;
        }
        match key_of(line) {
            Some(key) => known |= KEYS.contains(&key),
            None => return false,
        }
    }
    known
}

/// `title: x` → `title`: a key at the margin, a colon, then a space or
/// the end of the line.
fn key_of(line: &str) -> Option<&str> {
    let end = line.find(':')?;
    let key = &line[..end];
    let rest = &line[end + 1..];
    let is_key = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (is_key && (rest.is_empty() || rest.starts_with([' ', '\t', '\r']))).then_some(key)
}

/// Reads YAML front matter whose first line is line 2 of the file.
pub(super) fn parse(path: &Path, yaml: &str) -> Result<FrontMatter, ContentError> {
    let raw: Raw = serde_saphyr::from_str(yaml).map_err(|e| yaml_error(path, &e))?;
    let draft = raw.draft
        || raw.published == Some(false)
        || raw.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("draft"));
    let fields = Fields {
        date: raw.date.map(|d| parse_date(&d).ok_or(d)),
        number: raw.number,
        title: raw.title,
        slug: raw.slug,
        tags: raw.tags.into_vec(),
        companies: raw.companies.into_vec(),
        summary: raw.summary,
        draft,
        authors: raw.authors.into_vec(),
        lang: raw.lang,
        message_id: raw.message_id,
        ignored: raw.other.into_keys().collect(),
    };
    check(path, fields, &|key| line_of(yaml, key) + FIRST_LINE - 1)
}

/// A YAML error at the line of the file, without the YAML parser's own
/// rendering of the snippet.
fn yaml_error(path: &Path, error: &serde_saphyr::Error) -> ContentError {
    let rendered = error.without_snippet().to_string();
    let message = plain_message(rendered.lines().next().unwrap_or_default());
    let error_at = ContentError::new(path, format!("front matter: invalid YAML: {message}"));
    match error.location() {
        Some(at) if at.line() > 0 => {
            let line = usize::try_from(at.line()).unwrap_or(0) + FIRST_LINE - 1;
            error_at.at(line, usize::try_from(at.column()).unwrap_or(1).max(1))
        }
        _ => error_at.at_line(1),
    }
}

/// `error: line 3 column 7: unclosed bracket` → `unclosed bracket`: the
/// YAML parser's lines are not the file's, the error gives the file's.
fn plain_message(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_prefix("error:").map_or(text, str::trim_start);
    let located = text.strip_prefix("line ").and_then(|rest| {
        let (_, after) = rest.split_once(':')?;
        rest.contains(" column ").then_some(after.trim_start())
    });
    let text = located.unwrap_or(text);
    text.rsplit_once(" at line ").map_or(text, |(message, _)| message)
}

/// `2024-03-01`, `2024-03-01T10:00:00Z` or `2024-03-01 10:00:00 +0100`:
/// the day as written.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (day, rest) = text.split_at(text.char_indices().nth(10).map_or(text.len(), |(i, _)| i));
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The 1-based line of `yaml` where `key` (or its alias) stands, or 1.
fn line_of(yaml: &str, key: &str) -> usize {
    let aliases: &[&str] = match key {
        "date" => &["date", "publish_date"],
        "title" => &["title", "subject"],
        "summary" => &["summary", "description"],
        "authors" => &["authors", "author"],
        "lang" => &["lang", "language"],
        other => return position(yaml, &[other]),
    };
    position(yaml, aliases)
}

fn position(yaml: &str, keys: &[&str]) -> usize {
    yaml.lines()
        .position(|line| key_of(line).is_some_and(|k| keys.contains(&k)))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> Option<&str> {
        split(Path::new("x.md"), text).unwrap().map(|(yaml, _, _)| yaml)
    }

    #[test]
    fn a_block_of_keys_is_front_matter() {
        let text = "---\ntitle: Le titre\ndate: 2024-03-01\ntags:\n  - ia\n  - cloud\n---\nCorps\n";
        let (yaml, body, line) = split(Path::new("x.md"), text).unwrap().unwrap();
        assert_eq!(body, "Corps\n");
        assert_eq!(line, 8);
        let fm = parse(Path::new("x.md"), yaml).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Le titre"));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(fm.tags, [("ia".to_string(), 4), ("cloud".to_string(), 4)]);
    }

    #[test]
    fn a_rule_of_dashes_is_not_front_matter() {
        assert_eq!(front("---\nLe titre du numéro\n---\nUn paragraphe.\n"), None);
        assert_eq!(front("---\nNote: rien de neuf\n---\n"), None, "no key kiosque reads");
        assert_eq!(front("---\ntitle: x\nUne phrase.\n---\n"), None, "a line of prose");
        assert_eq!(front("-----\ntitle: x\n-----\n"), None);
        assert_eq!(front("---\n"), None);
        assert_eq!(front("Titre\n---\ntitle: x\n---\n"), None);
    }

    #[test]
    fn aliases_of_other_tools() {
        let yaml = "subject: Hello\npublish_date: 2024-03-01T10:00:00Z\nstatus: draft\nlayout: post\nauthor: Ann\n";
        let fm = parse(Path::new("x.md"), yaml).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hello"));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert!(fm.draft);
        assert_eq!(fm.authors, ["Ann"]);
        assert_eq!(fm.ignored, [("layout".to_string(), 5)]);
        let fm = parse(Path::new("x.md"), "date: 2024-03-01 10:00:00 +0100\ntags: ia\n").unwrap();
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(fm.tags, [("ia".to_string(), 3)]);
    }

    #[test]
    fn scalars_are_text() {
        let fm = parse(Path::new("x.md"), "title: 2024\ntags: [2024, ia]\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("2024"));
        assert_eq!(fm.tags.len(), 2);
    }

    #[test]
    fn errors_name_the_line_of_the_file() {
        let err = parse(Path::new("x.md"), "title: x\ndate: demain\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("demain"), "{err}");
        let err = parse(Path::new("x.md"), "title: x\ntags: [a, b\nslug: y\n").unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{err}");
        assert!(!err.message.contains("line"), "the YAML line is not the file's: {err}");
        assert!(err.line.is_some_and(|l| l >= 3), "{err}");
        let err = split(Path::new("x.md"), "---\ntitle: x\ndate: 2024-01-01\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }
}
