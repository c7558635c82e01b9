//! Typography for HTML output (the JSON keeps the text as written):
//! curly apostrophes and ellipses everywhere, and in French the narrow
//! no-break spaces before `; ! ? %` and inside « », a no-break space before `:`.

use crate::config::Lang;

const NARROW_NBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

/// Applies the language's typography to plain text (no URLs inside).
/// Runs of text with nothing to change are copied whole.
pub(crate) fn typography(text: &str, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let special = match bytes[i] {
            b'\'' => true,
            b'.' => bytes[i..].starts_with(b"..."),
            b';' | b':' | b'!' | b'?' | b'%' => fr,
            // The first byte of « and ».
            0xC2 => fr && matches!(bytes.get(i + 1), Some(0xAB | 0xBB)),
            _ => false,
        };
        if !special {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        let Some(c) = text[i..].chars().next() else { break };
        let next = text[i + c.len_utf8()..].chars().next();
        let prev = out.chars().next_back();
        let mut consumed = c.len_utf8();
        match c {
            '\'' if prev.is_some_and(char::is_alphanumeric) => out.push('’'),
            '.' => {
                out.push('…');
                consumed = 3;
            }
            '«' => {
                out.push('«');
                out.push(NARROW_NBSP);
                if let Some(space @ (' ' | NBSP | NARROW_NBSP)) = next {
                    consumed += space.len_utf8();
                }
            }
            _ if fr => french(&mut out, c, prev, next),
            _ => out.push(c),
        }
        i += consumed;
        run = i;
    }
    out.push_str(&text[run..]);
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
