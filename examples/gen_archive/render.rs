//! An issue as kiosque's plain text (the seed's layout, one paragraph per
//! line) and as the equivalent Hugo Markdown page.

use std::fmt::Write; // writing to a String cannot fail

use crate::names::{q, Company, TAGS};
use crate::text::Issue;

/// `content/issues/YYYY-MM-DD-issue-NNNNN.txt`
pub(crate) fn plain_text(issue: &Issue) -> String {
    let mut out = String::with_capacity(12_000);
    out.push_str(&issue.title);
    out.push('\n');
    let teasers: Vec<&str> = issue.stories[1..].iter().map(|s| s.headline.as_str()).collect();
    let _ = writeln!(out, "Et aussi: {}", teasers.join(" - "));
    for story in &issue.stories {
        out.push_str(&story.headline);
        out.push('\n');
        for p in &story.paragraphs {
            if let Some(lead) = &p.lead {
                let _ = write!(out, "{lead} – ");
            }
            out.push_str(&p.text);
            out.push('\n');
        }
        out.push_str("Pour aller plus loin:\n");
        for (title, url) in &story.further {
            let _ = match url {
                Some(url) => writeln!(out, "– {title} <{url}>"),
                None => writeln!(out, "– {title}"),
            };
        }
    }
    let _ = writeln!(out, "Crédit photos: {}", issue.credits);
    out
}

/// `content/issues/issue-NNNNN.md` for Hugo: TOML front matter, one `##`
/// a story, `**Lead** – text`, further reading as a list.
pub(crate) fn markdown(issue: &Issue, companies: &[Company]) -> String {
    let mut out = String::with_capacity(12_500);
    let tags: Vec<String> = issue.tags.iter().map(|&t| q(TAGS[t].0)).collect();
    let names: Vec<String> = issue.companies.iter().map(|&c| q(&companies[c].name)).collect();
    let _ = write!(
        out,
        "+++\ntitle = {}\ndate = {}\ntags = [{}]\ncompanies = [{}]\n+++\n\n",
        q(&issue.title),
        issue.date,
        tags.join(", "),
        names.join(", ")
    );
    let teasers: Vec<&str> = issue.stories[1..].iter().map(|s| s.headline.as_str()).collect();
    let _ = writeln!(out, "Et aussi: {}", teasers.join(" - "));
    for story in &issue.stories {
        let _ = write!(out, "\n## {}\n", story.headline);
        for p in &story.paragraphs {
            out.push('\n');
            if let Some(lead) = &p.lead {
                let _ = write!(out, "**{lead}** – ");
            }
            out.push_str(&p.text);
            out.push('\n');
        }
        out.push_str("\nPour aller plus loin:\n\n");
        for (title, url) in &story.further {
            let _ = match url {
                Some(url) => writeln!(out, "- [{title}]({url})"),
                None => writeln!(out, "- {title}"),
            };
        }
    }
    let _ = write!(out, "\nCrédit photos: {}\n", issue.credits);
    out
}
