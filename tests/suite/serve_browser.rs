//! `kiosque serve`'s live reload, end to end in a real browser: serves a
//! small site, opens an issue's page in headless Chromium (driven over the
//! DevTools protocol), edits the issue's source and checks that the open
//! page reloads by itself and shows the new text.
//!
//! Needs Chromium: `KIOSQUE_CHROMIUM` if set, else `/usr/bin/chromium`, else
//! `chromium` on PATH. Without it the test is skipped, unless
//! `KIOSQUE_REQUIRE_BROWSER` is set (as CI does), where it fails.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use std::{fs, thread};

use serde_json::json;

use crate::common::browser::{chromium_or_skip, open_page, start_chromium, wait_for, Running};

const SITE: &str = "title = \"Test\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n";
const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";

/// Notes when the page's live-reload EventSource has had its first status
/// event (its listeners run in order, so the page's own has run too): only
/// then is an edit sure to be seen as a change. Observes, changes nothing.
const LIVE_PROBE: &str = "(() => { const Native = window.EventSource; \
    window.EventSource = class extends Native { constructor(...args) { super(...args); \
    this.addEventListener('status', () => { window.__kiosqueLive = true; }); } }; })();";

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

#[test]
fn an_open_page_reloads_itself_when_its_issue_changes() {
    let Some(chromium) = chromium_or_skip("the live-reload test") else {
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

    let mut page = open_page(port);
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
