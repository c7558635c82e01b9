//! What each page shows, summed up in one number: two builds whose page
//! has the same fingerprint write the same bytes for it, so `serve`
//! re-renders only the pages whose fingerprint changed. Pure; covers the
//! archive's content only: a change of templates, configuration, companies
//! or tags re-renders everything.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::archive::{Archive, Term, TermKind};
use crate::model::Issue;
use crate::plan::{Page, PageKind};

/// The hash of everything an issue is (its text, structure, mentions).
pub fn issue_hash(issue: &Issue) -> u64 {
    let mut hasher = DefaultHasher::new();
    issue.hash(&mut hasher);
    hasher.finish()
}

/// One fingerprint per page, in the order of `pages`. `issue_hashes[i]`
/// is `issue_hash` of `archive.issues[i]`.
pub fn fingerprints(archive: &Archive, pages: &[Page], issue_hashes: &[u64], feed_limit: usize) -> Vec<u64> {
    let all_issues = hash_of(issue_hashes);
    // The archive lists every issue by its title, date and link only.
    let archive_lines = {
        let mut h = Mixer::default();
        for issue in &archive.issues {
            (
                &issue.title,
                &issue.slug,
                issue.date,
                issue.lang,
                issue.number,
                &issue.summary,
            )
                .hash(&mut h);
        }
        h.finish()
    };
    let sitemap = {
        let mut h = Mixer::default();
        for page in pages.iter().filter(|p| p.route.in_sitemap()) {
            page.route.hash(&mut h);
            if let PageKind::Issue { issue } = page.kind {
                archive.issues[issue].date.hash(&mut h);
            }
        }
        h.finish()
    };
    let years: Vec<(i32, usize)> = archive
        .years
        .iter()
        .map(|y| (y.year, y.months.iter().map(|m| m.issues.len()).sum()))
        .collect();
    // What a term page shows of its term, the same on each of its pages.
    let term_prints: Vec<Vec<u64>> = [TermKind::Tag, TermKind::Company]
        .iter()
        .map(|&kind| {
            let terms = archive.terms(kind);
            terms
                .iter()
                .map(|term| {
                    let mut h = Mixer::default();
                    hash_term(term, terms, &mut h);
                    h.finish()
                })
                .collect()
        })
        .collect();
    pages
        .par_iter()
        .map(|page| {
            // The route is the key the fingerprint is filed under: what
            // the page shows is enough here.
            let mut h = Mixer::default();
            match &page.kind {
                PageKind::Home { pager } => {
                    (pager.page, pager.pages).hash(&mut h);
                    issue_hashes[pager.items.clone()].hash(&mut h);
                }
                PageKind::Issue { issue } => {
                    let i = *issue;
                    issue_hashes[i].hash(&mut h);
                    issue_hashes.get(i + 1).hash(&mut h);
                    i.checked_sub(1).and_then(|j| issue_hashes.get(j)).hash(&mut h);
                }
                PageKind::Archive => archive_lines.hash(&mut h),
                PageKind::Api => all_issues.hash(&mut h),
                PageKind::Year { year } => {
                    years.hash(&mut h);
                    for month in &archive.years[*year].months {
                        month.month.hash(&mut h);
                        for &i in &month.issues {
                            issue_hashes[i].hash(&mut h);
                        }
                    }
                }
                PageKind::TermIndex { kind } => {
                    for term in archive.terms(*kind) {
                        (&term.name, &term.slug, term.entries.len()).hash(&mut h);
                    }
                }
                PageKind::Term { kind, term, pager } => {
                    let prints = match kind {
                        TermKind::Tag => &term_prints[0],
                        TermKind::Company => &term_prints[1],
                    };
                    prints[*term].hash(&mut h);
                    let term = &archive.terms(*kind)[*term];
                    (pager.page, pager.pages).hash(&mut h);
                    hash_entries(term, pager.items.clone(), issue_hashes, &mut h);
                }
                PageKind::Feed => issue_hashes[..issue_hashes.len().min(feed_limit)].hash(&mut h),
                PageKind::TermFeed { kind, term } => {
                    let term = &archive.terms(*kind)[*term];
                    (&term.name, &term.slug).hash(&mut h);
                    hash_entries(term, 0..term.entries.len().min(feed_limit), issue_hashes, &mut h);
                }
                PageKind::Sitemap { part } => (sitemap, part).hash(&mut h),
                PageKind::SitemapIndex { parts } => parts.hash(&mut h),
                PageKind::Robots | PageKind::NotFound | PageKind::Search => {}
            }
            h.finish()
        })
        .collect()
}

/// What a term page shows of its term: its own fields and counts, and the
/// terms it is related to with theirs.
fn hash_term(term: &Term, terms: &[Term], h: &mut Mixer) {
    (
        &term.name,
        &term.slug,
        &term.description,
        &term.url,
        term.entries.len(),
        term.issue_count,
    )
        .hash(h);
    for &(i, count) in &term.related {
        (&terms[i].name, &terms[i].slug, count).hash(h);
    }
}

fn hash_entries(term: &Term, range: std::ops::Range<usize>, issue_hashes: &[u64], h: &mut Mixer) {
    for entry in &term.entries[range] {
        (issue_hashes[entry.issue], entry.story).hash(h);
    }
}

fn hash_of(values: &[u64]) -> u64 {
    let mut h = Mixer::default();
    values.hash(&mut h);
    h.finish()
}

/// Combines what a page shows (mostly issue hashes, counts and indexes)
/// into its fingerprint, a 64-bit word at a time through the SplitMix64
/// finaliser: a bijection with full avalanche, so two different sequences
/// collide only by chance, about one in 2^64. Several times faster than
/// SipHash over the ~60,000 pages of a 10,000-issue archive, and keys
/// nothing an attacker chooses (the fingerprints never leave the process).
#[derive(Default)]
struct Mixer(u64);

impl Mixer {
    fn mix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl Hasher for Mixer {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length of the tail in the top byte: "a" and "a\0" differ.
            self.write_u64(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = Mixer::mix(self.0 ^ i);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}
