//! `kiosque serve`: builds the site into a private folder, serves it over
//! HTTP on loopback, watches the sources, rebuilds what changed and tells
//! open pages to reload (Server-Sent Events). The site is served at the
//! root of the local address: links use it as their base URL.

pub(crate) mod http;
mod live;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use tokio::sync::watch;

use crate::error::BuildError;
use crate::pipeline::{DataFiles, Folder, Pipeline};
use crate::BuildOptions;

use http::HttpState;
use live::{Live, Watcher};

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
pub fn serve(options: ServeOptions) -> Result<(), BuildError> {
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

    let site = BuildOptions {
        root: root.clone(),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let pipeline = Pipeline::new(&site, DataFiles::Later)?;
    let (live, status_rx) = Live::start(pipeline, Folder(output.clone()), options.quiet)?;
    let watcher = Watcher::new(&root)?;
    log(format_args!(
        "serving {} at {base_url}/ (Ctrl-C to stop)",
        root.display()
    ));
    if options.open {
        // The platform's opener ($BROWSER, xdg-open, wslview, `open`…), in
        // its own thread: serving starts whether or not a browser comes up.
        let url = format!("{base_url}/");
        std::thread::spawn(move || {
            if let Err(e) = opener::open_browser(&url) {
                log_error(format_args!("could not open a browser: {e}"));
            }
        });
    }
    let rebuilds = std::thread::spawn(move || live.run(watcher));

    let (stopping_tx, stopping_rx) = watch::channel(false);
    let state = Arc::new(HttpState {
        output: output.clone(),
        inject,
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
    if !options.quiet {
        log(format_args!("stopped"));
    }
    Ok(())
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
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to listen on {ip}:{candidate}"))),
        }
    }
    bail!(
        "ports {port} to {} are all taken: pass --port 0 for any free port",
        port.saturating_add(9)
    )
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
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Removes the serve output folder however `serve` ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
