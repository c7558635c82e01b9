//! Related issues: for each issue, the few others sharing the most of its
//! companies and tags, each shared term weighted by its rarity
//! (`1 / ln(1 + issues with the term)`), ties to the newest. Made once for
//! the whole archive by going through each term's issue list, never over
//! all pairs of issues: the work is the sum over terms of (issues with
//! it)², and terms found in a large share of issues, which say little, are
//! left out so that it stays small at 10,000 issues.

use rayon::prelude::*;

use super::Term;

/// How many related issues an issue page shows.
pub(crate) const RELATED_ISSUES: usize = 4;

/// A term in more issues than this is too common to relate two of them:
/// at least `COMMON_FLOOR` issues, and one in `COMMON_SHARE` of them.
const COMMON_FLOOR: usize = 32;
const COMMON_SHARE: usize = 20;

/// The related issues of each of `count` issues (indexes, best first),
/// from the terms of every kind (`terms`: each term's entries, in issue
/// order).
pub(super) fn related_issues(count: usize, terms: &[&[Term]]) -> Vec<Vec<usize>> {
    let limit = COMMON_FLOOR.max(count / COMMON_SHARE);
    // Each useful term: its issues (distinct, in order) and its weight.
    let lists: Vec<(Vec<usize>, f64)> = terms
        .iter()
        .flat_map(|kind| kind.iter())
        .filter(|term| term.issue_count >= 2 && term.issue_count <= limit)
        .map(|term| {
            let mut issues: Vec<usize> = term.entries.iter().map(|e| e.issue).collect();
            issues.dedup();
            let weight = 1.0 / (1.0 + issues.len() as f64).ln();
            (issues, weight)
        })
        .collect();
    // The terms of each issue.
    let mut of_issue: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (t, (issues, _)) in lists.iter().enumerate() {
        for &i in issues {
            if let Some(terms) = of_issue.get_mut(i) {
                terms.push(t);
            }
        }
    }
    (0..count)
        .into_par_iter()
        .map_init(
            || (vec![0.0_f64; count], Vec::new()),
            |(scores, touched), i| best(i, &of_issue[i], &lists, scores, touched),
        )
        .collect()
}

/// The best-scored issues sharing a term with issue `i`; `scores` (all
/// zero) and `touched` (empty) are scratch space, left as found.
fn best(
    i: usize,
    terms: &[usize],
    lists: &[(Vec<usize>, f64)],
    scores: &mut [f64],
    touched: &mut Vec<usize>,
) -> Vec<usize> {
    for &t in terms {
        let (issues, weight) = &lists[t];
        for &j in issues {
            if j != i {
                if scores[j] == 0.0 {
                    touched.push(j);
                }
                scores[j] += weight;
            }
        }
    }
    let mut ranked: Vec<(f64, usize)> = touched.iter().map(|&j| (scores[j], j)).collect();
    for &j in touched.iter() {
        scores[j] = 0.0;
    }
    touched.clear();
    // Highest score first; ties to the newest (issues are newest first).
    let order = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if ranked.len() > RELATED_ISSUES {
        ranked.select_nth_unstable_by(RELATED_ISSUES, order);
        ranked.truncate(RELATED_ISSUES);
    }
    ranked.sort_by(order);
    // A new vector: collecting `ranked` in place would keep its capacity,
    // every issue sharing a term (80 KB an issue, 270 MB at 10,000).
    ranked.iter().map(|&(_, j)| j).collect()
}

#[cfg(test)]
mod tests {
    use super::related_issues;
    use crate::archive::{Entry, Term, TermKind};

    fn term(kind: TermKind, issues: &[usize]) -> Term {
        Term {
            kind,
            name: String::new(),
            slug: String::new(),
            description: None,
            url: None,
            entries: issues.iter().map(|&issue| Entry { issue, story: None }).collect(),
            issue_count: issues.len(),
            related: Vec::new(),
        }
    }

    #[test]
    fn a_rare_shared_term_beats_a_common_one_and_never_itself() {
        // Issue 0 shares a company with 4 only, a tag with 1, 2 and 3.
        let companies = [term(TermKind::Company, &[0, 4])];
        let tags = [term(TermKind::Tag, &[0, 1, 2, 3])];
        let related = related_issues(5, &[&tags, &companies]);
        assert_eq!(related[0], [4, 1, 2, 3]);
        assert_eq!(related[4], [0]);
        assert!(related.iter().enumerate().all(|(i, r)| !r.contains(&i)));
    }
}
