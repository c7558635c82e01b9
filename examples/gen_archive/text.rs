//! One issue of filler: stories, paragraphs and sentences built from
//! `words`, with companies (Zipf by rank) and tag keywords (Zipf by tag)
//! inserted, and every one of them recorded for the Hugo front matter.

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate};

use crate::names::{Company, TAGS};
use crate::rng::{Rng, Zipf};
use crate::words::{
    COMPANY_FRAMES, COMPANY_SUBJECTS, COMPLEMENTS, CONJUNCTIONS, FURTHER, HEADLINES, INTRANSITIVE, KEYWORD_FRAMES,
    LEADS, OBJECTS, OPENERS, PHOTO_AGENCIES, SUBJECTS, TITLES, VERBS,
};

pub(crate) struct Issue {
    pub date: NaiveDate,
    pub slug: String,
    pub title: String,
    pub stories: Vec<Story>,
    pub credits: String,
    /// Indexes into the companies and into `TAGS`, in order of first use.
    pub companies: Vec<usize>,
    pub tags: Vec<usize>,
}

pub(crate) struct Story {
    pub headline: String,
    pub paragraphs: Vec<Paragraph>,
    pub further: Vec<(String, Option<String>)>,
}

pub(crate) struct Paragraph {
    pub lead: Option<String>,
    pub text: String,
}

/// What the issues are drawn from.
pub(crate) struct Corpus<'a> {
    pub companies: &'a [Company],
    company_rank: Zipf,
    tag_rank: Zipf,
    pub seed: u64,
    pub first_day: NaiveDate,
}

impl<'a> Corpus<'a> {
    pub(crate) fn new(companies: &'a [Company], seed: u64) -> Corpus<'a> {
        Corpus {
            companies,
            company_rank: Zipf::new(companies.len(), 1.0),
            tag_rank: Zipf::new(TAGS.len(), 1.0),
            seed,
            first_day: NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date"),
        }
    }

    /// Issue `index` (0-based): one a day from 1990-01-01.
    pub(crate) fn issue(&self, index: usize) -> Issue {
        let mut w = Writer {
            corpus: self,
            rng: Rng::derive(self.seed, index as u64),
            companies: Vec::new(),
            tags: Vec::new(),
        };
        let number = index + 1;
        let date = self.first_day + chrono::Days::new(index as u64);
        let story_count = w.rng.range(3, 4);
        let mut stories = Vec::with_capacity(story_count);
        let mut first_company = 0;
        for s in 0..story_count {
            let main = w.company();
            if s == 0 {
                first_company = main;
            }
            let headline = w.fill(HEADLINES, Some(main));
            let count = w.rng.range(3, 6);
            let mut leads: Vec<&str> = Vec::new();
            let mut paragraphs = Vec::with_capacity(count);
            for p in 0..count {
                let lead = (p > 0).then(|| loop {
                    let lead = w.rng.pick(LEADS);
                    if !leads.contains(&lead) {
                        leads.push(lead);
                        break lead.to_string();
                    }
                });
                let text = w.paragraph((p == 0).then_some(main));
                paragraphs.push(Paragraph { lead, text });
            }
            let further = (0..2)
                .map(|j| {
                    let title = w.fill(FURTHER, None);
                    let url = w.rng.chance(0.4).then(|| {
                        format!(
                            "https://example.org/{}/{:02}/article-{number:05}-{s}{j}",
                            date.year(),
                            date.month()
                        )
                    });
                    (title, url)
                })
                .collect();
            stories.push(Story {
                headline,
                paragraphs,
                further,
            });
        }
        let title = w.fill(TITLES, Some(first_company));
        let agencies = w.rng.range(1, 3);
        let mut credits = w.rng.pick(PHOTO_AGENCIES).to_string();
        for i in 1..agencies {
            credits.push_str(if i == 1 { " / " } else { " - " });
            credits.push_str(w.rng.pick(PHOTO_AGENCIES));
        }
        Issue {
            date,
            slug: format!("issue-{number:05}"),
            title,
            stories,
            credits,
            companies: w.companies,
            tags: w.tags,
        }
    }
}

enum Insert {
    Company(usize),
    Keyword(&'static str),
}

struct Writer<'c, 'a> {
    corpus: &'c Corpus<'a>,
    rng: Rng,
    companies: Vec<usize>,
    tags: Vec<usize>,
}

impl Writer<'_, '_> {
    fn company(&mut self) -> usize {
        let c = self.corpus.company_rank.sample(&mut self.rng);
        if !self.companies.contains(&c) {
            self.companies.push(c);
        }
        c
    }

    /// The name as written: the alias a quarter of the time.
    fn name(&mut self, c: usize) -> String {
        let company = &self.corpus.companies[c];
        match company.aliases.first() {
            Some(alias) if self.rng.chance(0.25) => alias.clone(),
            _ => company.name.clone(),
        }
    }

    fn keyword(&mut self) -> &'static str {
        let t = self.corpus.tag_rank.sample(&mut self.rng);
        if !self.tags.contains(&t) {
            self.tags.push(t);
        }
        self.rng.pick(TAGS[t].1)
    }

    /// One of `templates` (headlines, titles…) filled in about company
    /// `main`, or about one drawn now if the template names one.
    fn fill(&mut self, templates: &[&str], main: Option<usize>) -> String {
        let mut out = self.rng.pick(templates).to_string();
        let c = match main {
            Some(c) => c,
            None if out.contains("c}") => self.company(),
            None => usize::MAX,
        };
        for (key, elide) in [("c2", false), ("de_c2", true)] {
            if out.contains(&format!("{{{key}}}")) {
                let other = loop {
                    let other = self.company();
                    if other != c {
                        break other;
                    }
                };
                let name = self.name(other);
                out = out.replace(&format!("{{{key}}}"), &if elide { de(&name) } else { name });
            }
        }
        if out.contains("{c}") {
            let name = self.name(c);
            out = out.replace("{c}", &name);
        }
        if out.contains("{de_c}") {
            let name = self.name(c);
            out = out.replace("{de_c}", &de(&name));
        }
        if out.contains("{k}") {
            let k = self.keyword();
            out = out.replace("{k}", k);
        }
        if out.contains("{de_k}") {
            let k = self.keyword();
            out = out.replace("{de_k}", &de(k));
        }
        if out.contains("{n}") {
            out = out.replace("{n}", &self.rng.range(5, 900).to_string());
        }
        out
    }

    /// 80–120 words with 1–4 company mentions (`must` among them) and 0–2 keywords.
    fn paragraph(&mut self, must: Option<usize>) -> String {
        let target = self.rng.range(80, 110);
        let mut inserts: Vec<Insert> = Vec::new();
        for i in 0..self.rng.range(1, 4) {
            let c = match must {
                Some(c) if i == 0 => c,
                _ => self.company(),
            };
            inserts.push(Insert::Company(c));
        }
        let keywords = match self.rng.float() {
            x if x < 0.3 => 0,
            x if x < 0.8 => 1,
            _ => 2,
        };
        for _ in 0..keywords {
            inserts.push(Insert::Keyword(self.keyword()));
        }
        for i in (1..inserts.len()).rev() {
            inserts.swap(i, self.rng.range(0, i));
        }
        let mut inserts = VecDeque::from(inserts);
        let mut sentences: Vec<String> = Vec::new();
        let mut words = 0;
        while words < target || !inserts.is_empty() {
            let remaining = target.saturating_sub(words);
            let last = remaining <= 25;
            let len = if last {
                remaining.max(8)
            } else {
                self.rng.range(8, 25.min(remaining - 8))
            };
            let take = if last {
                inserts.len()
            } else {
                let sentences_left = remaining.div_ceil(16);
                (inserts.len() + self.rng.range(0, sentences_left - 1)) / sentences_left
            };
            let these: Vec<Insert> = inserts.drain(..take.min(inserts.len())).collect();
            let sentence = self.sentence(len, these);
            words += word_count(&sentence);
            sentences.push(sentence);
        }
        sentences.join(" ")
    }

    /// A sentence of about `target` words holding `inserts`.
    fn sentence(&mut self, target: usize, inserts: Vec<Insert>) -> String {
        let mut inserts = VecDeque::from(inserts);
        let mut parts: Vec<String> = Vec::new();
        if target >= 14 && self.rng.chance(0.25) {
            parts.push(self.rng.pick(OPENERS).to_string());
        }
        let subject = match inserts.front() {
            Some(Insert::Company(c)) if self.rng.chance(0.6) => {
                let c = *c;
                inserts.pop_front();
                let name = self.name(c);
                self.rng
                    .pick(COMPANY_SUBJECTS)
                    .replace("{de}", &de(&name))
                    .replace("{}", &name)
            }
            _ => self.rng.pick(SUBJECTS).to_string(),
        };
        parts.push(subject);
        if self.rng.chance(0.15) {
            parts.push(self.rng.pick(INTRANSITIVE).to_string());
        } else {
            parts.push(format!("{} {}", self.rng.pick(VERBS), self.rng.pick(OBJECTS)));
        }
        let mut words: usize = parts.iter().map(|p| word_count(p)).sum();
        while let Some(insert) = inserts.pop_front() {
            let chunk = match insert {
                Insert::Company(c) => {
                    let name = self.name(c);
                    self.rng
                        .pick(COMPANY_FRAMES)
                        .replace("{de}", &de(&name))
                        .replace("{}", &name)
                }
                Insert::Keyword(k) => self.rng.pick(KEYWORD_FRAMES).replace("{de}", &de(k)),
            };
            words += word_count(&chunk);
            self.push(&mut parts, chunk);
        }
        let (mut clause, mut amount) = (false, false);
        while words < target {
            let left = target - words;
            let chunk = if left >= 7 && !clause && self.rng.chance(0.15) {
                clause = true;
                let conj = self.rng.pick(CONJUNCTIONS);
                let subject = self.rng.pick(SUBJECTS);
                let verb = self.rng.pick(VERBS);
                let object = self.rng.pick(OBJECTS);
                match conj.strip_suffix("que") {
                    Some(head) if starts_with_vowel(subject) => format!("{head}qu’{subject} {verb} {object}"),
                    _ => format!("{conj} {subject} {verb} {object}"),
                }
            } else if left >= 4 && !amount && self.rng.chance(0.1) {
                amount = true;
                format!("pour {} millions d’euros", self.rng.range(2, 900))
            } else {
                let len = if left <= COMPLEMENTS.len() {
                    left
                } else {
                    self.rng.range(1, COMPLEMENTS.len())
                };
                // A complement not yet in the sentence (a few tries).
                let mut chunk = self.rng.pick(COMPLEMENTS[len - 1]);
                for _ in 0..4 {
                    if !parts.iter().any(|p| p.trim_end_matches(',') == chunk) {
                        break;
                    }
                    chunk = self.rng.pick(COMPLEMENTS[len - 1]);
                }
                chunk.to_string()
            };
            words += word_count(&chunk);
            self.push(&mut parts, chunk);
        }
        let mut sentence = capitalise(&parts.join(" "));
        sentence.push('.');
        sentence
    }
}

impl Writer<'_, '_> {
    /// Appends a complement, after a comma one time in five.
    fn push(&mut self, parts: &mut Vec<String>, chunk: String) {
        if self.rng.chance(0.2) {
            if let Some(last) = parts.last_mut().filter(|l| !l.ends_with(',')) {
                last.push(',');
            }
        }
        parts.push(chunk);
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| "aeiouyhéèêàâîôûAEIOUYHÉÈÊÀÂÎÔÛ".contains(c))
}

/// `de X`, or `d’X` before a vowel.
pub(crate) fn de(s: &str) -> String {
    if starts_with_vowel(s) {
        format!("d’{s}")
    } else {
        format!("de {s}")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
