//! What both parsers (plain text and Markdown) do once an issue's body is
//! read: the editor's sign-off taken out of the last story, and headlines
//! numbered 1, 2, 3 stripped of their numbers. Pure.

use crate::model::{Paragraph, Story};

/// Longest paragraph, in characters, of a sign-off.
const SIGN_OFF_MAX_CHARS: usize = 120;
/// Most paragraphs a sign-off spans.
const SIGN_OFF_MAX_PARAGRAPHS: usize = 4;

/// The editor's sign-off at the end of the last story (`That's all for
/// this week. See you Monday!`, `À la semaine prochaine,`, `— Jane`):
/// a few short paragraphs, the first of them a known closing phrase or,
/// alone, a signature. Taken out of `paragraphs`, which keeps at least one.
pub(super) fn take_sign_off(paragraphs: &mut Vec<Paragraph>) -> Vec<Paragraph> {
    let short = |p: &Paragraph| !p.block && p.lead.is_none() && p.text.chars().count() <= SIGN_OFF_MAX_CHARS;
    let tail = paragraphs.iter().rev().take_while(|p| short(p)).count();
    let tail = tail
        .min(SIGN_OFF_MAX_PARAGRAPHS)
        .min(paragraphs.len().saturating_sub(1));
    let from = paragraphs.len() - tail;
    let start = (from..paragraphs.len())
        .find(|&i| is_sign_off(&paragraphs[i].text))
        .or_else(|| {
            let last = paragraphs.len().checked_sub(1).filter(|&l| l >= from)?;
            is_signature(&paragraphs[last].text).then_some(last)
        });
    match start {
        Some(start) => paragraphs.split_off(start),
        None => Vec::new(),
    }
}

/// `Thanks for reading`, `That's all`, `À bientôt`: how editors close.
fn is_sign_off(text: &str) -> bool {
    const OPENERS: &[&str] = &[
        "thanks",
        "thank you",
        "cheers",
        "best,",
        "best wishes",
        "all the best",
        "see you",
        "until next",
        "till next",
        "talk soon",
        "that's all",
        "that is all",
        "that's it",
        "have a great",
        "have a good",
        "have a nice",
        "enjoy your",
        "stay tuned",
        "happy reading",
        "merci",
        "à la semaine prochaine",
        "a la semaine prochaine",
        "à bientôt",
        "a bientot",
        "à demain",
        "à très vite",
        "à la prochaine",
        "bonne semaine",
        "bonne lecture",
        "bonne journée",
        "bonne fin de semaine",
        "bon week-end",
        "bon weekend",
        "c'est tout",
        "c'est fini",
        "cordialement",
        "amitiés",
        "on se retrouve",
    ];
    let text = text
        .trim_start_matches(['—', '–', '-', ' ', '"', '«', '“'])
        .to_lowercase()
        .replace('’', "'");
    OPENERS.iter().any(|o| text.starts_with(o))
}

/// `— Jane`, `– L'équipe`: a dash and a few words, alone at the end.
fn is_signature(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['—', '–']) else {
        return false;
    };
    let words = rest.split_whitespace().count();
    (1..=4).contains(&words) && !rest.trim_end().ends_with(['.', '!', '?'])
}

/// `1. Apple unveils…`, `2) Microsoft…`: headlines numbered 1, 2, 3… in
/// order lose their numbers (the page numbers nothing).
pub(super) fn unnumber_headlines(stories: &mut [Story]) {
    let split = |headline: &str| -> Option<(usize, usize)> {
        let digits = headline.chars().take_while(char::is_ascii_digit).count();
        let number = headline.get(..digits)?.parse().ok()?;
        let rest = headline.get(digits..)?;
        let after = rest.strip_prefix(['.', ')'])?;
        let text = after.trim_start();
        (after.len() > text.len() && !text.is_empty()).then(|| (number, headline.len() - text.len()))
    };
    let numbered: Option<Vec<usize>> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| split(&s.headline).filter(|(n, _)| *n == i + 1).map(|(_, at)| at))
        .collect();
    if let (true, Some(starts)) = (stories.len() >= 2, numbered) {
        for (story, start) in stories.iter_mut().zip(starts) {
            story.headline = story.headline[start..].to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::plaintext::paragraph;

    fn story(headline: &str, paragraphs: &[&str]) -> Story {
        Story {
            kicker: None,
            headline: headline.to_string(),
            link: None,
            anchor: String::new(),
            paragraphs: paragraphs.iter().map(|p| paragraph(p)).collect(),
            further_reading: Vec::new(),
            tags: Vec::new(),
            companies: Vec::new(),
            mentions: Vec::new(),
        }
    }

    #[test]
    fn sign_offs() {
        let long = "A paragraph of the story, long enough to be one and not a sign-off at all, since it goes on and on past the limit.";
        let mut s = story(
            "H",
            &[
                long,
                "Short fact.",
                "That's all for this week. See you Monday!",
                "— The Brief team",
            ],
        );
        let outro = take_sign_off(&mut s.paragraphs);
        assert_eq!(outro.len(), 2);
        assert_eq!(s.paragraphs.len(), 2);
        let mut s = story("H", &[long, "Thanks for reading,", "Jane"]);
        assert_eq!(take_sign_off(&mut s.paragraphs).len(), 2);
        let mut s = story("H", &[long, "À la semaine prochaine !"]);
        assert_eq!(take_sign_off(&mut s.paragraphs).len(), 1);
        let mut s = story("H", &[long, "— Jane"]);
        assert_eq!(take_sign_off(&mut s.paragraphs).len(), 1);
        // A story's own short last paragraph stays; so does a lone one.
        let mut s = story("H", &[long, "Nvidia declined to comment."]);
        assert!(take_sign_off(&mut s.paragraphs).is_empty());
        let mut s = story("H", &["Merci pour tout."]);
        assert!(take_sign_off(&mut s.paragraphs).is_empty());
    }

    #[test]
    fn numbered_headlines() {
        let mut stories = vec![story("1. Apple unveils", &[]), story("2) Microsoft pauses", &[])];
        unnumber_headlines(&mut stories);
        assert_eq!(stories[0].headline, "Apple unveils");
        assert_eq!(stories[1].headline, "Microsoft pauses");
        // Not 1, 2, 3 in order: a number that belongs to the headline.
        let mut stories = vec![story("3 things to know", &[]), story("2. Other", &[])];
        unnumber_headlines(&mut stories);
        assert_eq!(stories[0].headline, "3 things to know");
        let mut stories = vec![story("1. Alone", &[])];
        unnumber_headlines(&mut stories);
        assert_eq!(stories[0].headline, "1. Alone");
    }
}
