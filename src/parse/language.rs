//! Which language an issue is written in, French or English, from its most
//! common short words: an archive may mix both, and typography differs.

use crate::config::Lang;

/// Whether a lowercase word is a common French or English short word.
fn stop_word(word: &[u8]) -> Option<Lang> {
    match word {
        b"le" | b"la" | b"les" | b"des" | b"du" | b"de" | b"et" | b"est" | b"une" | b"un" | b"dans" | b"pour"
        | b"sur" | b"avec" | b"qui" | b"que" | b"au" | b"aux" | b"ses" | b"son" | b"sa" | b"pas" | b"plus" | b"par" => {
            Some(Lang::Fr)
        }
        b"the" | b"and" | b"of" | b"to" | b"is" | b"in" | b"that" | b"for" | b"with" | b"on" | b"its" | b"it"
        | b"was" | b"are" | b"by" | b"has" | b"have" | b"from" | b"this" | b"will" | b"at" | b"be" | b"as" | b"an" => {
            Some(Lang::En)
        }
        _ => None,
    }
}

/// `None` when the text is too short or too mixed to tell.
pub(super) fn detect(text: &str) -> Option<Lang> {
    let (mut fr, mut en) = (0usize, 0usize);
    // The first few hundred words tell; the stop words are all ASCII, so
    // accented letters may split words without changing the count.
    let mut end = text.len().min(3000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for word in text[..end].split(|c: char| !c.is_ascii_alphabetic()) {
        if word.is_empty() || word.len() > 5 {
            continue;
        }
        let mut lower = [0u8; 5];
        lower[..word.len()].copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        match stop_word(&lower[..word.len()]) {
            Some(Lang::Fr) => fr += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
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
