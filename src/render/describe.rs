//! The meta description of each page, as plain text: an issue's summary,
//! else its teasers, else its first sentence; a term's description, else
//! its counts; a line about the list for the other pages. Cut to what a
//! search result or a link preview shows, at a sentence or a word, never
//! inside a number and its unit.

use crate::archive::TermKind;
use crate::config::Lang;
use crate::model::{Issue, Paragraph};
use crate::plan::PageKind;
use crate::render::typography::typography;
use crate::render::Renderer;

/// About what a search result shows of a description.
pub(super) const MAX_CHARS: usize = 160;

/// The description of a page of kind `kind`; `None`: the site's.
pub(super) fn page(r: &Renderer<'_>, kind: &PageKind) -> Option<String> {
    let (lang, title) = (r.config.lang, r.config.title.as_str());
    let fr = lang == Lang::Fr;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let text = match kind {
        PageKind::Home { .. } if r.config.description.is_empty() => match fr {
            true => format!("Les derniers numéros de {title}."),
            false => format!("The latest issues of {title}."),
        },
        PageKind::Issue { issue } => issue_description(&r.archive.issues[*issue])?,
        PageKind::Archive => {
            let first = r.archive.years.iter().map(|y| y.year).min()?;
            let count = r.archive.issues.len();
            match fr {
                true => format!(
                    "Tous les numéros de {title} par année et par mois\u{a0}: {} depuis {first}.",
                    plural(count, "numéro", "numéros")
                ),
                false => format!(
                    "Every issue of {title} by year and month: {} since {first}.",
                    plural(count, "issue", "issues")
                ),
            }
        }
        PageKind::Year { year } => {
            let year = &r.archive.years[*year];
            let count = year.months.iter().map(|m| m.issues.len()).sum();
            match fr {
                true => format!("{} de {title} en {}.", plural(count, "numéro", "numéros"), year.year),
                false => format!("{} of {title} in {}.", plural(count, "issue", "issues"), year.year),
            }
        }
        PageKind::TermIndex { kind } => {
            let count = r.archive.terms(*kind).len();
            match (kind, fr) {
                (TermKind::Tag, true) => format!("{} de {title} et leurs articles.", plural(count, "thème", "thèmes")),
                (TermKind::Tag, false) => format!("{} of {title} and their stories.", plural(count, "topic", "topics")),
                (TermKind::Company, true) => format!(
                    "{} citées dans {title}, avec les phrases qui les mentionnent.",
                    plural(count, "entreprise", "entreprises")
                ),
                (TermKind::Company, false) => format!(
                    "{} mentioned in {title}, with the sentences that name them.",
                    plural(count, "company", "companies")
                ),
            }
        }
        PageKind::Term { kind, term, .. } => {
            let term = &r.archive.terms(*kind)[*term];
            match term.description.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(description) => cut(description, MAX_CHARS),
                None => counts(
                    &term.name,
                    lang,
                    *kind == TermKind::Company,
                    term.entries.len(),
                    term.issue_count,
                ),
            }
        }
        PageKind::Search { .. } => match fr {
            true => format!("Chercher dans tous les numéros de {title}."),
            false => format!("Search every issue of {title}."),
        },
        _ => return None,
    };
    Some(text)
}

/// The description of an issue, cut to `MAX_CHARS`.
fn issue_description(issue: &Issue) -> Option<String> {
    let text = match &issue.summary {
        Some(summary) if !summary.trim().is_empty() => summary.clone(),
        _ if !issue.teasers.is_empty() => {
            let teasers: Vec<&str> = issue.teasers.iter().map(|t| t.text.trim()).collect();
            teasers.join(" · ")
        }
        _ => first_sentence(issue)?,
    };
    Some(typography(&cut(&text, MAX_CHARS), issue.lang))
}

/// The first sentence of the issue's first story, else of its introduction.
fn first_sentence(issue: &Issue) -> Option<String> {
    let prose = |p: &&Paragraph| p.kind.is_none() && !p.text.trim().is_empty();
    let paragraph = issue
        .stories
        .iter()
        .flat_map(|s| &s.paragraphs)
        .find(prose)
        .or_else(|| issue.intro.iter().find(prose))?;
    let text = one_line(&paragraph.text);
    Some(match sentence_end(&text, 0) {
        Some(end) => text[..end].to_string(),
        None => text,
    })
}

/// "Nvidia: 12 mentions in 9 issues" (companies) or "Cloud: 12 stories in
/// 9 issues" (tags), in the site's language.
fn counts(name: &str, lang: Lang, company: bool, stories: usize, issues: usize) -> String {
    let (one, many) = match (lang, company) {
        (Lang::Fr, true) => ("mention", "mentions"),
        (Lang::Fr, false) => ("article", "articles"),
        (Lang::En, true) => ("mention", "mentions"),
        (Lang::En, false) => ("story", "stories"),
    };
    let (issue_one, issue_many, within, colon) = match lang {
        Lang::Fr => ("numéro", "numéros", "dans", "\u{a0}:"),
        Lang::En => ("issue", "issues", "in", ":"),
    };
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    format!(
        "{name}{colon} {stories} {} {within} {issues} {}",
        plural(stories, one, many),
        plural(issues, issue_one, issue_many)
    )
}

/// `text` on one line, its runs of whitespace made single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte offset just past the first sentence end (`.`, `!`, `?`, `…`
/// followed by a space) at or after `from`; not after a number's period
/// (`1.`), nor a lone capital (`J. Doe`).
fn sentence_end(text: &str, from: usize) -> Option<usize> {
    let mut chars = text[from..].char_indices().peekable();
    let mut prev: Option<char> = None;
    let mut before_prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = matches!(c, '.' | '!' | '?' | '…')
            && next.is_some_and(char::is_whitespace)
            && !(c == '.' && prev.is_some_and(|p| p.is_ascii_digit()))
            && !(c == '.' && prev.is_some_and(char::is_uppercase) && !before_prev.is_some_and(char::is_alphanumeric));
        if ends {
            return Some(from + i + c.len_utf8());
        }
        before_prev = prev;
        prev = Some(c);
    }
    None
}

/// `text` on one line and at most `max` characters: whole when it fits,
/// else up to the last sentence end that keeps at least half of it, else
/// up to the last space that does not follow a number (`1,37 milliard`),
/// with an ellipsis.
pub(super) fn cut(text: &str, max: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max {
        return text;
    }
    let limit = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let mut best_sentence = None;
    let mut at = 0;
    while let Some(end) = sentence_end(&text, at) {
        if end > limit {
            break;
        }
        best_sentence = Some(end);
        at = end;
    }
    if let Some(end) = best_sentence.filter(|&end| text[..end].chars().count() >= max / 2) {
        return text[..end].to_string();
    }
    // Leave room for the ellipsis.
    let limit = text.char_indices().nth(max - 1).map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    let space = head
        .char_indices()
        .filter(|&(i, c)| c == ' ' && word_break(&text, i))
        .map(|(i, _)| i)
        .next_back();
    let head = space.map_or(head, |i| &text[..i]);
    let head = head.trim_end_matches([',', ';', ':', '–', '—', '-', '(', ' ', '\u{a0}', '\u{202f}']);
    format!("{head}…")
}

/// Whether the space at byte `i` of `text` may end a cut: not between a
/// number and its unit (`1,37 milliard`, `3 ans`).
fn word_break(text: &str, i: usize) -> bool {
    !text[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{counts, cut, sentence_end};
    use crate::config::Lang;

    #[test]
    fn short_text_is_kept_whole_on_one_line() {
        assert_eq!(cut("Un texte\n  court.", 160), "Un texte court.");
    }

    #[test]
    fn cut_at_a_sentence_when_one_ends_late_enough() {
        let text = format!("{}. {}", "a".repeat(100), "b ".repeat(60));
        assert_eq!(cut(&text, 160), format!("{}.", "a".repeat(100)));
    }

    #[test]
    fn cut_at_a_word_never_inside_a_number_and_its_unit() {
        let text = format!(
            "{} lever 1,37 milliard de dollars auprès de ses investisseurs",
            "mot ".repeat(30)
        );
        let limit = text.find("milliard").unwrap() + 3;
        let cut = cut(&text, limit);
        assert!(cut.ends_with("lever…"), "{cut}");
        assert!(!cut.contains(".…"));
    }

    #[test]
    fn no_ellipsis_after_a_period() {
        let text = format!(
            "{}. Fin de phrase ici et encore beaucoup de mots après.",
            "x".repeat(150)
        );
        let cut = cut(&text, 160);
        assert!(!cut.ends_with(".…"), "{cut}");
    }

    #[test]
    fn sentences_do_not_end_after_numbers_or_initials() {
        assert_eq!(sentence_end("Le 1. point et J. Doe. Puis", 0), Some(22));
    }

    #[test]
    fn counts_in_each_language() {
        assert_eq!(
            counts("Nvidia", Lang::En, true, 12, 9),
            "Nvidia: 12 mentions in 9 issues"
        );
        assert_eq!(
            counts("Cloud", Lang::Fr, false, 1, 1),
            "Cloud\u{a0}: 1 article dans 1 numéro"
        );
    }
}
