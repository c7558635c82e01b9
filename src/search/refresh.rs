//! The search index of `serve`'s folder, made again in the background after
//! each rebuild: pages reload without waiting for it, and a burst of
//! rebuilds gives one index of the latest pages. Takes the issue pages the
//! rebuild wrote (URL and file), bundle by bundle; makes again only the
//! bundles whose pages changed (an edit, a new issue: one bundle) and
//! writes them in `pagefind/` in the served folder.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

use anyhow::anyhow;
use std::time::Duration;

use crate::config::{Config, Lang};
use crate::output::{remove_file, replace_file};
use crate::plan::Page;
use crate::search::{bundle_dir, bundles, Bundle, Indexer, BUNDLE_DIR};

/// One bundle to index: its number and each issue page's URL (from the
/// site root) and file (in the served folder).
pub(crate) struct Part {
    number: usize,
    pages: Vec<(String, PathBuf)>,
}

/// What to index: the site's language and its bundles; `None` when search
/// is off.
pub(crate) type Request = Option<(Lang, Vec<Part>)>;

/// What to index for the site `pages` plan, served from `output`.
pub(crate) fn request(config: &Config, pages: &[Page], output: &Path) -> Request {
    let size = config.search_bundles()?;
    let files: HashMap<String, PathBuf> = pages
        .iter()
        .map(|p| (p.route.path(), output.join(p.route.file())))
        .collect();
    let parts = bundles(pages, size).into_iter().map(|bundle| Part {
        number: bundle.number,
        pages: bundle
            .urls
            .into_iter()
            .filter_map(|url| Some((files.get(&url)?.clone(), url)))
            .map(|(file, url)| (url, file))
            .collect(),
    });
    Some((config.lang, parts.collect()))
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
    // What each bundle in the folder was made of (a hash of its pages).
    let mut made = HashMap::new();
    while let Ok(mut request) = queue.recv() {
        // Only the latest request matters: its pages are the newest.
        while let Ok(newer) = queue.recv_timeout(QUIET) {
            request = newer;
        }
        if let Err(e) = index_folder(output, request, &mut made) {
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

fn index_folder(output: &Path, request: Request, made: &mut HashMap<usize, u64>) -> anyhow::Result<()> {
    let Some((lang, parts)) = request else {
        made.clear();
        let index = output.join(BUNDLE_DIR);
        if index.exists() {
            fs::remove_dir_all(&index)?;
        }
        return Ok(());
    };
    let numbers: Vec<usize> = parts.iter().map(|p| p.number).collect();
    made.retain(|number, _| numbers.contains(number));
    remove_others(output, &numbers)?;
    for part in parts {
        // A page removed by a newer rebuild is left out: that rebuild's
        // own request follows.
        let pages: Vec<(String, String)> = part
            .pages
            .into_iter()
            .filter_map(|(url, file)| Some((url, fs::read_to_string(file).ok()?)))
            .collect();
        let mut hasher = crate::fingerprint::mixer();
        (lang.code(), &pages).hash(&mut hasher);
        let hash = hasher.finish();
        let dir = output.join(bundle_dir(part.number));
        if made.get(&part.number) == Some(&hash) && dir.is_dir() {
            continue;
        }
        write_bundle(output, lang, part.number, pages)?;
        made.insert(part.number, hash);
    }
    Ok(())
}

/// Makes bundle `number` of `pages` and writes it, removing the files it
/// no longer has.
fn write_bundle(output: &Path, lang: Lang, number: usize, pages: Vec<(String, String)>) -> anyhow::Result<()> {
    let urls = pages.iter().map(|(url, _)| url.clone()).collect();
    let kept = Mutex::new(HashSet::new());
    let sink = |rel: &Path, bytes: &[u8]| {
        let path = output.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        replace_file(&path, bytes)?;
        kept.lock()
            .map_err(|_| anyhow!("a search worker stopped"))?
            .insert(path);
        Ok(true)
    };
    std::thread::scope(|scope| {
        let indexer = Indexer::start(scope, lang, vec![Bundle { number, urls }], &sink)?;
        for (url, html) in pages {
            indexer.add(url, html);
        }
        indexer.finish()
    })?;
    let kept = kept.into_inner().map_err(|_| anyhow!("a search worker stopped"))?;
    let dir = output.join(bundle_dir(number));
    for entry in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() && !kept.contains(entry.path()) {
            remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Removes from `pagefind/` whatever is not one of the bundles `numbers`
/// (the bundles of issues deleted since, an index of another layout).
fn remove_others(output: &Path, numbers: &[usize]) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(output.join(BUNDLE_DIR)) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let bundle = entry.file_name().to_str().and_then(|n| n.parse::<usize>().ok());
        if bundle.is_some_and(|n| numbers.contains(&n)) && entry.path().is_dir() {
            continue;
        }
        if entry.path().is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            remove_file(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn page(text: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"fr\"><body><article data-pagefind-body><h1>{text}</h1><p>{text}</p></article></body></html>")
    }

    /// Writes the issue pages `texts` in `folder` and asks for an index of
    /// one issue a bundle (the first text is the newest issue).
    fn request(folder: &Path, texts: &[&str]) -> Request {
        let count = texts.len();
        let parts = texts.iter().enumerate().map(|(i, text)| {
            let file = folder.join(format!("issues/{i}/index.html"));
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, page(text)).unwrap();
            Part {
                number: count - i,
                pages: vec![(format!("/issues/{i}/"), file)],
            }
        });
        Some((Lang::Fr, parts.collect()))
    }

    fn inode(folder: &Path, bundle: usize) -> u64 {
        let entry = folder.join(format!("pagefind/{bundle}/pagefind-entry.json"));
        fs::metadata(entry).unwrap().ino()
    }

    #[test]
    fn only_the_bundles_whose_pages_changed_are_made_again() {
        let folder = tempfile::tempdir().unwrap();
        let folder = folder.path();
        let mut made = HashMap::new();
        index_folder(folder, request(folder, &["Mistral", "Nvidia", "Spotify"]), &mut made).unwrap();
        let before = [1, 2, 3].map(|b| inode(folder, b));
        assert!(folder.join("pagefind/1/pagefind-ui.js").is_file());

        // The newest issue (bundle 3) edited: bundles 1 and 2 are kept.
        index_folder(folder, request(folder, &["Mistral AI", "Nvidia", "Spotify"]), &mut made).unwrap();
        let after = [1, 2, 3].map(|b| inode(folder, b));
        assert_eq!(before[..2], after[..2], "unchanged bundles are not made again");
        assert_ne!(before[2], after[2], "the edited issue's bundle is made again");

        // An issue fewer: its bundle goes, and so does an index of another layout.
        fs::write(folder.join("pagefind/pagefind-entry.json"), "{}").unwrap();
        index_folder(folder, request(folder, &["Nvidia", "Spotify"]), &mut made).unwrap();
        assert!(!folder.join("pagefind/3").exists());
        assert!(!folder.join("pagefind/pagefind-entry.json").exists());
        assert!(folder.join("pagefind/2/pagefind-entry.json").is_file());

        // Search turned off: no index at all.
        index_folder(folder, None, &mut made).unwrap();
        assert!(!folder.join("pagefind").exists());
    }
}
