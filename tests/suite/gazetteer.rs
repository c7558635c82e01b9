//! The example site's companies.toml finds the companies of the seed
//! issue, each with the sentence it stands in.

use std::path::PathBuf;

use kiosque::testing::{enrich_issue, parse_companies, parse_tags, SourceFile};
use kiosque::{Gazetteer, Lang};

use crate::common::parse_text;

fn source(rel: &str) -> SourceFile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    SourceFile {
        path: rel.into(),
        text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

#[test]
fn seed_companies_with_their_sentences() {
    let companies = parse_companies(Some(&source("content/companies.toml"))).expect("companies.toml");
    let tags = parse_tags(Some(&source("content/tags.toml"))).expect("tags.toml");
    assert!(companies.len() >= 60, "{} companies", companies.len());
    assert!(tags.len() >= 12, "{} tags", tags.len());
    let gazetteer = Gazetteer::new(companies, tags);
    let seed = "content/issues/2023-12-06-elon-musk-xai.txt";
    let issue = parse_text(seed, &source(seed).text, Lang::Fr);
    let issue = enrich_issue(issue, &gazetteer).expect("enrich");
    let expected = [
        "xai",
        "openai",
        "google",
        "anthropic",
        "deepmind",
        "microsoft",
        "tesla",
        "nvidia",
        "x",
        "spotify",
        "mistral-ai",
        "andreessen-horowitz",
        "salesforce",
        "bloomberg",
    ];
    for slug in expected {
        assert!(
            issue.companies.iter().any(|c| c == slug),
            "{slug} not found in {:?}",
            issue.companies
        );
    }
    let mention = |story: usize, slug: &str| -> String {
        issue.stories[story]
            .mentions
            .iter()
            .find(|m| m.company == slug)
            .map_or_else(
                || panic!("no mention of {slug} in story {story}"),
                |m| issue.stories[story].sentence(m).to_string(),
            )
    };
    assert_eq!(
        mention(2, "andreessen-horowitz"),
        "La majorité de cette somme (325 millions) serait apportée en fonds propres, notamment par le prestigieux fonds américain Andreessen Horowitz, qui investirait à lui seul 200 millions d’euros."
    );
    assert_eq!(
        mention(0, "x"),
        "Mais le milliardaire mettait en avant un “accès en temps réel” aux messages publiés sur X, l’ancien Twitter, ce qui lui permettrait de générer ses réponses à partir des toutes dernières informations."
    );
    assert!(mention(1, "spotify").contains("Spotify"));
    // Story 1 is about xAI; "Xavier" or "métaverse" would never match X or Meta.
    assert!(!issue.stories[2].companies.iter().any(|c| c == "x"));
}
