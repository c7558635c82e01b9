//! `kiosque import ghost`: a Ghost export (JSON) has its posts in
//! `db[0].data.posts` (html, title, slug, published_at, status, type or
//! page) and their tags through `posts_tags` and `tags`. Each post becomes
//! an `.html` issue with TOML front matter; pages are skipped, and drafts
//! or scheduled posts come only with `--drafts`.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde_json::Value;

use crate::error::{ContentError, ContentErrors};
use crate::import::{parse_date, Body, Front, Plan, Planned};
use crate::slug::slugify;
use crate::BuildError;

/// Reads the Ghost export at `path` into a plan; tags that
/// content/tags.toml has (`known_tags`) go to `tags`, the others to `[extra]`.
pub(crate) fn plan(path: &Path, drafts: bool, known_tags: &BTreeSet<String>) -> Result<Plan, BuildError> {
    let error = |m: String| BuildError::from(ContentErrors(vec![ContentError::new(path, m)]));
    let file = File::open(path).map_err(|e| error(format!("cannot open the export: {e}")))?;
    let json: Value = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        BuildError::from(ContentErrors(vec![ContentError::new(
            path,
            format!("not valid JSON: {e}"),
        )
        .at(e.line(), e.column())]))
    })?;
    let data = json.pointer("/db/0/data").or_else(|| json.get("data"));
    let posts = data
        .and_then(|d| d.get("posts"))
        .and_then(Value::as_array)
        .ok_or_else(|| error("no posts in it: expected a Ghost export with `db[0].data.posts`".into()))?;
    let tags = tags_of_posts(data);
    let mut plan = Plan {
        read: posts.len(),
        ..Plan::default()
    };
    let mut errors = ContentErrors::default();
    for (index, post) in posts.iter().enumerate() {
        let slug = text(post, "slug").unwrap_or_default();
        let origin = format!("post {} `{slug}`", index + 1);
        match read_post(post, drafts, tags.get(&id_of(post)), known_tags) {
            Ok(planned) => plan.issues.push(Planned { origin, ..planned }),
            Err(Problem::Skip(reason)) => plan.skip(origin, reason),
            Err(Problem::Bad(message)) => errors.push(ContentError::new(path, format!("{origin}: {message}"))),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut unknown: Vec<&str> = plan
        .issues
        .iter()
        .filter_map(|i| match &i.body {
            Body::Document { front, .. } => Some(front.other_tags.iter().map(String::as_str)),
            Body::Message { .. } => None,
        })
        .flatten()
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        plan.warnings.push(format!(
            "tags not in content/tags.toml, kept under [extra] imported_tags: {} (add them to tags.toml to use them)",
            unknown.join(", ")
        ));
    }
    Ok(plan)
}

/// Why a post gives no issue.
enum Problem {
    Skip(String),
    Bad(String),
}

fn read_post(
    post: &Value,
    drafts: bool,
    tags: Option<&Vec<(i64, String)>>,
    known_tags: &BTreeSet<String>,
) -> Result<Planned, Problem> {
    let is_page = text(post, "type") == Some("page") || post.get("page").and_then(Value::as_bool) == Some(true);
    if is_page {
        return Err(Problem::Skip("a page, not a post".into()));
    }
    let status = text(post, "status").unwrap_or("published");
    let published = status == "published";
    if !published && !drafts {
        return Err(Problem::Skip(format!("status `{status}` (--drafts to import it)")));
    }
    let html = text(post, "html").unwrap_or_default();
    if html.trim().is_empty() {
        return Err(Problem::Skip("no HTML in the export (empty post)".into()));
    }
    let date_field = ["published_at", "created_at", "updated_at"]
        .into_iter()
        .find_map(|k| text(post, k).filter(|d| !d.is_empty()).map(|d| (k, d)));
    let Some((field, date_text)) = date_field.filter(|(k, _)| !published || *k == "published_at") else {
        return Err(Problem::Bad("a published post without `published_at`".into()));
    };
    let date = parse_date(date_text).ok_or_else(|| Problem::Bad(format!("`{field}: {date_text}` is not a date")))?;
    let title = text(post, "title").map(str::trim).filter(|t| !t.is_empty());
    let slug = text(post, "slug")
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slugify(title.unwrap_or_default()));
    let mut front = Front {
        title: title.map(str::to_string),
        date: Some(date),
        summary: text(post, "custom_excerpt")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        draft: !published,
        ..Front::default()
    };
    for (_, name) in tags.into_iter().flatten() {
        match slugify(name) {
            s if known_tags.contains(&s) => front.tags.push(s),
            _ => front.other_tags.push(name.clone()),
        }
    }
    Ok(Planned::html(date, slug, front, html.to_string()))
}

/// Each post's tag names in their order (`sort_order`), internal tags
/// (`#name`) left out.
fn tags_of_posts(data: Option<&Value>) -> HashMap<String, Vec<(i64, String)>> {
    let list = |key: &str| {
        data.and_then(|d| d.get(key))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let names: HashMap<String, String> = list("tags")
        .iter()
        .filter_map(|t| Some((id_of(t), text(t, "name")?.to_string())))
        .filter(|(_, name)| !name.starts_with('#'))
        .collect();
    let mut tags: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for link in list("posts_tags") {
        let post = link.get("post_id").map(id_text).unwrap_or_default();
        let tag = link.get("tag_id").map(id_text).unwrap_or_default();
        if let Some(name) = names.get(&tag) {
            let order = link.get("sort_order").and_then(Value::as_i64).unwrap_or(0);
            tags.entry(post).or_default().push((order, name.clone()));
        }
    }
    for list in tags.values_mut() {
        list.sort();
    }
    tags
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// An id, whether the export wrote it as a string or a number.
fn id_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn id_of(value: &Value) -> String {
    value.get("id").map(id_text).unwrap_or_default()
}
