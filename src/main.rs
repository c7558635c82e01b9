//! The `kiosque` command: parses the command line, runs the mode, maps the
//! result to an exit code (0 success, 1 content or I/O error, 2 usage).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use kiosque::{BuildError, BuildOptions};

/// `println!` that returns an error instead of panicking when stdout's
/// reader went away (`kiosque check | head -1`); `main` ends quietly then.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(stdout_error)
    };
}

#[derive(Parser)]
#[command(name = "kiosque", version, about = "A static site generator for newsletter archives")]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; may be outside the root when given here.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overrides site.toml's base_url (e.g. https://user.github.io/archive).
        #[arg(long)]
        base_url: Option<String>,
        /// Include issues marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Write into an output folder kiosque did not write, keeping every
        /// file of it the site does not make.
        #[arg(long)]
        force: bool,
    },
    /// Serve the site locally, rebuild on change and reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; if taken, the next free one is used; 0 for any.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include issues marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the content and list names that could join companies.toml.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new issue dated today.
    New {
        /// The issue's title.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR.
    Init { dir: PathBuf },
    /// Import issues from an mbox or a Substack, Buttondown or Ghost export
    /// into content/issues/ (one file per issue; run it again safely).
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
}

/// Where `kiosque import` reads the issues.
#[derive(Subcommand)]
enum ImportSource {
    /// An mbox file: one .eml issue per message the newsletter sent.
    Mbox {
        /// The mbox file (mboxo or mboxrd).
        file: PathBuf,
        /// The newsletter's address (default: the most frequent sender).
        #[arg(long)]
        from: Option<String>,
        /// Only messages of this mailing list (List-Id header).
        #[arg(long)]
        list_id: Option<String>,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A Substack export (the .zip, or its folder): posts.csv and posts/.
    Substack {
        /// The export: a .zip file or the folder it unpacks to.
        export: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A Buttondown export (the .zip, or its folder): Markdown emails.
    Buttondown {
        /// The export: a .zip file or the folder it unpacks to.
        export: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A Ghost export (its .json file).
    Ghost {
        /// The export's .json file.
        export: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
}

#[derive(clap::Args)]
struct ImportFlags {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Print what would be done; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import unpublished posts too, as drafts.
    #[arg(long)]
    drafts: bool,
    /// Overwrite files changed since they were imported.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
        } => build(
            BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            },
            quiet,
            timings,
        ),
        Command::Check { root, drafts } => check(
            BuildOptions {
                root,
                drafts,
                ..Default::default()
            },
            quiet,
        ),
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => kiosque::serve(kiosque::ServeOptions {
            root,
            bind,
            port,
            open,
            drafts,
            quiet,
        }),
        Command::New { title, root } => new(&root, &title, quiet),
        Command::Init { dir } => init(&dir, quiet),
        Command::Import { source } => import(source, quiet),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if reader_gone(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(1)
        }
    }
}

/// stdout's reader went away: the rest of the output is not wanted, which
/// is no failure (as for `cat`, `ls` or `rg` into `head`).
#[derive(Debug)]
struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for ReaderGone {}

fn stdout_error(error: std::io::Error) -> BuildError {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        BuildError::Io(ReaderGone.into())
    } else {
        BuildError::Io(anyhow::Error::new(error).context("failed to write to stdout"))
    }
}

/// Whether `error` is only stdout's reader going away.
fn reader_gone(error: &BuildError) -> bool {
    matches!(error, BuildError::Io(e) if e.is::<ReaderGone>())
}

/// Prints `error` to stderr; nothing when stderr is gone too.
fn report(error: &BuildError) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{error}");
}

fn build(options: BuildOptions, quiet: bool, timings: bool) -> Result<(), BuildError> {
    let report = if quiet || !std::io::stderr().is_terminal() {
        kiosque::build(&options)?
    } else {
        kiosque::build_with(&options, &Bar::new())?
    };
    if timings {
        for (stage, time) in &report.timings.0 {
            say!("{stage:>14}  {:>8.1} ms", time.as_secs_f64() * 1000.0)?;
        }
        say!("{:>14}  {:>8}  {:>12}", "written", "files", "bytes")?;
        for (kind, size) in &report.sizes {
            say!("{kind:>14}  {:>8}  {:>12}", size.files, size.bytes)?;
        }
        let files: usize = report.sizes.iter().map(|(_, s)| s.files).sum();
        let bytes: u64 = report.sizes.iter().map(|(_, s)| s.bytes).sum();
        say!("{:>14}  {files:>8}  {bytes:>12}", "total")?;
    }
    if !quiet {
        say!(
            "built {} issues, {} stories, {} pages ({} files) into {} in {} ms",
            report.issues,
            report.stories,
            report.pages,
            report.files,
            report.output.display(),
            report.elapsed.as_millis()
        )?;
    }
    Ok(())
}

/// A progress bar on the terminal, shown only once a build has taken a second.
struct Bar {
    progress: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Bar {
    fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}") {
            bar.set_style(style);
        }
        Bar {
            progress: bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

impl kiosque::Progress for Bar {
    fn start(&self, pages: usize) {
        self.progress.set_length(pages as u64);
    }

    fn advance(&self) {
        use std::sync::atomic::Ordering;
        if self.started.elapsed().as_secs() >= 1 && !self.shown.swap(true, Ordering::Relaxed) {
            self.progress.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.progress.inc(1);
    }

    fn finish(&self) {
        self.progress.finish_and_clear();
    }
}

fn check(options: BuildOptions, quiet: bool) -> Result<(), BuildError> {
    let site = kiosque::prepare(&options)?;
    if !quiet {
        let stories: usize = site.archive.issues.iter().map(|i| i.stories.len()).sum();
        say!(
            "ok: {} issues, {} stories, {} companies and {} tags mentioned",
            site.archive.issues.len(),
            stories,
            site.archive.terms(kiosque::TermKind::Company).len(),
            site.archive.terms(kiosque::TermKind::Tag).len()
        )?;
        let notes = kiosque::reading_notes(&site.archive);
        if !notes.is_empty() {
            say!("\nissues that may not read as intended:")?;
            for note in &notes {
                match note.line {
                    Some(line) => say!("  {}:{line}: {}", note.path.display(), note.message)?,
                    None => say!("  {}: {}", note.path.display(), note.message)?,
                }
            }
        }
        let candidates = kiosque::candidates(&site.archive, &site.gazetteer, 2);
        if !candidates.is_empty() {
            say!("\nnames seen more than once that are not in content/companies.toml (people too):")?;
            for c in candidates.iter().take(40) {
                say!("  {:>4}  {}  (e.g. in {})", c.count, c.name, c.seen_in.display())?;
            }
        }
    }
    Ok(())
}

fn new(root: &std::path::Path, title: &str, quiet: bool) -> Result<(), BuildError> {
    let text = std::fs::read_to_string(root.join(kiosque::CONFIG_FILE)).ok();
    let config = kiosque::parse_config(std::path::Path::new("site.toml"), text.as_deref(), None)
        .map_err(|e| BuildError::Content(e.into()))?;
    let today = chrono::Local::now().date_naive();
    let path = kiosque::new_issue(root, title, today, config.lang, &config.labels)?;
    if !quiet {
        say!("created {}", path.display())?;
    }
    Ok(())
}

fn init(dir: &std::path::Path, quiet: bool) -> Result<(), BuildError> {
    let today = chrono::Local::now().date_naive();
    kiosque::init(dir, today)?;
    if !quiet {
        say!(
            "created a new site in {}: cd there and run `kiosque build`",
            dir.display()
        )?;
    }
    Ok(())
}

fn import(source: ImportSource, quiet: bool) -> Result<(), BuildError> {
    use kiosque::ImportSource as Source;
    let (source, flags) = match source {
        ImportSource::Mbox {
            file,
            from,
            list_id,
            flags,
        } => (Source::Mbox { file, from, list_id }, flags),
        ImportSource::Substack { export, flags } => (Source::Substack(export), flags),
        ImportSource::Buttondown { export, flags } => (Source::Buttondown(export), flags),
        ImportSource::Ghost { export, flags } => (Source::Ghost(export), flags),
    };
    let report = kiosque::import(&kiosque::ImportOptions {
        root: flags.root,
        source,
        dry_run: flags.dry_run,
        drafts: flags.drafts,
        force: flags.force,
    })?;
    if report.files.is_empty() {
        let _ = write!(std::io::stderr().lock(), "{report}");
        return Err(BuildError::Io(anyhow::anyhow!(
            "nothing to import from {}: every item was skipped",
            report.source.display()
        )));
    }
    if !quiet {
        write!(std::io::stdout().lock(), "{report}").map_err(stdout_error)?;
    }
    Ok(())
}
