//! The search index of `serve`'s folder, made again in the background after
//! each rebuild: pages reload without waiting for it, and a burst of
//! rebuilds gives one index of the latest pages. Takes the issue pages the
//! rebuild wrote (URL and file); writes `pagefind/` in the served folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::Duration;

use crate::config::{Config, Lang};
use crate::output::{remove_file, replace_file};
use crate::plan::{Page, PageKind};
use crate::search::{Indexer, BUNDLE_DIR};

/// What to index: the site's language and each issue page's URL (from the
/// site root) and file (in the served folder); `None` when search is off.
pub(crate) type Request = Option<(Lang, Vec<(String, PathBuf)>)>;

/// What to index for the site `pages` plan, served from `output`.
pub(crate) fn request(config: &Config, pages: &[Page], output: &Path) -> Request {
    config.search.then(|| {
        let issues = pages.iter().filter(|p| matches!(p.kind, PageKind::Issue { .. }));
        let issues = issues.map(|p| (p.route.path(), output.join(p.route.file())));
        (config.lang, issues.collect())
    })
}

/// Hands requests to the indexing thread.
pub(crate) struct Refresher {
    requests: Sender<Request>,
}

impl Refresher {
    /// Starts the thread that indexes `output`, the served folder.
    pub(crate) fn start(output: PathBuf) -> Refresher {
        let (requests, queue) = channel();
        std::thread::spawn(move || run(&output, queue));
        Refresher { requests }
    }

    /// Makes the index again from these pages, in the background.
    pub(crate) fn refresh(&self, request: Request) {
        let _ = self.requests.send(request);
    }
}

/// How long the edits must pause before the index is made again: a save
/// is followed by its rebuild and reload first, never by a whole index.
const QUIET: Duration = Duration::from_secs(2);

fn run(output: &Path, queue: Receiver<Request>) {
    lower_priority();
    while let Ok(mut request) = queue.recv() {
        // Only the latest request matters: its pages are the newest.
        while let Ok(newer) = queue.recv_timeout(QUIET) {
            request = newer;
        }
        if let Err(e) = index_folder(output, request) {
            eprintln!("error: the search index was not updated: {e:#}");
        }
    }
}

/// Makes this thread (and the threads it starts) yield the CPUs to the
/// rebuilds: on 2 cores a whole index at 10,000 issues made each reload
/// wait (median 76 → 124 ms).
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: plain system calls on the calling thread.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread.cast_unsigned(), 19);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

fn index_folder(output: &Path, request: Request) -> anyhow::Result<()> {
    let bundle = output.join(BUNDLE_DIR);
    let Some((lang, pages)) = request else {
        if bundle.exists() {
            fs::remove_dir_all(&bundle)?;
        }
        return Ok(());
    };
    let order = pages.iter().map(|(url, _)| url.clone()).collect();
    let indexer = Indexer::start(lang, order)?;
    for (url, file) in pages {
        // A page removed by a newer rebuild is left out: that rebuild's
        // own request follows.
        if let Ok(html) = fs::read_to_string(&file) {
            indexer.add(url, html);
        }
    }
    let files = indexer.finish()?;
    let mut kept = HashSet::new();
    for (rel, bytes) in &files {
        let path = output.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        replace_file(&path, bytes)?;
        kept.insert(path);
    }
    for entry in walkdir::WalkDir::new(&bundle).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() && !kept.contains(entry.path()) {
            remove_file(entry.path())?;
        }
    }
    Ok(())
}
