//! The optional front matter at the top of an issue, TOML between `+++`
//! lines or YAML between `---` lines (`parse::yaml`): split it from the
//! body and read its fields, with errors at the file's own lines.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::config::{line_of_key, toml_error, Lang};
use crate::error::ContentError;
use crate::parse::yaml;

/// What front matter may say about an issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct FrontMatter {
    pub date: Option<NaiveDate>,
    pub number: Option<i64>,
    pub title: Option<String>,
    pub slug: Option<String>,
    pub tags: Vec<(String, usize)>,
    pub companies: Vec<(String, usize)>,
    pub summary: Option<String>,
    pub draft: bool,
    pub authors: Vec<String>,
    pub lang: Option<Lang>,
    /// The `Message-ID` of the email the issue was sent as.
    pub message_id: Option<String>,
    /// Keys read but not used (a YAML front matter written for another
    /// tool: `layout`, `permalink`), with their line.
    pub ignored: Vec<(String, usize)>,
}

/// A front matter block as written, in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Front<'a> {
    Toml(&'a str),
    Yaml(&'a str),
}

/// What both languages of front matter say, before it is checked.
#[derive(Debug, Default)]
pub(super) struct Fields {
    /// The date, or the text that is not one.
    pub date: Option<Result<NaiveDate, String>>,
    pub number: Option<i64>,
    pub title: Option<String>,
    pub slug: Option<String>,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub authors: Vec<String>,
    pub lang: Option<String>,
    pub message_id: Option<String>,
    pub ignored: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    date: Option<toml::Value>,
    number: Option<i64>,
    title: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    companies: Vec<String>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(alias = "language")]
    lang: Option<String>,
    message_id: Option<String>,
    /// Free-form data for a site's own templates; accepted, not used.
    #[allow(dead_code)]
    extra: Option<toml::Table>,
}

/// Splits `text` into (front matter, body, 1-based line where the body
/// starts). Without front matter, the whole text is the body.
pub(super) fn split<'a>(path: &Path, text: &'a str) -> Result<(Option<Front<'a>>, &'a str, usize), ContentError> {
    if let Some((front, body, line)) = yaml::split(path, text)? {
        return Ok((Some(Front::Yaml(front)), body, line));
    }
    let Some(after_open) = text.strip_prefix("+++") else {
        return Ok((None, text, 1));
    };
    let Some(newline) = after_open.find('\n') else {
        return Err(ContentError::new(path, "front matter opened with `+++` is never closed").at_line(1));
    };
    if !after_open[..newline].trim().is_empty() {
        return Err(ContentError::new(path, "`+++` must stand alone on the first line").at_line(1));
    }
    let inner_start = 3 + newline + 1;
    let mut offset = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &text[inner_start..offset];
            let body = &text[offset + line.len()..];
            let body_line = text[..offset + line.len()].matches('\n').count() + 1;
            return Ok((Some(Front::Toml(front)), body, body_line));
        }
        offset += line.len();
    }
    Err(ContentError::new(
        path,
        "front matter opened with `+++` is never closed (no closing `+++` line)",
    )
    .at_line(1))
}

/// Reads front matter whose first line is line 2 of the file.
pub(super) fn parse(path: &Path, front: Front<'_>) -> Result<FrontMatter, ContentError> {
    match front {
        Front::Toml(text) => parse_toml(path, text),
        Front::Yaml(text) => yaml::parse(path, text),
    }
}

/// Reads TOML front matter whose first line is line 2 of the file.
fn parse_toml(path: &Path, front: &str) -> Result<FrontMatter, ContentError> {
    let raw: Raw = toml::from_str(front).map_err(|e| {
        let mut error = toml_error(path, front, &e);
        error.line = error.line.map(|l| l + FIRST_LINE - 1);
        error.message = format!("front matter: {}", error.message);
        error
    })?;
    let fields = Fields {
        date: raw
            .date
            .map(|value| parse_date(&value).ok_or_else(|| value.to_string())),
        number: raw.number,
        title: raw.title,
        slug: raw.slug,
        tags: raw.tags,
        companies: raw.companies,
        summary: raw.summary,
        draft: raw.draft,
        authors: raw.authors,
        lang: raw.lang,
        message_id: raw.message_id,
        ignored: Vec::new(),
    };
    check(path, fields, &|key| line_of_key(front, key) + FIRST_LINE - 1)
}

/// The line of the file where front matter starts (after `+++` or `---`).
pub(super) const FIRST_LINE: usize = 2;

/// Checks what front matter says: a real date, a known language; each
/// tag and company with the line of the file it stands on (`line_of`).
pub(super) fn check(path: &Path, fields: Fields, line_of: &dyn Fn(&str) -> usize) -> Result<FrontMatter, ContentError> {
    let date = match fields.date {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err(value)) => {
            return Err(ContentError::new(
                path,
                format!("front matter: the date `{value}` is not a valid date: write it like 2023-12-06"),
            )
            .at_line(line_of("date")))
        }
    };
    let with_line = |list: Vec<String>, key: &str| -> Vec<(String, usize)> {
        let line = line_of(key);
        list.into_iter().map(|s| (s, line)).collect()
    };
    let lang = match fields.lang {
        None => None,
        Some(code) => Some(Lang::from_code(&code).ok_or_else(|| {
            ContentError::new(
                path,
                format!("front matter: unsupported language `{code}`: use \"fr\" or \"en\""),
            )
            .at_line(line_of("lang"))
        })?),
    };
    let ignored = fields.ignored.into_iter().map(|key| {
        let line = line_of(&key);
        (key, line)
    });
    Ok(FrontMatter {
        date,
        lang,
        number: fields.number,
        title: fields.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        slug: fields.slug,
        tags: with_line(fields.tags, "tags"),
        companies: with_line(fields.companies, "companies"),
        summary: fields.summary,
        draft: fields.draft,
        authors: fields.authors,
        message_id: fields
            .message_id
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty()),
        ignored: ignored.collect(),
    })
}

/// A TOML date or datetime, or a string holding one whole
/// (`"2023-12-06"`, `"2023-12-06T08:00:00+01:00"`): nothing may follow it.
fn parse_date(value: &toml::Value) -> Option<NaiveDate> {
    let datetime = match value {
        toml::Value::Datetime(dt) => *dt,
        toml::Value::String(s) => s.trim().parse::<toml::value::Datetime>().ok()?,
        _ => return None,
    };
    let date = datetime.date?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reads() {
        let text = "+++\ndate = 2024-05-14\ntags = [\"ia\"]\n+++\nTitle\nBody\n";
        let (front, body, line) = split(Path::new("x.txt"), text).unwrap();
        assert_eq!(body, "Title\nBody\n");
        assert_eq!(line, 5);
        let fm = parse(Path::new("x.txt"), front.unwrap()).unwrap();
        assert_eq!(front, Some(Front::Toml("date = 2024-05-14\ntags = [\"ia\"]\n")));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 5, 14));
        assert_eq!(fm.tags, [("ia".to_string(), 3)]);
    }

    #[test]
    fn errors_name_the_line() {
        let text = "+++\ntitle = \"x\"\ndate = \"demain\"\n+++\n";
        let (front, _, _) = split(Path::new("x.txt"), text).unwrap();
        let err = parse(Path::new("x.txt"), front.unwrap()).unwrap_err();
        assert_eq!(err.line, Some(3));
        let err = parse_toml(Path::new("x.txt"), "title = \"x\"\nnumber = \n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = split(Path::new("x.txt"), "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn dates_are_whole_and_real() {
        let date = |text: &str| parse_toml(Path::new("x.txt"), text).map(|fm| fm.date);
        let day = NaiveDate::from_ymd_opt(2023, 1, 1);
        assert_eq!(date("date = 2023-01-01"), Ok(day));
        assert_eq!(date("date = \"2023-01-01\""), Ok(day));
        assert_eq!(date("date = \"2023-01-01T08:30:00+01:00\""), Ok(day));
        assert_eq!(date("date = 2023-01-01T08:30:00Z"), Ok(day));
        let err = parse_toml(Path::new("x.txt"), "title = \"x\"\ndate = \"2023-01-01garbage\"").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("2023-01-01garbage"), "{err}");
        assert!(date("date = \"2023-02-30\"").is_err());
        assert!(date("date = 2023-02-30").is_err());
    }
}
