//! `kiosque serve`'s live reload, end to end in a real browser: serves a
//! small site, opens an issue's page in headless Chromium (driven over the
//! DevTools protocol), edits the issue's source and checks that the open
//! page reloads by itself and shows the new text.
//!
//! Needs Chromium: `KIOSQUE_CHROMIUM` if set, else `/usr/bin/chromium`, else
//! `chromium` on PATH. Without it the test is skipped, unless
//! `KIOSQUE_REQUIRE_BROWSER` is set (as CI does), where it fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const SITE: &str = "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n";
const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";

/// Headless, no sandbox (CI runs as root in a container), nothing that
/// reaches the network, DevTools on any free port.
const CHROMIUM_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --remote-debugging-port=0 about:blank";

/// Notes when the page's live-reload EventSource has had its first status
/// event (its listeners run in order, so the page's own has run too): only
/// then is an edit sure to be seen as a change. Observes, changes nothing.
const LIVE_PROBE: &str = "(() => { const Native = window.EventSource; \
    window.EventSource = class extends Native { constructor(...args) { super(...args); \
    this.addEventListener('status', () => { window.__kiosqueLive = true; }); } }; })();";

/// A child process that is stopped when dropped, also when an assertion
/// fails: SIGTERM first (both programs clean up then), SIGKILL after 5 s.
struct Running(Child);

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

fn chromium() -> Option<PathBuf> {
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
fn wait_for<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
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

/// Starts `kiosque serve` on `root`; returns it and the URL it serves at.
fn start_serve(root: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start kiosque serve");
    let stdout = child.stdout.take().expect("serve's stdout is piped");
    let serve = Running(child);
    // Reads to the end, not just to the URL: serve prints on every rebuild,
    // and printing to a closed pipe would fail.
    let (lines, received) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("serve: {line}");
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = received
            .recv_timeout(left)
            .expect("kiosque serve printed no `serving ... at URL` line within 30 s");
        if let (true, Some(at)) = (line.starts_with("serving "), line.find("http://")) {
            let url = line[at..].split_whitespace().next().unwrap_or_default();
            return (serve, url.to_string());
        }
    }
}

/// Starts headless Chromium with the profile `profile`; returns it and its
/// DevTools port.
fn start_chromium(binary: &Path, profile: &Path) -> (Running, u16) {
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
fn http_get(port: u16, path: &str) -> Option<String> {
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
struct Cdp {
    socket: WebSocket<TcpStream>,
    last_id: u64,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
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
    fn call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
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
    fn eval(&mut self, expression: &str) -> Option<Value> {
        let params = json!({ "expression": expression, "returnByValue": true });
        let mut result = self.call("Runtime.evaluate", params).ok()?;
        result
            .get("exceptionDetails")
            .is_none()
            .then(|| result["result"]["value"].take())
    }
}

#[test]
fn an_open_page_reloads_itself_when_its_issue_changes() {
    let Some(chromium) = chromium() else {
        let required = env::var_os("KIOSQUE_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty());
        assert!(
            !required,
            "chromium not found, and KIOSQUE_REQUIRE_BROWSER is set: install it (apt-get install chromium)"
        );
        println!("chromium not found: skipping the browser test");
        return;
    };
    let started = Instant::now();
    let site = tempfile::tempdir().expect("temp dir for the site");
    fs::write(site.path().join("site.toml"), SITE).expect("write site.toml");
    fs::create_dir_all(site.path().join("content/issues")).expect("create content/issues");
    let issue = site.path().join("content/issues/2024-01-02-x.txt");
    fs::write(&issue, ISSUE).expect("write the issue");
    let browser_dir = tempfile::tempdir().expect("temp dir for chromium");

    let (_serve, url) = start_serve(site.path());
    let (_chromium, port) = start_chromium(&chromium, &browser_dir.path().join("profile"));
    println!("serving at {url}, DevTools on port {port} ({:?})", started.elapsed());

    let socket_url = wait_for("a page target in /json/list", Duration::from_secs(10), || {
        let targets: Value = serde_json::from_str(&http_get(port, "/json/list")?).ok()?;
        let page = targets.as_array()?.iter().find(|t| t["type"] == "page")?;
        Some(page["webSocketDebuggerUrl"].as_str()?.to_string())
    });
    let mut page = Cdp::connect(&socket_url);
    page.call("Page.enable", json!({})).expect("enable the Page domain");
    page.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": LIVE_PROBE }))
        .expect("add the live-reload probe");
    page.call("Page.navigate", json!({ "url": format!("{url}issues/x/") }))
        .expect("navigate to the issue");
    wait_for("the issue's page", Duration::from_secs(15), || {
        let text = page.eval("document.body && document.body.innerText")?;
        text.as_str()?.contains("Premier sujet du jour").then_some(())
    });
    wait_for("the page's live-reload connection", Duration::from_secs(10), || {
        (page.eval("window.__kiosqueLive === true")? == true).then_some(())
    });
    assert_eq!(
        page.eval("window.__kiosqueMarker = 42"),
        Some(json!(42)),
        "set the marker"
    );
    println!("page loaded, marker set ({:?})", started.elapsed());

    fs::write(&issue, ISSUE.replace("Premier sujet du jour", "Un sujet tout neuf")).expect("edit the issue");
    let edited = Instant::now();
    let probe = r#"JSON.stringify([document.body ? document.body.innerText.includes("Un sujet tout neuf") : false, window.__kiosqueMarker === 42])"#;
    let (mut new_text, mut marker) = (false, true);
    while (!new_text || marker) && edited.elapsed() < Duration::from_secs(15) {
        thread::sleep(Duration::from_millis(100));
        let state = page.eval(probe).and_then(|v| serde_json::from_str(v.as_str()?).ok());
        (new_text, marker) = state.unwrap_or((new_text, marker));
    }
    println!(
        "after the edit: new text {new_text}, marker {marker} ({:?})",
        edited.elapsed()
    );
    assert!(
        new_text,
        "the page never showed the edited text (marker still set: {marker})"
    );
    assert!(
        !marker,
        "the page shows the new text but did not reload by itself: the marker is still set"
    );
}
