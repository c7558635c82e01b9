//! The HTTP side of `serve`: files of the output folder with their content
//! types, `/x/` as `/x/index.html`, `/x` redirected to `/x/` (a path no
//! browser reads as a host), `404.html` for unknown paths, no path ever
//! leaving the output folder; the reload script added to each HTML page as
//! it is served (the files are those `build` writes); the Server-Sent
//! Events stream that tells pages to reload; and the connection loop, which closes a connection
//! whose request headers do not arrive in time.
//!
//! Kept by hand rather than tower-http's `ServeDir` (issue 11): every HTML
//! response is rewritten (the reload script spliced before `</body>`), so
//! each file is read whole anyway and ServeDir's streaming, ranges and
//! conditional requests would sit unused behind a body-buffering layer;
//! `/x` → `/x/`, the site's own `404.html` and the traversal guard are
//! ~80 lines here (`resolve`, tested below) against tower-http's `fs`
//! feature and its dependencies (mime_guess, http-range-header,
//! tokio-util) for a preview server that serves one folder kiosque wrote.

use std::convert::Infallible;
use std::future::Future;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

/// What pages are told: the generation of the last good build, and the
/// errors of the current one if it failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Status {
    pub generation: u64,
    pub error: Option<String>,
    pub css_only: bool,
}

pub(crate) struct HttpState {
    pub output: PathBuf,
    /// Markup added before `</body>` of every HTML page served.
    pub inject: String,
    pub status: watch::Receiver<Status>,
    /// Turns true when serve stops: event streams end so the server can.
    pub stopping: watch::Receiver<bool>,
}

pub(crate) const EVENTS_PATH: &str = "/__kiosque/events";

/// How long a client has to send a request's headers, on a new connection
/// or an idle kept-alive one, before the connection is closed.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// What a path segment of a redirect's `Location` keeps encoded.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\');

/// Serves `router` on `listener` until `shutdown` resolves, then waits for
/// open requests to finish. Headers not received within `HEADER_TIMEOUT`
/// close the connection (hyper answers 408).
pub(crate) async fn run(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let Ok((stream, _)) = stream else {
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away, or sends no headers in time, ends
            // only its own connection.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

pub(crate) fn router(state: Arc<HttpState>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(file))
        .with_state(state)
}

async fn events(State(state): State<Arc<HttpState>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // A stream never ends by itself: it is cut when serve stops, or an
    // open tab would keep the server waiting on it.
    let stop = WatchStream::from_changes(state.stopping.clone()).map(|_| None);
    let stream = WatchStream::new(state.status.clone())
        .map(Some)
        .merge(stop)
        .map_while(|status| status)
        .map(|status| {
            let data = serde_json::to_string(&status).unwrap_or_else(|_| "{}".to_string());
            Ok(Event::default().event("status").data(data))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    File(PathBuf),
    /// A folder asked for without its slash.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Maps a request path to a file of `output`, never outside it: `..`,
/// encoded or not, is refused; a symlink leading out is not found.
pub(crate) fn resolve(output: &Path, raw_path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::BadRequest;
    };
    if decoded.contains(['\0', '\\']) || !decoded.starts_with('/') {
        return Resolved::BadRequest;
    }
    let mut rel = PathBuf::new();
    let mut location = String::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::BadRequest,
            name => {
                let name = Path::new(name);
                if name.components().count() != 1 || !matches!(name.components().next(), Some(Component::Normal(_))) {
                    return Resolved::BadRequest;
                }
                rel.push(name);
                location.push('/');
                location.extend(utf8_percent_encode(segment, SEGMENT));
            }
        }
    }
    let mut path = output.join(&rel);
    if path.is_dir() {
        if !decoded.ends_with('/') {
            // Rebuilt from the decoded segments: one leading slash, so
            // `//host` or `/%2F%2Fhost` cannot send the browser elsewhere.
            return Resolved::Redirect(format!("{location}/"));
        }
        path.push("index.html");
    }
    match (path.canonicalize(), output.canonicalize()) {
        (Ok(real), Ok(root)) if real.starts_with(&root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

async fn file(State(state): State<Arc<HttpState>>, uri: Uri) -> Response {
    match resolve(&state.output, uri.path()) {
        Resolved::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => with_type(&state, StatusCode::OK, &path, bytes),
            Err(_) => not_found(&state).await,
        },
        Resolved::Redirect(location) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response(),
        Resolved::NotFound => not_found(&state).await,
        Resolved::BadRequest => (StatusCode::BAD_REQUEST, "bad request path").into_response(),
    }
}

async fn not_found(state: &HttpState) -> Response {
    let page = state.output.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => with_type(state, StatusCode::NOT_FOUND, &page, bytes),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn with_type(state: &HttpState, status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        injected(bytes, &state.inject)
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = kind.parse() {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = "no-store".parse() {
        headers.insert(header::CACHE_CONTROL, value);
    }
    response
}

/// `page` with `inject` before its last `</body>`, or at its end.
pub(crate) fn injected(mut page: Vec<u8>, inject: &str) -> Vec<u8> {
    let at = page.windows(7).rposition(|w| w == b"</body>").unwrap_or(page.len());
    page.splice(at..at, inject.bytes());
    page
}

/// The Content-Type of a file, by its extension.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name == "feed.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        Some("mp3") => "audio/mpeg",
        Some("mp4") => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_output() {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path();
        std::fs::create_dir_all(out.join("issues/x")).expect("mkdir");
        std::fs::write(out.join("issues/x/index.html"), "x").expect("write");
        std::fs::write(out.join("style.css"), "x").expect("write");
        assert!(matches!(resolve(out, "/issues/x/"), Resolved::File(_)));
        assert_eq!(injected(b"<p></body>".to_vec(), "<s>"), b"<p><s></body>");
        assert_eq!(injected(b"<p>".to_vec(), "<s>"), b"<p><s>");
        assert_eq!(resolve(out, "/issues/x"), Resolved::Redirect("/issues/x/".into()));
        assert_eq!(resolve(out, "//issues/x"), Resolved::Redirect("/issues/x/".into()));
        assert_eq!(
            resolve(out, "/%2F%2Fissues/./x"),
            Resolved::Redirect("/issues/x/".into())
        );
        assert_eq!(resolve(out, "/\\issues/x"), Resolved::BadRequest);
        assert!(matches!(resolve(out, "/style.css"), Resolved::File(_)));
        assert_eq!(resolve(out, "/../etc/passwd"), Resolved::BadRequest);
        assert_eq!(resolve(out, "/%2e%2e/%2e%2e/etc/passwd"), Resolved::BadRequest);
        assert_eq!(resolve(out, "/issues/..%2f..%2fsecret"), Resolved::BadRequest);
        assert_eq!(resolve(out, "/a%00b"), Resolved::BadRequest);
        assert_eq!(resolve(out, "/nothing/"), Resolved::NotFound);
        std::os::unix::fs::symlink("/etc", out.join("etc")).expect("symlink");
        assert_eq!(resolve(out, "/etc/passwd"), Resolved::NotFound);
    }
}
