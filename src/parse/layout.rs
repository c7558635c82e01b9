//! Plain-text layout: the lines of an email body that hold the issue
//! (without a mailing tool's preheader, footer or the signature), and
//! list bullets. `blocks` groups these lines into blocks.

/// The lines of `body` (whose first line is line `first_line` of the
/// file) that hold the issue: without a mailing tool's preheader above
/// it or its footer and the signature below it.
pub(super) fn body_lines(body: &str, first_line: usize) -> Vec<(usize, &str)> {
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l.trim_end()))
        .collect();
    let lines = until_signature(body, lines);
    after_preheader(lines)
}

/// The text of a list item without its bullet.
pub(super) fn bullet_text(text: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        crate::parse::blocks::blocks(&body_lines(body, 1))
            .0
            .into_iter()
            .map(|b| b.text)
            .collect()
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
