//! The spare: a build keeps the previous site beside the output
//! (`.public.kiosque-spare`) and brings it up to date in place next time.
//! The output is always exactly what a clean build gives, whatever the
//! spare held; unchanged files keep their inode; the spare may go anytime.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{error_text, tree, TestSite};
use kiosque::BuildOptions;

const GOOD: &str = "Un titre\nEt aussi: Deux\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\nDeux\nUn autre paragraphe, lui aussi terminé comme une phrase.\n";

/// A site of eight issues, `a` to `h`, built once.
fn site() -> TestSite {
    let mut site = TestSite::new();
    for (i, slug) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        site = site.issue(
            &format!("2024-01-{:02}-{slug}.txt", i + 1),
            &GOOD.replace("Un titre", &format!("Numéro {slug}")),
        );
    }
    site.built()
}

fn rebuild(site: &TestSite) {
    site.build().map_err(|e| error_text(&e)).expect("build");
}

fn spare(site: &TestSite) -> PathBuf {
    site.root().join(".public.kiosque-spare")
}

/// What a clean build of the site into a new folder gives.
fn clean_build(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let fresh = tempfile::tempdir().expect("temp dir");
    let output = fresh.path().join("public");
    kiosque::build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(output.clone()),
        ..Default::default()
    })
    .map_err(|e| error_text(&e))
    .expect("clean build");
    tree(&output)
}

/// The device and inode number of a file.
#[cfg(unix)]
fn inode(path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::symlink_metadata(path).expect("stat");
    (meta.dev(), meta.ino())
}

#[cfg(unix)]
#[test]
fn the_previous_site_is_kept_as_a_spare_and_reused() {
    let site = site();
    assert!(!spare(&site).exists(), "a first build has no previous site");
    rebuild(&site);
    assert!(spare(&site).is_dir(), "the previous site is kept");
    let page = site.public().join("issues/c/index.html");
    let (kept, before) = (
        inode(&page),
        fs::metadata(&page).expect("stat").modified().expect("mtime"),
    );

    let site = site.issue("2024-01-05-e.txt", &GOOD.replace("Un titre", "Numéro cinq"));
    rebuild(&site);
    assert!(site.page("/issues/e/").contains("Numéro cinq"));
    assert_eq!(tree(&site.public()), clean_build(&site), "the output is a clean build");
    assert_eq!(inode(&page), kept, "an unchanged page keeps its inode over 3 builds");
    assert_eq!(fs::metadata(&page).expect("stat").modified().expect("mtime"), before);

    // The streamed JSON too, when unchanged.
    let json = site.public().join("api/issues.json");
    let kept = inode(&json);
    rebuild(&site);
    assert_eq!(inode(&json), kept, "an unchanged streamed file keeps its inode");
    assert_eq!(tree(&site.public()), clean_build(&site));
}

#[cfg(unix)]
#[test]
fn nothing_put_into_the_spare_reaches_the_output() {
    let site = site();
    fs::write(site.public().join("CNAME"), "news.example.org\n").expect("CNAME");
    rebuild(&site);
    let expected = tree(&site.public());
    let live_index = fs::read(site.public().join("index.html")).expect("index");
    let elsewhere = tempfile::tempdir().expect("temp dir");

    let kept = spare(&site);
    fs::write(kept.join("junk.html"), "junk").expect("junk");
    fs::create_dir_all(kept.join("issues/junk")).expect("mkdir");
    fs::write(kept.join("issues/junk/index.html"), "junk").expect("junk");
    // Files replaced in the spare (not written through: they are the live
    // site's files too), a folder the site needs made a link elsewhere, a
    // file where the site needs a folder, a folder where it needs a file.
    for rel in ["index.html", "CNAME", ".kiosque-manifest", "api/issues.json"] {
        fs::remove_file(kept.join(rel)).expect("remove");
        fs::write(kept.join(rel), "tampered").expect("tamper");
    }
    fs::remove_dir_all(kept.join("issues/a")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path(), kept.join("issues/a")).expect("symlink");
    fs::remove_dir_all(kept.join("issues/b")).expect("remove");
    fs::write(kept.join("issues/b"), "a file").expect("file");
    fs::remove_file(kept.join("feed.xml")).expect("remove");
    fs::create_dir_all(kept.join("feed.xml/inside")).expect("mkdir");
    assert_eq!(fs::read(site.public().join("index.html")).expect("index"), live_index);

    rebuild(&site);
    assert_eq!(
        tree(&site.public()),
        expected,
        "the output is the site, nothing of the spare"
    );
    assert_eq!(
        fs::read_dir(elsewhere.path()).expect("list").count(),
        0,
        "nothing written through a link"
    );
    // And the next build, over the old tree now spare, too.
    rebuild(&site);
    assert_eq!(tree(&site.public()), expected);
    // A file of the user's removed from the output does not come back from
    // the spare, which still has it.
    fs::remove_file(site.public().join("CNAME")).expect("remove");
    assert!(spare(&site).join("CNAME").exists());
    for _ in 0..2 {
        rebuild(&site);
        assert!(!site.public().join("CNAME").exists());
    }
}

#[test]
fn a_spare_deleted_between_builds_is_not_missed() {
    let site = site();
    rebuild(&site);
    fs::remove_dir_all(spare(&site)).expect("delete the spare");
    let site = site.file("site.toml", "title = \"Autre\"\nbase_url = \"https://example.org\"\n");
    rebuild(&site);
    assert_eq!(tree(&site.public()), clean_build(&site));
    assert!(spare(&site).is_dir(), "a new spare is kept");
}
