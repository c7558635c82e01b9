//! `kiosque serve`: builds the site into a private folder, serves it over
//! HTTP on loopback, watches the sources, rebuilds what changed and tells
//! open pages to reload (Server-Sent Events). The site is served at the
//! root of the local address: links use it as their base URL.

pub mod http;
pub mod live;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use tokio::sync::watch;

use crate::error::ContentErrors;
use crate::search::refresh::Refresher;

use http::{HttpState, Status};
use live::Live;

/// How long a burst of saves is waited for before rebuilding once.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// How long the edits must pause before the data files (the JSON of every
/// issue, the sitemap), which no page shows, are written.
const DATA_AFTER: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub quiet: bool,
}

/// Runs until Ctrl-C (or SIGTERM), then removes its output folder.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("no site at `{}`", options.root.display()))?;
    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().context("failed to read the server's address")?;
    let base_url = format!("http://{address}");
    let output = std::env::temp_dir().join(format!("kiosque-serve-{}", std::process::id()));
    let _cleanup = RemoveOnDrop(output.clone());
    std::fs::create_dir_all(&output).with_context(|| format!("failed to create `{}`", output.display()))?;
    let inject = format!("<script>{}</script>\n", include_str!("reload.js"));

    let started = Instant::now();
    let mut live = Live::new(&root, &output, &base_url, options.drafts, inject)?;
    let mut first = live.publish(&mut |_| {})?;
    if first.is_ok() {
        if let Err(errors) = live.write_pending(&|| false)? {
            first = Err(errors);
        }
    }
    let search = Refresher::start(output.clone());
    if let (Ok(_), Some(request)) = (&first, live.search_request()) {
        search.refresh(request);
    }
    let mut generation = 1;
    let status = match &first {
        Ok(outcome) => {
            if !options.quiet {
                log(format_args!(
                    "built {} pages in {} ms",
                    outcome.pages_rendered,
                    started.elapsed().as_millis()
                ));
            }
            Status {
                generation,
                ..Status::default()
            }
        }
        Err(errors) => {
            log_error(format_args!("{errors}"));
            Status {
                generation,
                error: Some(errors.to_string()),
                css_only: false,
            }
        }
    };
    let (status_tx, status_rx) = watch::channel(status);

    // Watch the sources; the debouncer's thread sends each burst here.
    // `sent` counts the bursts: a data file being written gives way as
    // soon as one more is sent than the rebuilds have taken.
    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let handler = move |burst: DebounceEventResult| {
        // Files only read (by a build, an editor, a backup) change nothing:
        // such a burst is no edit and must not put off the data files.
        if burst
            .as_ref()
            .is_ok_and(|events| events.iter().all(|e| matches!(e.kind, EventKind::Access(_))))
        {
            return;
        }
        counter.fetch_add(1, Ordering::SeqCst);
        let _ = events_tx.send(burst);
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, handler).context("failed to start watching files")?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| format!("failed to watch `{}`", root.display()))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    watch_folders(&mut debouncer, &root, &mut watched);

    log(format_args!(
        "serving {} at {base_url}/ (Ctrl-C to stop)",
        root.display()
    ));
    if options.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("{base_url}/"))
            .spawn();
    }

    let quiet = options.quiet;
    let rebuilds = std::thread::spawn(move || {
        let mut had_error = first.is_err();
        let mut taken = 0;
        loop {
            // The data files wait for a pause in the edits.
            let burst = if live.has_pending() {
                match events_rx.recv_timeout(DATA_AFTER) {
                    Ok(burst) => burst,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        let started = Instant::now();
                        let result = live.write_pending(&|| sent.load(Ordering::SeqCst) != taken);
                        if let (Ok(Ok(Some(written))), false) = (&result, quiet) {
                            log(format_args!(
                                "data files written in {} ms: {written} changed",
                                started.elapsed().as_millis()
                            ));
                        }
                        if let Some(message) = failure(&result) {
                            had_error = true;
                            report(&status_tx, generation, message);
                        }
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match events_rx.recv() {
                    Ok(burst) => burst,
                    Err(_) => break,
                }
            };
            taken += 1;
            let Ok(events) = burst else { continue };
            let received = Instant::now();
            // When the first change of the burst was seen.
            let changed = events.iter().map(|e| e.time).min().unwrap_or(received);
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
                .collect();
            paths.sort();
            paths.dedup();
            if paths.iter().any(|p| p.components().count() == 1) {
                watch_folders(&mut debouncer, &root, &mut watched);
            }
            if paths.iter().all(|p| live::classify(p).is_none()) {
                continue;
            }
            // Pages are told to reload as soon as they are all written.
            let mut announced = None;
            let mut announce = |outcome: &live::Outcome| {
                announced = Some(Instant::now());
                if outcome.files_written > 0 || had_error {
                    generation += 1;
                    let _ = status_tx.send(Status {
                        generation,
                        error: None,
                        css_only: outcome.css_only && !had_error,
                    });
                }
            };
            let result = live.apply(&paths, &mut announce);
            if let Some(message) = failure(&result) {
                had_error = true;
                report(&status_tx, generation, message);
            }
            if let Ok(Ok(outcome)) = result {
                had_error = false;
                // In the background: the reload has gone out already.
                if let Some(request) = live.search_request() {
                    search.refresh(request);
                }
                if !quiet {
                    let stages: Vec<String> = outcome
                        .timings
                        .0
                        .iter()
                        .map(|(stage, time)| format!("{stage} {}", time.as_millis()))
                        .collect();
                    let announced = announced.unwrap_or_else(Instant::now);
                    log(format_args!(
                        "rebuilt in {} ms, reload sent {} ms after the change: {} pages rendered, {} files written ({} ms)",
                        announced.duration_since(received).as_millis(),
                        announced.duration_since(changed).as_millis(),
                        outcome.pages_rendered,
                        outcome.files_written,
                        stages.join(", ")
                    ));
                }
            }
        }
    });

    let (stopping_tx, stopping_rx) = watch::channel(false);
    let state = Arc::new(HttpState {
        output: output.clone(),
        status: status_rx,
        stopping: stopping_rx,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("failed to start the server")?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .context("failed to configure the socket")?;
        let listener = tokio::net::TcpListener::from_std(listener).context("failed to configure the socket")?;
        http::run(listener, http::router(state), async move {
            shutdown().await;
            let _ = stopping_tx.send(true);
        })
        .await;
        anyhow::Ok(())
    })?;
    runtime.shutdown_timeout(Duration::from_millis(200));
    drop(rebuilds);
    if !quiet {
        log(format_args!("stopped"));
    }
    Ok(())
}

/// Why a rebuild (or a write of the data files) failed, if it did.
fn failure<T>(result: &anyhow::Result<Result<T, ContentErrors>>) -> Option<String> {
    match result {
        Ok(Ok(_)) => None,
        Ok(Err(errors)) => Some(errors.to_string()),
        Err(e) => Some(format!("error: {e:#}")),
    }
}

/// Prints why a rebuild failed and shows it over the open pages, which
/// keep the last good site.
fn report(status: &watch::Sender<Status>, generation: u64, message: String) {
    log_error(format_args!("{message}"));
    let _ = status.send(Status {
        generation,
        error: Some(message),
        css_only: false,
    });
}

/// Prints a line of the log. When no one reads it any more (`kiosque serve
/// | head`), the line is dropped and serve goes on: `println!` would panic
/// (and take the rebuilds with it).
fn log(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// `log` on stderr, for errors.
fn log_error(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The port asked for, else the next free one of the ten after it; with
/// port 0, any free port.
fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    if port == 0 {
        return TcpListener::bind(SocketAddr::new(ip, 0)).context("failed to open a port");
    }
    for candidate in port..port.saturating_add(10) {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                if candidate != port {
                    log_error(format_args!("port {port} is taken: using {candidate}"));
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to listen on {ip}:{candidate}"))),
        }
    }
    bail!(
        "ports {port} to {} are all taken: pass --port 0 for any free port",
        port.saturating_add(9)
    )
}

/// Watches content/, templates/ and static/ (recursively) once they exist.
fn watch_folders<W: notify_debouncer_full::notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) {
    for folder in ["content", "templates", "static"] {
        let path = root.join(folder);
        if path.is_dir() && !watched.contains(&path) && debouncer.watch(&path, RecursiveMode::Recursive).is_ok() {
            watched.push(path);
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Removes the serve output folder however `serve` ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
