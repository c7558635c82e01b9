//! The tables of an HTML email: a layout table is flattened into its
//! cells' lines (see `flatten`); a data table (a header row, or a regular
//! grid of short text cells, with no table inside) is given back as the
//! rows `| a | b |` the plain-text parser reads as a table.

use std::ops::Range;

/// Longest cell of a data table without a header row: longer text is a
/// layout's column, not a figure or a name.
const CELL_MAX_CHARS: usize = 80;

/// A table being read: its rows and cells as ranges of the flattened
/// lines.
pub(super) struct Table {
    /// How many lines were finished when it opened.
    pub first_line: usize,
    rows: Vec<Vec<Cell>>,
    /// The cell open: its first line and whether it is a `th`.
    open: Option<(usize, bool)>,
    /// A table inside it, or `role="presentation"`: a layout table.
    layout: bool,
}

/// A cell: the lines it holds, and whether it is a `th`.
struct Cell {
    lines: Range<usize>,
    header: bool,
}

impl Table {
    pub(super) fn new(first_line: usize, layout: bool) -> Table {
        Table {
            first_line,
            rows: Vec::new(),
            open: None,
            layout,
        }
    }

    /// A table opens inside this one: this one is a layout.
    pub(super) fn holds_table(&mut self) {
        self.layout = true;
    }

    /// A row starts, at line `line`.
    pub(super) fn row(&mut self, line: usize) {
        self.end_cell(line);
        self.rows.push(Vec::new());
    }

    /// A cell starts, at line `line`.
    pub(super) fn cell(&mut self, line: usize, header: bool) {
        self.end_cell(line);
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        self.open = Some((line, header));
    }

    /// The open cell, if any, ends before line `line`.
    pub(super) fn end_cell(&mut self, line: usize) {
        let (Some((start, header)), Some(row)) = (self.open.take(), self.rows.last_mut()) else {
            return;
        };
        row.push(Cell {
            lines: start..line.max(start),
            header,
        });
    }

    /// The table as rows `| a | b |` (a `|---|` row under a header), when
    /// it is a data table whose cells hold `lines[first_line..]`: every
    /// line in a cell, a line at most a cell, rows of two cells or more,
    /// two rows or more, all of one length. `None` for a layout table.
    pub(super) fn data_rows(&mut self, lines: &[String]) -> Option<String> {
        self.end_cell(lines.len());
        if self.layout {
            return None;
        }
        let cell_text = |cell: &Cell| match cell.lines.len() {
            0 => Some(""),
            1 => lines
                .get(cell.lines.start)
                .map(String::as_str)
                .filter(|l| is_cell_text(l)),
            _ => None,
        };
        // Spacer rows (every cell empty) are not rows of the table.
        let rows: Vec<&Vec<Cell>> = self
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.lines.is_empty()))
            .collect();
        let width = rows.first()?.len();
        let in_cells: usize = rows.iter().flat_map(|r| r.iter()).map(|c| c.lines.len()).sum();
        if rows.len() < 2 || width < 2 || rows.iter().any(|r| r.len() != width) {
            return None;
        }
        if in_cells != lines.len().saturating_sub(self.first_line) {
            return None;
        }
        let header = rows[0].iter().all(|c| c.header);
        let any_header = rows.iter().flat_map(|r| r.iter()).any(|c| c.header);
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<&str> = row.iter().map(cell_text).collect::<Option<_>>()?;
            if !any_header && cells.iter().any(|c| c.chars().count() > CELL_MAX_CHARS) {
                return None;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("| {} |", cells.join(" | ")));
            if header && i == 0 {
                out.push_str(&format!("\n|{}", "---|".repeat(width)));
            }
        }
        Some(out)
    }
}

/// A line that can stand in a cell of a table of text: one line of prose,
/// without the `|` that would split it, nor a list item's or a quote's
/// or an image's marker.
fn is_cell_text(line: &str) -> bool {
    !line.contains(['|', '\n', crate::parse::html::images::MARK])
        && !line.starts_with([' ', '>'])
        && !line.starts_with("– ")
}

#[cfg(test)]
mod tests {
    use super::Table;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(std::string::ToString::to_string).collect()
    }

    /// A table of `rows` rows of `cells` (their line counts), headers first.
    fn read(shape: &[&[usize]], header: bool) -> Table {
        let mut table = Table::new(0, false);
        let mut line = 0;
        for (i, row) in shape.iter().enumerate() {
            table.row(line);
            for n in *row {
                table.cell(line, header && i == 0);
                line += n;
            }
        }
        table
    }

    #[test]
    fn a_grid_of_text_is_a_data_table() {
        let mut table = read(&[&[1, 1], &[1, 0]], true);
        assert_eq!(
            table.data_rows(&lines(&["Name", "Role", "Ada"])).as_deref(),
            Some("| Name | Role |\n|---|---|\n| Ada |  |")
        );
    }

    #[test]
    fn layouts_stay_flat() {
        // One column.
        let mut table = read(&[&[1], &[1]], false);
        assert_eq!(table.data_rows(&lines(&["A", "B"])), None);
        // A cell of two paragraphs.
        let mut table = read(&[&[2, 1], &[1, 1]], false);
        assert_eq!(table.data_rows(&lines(&["A", "a", "B", "C", "D"])), None);
        // Rows of different lengths.
        let mut table = read(&[&[1, 1], &[1]], false);
        assert_eq!(table.data_rows(&lines(&["A", "B", "C"])), None);
        // A table inside.
        let mut table = read(&[&[1, 1], &[1, 1]], false);
        table.holds_table();
        assert_eq!(table.data_rows(&lines(&["A", "B", "C", "D"])), None);
        // Long text without a header.
        let long = "word ".repeat(30);
        let mut table = read(&[&[1, 1], &[1, 1]], false);
        assert_eq!(table.data_rows(&lines(&["A", "B", "C", &long])), None);
    }
}
