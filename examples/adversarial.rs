//! Adversarial inputs for the parser, each at 1× and 4× its size (1 MB by
//! default), timed through `parse_issue` and through a whole build of a
//! site holding that one issue. Linear code takes about 4× the time at 4×
//! the input; a ratio near 16 is quadratic.
//!
//! ```text
//! cargo run --release --example adversarial [-- SIZE_KB [CASE ...]]
//! ```

// A measuring tool, not the product: a failed step may panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiosque::testing::SourceFile;
use kiosque::testing::{parse_issue, ParseOptions};
use kiosque::Labels;
use kiosque::Lang;
use kiosque::{build, BuildOptions};

/// One adversarial input: a name and how to write it at about `bytes` bytes.
struct Case {
    name: &'static str,
    file: &'static str,
    make: fn(usize) -> String,
}

const CASES: &[Case] = &[
    Case {
        name: "brackets",
        file: "2024-01-01-x.txt",
        make: brackets,
    },
    Case {
        name: "open-brackets",
        file: "2024-01-01-x.txt",
        make: open_brackets,
    },
    Case {
        name: "dashes",
        file: "2024-01-01-x.txt",
        make: dashes,
    },
    Case {
        name: "dash-lines",
        file: "2024-01-01-x.txt",
        make: dash_lines,
    },
    Case {
        name: "teasers",
        file: "2024-01-01-x.txt",
        make: teasers,
    },
    Case {
        name: "teasers+stories",
        file: "2024-01-01-x.txt",
        make: teasers_and_stories,
    },
    Case {
        name: "bullets",
        file: "2024-01-01-x.txt",
        make: bullets,
    },
    Case {
        name: "labels",
        file: "2024-01-01-x.txt",
        make: labels,
    },
    Case {
        name: "credits",
        file: "2024-01-01-x.txt",
        make: credits,
    },
    Case {
        name: "lead-ins",
        file: "2024-01-01-x.txt",
        make: lead_ins,
    },
    Case {
        name: "long-line",
        file: "2024-01-01-x.txt",
        make: long_line,
    },
    Case {
        name: "short-lines",
        file: "2024-01-01-x.txt",
        make: short_lines,
    },
    Case {
        name: "headlines",
        file: "2024-01-01-x.txt",
        make: headlines,
    },
    Case {
        name: "urls",
        file: "2024-01-01-x.txt",
        make: urls,
    },
    Case {
        name: "mentions",
        file: "2024-01-01-x.txt",
        make: mentions,
    },
    Case {
        name: "wrapped",
        file: "2024-01-01-x.txt",
        make: wrapped,
    },
    Case {
        name: "md-table",
        file: "2024-01-01-x.md",
        make: markdown_table,
    },
    Case {
        name: "md-brackets",
        file: "2024-01-01-x.md",
        make: markdown_brackets,
    },
];

/// `text` repeated until it reaches `bytes`.
fn repeat(head: &str, unit: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + unit.len());
    out.push_str(head);
    while out.len() < bytes {
        out.push_str(unit);
    }
    out
}

fn brackets(bytes: usize) -> String {
    repeat("Titre\nUn sujet\nVoir https://example.org/a", ")", bytes)
}

fn open_brackets(bytes: usize) -> String {
    repeat("Titre\nUn sujet\nVoir https://example.org/a", "(", bytes)
}

fn dashes(bytes: usize) -> String {
    repeat("Titre\nUn sujet\nUn mot", " – mot - Mot", bytes)
}

fn dash_lines(bytes: usize) -> String {
    repeat("Titre\n", "Un mot – un autre -\n-\n", bytes)
}

fn teasers(bytes: usize) -> String {
    let mut out = String::from("Titre\nEt aussi: ");
    let mut i = 0;
    while out.len() < bytes {
        let _ = write!(out, "Sujet numéro {i} du jour - ");
        i += 1;
    }
    out.push_str("\nUn sujet\nUn paragraphe qui finit par un point.\n");
    out
}

fn teasers_and_stories(bytes: usize) -> String {
    let mut out = String::from("Titre\nEt aussi: ");
    for i in 0..bytes / 60 {
        let _ = write!(out, "Sujet{i} du jour - ");
    }
    out.push('\n');
    let mut i = 0;
    while out.len() < bytes {
        let _ = writeln!(
            out,
            "Sujet{i} du jour\nUn paragraphe sur le sujet{i} du jour, qui finit par un point."
        );
        i += 1;
    }
    out
}

fn bullets(bytes: usize) -> String {
    repeat(
        "Titre\nUn sujet\nUn paragraphe.\nPour aller plus loin:\n",
        "– Un article (https://x.org/a)\n",
        bytes,
    )
}

fn labels(bytes: usize) -> String {
    repeat(
        "Titre\n",
        "Et aussi: x\nPour aller plus loin: y\nCrédit photos: z\nEt aussi:\n– a\nSources :\n",
        bytes,
    )
}

fn credits(bytes: usize) -> String {
    repeat("Titre\nUn sujet\nUn paragraphe.\n", "Crédit photos: AFP\n", bytes)
}

fn lead_ins(bytes: usize) -> String {
    repeat(
        "Titre\nUn sujet\n",
        "Lancement de Grok – Cette levée de fonds intervient un mois après le lancement.\n",
        bytes,
    )
}

fn long_line(bytes: usize) -> String {
    repeat("Titre\nUn sujet\n", "mot Mot: x, ", bytes)
}

fn short_lines(bytes: usize) -> String {
    repeat("Titre\n", "a\n", bytes)
}

fn headlines(bytes: usize) -> String {
    let mut out = String::from("Titre\n");
    let mut i = 0;
    while out.len() < bytes {
        let _ = writeln!(out, "Sujet {i}\nUn paragraphe.");
        i += 1;
    }
    out
}

fn urls(bytes: usize) -> String {
    repeat("Titre\nUn sujet\n", "www.a.org/(x]https://b.org/", bytes)
}

fn mentions(bytes: usize) -> String {
    repeat("Titre\nUn sujet\nUne phrase sans fin", " où Acme parle de robot", bytes)
}

fn wrapped(bytes: usize) -> String {
    let line = "Une ligne de paragraphe coupée par le client mail vers soixante-dix";
    let mut out = String::from("Titre\n\n");
    while out.len() < bytes {
        for _ in 0..4 {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

fn markdown_table(bytes: usize) -> String {
    // A square table of `n` columns and rows, cells `x|`.
    let n = (bytes / 2).isqrt();
    let mut out = String::from("# Titre\n\n## Un sujet\n\n");
    for row in 0..=n {
        let cell = if row == 1 { "-|" } else { "x|" };
        out.push('|');
        for _ in 0..n {
            out.push_str(cell);
        }
        out.push('\n');
    }
    out
}

fn markdown_brackets(bytes: usize) -> String {
    repeat("# Titre\n\n## Un sujet\n\n", "[a](b *c _d ", bytes)
}

fn time_parse(file: &SourceFile) -> Duration {
    let labels = Labels::default();
    let options = ParseOptions {
        labels: &labels,
        allow_html: false,
        lang: Lang::Fr,
        timezone: &jiff::tz::TimeZone::UTC,
    };
    let started = Instant::now();
    let result = parse_issue(file, options);
    let elapsed = started.elapsed();
    std::hint::black_box(result.is_ok());
    elapsed
}

fn time_build(root: &Path, name: &str, text: &str) -> anyhow::Result<(Duration, bool)> {
    let issues = root.join("content/issues");
    if issues.exists() {
        std::fs::remove_dir_all(&issues)?;
    }
    std::fs::create_dir_all(&issues)?;
    std::fs::write(issues.join(name), text)?;
    let started = Instant::now();
    let result = build(&BuildOptions {
        root: root.to_path_buf(),
        output: None,
        ..BuildOptions::default()
    });
    Ok((started.elapsed(), result.is_ok()))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size_kb: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1024);
    let only: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let dir = tempfile::tempdir()?;
    let root: PathBuf = dir.path().to_path_buf();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Bench\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n",
    )?;
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(root.join("content/companies.toml"), "[[company]]\nname = \"Acme\"\n")?;
    std::fs::write(
        root.join("content/tags.toml"),
        "[[tag]]\nname = \"Robots\"\nkeywords = [\"robot\"]\n",
    )?;
    println!("{size_kb} KB at 1×; parse = parse_issue alone, build = a whole site of that one issue\n");
    println!("| input | parse 1× | parse 4× | ratio | build 1× | build 4× | ratio |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for case in CASES.iter().filter(|c| only.is_empty() || only.contains(&c.name)) {
        let mut parse = Vec::new();
        let mut built = Vec::new();
        for scale in [1, 4] {
            let text = (case.make)(size_kb * 1024 * scale);
            let file = SourceFile {
                path: PathBuf::from("content/issues").join(case.file),
                text: text.clone(),
            };
            // The best of five, to leave out noise from the other cores.
            let best = (0..5).map(|_| time_parse(&file)).min().unwrap_or_default();
            parse.push(best);
            // Short builds too are the best of three.
            let mut build = time_build(&root, case.file, &text)?;
            for _ in 0..2 {
                if build.0 < Duration::from_secs(1) {
                    build = build.min(time_build(&root, case.file, &text)?);
                }
            }
            built.push(build);
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let ratio = |a: Duration, b: Duration| ms(b) / ms(a).max(0.001);
        let note = |ok: bool| if ok { "" } else { " (refused)" };
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} | {:.0} ms{} | {:.0} ms{} | {:.1} |",
            case.name,
            ms(parse[0]),
            ms(parse[1]),
            ratio(parse[0], parse[1]),
            ms(built[0].0),
            note(built[0].1),
            ms(built[1].0),
            note(built[1].1),
            ratio(built[0].0, built[1].0),
        );
    }
    Ok(())
}
