//! Links each teaser of the `Et aussi:` line to the story it announces:
//! by the words they share (words found in fewer stories weigh more),
//! else by position.

use crate::model::{Story, Teaser};

pub fn link_teasers(teasers: Vec<String>, stories: &[Story]) -> Vec<Teaser> {
    if teasers.is_empty() {
        return Vec::new();
    }
    // The words of each teaser, and for each story which of all the
    // teasers' words its headline and its body hold.
    let teaser_words: Vec<Vec<String>> = teasers.iter().map(|t| words(t).collect()).collect();
    let mut vocabulary: Vec<&str> = teaser_words.iter().flatten().map(String::as_str).collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let found_in = |text: &str| -> Vec<&str> { vocabulary_in(text, &vocabulary) };
    // Headlines alone usually tell; the opening of each story is read only
    // when they leave a teaser without a story.
    let headlines: Vec<Vec<&str>> = stories.iter().map(|s| found_in(&s.headline)).collect();
    let no_bodies = vec![Vec::new(); stories.len()];
    let mut linked = assign(&teaser_words, &headlines, &no_bodies);
    if linked.iter().any(Option::is_none) {
        // A teaser rewords the headline and the opening of its story.
        let bodies: Vec<Vec<&str>> = stories
            .iter()
            .map(|s| s.paragraphs.iter().take(2).flat_map(|p| found_in(&p.text)).collect())
            .collect();
        linked = assign(&teaser_words, &headlines, &bodies);
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
fn assign(teaser_words: &[Vec<String>], headlines: &[Vec<&str>], bodies: &[Vec<&str>]) -> Vec<Option<usize>> {
    let n = headlines.len() as f64;
    let score = |t: usize, story: usize| -> f64 {
        teaser_words[t]
            .iter()
            .map(|w| {
                let w = w.as_str();
                let df = (0..headlines.len())
                    .filter(|&s| headlines[s].contains(&w) || bodies[s].contains(&w))
                    .count() as f64;
                let weight = (1.0 + n / df.max(1.0)).ln();
                let in_headline = f64::from(u8::from(headlines[story].contains(&w)));
                let in_body = f64::from(u8::from(bodies[story].contains(&w)));
                weight * (2.0 * in_headline + in_body)
            })
            .sum()
    };
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for t in 0..teaser_words.len() {
        for s in 0..headlines.len() {
            let value = score(t, s);
            if value > 0.0 {
                pairs.push((value, t, s));
            }
        }
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
/// them, without allocating for the ASCII words (most of them).
fn vocabulary_in<'v>(text: &str, vocabulary: &[&'v str]) -> Vec<&'v str> {
    let mut found: Vec<&'v str> = Vec::new();
    let mut add = |v: &'v str| {
        if !found.contains(&v) {
            found.push(v);
        }
    };
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 2 {
            continue;
        }
        if w.is_ascii() {
            if let Some(v) = vocabulary
                .iter()
                .find(|v| v.len() == w.len() && v.eq_ignore_ascii_case(w))
            {
                add(v);
            }
        } else {
            let ascii = deunicode::deunicode(w).to_ascii_lowercase();
            if let Some(v) = vocabulary.iter().find(|v| **v == ascii) {
                add(v);
            }
        }
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
