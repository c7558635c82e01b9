//! What each page shows, summed up in one number: two builds whose page
//! has the same fingerprint write the same bytes for it, so `serve`
//! re-renders only the pages whose fingerprint changed. Made of what the
//! plan records each page reads (`plan::Read`), never of what the render
//! stage does. Pure; covers the archive's content only: a change of
//! templates, configuration, companies or tags re-renders everything.

use std::collections::hash_map::DefaultHasher;
use std::hash::{BuildHasher, Hash, Hasher};

use chrono::Datelike;
use rayon::prelude::*;

use crate::archive::{Archive, Term, TermKind};
use crate::model::Issue;
use crate::plan::{Page, Read};

/// The hash of everything an issue is (its text, structure, mentions).
pub(crate) fn issue_hash(issue: &Issue) -> u64 {
    let mut hasher = DefaultHasher::new();
    issue.hash(&mut hasher);
    hasher.finish()
}

/// One fingerprint per page, in the order of `pages`. `issue_hashes[i]`
/// is `issue_hash` of `archive.issues[i]`.
pub(crate) fn fingerprints(archive: &Archive, pages: &[Page], issue_hashes: &[u64], feed_limit: usize) -> Vec<u64> {
    let shared = Shared::new(archive, pages, issue_hashes, feed_limit);
    pages
        .par_iter()
        .map(|page| {
            // The route is the key the fingerprint is filed under: what
            // the page reads is enough here.
            let mut h = mixer();
            for read in &page.reads {
                shared.hash(read, &mut h);
            }
            h.finish()
        })
        .collect()
}

/// What several pages read, hashed once.
struct Shared<'a> {
    archive: &'a Archive,
    issue_hashes: &'a [u64],
    feed_limit: usize,
    /// The archive lists every issue by its title, date and link only.
    lines: u64,
    /// The same, issue by issue (what a related issue shows).
    line_hashes: Vec<u64>,
    /// Each issue's month (year × 12 + month), for the charts.
    months: Vec<u32>,
    urls: u64,
    years: u64,
    /// What a term page shows of its term, by kind (tags, then companies).
    terms: [Vec<u64>; 2],
}

impl<'a> Shared<'a> {
    fn new(archive: &'a Archive, pages: &[Page], issue_hashes: &'a [u64], feed_limit: usize) -> Shared<'a> {
        let mut lines = mixer();
        let mut line_hashes = Vec::with_capacity(archive.issues.len());
        for issue in &archive.issues {
            let line = (&issue.title, &issue.slug, issue.date, issue.lang);
            (line, issue.number, &issue.summary).hash(&mut lines);
            let mut h = mixer();
            line.hash(&mut h);
            line_hashes.push(h.finish());
        }
        let months = archive
            .issues
            .iter()
            .map(|issue| u32::try_from(issue.date.year()).unwrap_or(0) * 12 + issue.date.month0())
            .collect();
        let mut urls = mixer();
        for page in pages.iter().filter(|p| p.route.in_sitemap()) {
            page.route.hash(&mut urls);
            if let crate::plan::PageKind::Issue { issue } = page.kind {
                archive.issues[issue].date.hash(&mut urls);
            }
        }
        let mut years = mixer();
        for year in &archive.years {
            (year.year, year.months.iter().map(|m| m.issues.len()).sum::<usize>()).hash(&mut years);
        }
        let terms = [TermKind::Tag, TermKind::Company].map(|kind| {
            let terms = archive.terms(kind);
            terms.iter().map(|term| hash_term(term, terms)).collect()
        });
        Shared {
            archive,
            issue_hashes,
            feed_limit,
            lines: lines.finish(),
            line_hashes,
            months,
            urls: urls.finish(),
            years: years.finish(),
            terms,
        }
    }

    fn hash(&self, read: &Read, h: &mut Mixer) {
        let hashes = self.issue_hashes;
        match read {
            Read::Pager { page, pages } => (page, pages).hash(h),
            Read::Issues(range) => hashes[range.clone()].hash(h),
            Read::Latest => hashes[..hashes.len().min(self.feed_limit)].hash(h),
            Read::Lines => self.lines.hash(h),
            Read::YearCounts => self.years.hash(h),
            Read::Year(year) => {
                for month in &self.archive.years[*year].months {
                    month.month.hash(h);
                    month.issues.iter().for_each(|&i| hashes[i].hash(h));
                }
            }
            Read::Terms(kind) => {
                for term in self.archive.terms(*kind) {
                    (&term.name, &term.slug, term.entries.len()).hash(h);
                }
            }
            Read::Term(kind, term) => {
                let terms = match kind {
                    TermKind::Tag => &self.terms[0],
                    TermKind::Company => &self.terms[1],
                };
                terms[*term].hash(h);
            }
            Read::Related(issue) => {
                for &j in self.archive.related_issues(*issue) {
                    (j, self.line_hashes[j]).hash(h);
                }
            }
            Read::Chart(kind, term) => {
                // How many entries each month has, which is all the chart
                // shows: runs of the entries' months (entries go by issue,
                // so by date), from a table made once per pass.
                let entries = self.archive.terms(*kind).get(*term).map_or(&[][..], |t| &t.entries[..]);
                let mut run: Option<(u32, usize)> = None;
                for entry in entries {
                    let month = self.months.get(entry.issue).copied().unwrap_or(0);
                    match &mut run {
                        Some((m, count)) if *m == month => *count += 1,
                        _ => {
                            run.hash(h);
                            run = Some((month, 1));
                        }
                    }
                }
                run.hash(h);
            }
            Read::Entries(kind, term, range) => self.entries(*kind, *term, range.clone(), h),
            Read::TermLatest(kind, term) => {
                let t = &self.archive.terms(*kind)[*term];
                (&t.name, &t.slug).hash(h);
                self.entries(*kind, *term, 0..t.entries.len().min(self.feed_limit), h);
            }
            Read::Urls => self.urls.hash(h),
            Read::Part(part) => part.hash(h),
            Read::Parts(parts) => parts.hash(h),
        }
    }

    fn entries(&self, kind: TermKind, term: usize, range: std::ops::Range<usize>, h: &mut Mixer) {
        for entry in &self.archive.terms(kind)[term].entries[range] {
            (self.issue_hashes[entry.issue], entry.story).hash(h);
        }
    }
}

/// What a term page shows of its term: its own fields and counts, and the
/// terms it is related to with theirs.
fn hash_term(term: &Term, terms: &[Term]) -> u64 {
    let mut h = mixer();
    let fields = (&term.name, &term.slug, &term.description, &term.url);
    (fields, term.entries.len(), term.issue_count).hash(&mut h);
    for &(i, count) in &term.related {
        (&terms[i].name, &terms[i].slug, count).hash(&mut h);
    }
    h.finish()
}

/// Combines what a page shows (mostly issue hashes, counts and indexes)
/// into its fingerprint: foldhash's quality hasher (full avalanche, so two
/// different sequences collide only by chance, about one in 2^64), with a
/// fixed seed. Several times faster than SipHash over the ~60,000 pages of
/// a 10,000-issue archive; keyed by nothing an attacker chooses (the
/// fingerprints never leave the process). It replaces a hand-written
/// SplitMix64 mixer.
pub(crate) type Mixer = foldhash::quality::FoldHasher<'static>;

pub(crate) fn mixer() -> Mixer {
    foldhash::quality::FixedState::with_seed(0).build_hasher()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{fingerprints, issue_hash};
    use crate::archive::Archive;
    use crate::render::Renderer;
    use crate::Site;

    /// Every page of `archive` rendered, and its fingerprint.
    fn rendered(site: &Site, archive: &Archive) -> Vec<(Vec<u8>, u64)> {
        let pages = crate::plan::plan(archive, site.config.per_page, site.config.search_bundles());
        let hashes: Vec<u64> = archive.issues.iter().map(|i| issue_hash(i)).collect();
        let prints = fingerprints(archive, &pages, &hashes, site.config.feed_limit);
        let renderer = Renderer::new(&site.config, archive, &site.tera, &pages);
        let bytes = pages.iter().map(|page| {
            if let Some(bytes) = renderer.render(page).expect("renders") {
                bytes
            } else {
                let mut out = Vec::new();
                renderer.render_data(&mut out).expect("renders");
                out
            }
        });
        bytes.zip(prints).collect()
    }

    /// An edit of an issue that keeps its place: the title, and the text
    /// of its first story. Every page whose bytes change (whatever its
    /// kind) must have a new fingerprint, or serve would leave it stale.
    #[test]
    fn every_page_an_edit_changes_has_a_new_fingerprint() {
        let site = crate::prepare(&crate::BuildOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            ..crate::BuildOptions::default()
        })
        .expect("the example site builds");
        let before = rendered(&site, &site.archive);
        let count = site.archive.issues.len();
        for i in [0, count / 2, count - 1] {
            let mut issue = site.archive.issues[i].as_ref().clone();
            issue.title.push_str(" (modifié)");
            if let Some(paragraph) = issue.stories.first_mut().and_then(|s| s.paragraphs.first_mut()) {
                paragraph.text.push_str(" Un mot de plus.");
            }
            let mut archive = site.archive.clone();
            assert!(archive.replace(i, Arc::new(issue)), "issue {i} edited in place");
            let after = rendered(&site, &archive);
            let mut changed = 0;
            for (page, ((old, old_print), (new, new_print))) in before.iter().zip(&after).enumerate() {
                if old != new {
                    changed += 1;
                    assert_ne!(
                        old_print, new_print,
                        "issue {i}: page {page} changed, its fingerprint did not"
                    );
                }
            }
            assert!(changed > 3, "issue {i}: the edit shows on its pages");
        }
    }
}
