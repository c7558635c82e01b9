//! Links each teaser of the `Et aussi:` line to the story it announces:
//! by the words they share (words found in fewer stories weigh more),
//! else by position.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Story, Teaser};

/// A word found in more stories than this does not link a teaser to them:
/// more stories than any newsletter has, so that a teaser is weighed
/// against a bounded number of stories and linking stays linear.
const MAX_STORIES_PER_WORD: usize = 64;

pub(super) fn link_teasers(teasers: Vec<String>, stories: &[Story]) -> Vec<Teaser> {
    if teasers.is_empty() {
        return Vec::new();
    }
    // The words of each teaser as indexes into the vocabulary of all the
    // teasers' words, and for each story which of them it holds.
    let mut vocabulary: HashMap<String, usize> = HashMap::new();
    let teaser_words: Vec<Vec<usize>> = teasers
        .iter()
        .map(|t| {
            words(t)
                .map(|w| {
                    let next = vocabulary.len();
                    *vocabulary.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    let found_in = |text: &str| -> HashSet<usize> { vocabulary_in(text, &vocabulary) };
    // Headlines alone usually tell; the opening of each story is read only
    // when they leave a teaser without a story.
    let headlines: Vec<HashSet<usize>> = stories.iter().map(|s| found_in(&s.headline)).collect();
    let no_bodies = vec![HashSet::new(); stories.len()];
    let mut linked = assign(&teaser_words, vocabulary.len(), &headlines, &no_bodies);
    if linked.iter().any(Option::is_none) {
        // A teaser rewords the headline and the opening of its story.
        let bodies: Vec<HashSet<usize>> = stories
            .iter()
            .map(|s| s.paragraphs.iter().take(2).flat_map(|p| found_in(&p.text)).collect())
            .collect();
        linked = assign(&teaser_words, vocabulary.len(), &headlines, &bodies);
    }
    let mut taken = vec![false; stories.len()];
    for s in linked.iter().flatten() {
        taken[*s] = true;
    }
    // Teasers with no word in common: the usual order, one teaser per story
    // after the first (the lead story is the title's).
    let offset = usize::from(teasers.len() < stories.len());
    for (t, link) in linked.iter_mut().enumerate() {
        let by_position = t + offset;
        if link.is_none() && by_position < stories.len() && !taken[by_position] {
            *link = Some(by_position);
            taken[by_position] = true;
        }
    }
    teasers
        .into_iter()
        .zip(linked)
        .map(|(text, story)| Teaser { text, story })
        .collect()
}

/// Links teasers to stories by shared words, best pairs first: a word
/// found in fewer stories weighs more, a word of the headline twice.
/// `words`: the size of the vocabulary the word indexes point into.
fn assign(
    teaser_words: &[Vec<usize>],
    words: usize,
    headlines: &[HashSet<usize>],
    bodies: &[HashSet<usize>],
) -> Vec<Option<usize>> {
    // The stories holding each word, in story order.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); words];
    for (s, (headline, body)) in headlines.iter().zip(bodies).enumerate() {
        for &w in headline.union(body) {
            holders[w].push(s);
        }
    }
    for list in &mut holders {
        list.sort_unstable();
    }
    let n = headlines.len() as f64;
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (t, teaser) in teaser_words.iter().enumerate() {
        // Summed word by word, in the teaser's order, for each story.
        let mut scores: BTreeMap<usize, f64> = BTreeMap::new();
        for &w in teaser {
            let stories = &holders[w];
            if stories.len() > MAX_STORIES_PER_WORD {
                continue;
            }
            let weight = (1.0 + n / (stories.len() as f64).max(1.0)).ln();
            for &s in stories {
                let in_headline = f64::from(u8::from(headlines[s].contains(&w)));
                let in_body = f64::from(u8::from(bodies[s].contains(&w)));
                *scores.entry(s).or_insert(0.0) += weight * (2.0 * in_headline + in_body);
            }
        }
        pairs.extend(scores.into_iter().filter(|&(_, v)| v > 0.0).map(|(s, v)| (v, t, s)));
    }
    // Best pairs first; ties go to the earlier teaser and story.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut linked: Vec<Option<usize>> = vec![None; teaser_words.len()];
    let mut taken = vec![false; headlines.len()];
    for (_, t, s) in pairs {
        if linked[t].is_none() && !taken[s] {
            linked[t] = Some(s);
            taken[s] = true;
        }
    }
    linked
}

/// The words of `vocabulary` found in `text`, compared as `words` makes
/// them, without allocating for the ASCII lowercase words (most of them).
fn vocabulary_in(text: &str, vocabulary: &HashMap<String, usize>) -> HashSet<usize> {
    let mut found = HashSet::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 2 {
            continue;
        }
        let index = if w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            vocabulary.get(w)
        } else if w.is_ascii() {
            vocabulary.get(&w.to_ascii_lowercase())
        } else {
            vocabulary.get(&deunicode::deunicode(w).to_ascii_lowercase())
        };
        found.extend(index.copied());
    }
    found
}

/// Lowercase ASCII forms of the words of four letters or more, and of
/// capitalised shorter ones (`IA`, `X`).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 || w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| {
            if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                deunicode::deunicode(w).to_ascii_lowercase()
            }
        })
        .filter(|w| w.len() >= 2)
}
