//! The company index in two orders: by name under the letters A to Z (an
//! index of letters above, a letter without companies not linked), and by
//! the number of mentions, most first.

use serde::Serialize;

use crate::render::views::TermLink;

/// A letter of the index and the terms filed under it.
#[derive(Debug, Serialize)]
pub(super) struct Section<'a> {
    /// `A`…`Z`, or `#` for names starting otherwise.
    pub letter: char,
    /// The fragment identifier of its section (`letter-a`), when it has terms.
    pub anchor: Option<String>,
    pub terms: Vec<&'a TermLink<'a>>,
}

/// The letter a name is filed under: its first letter without accents, or `#`.
fn letter_of(name: &str) -> char {
    deunicode::deunicode(name)
        .chars()
        .find(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .filter(char::is_ascii_uppercase)
        .unwrap_or('#')
}

/// Every letter A to Z (then `#` when some names start otherwise), with
/// the terms (sorted by name) filed under each.
pub(super) fn letters<'a>(terms: &'a [TermLink<'a>]) -> Vec<Section<'a>> {
    let mut letters: Vec<Section> = ('A'..='Z')
        .chain(['#'])
        .map(|letter| Section {
            letter,
            anchor: None,
            terms: Vec::new(),
        })
        .collect();
    for term in terms {
        let letter = letter_of(term.name);
        if let Some(slot) = letters.iter_mut().find(|l| l.letter == letter) {
            slot.terms.push(term);
        }
    }
    for letter in &mut letters {
        if !letter.terms.is_empty() {
            let id = if letter.letter == '#' {
                "other".to_string()
            } else {
                letter.letter.to_ascii_lowercase().to_string()
            };
            letter.anchor = Some(format!("letter-{id}"));
        }
    }
    letters.retain(|l| l.letter != '#' || !l.terms.is_empty());
    letters
}

/// The terms by count, most first; ties by name (their order in `terms`).
pub(super) fn by_mentions<'a>(terms: &'a [TermLink<'a>]) -> Vec<&'a TermLink<'a>> {
    let mut sorted: Vec<&TermLink> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.count));
    sorted
}
