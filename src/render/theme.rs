//! The default theme, embedded in the binary so a site without
//! `templates/` or `static/` still builds, and the Tera instance that puts
//! a site's own templates over it, name by name.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::{ContentError, ContentErrors};
use crate::load::SourceFile;

/// (name, text) of every template of the default theme.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("companies.html", include_str!("../../templates/companies.html")),
    ("company.html", include_str!("../../templates/company.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
];

/// (output path, bytes) of the default theme's static files; a site's
/// `static/` file of the same path replaces one.
pub const ASSETS: &[(&str, &[u8])] = &[("style.css", include_bytes!("../../static/style.css"))];

/// Tera with the default theme and the site's templates over it. Every
/// template error is reported with the template's file and line.
pub fn templates(site_templates: &[SourceFile]) -> Result<Tera, ContentErrors> {
    let mut all: Vec<(String, String)> = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let mut paths: Vec<(String, PathBuf)> = TEMPLATES
        .iter()
        .map(|(n, _)| (n.to_string(), Path::new("(default theme)/templates").join(n)))
        .collect();
    for file in site_templates {
        let name = file
            .path
            .strip_prefix(crate::load::TEMPLATES_DIR)
            .unwrap_or(&file.path)
            .to_string_lossy()
            .replace('\\', "/");
        all.retain(|(n, _)| n != &name);
        paths.retain(|(n, _)| n != &name);
        all.push((name.clone(), file.text.clone()));
        paths.push((name, file.path.clone()));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaping also turns `/` into `&#x2F;`: valid, but it makes
    // every URL unreadable in the page source.
    tera.set_escape_fn(escape_markup);
    if let Err(error) = tera.add_raw_templates(all.clone()) {
        // Parse each template alone, so every broken one is reported.
        let errors: Vec<ContentError> = all
            .iter()
            .filter_map(|(name, text)| {
                tera::Template::new(name, None, text)
                    .err()
                    .map(|e| tera_error(&paths, name, &e))
            })
            .collect();
        if errors.is_empty() {
            let name = template_named_in(&error).unwrap_or_default();
            return Err(tera_error(&paths, &name, &error).into());
        }
        return Err(ContentErrors(errors));
    }
    Ok(tera)
}

fn escape_markup(text: &str) -> String {
    crate::render::text::escape(text)
}

/// A Tera error as a content error naming the template file and, when Tera
/// says it, the line.
pub fn tera_error(paths: &[(String, PathBuf)], name: &str, error: &tera::Error) -> ContentError {
    let chain = error_chain(error);
    let name = if name.is_empty() {
        template_named_in(error).unwrap_or_default()
    } else {
        name.to_string()
    };
    let path = paths
        .iter()
        .find(|(n, _)| n == &name)
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| Path::new(crate::load::TEMPLATES_DIR).join(&name));
    let message = format!("template `{name}`: {chain}");
    match line_in(&chain) {
        Some((line, column)) => ContentError::new(path, message).at(line, column),
        None => ContentError::new(path, message),
    }
}

/// Tera's error and its causes on one line each.
pub fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str("\n  caused by: ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `--> 3:5` in a Tera parse error.
fn line_in(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")?;
    let rest = &message[at + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let mut parts = rest[..end].split(':');
    let line = parts.next()?.parse().ok()?;
    let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1);
    Some((line, column))
}

/// The template an error is about: Tera quotes it as `'name'`.
fn template_named_in(error: &tera::Error) -> Option<String> {
    let text = error_chain(error);
    let start = text.find('\'')? + 1;
    let end = start + text[start..].find('\'')?;
    Some(text[start..end].to_string())
}
