//! The default theme, embedded in the binary so a site without
//! `templates/` or `static/` still builds, and the Tera instance that puts
//! a site's own templates over it, name by name.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::error::{ContentError, ContentErrors};
use crate::load::SourceFile;

/// (name, text) of every template of the default theme.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "partials/pager.html",
        include_str!("../../templates/partials/pager.html"),
    ),
    (
        "partials/issue_card.html",
        include_str!("../../templates/partials/issue_card.html"),
    ),
    (
        "partials/issue_line.html",
        include_str!("../../templates/partials/issue_line.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("companies.html", include_str!("../../templates/companies.html")),
    ("company.html", include_str!("../../templates/company.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("sitemap_index.xml", include_str!("../../templates/sitemap_index.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
];

/// (output path, bytes) of the default theme's static files; a site's
/// `static/` file of the same path replaces one.
pub(crate) const ASSETS: &[(&str, &[u8])] = &[("style.css", include_bytes!("../../static/style.css"))];

/// The templates of a build and where each came from, for error messages.
pub struct Templates {
    pub tera: Tera,
    paths: Vec<(String, PathBuf)>,
}

impl Templates {
    /// A Tera error as a content error naming the template's file and line.
    pub fn error(&self, error: &tera::Error) -> ContentError {
        tera_error(&self.paths, error)
    }
}

/// Tera with the default theme and the site's templates over it. Every
/// template error is reported with the template's file and line.
pub(crate) fn templates(site_templates: &[SourceFile]) -> Result<Templates, ContentErrors> {
    let mut all: Vec<(String, String)> = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let mut paths: Vec<(String, PathBuf)> = TEMPLATES
        .iter()
        .map(|(n, _)| (n.to_string(), Path::new("(default theme)/templates").join(n)))
        .collect();
    for file in site_templates {
        let name = template_name(&file.path);
        all.retain(|(n, _)| n != &name);
        paths.retain(|(n, _)| n != &name);
        all.push((name.clone(), file.text.clone()));
        paths.push((name, file.path.clone()));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    if let Err(error) = tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        // Add each template alone, so every broken one is reported.
        let errors: Vec<ContentError> = all
            .iter()
            .filter_map(|(name, text)| Tera::default().add_raw_template(name, text).err())
            .filter(|e| matches!(e.kind(), ErrorKind::SyntaxError(_)))
            .map(|e| tera_error(&paths, &e))
            .collect();
        return Err(if errors.is_empty() {
            tera_error(&paths, &error).into()
        } else {
            ContentErrors(errors)
        });
    }
    Ok(Templates { tera, paths })
}

/// The name of the template at `path` (relative to the site root):
/// `templates/partials/x.html` is `partials/x.html`.
pub(crate) fn template_name(path: &Path) -> String {
    path.strip_prefix(crate::load::TEMPLATES_DIR)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The content error for a Tera error: the template's file, the line Tera
/// points at, and its message with the causes.
fn tera_error(paths: &[(String, PathBuf)], error: &tera::Error) -> ContentError {
    let (name, position, message) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                report.filename().to_string(),
                Some((span.start_line, span.start_col + 1)),
                report.message().to_string(),
            )
        }
        ErrorKind::MissingParent { current, .. } => (current.clone(), None, error.to_string()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            (tpl.clone(), None, error.to_string())
        }
        ErrorKind::TemplateNotFound(name) => (name.clone(), None, error.to_string()),
        _ => (String::new(), None, error.to_string()),
    };
    let mut message = format!("template `{name}`: {message}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str("\n  caused by: ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let path = paths
        .iter()
        .find(|(n, _)| n == &name)
        .map_or_else(|| Path::new(crate::load::TEMPLATES_DIR).join(&name), |(_, p)| p.clone());
    match position {
        Some((line, column)) if line > 0 => ContentError::new(path, message).at(line, column),
        _ => ContentError::new(path, message),
    }
}
