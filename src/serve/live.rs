//! What `serve` keeps alive between edits: the watcher of the sources,
//! the pipeline with what it keeps from run to run, and the channel that
//! tells open pages to reload. Each burst of changes runs the pipeline
//! again into the served folder; the data files wait for a pause, and the
//! search index is made again in the background once pages are told.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};
use tokio::sync::watch;

use super::http::Status;
use super::{log, log_error};
use crate::error::BuildError;
use crate::pipeline::{self, Folder, Outcome, Pending, Pipeline};
use crate::search::refresh::{self, Refresher};

/// How long a burst of saves is waited for before rebuilding once.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// How long the edits must pause before the data files (the JSON of every
/// issue, the sitemap), which no page shows, are written.
const DATA_AFTER: Duration = Duration::from_millis(500);

/// The site as served, kept up to date with its sources.
pub(super) struct Live {
    pipeline: Pipeline,
    folder: Folder,
    /// Makes the search index of the folder again, in the background.
    search: Refresher,
    status: watch::Sender<Status>,
    generation: u64,
    had_error: bool,
    quiet: bool,
}

impl Live {
    /// Builds the site into `folder` a first time; the status it gives
    /// pages is read from the receiver.
    pub(super) fn start(
        pipeline: Pipeline,
        folder: Folder,
        quiet: bool,
    ) -> Result<(Live, watch::Receiver<Status>), BuildError> {
        let started = Instant::now();
        let (status, receiver) = watch::channel(Status {
            generation: 1,
            ..Status::default()
        });
        let search = Refresher::start(folder.0.clone());
        let mut live = Live {
            pipeline,
            folder,
            search,
            status,
            generation: 1,
            had_error: false,
            quiet,
        };
        let first = live.pipeline.run(&live.folder, &crate::Silent);
        let first = first.and_then(|outcome| {
            live.pipeline.write_pending(&live.folder, &|| false)?;
            Ok(outcome)
        });
        if first.is_ok() {
            live.refresh_search();
        }
        match first {
            Ok(outcome) if !quiet => log(format_args!(
                "built {} pages in {} ms",
                outcome.pages_rendered,
                started.elapsed().as_millis()
            )),
            Ok(_) => {}
            Err(BuildError::Io(e)) => return Err(BuildError::Io(e)),
            Err(errors) => live.failed(errors.to_string()),
        }
        Ok((live, receiver))
    }

    /// Rebuilds on each burst of changes the watcher sends, until it stops.
    pub(super) fn run(mut self, mut watcher: Watcher) {
        let mut taken = 0;
        loop {
            // The data files wait for a pause in the edits.
            let burst = if self.pipeline.has_pending() {
                match watcher.bursts.recv_timeout(DATA_AFTER) {
                    Ok(burst) => burst,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        self.write_data(&|| watcher.sent.load(Ordering::SeqCst) != taken);
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match watcher.bursts.recv() {
                    Ok(burst) => burst,
                    Err(_) => break,
                }
            };
            taken += 1;
            if let Ok(events) = burst {
                let paths = watcher.changed(&events);
                if paths.iter().any(|p| pipeline::classify(p).is_some()) {
                    self.rebuild(&events, &paths);
                }
            }
        }
    }

    /// Writes the data files, giving way as soon as `cancelled` says so.
    fn write_data(&mut self, cancelled: &dyn Fn() -> bool) {
        let started = Instant::now();
        match self.pipeline.write_pending(&self.folder, cancelled) {
            Ok(Pending::Written(written)) if !self.quiet => log(format_args!(
                "data files written in {} ms: {written} changed",
                started.elapsed().as_millis()
            )),
            Ok(_) => {}
            Err(error) => self.failed(error.to_string()),
        }
    }

    /// Runs the pipeline on the changed `paths`; pages are told to reload
    /// as soon as they are all written.
    fn rebuild(&mut self, events: &[DebouncedEvent], paths: &[PathBuf]) {
        let received = Instant::now();
        // When the first change of the burst was seen.
        let changed = events.iter().map(|e| e.time).min().unwrap_or(received);
        let outcome = match self.pipeline.apply(paths, &self.folder) {
            Ok(outcome) => outcome,
            Err(error) => return self.failed(error.to_string()),
        };
        let announced = Instant::now();
        if outcome.files_written > 0 || self.had_error {
            self.generation += 1;
            let _ = self.status.send(Status {
                generation: self.generation,
                error: None,
                css_only: outcome.css_only && !self.had_error,
            });
        }
        if outcome.files_written > 0 {
            // In the background: the reload has gone out already.
            self.refresh_search();
        }
        self.had_error = false;
        if !self.quiet {
            log_rebuild(
                &outcome,
                announced.duration_since(received),
                announced.duration_since(changed),
            );
        }
    }

    /// Makes the search index of the site as now written again, in the
    /// background (removes it when search is off).
    fn refresh_search(&self) {
        let pages = self.pipeline.pages();
        self.search
            .refresh(refresh::request(self.pipeline.config(), pages, &self.folder.0));
    }

    /// Prints why a run failed and shows it over the open pages, which
    /// keep the last good site.
    fn failed(&mut self, message: String) {
        log_error(format_args!("{message}"));
        self.had_error = true;
        let _ = self.status.send(Status {
            generation: self.generation,
            error: Some(message),
            css_only: false,
        });
    }
}

fn log_rebuild(outcome: &Outcome, rebuilt: Duration, since_change: Duration) {
    let stages: Vec<String> = outcome
        .timings
        .0
        .iter()
        .map(|(stage, time)| format!("{stage} {}", time.as_millis()))
        .collect();
    log(format_args!(
        "rebuilt in {} ms, reload sent {} ms after the change: {} pages rendered, {} files written ({} ms)",
        rebuilt.as_millis(),
        since_change.as_millis(),
        outcome.pages_rendered,
        outcome.files_written,
        stages.join(", ")
    ));
}

/// The watcher of the site's sources: each burst of changes comes on
/// `bursts`, and `sent` counts them, so that a data file being written
/// gives way as soon as one more is sent than the rebuilds have taken.
pub(super) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
    bursts: mpsc::Receiver<DebounceEventResult>,
    sent: Arc<AtomicUsize>,
}

impl Watcher {
    pub(super) fn new(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, bursts) = mpsc::channel::<DebounceEventResult>();
        let sent = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&sent);
        let handler = move |burst: DebounceEventResult| {
            // Files only read (by a build, an editor, a backup) change
            // nothing: such a burst is no edit and must not put off the
            // data files.
            if burst.as_ref().is_ok_and(|events| events.iter().all(is_access)) {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = tx.send(burst);
        };
        let mut debouncer = new_debouncer(DEBOUNCE, None, handler).context("failed to start watching files")?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("failed to watch `{}`", root.display()))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
            bursts,
            sent,
        };
        watcher.watch_folders();
        Ok(watcher)
    }

    /// The paths a burst changed, relative to the root; the folders of the
    /// site watched again when one at the top was made or removed.
    fn changed(&mut self, events: &[DebouncedEvent]) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !is_access(e))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .collect();
        paths.sort();
        paths.dedup();
        if paths.iter().any(|p| p.components().count() == 1) {
            self.watch_folders();
        }
        paths
    }

    /// Watches content/, templates/ and static/ (recursively) once they exist.
    fn watch_folders(&mut self) {
        for folder in ["content", "templates", "static"] {
            let path = self.root.join(folder);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.debouncer.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(path);
            }
        }
    }
}

fn is_access(event: &DebouncedEvent) -> bool {
    matches!(event.kind, EventKind::Access(_))
}
