//! The enrich stage: finds the companies each story mentions (with the
//! sentence of each mention) and the tags its keywords give, checks the
//! slugs front matter declares, and sums it all up per issue. Pure.

pub(crate) mod gazetteer;
mod sentences;

use crate::error::ContentError;
use crate::model::{Issue, Mention, Story};
use gazetteer::Gazetteer;

pub(crate) use sentences::sentence_range;

/// `issue` with the companies and tags it mentions; the companies and
/// tags its front matter names must be in the gazetteer.
pub fn enrich_issue(mut issue: Issue, gazetteer: &Gazetteer) -> Result<Issue, Vec<ContentError>> {
    let errors = unknown_declared(&issue, gazetteer);
    if !errors.is_empty() {
        return Err(errors);
    }
    for story in &mut issue.stories {
        enrich_story(story, gazetteer);
    }
    let mut companies: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let declared_companies = issue.declared.companies.iter().map(|(s, _)| s);
    for slug in issue
        .stories
        .iter()
        .flat_map(|s| &s.companies)
        .chain(declared_companies)
    {
        if !companies.contains(slug) {
            companies.push(slug.clone());
        }
    }
    let declared_tags = issue.declared.tags.iter().map(|(s, _)| s);
    for slug in issue.stories.iter().flat_map(|s| &s.tags).chain(declared_tags) {
        if !tags.contains(slug) {
            tags.push(slug.clone());
        }
    }
    issue.companies = companies;
    issue.tags = tags;
    Ok(issue)
}

/// The companies and tags `issue`'s front matter names that the gazetteer
/// does not have, one error each at its line.
pub(crate) fn unknown_declared(issue: &Issue, gazetteer: &Gazetteer) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for (slug, line) in &issue.declared.companies {
        if gazetteer.company(slug).is_none() {
            errors.push(
                ContentError::new(
                    &issue.source,
                    format!("unknown company `{slug}` in front matter: it is not in content/companies.toml"),
                )
                .at_line(*line),
            );
        }
    }
    for (slug, line) in &issue.declared.tags {
        if !gazetteer.tags.iter().any(|t| &t.slug == slug) {
            errors.push(
                ContentError::new(
                    &issue.source,
                    format!("unknown tag `{slug}` in front matter: it is not in content/tags.toml"),
                )
                .at_line(*line),
            );
        }
    }
    errors
}

/// Mentions in the headline, the paragraphs and the further-reading titles,
/// first mention of each company kept; tags from keywords anywhere.
fn enrich_story(story: &mut Story, gazetteer: &Gazetteer) {
    let mut mentions: Vec<Mention> = Vec::new();
    let mut tags: Vec<usize> = Vec::new();
    for (n, text) in story.texts().enumerate() {
        for (company, at) in gazetteer.find_companies(text) {
            let slug = &gazetteer.companies[company].slug;
            if !mentions.iter().any(|m| &m.company == slug) {
                mentions.push(Mention {
                    company: slug.clone(),
                    text: n,
                    sentence: sentence_range(text, at),
                });
            }
        }
        tags.extend(gazetteer.find_tags(text));
    }
    tags.sort_unstable();
    tags.dedup();
    story.companies = mentions.iter().map(|m| m.company.clone()).collect();
    story.tags = tags.into_iter().map(|t| gazetteer.tags[t].slug.clone()).collect();
    story.mentions = mentions;
}
