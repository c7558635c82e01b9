//! How many entries (stories) a term has per month, from the month of its
//! first entry to the month of its last, months without any included:
//! what the chart of a tag or company page shows.

use chrono::Datelike;

use super::{Archive, TermKind};

/// The entries of a term in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MonthCount {
    pub year: i32,
    pub month: u32,
    pub count: usize,
}

impl Archive {
    /// The entries of term `t` of `kind` per month, oldest first, every
    /// month between the first and the last (empty for a term without
    /// entries).
    pub(crate) fn mentions_by_month(&self, kind: TermKind, t: usize) -> Vec<MonthCount> {
        let Some(term) = self.terms(kind).get(t) else {
            return Vec::new();
        };
        // Entries are newest first: the months come in reverse.
        let months: Vec<(i32, u32)> = term
            .entries
            .iter()
            .filter_map(|e| self.issues.get(e.issue))
            .map(|issue| (issue.date.year(), issue.date.month()))
            .collect();
        let (Some(&last), Some(&first)) = (months.first(), months.last()) else {
            return Vec::new();
        };
        let index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m) - 1;
        let span = usize::try_from(index(last) - index(first)).unwrap_or(0) + 1;
        let mut counts: Vec<MonthCount> = (0..span)
            .map(|k| {
                let at = index(first) + k as i64;
                MonthCount {
                    year: i32::try_from(at.div_euclid(12)).unwrap_or(first.0),
                    month: u32::try_from(at.rem_euclid(12) + 1).unwrap_or(1),
                    count: 0,
                }
            })
            .collect();
        for month in months {
            if let Some(slot) = usize::try_from(index(month) - index(first))
                .ok()
                .and_then(|k| counts.get_mut(k))
            {
                slot.count += 1;
            }
        }
        counts
    }
}
