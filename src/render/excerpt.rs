//! The start of a story for a list (tag pages): cut at a sentence's end
//! when one is close enough, else at a word, never right after a number
//! (`lever 1,37…` reads as a cut number), with an ellipsis only when the
//! cut leaves a sentence unfinished.

/// The first `max` characters of `text` or fewer, cut as above.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max + 1).collect();
    // A sentence ending in the second half: stop there, no ellipsis.
    let mut ends = head.char_indices().filter(|&(i, c)| {
        matches!(c, '.' | '!' | '?' | '…') && head[i + c.len_utf8()..].starts_with(char::is_whitespace)
    });
    if let Some((i, c)) = ends.next_back().filter(|&(i, _)| head[..i].chars().count() >= max / 2) {
        return head[..i + c.len_utf8()].to_string();
    }
    // Else whole words only (the last one may be cut: `head` has one
    // character more than `max`, so a word ending at `max` is whole).
    let mut words: Vec<&str> = head.split(char::is_whitespace).collect();
    words.pop();
    // Not a number without what it counts, nor a dangling word of punctuation.
    while words
        .last()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || !w.chars().any(char::is_alphanumeric))
    {
        words.pop();
    }
    let cut = words.join(" ");
    let cut = cut.trim_end_matches([',', ';', ':', '(', '-', '–', '—', ' ']);
    if cut.ends_with(['.', '!', '?', '…']) {
        cut.to_string()
    } else {
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn short_text_is_whole() {
        assert_eq!(excerpt("Court.", 240), "Court.");
    }

    #[test]
    fn never_ends_on_a_number() {
        let text = "La start-up parisienne vient de lever 1,37 milliard d’euros auprès de ses investisseurs.";
        // The cut falls inside « milliard ».
        let max = text.find("milliard").unwrap() + 4;
        assert_eq!(excerpt(text, max), "La start-up parisienne vient de lever…");
    }

    #[test]
    fn a_sentence_end_takes_no_ellipsis() {
        let text = "Une première phrase assez longue pour compter. Puis une seconde qui ne tiendra pas en entier.";
        assert_eq!(excerpt(text, 60), "Une première phrase assez longue pour compter.");
        // Cut right after a full stop, further than half-way: no « .… ».
        let text = "Un, deux, trois, quatre, cinq, six, sept, huit. Neuf dix onze";
        assert_eq!(excerpt(text, 50), "Un, deux, trois, quatre, cinq, six, sept, huit.");
    }

    #[test]
    fn else_at_a_word_with_an_ellipsis() {
        let text = "Un mot puis un autre mot puis encore un autre mot";
        assert_eq!(excerpt(text, 20), "Un mot puis un autre…");
    }
}
