//! `kiosque new` and `kiosque init`: the files a new issue or a new site
//! starts from. Refuses to overwrite anything.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;

use crate::config::Lang;
use crate::labels::Labels;
use crate::load::{SourceFile, COMPANIES_FILE, CONFIG_FILE, ISSUES_DIR, TAGS_FILE};
use crate::parse::{parse_issue, ParseOptions};
use crate::slug::slugify;

/// Creates `content/issues/<date>-<slug>.txt` for a new issue; returns its
/// path. The title is the file's first line, or goes into front matter
/// when a first line would not read back as it (`Et aussi: x` is a label);
/// a title that is not one line is refused.
pub fn new_issue(root: &Path, title: &str, date: NaiveDate, lang: Lang, labels: &Labels) -> anyhow::Result<PathBuf> {
    let title = title.trim();
    if title
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        bail!("the title holds a line break or a control character: an issue's title is one line");
    }
    let slug = slugify(title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letter or digit to name the file after");
    }
    let rel = Path::new(ISSUES_DIR).join(format!("{}-{slug}.txt", date.format("%Y-%m-%d")));
    let body = sample_body(lang);
    let options = ParseOptions {
        labels,
        allow_html: false,
        lang,
        timezone: &jiff::tz::TimeZone::UTC,
    };
    let reads_back = |text: &str| {
        let file = SourceFile {
            path: rel.clone(),
            text: text.to_string(),
        };
        parse_issue(&file, options).is_ok_and(|issue| issue.title == title)
    };
    let first_line = format!("{title}\n{body}");
    let front_matter = format!("+++\ntitle = {}\n+++\n{body}", toml::Value::String(title.to_string()));
    let Some(text) = [first_line, front_matter].into_iter().find(|text| reads_back(text)) else {
        bail!("the title `{title}` would not read back as the issue's title");
    };
    let path = root.join(&rel);
    create_new(&path, &text)?;
    Ok(path)
}

/// What follows the title in a new issue: an example of each part.
fn sample_body(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Et aussi: Deuxième sujet - Troisième sujet\nTitre du premier sujet\nPremier paragraphe du sujet, sur une seule ligne, terminé par un point.\nUne accroche – Un paragraphe qui commence par une accroche en gras.\nPour aller plus loin:\n– Un article à lire <https://example.com>\nCrédit photos: \n",
        Lang::En => "Also in this issue: Second story - Third story\nHeadline of the first story\nFirst paragraph of the story, on a single line, ending with a period.\nA lead-in – A paragraph that opens with a bold lead-in.\nFurther reading:\n– An article to read <https://example.com>\nPhoto credits: \n",
    }
}

/// What a new site keeps out of git: the output, and the previous site,
/// the lock and the folders of killed builds that a build keeps beside it.
const GITIGNORE: &str = "/public/\n/.public.kiosque-*\n";

/// Creates a new site in `dir`: site.toml, a first issue, companies and
/// tags, and a .gitignore (unless the folder has one).
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
    if !dir.join(".gitignore").exists() {
        create_new(&dir.join(".gitignore"), GITIGNORE)?;
    }
    create_new(&dir.join("static").join(".keep"), "")
}

fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!("`{}` already exists", path.display());
    }
    crate::output::write_file(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(title: &str) -> anyhow::Result<String> {
        let dir = tempfile::tempdir()?;
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default();
        let path = new_issue(dir.path(), title, day, Lang::Fr, &Labels::default())?;
        Ok(std::fs::read_to_string(path)?)
    }

    #[test]
    fn a_plain_title_is_the_first_line() {
        let text = new("Mon numéro").unwrap();
        assert!(text.starts_with("Mon numéro\nEt aussi:"), "{text}");
    }

    #[test]
    fn a_title_that_reads_as_a_label_goes_into_front_matter() {
        let text = new("Et aussi: x").unwrap();
        assert!(text.starts_with("+++\ntitle = \"Et aussi: x\"\n+++\n"), "{text}");
        let text = new("Pour aller plus loin").unwrap();
        assert!(text.starts_with("+++\n"), "{text}");
    }

    #[test]
    fn a_title_of_several_lines_is_refused() {
        let error = new("Un titre\nsur deux lignes").unwrap_err().to_string();
        assert!(error.contains("line break"), "{error}");
        assert!(new("Un\u{b}titre").is_err());
    }
}
