//! `kiosque check`'s own findings: recurring capitalised names that are not
//! in `companies.toml` yet, so an editor can grow the gazetteer; and issues
//! whose reading looks off (no headline found, a teaser that announces no
//! story), so an editor can see where the format was not understood.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::archive::Archive;
use crate::enrich::gazetteer::Gazetteer;
use crate::model::Issue;
use crate::render::i18n::MONTHS_EN;

/// A name seen in several places, with where it was first seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub count: usize,
    pub seen_in: PathBuf,
}

/// Something in an issue that may not read as its editor meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: PathBuf,
    /// The line of the file it is about, when known.
    pub line: Option<usize>,
    pub message: String,
}

/// The issues whose reading looks off, in file order.
pub fn reading_notes(archive: &Archive) -> Vec<Note> {
    let mut notes = Vec::new();
    for issue in &archive.issues {
        let mut note_at = |line: Option<usize>, message: String| {
            notes.push(Note {
                path: issue.source.clone(),
                line,
                message,
            });
        };
        structure_notes(issue, &mut note_at);
        let mut note = |message: String| note_at(None, message);
        if issue.stories.is_empty() && issue.intro.len() > 1 {
            note(format!(
                "no headline found: its {} paragraphs are all read as the introduction \
                 (a headline is a short line that does not end like a sentence, followed by a paragraph)",
                issue.intro.len()
            ));
        }
        for teaser in issue.teasers.iter().filter(|t| t.story.is_none()) {
            note(format!("the teaser `{}` announces no story of the issue", teaser.text));
        }
        for story in issue.stories.iter().filter(|s| s.paragraphs.is_empty()) {
            note(format!("the story `{}` has no paragraph", story.headline));
        }
    }
    notes.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    notes
}

/// More stories than an issue usually holds.
const MANY_STORIES: usize = 30;
/// Longest text of a story read as one line (that does not end like a
/// sentence: a line of a wrapped paragraph).
const ONE_LINE_CHARS: usize = 100;

/// What the structure of an issue makes doubtful: too many stories, a
/// story of one line, and what the parser was unsure of (an undecided
/// layout, a reference never defined).
fn structure_notes(issue: &Issue, note: &mut dyn FnMut(Option<usize>, String)) {
    if issue.stories.len() > MANY_STORIES {
        note(
            issue.story_lines.get(MANY_STORIES).copied(),
            format!(
                "{} stories, more than {MANY_STORIES}: are some of the headlines lines of text?",
                issue.stories.len()
            ),
        );
    }
    for (i, story) in issue.stories.iter().enumerate() {
        let one_line = match story.paragraphs.as_slice() {
            [p] => {
                p.kind.is_none()
                    && p.text.chars().count() <= ONE_LINE_CHARS
                    && !p.text.trim_end().ends_with(['.', '!', '?', '…', '"', '»', '”', ')'])
            }
            _ => false,
        };
        if one_line && story.further_reading.is_empty() {
            note(
                issue.story_lines.get(i).copied(),
                format!(
                    "the story `{}` is one short line: is its headline a line of text?",
                    story.headline
                ),
            );
        }
    }
    for doubt in &issue.doubts {
        note(Some(doubt.line), doubt.message.clone());
    }
}

/// Capitalised words that open sentences or are common words, in both languages.
const STOPWORDS: &[&str] = &[
    "Le",
    "La",
    "Les",
    "L",
    "Un",
    "Une",
    "Des",
    "Du",
    "De",
    "D",
    "Et",
    "Ou",
    "Mais",
    "Pour",
    "Par",
    "Dans",
    "En",
    "Au",
    "Aux",
    "Ce",
    "Cet",
    "Cette",
    "Ces",
    "Son",
    "Sa",
    "Ses",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Nous",
    "Vous",
    "Selon",
    "Avec",
    "Sans",
    "Sur",
    "Si",
    "Plus",
    "Moins",
    "Après",
    "Avant",
    "Depuis",
    "Pendant",
    "Alors",
    "Comme",
    "Quand",
    "Qui",
    "Que",
    "Quoi",
    "Fin",
    "Début",
    "Mi",
    "À",
    "A",
    "An",
    "The",
    "And",
    "Or",
    "But",
    "For",
    "In",
    "On",
    "At",
    "Of",
    "To",
    "With",
    "By",
    "From",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "They",
    "We",
    "You",
    "I",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Their",
    "His",
    "Her",
    "Our",
    "Yet",
    "So",
    "Not",
    "No",
    "Yes",
    "Also",
    "Still",
    "Even",
    // Days, which English capitalises (months come from i18n).
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Names of up to four capitalised words found at least `min_count` times,
/// most frequent first, known company names and aliases left out.
pub fn candidates(archive: &Archive, gazetteer: &Gazetteer, min_count: usize) -> Vec<Candidate> {
    let known: HashSet<&str> = gazetteer
        .companies
        .iter()
        .flat_map(|c| std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str)))
        .collect();
    // Tag keywords (`IA`, `AI`) are topics, not companies.
    let stop: HashSet<&str> = STOPWORDS
        .iter()
        .copied()
        .chain(MONTHS_EN.iter().copied())
        .chain(
            gazetteer
                .tags
                .iter()
                .flat_map(|t| t.keywords.iter().map(String::as_str)),
        )
        .collect();
    let mut counts: HashMap<String, (usize, PathBuf)> = HashMap::new();
    for issue in &archive.issues {
        let texts = issue
            .stories
            .iter()
            .flat_map(|s| std::iter::once(s.headline.as_str()).chain(s.paragraphs.iter().map(|p| p.text.as_str())));
        for text in texts {
            for name in capitalised_runs(text, &stop) {
                if known.contains(name.as_str()) || known.iter().any(|k| name.contains(k)) {
                    continue;
                }
                counts.entry(name).or_insert_with(|| (0, issue.source.clone())).0 += 1;
            }
        }
    }
    let mut found: Vec<Candidate> = counts
        .into_iter()
        .filter(|(_, (count, _))| *count >= min_count)
        .map(|(name, (count, seen_in))| Candidate { name, count, seen_in })
        .collect();
    found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    found
}

/// Runs of capitalised words (`Daniel Ek`, `Wall Street`), split at
/// stopwords; the word opening a sentence is capitalised anyway, so it is
/// left out.
fn capitalised_runs(text: &str, stop: &HashSet<&str>) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut flush = |run: &mut Vec<&str>| {
        // A lone short word (`US`, `IA`) is too ambiguous to suggest.
        let lone_short = run.len() == 1 && run[0].chars().count() < 3;
        if !run.is_empty() && run.len() <= 4 && !lone_short {
            runs.push(run.join(" "));
        }
        run.clear();
    };
    let mut sentence_start = true;
    for token in text.split(|c: char| c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        // Elision: `d’OpenAI` is `OpenAI`.
        let word = token.rsplit(['’', '\'']).next().unwrap_or(token);
        if word.len() != token.len() {
            flush(&mut run);
        }
        let ends_clause = word.ends_with(|c: char| ",.;:!?)»”".contains(c));
        let ends_sentence = word
            .trim_end_matches(['”', '»', ')', '"'])
            .ends_with(['.', '!', '?', '…']);
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        let capitalised = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2;
        if capitalised && !stop.contains(word) && !sentence_start {
            run.push(word);
        } else {
            flush(&mut run);
        }
        if ends_clause {
            flush(&mut run);
        }
        sentence_start = ends_sentence;
    }
    flush(&mut run);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_capitalised_words() {
        let stop: HashSet<&str> = STOPWORDS.iter().copied().collect();
        assert_eq!(
            capitalised_runs(
                "Pour Daniel Ek, les investisseurs de Wall Street d’OpenAI. Encore Nvidia.",
                &stop
            ),
            ["Daniel Ek", "Wall Street", "OpenAI", "Nvidia"]
        );
    }
}
