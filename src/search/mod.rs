//! The search stage: the Pagefind index of the issue pages, made with
//! Pagefind's own Rust API from the HTML the render stage produced (issues
//! only, never the list pages). Takes `(url, html)` pairs as pages are
//! rendered; gives the files of the `pagefind/` bundle, for the output
//! stage to write.

pub(crate) mod refresh;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Lang;
use crate::plan::{Page, PageKind};

/// The folder of the output the bundle is written to.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

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

/// The URLs of the issue pages of `pages`, in the plan's order: the pages
/// the index holds, in the order it takes them.
pub(crate) fn issue_urls(pages: &[Page]) -> Vec<String> {
    pages
        .iter()
        .filter(|p| matches!(p.kind, PageKind::Issue { .. }))
        .map(|p| p.route.path())
        .collect()
}

/// One file of the bundle: its path in the output (`pagefind/…`), its bytes.
pub(crate) type BundleFile = (PathBuf, Vec<u8>);

/// An index being made on a thread of its own while the pages render.
pub(crate) struct Indexer {
    pages: SyncSender<(String, String)>,
    thread: JoinHandle<anyhow::Result<Vec<BundleFile>>>,
}

impl Indexer {
    /// Starts an empty index of the pages at `order` (URLs), indexed in
    /// that order whatever order they are added in: Pagefind numbers pages
    /// as they come, and the same site must give the same index.
    ///
    /// Every page is indexed in `lang`, the site's language: Pagefind keeps
    /// one index per language and a search page searches only its own, so
    /// an issue indexed in another language would never be found from
    /// `/search/`.
    pub(crate) fn start(lang: Lang, order: Vec<String>) -> anyhow::Result<Indexer> {
        let (pages, queue) = sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("kiosque-search".into())
            .spawn(move || index(lang, order, queue))
            .context("failed to start the search indexer")?;
        Ok(Indexer { pages, thread })
    }

    /// Adds a rendered issue page, `url` from the site root (`/issues/x/`).
    /// A page sent after the indexer failed is dropped: `finish` reports why.
    pub(crate) fn add(&self, url: String, html: String) {
        let _ = self.pages.send((url, html));
    }

    /// Waits for every page to be indexed and returns the bundle's files.
    pub(crate) fn finish(self) -> anyhow::Result<Vec<BundleFile>> {
        drop(self.pages);
        self.thread
            .join()
            .map_err(|_| anyhow!("the search indexer stopped unexpectedly"))?
    }
}

async fn add(index: &mut PagefindIndex, url: String, html: String) -> anyhow::Result<()> {
    index
        .add_html_file(None, Some(url.clone()), html)
        .await
        .with_context(|| format!("failed to index `{url}` for search"))?;
    Ok(())
}

/// The indexer's thread: a current-thread tokio runtime is all Pagefind's
/// async API needs (it parses in `spawn_blocking` and builds with rayon).
fn index(lang: Lang, order: Vec<String>, queue: Receiver<(String, String)>) -> anyhow::Result<Vec<BundleFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("failed to start the search indexer")?;
    runtime.block_on(async move {
        let options = PagefindServiceConfig::builder()
            .force_language(lang.code().to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).context("failed to set up Pagefind")?;
        // Pages that came before their turn wait here (a few: they are
        // rendered in about the order given).
        let mut early: HashMap<String, String> = HashMap::new();
        let mut next = order.into_iter().peekable();
        while let Ok((url, html)) = queue.recv() {
            early.insert(url, html);
            while let Some(url) = next.next_if(|url| early.contains_key(url)) {
                if let Some(html) = early.remove(&url) {
                    add(&mut index, url, html).await?;
                }
            }
        }
        for url in next {
            if let Some(html) = early.remove(&url) {
                add(&mut index, url, html).await?;
            }
        }
        let files = index.get_files().await.context("failed to build the search index")?;
        Ok(files
            .into_iter()
            .filter(|f| !UNUSED.iter().any(|name| f.filename == PathBuf::from(name)))
            .map(|f| (PathBuf::from(BUNDLE_DIR).join(f.filename), f.contents))
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn page(title: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"fr\"><body><article data-pagefind-body><h1>{title}</h1><p>{title} et Mistral</p></article></body></html>")
    }

    fn bundle(urls: &[&str]) -> Vec<BundleFile> {
        let order = vec![
            "/issues/a/".to_string(),
            "/issues/b/".to_string(),
            "/issues/c/".to_string(),
        ];
        let indexer = Indexer::start(Lang::Fr, order).unwrap();
        for url in urls {
            indexer.add(url.to_string(), page(url));
        }
        indexer.finish().unwrap()
    }

    #[test]
    fn the_index_does_not_depend_on_the_order_pages_come_in() {
        let one = bundle(&["/issues/a/", "/issues/b/", "/issues/c/"]);
        let other = bundle(&["/issues/c/", "/issues/a/", "/issues/b/"]);
        assert!(one
            .iter()
            .any(|(path, _)| path == Path::new("pagefind/pagefind-entry.json")));
        assert_eq!(one, other);
    }
}
