//! A `kiosque serve` process for tests: started on a free port, its output
//! lines read as they come, stopped (SIGTERM) when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Served {
    child: Child,
    /// serve's temp folder (`TMPDIR`): it makes its output folder there.
    tmp: tempfile::TempDir,
    lines: Receiver<String>,
    /// Set: stdout is closed after the next line read from it.
    deaf: Arc<AtomicBool>,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub address: String,
}

impl Served {
    pub fn start(root: &Path) -> Served {
        let tmp = tempfile::tempdir().expect("a temp folder for serve");
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kiosque serve");
        let (tx, lines) = channel();
        let deaf = Arc::new(AtomicBool::new(false));
        for (stream, deaf) in [
            (
                Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
                Arc::clone(&deaf),
            ),
            (Box::new(child.stderr.take().expect("stderr")), Arc::default()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if deaf.load(Ordering::SeqCst) {
                        break;
                    }
                    let _ = tx.send(line);
                }
            });
        }
        let mut served = Served {
            child,
            tmp,
            lines,
            deaf,
            url: String::new(),
            address: String::new(),
        };
        let line = served.wait_for_line(|l| l.starts_with("serving "), Duration::from_secs(30));
        let url = line
            .split(" at ")
            .nth(1)
            .and_then(|r| r.split('/').nth(2))
            .expect("address in the serving line");
        served.address = url.to_string();
        served.url = format!("http://{url}");
        served
    }

    /// The folder `serve` writes the site into: the one folder it made in
    /// its temp folder, whatever its name.
    pub fn output(&self) -> PathBuf {
        let entries = std::fs::read_dir(self.tmp.path()).expect("serve's temp folder");
        let mut folders: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(
            folders.len(),
            1,
            "one output folder in serve's temp folder: {folders:?}"
        );
        folders.remove(0)
    }

    /// Sends SIGTERM and waits up to `timeout` for serve to exit; true if it did.
    pub fn stop(&mut self, timeout: Duration) -> bool {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Stops reading serve's stdout: it is closed after the next line, as
    /// when the reader of a pipe goes away (`kiosque serve | head -3`).
    pub fn close_stdout(&self) {
        self.deaf.store(true, Ordering::SeqCst);
    }

    /// The output lines received and not read yet.
    pub fn lines_left(&mut self) -> Vec<String> {
        self.lines.try_iter().collect()
    }

    /// Polls `path` until its text satisfies `want`; false if it did not
    /// within `timeout`.
    pub fn wait_for_page(&self, path: &str, want: impl Fn(&str) -> bool, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if want(&self.text(path)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Waits for an output line matching `want`; panics with the lines seen.
    pub fn wait_for_line(&mut self, want: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if want(&line) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no such line from serve within {timeout:?}; saw:\n{}", seen.join("\n"));
    }

    /// Waits for the rebuild that follows a change of the sources.
    pub fn wait_for_rebuild(&mut self) -> String {
        self.wait_for_line(
            |l| l.starts_with("rebuilt in") || l.starts_with("error"),
            Duration::from_secs(20),
        )
    }

    /// Waits for the end of the rebuild that follows a change: the line
    /// that reports it built, or every line of its errors (up to the
    /// closing `N errors`).
    pub fn wait_for_outcome(&mut self) -> Result<String, String> {
        let summary = |l: &str| {
            l.split_once(' ')
                .is_some_and(|(n, rest)| n.parse::<usize>().is_ok() && (rest == "error" || rest == "errors"))
        };
        let line = self.wait_for_line(
            |l| l.starts_with("rebuilt in") || l.starts_with("error"),
            Duration::from_secs(20),
        );
        if line.starts_with("rebuilt in") {
            return Ok(line);
        }
        let mut lines = vec![line];
        while !summary(&lines[lines.len() - 1]) {
            lines.push(self.wait_for_line(|_| true, Duration::from_secs(20)));
        }
        Err(lines.join("\n"))
    }

    /// GET `path`: (status, headers, body).
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .expect("request");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("response");
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
        let mut body = response[split + 4..].to_vec();
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            body = dechunk(&body);
        }
        (status, head, body)
    }

    pub fn text(&self, path: &str) -> String {
        String::from_utf8_lossy(&self.get(path).2).into_owned()
    }

    /// Opens the reload event stream; read events with `next_event`.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(
            stream,
            "GET /__kiosque/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .expect("request");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        Events {
            stream,
            buffer: String::new(),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
    }
}

/// The Server-Sent Events of `serve`, as the JSON of each `status` event.
pub struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    pub fn next_event(&mut self, timeout: Duration) -> Option<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..at + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    if let Ok(value) = serde_json::from_str(data) {
                        return Some(value);
                    }
                }
                continue;
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self
                    .buffer
                    .push_str(&String::from_utf8_lossy(&chunk[..n]).replace("\r\n", "\n")),
                Err(_) => {}
            }
        }
    }
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
    out
}

/// Writes `text` to `path` in one step (a hidden file beside it, renamed
/// into place), so that `serve` sees one change and rebuilds once.
pub fn write_at_once(path: &Path, text: &str) {
    let name = path.file_name().expect("a file name").to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.next"));
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, path).expect("rename into place");
}
