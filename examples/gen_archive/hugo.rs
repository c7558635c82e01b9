//! The Hugo twin of the kiosque site: `hugo.toml` for the Hugo version at
//! hand and the layouts kept in `bench/hugo-layouts/`.

use std::fs;
use std::io;
use std::path::Path;

/// The layouts, named as Hugo 0.146 and later look them up: one top-level
/// template per kind of page (`home`, `page`, `section`, `taxonomy`,
/// `term`), partials in `_partials/`. (The `_default/` names of older
/// Hugos are no longer read the same way.)
const LAYOUTS: &[(&str, &str)] = &[
    ("baseof.html", include_str!("../../bench/hugo-layouts/baseof.html")),
    ("home.html", include_str!("../../bench/hugo-layouts/home.html")),
    ("page.html", include_str!("../../bench/hugo-layouts/page.html")),
    ("section.html", include_str!("../../bench/hugo-layouts/section.html")),
    ("taxonomy.html", include_str!("../../bench/hugo-layouts/taxonomy.html")),
    ("term.html", include_str!("../../bench/hugo-layouts/term.html")),
    ("rss.xml", include_str!("../../bench/hugo-layouts/rss.xml")),
    ("404.html", include_str!("../../bench/hugo-layouts/404.html")),
    (
        "_partials/card.html",
        include_str!("../../bench/hugo-layouts/_partials/card.html"),
    ),
    (
        "_partials/pager.html",
        include_str!("../../bench/hugo-layouts/_partials/pager.html"),
    ),
];

const STYLE: &str = include_str!("../../bench/hugo-layouts/style.css");

/// `major.minor` of the Hugo that will build the site: the config syntax
/// for pagination and feed length changed on the way.
pub(crate) fn config(version: (u32, u32), title: &str, description: &str) -> String {
    let pagination = if version >= (0, 128) {
        "[pagination]\n  pagerSize = 10\n"
    } else {
        "paginate = 10\n"
    };
    let (rss_top, rss_section) = if version >= (0, 114) {
        ("", "[services.rss]\n  limit = 20\n")
    } else {
        ("rssLimit = 20\n", "")
    };
    format!(
        r#"# Hugo twin of the kiosque benchmark site (examples/gen_archive).
baseURL = "https://bench.example.org/"
languageCode = "fr"
defaultContentLanguage = "fr"
title = "{title}"
# The issues run from 1990 into the future for large N.
buildFuture = true
enableRobotsTXT = true
{rss_top}{pagination_top}
[taxonomies]
  tag = "tags"
  company = "companies"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
  page = ["HTML"]

[params]
  description = "{description}"

[markup.tableOfContents]
  startLevel = 2
  endLevel = 2
{pagination_table}{rss_section}"#,
        pagination_top = if version >= (0, 128) { "" } else { pagination },
        pagination_table = if version >= (0, 128) { pagination } else { "" },
    )
}

/// Writes `hugo.toml`, `layouts/` and `static/style.css` into `dir`.
pub(crate) fn write_site(dir: &Path, version: (u32, u32), title: &str, description: &str) -> io::Result<()> {
    fs::write(dir.join("hugo.toml"), config(version, title, description))?;
    let layouts = dir.join("layouts");
    if layouts.exists() {
        fs::remove_dir_all(&layouts)?;
    }
    for (path, text) in LAYOUTS {
        let path = layouts.join(path);
        fs::create_dir_all(path.parent().expect("a layout has a folder"))?;
        fs::write(path, text)?;
    }
    fs::create_dir_all(dir.join("static"))?;
    fs::write(dir.join("static/style.css"), STYLE)
}
