//! The tag chips of an issue card: at most a few, the tags that carry the
//! most of the issue first. A tag weighs the share of the issue's text its
//! stories hold (a tag the front matter declares weighs the whole issue),
//! so a tag one short story brings in ranks low, and one found only in a
//! small share of the issue is left out.

use crate::model::Issue;

/// How many tags a card shows.
pub(super) const CHIPS: usize = 4;

/// A tag below this share of the issue is not shown (unless it is the
/// heaviest of the issue).
const MIN_SHARE: f64 = 0.15;

/// The slugs of the tags to show on `issue`'s card, heaviest first.
pub(super) fn chip_slugs(issue: &Issue) -> Vec<&str> {
    let lengths: Vec<usize> = issue.stories.iter().map(|s| s.texts().map(str::len).sum()).collect();
    let total = lengths.iter().sum::<usize>().max(1) as f64;
    let mut weights: Vec<(&str, f64)> = issue.tags.iter().map(|t| (t.as_str(), 0.0)).collect();
    for (story, &length) in issue.stories.iter().zip(&lengths) {
        for tag in &story.tags {
            if let Some(w) = weights.iter_mut().find(|(t, _)| t == tag) {
                w.1 += length as f64 / total;
            }
        }
    }
    for (tag, _) in &issue.declared.tags {
        if let Some(w) = weights.iter_mut().find(|(t, _)| t == tag) {
            w.1 += 1.0;
        }
    }
    // Heaviest first; ties in the issue's order (the first story's first).
    weights.sort_by(|a, b| b.1.total_cmp(&a.1));
    let floor = weights.first().map_or(0.0, |w| w.1.min(MIN_SHARE));
    weights
        .into_iter()
        .filter(|&(_, w)| w >= floor && w > 0.0)
        .take(CHIPS)
        .map(|(t, _)| t)
        .collect()
}
