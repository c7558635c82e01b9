//! The parse stage: a `SourceFile` (plain text or Markdown, with optional
//! front matter) becomes an `Issue` with a date, a slug, stories with
//! anchors and teasers linked to them. Pure; errors name file and line.

mod blocks;
mod chars;
mod digest;
mod email_images;
mod eml;
mod finish;
mod front_matter;
mod headings;
mod html;
mod language;
mod layout;
mod lines;
mod links;
mod markdown;
pub(crate) mod plaintext;
mod roles;
pub(crate) mod sanitize;
mod teasers;
mod width;
mod yaml;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use jiff::tz::TimeZone;

use crate::config::Lang;
use crate::error::ContentError;
use crate::labels::Labels;
use crate::load::SourceFile;
use crate::model::{Declared, Doubt, Issue, Paragraph, Story};
use crate::slug::slugify;

/// How to parse: the labels of the site and whether Markdown may carry HTML.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    pub labels: &'a Labels,
    pub allow_html: bool,
    /// The site's language: an issue's own when its text does not tell.
    pub lang: Lang,
    /// The site's time zone: an email's date is the day it was sent there.
    pub timezone: &'a TimeZone,
}

/// The structure of an issue's body, whatever its format.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Body {
    /// The title and the line it stands on.
    pub title: Option<(String, usize)>,
    pub teasers: Vec<String>,
    pub intro: Vec<Paragraph>,
    pub stories: Vec<Story>,
    pub outro: Vec<Paragraph>,
    pub credits: Option<String>,
    /// What the parser was unsure of, by line.
    pub doubts: Vec<Doubt>,
    /// The line of each story's headline (plain text).
    pub story_lines: Vec<usize>,
}

/// The largest issue parsed, in bytes: parsing takes memory in proportion
/// to the text (up to ~170× for a Markdown table of one-letter cells), and
/// no newsletter comes near it.
pub(crate) const MAX_ISSUE_BYTES: usize = 5_000_000;

/// The most parts (teasers, stories, paragraphs, further-reading items) an
/// issue may have: each takes memory when its pages are rendered (50,000
/// paragraphs build in ~60 MB, a million in 4.7 GB), and a text that reads
/// as more is not the newsletter it was meant to be (a file of a million
/// short lines, a list exported one word a line).
pub(crate) const MAX_ISSUE_PARTS: usize = 50_000;

pub fn parse_issue(file: &SourceFile, options: ParseOptions<'_>) -> Result<Issue, ContentError> {
    let path = file.path.as_path();
    check_size(path, &file.text)?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if extension == "eml" {
        let email = eml::to_issue(path, &file.text, options.timezone)?;
        let format = match email.format {
            eml::BodyFormat::Text => "txt",
            eml::BodyFormat::Html => "html",
        };
        let mut issue = parse_as(path, &email.text, format, options)?;
        issue.assets = email.assets;
        return Ok(issue);
    }
    parse_as(path, &file.text, extension, options)
}

/// Parses `text`, the issue of `path`, as the format of `extension`.
fn parse_as(path: &Path, text: &str, extension: &str, options: ParseOptions<'_>) -> Result<Issue, ContentError> {
    let text = chars::normalize(text);
    let (front, body, body_line) = front_matter::split(path, &text)?;
    let mut front = match front {
        Some(front) => front_matter::parse(path, front)?,
        None => front_matter::FrontMatter::default(),
    };
    front.title = front.title.map(|t| chars::one_line(&t)).filter(|t| !t.is_empty());
    front.summary = front.summary.map(|s| chars::normalize(&s).into_owned());
    front.authors = front.authors.iter().map(|a| chars::one_line(a)).collect();
    let body_text = body;
    let mut body = match extension {
        "md" => markdown::parse(body, options.labels, options.allow_html),
        "html" | "htm" => html::parse(body, body_line, options.labels, front.title.as_deref()),
        _ => plaintext::parse(body, body_line, options.labels, front.title.as_deref()),
    };
    body.doubts.extend(front.ignored.iter().map(|(key, line)| Doubt {
        line: *line,
        message: format!("front matter: `{key}` is not a key kiosque reads: it is left out"),
    }));
    body.outro = match body.stories.last_mut() {
        Some(story) => finish::take_sign_off(&mut story.paragraphs),
        // An issue of one piece, all introduction.
        None => finish::take_sign_off(&mut body.intro),
    };
    finish::unnumber_headlines(&mut body.stories);
    check_parts(path, &body)?;
    let title = match (front.title, body.title) {
        (Some(title), _) => title,
        (None, Some((title, _))) => title,
        (None, None) => {
            return Err(
                ContentError::new(path, "the issue has no title: its first line should be the title")
                    .at_line(body_line),
            )
        }
    };
    let (file_date, file_slug) = split_file_name(path);
    let date = match (front.date, file_date) {
        (Some(date), _) | (None, FileDate::Valid(date)) => date,
        (None, FileDate::Invalid(text)) => {
            return Err(ContentError::new(
                path,
                format!("invalid date {text} in the file name: there is no such day (add `date = 2023-12-06` to the front matter or rename the file)"),
            )
            .at_line(1))
        }
        (None, FileDate::Missing) => {
            return Err(ContentError::new(
                path,
                "missing date: add `date = 2023-12-06` to the front matter or start the file name with 2023-12-06-",
            )
            .at_line(1))
        }
    };
    let slug = match front.slug {
        Some(slug) => {
            let clean = slugify(&slug);
            if clean.is_empty() {
                return Err(ContentError::new(
                    path,
                    format!("front matter: `slug = \"{slug}\"` has no letter or digit"),
                )
                .at_line(1));
            }
            clean
        }
        // The file name's words, else the title's, else the date.
        None => [slugify(&file_slug), slugify(&title)]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| date.format("%Y-%m-%d").to_string()),
    };
    let lang = front
        .lang
        .or_else(|| language::detect(body_text))
        .unwrap_or(options.lang);
    let mut stories = body.stories;
    assign_anchors(&mut stories);
    let teasers = teasers::link_teasers(body.teasers, &stories);
    Ok(Issue {
        slug,
        title,
        date,
        lang,
        number: front.number,
        summary: front.summary,
        authors: front.authors,
        draft: front.draft,
        message_id: front.message_id,
        teasers,
        intro: body.intro,
        stories,
        outro: body.outro,
        credits: body.credits,
        tags: Vec::new(),
        companies: Vec::new(),
        source: path.to_path_buf(),
        declared: Declared {
            tags: front.tags,
            companies: front.companies,
        },
        doubts: body.doubts,
        story_lines: body.story_lines,
        assets: Vec::new(),
    })
}

/// An issue larger than `MAX_ISSUE_BYTES` is refused, with its size.
fn check_size(path: &Path, text: &str) -> Result<(), ContentError> {
    if text.len() <= MAX_ISSUE_BYTES {
        return Ok(());
    }
    let megabytes = |bytes: usize| bytes as f64 / 1e6;
    Err(ContentError::new(
        path,
        format!(
            "the issue is {:.1} MB; the limit is {:.0} MB: split it into several issues",
            megabytes(text.len()),
            megabytes(MAX_ISSUE_BYTES)
        ),
    ))
}

/// An issue of more than `MAX_ISSUE_PARTS` parts is refused, with its count.
fn check_parts(path: &Path, body: &Body) -> Result<(), ContentError> {
    let stories: usize = body
        .stories
        .iter()
        .map(|s| 1 + s.paragraphs.len() + s.further_reading.len())
        .sum();
    let parts = body.teasers.len() + body.intro.len() + body.outro.len() + stories;
    if parts <= MAX_ISSUE_PARTS {
        return Ok(());
    }
    Err(ContentError::new(
        path,
        format!(
            "the issue reads as {parts} parts (stories, paragraphs, teasers, links); the limit is {MAX_ISSUE_PARTS}: is it one issue, with a line break only between paragraphs?"
        ),
    ))
}

/// The date a file name starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileDate {
    Valid(NaiveDate),
    /// Shaped like a date (`2023-02-30`) but no such day.
    Invalid(String),
    Missing,
}

/// `2023-12-06-elon-musk.txt` → (2023-12-06, `elon-musk`).
fn split_file_name(path: &Path) -> (FileDate, String) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let Some(head) = stem.get(..10).filter(|d| is_date_shaped(d)) else {
        return (FileDate::Missing, stem.to_string());
    };
    let rest = stem[10..].trim_start_matches(['-', '_']).to_string();
    match NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(date) => (FileDate::Valid(date), rest),
        Err(_) => (FileDate::Invalid(head.to_string()), rest),
    }
}

/// `dddd-dd-dd`.
fn is_date_shaped(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Anchors from headlines, unique within the issue (`x`, `x-2`, …).
fn assign_anchors(stories: &mut [Story]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, story) in stories.iter_mut().enumerate() {
        let base = Some(slugify(&story.headline))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("story-{}", i + 1));
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        story.anchor = if *count == 1 { base } else { format!("{base}-{count}") };
    }
}
