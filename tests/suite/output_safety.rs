//! Nothing lost: a build never deletes a file it did not write, refuses
//! outputs that would overwrite sources or a git repository, swaps its new
//! tree in whole (even when killed, even with two builds at once), keeps
//! the previous site as a spare that nothing of reaches the output but
//! what the site makes, and cleans only what killed builds of its own left.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{error_text, kiosque, text, tree, TestSite};
use kiosque::BuildOptions;

const GOOD: &str = "Un titre\nEt aussi: Deux\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\nDeux\nUn autre paragraphe, lui aussi terminé comme une phrase.\n";

fn build_into(root: &Path, output: &Path, force: bool) -> Result<kiosque::BuildReport, String> {
    kiosque::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        force,
        ..Default::default()
    })
    .map_err(|e| error_text(&e))
}

/// The spare a build keeps beside an output named `public` in `dir`.
fn spare(dir: &Path) -> PathBuf {
    dir.join(".public.kiosque-spare")
}

/// The entries of `dir` a build may leave beside an output named `public`,
/// but the spare (the previous site, kept on purpose).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.kiosque") && n != ".public.kiosque-spare")
        .collect();
    found.sort();
    found
}

#[test]
fn a_git_folder_is_refused_and_untouched() {
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", GOOD)
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(".git/config", "[core]\n");
    let before = tree(&site.root().join(".git"));
    for output_dir in [".git", "./.git", "sub/../.git", ".git/public"] {
        let site_toml = format!("title = \"T\"\nbase_url = \"https://example.org\"\noutput_dir = \"{output_dir}\"\n");
        fs::write(site.root().join("site.toml"), site_toml).expect("site.toml");
        let errors = site.errors();
        assert!(
            errors.contains("refusing") && errors.contains(".git"),
            "{output_dir}: {errors}"
        );
        assert_eq!(tree(&site.root().join(".git")), before, "{output_dir}: .git changed");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.root().join(".git"), site.root().join("deploy")).expect("symlink");
        let error = build_into(site.root(), &site.root().join("deploy"), true).expect_err("through a link");
        assert!(error.contains(".git"), "{error}");
        assert_eq!(tree(&site.root().join(".git")), before);
    }
}

#[test]
fn a_foreign_folder_is_refused_without_force_and_kept_with_it() {
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", GOOD)
        .issue("2024-01-09-y.txt", GOOD);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let output = elsewhere.path().join("www");
    fs::create_dir_all(output.join("old")).expect("mkdir");
    fs::write(output.join("CNAME"), "news.example.org\n").expect("CNAME");
    fs::write(output.join("old/page.html"), "<p>from before</p>").expect("page");
    let before = tree(&output);

    let error = build_into(site.root(), &output, false).expect_err("a foreign folder");
    assert!(error.contains(&output.display().to_string()), "{error}");
    assert!(error.contains("--force"), "{error}");
    assert_eq!(tree(&output), before, "a refused build changes nothing");

    let root = site.root().to_string_lossy().into_owned();
    let out_arg = output.to_string_lossy().into_owned();
    let run = kiosque(&["build", "--root", &root, "--output", &out_arg, "--force", "--quiet"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        fs::read_to_string(output.join("CNAME")).expect("CNAME"),
        "news.example.org\n"
    );
    assert!(output.join("old/page.html").exists());
    assert!(output.join("issues/y/index.html").exists());

    // Adopted: later builds need no flag, and keep the foreign files while
    // removing the pages kiosque wrote that the site no longer has.
    fs::remove_file(site.root().join("content/issues/2024-01-09-y.txt")).expect("remove");
    build_into(site.root(), &output, false).expect("second build");
    assert_eq!(
        fs::read_to_string(output.join("CNAME")).expect("CNAME"),
        "news.example.org\n"
    );
    assert_eq!(
        fs::read_to_string(output.join("old/page.html")).expect("page"),
        "<p>from before</p>"
    );
    assert!(
        !output.join("issues/y").exists(),
        "a page kiosque wrote and no longer makes goes"
    );
    assert!(output.join("issues/x/index.html").exists());
    assert_eq!(leftovers(elsewhere.path()), Vec::<String>::new());
}

#[test]
fn an_empty_folder_needs_no_force() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD);
    fs::create_dir(site.public()).expect("mkdir");
    site.build()
        .map_err(|e| error_text(&e))
        .expect("an empty folder is fine");
    assert!(site.public().join("issues/x/index.html").exists());
}

#[cfg(unix)]
#[test]
fn an_output_through_a_link_into_the_sources_is_refused() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD);
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("link")).expect("symlink");
    let before = tree(&site.root().join("content"));
    let root = site.root().to_string_lossy().into_owned();
    let run = kiosque(&["build", "--root", &root, "--output", "link/public"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("refusing"), "{}", text(&run.stderr));
    let site = site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\noutput_dir = \"link/issues/public\"\n",
    );
    assert!(site.errors().contains("refusing"));
    assert_eq!(
        tree(&site.root().join("content")),
        before,
        "nothing written into content/"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_issue_whose_name_is_not_utf8_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD);
    let name = std::ffi::OsStr::from_bytes(b"2024-01-03-caf\xe9.txt");
    fs::write(site.root().join("content/issues").join(name), GOOD).expect("write");
    let errors = site.errors();
    assert!(errors.contains("not valid UTF-8"), "{errors}");
    assert!(
        errors.contains("--> content/issues/2024-01-03-caf\u{fffd}.txt"),
        "{errors}"
    );
}

#[cfg(unix)]
#[test]
fn files_that_cannot_be_read_are_all_reported_with_the_content_errors() {
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", GOOD)
        .issue("sans-date.txt", GOOD);
    let issues = site.root().join("content/issues");
    std::os::unix::fs::symlink("nowhere-a", issues.join("2024-01-04-a.txt")).expect("symlink");
    std::os::unix::fs::symlink("nowhere-b", issues.join("2024-01-05-b.txt")).expect("symlink");
    // An editor's lock link is dangling by design, and ignored.
    std::os::unix::fs::symlink("user@host.1", issues.join(".#2024-01-02-x.txt")).expect("symlink");
    let errors = site.errors();
    assert!(errors.contains("--> content/issues/2024-01-04-a.txt"), "{errors}");
    assert!(errors.contains("--> content/issues/2024-01-05-b.txt"), "{errors}");
    assert!(errors.contains("missing date"), "{errors}");
    assert!(errors.contains("3 errors"), "{errors}");
}

#[test]
fn a_second_build_into_a_locked_output_fails_naming_the_first() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD).built();
    let before = tree(&site.public());
    let held = kiosque::testing::OutputLock::acquire(&site.public()).expect("lock");
    let root = site.root().to_string_lossy().into_owned();
    let run = kiosque(&["build", "--root", &root]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(stderr.contains(&format!("pid {}", std::process::id())), "{stderr}");
    assert_eq!(tree(&site.public()), before);
    drop(held);
    let run = kiosque(&["build", "--root", &root, "--quiet"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        leftovers(site.root()),
        Vec::<String>::new(),
        "the lock file goes with the build"
    );
}

#[test]
fn two_builds_at_once_never_mix() {
    let sites = [archive(60, "premier"), archive(60, "second")];
    let refs = tempfile::tempdir().expect("temp dir");
    let expected: Vec<_> = sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let out = refs.path().join(i.to_string());
            build_into(site.path(), &out, false).expect("reference build");
            tree(&out)
        })
        .collect();
    let shared = tempfile::tempdir().expect("temp dir");
    let output = shared.path().join("public");
    let out_arg = output.to_string_lossy().into_owned();
    for round in 0..4 {
        let children: Vec<_> = sites
            .iter()
            .map(|site| {
                Command::new(env!("CARGO_BIN_EXE_kiosque"))
                    .args(["build", "--quiet", "--output", &out_arg, "--root"])
                    .arg(site.path())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let mut succeeded = 0;
        for child in children {
            let run = child.wait_with_output().expect("wait");
            if run.status.success() {
                succeeded += 1;
            } else {
                let stderr = text(&run.stderr);
                // The pid is named once the first build has written it
                // (the lock's unit test checks that); the refusal, always.
                assert!(stderr.contains("another kiosque build"), "round {round}: {stderr}");
            }
        }
        assert!(succeeded >= 1, "round {round}: one of the two builds succeeds");
        let got = tree(&output);
        assert!(expected.contains(&got), "round {round}: the output mixes both builds");
        assert_eq!(leftovers(shared.path()), Vec::<String>::new());
    }
}

#[test]
fn a_failed_build_leaves_the_output_whole_and_no_temp_folder() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD).built().built();
    let before = tree(&site.public());
    // An I/O error after every page is written: a static folder where the
    // site has a page.
    let site = site
        .issue("2024-01-09-y.txt", GOOD)
        .file("static/issues/y/index.html/style.css", "p {}");
    let error = error_text(&site.build().expect_err("cannot write"));
    assert!(error.contains("index.html"), "{error}");
    assert_eq!(tree(&site.public()), before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    // The tree it left half updated is the spare, and harmless.
    fs::remove_dir_all(site.root().join("static/issues")).expect("fix");
    site.build().map_err(|e| error_text(&e)).expect("build");
    assert_eq!(tree(&site.public()), clean_build(site.root()));
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_in_the_old_output_does_not_stop_the_swap() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", GOOD)
        .issue("2024-01-09-y.txt", GOOD)
        .built();
    let folder = site.public().join("issues/y");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).expect("chmod");
    let site = site.issue("2024-01-02-x.txt", &GOOD.replace("Un titre", "Un autre titre"));
    site.build().map_err(|e| error_text(&e)).expect("build");
    assert!(site.page("/issues/x/").contains("Un autre titre"));
    // The read-only folder is now in the spare, where the next build
    // updates the page it holds.
    let site = site.issue("2024-01-09-y.txt", &GOOD.replace("Un titre", "Un troisième titre"));
    site.build().map_err(|e| error_text(&e)).expect("build over the spare");
    assert!(site.page("/issues/y/").contains("Un troisième titre"));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn stale_temp_folders_of_killed_builds_go_and_only_they() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD).built();
    let stale = [".public.kiosque-tmp-999999", ".public.kiosque-old-12"];
    let unrelated = [
        ".public.kiosque-tmp-12.bak",
        ".public.kiosque-tmp-",
        ".public.kiosque-tmp-x1",
        ".other.kiosque-tmp-1",
        "public.kiosque-tmp-1",
    ];
    for name in stale.iter().chain(&unrelated) {
        let dir = site.root().join(name);
        fs::create_dir_all(dir.join("issues")).expect("mkdir");
        fs::write(dir.join("issues/index.html"), "x").expect("write");
    }
    let site = site.built();
    for name in stale {
        assert!(!site.root().join(name).exists(), "{name} left");
    }
    // One of them was taken as the tree to update, and nothing of its
    // junk reached the output.
    assert_eq!(tree(&site.public()), clean_build(site.root()));
    assert!(spare(site.root()).is_dir());
    for name in unrelated {
        assert!(
            site.root().join(name).join("issues/index.html").exists(),
            "{name} removed"
        );
    }
}

#[test]
fn an_output_moved_aside_by_a_killed_build_is_put_back() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD).built().built();
    fs::write(site.public().join("CNAME"), "news.example.org\n").expect("CNAME");
    // Killed between the first two renames of the fallback swap: the old
    // site aside, the new tree (here junk) at its temporary name, and the
    // spare of the build before.
    fs::rename(site.public(), site.root().join(".public.kiosque-old-4242")).expect("rename");
    fs::create_dir_all(site.root().join(".public.kiosque-tmp-4242/issues")).expect("mkdir");
    fs::write(site.root().join(".public.kiosque-tmp-4242/index.html"), "junk").expect("junk");
    assert!(spare(site.root()).is_dir());
    let site = site.built();
    assert!(
        site.public().join("CNAME").exists(),
        "the old tree was put back, then built over"
    );
    assert_ne!(site.page("/"), "junk");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert!(spare(site.root()).is_dir());
}

/// A site of `n` issues; every page tells `flavour`.
fn archive(n: usize, flavour: &str) -> tempfile::TempDir {
    archive_with(n, flavour, |_| flavour.to_string())
}

/// Version `v` (0 to 2) of a site of `n` issues: the same but for a block
/// of 20 issues in three, so that each version shares many pages with the
/// one before and differs from it in others.
fn version(n: usize, v: usize) -> tempfile::TempDir {
    archive_with(n, "commune", |i| {
        if i / 20 % 3 == v {
            format!("version {v}")
        } else {
            String::from("commune")
        }
    })
}

fn archive_with(n: usize, title: &str, flavour_of: impl Fn(usize) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let issues = dir.path().join("content/issues");
    fs::create_dir_all(&issues).expect("mkdir");
    fs::write(
        dir.path().join("site.toml"),
        format!("title = \"Lettre {title}\"\nbase_url = \"https://example.org\"\nlanguage = \"fr\"\n"),
    )
    .expect("site.toml");
    for i in 0..n {
        let flavour = flavour_of(i);
        let date = format!("{}-{:02}-{:02}", 2000 + i / 300, i / 25 % 12 + 1, i % 25 + 1);
        let text = format!(
            "Numéro {i}, édition {flavour}\nEt aussi: Le marché {flavour} - La suite {i}\n\
             Le marché {flavour}\nUn paragraphe sur le numéro {i} qui est assez long pour en être un, et qui finit par un point.\n\
             La suite {i}\nUn autre paragraphe de l'édition {flavour}, lui aussi terminé comme une phrase.\n"
        );
        fs::write(issues.join(format!("{date}-numero-{i}.txt")), text).expect("issue");
    }
    dir
}

/// Kills `kiosque build` at 20 moments spread over its run: each time the
/// output is the whole old site or the whole new one, never a mix, and the
/// next build leaves no temporary folder but the spare. Three versions in
/// turn, so that the spare (the site before last) never already holds the
/// site a build makes: every build writes into it, where many of its files
/// are the output's too (pages the two versions before share).
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new() {
    const ISSUES: usize = 200;
    let versions = [version(ISSUES, 0), version(ISSUES, 1), version(ISSUES, 2)];
    let work = tempfile::tempdir().expect("temp dir");
    let output = work.path().join("public");
    let out_arg = output.to_string_lossy().into_owned();
    let run = |version: usize| {
        Command::new(env!("CARGO_BIN_EXE_kiosque"))
            .args(["build", "--quiet", "--output", &out_arg, "--root"])
            .arg(versions[version].path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let complete = |version: usize| {
        let status = run(version).wait().expect("wait");
        assert!(status.success(), "build of version {version}");
        tree(&output)
    };
    let reference = [complete(0), complete(1), complete(2)];
    assert!(reference[0] != reference[1] && reference[1] != reference[2]);
    let started = Instant::now();
    complete(0);
    let full = started.elapsed();
    let mut current = 0;
    let (mut old, mut new) = (0, 0);
    for moment in 0..20u32 {
        let next = (current + 1) % 3;
        let mut child = run(next);
        // Spread over a little more than a full build, so that some kills
        // land around the swap at its end.
        std::thread::sleep(full * moment * 11 / 200);
        child.kill().expect("kill -9");
        child.wait().expect("wait");
        let got = tree(&output);
        let now = [current, next]
            .into_iter()
            .find(|&v| reference[v] == got)
            .unwrap_or_else(|| panic!("killed at {moment}/20: the output is neither the old site nor the new"));
        if now == current {
            old += 1;
        } else {
            new += 1;
        }
        current = now;
        assert!(
            leftovers(work.path()).len() <= 2,
            "temp folders pile up: {:?}",
            leftovers(work.path())
        );
    }
    eprintln!("full build {full:?}; after the 20 kills: {old} times the old site, {new} times the new");
    let next = (current + 1) % 3;
    assert_eq!(complete(next), reference[next]);
    assert_eq!(leftovers(work.path()), Vec::<String>::new(), "the next build cleans up");
    assert!(spare(work.path()).is_dir(), "only the spare stays");
    assert!(started.elapsed() < Duration::from_secs(600), "anti-hang bound");
}

/// What a clean build of `root` into a new folder gives.
fn clean_build(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let fresh = tempfile::tempdir().expect("temp dir");
    let out = fresh.path().join("public");
    build_into(root, &out, false).expect("clean build");
    tree(&out)
}
