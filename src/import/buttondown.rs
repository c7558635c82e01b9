//! `kiosque import buttondown`: a Buttondown export (zip or folder) holds
//! each email as a Markdown file with YAML front matter (`subject`,
//! `publish_date`, `slug`, `status`, `description`). Each becomes a `.md`
//! issue with the same fields as TOML front matter (what kiosque reads),
//! or an `.html` issue when the email was written in the HTML editor.

use std::path::Path;

use serde::Deserialize;

use crate::error::{ContentError, ContentErrors};
use crate::import::export::{Export, MAX_POST_BYTES};
use crate::import::{parse_date, Body, Front, Plan, Planned};
use crate::slug::slugify;
use crate::BuildError;

/// The statuses of an email not (yet) sent.
const UNPUBLISHED: &[&str] = &["draft", "scheduled", "paused"];

/// The first line of an email written in Buttondown's HTML editor.
const HTML_MODE: &str = "<!-- buttondown-editor-mode: fancy -->";

/// The front matter keys read; any other is ignored.
#[derive(Deserialize, Default)]
struct Meta {
    subject: Option<String>,
    publish_date: Option<String>,
    slug: Option<String>,
    status: Option<String>,
    description: Option<String>,
}

/// Reads the Buttondown export at `path` into a plan.
pub(crate) fn plan(path: &Path, drafts: bool) -> Result<Plan, BuildError> {
    let mut export = Export::open(path).map_err(|e| ContentErrors(vec![e]))?;
    let mut plan = Plan::default();
    let mut errors = ContentErrors::default();
    for file in export.files().into_iter().filter(|f| f.ends_with(".md")) {
        plan.read += 1;
        let shown = export.path_of(&file);
        let text = match export.read_text(&file, MAX_POST_BYTES) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match read_email(&shown, &text, drafts) {
            Ok(Ok(planned)) => plan.issues.push(Planned {
                origin: file.clone(),
                ..planned
            }),
            Ok(Err(reason)) => plan.skip(file, reason),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(plan)
}

/// The issue of one email file, or why it is skipped.
fn read_email(path: &Path, text: &str, drafts: bool) -> Result<Result<Planned, String>, ContentError> {
    let Some((yaml, body)) = split_yaml(text) else {
        return Ok(Err(
            "no YAML front matter (`---` … `---`): not a Buttondown email".into()
        ));
    };
    let meta: Meta = match yaml.trim() {
        "" => Meta::default(),
        // The YAML starts on the file's second line.
        yaml => serde_saphyr::from_str(yaml).map_err(|e| {
            let line = e.location().map_or(1, |l| usize::try_from(l.line()).unwrap_or(0) + 1);
            let message = e.without_snippet().to_string();
            let message = message.lines().next().unwrap_or_default();
            ContentError::new(path, format!("front matter is not valid YAML: {message}")).at_line(line)
        })?,
    };
    let status = meta.status.as_deref().unwrap_or_default().trim().to_ascii_lowercase();
    let published = !UNPUBLISHED.contains(&status.as_str());
    if !published && !drafts {
        return Ok(Err(format!("status `{status}`: not sent (--drafts to import it)")));
    }
    let date_text = meta.publish_date.as_deref().unwrap_or_default().trim().to_string();
    if date_text.is_empty() && !published {
        return Ok(Err(format!("status `{status}`: a draft without a date")));
    }
    if date_text.is_empty() {
        return Err(ContentError::new(path, "the email has no `publish_date` in its front matter").at_line(1));
    }
    let date = parse_date(&date_text)
        .ok_or_else(|| ContentError::new(path, format!("`publish_date: {date_text}` is not a date")).at_line(1))?;
    let title = meta.subject.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let slug = meta
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slugify(title.as_deref().unwrap_or_default()));
    let (ext, body) = match body.trim_start().strip_prefix(HTML_MODE) {
        Some(html) => ("html", html.to_string()),
        None => ("md", body.to_string()),
    };
    let front = Front {
        title,
        date: Some(date),
        summary: meta.description.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
        draft: !published,
        ..Front::default()
    };
    Ok(Ok(Planned {
        date,
        slug,
        origin: String::new(),
        body: Body::Document { ext, front, text: body },
    }))
}

/// `(yaml, body)` when `text` opens with a `---` line closed by another.
fn split_yaml(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split_yaml;

    #[test]
    fn yaml_front_matter_splits() {
        assert_eq!(split_yaml("---\na: 1\n---\nbody\n"), Some(("a: 1\n", "body\n")));
        assert_eq!(split_yaml("---\r\na: 1\r\n---\r\nbody"), Some(("a: 1\r\n", "body")));
        assert_eq!(split_yaml("# no front matter"), None);
        assert_eq!(split_yaml("---\nnever closed\n"), None);
    }
}
