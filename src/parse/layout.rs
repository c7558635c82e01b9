//! Plain-text layout: turns the lines of an email body into logical units
//! (one paragraph, headline, label or list item each), whether the editor
//! wrote one paragraph per line or the mail client hard-wrapped at ~72
//! columns with blank lines between paragraphs.

/// One logical line of the body: a paragraph, a headline, a label, an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    /// 1-based line in the file where the unit starts.
    pub line: usize,
    /// Starts with a list bullet (`–`, `-`, `•`, `*`, `·`, `→`, `▸`…).
    pub bullet: bool,
}

/// Splits `body` (whose first line is line `first_line` of the file) into units.
pub fn units(body: &str, first_line: usize) -> Vec<Unit> {
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l.trim_end()))
        .collect();
    let lines = until_signature(body, lines);
    let lines = after_preheader(lines);
    let width = wrap_width(&lines);
    let mut units: Vec<Unit> = Vec::new();
    // Whether the previous line may continue into this one.
    let mut open = false;
    let mut previous_len = 0;
    for (line, raw) in lines {
        let text = raw.trim();
        if text.is_empty() || is_separator(text) {
            open = false;
            continue;
        }
        let bullet = bullet_text(text).is_some();
        let indented = raw.starts_with([' ', '\t']);
        let joins = match (open, width) {
            (true, Some(width)) => {
                let next_word = text.split_whitespace().next().map_or(0, char_len);
                !bullet && (previous_len + 1 + next_word > width || indented)
            }
            _ => false,
        };
        match units.last_mut() {
            Some(last) if joins => {
                if !last.text.ends_with('-') || last.text.ends_with(" -") {
                    last.text.push(' ');
                }
                last.text.push_str(text);
            }
            _ => units.push(Unit {
                text: text.to_string(),
                line,
                bullet,
            }),
        }
        open = true;
        previous_len = char_len(raw.trim_start());
    }
    units
}

/// The text of a list item without its bullet.
pub fn bullet_text(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let first = chars.next()?;
    if !matches!(
        first,
        '–' | '—' | '-' | '•' | '*' | '·' | '▪' | '►' | '▸' | '▶' | '◦' | '‣' | '→' | '➜' | '➔'
    ) {
        return None;
    }
    let rest = chars.as_str();
    rest.starts_with([' ', '\u{a0}', '\t']).then(|| rest.trim_start())
}

/// Lines up to an email signature delimiter (`-- ` alone on its line, its
/// trailing space often lost) or the footer a mailing tool appends.
fn until_signature<'a>(body: &'a str, lines: Vec<(usize, &'a str)>) -> Vec<(usize, &'a str)> {
    let raw_lines: Vec<&str> = body.lines().collect();
    match raw_lines.iter().position(|l| l.trim_end() == "--" || is_footer(l)) {
        Some(cut) => lines.into_iter().take(cut).collect(),
        None => lines,
    }
}

/// The lines after the links a mailing tool puts above an issue (`View
/// this email in your browser`), if it starts with any.
fn after_preheader(lines: Vec<(usize, &str)>) -> Vec<(usize, &str)> {
    let skip = lines
        .iter()
        .take_while(|(_, l)| l.trim().is_empty() || is_preheader(l))
        .count();
    match lines[..skip].iter().any(|(_, l)| is_preheader(l)) {
        true => lines.into_iter().skip(skip).collect(),
        false => lines,
    }
}

/// `View this email in your browser`, `Voir la version en ligne`.
fn is_preheader(line: &str) -> bool {
    const PREHEADERS: &[&str] = &[
        "in your browser",
        "in a browser",
        "in browser",
        "view online",
        "view it online",
        "view this email",
        "web version",
        "trouble viewing",
        "version en ligne",
        "version web",
        "dans votre navigateur",
        "dans le navigateur",
        "dans un navigateur",
        "ne s'affiche pas correctement",
        "ne s’affiche pas correctement",
    ];
    let line = line.trim().to_lowercase();
    line.chars().count() <= 160 && PREHEADERS.iter().any(|p| line.contains(p))
}

/// The opening of the footer a mailing tool adds under every issue.
fn is_footer(line: &str) -> bool {
    const FOOTERS: &[&str] = &[
        "unsubscribe",
        "to unsubscribe",
        "you are receiving this",
        "you received this",
        "you're receiving this",
        "se désinscrire",
        "pour vous désinscrire",
        "pour se désinscrire",
        "vous recevez cet e-mail",
        "vous recevez cet email",
        "vous recevez ce message",
        "désinscription",
    ];
    let line = line.trim_start();
    FOOTERS
        .iter()
        .any(|f| line.get(..f.len()).is_some_and(|head| head.eq_ignore_ascii_case(f)))
}

/// `***`, `---`, `===`, `• • •`: a visual break, read as a blank line.
fn is_separator(text: &str) -> bool {
    text.chars().count() >= 3
        && text
            .chars()
            .all(|c| matches!(c, '-' | '*' | '=' | '_' | '~' | '•' | '·' | '#' | ' '))
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The column a hard-wrapped body was wrapped at, or `None` when the body
/// holds one paragraph per line. A body is hard-wrapped when the lines
/// that continue into the next are nearly all close to one width: in a
/// body of one paragraph per line, the lines followed by another line are
/// titles, headlines and paragraphs of every length.
fn wrap_width(lines: &[(usize, &str)]) -> Option<usize> {
    let lengths: Vec<usize> = lines
        .iter()
        .map(|(_, l)| char_len(l.trim()))
        .filter(|&n| n > 0)
        .collect();
    if lengths.is_empty() {
        return None;
    }
    let long = lengths.iter().filter(|&&n| n > 110).count();
    if long * 10 > lengths.len() {
        return None;
    }
    // The lines that continue into a non-blank line that is not a new
    // list item (the wrapped ones, if any), with the first word of the next.
    let continued: Vec<(usize, usize)> = lines
        .windows(2)
        .filter(|w| !w[0].1.trim().is_empty() && !w[1].1.trim().is_empty() && bullet_text(w[1].1.trim()).is_none())
        .map(|w| {
            let next_word = w[1].1.split_whitespace().next().map_or(0, char_len);
            (char_len(w[0].1.trim()), next_word)
        })
        .filter(|&(n, _)| n <= 110)
        .collect();
    if continued.len() < 3 {
        return None;
    }
    let mut sorted: Vec<usize> = continued.iter().map(|&(n, _)| n).collect();
    sorted.sort_unstable();
    // A low percentile errs on the side of joining: a greedy wrapper at
    // width W breaks a line only when the next word would pass W.
    let width = sorted[sorted.len() * 9 / 10];
    if width < 40 {
        return None;
    }
    let widest = sorted[sorted.len() - 1];
    // Lines near the width; the others are titles, headlines, greetings,
    // which both layouts have.
    let full: Vec<&(usize, usize)> = continued.iter().filter(|&&(n, _)| n * 4 >= width * 3).collect();
    // A wrapped line could not take the next word: one paragraph a line
    // of short paragraphs often could.
    let greedy = full.iter().filter(|&&&(n, next)| n + 1 + next > widest).count();
    let has_blank_lines = lines.iter().any(|(_, l)| l.trim().is_empty());
    let needed = if has_blank_lines { 0.6 } else { 0.85 };
    (full.len() >= 3
        && full.len() as f64 >= needed * continued.len() as f64
        && greedy * 10 >= full.len() * 8
        && (has_blank_lines || continued.len() >= 10))
        .then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        units(body, 1).into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn one_paragraph_per_line() {
        let body = "Title\nHeadline here\nA paragraph that is long enough to be one, and ends with a period.\n– item";
        assert_eq!(texts(body).len(), 4);
        let short = "Un titre\nPremier sujet du jour\nUn paragraphe qui parle de Palantir Technologies et finit par un point.\nDeuxième sujet du jour\nEncore Palantir Technologies, dans une phrase qui finit bien.\n";
        assert_eq!(texts(short).len(), 5);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let body = "Un titre court\n\nUne premiere ligne de paragraphe qui va jusqu'au bord de la\ncolonne et continue sur la ligne suivante, puis encore une fois\njusqu'a la fin du paragraphe qui se termine ici.\n\nUn autre paragraphe qui commence et qui fait lui aussi plusieurs\nlignes pour que la largeur soit estimee correctement par la\nfonction.\n\n– Un element de liste qui est assez long pour etre coupe en deux\n  morceaux par le client mail\n– Un second element\n";
        let units = texts(body);
        assert_eq!(units.len(), 5, "{units:#?}");
        assert!(units[1].ends_with("se termine ici."));
        assert!(units[3].ends_with("par le client mail"));
    }

    #[test]
    fn arrows_and_triangles_are_bullets() {
        assert_eq!(bullet_text("→ Un article"), Some("Un article"));
        assert_eq!(bullet_text("▸ An article"), Some("An article"));
        assert_eq!(bullet_text("→Collé"), None);
    }

    #[test]
    fn preheader_lines_are_dropped() {
        let body = "View this email in your browser\n\nTitle\nParagraph.";
        assert_eq!(texts(body), ["Title", "Paragraph."]);
        let body = "Si ce message ne s'affiche pas correctement, voir la version en ligne\nTitre\nParagraphe.";
        assert_eq!(texts(body), ["Titre", "Paragraphe."]);
        // Only at the top.
        let body = "Title\nRead the web version of our report.\nParagraph.";
        assert_eq!(texts(body).len(), 3);
    }

    #[test]
    fn signature_and_separators() {
        let body = "Title\n***\nParagraph.\n-- \nJean, editor";
        assert_eq!(texts(body), ["Title", "Paragraph."]);
        let body = "Title\nParagraph.\n--\nJean, editor";
        assert_eq!(texts(body), ["Title", "Paragraph."]);
        let body = "Title\nParagraph.\nVous recevez cet e-mail car vous êtes abonné.\nSe désinscrire";
        assert_eq!(texts(body), ["Title", "Paragraph."]);
    }
}
