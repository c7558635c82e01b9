//! The site's language in what readers see: UI strings and dates
//! ("6 décembre 2023", "December 6, 2023").

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::config::Lang;

/// Every UI string of the default theme, available to templates as `t`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Strings {
    pub home: &'static str,
    pub latest: &'static str,
    pub archive: &'static str,
    pub tags: &'static str,
    pub companies: &'static str,
    pub issue: &'static str,
    pub issues: &'static str,
    pub stories: &'static str,
    pub mentions: &'static str,
    pub also: &'static str,
    pub introduction: &'static str,
    pub further_reading: &'static str,
    pub credits: &'static str,
    pub older: &'static str,
    pub newer: &'static str,
    pub older_issue: &'static str,
    pub newer_issue: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub mentioned_with: &'static str,
    pub related_tags: &'static str,
    pub website: &'static str,
    pub feed: &'static str,
    pub subscribe: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub in_issue: &'static str,
    pub skip_to_content: &'static str,
    pub all_years: &'static str,
    pub toc: &'static str,
    pub no_issues: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_no_js: &'static str,
    // Discovery: pagination, related issues, charts, the company index,
    // the subscribe link.
    pub pagination: &'static str,
    pub all_issues: &'static str,
    pub mention: &'static str,
    pub story: &'static str,
    pub related_issues: &'static str,
    pub mentions_per_month: &'static str,
    pub stories_per_month: &'static str,
    pub month: &'static str,
    pub show_figures: &'static str,
    pub by_name: &'static str,
    pub by_mentions: &'static str,
    pub subscribe_newsletter: &'static str,
    pub subscribe_cta: &'static str,
}

const FR: Strings = Strings {
    home: "Accueil",
    latest: "Derniers numéros",
    archive: "Archives",
    tags: "Thèmes",
    companies: "Entreprises",
    issue: "numéro",
    issues: "numéros",
    stories: "articles",
    mentions: "mentions",
    also: "Et aussi",
    introduction: "Introduction",
    further_reading: "Pour aller plus loin",
    credits: "Crédit photos",
    older: "Plus anciens",
    newer: "Plus récents",
    older_issue: "Numéro précédent",
    newer_issue: "Numéro suivant",
    page: "Page",
    of: "sur",
    previous_page: "Page précédente",
    next_page: "Page suivante",
    mentioned_with: "Souvent citées avec",
    related_tags: "Thèmes associés",
    website: "Site web",
    feed: "Flux Atom",
    subscribe: "S’abonner au flux",
    not_found: "Page introuvable",
    not_found_text: "Cette page n’existe pas ou plus.",
    back_home: "Retour à l’accueil",
    in_issue: "dans",
    skip_to_content: "Aller au contenu",
    all_years: "Toutes les années",
    toc: "Au sommaire",
    no_issues: "Aucun numéro pour l’instant.",
    search: "Recherche",
    search_label: "Chercher dans les archives",
    search_button: "Chercher",
    search_no_js:
        "La recherche a besoin de JavaScript, désactivé dans ce navigateur. Tous les numéros sont dans les archives :",
    pagination: "Pages",
    all_issues: "Numéros",
    mention: "mention",
    story: "article",
    related_issues: "À lire aussi",
    mentions_per_month: "Mentions par mois",
    stories_per_month: "Articles par mois",
    month: "Mois",
    show_figures: "Voir les chiffres",
    by_name: "De A à Z",
    by_mentions: "Par nombre de mentions",
    subscribe_newsletter: "S’abonner",
    subscribe_cta: "Recevoir la lettre par e-mail",
};

const EN: Strings = Strings {
    home: "Home",
    latest: "Latest issues",
    archive: "Archive",
    tags: "Topics",
    companies: "Companies",
    issue: "issue",
    issues: "issues",
    stories: "stories",
    mentions: "mentions",
    also: "Also in this issue",
    introduction: "Introduction",
    further_reading: "Further reading",
    credits: "Photo credits",
    older: "Older",
    newer: "Newer",
    older_issue: "Previous issue",
    newer_issue: "Next issue",
    page: "Page",
    of: "of",
    previous_page: "Previous page",
    next_page: "Next page",
    mentioned_with: "Often mentioned with",
    related_tags: "Related topics",
    website: "Website",
    feed: "Atom feed",
    subscribe: "Subscribe to the feed",
    not_found: "Page not found",
    not_found_text: "This page does not exist, or no longer does.",
    back_home: "Back to the home page",
    in_issue: "in",
    skip_to_content: "Skip to content",
    all_years: "All years",
    toc: "In this issue",
    no_issues: "No issues yet.",
    search: "Search",
    search_label: "Search the archive",
    search_button: "Search",
    search_no_js: "Search needs JavaScript, which is off in this browser. Every issue is listed in the archive:",
    pagination: "Pages",
    all_issues: "Issues",
    mention: "mention",
    story: "story",
    related_issues: "Related issues",
    mentions_per_month: "Mentions per month",
    stories_per_month: "Stories per month",
    month: "Month",
    show_figures: "Show the figures",
    by_name: "A to Z",
    by_mentions: "By mentions",
    subscribe_newsletter: "Subscribe",
    subscribe_cta: "Get the newsletter by email",
};

pub(crate) fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

// Month names written out rather than chrono's localized formatting
// (issue 11): chrono's `unstable-locales` feature (its name says it) brings
// pure-rust-locales, the tables of every glibc locale, for 24 words; and the
// French rules (`1er` for the first, a lowercase month in a date, a
// capitalised one as a heading) would still be ours.
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of a month (1-12), capitalised as a heading.
pub(crate) fn month_name(month: u32, lang: Lang) -> String {
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fr => {
            let name = MONTHS_FR[index];
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        Lang::En => MONTHS_EN[index].to_string(),
    }
}

/// `6 décembre 2023`, `1er mars 2024`, `December 6, 2023`.
pub(crate) fn long_date(date: NaiveDate, lang: Lang) -> String {
    let index = date.month0() as usize;
    match lang {
        Lang::Fr if date.day() == 1 => format!("1er {} {}", MONTHS_FR[index], date.year()),
        Lang::Fr => format!("{} {} {}", date.day(), MONTHS_FR[index], date.year()),
        Lang::En => format!("{} {}, {}", MONTHS_EN[index], date.day(), date.year()),
    }
}

/// The day of a date under its month's heading: `6`, `1er`.
pub(crate) fn day(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr if date.day() == 1 => "1er".to_string(),
        _ => date.day().to_string(),
    }
}

/// `mars 2024`, `March 2024`: a month in running text or a table.
pub(crate) fn month_year(year: i32, month: u32, lang: Lang) -> String {
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fr => format!("{} {year}", MONTHS_FR[index]),
        Lang::En => format!("{} {year}", MONTHS_EN[index]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let date = NaiveDate::from_ymd_opt(2023, 12, 6).unwrap();
        assert_eq!(long_date(date, Lang::Fr), "6 décembre 2023");
        assert_eq!(long_date(date, Lang::En), "December 6, 2023");
        let first = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(long_date(first, Lang::Fr), "1er mars 2024");
        assert_eq!(month_name(8, Lang::Fr), "Août");
    }
}
