//! `kiosque new` and `kiosque init`: the files a new issue or a new site
//! starts from. Refuses to overwrite anything.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;

use crate::config::Lang;
use crate::load::{COMPANIES_FILE, CONFIG_FILE, ISSUES_DIR, TAGS_FILE};
use crate::slug::slugify;

/// Creates `content/issues/<date>-<slug>.txt` for a new issue; returns its path.
pub fn new_issue(root: &Path, title: &str, date: NaiveDate, lang: Lang) -> anyhow::Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letter or digit to name the file after");
    }
    let path = root
        .join(ISSUES_DIR)
        .join(format!("{}-{slug}.txt", date.format("%Y-%m-%d")));
    let text = match lang {
        Lang::Fr => format!(
        "{title}\nEt aussi: Deuxième sujet - Troisième sujet\nTitre du premier sujet\nPremier paragraphe du sujet, sur une seule ligne, terminé par un point.\nUne accroche – Un paragraphe qui commence par une accroche en gras.\nPour aller plus loin:\n– Un article à lire <https://example.com>\nCrédit photos: \n"
    ),
        Lang::En => format!(
            "{title}\nAlso in this issue: Second story - Third story\nHeadline of the first story\nFirst paragraph of the story, on a single line, ending with a period.\nA lead-in – A paragraph that opens with a bold lead-in.\nFurther reading:\n– An article to read <https://example.com>\nPhoto credits: \n"
        ),
    };
    create_new(&path, &text)?;
    Ok(path)
}

/// Creates a new site in `dir`: site.toml, a first issue, companies and tags.
pub fn init(dir: &Path, date: NaiveDate) -> anyhow::Result<()> {
    if dir.join(CONFIG_FILE).exists() {
        bail!("`{}` already holds a site (site.toml exists)", dir.display());
    }
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("Newsletter");
    create_new(
        &dir.join(CONFIG_FILE),
        &format!(
            "title = \"{name}\"\ndescription = \"The archive of our newsletter\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\nper_page = 10\n\n# Labels of your own, added to the French and English defaults:\n# [labels]\n# teasers = [\"On the menu\"]\n# further_reading = [\"Dig deeper\"]\n# credits = [\"Pictures\"]\n"
        ),
    )?;
    create_new(
        &dir.join(COMPANIES_FILE),
        "[[company]]\nname = \"OpenAI\"\nurl = \"https://openai.com\"\ndescription = \"The maker of ChatGPT.\"\n\n[[company]]\nname = \"X\"\naliases = [\"Twitter\"]\n",
    )?;
    create_new(
        &dir.join(TAGS_FILE),
        "[[tag]]\nname = \"Artificial intelligence\"\nslug = \"ai\"\nkeywords = [\"AI\", \"artificial intelligence\", \"chatbot\"]\n",
    )?;
    create_new(
        &dir.join(ISSUES_DIR).join(format!("{}-welcome.txt", date.format("%Y-%m-%d"))),
        "Welcome to the archive\nAlso in this issue: How issues are written\nThis is the first story of the first issue\nEach issue is a plain-text file, as it was emailed: the first line is its title, then the teasers, then the stories.\nLead-ins – A short phrase followed by a dash starts a paragraph with a bold lead-in. OpenAI and Twitter are found by the gazetteer.\nHow issues are written\nA short line that does not end like a sentence starts a new story; long lines are paragraphs.\nFurther reading:\n– The kiosque README <https://example.org>\nPhoto credits: kiosque\n",
    )?;
    create_new(&dir.join("static").join(".keep"), "")
}

fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!("`{}` already exists", path.display());
    }
    crate::output::write_file(path, text.as_bytes())
}
