//! axe-core on every kind of page, as a reader sees it in headless
//! Chromium: a small French site with an English issue, built and served
//! as a static host would, each page checked in the light and the dark
//! colour scheme, then at a phone's width. Any rule broken anywhere fails
//! the test, named with its page, scheme and elements.
//!
//! Needs Chromium and axe-core (tests/suite/common/browser.rs, axe.rs);
//! skipped without them unless CI requires them.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::common::axe::{axe_or_skip, violations};
use crate::common::browser::{build_and_serve, chromium_or_skip, open_page, start_chromium, wait_for, Cdp};

/// Two issues a page: three home pages, tag and company pages of two.
const SITE: &str = "title = \"La Lettre\"\ndescription = \"Une lettre sur les puces et les voitures\"\nlanguage = \"fr\"\nper_page = 2\nsubscribe_url = \"https://example.org/inscription\"\n";

const COMPANIES: &str = "[[company]]\nname = \"Nvidia\"\ndescription = \"Le fabricant américain de puces graphiques.\"\nurl = \"https://nvidia.example\"\n\n[[company]]\nname = \"Mistral AI\"\n\n[[company]]\nname = \"BYD\"\n\n[[company]]\nname = \"Tesla\"\n\n[[company]]\nname = \"Ubisoft\"\n\n[[company]]\nname = \"Émeraude\"\n";

const TAGS: &str = "[[tag]]\nname = \"Puces\"\nslug = \"puces\"\nkeywords = [\"puces\", \"chips\"]\n\n[[tag]]\nname = \"Voitures\"\nslug = \"voitures\"\nkeywords = [\"voitures\", \"cars\"]\n\n[[tag]]\nname = \"Jeux vidéo\"\nslug = \"jeux\"\nkeywords = [\"jeu vidéo\", \"studios\"]\n";

/// A French issue with teasers, stories with lead-ins, further reading
/// with and without a link, and photo credits.
const SEMAINE: &str = "La semaine des puces
Et aussi: Mistral AI lève des fonds - BYD accélère en Europe
Nvidia double ses ventes de puces
Le fabricant de puces annonce des ventes doublées sur un an, portées par la demande des centres de données et des laboratoires d’intelligence artificielle du monde entier.
Des marges record – Nvidia dégage une marge brute de plus de 70 %, du jamais vu pour un fabricant de matériel, et ses clients attendent des mois leurs commandes de puces.
Pour aller plus loin:
– Les résultats trimestriels de Nvidia <https://nvidia.example/resultats>
– Pourquoi les centres de données manquent de puces
Mistral AI lève des fonds
La jeune pousse parisienne Mistral AI négocie une levée de fonds qui la valoriserait à plusieurs milliards d’euros, et compte acheter des puces de Nvidia.
BYD accélère en Europe
Le constructeur chinois BYD ouvre une usine en Hongrie pour vendre ses voitures électriques en Europe sans payer les surtaxes décidées par Bruxelles.
Crédit photos: Nvidia - BYD
";

/// An English issue in the French site.
const UPDATE: &str = "The chips race goes on
Nvidia's new chips sell out before launch
The company says its next generation of chips is already sold out for the year, as cloud providers and research labs keep building larger data centres around the world.
Mistral AI opens an office in London
The Paris start-up Mistral AI is hiring engineers in London and says it will train its next models on chips bought from Nvidia, despite the long waiting lists.
";

const VOITURES: &str = "Les voitures électriques
BYD dépasse Tesla
Le constructeur chinois BYD a vendu plus de voitures électriques que l’américain Tesla au dernier trimestre, une première dans l’histoire du secteur automobile.
Tesla baisse ses prix
Pour défendre ses parts de marché, Tesla baisse encore le prix de ses voitures en Europe et en Chine, au risque de réduire ses marges déjà entamées.
";

const JEUX: &str = "Le jeu vidéo en crise
Des licenciements chez Ubisoft
L’éditeur Ubisoft annonce un nouveau plan de départs dans plusieurs studios en Europe, après une année de ventes décevantes pour le jeu vidéo.
Les puces des consoles
Les fabricants de consoles attendent des puces plus puissantes de Nvidia pour la prochaine génération, qui ne sortira pas avant deux ans.
";

const BANQUE: &str = "Les voitures d’occasion
Le marché de l’occasion repart
Les ventes de voitures d’occasion repartent à la hausse, portées par les modèles électriques de Tesla et de BYD revendus après trois ans de location.
";

/// Every kind of page: (name in the report, path and query after the site's URL).
const PAGES: [(&str, &str); 14] = [
    ("home", ""),
    ("home page 2", "page/2/"),
    ("issue", "issues/semaine/"),
    ("English issue", "issues/update/"),
    ("year", "archive/2024/"),
    ("archive", "archive/"),
    ("tags", "tags/"),
    ("tag", "tags/puces/"),
    ("companies", "companies/"),
    ("companies by mentions", "companies/#by-mentions"),
    ("company", "companies/nvidia/"),
    ("company page 2", "companies/nvidia/page/2/"),
    ("search", "search/?q=Nvidia"),
    ("404", "404.html"),
];

/// Writes the site into `dir`, builds it for the loopback port it is then
/// served on; returns the site's URL.
fn write_and_serve(dir: &Path) -> String {
    fs::write(dir.join("site.toml"), SITE).unwrap();
    fs::create_dir_all(dir.join("content/issues")).unwrap();
    fs::write(dir.join("content/companies.toml"), COMPANIES).unwrap();
    fs::write(dir.join("content/tags.toml"), TAGS).unwrap();
    let issues = [
        ("2024-03-06-semaine.txt", SEMAINE),
        ("2024-02-14-update.txt", UPDATE),
        ("2024-01-10-voitures.txt", VOITURES),
        ("2023-12-20-jeux.txt", JEUX),
        ("2023-11-08-occasion.txt", BANQUE),
    ];
    for (name, text) in issues {
        fs::write(dir.join("content/issues").join(name), text).unwrap();
    }
    build_and_serve(dir, "/")
}

/// Opens `url` and waits until it is loaded (and, on the search page,
/// until Pagefind shows its results).
fn visit(page: &mut Cdp, url: &str) {
    page.call("Page.navigate", json!({ "url": url })).expect("navigate");
    let loaded = format!("location.href === {url:?} && document.readyState === 'complete'");
    wait_for(url, Duration::from_secs(15), || {
        (page.eval(&loaded)? == true).then_some(())
    });
    if url.contains("/search/") {
        wait_for("search results", Duration::from_secs(20), || {
            let count = page.eval("document.querySelectorAll('.pagefind-ui__result').length")?;
            (count.as_u64()? > 0).then_some(())
        });
    }
}

/// Runs axe-core on every page in `scheme`; returns `page, scheme: rule`
/// lines, and the body's background colour (to tell the schemes apart).
fn check_pages(page: &mut Cdp, axe: &str, url: &str, scheme: &str, view: &str) -> (Vec<String>, Vec<String>) {
    let media = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
    page.call("Emulation.setEmulatedMedia", media)
        .expect("emulate the colour scheme");
    let mut found = Vec::new();
    let mut backgrounds = Vec::new();
    for (name, path) in PAGES {
        visit(page, &format!("{url}{path}"));
        for violation in violations(page, axe) {
            found.push(format!("{name} (/{path}), {scheme}{view}: {violation}"));
        }
        let background = page.eval("getComputedStyle(document.body).backgroundColor");
        backgrounds.push(background.map(|b| b.to_string()).unwrap_or_default());
    }
    (found, backgrounds)
}

#[test]
fn every_page_kind_passes_axe_in_light_dark_and_on_a_phone() {
    let Some(chromium) = chromium_or_skip("the pages' axe-core test") else {
        return;
    };
    let Some(axe) = axe_or_skip("the pages' axe-core test") else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let url = write_and_serve(site.path());
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&chromium, &profile.path().join("profile"));
    let mut page = open_page(port);
    let (mut found, light) = check_pages(&mut page, &axe, &url, "light", "");
    let (dark_found, dark) = check_pages(&mut page, &axe, &url, "dark", "");
    found.extend(dark_found);
    for ((name, _), (light, dark)) in PAGES.iter().zip(light.iter().zip(&dark)) {
        assert_ne!(light, dark, "{name}: the dark scheme was not applied");
    }
    let phone = json!({ "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": true });
    page.call("Emulation.setDeviceMetricsOverride", phone)
        .expect("a phone's viewport");
    let (phone_found, _) = check_pages(&mut page, &axe, &url, "light", ", phone");
    found.extend(phone_found);
    assert!(
        found.is_empty(),
        "axe-core found {} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}
