//! Generates a benchmark corpus: N newsletter issues as a kiosque site and
//! the same content as a Hugo site, deterministically for a seed.
//!
//! cargo run --release --example gen_archive -- N DIR [--seed S] [--hugo-version X.Y]
//!
//! DIR/kiosque/: site.toml, content/issues/YYYY-MM-DD-issue-NNNNN.txt,
//! content/companies.toml (300 companies), content/tags.toml (60 tags).
//! DIR/hugo/: hugo.toml, content/issues/issue-NNNNN.md, layouts/ (copied
//! from bench/hugo-layouts/). Issues are one a day from 1990-01-01; company
//! k (and tag k) is mentioned with probability ∝ 1/k. See bench/compare.sh.

// A measuring tool, not the product: a failed step may panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod hugo;
mod names;
mod render;
mod rng;
mod text;
mod words;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

const TITLE: &str = "La Lettre Bench";
const DESCRIPTION: &str = "Une archive inventée pour mesurer kiosque et Hugo";

struct Args {
    count: usize,
    dir: PathBuf,
    seed: u64,
    hugo: (u32, u32),
}

const USAGE: &str = "usage: gen_archive N DIR [--seed S] [--hugo-version X.Y]";

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut seed = 42;
    let mut hugo = (0, 168);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                let value = args.next().ok_or("--seed needs a value")?;
                seed = value.parse().map_err(|_| format!("--seed {value}: not a number"))?;
            }
            "--hugo-version" => {
                let value = args.next().ok_or("--hugo-version needs a value")?;
                let mut parts = value.trim_start_matches('v').split('.').map(str::parse::<u32>);
                hugo = match (parts.next(), parts.next()) {
                    (Some(Ok(major)), Some(Ok(minor))) => (major, minor),
                    _ => return Err(format!("--hugo-version {value}: expected X.Y, like 0.111")),
                };
            }
            "-h" | "--help" => return Err(String::new()),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ => positional.push(arg),
        }
    }
    let [count, dir] = positional.as_slice() else {
        return Err("expected N and DIR".into());
    };
    let count: usize = count.parse().map_err(|_| format!("N = {count}: not a number"))?;
    if !(1..=99_999).contains(&count) {
        return Err("N must be between 1 and 99999".into());
    }
    Ok(Args {
        count,
        dir: PathBuf::from(dir),
        seed,
        hugo,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &Args) -> std::io::Result<()> {
    let companies = names::companies();
    names::check_vocabulary(&companies);
    let corpus = text::Corpus::new(&companies, args.seed);

    let kiosque = args.dir.join("kiosque");
    let hugo = args.dir.join("hugo");
    let kiosque_issues = kiosque.join("content/issues");
    let hugo_issues = hugo.join("content/issues");
    for dir in [&kiosque_issues, &hugo_issues] {
        fresh_dir(dir)?;
    }
    fs::write(
        kiosque.join("site.toml"),
        format!(
            "title = \"{TITLE}\"\ndescription = \"{DESCRIPTION}\"\nbase_url = \"https://bench.example.org\"\n\
             language = \"fr\"\nper_page = 10\n"
        ),
    )?;
    fs::write(
        kiosque.join("content/companies.toml"),
        names::companies_toml(&companies),
    )?;
    fs::write(kiosque.join("content/tags.toml"), names::tags_toml())?;
    hugo::write_site(&hugo, args.hugo, TITLE, DESCRIPTION)?;

    (0..args.count).into_par_iter().try_for_each(|i| {
        let issue = corpus.issue(i);
        let txt = kiosque_issues.join(format!("{}-{}.txt", issue.date, issue.slug));
        fs::write(txt, render::plain_text(&issue))?;
        fs::write(
            hugo_issues.join(format!("{}.md", issue.slug)),
            render::markdown(&issue, &companies),
        )
    })?;
    eprintln!(
        "gen_archive: {} issues (seed {}) in {} and {}",
        args.count,
        args.seed,
        kiosque.display(),
        hugo.display()
    );
    Ok(())
}

/// An empty `dir`: issues of an earlier, larger corpus must not linger.
fn fresh_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}
