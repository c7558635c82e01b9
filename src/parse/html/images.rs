//! The images of an HTML issue's content, kept with their alt text: the
//! flattener writes each as a line of code marked with `MARK` (code, so
//! that the plain-text parser keeps it in place as a block and never
//! takes it for a headline), and `restore` turns those blocks back into
//! image paragraphs once the stories are read.

use crate::model::{BlockKind, Paragraph};
use crate::parse::Body;

/// Opens the line of an image: U+FFFC OBJECT REPLACEMENT CHARACTER, which
/// the flattener removes from the email's own text.
pub(super) const MARK: char = '\u{FFFC}';

/// The line of the image at `src` (already checked) with its alt text,
/// indented by `indent` columns (past the text of a list item above it).
pub(super) fn line(src: &str, alt: &str, indent: usize) -> String {
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}{MARK}{src} {alt}", " ".repeat(indent))
}

/// The image blocks of `body` (code blocks of one marked line) become
/// image paragraphs: `src` their address, `text` their alt text.
pub(super) fn restore(body: &mut Body) {
    let paragraphs = body
        .intro
        .iter_mut()
        .chain(body.stories.iter_mut().flat_map(|s| s.paragraphs.iter_mut()))
        .chain(body.outro.iter_mut());
    for p in paragraphs {
        if p.kind != Some(BlockKind::Code) {
            continue;
        }
        let Some(rest) = p.text.strip_prefix(MARK) else {
            continue;
        };
        let (src, alt) = rest.split_once(' ').unwrap_or((rest, ""));
        *p = Paragraph {
            kind: Some(BlockKind::Image),
            src: Some(src.to_string()),
            ..Paragraph::plain(alt)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{line, restore, MARK};
    use crate::model::{BlockKind, Paragraph};
    use crate::parse::Body;

    #[test]
    fn marked_code_becomes_an_image() {
        assert_eq!(
            line("https://x.org/a.png", " A\n chart ", 4),
            format!("    {MARK}https://x.org/a.png A chart")
        );
        let code = |text: &str| Paragraph {
            kind: Some(BlockKind::Code),
            ..Paragraph::plain(text)
        };
        let mut body = Body {
            intro: vec![code(&format!("{MARK}https://x.org/a.png A chart")), code("let x = 1;")],
            ..Body::default()
        };
        restore(&mut body);
        let image = &body.intro[0];
        assert_eq!(
            (image.kind, image.src.as_deref(), image.text.as_str()),
            (Some(BlockKind::Image), Some("https://x.org/a.png"), "A chart")
        );
        assert_eq!(body.intro[1].kind, Some(BlockKind::Code));
    }
}
