//! The archive stage: issues sorted newest first with unique slugs, the
//! index terms (tags and companies, one type) with their stories and the
//! terms most often found with them, the related issues of each issue, and
//! the years and months. Pure.

mod chart;
mod related;
mod terms;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::Datelike;

use crate::enrich::gazetteer::Gazetteer;
use crate::error::{ContentError, ContentErrors};
use crate::model::Issue;
pub(crate) use chart::MonthCount;
use terms::Index;

/// Which index a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    Tag,
    Company,
}

/// A story (or, for a term declared in front matter only, a whole issue)
/// filed under a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub issue: usize,
    pub story: Option<usize>,
}

/// One term of an index, tag or company.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub kind: TermKind,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub url: Option<String>,
    /// Newest first.
    pub entries: Vec<Entry>,
    /// How many issues the entries come from.
    pub issue_count: usize,
    /// Terms of the same kind most often in the same stories: (index, count).
    pub related: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub month: u32,
    /// Indexes into `Archive.issues`, newest first.
    pub issues: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    /// Newest first.
    pub months: Vec<Month>,
}

/// Everything the site shows, in the order it shows it.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Newest first.
    pub issues: Vec<Arc<Issue>>,
    /// Only terms with at least one entry, sorted by name: `terms`.
    tags: Index,
    companies: Index,
    /// Newest first.
    pub years: Vec<Year>,
    /// The related issues of each issue, best first (`related.rs`).
    related: Vec<Vec<usize>>,
}

impl Archive {
    /// Sorts and indexes `issues`; two issues with one slug is an error
    /// naming both files.
    pub fn new(mut issues: Vec<Arc<Issue>>, gazetteer: &Gazetteer) -> Result<Archive, ContentErrors> {
        issues.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.source.cmp(&b.source))
        });
        check_unique_slugs(&issues)?;
        let tags = gazetteer
            .tags
            .iter()
            .map(|t| (t.name.clone(), t.slug.clone(), None, None))
            .collect();
        let companies = gazetteer
            .companies
            .iter()
            .map(|c| (c.name.clone(), c.slug.clone(), c.description.clone(), c.url.clone()))
            .collect();
        // The two indexes are independent: one a core.
        let (tags, companies) = rayon::join(
            || Index::new(TermKind::Tag, tags, &issues),
            || Index::new(TermKind::Company, companies, &issues),
        );
        let years = build_years(&issues);
        let related = related::related_issues(issues.len(), &[&tags.terms, &companies.terms]);
        Ok(Archive {
            issues,
            tags,
            companies,
            years,
            related,
        })
    }

    /// The issues related to issue `i` (indexes), best first.
    pub fn related_issues(&self, i: usize) -> &[usize] {
        self.related.get(i).map_or(&[], Vec::as_slice)
    }

    /// The terms of an index that have entries, sorted by name.
    pub fn terms(&self, kind: TermKind) -> &[Term] {
        match kind {
            TermKind::Tag => &self.tags.terms,
            TermKind::Company => &self.companies.terms,
        }
    }

    /// Puts `issue`, an edited version of `issues[i]`, in its place, and
    /// files it under its terms again: the archive `Archive::new` would
    /// make with it, without going over the other issues. Returns false,
    /// changing nothing, when the edit moves the issue (another date or
    /// slug) or changes which terms have entries: build a new archive then.
    pub fn replace(&mut self, i: usize, issue: Arc<Issue>) -> bool {
        let Some(old) = self.issues.get(i) else {
            return false;
        };
        if old.date != issue.date || old.slug != issue.slug || old.source != issue.source {
            return false;
        }
        let old = Arc::clone(old);
        // Tags first, on a copy: companies may still refuse.
        let mut tags = self.tags.clone();
        if !tags.replace(TermKind::Tag, i, &old, &issue) {
            return false;
        }
        if !self.companies.replace(TermKind::Company, i, &old, &issue) {
            return false;
        }
        self.tags = tags;
        // Related issues depend on which terms each issue has only.
        let same_terms = filed_under(&old) == filed_under(&issue);
        self.issues[i] = issue;
        if !same_terms {
            self.related = related::related_issues(self.issues.len(), &[&self.tags.terms, &self.companies.terms]);
        }
        true
    }
}

/// The tags and the companies an issue is filed under (its stories' and
/// front matter's), sorted: what related issues depend on.
fn filed_under(issue: &Issue) -> [Vec<&str>; 2] {
    [
        sorted_slugs(issue.stories.iter().flat_map(|s| &s.tags), &issue.declared.tags),
        sorted_slugs(
            issue.stories.iter().flat_map(|s| &s.companies),
            &issue.declared.companies,
        ),
    ]
}

fn sorted_slugs<'a>(stories: impl Iterator<Item = &'a String>, declared: &'a [(String, usize)]) -> Vec<&'a str> {
    let mut slugs: Vec<&str> = stories
        .chain(declared.iter().map(|(s, _)| s))
        .map(String::as_str)
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    slugs
}

fn check_unique_slugs(issues: &[Arc<Issue>]) -> Result<(), ContentErrors> {
    let mut seen: HashMap<&str, &Arc<Issue>> = HashMap::new();
    let mut errors = ContentErrors::default();
    for issue in issues {
        if let Some(first) = seen.insert(&issue.slug, issue) {
            let (a, b) = if first.source <= issue.source {
                (first, issue)
            } else {
                (issue, first)
            };
            errors.push(
                ContentError::new(
                    &b.source,
                    format!(
                        "duplicate slug `{}`: `{}` has it too; set `slug = \"...\"` in the front matter of one of them",
                        issue.slug,
                        a.source.display()
                    ),
                )
                .at_line(1),
            );
        }
    }
    errors.into_result(())
}

fn build_years(issues: &[Arc<Issue>]) -> Vec<Year> {
    let mut by_month: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
    for (i, issue) in issues.iter().enumerate() {
        by_month
            .entry((issue.date.year(), issue.date.month()))
            .or_default()
            .push(i);
    }
    let mut years: Vec<Year> = Vec::new();
    for ((year, month), list) in by_month.into_iter().rev() {
        let month = Month { month, issues: list };
        match years.last_mut() {
            Some(y) if y.year == year => y.months.push(month),
            _ => years.push(Year {
                year,
                months: vec![month],
            }),
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example site's archive and gazetteer.
    fn example() -> (Archive, Gazetteer) {
        let site = crate::prepare(&crate::BuildOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: None,
            base_url: None,
            drafts: false,
            force: false,
        })
        .unwrap_or_else(|_| panic!("the example site builds"));
        (site.archive, site.gazetteer)
    }

    fn same(a: &Archive, b: &Archive) -> bool {
        a.issues == b.issues
            && a.years == b.years
            && a.terms(TermKind::Tag) == b.terms(TermKind::Tag)
            && a.terms(TermKind::Company) == b.terms(TermKind::Company)
            && a.related == b.related
    }

    /// Every kind of edit of every issue: the archive after `replace` is
    /// the one `Archive::new` makes, or `replace` refuses and changes
    /// nothing.
    #[test]
    fn replacing_an_issue_is_building_anew() {
        type Edit = Box<dyn Fn(&mut Issue)>;
        let (archive, gazetteer) = example();
        let all_companies: Vec<String> = archive
            .terms(TermKind::Company)
            .iter()
            .map(|t| t.slug.clone())
            .collect();
        let edits: Vec<(&str, Edit)> = vec![
            ("title", Box::new(|i: &mut Issue| i.title.push_str(" (bis)"))),
            (
                "a company less",
                Box::new(|i: &mut Issue| {
                    if let Some(s) = i.stories.iter_mut().find(|s| !s.companies.is_empty()) {
                        s.companies.remove(0);
                    }
                }),
            ),
            (
                "a company more",
                Box::new(move |i: &mut Issue| {
                    if let Some(s) = i.stories.first_mut() {
                        if let Some(c) = all_companies.iter().find(|c| !s.companies.contains(c)) {
                            s.companies.push(c.clone());
                        }
                    }
                }),
            ),
            (
                "a tag less",
                Box::new(|i: &mut Issue| {
                    if let Some(s) = i.stories.iter_mut().find(|s| !s.tags.is_empty()) {
                        s.tags.pop();
                    }
                }),
            ),
            ("stories reversed", Box::new(|i: &mut Issue| i.stories.reverse())),
            ("a story less", Box::new(|i: &mut Issue| drop(i.stories.pop()))),
            (
                "a new date",
                Box::new(|i: &mut Issue| i.date = i.date.succ_opt().unwrap_or(i.date)),
            ),
        ];
        let mut replaced = 0;
        for (name, edit) in &edits {
            for k in 0..archive.issues.len() {
                let mut issue = archive.issues[k].as_ref().clone();
                edit(&mut issue);
                let issue = Arc::new(issue);
                let mut edited = archive.clone();
                if edited.replace(k, Arc::clone(&issue)) {
                    replaced += 1;
                    let mut issues = archive.issues.clone();
                    issues[k] = issue;
                    let fresh = Archive::new(issues, &gazetteer).unwrap_or_else(|_| panic!("{name}: builds"));
                    assert!(same(&edited, &fresh), "{name} of issue {k}: not the archive built anew");
                } else {
                    assert!(same(&edited, &archive), "{name} of issue {k}: refused but changed");
                    assert!(*name != "title", "a title edit is always replaced in place");
                }
            }
        }
        // Most edits keep the terms: the path is taken.
        assert!(replaced > archive.issues.len() * 4, "only {replaced} replaced in place");
    }
}
