//! `site.toml` → `Config`: the site's settings, with defaults for everything
//! so a site without a `site.toml` still builds. Pure: takes the file's text.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::error::ContentError;
use crate::labels::Labels;

/// The language of the site's UI strings, dates and typography.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `fr`, `fr-FR`, `en_GB`… → the language; others are not supported.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().split(['-', '_']).next() {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    /// Absolute URL without a trailing slash (`https://user.github.io/archive`).
    pub base_url: String,
    /// The path part of `base_url` without a trailing slash (`/archive`, or
    /// empty at a domain root): the prefix of every link inside the site.
    pub base_path: String,
    pub lang: Lang,
    pub per_page: usize,
    pub feed_limit: usize,
    pub output_dir: Option<PathBuf>,
    pub labels: Labels,
    pub allow_html: bool,
    /// The zone an email's `Date` is read in (`timezone`, an IANA name):
    /// the day it was sent there is the issue's date.
    pub timezone: TimeZone,
    /// `search = false`: no `/search/` page, no search box, no Pagefind index.
    pub search: bool,
    /// `search_bundle`: how many issues one Pagefind bundle holds (see
    /// `src/search`); making a bundle takes about 0.5 MB per issue.
    pub search_bundle: usize,
    /// `image`: the link-preview image of pages without their own, an
    /// absolute address or a path of a file of `static/`.
    pub image: Option<String>,
    /// Where readers subscribe (`subscribe_url`, http or https), linked in
    /// the header and after each issue.
    pub subscribe_url: Option<String>,
}

impl Config {
    /// How many issues a search bundle holds, `None` when search is off.
    pub fn search_bundles(&self) -> Option<usize> {
        self.search.then_some(self.search_bundle)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Newsletter archive".to_string(),
            description: String::new(),
            author: None,
            base_url: "http://127.0.0.1:1111".to_string(),
            base_path: String::new(),
            lang: Lang::En,
            per_page: 10,
            feed_limit: 20,
            output_dir: None,
            labels: Labels::default(),
            allow_html: false,
            timezone: TimeZone::UTC,
            search: true,
            search_bundle: crate::search::BUNDLE_ISSUES,
            image: None,
            subscribe_url: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    author: Option<String>,
    base_url: Option<String>,
    #[serde(alias = "lang")]
    language: Option<String>,
    per_page: Option<usize>,
    feed_limit: Option<usize>,
    output_dir: Option<PathBuf>,
    timezone: Option<String>,
    search: Option<bool>,
    search_bundle: Option<usize>,
    image: Option<String>,
    subscribe_url: Option<String>,
    #[serde(default)]
    labels: RawLabels,
    #[serde(default)]
    markdown: RawMarkdown,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    #[serde(default)]
    teasers: Vec<String>,
    #[serde(default)]
    further_reading: Vec<String>,
    #[serde(default)]
    credits: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    allow_html: bool,
}

/// Parses `site.toml` (`text` is `None` when the file does not exist).
/// `base_url` overrides the file's, as `--base-url` does.
pub(crate) fn parse(path: &Path, text: Option<&str>, base_url: Option<&str>) -> Result<Config, ContentError> {
    let mut config = Config::default();
    if let Some(text) = text {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let line_of = |key: &str| line_of_key(text, key);
        if let Some(title) = raw.title {
            config.title = title;
        }
        config.description = raw.description.unwrap_or_default();
        config.author = raw.author;
        if let Some(url) = raw.base_url {
            config.base_url = url;
        }
        if let Some(language) = raw.language {
            config.lang = Lang::from_code(&language).ok_or_else(|| {
                ContentError::new(path, format!("unsupported language `{language}`: use \"fr\" or \"en\""))
                    .at_line(line_of("language"))
            })?;
        }
        if let Some(per_page) = raw.per_page {
            if per_page == 0 {
                return Err(ContentError::new(path, "`per_page` must be at least 1").at_line(line_of("per_page")));
            }
            config.per_page = per_page;
        }
        if let Some(limit) = raw.feed_limit {
            config.feed_limit = limit.max(1);
        }
        if let Some(zone) = raw.timezone {
            config.timezone = TimeZone::get(zone.trim()).map_err(|_| {
                ContentError::new(
                    path,
                    format!("unknown time zone `{zone}`: use an IANA name such as \"Europe/Paris\" or \"UTC\""),
                )
                .at_line(line_of("timezone"))
            })?;
        }
        config.output_dir = raw.output_dir;
        config.labels =
            Labels::default().with_extra(&raw.labels.teasers, &raw.labels.further_reading, &raw.labels.credits);
        config.allow_html = raw.markdown.allow_html;
        config.search = raw.search.unwrap_or(true);
        if let Some(size) = raw.search_bundle {
            if size == 0 {
                return Err(
                    ContentError::new(path, "`search_bundle` must be at least 1").at_line(line_of("search_bundle"))
                );
            }
            config.search_bundle = size;
        }
        config.image = raw.image.filter(|i| !i.trim().is_empty());
        if let Some(url) = raw.subscribe_url {
            let url = url.trim();
            let web = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            if !web.is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace)) {
                return Err(ContentError::new(
                    path,
                    format!("`subscribe_url` must be an http:// or https:// address, got `{url}`"),
                )
                .at_line(line_of("subscribe_url")));
            }
            config.subscribe_url = Some(url.to_string());
        }
    }
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let (base_url, base_path) = split_base_url(&config.base_url).ok_or_else(|| {
        ContentError::new(
            path,
            format!(
                "`base_url` must start with http:// or https://, got `{}`",
                config.base_url
            ),
        )
    })?;
    config.base_url = base_url;
    config.base_path = base_path;
    Ok(config)
}

/// `https://host/sub/` → (`https://host/sub`, `/sub`).
fn split_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() {
        return None;
    }
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    Some((url.to_string(), path.to_string()))
}

/// A TOML error as a content error pointing at the line and column where the
/// TOML parser stopped.
pub(crate) fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> ContentError {
    let message = format!("invalid TOML: {}", error.message());
    match error.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            ContentError::new(path, message).at(line, column)
        }
        None => ContentError::new(path, message),
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The 1-based line where `key = ` first stands, or 1.
pub(crate) fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let config = parse(
            Path::new("site.toml"),
            Some("base_url = \"https://user.github.io/archive/\""),
            None,
        )
        .unwrap();
        assert_eq!(config.base_url, "https://user.github.io/archive");
        assert_eq!(config.base_path, "/archive");
    }

    #[test]
    fn override_wins() {
        let config = parse(
            Path::new("site.toml"),
            Some("base_url = \"https://a.org\""),
            Some("https://b.org/x"),
        )
        .unwrap();
        assert_eq!(config.base_path, "/x");
    }

    #[test]
    fn timezone_is_an_iana_name() {
        let config = parse(Path::new("site.toml"), Some("timezone = \"Europe/Paris\""), None).unwrap();
        assert_eq!(config.timezone.iana_name(), Some("Europe/Paris"));
        assert_eq!(
            parse(Path::new("site.toml"), None, None).unwrap().timezone,
            TimeZone::UTC
        );
        let err = parse(
            Path::new("site.toml"),
            Some("title = \"x\"\ntimezone = \"Mars/Olympus\"\n"),
            None,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("Mars/Olympus"), "{}", err.message);
    }

    #[test]
    fn bad_toml_points_at_line() {
        let err = parse(Path::new("site.toml"), Some("title = \"x\"\nper_page = = 3\n"), None).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("invalid TOML"), "{}", err.message);
    }
}
