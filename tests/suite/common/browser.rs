//! Headless Chromium for the browser tests, driven over the DevTools
//! protocol, and a small static
//! file server for a built site, at the root or under a sub-path.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// Headless, no sandbox (CI runs as root in a container), nothing that
/// reaches the network, DevTools on any free port.
pub const CHROMIUM_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --remote-debugging-port=0 about:blank";

/// A child process that is stopped when dropped, also when an assertion
/// fails: SIGTERM first (both programs clean up then), SIGKILL after 5 s.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = env::var_os("KIOSQUE_CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let default = PathBuf::from("/usr/bin/chromium");
    if default.is_file() {
        return Some(default);
    }
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join("chromium"))
        .find(|path| path.is_file())
}

/// Calls `probe` every 100 ms until it gives a value; panics after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

/// Starts headless Chromium with the profile `profile`; returns it and its
/// DevTools port.
pub fn start_chromium(binary: &Path, profile: &Path) -> (Running, u16) {
    let log = fs::File::create(profile.with_extension("log")).expect("create chromium's log");
    let child = Command::new(binary)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(CHROMIUM_FLAGS.split_whitespace())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start chromium");
    let mut browser = Running(child);
    let port = wait_for("Chromium's DevToolsActivePort", Duration::from_secs(20), || {
        if let Ok(Some(status)) = browser.0.try_wait() {
            let log = fs::read_to_string(profile.with_extension("log")).unwrap_or_default();
            panic!("chromium exited early ({status}):\n{log}");
        }
        // The whole first line is there once the second one has begun.
        let text = fs::read_to_string(profile.join("DevToolsActivePort")).ok()?;
        let (first, _) = text.split_once('\n')?;
        first.trim().parse().ok()
    });
    (browser, port)
}

/// The body of a 200 answer to `GET path` on loopback, or None. Chromium
/// keeps the connection open: the body is read to its Content-Length.
pub fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let ok = line.starts_with("HTTP/1.1 200");
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        match line.trim_end().split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => length = value.trim().parse().ok()?,
            Some(_) => {}
            None => break,
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    ok.then(|| String::from_utf8(body).ok())?
}

/// A DevTools protocol session with one page.
pub struct Cdp {
    socket: WebSocket<TcpStream>,
    last_id: u64,
}

impl Cdp {
    pub fn connect(url: &str) -> Cdp {
        let host = url.strip_prefix("ws://").and_then(|rest| rest.split('/').next());
        let stream = TcpStream::connect(host.expect("a ws:// URL")).expect("connect to the page's DevTools socket");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("set a read timeout");
        let (socket, _) = tungstenite::client(url, stream).expect("WebSocket handshake with Chromium");
        Cdp { socket, last_id: 0 }
    }

    /// Sends a command and waits for its reply (events are skipped): the
    /// result, or the protocol's error.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.last_id += 1;
        let id = self.last_id;
        let command = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(command.to_string()))
            .expect("send to Chromium");
        loop {
            let Message::Text(text) = self.socket.read().expect("read from Chromium") else {
                continue;
            };
            let mut reply: Value = serde_json::from_str(text.as_str()).expect("Chromium sends JSON");
            if reply["id"] == id {
                return match reply.get_mut("error") {
                    Some(error) => Err(error.take()),
                    None => Ok(reply["result"].take()),
                };
            }
        }
    }

    /// The value of `expression` in the page, or None while it cannot be
    /// evaluated (the page is reloading) or throws.
    pub fn eval(&mut self, expression: &str) -> Option<Value> {
        let params = json!({ "expression": expression, "returnByValue": true });
        let mut result = self.call("Runtime.evaluate", params).ok()?;
        result
            .get("exceptionDetails")
            .is_none()
            .then(|| result["result"]["value"].take())
    }
}

/// Chromium, or None when it is not installed and the browser is not
/// required (`KIOSQUE_REQUIRE_BROWSER`, as CI sets): the test is skipped.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        let required = env::var_os("KIOSQUE_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty());
        assert!(!required, "chromium not found, and KIOSQUE_REQUIRE_BROWSER is set");
        println!("chromium not found: skipping {test}");
    }
    found
}

/// Opens a DevTools session on Chromium's first page.
pub fn open_page(port: u16) -> Cdp {
    let socket_url = wait_for("a page target in /json/list", Duration::from_secs(10), || {
        let targets: Value = serde_json::from_str(&http_get(port, "/json/list")?).ok()?;
        let page = targets.as_array()?.iter().find(|t| t["type"] == "page")?;
        Some(page["webSocketDebuggerUrl"].as_str()?.to_string())
    });
    let mut page = Cdp::connect(&socket_url);
    page.call("Page.enable", json!({})).expect("enable the Page domain");
    page
}

/// A loopback port, bound: the site is built for its URL, then served on it.
pub fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
    let port = listener.local_addr().expect("its address").port();
    (listener, port)
}

/// Builds the site in `dir` (its site.toml and content/ already written)
/// for `http://127.0.0.1:PORT{prefix}` into `dir/public` and serves it
/// there, as a static host would; returns the site's URL.
pub fn build_and_serve(dir: &Path, prefix: &'static str) -> String {
    let (listener, port) = listener();
    let url = format!("http://127.0.0.1:{port}{prefix}");
    let public = dir.join("public");
    let options = kiosque::BuildOptions {
        root: dir.to_path_buf(),
        output: Some(public.clone()),
        base_url: Some(url.clone()),
        drafts: false,
        force: false,
    };
    if let Err(e) = kiosque::build(&options) {
        panic!("the site does not build: {}", crate::common::error_text(&e));
    }
    serve_folder(listener, public, prefix);
    url
}

/// Serves the folder `dir` under the URL path `prefix` (`/` or `/sub/`) on
/// `listener`, as a static host does: `x/` is `x/index.html`, the query is
/// ignored. Runs until the test ends.
pub fn serve_folder(listener: TcpListener, dir: PathBuf, prefix: &'static str) {
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let dir = dir.clone();
            thread::spawn(move || answer(stream, &dir, prefix));
        }
    });
}

fn answer(stream: TcpStream, dir: &Path, prefix: &str) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(prefix)
        .filter(|rest| !rest.split('/').any(|part| part == ".."))
        .map(|rest| {
            let decoded = percent_decode(rest);
            match decoded.is_empty() || decoded.ends_with('/') {
                true => dir.join(decoded).join("index.html"),
                false => dir.join(decoded),
            }
        });
    let mut out = &stream;
    match file.and_then(|f| fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let _ = write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = out.write_all(&body);
        }
        None => {
            let _ = write!(
                out,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(byte) = hex {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
