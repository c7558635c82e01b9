//! What content and requests from outside cannot do: links and images
//! only to http, https, mailto or relative addresses, in pages, JSON and
//! feeds; raw HTML sanitised; serve's redirects stay on the site and
//! half-sent requests are closed.

mod common;

#[path = "common/serve.rs"]
mod serve;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::TestSite;
use serve::Served;

const ISSUE: &str = "Un titre\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\n";

fn served_site() -> TestSite {
    TestSite::new().issue("2024-01-02-x.txt", ISSUE)
}

/// The `Location` header of a response head.
fn location(head: &str) -> Option<&str> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location").then(|| value.trim())
    })
}

#[test]
fn redirects_never_name_another_host() {
    let site = served_site();
    let served = Served::start(site.root());
    for (path, want) in [
        ("//archive", "/archive/"),
        ("///archive", "/archive/"),
        ("//issues//x", "/issues/x/"),
        ("/%2F%2Farchive", "/archive/"),
        ("/%2farchive", "/archive/"),
        ("/./archive", "/archive/"),
        ("/archive", "/archive/"),
    ] {
        let (status, head, _) = served.get(path);
        assert_eq!(status, 301, "{path}: {head}");
        assert_eq!(location(&head), Some(want), "{path}: {head}");
    }
    for path in ["/\\archive", "/%5Carchive", "/%5C%5Carchive"] {
        let (status, head, _) = served.get(path);
        assert!(location(&head).is_none(), "{path}: {head}");
        assert_eq!(status, 400, "{path}: {head}");
    }
}

#[test]
fn half_sent_requests_are_closed() {
    let site = served_site();
    let served = Served::start(site.root());
    // Five clients send the start of a request and then nothing more.
    let mut clients: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut stream = TcpStream::connect(&served.address).expect("connect");
            write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\n", served.address).expect("half a request");
            // Anti-hang bound, far above serve's header timeout.
            stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
            stream
        })
        .collect();
    for stream in &mut clients {
        let mut answer = Vec::new();
        let closed = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            closed.is_ok()
                || answer.is_empty() && closed.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
            "the connection stayed open: {answer}"
        );
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
    // The server still answers whole requests.
    assert_eq!(served.get("/issues/x/").0, 200);
}
