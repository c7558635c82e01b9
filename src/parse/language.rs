//! Which language an issue is written in, French or English, from its most
//! common short words: an archive may mix both, and typography differs.

use crate::config::Lang;

const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "sur", "avec", "qui", "que", "au",
    "aux", "ses", "son", "sa", "pas", "plus", "par",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "for", "with", "on", "its", "it", "was", "are", "by", "has", "have",
    "from", "this", "will", "at", "be", "as", "an",
];

/// `None` when the text is too short or too mixed to tell.
pub fn detect(text: &str) -> Option<Lang> {
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()).take(2000) {
        if word.len() > 5 || word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        fr += usize::from(FRENCH.contains(&word.as_str()));
        en += usize::from(ENGLISH.contains(&word.as_str()));
    }
    if fr + en < 8 {
        None
    } else if fr > en * 2 {
        Some(Lang::Fr)
    } else if en > fr * 2 {
        Some(Lang::En)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_or_english() {
        let fr = "La start-up va notamment pouvoir payer les milliers de processeurs graphiques qu’elle a commandés auprès de Nvidia, pour un investissement de plusieurs centaines de millions de dollars.";
        let en = "Nvidia has told its largest customers that its next-generation accelerators will ship at least three months late, according to people familiar with the matter.";
        assert_eq!(detect(fr), Some(Lang::Fr));
        assert_eq!(detect(en), Some(Lang::En));
        assert_eq!(detect("OK"), None);
    }
}
