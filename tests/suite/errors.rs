//! Bad input never panics: each problem is reported with its file and
//! line, all of them together, and a failed build leaves the previous
//! output as it was.

use crate::common::{snapshot, TestSite};

const GOOD: &str = "Un titre\nEt aussi: Deux\nPremier sujet du jour\nUn paragraphe qui est assez long pour être un paragraphe, et qui finit par un point.\nDeux\nUn autre paragraphe, lui aussi terminé comme une phrase.\n";

#[test]
fn missing_date_names_the_file() {
    let site = TestSite::new().issue("sans-date.txt", GOOD);
    let errors = site.errors();
    assert!(errors.contains("missing date"), "{errors}");
    assert!(errors.contains("--> content/issues/sans-date.txt:1"), "{errors}");
}

#[test]
fn bad_front_matter_toml_has_its_position() {
    let site = TestSite::new().issue(
        "2024-01-02-x.txt",
        &format!("+++\nnumber = 3\ntags = [\"ia\"\n+++\n{GOOD}"),
    );
    let errors = site.errors();
    assert!(errors.contains("front matter: invalid TOML"), "{errors}");
    assert!(errors.contains("--> content/issues/2024-01-02-x.txt:4:1"), "{errors}");
}

#[test]
fn unclosed_front_matter() {
    let site = TestSite::new().issue("2024-01-02-x.txt", &format!("+++\nnumber = 3\n{GOOD}"));
    assert!(site.errors().contains("never closed"));
}

#[test]
fn bad_site_toml() {
    let site = TestSite::new()
        .file("site.toml", "title = \"x\"\nper_page = \"dix\"\n")
        .issue("2024-01-02-x.txt", GOOD);
    let errors = site.errors();
    assert!(errors.contains("--> site.toml:2:"), "{errors}");
}

#[test]
fn bad_companies_toml() {
    let site = TestSite::new()
        .file(
            "content/companies.toml",
            "[[company]]\nname = \"A\"\n\n[[company]]\nnom = \"B\"\n",
        )
        .issue("2024-01-02-x.txt", GOOD);
    let errors = site.errors();
    assert!(errors.contains("--> content/companies.toml:"), "{errors}");
    assert!(errors.contains("nom"), "{errors}");
}

#[test]
fn duplicate_slug_names_both_files() {
    let site = TestSite::new()
        .issue("2024-01-02-meme.txt", GOOD)
        .issue("2024-02-03-autre.txt", &format!("+++\nslug = \"meme\"\n+++\n{GOOD}"));
    let errors = site.errors();
    assert!(errors.contains("duplicate slug `meme`"), "{errors}");
    assert!(errors.contains("content/issues/2024-01-02-meme.txt"), "{errors}");
    assert!(errors.contains("content/issues/2024-02-03-autre.txt"), "{errors}");
}

#[test]
fn unknown_company_and_tag_in_front_matter() {
    let site = TestSite::new()
        .file("content/companies.toml", "[[company]]\nname = \"OpenAI\"\n")
        .file("content/tags.toml", "[[tag]]\nname = \"IA\"\nkeywords = [\"IA\"]\n")
        .issue(
            "2024-01-02-x.txt",
            &format!("+++\ntags = [\"ia\", \"cuisine\"]\ncompanies = [\"openai\", \"acme\"]\n+++\n{GOOD}"),
        );
    let errors = site.errors();
    assert!(errors.contains("unknown tag `cuisine`"), "{errors}");
    assert!(errors.contains("--> content/issues/2024-01-02-x.txt:2"), "{errors}");
    assert!(errors.contains("unknown company `acme`"), "{errors}");
    assert!(errors.contains("--> content/issues/2024-01-02-x.txt:3"), "{errors}");
}

#[test]
fn invalid_utf8_points_at_the_line() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"Une ligne en latin-1: caf\xe9\n");
    let site = TestSite::new().bytes("content/issues/2024-01-02-x.txt", &bytes);
    let errors = site.errors();
    assert!(errors.contains("invalid UTF-8"), "{errors}");
    assert!(errors.contains("--> content/issues/2024-01-02-x.txt:7:"), "{errors}");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = TestSite::new()
        .file(
            "templates/issue.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ issue.title \n{% endblock content %}\n",
        )
        .issue("2024-01-02-x.txt", GOOD);
    let errors = site.errors();
    assert!(errors.contains("template `issue.html`"), "{errors}");
    assert!(errors.contains("--> templates/issue.html:4:1"), "{errors}");
}

#[test]
fn template_runtime_errors_name_the_template() {
    let site = TestSite::new()
        .file("templates/issue.html", "<p>\n{{ issue.nothing_here.at_all }}")
        .issue("2024-01-02-x.txt", GOOD);
    let errors = site.errors();
    assert!(errors.contains("template `issue.html`"), "{errors}");
    assert!(errors.contains("--> templates/issue.html:2:"), "{errors}");
    assert_eq!(
        errors.matches("error:").count(),
        1,
        "one error, not one per page: {errors}"
    );
}

#[test]
fn all_errors_are_reported_together() {
    let site = TestSite::new()
        .issue("sans-date.txt", GOOD)
        .issue("2024-01-02-x.txt", &format!("+++\nnumber = \n+++\n{GOOD}"))
        .file("content/tags.toml", "[[tag]\n");
    let errors = site.errors();
    assert!(errors.contains("3 errors"), "{errors}");
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD).built();
    let before = snapshot(&site.public());
    assert!(!before.is_empty());
    let site = site.issue("sans-date.txt", GOOD);
    site.errors();
    assert_eq!(snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("root")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kiosque"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}

#[test]
fn refuses_to_write_over_the_sources() {
    let site = TestSite::new().issue("2024-01-02-x.txt", GOOD);
    for output in [".", "content", "..", "templates/out"] {
        let result = kiosque::build(&kiosque::BuildOptions {
            root: site.root().to_path_buf(),
            output: Some(output.into()),
            ..Default::default()
        });
        let error = crate::common::error_text(&result.expect_err(output));
        assert!(error.contains("refusing"), "{output}: {error}");
    }
    let site = site.file("site.toml", "output_dir = \"../elsewhere\"\n");
    assert!(site.errors().contains("pass it with --output"));
    assert!(site.root().join("content/issues/2024-01-02-x.txt").exists());
}

#[test]
fn odd_inputs_do_not_panic() {
    let odd = [
        "",
        "\n\n\n",
        "+++\n+++\n",
        "Titre seul",
        "– – –\n–\n-\n•",
        "Et aussi:\nPour aller plus loin:\nCrédit photos:",
        "Titre\nPour aller plus loin:\n– [](https://)\n– <http://>\n",
        "\u{feff}Titre\r\nUn paragraphe.\r\n",
        "Titre\n\u{0}\u{1}\u{7f}",
    ];
    let mut site = TestSite::new();
    for (i, text) in odd.iter().enumerate() {
        site = site
            .issue(&format!("2024-01-{:02}-odd.txt", i + 1), text)
            .issue(&format!("2024-02-{:02}-odd.md", i + 1), text);
    }
    // Whatever the outcome, it is a value, not a panic.
    let _ = site.build();
}

#[test]
fn unchanged_files_are_not_rewritten_and_stale_ones_go() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new()
        .issue("2024-01-02-x.txt", GOOD)
        .issue("2024-01-09-y.txt", GOOD)
        .built();
    let page = site.public().join("issues/x/index.html");
    let before = std::fs::metadata(&page).expect("page").ino();
    let site = site.built();
    assert_eq!(
        std::fs::metadata(&page).expect("page").ino(),
        before,
        "an unchanged page keeps its file"
    );
    std::fs::remove_file(site.root().join("content/issues/2024-01-09-y.txt")).expect("remove");
    let site = site.built();
    assert!(
        !site.public().join("issues/y").exists(),
        "a deleted issue's page is gone"
    );
    assert!(!site.page("/").contains("/issues/y/"));
}
