//! Typography for HTML output (the JSON keeps the text as written):
//! curly apostrophes and ellipses everywhere, and in French the narrow
//! no-break spaces before `; ! ? %` and inside « », a no-break space before `:`.

use crate::config::Lang;

const NARROW_NBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

/// Applies the language's typography to plain text (no URLs inside).
pub fn typography(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = out.chars().next_back();
        match c {
            '\'' if prev.is_some_and(char::is_alphanumeric) => out.push('’'),
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            '«' if lang == Lang::Fr => {
                out.push('«');
                out.push(NARROW_NBSP);
                if matches!(chars.get(i + 1).copied(), Some(' ' | NBSP | NARROW_NBSP)) {
                    i += 1;
                }
            }
            _ if lang == Lang::Fr => french(&mut out, c, prev, chars.get(i + 1).copied()),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn french(out: &mut String, c: char, prev: Option<char>, next: Option<char>) {
    let space = match c {
        ';' | '!' | '?' | '»' => Some(NARROW_NBSP),
        '%' if prev.is_some_and(|p| p.is_ascii_digit()) => Some(NARROW_NBSP),
        // A colon between digits is a time or a ratio, not punctuation.
        ':' if !prev.is_some_and(|p| p.is_ascii_digit()) => Some(NBSP),
        _ => None,
    };
    if let Some(space) = space {
        // Not after an opening bracket or another mark of the same kind.
        let after_word = prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '”' | '’' | ')' | '»' | '…' | '"'));
        if matches!(prev, Some(' ' | NBSP | NARROW_NBSP)) {
            out.pop();
            out.push(space);
        } else if after_word && (next.is_none_or(|n| n.is_whitespace() || matches!(n, '.' | ',' | ')' | '!' | '?'))) {
            out.push(space);
        }
        out.push(c);
        return;
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(text: &str) -> String {
        typography(text, Lang::Fr)
    }

    #[test]
    fn french_spaces() {
        assert_eq!(fr("Vraiment ? Oui!"), "Vraiment\u{202f}? Oui\u{202f}!");
        assert_eq!(fr("reconnaît: le"), "reconnaît\u{a0}: le");
        assert_eq!(fr("à 10:30, 17% de plus"), "à 10:30, 17\u{202f}% de plus");
        assert_eq!(fr("« bonjour »"), "«\u{202f}bonjour\u{202f}»");
        assert_eq!(fr("l'IA..."), "l’IA…");
    }

    #[test]
    fn english_keeps_its_spacing() {
        assert_eq!(typography("It's here: yes?", Lang::En), "It’s here: yes?");
    }
}
