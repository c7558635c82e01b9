//! Slugs: lowercase ASCII words joined by hyphens, derived from any name
//! (`Société Générale` → `societe-generale`, `xAI` → `xai`).

/// The slug of `name`; empty when `name` has no letter or digit at all.
pub(crate) fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Whether `slug` is already in slug form (what a user may write in front matter).
pub(crate) fn is_slug(slug: &str) -> bool {
    !slug.is_empty() && slugify(slug) == slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(slugify("Mistral AI"), "mistral-ai");
        assert_eq!(slugify("xAI"), "xai");
        assert_eq!(slugify("Société Générale"), "societe-generale");
        assert_eq!(
            slugify("Elon Musk s'attaque à ChatGPT"),
            "elon-musk-s-attaque-a-chatgpt"
        );
        assert_eq!(slugify("Contre l’IA “woke”"), "contre-l-ia-woke");
        assert_eq!(slugify("  --  "), "");
        assert!(is_slug("mistral-ai"));
        assert!(!is_slug("Mistral AI"));
    }
}
