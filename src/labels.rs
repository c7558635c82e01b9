//! The label lines of a newsletter (`Et aussi:`, `Pour aller plus loin:`,
//! `Crédit photos:`) in French and English, plus any a site adds. Pure:
//! answers whether a line is such a label and what follows it.

/// Every known label, lowercased, without the colon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    teasers: Vec<String>,
    further_reading: Vec<String>,
    credits: Vec<String>,
}

const TEASERS: &[&str] = &[
    "et aussi",
    "aussi dans ce numéro",
    "également dans ce numéro",
    "au sommaire",
    "sommaire",
    "au programme",
    "dans ce numéro",
    "also",
    "also in this issue",
    "in this issue",
    "inside this issue",
    "in today's issue",
    "in this edition",
    "in today's edition",
    "also today",
];

const FURTHER_READING: &[&str] = &[
    "pour aller plus loin",
    "pour en savoir plus",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "pour approfondir",
    "en savoir plus",
    "sources",
    "source",
    "liens",
    "further reading",
    "read more",
    "more reading",
    "related reading",
    "to go further",
    "going further",
    "go deeper",
    "dig deeper",
    "learn more",
];

const CREDITS: &[&str] = &[
    "crédit photos",
    "crédits photos",
    "crédit photo",
    "crédits photo",
    "crédits",
    "crédit",
    "crédit image",
    "crédits images",
    "photos",
    "photo",
    "images",
    "image",
    "illustrations",
    "illustration",
    "photo credits",
    "photo credit",
    "credits",
    "credit",
    "image credits",
    "image credit",
];

impl Default for Labels {
    fn default() -> Self {
        let own = |list: &[&str]| list.iter().map(|s| normalize(s)).collect();
        Labels {
            teasers: own(TEASERS),
            further_reading: own(FURTHER_READING),
            credits: own(CREDITS),
        }
    }
}

impl Labels {
    /// Adds a site's own labels to the defaults.
    pub(crate) fn with_extra(mut self, teasers: &[String], further_reading: &[String], credits: &[String]) -> Self {
        let add = |list: &mut Vec<String>, extra: &[String]| {
            for label in extra {
                let label = normalize(label.trim_end_matches([':', ' ', '\u{a0}', '\u{202f}']));
                if !label.is_empty() && !list.contains(&label) {
                    list.push(label);
                }
            }
            // Longest first, so `Also in this issue` wins over `Also`.
            list.sort_by_key(|l| std::cmp::Reverse(l.len()));
        };
        add(&mut self.teasers, teasers);
        add(&mut self.further_reading, further_reading);
        add(&mut self.credits, credits);
        self
    }

    /// `Et aussi: A - B` → `Some("A - B")`.
    pub fn teasers<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.classify(line)
            .and_then(|(label, rest)| (label == Label::Teasers).then_some(rest))
    }

    /// `Pour aller plus loin:` → `Some("")`; a title may follow the colon.
    pub fn further_reading<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.classify(line)
            .and_then(|(label, rest)| (label == Label::FurtherReading).then_some(rest))
    }

    /// `Crédit photos: Flickr` → `Some("Flickr")`.
    pub fn credits<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.classify(line)
            .and_then(|(label, rest)| (label == Label::Credits).then_some(rest))
    }

    /// Which label `line` starts with, if any, and what follows it.
    pub(crate) fn classify<'a>(&self, line: &'a str) -> Option<(Label, &'a str)> {
        let line = line.trim();
        // A label is short or followed by a colon early on: most lines are
        // neither, and are turned away before any copy is made.
        let head_end = line.char_indices().nth(48).map_or(line.len(), |(i, _)| i);
        if head_end < line.len() && !line[..head_end].contains(':') {
            return None;
        }
        // Only the head of the line can be a label: compare a normalised
        // copy of it and map the match back to the original line.
        let head = normalize(&line[..head_end]);
        if let Some(rest) = match_label(&self.teasers, line, &head, true) {
            return Some((Label::Teasers, rest));
        }
        if let Some(rest) = match_label(&self.further_reading, line, &head, false) {
            return Some((Label::FurtherReading, rest));
        }
        match_label(&self.credits, line, &head, true)
            .filter(|rest| !rest.is_empty())
            .map(|rest| (Label::Credits, rest))
    }
}

/// The kinds of label lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Teasers,
    FurtherReading,
    Credits,
}

/// Lowercase, straight apostrophes, single spaces.
fn normalize(label: &str) -> String {
    label
        .to_lowercase()
        .replace(['’', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// When `line` (whose head, normalised, is `normalized_head`) starts with
/// one of `labels` followed by a colon (or, unless `colon_required`,
/// nothing at all), returns what follows, trimmed.
fn match_label<'a>(labels: &[String], line: &'a str, normalized_head: &str, colon_required: bool) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest_norm = normalized_head.strip_prefix(label.as_str())?;
        // How many characters of the original line the label covers.
        let consumed = original_prefix_len(line, label.chars().count())?;
        let rest = &line[consumed..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\t']);
        if let Some(after) = trimmed.strip_prefix(':') {
            return Some(after.trim());
        }
        (!colon_required && rest_norm.trim().is_empty()).then_some("")
    })
}

/// Byte length of the prefix of `line` holding `chars` characters once
/// runs of whitespace are collapsed as `normalize` does.
fn original_prefix_len(line: &str, chars: usize) -> Option<usize> {
    let mut seen = 0;
    let mut previous_space = false;
    for (i, c) in line.char_indices() {
        if seen == chars {
            return Some(i);
        }
        let space = c.is_whitespace();
        if !(space && previous_space) {
            seen += 1;
        }
        previous_space = space;
    }
    (seen == chars).then_some(line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_labels() {
        let labels = Labels::default();
        assert_eq!(labels.teasers("Et aussi: A - B"), Some("A - B"));
        assert_eq!(labels.teasers("Also in this issue: A"), Some("A"));
        assert_eq!(labels.teasers("Et aussi : A"), Some("A"));
        assert_eq!(labels.further_reading("Pour aller plus loin:"), Some(""));
        assert_eq!(labels.further_reading("Further reading"), Some(""));
        assert_eq!(
            labels.credits("Crédit photos: Flickr / Uk Government - Spotify"),
            Some("Flickr / Uk Government - Spotify")
        );
        assert_eq!(labels.credits("Photo credits: Reuters"), Some("Reuters"));
        assert_eq!(labels.credits("Photo : AFP"), Some("AFP"));
        assert_eq!(labels.credits("Image: Google"), Some("Google"));
        assert_eq!(labels.teasers("Au programme : A – B"), Some("A – B"));
        assert_eq!(labels.teasers("In today’s issue: A"), Some("A"));
        assert_eq!(labels.further_reading("Sources :"), Some(""));
        assert_eq!(labels.further_reading("Go deeper:"), Some(""));
    }

    #[test]
    fn a_colon_in_a_sentence_is_not_a_label() {
        let labels = Labels::default();
        assert_eq!(labels.teasers("Daniel Ek le reconnaît: le timing"), None);
        assert_eq!(labels.credits("Creditsuisse: rien"), None);
        assert_eq!(labels.further_reading("Pour aller plus loin encore, il faut"), None);
        assert_eq!(labels.teasers("Also, the company said: yes"), None);
    }

    #[test]
    fn site_labels_are_added() {
        let labels = Labels::default().with_extra(&["Au menu :".into()], &[], &[]);
        assert_eq!(labels.teasers("Au menu: X - Y"), Some("X - Y"));
    }
}
