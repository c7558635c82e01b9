//! The archive stage: issues sorted newest first with unique slugs, the
//! index terms (tags and companies, one type) with their stories and the
//! terms most often found with them, and the years and months. Pure.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::Datelike;

use crate::enrich::gazetteer::Gazetteer;
use crate::error::{ContentError, ContentErrors};
use crate::model::Issue;

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
    /// Only terms with at least one entry, sorted by name.
    pub tags: Vec<Term>,
    pub companies: Vec<Term>,
    /// Newest first.
    pub years: Vec<Year>,
}

const RELATED_LIMIT: usize = 8;

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
            || build_terms(TermKind::Tag, tags, &issues),
            || build_terms(TermKind::Company, companies, &issues),
        );
        let years = build_years(&issues);
        Ok(Archive {
            issues,
            tags,
            companies,
            years,
        })
    }

    pub fn terms(&self, kind: TermKind) -> &[Term] {
        match kind {
            TermKind::Tag => &self.tags,
            TermKind::Company => &self.companies,
        }
    }

    /// The older issue (`issues[i + 1]`) and the newer one (`issues[i - 1]`).
    pub fn neighbours(&self, i: usize) -> (Option<&Arc<Issue>>, Option<&Arc<Issue>>) {
        let older = self.issues.get(i + 1);
        let newer = i.checked_sub(1).and_then(|j| self.issues.get(j));
        (older, newer)
    }
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

/// (name, slug, description, url) of every defined term.
type TermDef = (String, String, Option<String>, Option<String>);

fn build_terms(kind: TermKind, defs: Vec<TermDef>, issues: &[Arc<Issue>]) -> Vec<Term> {
    let index: HashMap<String, usize> = defs.iter().enumerate().map(|(i, d)| (d.1.clone(), i)).collect();
    let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); defs.len()];
    let mut together = Pairs::new(defs.len());
    for (i, issue) in issues.iter().enumerate() {
        let mut in_stories: Vec<usize> = Vec::new();
        for (s, story) in issue.stories.iter().enumerate() {
            let slugs = match kind {
                TermKind::Tag => &story.tags,
                TermKind::Company => &story.companies,
            };
            let ids: Vec<usize> = slugs.iter().filter_map(|slug| index.get(slug).copied()).collect();
            for &a in &ids {
                entries[a].push(Entry {
                    issue: i,
                    story: Some(s),
                });
                for &b in &ids {
                    if a != b {
                        together.add(a, b);
                    }
                }
            }
            in_stories.extend(ids);
        }
        // A term the front matter declares but no story mentions files the issue.
        let issue_slugs = match kind {
            TermKind::Tag => &issue.tags,
            TermKind::Company => &issue.companies,
        };
        for id in issue_slugs.iter().filter_map(|slug| index.get(slug).copied()) {
            if !in_stories.contains(&id) {
                entries[id].push(Entry { issue: i, story: None });
            }
        }
    }
    let related = together.by_term();
    // Old index → new index, once unused terms are left out and the rest sorted.
    let mut kept: Vec<usize> = (0..defs.len()).filter(|&i| !entries[i].is_empty()).collect();
    kept.sort_by(|&a, &b| {
        sort_key(&defs[a].0)
            .cmp(&sort_key(&defs[b].0))
            .then(defs[a].1.cmp(&defs[b].1))
    });
    let position: HashMap<usize, usize> = kept.iter().enumerate().map(|(new, &old)| (old, new)).collect();
    let mut defs: Vec<Option<TermDef>> = defs.into_iter().map(Some).collect();
    kept.iter()
        .map(|&old| {
            let (name, slug, description, url) = defs[old].take().unwrap_or_default();
            let mut rel: Vec<(usize, usize)> = related[old]
                .iter()
                .filter_map(|&(b, count)| position.get(&b).map(|&nb| (nb, count)))
                .collect();
            rel.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            rel.truncate(RELATED_LIMIT);
            let entries = std::mem::take(&mut entries[old]);
            let mut issues: Vec<usize> = entries.iter().map(|e| e.issue).collect();
            issues.dedup();
            Term {
                kind,
                name,
                slug,
                description,
                url,
                issue_count: issues.len(),
                entries,
                related: rel,
            }
        })
        .collect()
}

/// How often two terms are in the same story: a dense matrix for the
/// usual few hundred terms, a map beyond.
enum Pairs {
    Dense {
        terms: usize,
        counts: Vec<u32>,
    },
    Sparse {
        terms: usize,
        counts: HashMap<(usize, usize), usize>,
    },
}

impl Pairs {
    fn new(terms: usize) -> Pairs {
        if terms <= 2048 {
            Pairs::Dense {
                terms,
                counts: vec![0; terms * terms],
            }
        } else {
            Pairs::Sparse {
                terms,
                counts: HashMap::new(),
            }
        }
    }

    fn add(&mut self, a: usize, b: usize) {
        match self {
            Pairs::Dense { terms, counts } => counts[a * *terms + b] += 1,
            Pairs::Sparse { counts, .. } => *counts.entry((a, b)).or_default() += 1,
        }
    }

    /// For each term, the other terms found with it and how often.
    fn by_term(self) -> Vec<Vec<(usize, usize)>> {
        match self {
            Pairs::Dense { terms, counts } => (0..terms)
                .map(|a| {
                    let row = &counts[a * terms..(a + 1) * terms];
                    row.iter()
                        .enumerate()
                        .filter(|(_, &c)| c > 0)
                        .map(|(b, &c)| (b, c as usize))
                        .collect()
                })
                .collect(),
            Pairs::Sparse { terms, counts } => {
                let mut related = vec![Vec::new(); terms];
                for ((a, b), count) in counts {
                    related[a].push((b, count));
                }
                related
            }
        }
    }
}

/// Case- and accent-insensitive sort key for names.
fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
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
