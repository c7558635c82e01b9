//! Sentence boundaries, so a company page can quote the sentence a
//! mention stands in. Knows French and English abbreviations and numbers.

/// The byte range of the sentence of `text` containing the offset `at`,
/// without the spaces around it.
pub(crate) fn sentence_range(text: &str, at: usize) -> std::ops::Range<usize> {
    let at = at.min(text.len());
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end_mark(c) && ends_sentence(text, i))
        .map_or(0, |(i, c)| sentence_end(text, i + c.len_utf8()));
    let end = text[at..]
        .char_indices()
        .find(|&(i, c)| is_end_mark(c) && ends_sentence(text, at + i))
        .map_or(text.len(), |(i, c)| sentence_end(text, at + i + c.len_utf8()));
    let start = start.min(end);
    let sentence = &text[start..end];
    let leading = sentence.len() - sentence.trim_start().len();
    let trailing = sentence.len() - sentence.trim_end().len();
    start + leading..(end - trailing).max(start + leading)
}

fn is_end_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Past the closing punctuation and quotes that follow an end mark.
fn sentence_end(text: &str, mut i: usize) -> usize {
    for c in text[i..].chars() {
        let closing = matches!(c, '.' | '!' | '?' | '”' | '»' | '"' | '’' | ')');
        let space_before_guillemet = matches!(c, '\u{a0}' | '\u{202f}') && text[i + c.len_utf8()..].starts_with('»');
        if !(closing || space_before_guillemet) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Whether the end mark at byte `i` ends a sentence: closing marks, a
/// space, then a capital, a digit or an opening quote; not an abbreviation.
fn ends_sentence(text: &str, i: usize) -> bool {
    let mark = text[i..].chars().next().unwrap_or(' ');
    let after = sentence_end(text, i + mark.len_utf8());
    let mut rest = text[after..].chars();
    let spaced = rest.next().is_some_and(char::is_whitespace);
    let next_starts = rest
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '«' | '"' | '‘' | '('));
    spaced && next_starts && !(mark == '.' && is_abbreviation(&text[..i]))
}

/// Whether the word before a period is an abbreviation (`M.`, `Dr.`, `etc.`).
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_capital
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Inc"
                | "Corp"
                | "Ltd"
                | "Co"
                | "vs"
                | "cf"
                | "Mme"
                | "Mlle"
                | "Me"
                | "Pr"
                | "av"
                | "env"
                | "ex"
                | "No"
                | "n°"
                | "p"
                | "U.S"
                | "etc"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_at(text: &str, at: usize) -> &str {
        &text[sentence_range(text, at)]
    }

    #[test]
    fn finds_the_sentence() {
        let text = "Spotify va licencier 17% de ses employés, soit 1.500 personnes. M. Ek le dit. “C’est dur.” Et puis Nvidia suit.";
        assert_eq!(
            sentence_at(text, 0),
            "Spotify va licencier 17% de ses employés, soit 1.500 personnes."
        );
        assert_eq!(sentence_at(text, text.find("Ek").unwrap()), "M. Ek le dit.");
        assert_eq!(sentence_at(text, text.find("dur").unwrap()), "“C’est dur.”");
        assert_eq!(sentence_at(text, text.find("Nvidia").unwrap()), "Et puis Nvidia suit.");
    }
}
