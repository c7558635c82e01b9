//! The chart of a term page: its entries per month as an inline SVG bar
//! chart (no script, colours from the theme's CSS variables through the
//! stylesheet), hidden from screen readers, with the same numbers in a
//! table beside it.

use serde::Serialize;

use crate::archive::MonthCount;
use crate::config::Lang;
use crate::render::i18n::month_year;

/// The height of the bars' area, in SVG units; each month is 10 wide.
const HEIGHT: usize = 60;
const BAR: usize = 8;
const STEP: usize = 10;

/// `chart`, in `tag.html` and `company.html`.
#[derive(Debug, Serialize)]
pub(super) struct ChartView {
    /// The SVG, made of numbers only: print with `| safe`.
    pub svg: String,
    /// The months with entries, oldest first.
    pub rows: Vec<ChartRow>,
    pub first: String,
    pub last: String,
    pub max: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct ChartRow {
    /// `2024-03`, for a `<time datetime>`.
    pub datetime: String,
    /// `mars 2024`
    pub label: String,
    pub count: usize,
}

/// The chart of `months` (every month of a span, oldest first); `None`
/// when they span a single month, which a chart would not tell more of.
pub(super) fn chart_view(months: &[MonthCount], lang: Lang) -> Option<ChartView> {
    let (first, last) = (months.first()?, months.last()?);
    if months.len() < 2 {
        return None;
    }
    let max = months.iter().map(|m| m.count).max().unwrap_or(0).max(1);
    let width = months.len() * STEP;
    let mut svg = format!(
        "<svg class=\"chart-bars\" viewBox=\"0 0 {width} {HEIGHT}\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
    );
    // One path, a rectangle per month with entries: fewer bytes than a
    // `<rect>` each.
    svg.push_str("<path d=\"");
    for (k, m) in months.iter().enumerate().filter(|(_, m)| m.count > 0) {
        let height = (m.count * HEIGHT).div_ceil(max).max(2);
        let (x, y) = (k * STEP + (STEP - BAR) / 2, HEIGHT - height);
        svg.push_str(&format!("M{x} {y}h{BAR}v{height}h-{BAR}z"));
    }
    svg.push_str("\"/>");
    svg.push_str("</svg>");
    let rows = months
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| ChartRow {
            datetime: format!("{}-{:02}", m.year, m.month),
            label: month_year(m.year, m.month, lang),
            count: m.count,
        })
        .collect();
    Some(ChartView {
        svg,
        rows,
        first: month_year(first.year, first.month, lang),
        last: month_year(last.year, last.month, lang),
        max,
    })
}

#[cfg(test)]
mod tests {
    use super::chart_view;
    use crate::archive::MonthCount;
    use crate::config::Lang;

    #[test]
    fn a_bar_per_month_with_entries_and_a_row_for_each() {
        let month = |month, count| MonthCount {
            year: 2024,
            month,
            count,
        };
        let chart = chart_view(&[month(1, 2), month(2, 0), month(3, 4)], Lang::Fr).expect("a chart");
        assert_eq!(chart.svg.matches('z').count(), 2, "{}", chart.svg);
        assert!(
            chart.svg.contains("M21 0h8v60h-8z"),
            "the highest bar is full: {}",
            chart.svg
        );
        assert_eq!(chart.rows.len(), 2);
        assert_eq!(chart.rows[1].label, "mars 2024");
        assert_eq!(chart.max, 4);
        assert!(chart_view(&[month(1, 2)], Lang::Fr).is_none());
    }
}
