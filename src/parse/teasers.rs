//! Links each teaser of the `Et aussi:` line to the story it announces:
//! by the words they share (rare words weigh more), else by position.

use std::collections::{HashMap, HashSet};

use crate::model::{Story, Teaser};

pub fn link_teasers(teasers: Vec<String>, stories: &[Story]) -> Vec<Teaser> {
    let story_words: Vec<(HashSet<String>, HashSet<String>)> = stories
        .iter()
        .map(|s| {
            let body: HashSet<String> = s.paragraphs.iter().flat_map(|p| words(&p.text)).collect();
            (words(&s.headline).collect(), body)
        })
        .collect();
    // How many stories use a word: a word in every story says nothing.
    let mut document_frequency: HashMap<&str, usize> = HashMap::new();
    for (headline, body) in &story_words {
        for word in headline.union(body) {
            *document_frequency.entry(word.as_str()).or_default() += 1;
        }
    }
    let n = stories.len() as f64;
    let score = |teaser: &str, story: usize| -> f64 {
        let (headline, body) = &story_words[story];
        words(teaser)
            .collect::<HashSet<_>>()
            .iter()
            .map(|w| {
                let df = document_frequency.get(w.as_str()).copied().unwrap_or(0) as f64;
                let weight = (1.0 + n / df.max(1.0)).ln();
                weight * (2.0 * f64::from(u8::from(headline.contains(w))) + f64::from(u8::from(body.contains(w))))
            })
            .sum()
    };
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (t, teaser) in teasers.iter().enumerate() {
        for s in 0..stories.len() {
            let value = score(teaser, s);
            if value > 0.0 {
                pairs.push((value, t, s));
            }
        }
    }
    // Best pairs first; ties go to the earlier teaser and story.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut linked: Vec<Option<usize>> = vec![None; teasers.len()];
    let mut taken = vec![false; stories.len()];
    for (_, t, s) in pairs {
        if linked[t].is_none() && !taken[s] {
            linked[t] = Some(s);
            taken[s] = true;
        }
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

/// Lowercase ASCII words of four letters or more.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 || w.chars().any(|c| c.is_uppercase()))
        .map(|w| deunicode::deunicode(w).to_lowercase())
        .filter(|w| w.len() >= 2)
}
