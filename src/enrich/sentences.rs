//! Sentence boundaries, so a company page can quote the sentence a
//! mention stands in. Knows French and English abbreviations and numbers.

/// The sentence of `text` containing the byte offset `at`, trimmed.
pub fn sentence_at(text: &str, at: usize) -> &str {
    let mut start = 0;
    for end in boundaries(text) {
        if end > at {
            return text[start..end].trim();
        }
        start = end;
    }
    text[start..].trim()
}

/// Byte offsets where a sentence ends (after its punctuation and quotes).
fn boundaries(text: &str) -> impl Iterator<Item = usize> + '_ {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take closing punctuation and quotes with the sentence.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '”' | '»' | '"' | '’' | ')' | '\u{a0}' | '\u{202f}'
                )
            {
                if matches!(chars[j].1, '\u{a0}' | '\u{202f}') && !chars.get(j + 1).is_some_and(|c| matches!(c.1, '»'))
                {
                    break;
                }
                j += 1;
            }
            let followed_by_space = chars.get(j).is_some_and(|c| c.1.is_whitespace());
            let next_starts = chars.get(j + 1).is_some_and(|c| {
                c.1.is_uppercase() || c.1.is_ascii_digit() || matches!(c.1, '“' | '«' | '"' | '‘' | '(')
            });
            if followed_by_space && next_starts && !(c == '.' && is_abbreviation(&text[..at])) {
                out.push(chars.get(j).map_or(text.len(), |c| c.0));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out.into_iter()
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
