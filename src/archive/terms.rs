//! The index of one kind of term (tags or companies): each term's entries,
//! newest first, and the terms most often found in the same stories. Built
//! once for the whole archive; `Index::replace` files one edited issue again
//! without going over the others (what `serve` does after an edit).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Entry, Term, TermKind};
use crate::model::{Issue, Story};

/// How many related terms a term page shows.
const RELATED_LIMIT: usize = 8;

/// (name, slug, description, url) of every defined term.
pub(super) type TermDef = (String, String, Option<String>, Option<String>);

/// The terms of one kind with what keeps them up to date.
#[derive(Debug, Clone)]
pub(super) struct Index {
    /// Only terms with at least one entry, sorted by name.
    pub terms: Vec<Term>,
    /// How often two of `terms` are in the same story.
    together: Pairs,
    /// The slug of every defined term, kept or not, and its place in
    /// `terms` if kept.
    slugs: HashMap<String, Option<usize>>,
}

impl Index {
    pub(super) fn new(kind: TermKind, defs: Vec<TermDef>, issues: &[Arc<Issue>]) -> Index {
        let by_slug: HashMap<&str, usize> = defs.iter().enumerate().map(|(i, d)| (d.1.as_str(), i)).collect();
        let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); defs.len()];
        let mut together = Pairs::new(defs.len());
        for (i, issue) in issues.iter().enumerate() {
            file_issue(
                kind,
                i,
                issue,
                |slug| by_slug.get(slug).copied(),
                |term, entry| entries[term].push(entry),
                |a, b| together.add(a, b),
            );
        }
        // Old index → new index, once unused terms are left out and the rest sorted.
        let mut kept: Vec<usize> = (0..defs.len()).filter(|&i| !entries[i].is_empty()).collect();
        kept.sort_by(|&a, &b| {
            sort_key(&defs[a].0)
                .cmp(&sort_key(&defs[b].0))
                .then(defs[a].1.cmp(&defs[b].1))
        });
        let together = together.keep(&kept);
        let mut slugs: HashMap<String, Option<usize>> = defs.iter().map(|d| (d.1.clone(), None)).collect();
        let mut defs: Vec<Option<TermDef>> = defs.into_iter().map(Some).collect();
        let terms = kept
            .iter()
            .enumerate()
            .map(|(new, &old)| {
                let (name, slug, description, url) = defs[old].take().unwrap_or_default();
                slugs.insert(slug.clone(), Some(new));
                let entries = std::mem::take(&mut entries[old]);
                Term {
                    kind,
                    name,
                    slug,
                    description,
                    url,
                    issue_count: issue_count(&entries),
                    entries,
                    related: together.related(new),
                }
            })
            .collect();
        Index { terms, together, slugs }
    }

    /// Files issue `i` under its terms again after it changed from `old`
    /// to `new`, as `Index::new` would have. Returns false, changing
    /// nothing, when the set of terms would change (a term gets its first
    /// entry or loses its last): the index is then to be built anew.
    pub(super) fn replace(&mut self, kind: TermKind, i: usize, old: &Issue, new: &Issue) -> bool {
        let slugs = &self.slugs;
        let mut unlisted = false;
        let id_of = |slug: &str| match slugs.get(slug) {
            Some(Some(id)) => Some(*id),
            Some(None) => {
                // Defined, but without entries so far: the term would appear.
                unlisted = true;
                None
            }
            None => None,
        };
        let mut fresh: BTreeMap<usize, Vec<Entry>> = BTreeMap::new();
        let mut added = Vec::new();
        file_issue(
            kind,
            i,
            new,
            id_of,
            |term, entry| fresh.entry(term).or_default().push(entry),
            |a, b| added.push((a, b)),
        );
        if unlisted {
            return false;
        }
        let mut removed = Vec::new();
        let mut touched: Vec<usize> = fresh.keys().copied().collect();
        file_issue(
            kind,
            i,
            old,
            |slug| slugs.get(slug).copied().flatten(),
            |term, _| touched.push(term),
            |a, b| removed.push((a, b)),
        );
        touched.sort_unstable();
        touched.dedup();
        // A term whose entries all come from this issue would disappear.
        let emptied = touched.iter().any(|&t| {
            let entries = &self.terms[t].entries;
            !fresh.contains_key(&t) && issue_range(entries, i).len() == entries.len()
        });
        if emptied {
            return false;
        }
        for (a, b) in removed {
            self.together.remove(a, b);
        }
        for (a, b) in added {
            self.together.add(a, b);
        }
        for &t in &touched {
            let term = &mut self.terms[t];
            let range = issue_range(&term.entries, i);
            let had = !range.is_empty();
            let entries = fresh.remove(&t).unwrap_or_default();
            let has = !entries.is_empty();
            term.entries.splice(range, entries);
            term.issue_count = term.issue_count + usize::from(has) - usize::from(had);
        }
        for &t in &touched {
            self.terms[t].related = self.together.related(t);
        }
        true
    }
}

/// Files issue `i` under its terms, story by story: `entry(term, entry)`
/// for each term of a story, then for each term the front matter declares
/// that no story has; `pair(a, b)` for each two terms of one story.
/// `id_of` maps a slug to its term, `None` for a slug without one.
fn file_issue(
    kind: TermKind,
    i: usize,
    issue: &Issue,
    mut id_of: impl FnMut(&str) -> Option<usize>,
    mut entry: impl FnMut(usize, Entry),
    mut pair: impl FnMut(usize, usize),
) {
    let mut in_stories: Vec<usize> = Vec::new();
    for (s, story) in issue.stories.iter().enumerate() {
        let ids: Vec<usize> = story_slugs(kind, story).iter().filter_map(|slug| id_of(slug)).collect();
        for &a in &ids {
            entry(
                a,
                Entry {
                    issue: i,
                    story: Some(s),
                },
            );
            for &b in &ids {
                if a != b {
                    pair(a, b);
                }
            }
        }
        in_stories.extend(ids);
    }
    let declared = match kind {
        TermKind::Tag => &issue.tags,
        TermKind::Company => &issue.companies,
    };
    for id in declared.iter().filter_map(|slug| id_of(slug)) {
        if !in_stories.contains(&id) {
            entry(id, Entry { issue: i, story: None });
        }
    }
}

fn story_slugs(kind: TermKind, story: &Story) -> &[String] {
    match kind {
        TermKind::Tag => &story.tags,
        TermKind::Company => &story.companies,
    }
}

/// Where the entries of issue `i` are (entries are in issue order).
fn issue_range(entries: &[Entry], i: usize) -> std::ops::Range<usize> {
    entries.partition_point(|e| e.issue < i)..entries.partition_point(|e| e.issue <= i)
}

/// How many issues the entries come from.
fn issue_count(entries: &[Entry]) -> usize {
    let mut issues: Vec<usize> = entries.iter().map(|e| e.issue).collect();
    issues.dedup();
    issues.len()
}

/// Case- and accent-insensitive sort key for names.
fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// How often two terms are in the same story: a dense matrix for the
/// usual few hundred terms, a map beyond.
#[derive(Debug, Clone)]
enum Pairs {
    Dense { terms: usize, counts: Vec<u32> },
    Sparse { counts: HashMap<(usize, usize), u32> },
}

impl Pairs {
    fn new(terms: usize) -> Pairs {
        if terms <= 2048 {
            Pairs::Dense {
                terms,
                counts: vec![0; terms * terms],
            }
        } else {
            Pairs::Sparse { counts: HashMap::new() }
        }
    }

    fn add(&mut self, a: usize, b: usize) {
        match self {
            Pairs::Dense { terms, counts } => counts[a * *terms + b] += 1,
            Pairs::Sparse { counts } => *counts.entry((a, b)).or_default() += 1,
        }
    }

    fn remove(&mut self, a: usize, b: usize) {
        match self {
            Pairs::Dense { terms, counts } => {
                let count = &mut counts[a * *terms + b];
                *count = count.saturating_sub(1);
            }
            Pairs::Sparse { counts } => {
                if let Some(count) = counts.get_mut(&(a, b)) {
                    *count -= 1;
                    if *count == 0 {
                        counts.remove(&(a, b));
                    }
                }
            }
        }
    }

    /// The pairs of the `kept` terms only, renumbered by their place in it.
    fn keep(self, kept: &[usize]) -> Pairs {
        match self {
            Pairs::Dense { terms, counts } => {
                let n = kept.len();
                let mut out = vec![0; n * n];
                for (na, &a) in kept.iter().enumerate() {
                    for (nb, &b) in kept.iter().enumerate() {
                        out[na * n + nb] = counts[a * terms + b];
                    }
                }
                Pairs::Dense { terms: n, counts: out }
            }
            Pairs::Sparse { counts } => {
                let position: HashMap<usize, usize> = kept.iter().enumerate().map(|(new, &old)| (old, new)).collect();
                let counts = counts
                    .into_iter()
                    .filter_map(|((a, b), count)| Some(((*position.get(&a)?, *position.get(&b)?), count)))
                    .collect();
                Pairs::Sparse { counts }
            }
        }
    }

    /// The terms most often with term `a`: (term, count), most first.
    fn related(&self, a: usize) -> Vec<(usize, usize)> {
        let mut related: Vec<(usize, usize)> = match self {
            Pairs::Dense { terms, counts } => counts[a * terms..(a + 1) * terms]
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(b, &c)| (b, c as usize))
                .collect(),
            Pairs::Sparse { counts } => counts
                .iter()
                .filter(|((x, _), _)| *x == a)
                .map(|((_, b), &c)| (*b, c as usize))
                .collect(),
        };
        related.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        related.truncate(RELATED_LIMIT);
        related
    }
}
