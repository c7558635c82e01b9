//! `kiosque import substack`: a Substack export (zip or folder) has
//! `posts.csv` (post_id, post_date, is_published, type, title, subtitle…)
//! and each post's HTML as `posts/<post_id>.html`, where post_id is
//! `<number>.<slug>`. Each post becomes an `.html` issue with TOML front
//! matter (subtitle → summary); unpublished posts only with `--drafts`.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{ContentError, ContentErrors};
use crate::import::export::{Export, MAX_POST_BYTES};
use crate::import::{parse_date, Front, Plan, Planned};
use crate::slug::slugify;
use crate::BuildError;

/// The largest posts.csv read (a few hundred bytes a post).
const MAX_CSV_BYTES: u64 = 64_000_000;

/// The post types that are posts (not threads or other kinds).
const POST_TYPES: &[&str] = &["newsletter", "podcast", "video", ""];

/// One row of posts.csv, by column name.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.columns
            .get(name)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    }
}

/// Reads the Substack export at `path` into a plan.
pub(crate) fn plan(path: &Path, drafts: bool) -> Result<Plan, BuildError> {
    let one = |e: ContentError| BuildError::from(ContentErrors(vec![e]));
    let mut export = Export::open(path).map_err(one)?;
    let files = export.files();
    let csv_name = files
        .iter()
        .filter(|f| *f == "posts.csv" || f.ends_with("/posts.csv"))
        .min_by_key(|f| f.len())
        .cloned()
        .ok_or_else(|| one(ContentError::new(path, "no posts.csv in it: is it a Substack export?")))?;
    let base = csv_name.trim_end_matches("posts.csv").to_string();
    let csv_path = export.path_of(&csv_name);
    let text = export.read_text(&csv_name, MAX_CSV_BYTES).map_err(one)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| one(ContentError::new(&csv_path, format!("unreadable header row: {e}")).at_line(1)))?;
    let columns: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
        .collect();
    if !columns.contains_key("post_id") {
        return Err(one(ContentError::new(
            &csv_path,
            "no `post_id` column: not a Substack posts.csv",
        )
        .at_line(1)));
    }
    let mut plan = Plan::default();
    let mut errors = ContentErrors::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                errors.push(ContentError::new(&csv_path, format!("unreadable row: {e}")).at_line(line));
                continue;
            }
        };
        plan.read += 1;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let row = Row {
            record: &record,
            columns: &columns,
        };
        let post = read_post(&mut export, &files, &base, &row, drafts);
        let origin = format!("posts.csv line {line}");
        match post {
            Ok(planned) => plan.issues.push(Planned { origin, ..planned }),
            Err(Problem::Skip(reason)) => plan.skip(origin, reason),
            Err(Problem::Row(message)) => errors.push(ContentError::new(&csv_path, message).at_line(line)),
            Err(Problem::File(error)) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(plan)
}

/// Why a row gives no issue.
enum Problem {
    Skip(String),
    Row(String),
    File(ContentError),
}

/// The issue of one row of posts.csv.
fn read_post(
    export: &mut Export,
    files: &[String],
    base: &str,
    row: &Row<'_>,
    drafts: bool,
) -> Result<Planned, Problem> {
    let id = row.get("post_id");
    if id.is_empty() {
        return Err(Problem::Row("a row without a post_id".into()));
    }
    let kind = row.get("type").to_ascii_lowercase();
    if !POST_TYPES.contains(&kind.as_str()) {
        return Err(Problem::Skip(format!("post {id}: type `{kind}` is not a post")));
    }
    let published = row.get("is_published").eq_ignore_ascii_case("true");
    if !published && !drafts {
        return Err(Problem::Skip(format!(
            "post {id}: not published (--drafts to import it)"
        )));
    }
    let date = ["post_date", "email_sent_at"]
        .iter()
        .map(|c| row.get(c))
        .find(|d| !d.is_empty());
    let date = match date {
        Some(date) => date,
        None if !published => return Err(Problem::Skip(format!("post {id}: a draft without a date"))),
        None => {
            return Err(Problem::Row(format!(
                "post {id} has no date (post_date and email_sent_at are empty)"
            )))
        }
    };
    let date = parse_date(date).ok_or_else(|| Problem::Row(format!("post {id}: `{date}` is not a date")))?;
    let file = post_file(files, base, id).ok_or_else(|| {
        Problem::Row(format!(
            "post {id}: its file {base}posts/{id}.html is missing from the export"
        ))
    })?;
    let html = export.read_text(&file, MAX_POST_BYTES).map_err(Problem::File)?;
    let title = row.get("title");
    // `<number>.<slug>`: from the post_id, else from the file's name.
    let stem = file.rsplit('/').next().unwrap_or_default().trim_end_matches(".html");
    let slug = match stem.split_once('.') {
        Some((_, slug)) if !slugify(slug).is_empty() => slugify(slug),
        _ => slugify(title),
    };
    let front = Front {
        title: Some(title.to_string()).filter(|t| !t.is_empty()),
        date: Some(date),
        summary: Some(row.get("subtitle").to_string()).filter(|s| !s.is_empty()),
        draft: !published,
        ..Front::default()
    };
    Ok(Planned::html(date, slug, front, html))
}

/// `posts/<id>.html`, else `posts/<id>.<anything>.html` (an id without
/// its slug).
fn post_file(files: &[String], base: &str, id: &str) -> Option<String> {
    let exact = format!("{base}posts/{id}.html");
    if files.contains(&exact) {
        return Some(exact);
    }
    let prefix = format!("{base}posts/{id}.");
    files
        .iter()
        .find(|f| f.starts_with(&prefix) && f.ends_with(".html") && !f[prefix.len()..].contains('/'))
        .cloned()
}
