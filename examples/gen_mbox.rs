//! Writes a made-up mbox for measuring `kiosque import mbox`: N messages,
//! most of them issues of one newsletter (multipart/alternative, text and
//! HTML, ~20 KB each), with a reader's reply every 10th and a duplicate
//! every 25th. Not a fixture: generated when measuring, never committed.
//!
//! `cargo run --release --example gen_mbox -- 2000 /tmp/2000.mbox`

// A measuring tool, not the product: a failed step may panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let path = args.get(2).map_or("generated.mbox", String::as_str);
    let mut out = BufWriter::new(File::create(path)?);
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let mut last_issue = String::new();
    for n in 0..count {
        let day = start + chrono::Days::new(n as u64);
        let date = day.format("%a, %d %b %Y 07:30:00 +0000");
        let separator = format!("From news@lettre.example {}\n", day.format("%a %b %e 07:30:00 %Y"));
        let message = if n % 10 == 9 {
            reply(n, &date.to_string())
        } else if n % 25 == 24 {
            last_issue.clone()
        } else {
            last_issue = issue(n, &date.to_string());
            last_issue.clone()
        };
        out.write_all(separator.as_bytes())?;
        for line in message.split_inclusive('\n') {
            let from_line = line.trim_start_matches('>').starts_with("From ");
            if from_line {
                out.write_all(b">")?;
            }
            out.write_all(line.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn issue(n: usize, date: &str) -> String {
    let mut text = format!("La lettre n°{n}\n\n");
    let mut html = format!("<html><body><h1>La lettre n°{n}</h1>\n");
    for story in 0..8 {
        let headline = format!("Histoire {story} du numéro {n}");
        text.push_str(&format!("{headline}\n"));
        html.push_str(&format!("<h2>{headline}</h2>\n"));
        for paragraph in 0..2 {
            let words = format!(
                "Paragraphe {paragraph} de l'histoire {story}: les entreprises annoncent des résultats, \
                 les marchés réagissent et les régulateurs observent. Une seconde phrase donne le contexte \
                 et une troisième cite une source https://example.org/{n}/{story}/{paragraph}."
            );
            text.push_str(&format!("{words}\n\n"));
            html.push_str(&format!("<p>{words}</p>\n"));
        }
    }
    text.push_str("From the editor: merci de votre lecture.\n");
    html.push_str("<p>From the editor: merci de votre lecture.</p></body></html>\n");
    format!(
        "From: La Lettre <news@lettre.example>\nTo: readers@lettre.example\nSubject: [La Lettre] La lettre =?utf-8?q?n=C2=B0{n}?=\n\
         Date: {date}\nMessage-ID: <issue-{n}@lettre.example>\nList-Id: La Lettre <lettre.example>\nMIME-Version: 1.0\n\
         Content-Type: multipart/alternative; boundary=\"b{n}\"\n\n--b{n}\nContent-Type: text/plain; charset=utf-8\n\n{text}\n\
         --b{n}\nContent-Type: text/html; charset=utf-8\n\n{html}\n--b{n}--\n"
    )
}

fn reply(n: usize, date: &str) -> String {
    format!(
        "From: Lecteur <lecteur{n}@example.org>\nTo: news@lettre.example\nSubject: Re: [La Lettre] La lettre {n}\n\
         Date: {date}\nMessage-ID: <reply-{n}@example.org>\nIn-Reply-To: <issue-{}@lettre.example>\n\
         Content-Type: text/plain; charset=utf-8\n\nMerci pour ce numéro.\n",
        n - 1
    )
}
