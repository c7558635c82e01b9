//! The details of an `.eml` issue a reader or another tool sees: its
//! `Message-ID` in the site's JSON, its `Date` as the day it was sent in
//! the site's time zone, its `Subject` without list and forward prefixes,
//! and its images (inline `cid:` and attached) as files beside its page.
//! The fixture `formats/labo-images.eml` is multipart/mixed: a related
//! part (alternative text UTF-8 and HTML ISO-8859-1, both quoted-printable,
//! and a PNG the HTML shows by `cid:`), an attached PNG and a PDF.

use crate::common::TestSite;

const LABO: &str = include_str!("../formats/labo-images.eml");
const SLUG: &str = "labo-images";

/// The issues of the site's `/api/issues.json`.
/// Every issue's whole JSON (`api/issues/<slug>.json`), in the index's order.
fn api_issues(site: &TestSite) -> Vec<serde_json::Value> {
    let json = std::fs::read_to_string(site.public().join("api/issues.json")).expect("issues.json");
    let index: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let entries = index["issues"].as_array().expect("issues");
    entries
        .iter()
        .map(|entry| site.issue_json(entry["slug"].as_str().expect("slug")))
        .collect()
}

fn with_timezone(zone: &str) -> TestSite {
    TestSite::new().file(
        "site.toml",
        &format!("title = \"Test\"\nbase_url = \"https://example.org\"\ntimezone = \"{zone}\"\n"),
    )
}

#[test]
fn the_message_id_is_in_the_json() {
    let site = TestSite::new()
        .issue("labo-images.eml", LABO)
        .issue(
            "2024-01-05-texte.txt",
            "+++\nmessage_id = \"42@lettre.example\"\n+++\nUn titre\n\nUn paragraphe.\n",
        )
        .issue("2024-01-06-sans.txt", "Sans identifiant\n\nUn paragraphe.\n")
        .built();
    let issues = api_issues(&site);
    let id_of = |slug: &str| {
        let issue = issues.iter().find(|i| i["slug"] == slug).expect(slug);
        issue.get("message_id").cloned()
    };
    assert_eq!(id_of(SLUG), Some("20240301.2330.7@labo.example".into()));
    assert_eq!(id_of("texte"), Some("42@lettre.example".into()));
    assert_eq!(id_of("sans"), None, "no message_id when there is none");
}

#[test]
fn the_date_is_the_day_in_the_sites_time_zone() {
    // Sent Friday 1 March 2024 at 23:30 in New York: already Saturday in UTC.
    let date_in = |site: TestSite| api_issues(&site.issue("labo-images.eml", LABO).built())[0]["date"].clone();
    assert_eq!(date_in(TestSite::new()), "2024-03-02", "UTC by default");
    assert_eq!(date_in(with_timezone("America/New_York")), "2024-03-01");
    assert_eq!(date_in(with_timezone("Europe/Paris")), "2024-03-02");
    assert_eq!(date_in(with_timezone("UTC")), "2024-03-02");
}

#[test]
fn an_unknown_time_zone_is_an_error_in_site_toml() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org\"\ntimezone = \"Europe/Lutece\"\n",
        )
        .issue("labo-images.eml", LABO);
    let errors = site.errors();
    assert!(errors.contains("site.toml:3"), "{errors}");
    assert!(errors.contains("Europe/Lutece"), "{errors}");
}

#[test]
fn the_subject_loses_its_list_and_forward_prefixes() {
    let site = TestSite::new().issue("labo-images.eml", LABO).built();
    assert_eq!(api_issues(&site)[0]["title"], "Quoi de neuf au labo");
    let reply = LABO.replace(
        "Subject: [Labo] Fwd: [Labo] Quoi de neuf au labo",
        "Subject: [Labo] RE: Quoi de neuf au labo",
    );
    let forwarded = LABO.replace(
        "Subject: [Labo] Fwd: [Labo] Quoi de neuf au labo",
        "Subject: FW: Fw: TR : Quoi de neuf au labo",
    );
    let site = TestSite::new()
        .issue("reply.eml", &reply)
        .issue("forwarded.eml", &forwarded)
        .built();
    let issues = api_issues(&site);
    let title_of = |slug: &str| issues.iter().find(|i| i["slug"] == slug).expect(slug)["title"].clone();
    assert_eq!(title_of("reply"), "RE: Quoi de neuf au labo", "a reply keeps its Re:");
    assert_eq!(title_of("forwarded"), "Quoi de neuf au labo");
}

/// The PNGs of the fixture, as its base64 parts hold them.
fn png(width: u8, height: u8) -> impl Fn(&[u8]) -> bool {
    move |bytes: &[u8]| {
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(16..24) == Some(&[0, 0, 0, width, 0, 0, 0, height][..])
    }
}

#[test]
fn the_images_of_an_email_are_written_beside_its_page() {
    let site = TestSite::new().issue("labo-images.eml", LABO).built();
    let folder = site.public().join("issues").join(SLUG);
    let read = |name: &str| std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    // The inline image (Content-ID, named `logo labo.png`) and the
    // attached one (named `../../Photo d'equipe.PNG`): safe names.
    assert!(png(2, 2)(&read("logo-labo.png")), "the inline logo");
    assert!(png(3, 2)(&read("photo-d-equipe.png")), "the attached photo");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("issue folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["index.html", "logo-labo.png", "photo-d-equipe.png"],
        "no PDF, no remote image"
    );
    assert!(
        !site.public().join("photo-d-equipe.png").exists(),
        "the name has no folder"
    );
    // The page shows them.
    let page = site.page(&format!("/issues/{SLUG}/"));
    assert!(
        page.contains(&format!("src=\"/issues/{SLUG}/photo-d-equipe.png\"")),
        "{page}"
    );
    assert!(page.contains("logo-labo.png"), "{page}");
    assert!(!page.contains("cid:"), "{page}");
    // Written by the build, so listed in its manifest.
    // An email without images: no files, no images on its page.
    let plain = LABO.replace("Content-Type: image/png", "Content-Type: application/octet-stream");
    let other = TestSite::new().issue("sans-image.eml", &plain).built();
    assert_eq!(
        std::fs::read_dir(other.public().join("issues/sans-image"))
            .expect("folder")
            .count(),
        1
    );
    assert!(!other.page("/issues/sans-image/").contains("class=\"images\""));
    let manifest = std::fs::read_to_string(site.public().join(".kiosque-manifest")).expect("manifest");
    assert!(
        manifest.contains(&format!("issues/{SLUG}/photo-d-equipe.png")),
        "{manifest}"
    );
}

#[test]
fn serve_writes_the_images_and_removes_them_with_their_issue() {
    use kiosque::testing::{DataFiles, Folder, Pipeline};
    use kiosque::{BuildOptions, Silent};
    use std::path::PathBuf;

    let site = TestSite::new().issue("labo-images.eml", LABO);
    let output = tempfile::tempdir().expect("temp dir");
    let folder = Folder(output.path().to_path_buf());
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(output.path().to_path_buf()),
        base_url: Some("http://127.0.0.1:1".into()),
        drafts: false,
        force: false,
    };
    let mut pipeline = Pipeline::new(&options, DataFiles::Later).expect("read");
    pipeline.run(&folder, &Silent).expect("built");
    let image = output.path().join(format!("issues/{SLUG}/photo-d-equipe.png"));
    assert!(png(3, 2)(&std::fs::read(&image).expect("the image served")));
    std::fs::remove_file(site.root().join("content/issues/labo-images.eml")).expect("remove");
    let gone = [PathBuf::from("content/issues/labo-images.eml")];
    pipeline.apply(&gone, &folder).expect("built");
    assert!(!image.exists(), "the image went with its issue");
}
