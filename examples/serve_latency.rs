//! How long `kiosque serve` takes from saving an issue to the reload event
//! reaching a connected page: 20 edits on a site, the median printed beside
//! the time of a full build. (A template edit's time is in serve's own
//! `rebuilt in …` lines.)
//!
//! `cargo build --release && cargo run --release --example serve_latency -- SITE [EDITS]`
//! (SITE is changed and restored; generate one with the gen_archive example.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_latency SITE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let kiosque = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/kiosque");

    let full = median((0..3).map(|_| {
        let out = std::env::temp_dir().join("kiosque-latency-build");
        let started = Instant::now();
        let status = Command::new(&kiosque)
            .args(["build", "-q", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "the site must build");
        let elapsed = started.elapsed();
        let _ = std::fs::remove_dir_all(&out);
        elapsed
    }));

    let mut child = Command::new(&kiosque)
        .args(["serve", "--quiet", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            let after = l.split(" at http://").nth(1)?;
            after.split('/').next().map(str::to_string)
        })
        .expect("serving line");
    let mut events = TcpStream::connect(&address).expect("connect");
    write!(events, "GET /__kiosque/events HTTP/1.1\r\nHost: {address}\r\n\r\n").expect("request");
    wait_event(&mut events);

    let mut issues: Vec<PathBuf> = std::fs::read_dir(site.join("content/issues"))
        .expect("issues")
        .filter_map(|e| e.ok().map(|e| e.path()))
        // A draft is not published: editing it changes no page.
        .filter(|p| !std::fs::read_to_string(p).is_ok_and(|t| t.contains("draft = true")))
        .collect();
    issues.sort();
    let content = median((0..edits).map(|i| {
        let path = &issues[(i * 7919) % issues.len()];
        let original = std::fs::read_to_string(path).expect("read");
        // The last line (photo credits) changes: every issue stays valid.
        let edited = format!("{} ({i})\n", original.trim_end());
        let started = Instant::now();
        std::fs::write(path, edited).expect("edit");
        wait_event(&mut events);
        let elapsed = started.elapsed();
        std::fs::write(path, original).expect("restore");
        wait_event(&mut events);
        elapsed
    }));

    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();

    println!("| what | median |");
    println!("|---|---|");
    println!("| full build (`kiosque build`, 3 runs) | {} ms |", full.as_millis());
    println!(
        "| save an issue → reload event ({edits} edits) | {} ms |",
        content.as_millis()
    );
}

/// Reads until the end of the next Server-Sent Event.
fn wait_event(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    while stream.read(&mut byte).is_ok_and(|n| n == 1) {
        seen.push(byte[0]);
        if seen.ends_with(b"\n\n") && seen.windows(6).any(|w| w == b"data: ") {
            return;
        }
    }
    panic!("the event stream ended");
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}
