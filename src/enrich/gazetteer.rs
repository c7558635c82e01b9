//! `content/companies.toml` and `content/tags.toml` → the `Gazetteer`: the
//! known companies and tags, and the matchers (aho-corasick, built once)
//! that find them in text on word boundaries.

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::config::toml_error;
use crate::error::{ContentError, ContentErrors};
use crate::load::SourceFile;
use crate::parse::sanitize::safe_url;
use crate::slug::{is_slug, slugify};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub name: String,
    pub slug: String,
    pub aliases: Vec<String>,
    pub url: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRule {
    pub name: String,
    pub slug: String,
    pub keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompaniesFile {
    #[serde(default)]
    company: Vec<RawCompany>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: String,
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    url: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TagsFile {
    #[serde(default)]
    tag: Vec<RawTag>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    name: String,
    slug: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

/// A multi-pattern matcher whose patterns each belong to one entry.
#[derive(Debug, Clone)]
struct Matcher {
    /// Leftmost-longest: the fast path.
    leftmost: AhoCorasick,
    /// Every match, for the rare place where the longest match is not on
    /// word boundaries but a shorter one is.
    overlapping: AhoCorasick,
    owners: Vec<usize>,
    longest: usize,
}

impl Matcher {
    /// `ignore_case`: ASCII letters match in any case.
    fn new(patterns: Vec<(String, usize)>, ignore_case: bool) -> Option<Matcher> {
        let patterns: Vec<(String, usize)> = patterns.into_iter().filter(|(p, _)| !p.trim().is_empty()).collect();
        if patterns.is_empty() {
            return None;
        }
        let build = |kind, automaton| {
            AhoCorasick::builder()
                .kind(Some(automaton))
                .match_kind(kind)
                .ascii_case_insensitive(ignore_case)
                .build(patterns.iter().map(|(p, _)| p.as_str()))
                .ok()
        };
        Some(Matcher {
            // A DFA where every paragraph of the archive is searched: a few
            // hundred names make a small one, and it is the fastest.
            leftmost: build(MatchKind::LeftmostLongest, AhoCorasickKind::DFA)?,
            overlapping: build(MatchKind::Standard, AhoCorasickKind::NoncontiguousNFA)?,
            longest: patterns.iter().map(|(p, _)| p.len()).max().unwrap_or(0),
            owners: patterns.into_iter().map(|(_, o)| o).collect(),
        })
    }

    /// Matches on word boundaries, leftmost-longest, not overlapping:
    /// (owner, start, end).
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = self.leftmost.find(Input::new(text).span(at..text.len())) {
            let hit = if on_word_boundaries(text, m.start(), m.end()) {
                Some((m.pattern().as_usize(), m.start(), m.end()))
            } else {
                let window = m.start()..(m.start() + self.longest).min(text.len());
                self.overlapping
                    .find_overlapping_iter(Input::new(text).span(window))
                    .filter(|o| o.start() == m.start() && on_word_boundaries(text, o.start(), o.end()))
                    .max_by_key(aho_corasick::Match::end)
                    .map(|o| (o.pattern().as_usize(), o.start(), o.end()))
            };
            match hit {
                Some((pattern, start, end)) => {
                    found.push((self.owners[pattern], start, end));
                    at = end;
                }
                None => at = next_char(text, m.start()),
            }
        }
        found
    }
}

/// The byte offset of the character after the one at `at`.
fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(text.len(), |c| at + c.len_utf8())
}

/// `X` in `Xavier` or `Meta` in `Metaverse` is not a match: the characters
/// around a match must not be letters or digits.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// The companies and tags of a site, with their matchers.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    pub companies: Vec<Company>,
    pub tags: Vec<TagRule>,
    companies_matcher: Option<Matcher>,
    /// Keywords with a capital (`IA`, `AI`, `DMA`) match as written.
    tags_exact: Option<Matcher>,
    /// Lowercase keywords match in any case.
    tags_folded: Option<Matcher>,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::new(Vec::new(), Vec::new())
    }
}

impl Gazetteer {
    pub fn new(companies: Vec<Company>, tags: Vec<TagRule>) -> Gazetteer {
        let mut company_patterns = Vec::new();
        for (i, c) in companies.iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                company_patterns.push((name.clone(), i));
            }
        }
        let (mut exact, mut folded) = (Vec::new(), Vec::new());
        for (i, t) in tags.iter().enumerate() {
            for keyword in &t.keywords {
                if keyword.chars().any(char::is_uppercase) {
                    exact.push((keyword.clone(), i));
                } else {
                    // ASCII letters match in any case; an accented first
                    // letter also as a capital (`état`, `État`).
                    let mut chars = keyword.chars();
                    if let Some(first) = chars.next().filter(|c| !c.is_ascii()) {
                        folded.push((first.to_uppercase().chain(chars).collect(), i));
                    }
                    folded.push((keyword.clone(), i));
                }
            }
        }
        Gazetteer {
            companies_matcher: Matcher::new(company_patterns, false),
            tags_exact: Matcher::new(exact, false),
            tags_folded: Matcher::new(folded, true),
            companies,
            tags,
        }
    }

    /// Company mentions in `text`: (index into `companies`, byte start).
    pub(crate) fn find_companies(&self, text: &str) -> Vec<(usize, usize)> {
        self.companies_matcher
            .as_ref()
            .map(|m| {
                m.find(text)
                    .into_iter()
                    .map(|(owner, start, _)| (owner, start))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Indexes into `tags` of the tags whose keywords appear in `text`.
    pub(crate) fn find_tags(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        if let Some(m) = &self.tags_exact {
            found.extend(m.find(text).into_iter().map(|(owner, _, _)| owner));
        }
        if let Some(m) = &self.tags_folded {
            found.extend(m.find(text).into_iter().map(|(owner, _, _)| owner));
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    pub fn company(&self, slug: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.slug == slug)
    }
}

/// Reads `companies.toml` (none: no companies); any error fails it whole.
pub fn parse_companies(file: Option<&SourceFile>) -> Result<Vec<Company>, ContentErrors> {
    let (companies, errors) = read_companies(file);
    errors.into_result(companies)
}

/// Reads `tags.toml` (none: no tags); any error fails it whole.
pub fn parse_tags(file: Option<&SourceFile>) -> Result<Vec<TagRule>, ContentErrors> {
    let (tags, errors) = read_tags(file);
    errors.into_result(tags)
}

/// Reads `companies.toml`: the usable companies, and the errors of those
/// left out (an unusable name or slug is reported once, not again by every
/// issue that names a company of the file).
pub(crate) fn read_companies(file: Option<&SourceFile>) -> (Vec<Company>, ContentErrors) {
    read_entries(
        file,
        "company",
        |f: CompaniesFile| f.company,
        |c: RawCompany, slug| Company {
            name: c.name.trim().to_string(),
            slug,
            aliases: c.aliases,
            // Only http, https, mailto or relative: `javascript:` is no website.
            url: c.url.as_deref().and_then(safe_url),
            description: c.description,
        },
    )
}

/// Reads `tags.toml`: the usable tags, and the errors of those left out.
pub(crate) fn read_tags(file: Option<&SourceFile>) -> (Vec<TagRule>, ContentErrors) {
    read_entries(
        file,
        "tag",
        |f: TagsFile| f.tag,
        |t: RawTag, slug| TagRule {
            name: t.name.trim().to_string(),
            slug,
            keywords: t.keywords,
        },
    )
}

/// An entry of companies.toml or tags.toml as written.
trait RawEntry {
    fn name(&self) -> &str;
    fn slug(&self) -> Option<&str>;
}

impl RawEntry for RawCompany {
    fn name(&self) -> &str {
        &self.name
    }
    fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
}

impl RawEntry for RawTag {
    fn name(&self) -> &str {
        &self.name
    }
    fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
}

/// Reads a file of `[[what]]` entries: each gets a slug (given or derived),
/// unique in the file. An entry without a usable slug, or with the slug of
/// an earlier one, is left out with an error at its line; the others are
/// kept, so what names them does not fail too.
fn read_entries<F: DeserializeOwned, R: RawEntry, T>(
    file: Option<&SourceFile>,
    what: &str,
    entries: impl FnOnce(F) -> Vec<R>,
    build: impl Fn(R, String) -> T,
) -> (Vec<T>, ContentErrors) {
    let Some(file) = file else {
        return (Vec::new(), ContentErrors::default());
    };
    let raw: F = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => return (Vec::new(), toml_error(&file.path, &file.text, &e).into()),
    };
    let lines = entry_lines(&file.text, &format!("[[{what}]]"));
    let mut errors = ContentErrors::default();
    let mut built = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, entry) in entries(raw).into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let slug = entry_slug(&file.path, line, entry.name(), entry.slug()).and_then(|slug| match seen.get(&slug) {
            Some(first) => Err(ContentError::new(
                &file.path,
                format!("duplicate {what} slug `{slug}` (first defined at line {first})"),
            )
            .at_line(line)),
            None => Ok(slug),
        });
        match slug {
            Ok(slug) => {
                seen.insert(slug.clone(), line);
                built.push(build(entry, slug));
            }
            Err(e) => errors.push(e),
        }
    }
    (built, errors)
}

fn entry_slug(path: &Path, line: usize, name: &str, slug: Option<&str>) -> Result<String, ContentError> {
    if name.trim().is_empty() {
        return Err(ContentError::new(path, "`name` is empty").at_line(line));
    }
    match slug {
        Some(slug) if !is_slug(slug) => Err(ContentError::new(
            path,
            format!(
                "`slug = \"{slug}\"` is not a slug: use lowercase letters, digits and hyphens, like `{}`",
                slugify(slug)
            ),
        )
        .at_line(line)),
        Some(slug) => Ok(slug.to_string()),
        None => {
            let slug = slugify(name);
            if slug.is_empty() {
                Err(ContentError::new(
                    path,
                    format!("cannot derive a slug from `{name}`: add `slug = \"...\"`"),
                )
                .at_line(line))
            } else {
                Ok(slug)
            }
        }
    }
}

/// 1-based lines of each `[[header]]`, in order.
fn entry_lines(text: &str, header: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(name: &str, aliases: &[&str]) -> Company {
        Company {
            name: name.to_string(),
            slug: slugify(name),
            aliases: aliases.iter().map(std::string::ToString::to_string).collect(),
            url: None,
            description: None,
        }
    }

    #[test]
    fn word_boundaries_and_case() {
        let g = Gazetteer::new(
            vec![
                company("X", &["Twitter"]),
                company("Meta", &[]),
                company("Mistral AI", &["Mistral"]),
            ],
            vec![],
        );
        let names = |text: &str| -> Vec<String> {
            g.find_companies(text)
                .into_iter()
                .map(|(i, _)| g.companies[i].slug.clone())
                .collect()
        };
        assert!(names("Xavier Niel et le métaverse, Metaverse").is_empty());
        assert_eq!(names("sur X, l’ancien Twitter"), ["x", "x"]);
        assert_eq!(names("Mistral AI et Mistral"), ["mistral-ai", "mistral-ai"]);
        assert_eq!(names("chez Meta."), ["meta"]);
        // The longest match is cut inside a word; the shorter alias is not.
        assert_eq!(names("le Mistral AIR et Metaverse"), ["mistral-ai"]);
    }

    #[test]
    fn tag_keywords_case_rules() {
        let g = Gazetteer::new(
            vec![],
            vec![TagRule {
                name: "IA".into(),
                slug: "ia".into(),
                keywords: vec!["AI".into(), "intelligence artificielle".into()],
            }],
        );
        assert!(g.find_tags("j'ai vu").is_empty());
        assert_eq!(g.find_tags("INTELLIGENCE ARTIFICIELLE"), [0]);
        assert_eq!(g.find_tags("Generative AI is here"), [0]);
        assert_eq!(g.find_tags("L’Intelligence Artificielle"), [0]);
    }

    #[test]
    fn duplicate_slugs_are_reported_with_lines() {
        let file = SourceFile {
            path: "content/companies.toml".into(),
            text: "[[company]]\nname = \"OpenAI\"\n\n[[company]]\nname = \"Open AI\"\nslug = \"openai\"\n".into(),
        };
        let errors = parse_companies(Some(&file)).unwrap_err();
        assert_eq!(errors.0[0].line, Some(4));
        assert!(errors.0[0].message.contains("duplicate company slug `openai`"));
    }

    #[test]
    fn an_unusable_entry_is_left_out_and_the_others_kept() {
        let file = SourceFile {
            path: "content/companies.toml".into(),
            text: "[[company]]\nname = \".\"\n\n[[company]]\nname = \"OpenAI\"\n\n[[company]]\nname = \"Open AI\"\nslug = \"openai\"\n".into(),
        };
        let (companies, errors) = read_companies(Some(&file));
        let slugs: Vec<&str> = companies.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["openai"]);
        assert_eq!(companies[0].name, "OpenAI", "the first of a duplicate slug is kept");
        let lines: Vec<Option<usize>> = errors.0.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(1), Some(7)]);
    }
}
