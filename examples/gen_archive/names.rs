//! The 300 companies and 60 tags, `companies.toml` and `tags.toml`, and the
//! start-up check that no filler piece can produce a company name or a tag
//! keyword by accident (so the generator knows every mention it wrote).

use std::collections::HashSet;

use crate::rng::Rng;
use crate::words::{
    COMPANY_FRAMES, COMPANY_SUBJECTS, COMPLEMENTS, CONJUNCTIONS, FURTHER, HEADLINES, INTRANSITIVE, KEYWORD_FRAMES,
    LEADS, OBJECTS, OPENERS, PHOTO_AGENCIES, SUBJECTS, TITLES, VERBS,
};

/// The 60 tags (lowercase names), most frequent first, with their keywords.
pub(crate) const TAGS: &[(&str, &[&str])] = &[
    (
        "intelligence artificielle",
        &["algorithme", "apprentissage automatique", "réseau neuronal", "chatbot"],
    ),
    ("semi-conducteurs", &["puce", "processeur", "fonderie"]),
    ("cloud", &["informatique en nuage", "hébergement", "serveur"]),
    ("cybersécurité", &["rançongiciel", "piratage", "cyberattaque", "faille"]),
    ("streaming", &["streaming", "vidéo à la demande", "podcast"]),
    ("smartphones", &["smartphone", "téléphone mobile", "tablette"]),
    ("télécoms", &["opérateur", "fibre optique", "antenne-relais"]),
    (
        "voiture électrique",
        &["batterie", "borne de recharge", "véhicule électrique"],
    ),
    ("spatial", &["fusée", "satellite", "lanceur", "orbite"]),
    ("jeux vidéo", &["console", "jeu vidéo", "manette"]),
    (
        "réseaux sociaux",
        &["réseau social", "influenceur", "publication virale"],
    ),
    ("e-commerce", &["commerce en ligne", "livraison", "place de marché"]),
    ("fintech", &["néobanque", "paiement mobile", "portefeuille numérique"]),
    ("cryptomonnaies", &["bitcoin", "blockchain", "jeton", "minage"]),
    ("régulation", &["régulateur", "amende", "sanction", "législation"]),
    ("emploi", &["licenciement", "plan de départs", "embauche"]),
    (
        "levées de fonds",
        &["levée de fonds", "capital-risque", "valorisation", "licorne"],
    ),
    ("bourse", &["introduction en bourse", "actionnariat", "cotation"]),
    ("rachats", &["acquisition", "rachat", "fusion"]),
    ("énergie", &["nucléaire", "éolienne", "panneau solaire", "hydrogène"]),
    ("santé", &["médicament", "hôpital", "télémédecine", "vaccin"]),
    ("biotech", &["génome", "thérapie génique", "biotechnologie"]),
    ("robotique", &["robot", "automate", "humanoïde"]),
    ("drones", &["drone", "pilotage à distance"]),
    ("mobilité", &["trottinette", "covoiturage", "vélo électrique"]),
    ("transport aérien", &["avion", "compagnie aérienne", "aéroport"]),
    (
        "logistique",
        &["entrepôt", "transporteur", "chaîne d’approvisionnement"],
    ),
    ("publicité", &["publicité", "annonceur", "ciblage"]),
    ("médias", &["journal", "rédaction", "audimat"]),
    ("musique", &["album", "maison de disques", "concert"]),
    ("cinéma", &["film", "box-office", "salle obscure"]),
    ("données personnelles", &["vie privée", "cookie", "consentement"]),
    ("open source", &["logiciel libre", "code source", "licence libre"]),
    ("quantique", &["ordinateur quantique", "qubit"]),
    (
        "réalité virtuelle",
        &["casque immersif", "métavers", "réalité augmentée"],
    ),
    ("objets connectés", &["montre connectée", "domotique", "capteur"]),
    ("éducation", &["école", "université", "formation en ligne"]),
    ("agriculture", &["agriculteur", "ferme verticale", "semence"]),
    ("alimentation", &["repas à domicile", "restaurant", "supermarché"]),
    ("immobilier", &["logement", "loyer", "promoteur"]),
    ("tourisme", &["hôtel", "location saisonnière", "voyagiste"]),
    (
        "climat",
        &["émissions de carbone", "réchauffement", "neutralité carbone"],
    ),
    ("recyclage", &["déchet", "économie circulaire", "reconditionné"]),
    ("défense", &["armée", "missile", "cyberdéfense"]),
    ("brevets", &["brevet", "propriété intellectuelle", "contrefaçon"]),
    ("antitrust", &["concurrence", "abus de position dominante", "monopole"]),
    ("fiscalité", &["impôt", "taxe numérique", "niche fiscale"]),
    ("télétravail", &["télétravail", "visioconférence", "bureau partagé"]),
    (
        "moteurs de recherche",
        &["moteur de recherche", "référencement", "requête"],
    ),
    ("navigateurs", &["navigateur", "extension", "onglet"]),
    ("messageries", &["messagerie", "chiffrement", "message éphémère"]),
    (
        "paiement",
        &["carte bancaire", "virement instantané", "terminal de paiement"],
    ),
    ("assurance", &["assureur", "sinistre", "prime d’assurance"]),
    ("mode", &["vêtement", "prêt-à-porter", "seconde main"]),
    ("luxe", &["maroquinerie", "joaillerie", "parfum"]),
    ("sport", &["droits sportifs", "club de football", "athlète"]),
    ("ordinateurs", &["ordinateur portable", "clavier", "écran tactile"]),
    ("cartographie", &["géolocalisation", "carte interactive", "itinéraire"]),
    (
        "photographie",
        &["appareil photo", "photographe", "objectif grand-angle"],
    ),
    ("impression 3d", &["imprimante", "fabrication additive"]),
];

/// A few hand-made company names, then invented stems fill up to 300.
pub(crate) const FIXED_COMPANIES: &[&str] = &[
    "Norvalis",
    "Kestrel Labs",
    "Banque Ardent",
    "Quantelis",
    "Orvanne Capital",
];
pub(crate) const STEM_HEADS: &[&str] = &[
    "Nor", "Kes", "Ar", "Bel", "Cal", "Dor", "El", "Fal", "Gar", "Hal", "Is", "Jor", "Kal", "Lor", "Mor", "Nal", "Or",
    "Pal", "Quar", "Ral", "Sel", "Tor", "Ul", "Var", "Wel", "Xan", "Yor", "Zel", "Bren", "Cor", "Dal", "Fen", "Gal",
    "Hel", "Lum", "Mar", "Nex", "Pra", "Ros", "Sol", "Tal", "Val", "Ver", "Zen", "Ast", "Cyr", "Ev", "Ol", "Tre", "Vi",
];
pub(crate) const STEM_TAILS: &[&str] = &[
    "valis", "trel", "den", "ora", "ix", "on", "ium", "ance", "ys", "eo", "ara", "en", "ide", "is", "ento", "ova",
    "ane", "ec", "iq", "ence", "ast", "or", "ima", "ulo", "eon", "ex",
];
pub(crate) const NAME_SUFFIXES: &[&str] = &[
    "Labs",
    "Systems",
    "Technologies",
    "Capital",
    "Robotics",
    "Énergie",
    "Santé",
    "Mobilité",
    "Data",
    "Networks",
    "Industries",
    "Games",
    "Media",
    "Bio",
    "Telecom",
    "Aero",
    "Finance",
    "Software",
    "Analytics",
    "Foods",
];
pub(crate) const NAME_PREFIXES: &[&str] = &[
    "Banque",
    "Groupe",
    "Laboratoires",
    "Éditions",
    "Compagnie",
    "Société",
    "Assurances",
    "Studios",
    "Fondation",
    "Maison",
];
pub(crate) const COMPANY_KINDS: &[&str] = &[
    "Start-up française",
    "Groupe européen",
    "Entreprise américaine",
    "Société allemande",
    "Jeune pousse parisienne",
    "Groupe industriel",
    "Éditeur nordique",
    "Entreprise familiale",
];

pub(crate) const COMPANY_COUNT: usize = 300;

#[derive(Debug, Clone)]
pub(crate) struct Company {
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub url: Option<String>,
}

/// The companies, most frequently mentioned first. They do not depend on
/// the seed: every corpus shares one gazetteer.
pub(crate) fn companies() -> Vec<Company> {
    let mut rng = Rng::new(0x6b69_6f73_7175_6500);
    let mut stems: HashSet<String> = HashSet::new();
    let mut names: Vec<(String, Option<String>)> = Vec::new();
    for name in FIXED_COMPANIES {
        let stem = name.split(' ').find(|w| !NAME_PREFIXES.contains(w)).unwrap_or(name);
        stems.insert(stem.to_string());
        let alias = (name.contains(' ') && !stem.eq(*name)).then(|| stem.to_string());
        names.push((name.to_string(), alias));
    }
    while names.len() < COMPANY_COUNT {
        let stem = format!("{}{}", rng.pick(STEM_HEADS), rng.pick(STEM_TAILS));
        if !stems.insert(stem.clone()) {
            continue;
        }
        let roll = rng.float();
        let name = if roll < 0.4 {
            stem.clone()
        } else if roll < 0.75 {
            format!("{stem} {}", rng.pick(NAME_SUFFIXES))
        } else {
            format!("{} {stem}", rng.pick(NAME_PREFIXES))
        };
        let alias = (name != stem && rng.chance(0.5)).then_some(stem);
        names.push((name, alias));
    }
    names
        .into_iter()
        .map(|(name, alias)| {
            let tag = TAGS[rng.range(0, TAGS.len() - 1)].0;
            let description = format!(
                "{} du secteur « {tag} ». Création : {}.",
                rng.pick(COMPANY_KINDS),
                rng.range(1950, 1989)
            );
            let url = rng.chance(0.5).then(|| format!("https://{}.example.com", slug(&name)));
            Company {
                name,
                aliases: alias.into_iter().collect(),
                description,
                url,
            }
        })
        .collect()
}

pub(crate) fn companies_toml(companies: &[Company]) -> String {
    let mut out = String::from("# Invented companies for the kiosque benchmark (bench/compare.sh).\n");
    for c in companies {
        out.push_str(&format!("\n[[company]]\nname = {}\n", q(&c.name)));
        if !c.aliases.is_empty() {
            let aliases: Vec<String> = c.aliases.iter().map(|a| q(a)).collect();
            out.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
        }
        if let Some(url) = &c.url {
            out.push_str(&format!("url = {}\n", q(url)));
        }
        out.push_str(&format!("description = {}\n", q(&c.description)));
    }
    out
}

pub(crate) fn tags_toml() -> String {
    let mut out = String::from("# Tags for the kiosque benchmark (bench/compare.sh).\n");
    for (name, keywords) in TAGS {
        let keywords: Vec<String> = keywords.iter().map(|k| q(k)).collect();
        out.push_str(&format!(
            "\n[[tag]]\nname = {}\nkeywords = [{}]\n",
            q(name),
            keywords.join(", ")
        ));
    }
    out
}

/// A TOML basic string.
pub(crate) fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Lowercase ASCII words joined by hyphens.
pub(crate) fn slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

fn tokens(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the words of `needle` occur, in order and adjacent, in `hay`.
fn contains_words(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (tokens(hay), tokens(needle));
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Panics when a filler piece could spell a tag keyword or a company name,
/// when a keyword contains another, or when names overlap.
pub(crate) fn check_vocabulary(companies: &[Company]) {
    let filler: Vec<&str> = [
        SUBJECTS,
        COMPANY_SUBJECTS,
        VERBS,
        OBJECTS,
        INTRANSITIVE,
        OPENERS,
        CONJUNCTIONS,
    ]
    .into_iter()
    .chain(COMPLEMENTS)
    .chain([
        COMPANY_FRAMES,
        KEYWORD_FRAMES,
        LEADS,
        HEADLINES,
        FURTHER,
        TITLES,
        PHOTO_AGENCIES,
    ])
    .flatten()
    .copied()
    .collect();
    for (i, pool) in COMPLEMENTS.iter().enumerate() {
        for c in *pool {
            assert_eq!(
                c.split_whitespace().count(),
                i + 1,
                "complement `{c}` is in the wrong pool"
            );
        }
    }
    let filler_tokens: HashSet<String> = filler.iter().flat_map(|s| tokens(s)).collect();
    let keywords: Vec<&str> = TAGS.iter().flat_map(|(_, k)| k.iter().copied()).collect();
    let tag_names: HashSet<&str> = TAGS.iter().map(|(n, _)| *n).collect();
    assert_eq!(tag_names.len(), 60, "60 distinct tags");
    for kw in &keywords {
        assert_eq!(kw.to_lowercase(), *kw, "keyword `{kw}` is not lowercase");
        assert!(
            tokens(kw).iter().any(|t| !filler_tokens.contains(t)),
            "keyword `{kw}` could appear in filler text"
        );
        for other in &keywords {
            assert!(
                kw == other || !contains_words(other, kw),
                "keyword `{kw}` is inside `{other}`"
            );
        }
    }
    let names: Vec<(usize, &str)> = companies
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .map(move |n| (i, n))
        })
        .collect();
    let slugs: HashSet<String> = companies.iter().map(|c| slug(&c.name)).collect();
    assert_eq!(slugs.len(), companies.len(), "company slugs are not unique");
    for (i, name) in &names {
        assert!(
            tokens(name).iter().any(|t| !filler_tokens.contains(t)),
            "company `{name}` could appear in filler text"
        );
        assert!(
            !keywords.iter().any(|k| contains_words(name, k)),
            "company `{name}` contains a keyword"
        );
        for (j, other) in &names {
            assert!(
                i == j || !contains_words(other, name),
                "company `{name}` is inside `{other}`"
            );
        }
    }
}
