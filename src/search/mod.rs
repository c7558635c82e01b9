//! The search stage: the Pagefind index of the issue pages, made with
//! Pagefind's own Rust API from the HTML the render stage produced (issues
//! only, never the list pages), in bundles of a few hundred issues each
//! (`pagefind/1/`, `pagefind/2/`…) that the search page merges. Takes
//! `(url, html)` pairs as pages are rendered; hands each bundle's files to
//! the output stage as soon as it is made.

pub(crate) mod refresh;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

use anyhow::{anyhow, Context};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Lang;
use crate::plan::{Page, PageKind};

/// The folder of the output the bundles are written in.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// How many issues a bundle holds by default (`search_bundle` in
/// site.toml). Pagefind holds every page of an index in memory while it
/// makes it, about 0.5 MB an issue page here (5.6 GB for one index of
/// 10,000 issues; it runs out of memory above about 30,000 pages): two
/// bundles of 500 issues made at a time keep that near 0.5 GB whatever
/// the size of the archive (peak RSS of a 10,000-issue build, before: 5.6 GB in
/// one index; two bundles at a time: 1.25 GB in bundles of 1,000, 0.87 GB
/// in bundles of 500).
pub(crate) const BUNDLE_ISSUES: usize = 500;

/// Pages waiting for the indexer: enough to keep it busy, few enough that
/// a large archive's pages are never all held in memory at once.
const QUEUE: usize = 64;

/// Files of Pagefind's bundle the theme does not use (its other UIs, the
/// highlighting script).
const UNUSED: [&str; 5] = [
    "pagefind-highlight.js",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
];

/// One bundle of the index: the issues of one stretch of the archive.
///
/// The archive is cut into bundles from its oldest issue, `size` issues
/// each, so a new issue changes the last bundle only. The first bundle
/// (`pagefind/1/`) also holds Pagefind's scripts and UI, which the search
/// page loads; it merges the other bundles into its results (Pagefind's
/// `mergeIndex`: they share its scripts, which only read their data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bundle {
    /// Its number, from 1 for the oldest issues.
    pub(crate) number: usize,
    /// The URLs of its issue pages, in the plan's order.
    pub(crate) urls: Vec<String>,
}

impl Bundle {
    /// Its folder in the output.
    pub(crate) fn dir(&self) -> PathBuf {
        bundle_dir(self.number)
    }
}

/// The folder of bundle `number` in the output.
pub(crate) fn bundle_dir(number: usize) -> PathBuf {
    PathBuf::from(BUNDLE_DIR).join(number.to_string())
}

/// How many bundles an archive of `issues` issues has (one when empty:
/// the search page needs its scripts).
pub(crate) fn bundle_count(issues: usize, size: usize) -> usize {
    issues.div_ceil(size.max(1)).max(1)
}

/// The bundles of the issue pages of `pages`, `size` issues each, in the
/// order their pages come in the plan (newest first).
pub(crate) fn bundles(pages: &[Page], size: usize) -> Vec<Bundle> {
    let issues: Vec<(usize, String)> = pages
        .iter()
        .filter_map(|p| match p.kind {
            PageKind::Issue { issue } => Some((issue, p.route.path())),
            _ => None,
        })
        .collect();
    // `issue` counts from the newest: the oldest is the last.
    let count = issues.len();
    let mut bundles: Vec<Bundle> = Vec::new();
    for (issue, url) in issues {
        let number = (count - 1 - issue.min(count - 1)) / size.max(1) + 1;
        match bundles.last_mut() {
            Some(bundle) if bundle.number == number => bundle.urls.push(url),
            _ => bundles.push(Bundle {
                number,
                urls: vec![url],
            }),
        }
    }
    if bundles.is_empty() {
        bundles.push(Bundle {
            number: 1,
            urls: Vec::new(),
        });
    }
    bundles
}

/// Where the indexer puts each file of a bundle as soon as the bundle is
/// made: its path in the output (`pagefind/…`) and bytes; says whether the
/// file changed.
pub(crate) type Sink<'a> = &'a (dyn Fn(&Path, &[u8]) -> anyhow::Result<bool> + Sync);

/// What the indexer wrote: the size of each file, how many changed.
#[derive(Debug, Default)]
pub(crate) struct Made {
    pub(crate) sizes: Vec<u64>,
    pub(crate) changed: usize,
}

/// How many bundles are made at once: two, so that one is made from its
/// pages while the other's files are built, on two cores; never more, for
/// each holds its pages in memory.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

/// An index being made on threads of its own while the pages render.
pub(crate) struct Indexer<'scope> {
    /// The worker making each page's bundle, by URL.
    owners: HashMap<String, usize>,
    queues: Vec<SyncSender<(String, String)>>,
    threads: Vec<ScopedJoinHandle<'scope, anyhow::Result<Made>>>,
}

impl<'scope> Indexer<'scope> {
    /// Starts making `bundles`, handed in turn to the workers, each taking
    /// its bundles in order and the pages of each in the order of its
    /// URLs, whatever order they are added in: Pagefind numbers pages as
    /// they come, and the same site must give the same index. A bundle's
    /// files go to `sink` as soon as it is made. Send the pages in about
    /// the order given: a worker waits for its bundle's pages in turn.
    ///
    /// Every page is indexed in `lang`, the site's language: Pagefind keeps
    /// one index per language and a search page searches only its own, so
    /// an issue indexed in another language would never be found from
    /// `/search/`.
    pub(crate) fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        lang: Lang,
        bundles: Vec<Bundle>,
        sink: Sink<'scope>,
    ) -> anyhow::Result<Indexer<'scope>> {
        let count = workers().min(bundles.len()).max(1);
        let mut owners = HashMap::new();
        let mut shares: Vec<Vec<Bundle>> = (0..count).map(|_| Vec::new()).collect();
        for (i, bundle) in bundles.into_iter().enumerate() {
            for url in &bundle.urls {
                owners.insert(url.clone(), i % count);
            }
            shares[i % count].push(bundle);
        }
        let mut queues = Vec::new();
        let mut threads = Vec::new();
        for (worker, share) in shares.into_iter().enumerate() {
            let (pages, queue) = sync_channel(QUEUE);
            let thread = std::thread::Builder::new()
                .name(format!("kiosque-search-{worker}"))
                .spawn_scoped(scope, move || index(lang, share, queue, sink))
                .context("failed to start the search indexer")?;
            queues.push(pages);
            threads.push(thread);
        }
        Ok(Indexer {
            owners,
            queues,
            threads,
        })
    }

    /// Adds a rendered issue page, `url` from the site root (`/issues/x/`).
    /// A page of no bundle, or sent after the indexer failed, is dropped:
    /// `finish` reports why.
    pub(crate) fn add(&self, url: String, html: String) {
        if let Some(queue) = self.owners.get(&url).and_then(|&w| self.queues.get(w)) {
            let _ = queue.send((url, html));
        }
    }

    /// Waits for every bundle to be made and written.
    pub(crate) fn finish(self) -> anyhow::Result<Made> {
        drop(self.queues);
        let mut made = Made::default();
        for thread in self.threads {
            let one = thread
                .join()
                .map_err(|_| anyhow!("the search indexer stopped unexpectedly"))??;
            made.sizes.extend(one.sizes);
            made.changed += one.changed;
        }
        Ok(made)
    }
}

/// The pages sent to a worker, taken in the order it needs them.
struct Arrivals {
    queue: Receiver<(String, String)>,
    /// Pages that came before their turn.
    early: HashMap<String, String>,
}

impl Arrivals {
    /// The page at `url`, once it comes; `None` if it never does.
    fn take(&mut self, url: &str) -> Option<String> {
        loop {
            if let Some(html) = self.early.remove(url) {
                return Some(html);
            }
            let (came, html) = self.queue.recv().ok()?;
            self.early.insert(came, html);
        }
    }
}

/// A worker: a current-thread tokio runtime is all Pagefind's async API
/// needs (it parses in `spawn_blocking` and builds with rayon).
fn index(lang: Lang, bundles: Vec<Bundle>, queue: Receiver<(String, String)>, sink: Sink<'_>) -> anyhow::Result<Made> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("failed to start the search indexer")?;
    let mut arrivals = Arrivals {
        queue,
        early: HashMap::new(),
    };
    let mut made = Made::default();
    for bundle in bundles {
        for (path, bytes) in runtime.block_on(index_bundle(lang, &bundle, &mut arrivals))? {
            made.changed += usize::from(sink(&path, &bytes)?);
            made.sizes.push(bytes.len() as u64);
        }
    }
    Ok(made)
}

/// Makes one bundle: its pages are held by Pagefind until its files are
/// made, then dropped.
async fn index_bundle(lang: Lang, bundle: &Bundle, arrivals: &mut Arrivals) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let options = PagefindServiceConfig::builder()
        .force_language(lang.code().to_string())
        .build();
    let mut index = PagefindIndex::new(Some(options)).context("failed to set up Pagefind")?;
    for url in &bundle.urls {
        if let Some(html) = arrivals.take(url) {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .with_context(|| format!("failed to index `{url}` for search"))?;
        }
    }
    let files = index.get_files().await.context("failed to build the search index")?;
    let dir = bundle.dir();
    let scripts = bundle.number == 1;
    Ok(files
        .into_iter()
        .filter(|f| keep(&f.filename, scripts))
        .map(|f| (dir.join(f.filename), f.contents))
        .collect())
}

/// Whether a file of a bundle is written: the first bundle's scripts,
/// UI and WebAssembly serve every bundle, which keep only their data.
fn keep(file: &Path, scripts: bool) -> bool {
    if UNUSED.iter().any(|name| file == Path::new(name)) {
        return false;
    }
    let data = file.starts_with("index")
        || file.starts_with("fragment")
        || file.starts_with("filter")
        || file == Path::new("pagefind-entry.json")
        || file.extension().is_some_and(|e| e == "pf_meta");
    scripts || data
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"fr\"><body><article data-pagefind-body><h1>{title}</h1><p>{title} et Mistral</p></article></body></html>")
    }

    fn urls(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| format!("/issues/{n}/")).collect()
    }

    type Files = Vec<(PathBuf, Vec<u8>)>;

    /// The files of `bundles` made from the pages `sent`, in that order,
    /// sorted by path.
    fn index(bundles: Vec<Bundle>, sent: &[&str]) -> Files {
        let files = std::sync::Mutex::new(Vec::new());
        let sink = |path: &Path, bytes: &[u8]| {
            files.lock().unwrap().push((path.to_path_buf(), bytes.to_vec()));
            Ok(true)
        };
        std::thread::scope(|scope| {
            let indexer = Indexer::start(scope, Lang::Fr, bundles, &sink).unwrap();
            for url in urls(sent) {
                let html = page(&url);
                indexer.add(url, html);
            }
            let made = indexer.finish().unwrap();
            assert_eq!(made.sizes.len(), made.changed);
        });
        let mut files = files.into_inner().unwrap();
        files.sort();
        files
    }

    fn names(files: &Files) -> Vec<String> {
        files.iter().map(|(p, _)| p.display().to_string()).collect()
    }

    #[test]
    fn the_index_does_not_depend_on_the_order_pages_come_in() {
        let bundles = || {
            vec![
                Bundle {
                    number: 2,
                    urls: urls(&["d", "c"]),
                },
                Bundle {
                    number: 1,
                    urls: urls(&["b", "a"]),
                },
            ]
        };
        let one = index(bundles(), &["d", "c", "b", "a"]);
        let other = index(bundles(), &["a", "c", "b", "d"]);
        assert_eq!(one, other);
    }

    #[test]
    fn the_first_bundle_alone_has_the_scripts_and_each_has_its_data() {
        let bundles = vec![
            Bundle {
                number: 2,
                urls: urls(&["b"]),
            },
            Bundle {
                number: 1,
                urls: urls(&["a"]),
            },
        ];
        let files = names(&index(bundles, &["b", "a"]));
        for dir in ["pagefind/1", "pagefind/2"] {
            assert!(files.contains(&format!("{dir}/pagefind-entry.json")), "{files:?}");
            assert!(
                files.iter().any(|f| f.starts_with(&format!("{dir}/fragment/"))),
                "{files:?}"
            );
        }
        for script in [
            "pagefind.js",
            "pagefind-ui.js",
            "pagefind-worker.js",
            "wasm.fr.pagefind",
        ] {
            assert!(files.contains(&format!("pagefind/1/{script}")), "{files:?}");
            assert!(!files.contains(&format!("pagefind/2/{script}")), "{files:?}");
        }
    }

    #[test]
    fn bundles_are_cut_from_the_oldest_issue() {
        use crate::plan::{Page, Read};
        use crate::routes::Route;
        let pages: Vec<Page> = (0..5)
            .map(|issue| Page {
                route: Route::Issue {
                    slug: format!("n{}", 5 - issue),
                },
                kind: PageKind::Issue { issue },
                reads: Vec::<Read>::new(),
            })
            .collect();
        let got = bundles(&pages, 2);
        let want = [(3, vec!["n5"]), (2, vec!["n4", "n3"]), (1, vec!["n2", "n1"])];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (bundle, (number, slugs)) in got.iter().zip(want) {
            assert_eq!(bundle.number, number);
            assert_eq!(bundle.urls, urls(&slugs));
        }
        assert_eq!(bundle_count(5, 2), 3);
        assert_eq!(bundle_count(0, 2), 1);
    }
}
