//! What in an HTML email is its chrome rather than its content: hidden
//! text (the preheader), "view in browser" links, social icons, buttons to
//! subscribe or share, the unsubscribe footer, tracking pixels and spacers.

use html5ever::tokenizer::Tag;

/// The value of attribute `name` of `tag`, if any.
pub(super) fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
}

/// `style` without spaces, lowercased: `display: none` → `display:none`.
fn style(tag: &Tag) -> String {
    attr(tag, "style")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// An element a reader never sees: `display:none`, `visibility:hidden`,
/// `hidden`, a zero-height box (the preheader's usual disguises).
pub(super) fn is_hidden(tag: &Tag) -> bool {
    let style = style(tag);
    let names = format!(
        "{} {}",
        attr(tag, "class").unwrap_or_default(),
        attr(tag, "id").unwrap_or_default()
    )
    .to_lowercase();
    attr(tag, "hidden").is_some()
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.contains("max-height:0")
        || style.contains("font-size:0")
        || style.contains("opacity:0;")
        || style.ends_with("opacity:0")
        || names.split_whitespace().any(|c| {
            matches!(
                c,
                "preheader" | "preview" | "preview-text" | "previewtext" | "mcnpreviewtext"
            )
        })
}

/// A pixel, a spacer or a tracker: an image of 1 or 2 pixels, or one
/// named so.
pub(super) fn is_invisible_image(tag: &Tag) -> bool {
    let tiny = |name: &str| {
        attr(tag, name)
            .map(|v| v.trim().trim_end_matches("px").trim())
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|n| n <= 2)
    };
    let style = style(tag);
    let src = attr(tag, "src").unwrap_or_default().to_lowercase();
    tiny("width")
        || tiny("height")
        || style.contains("width:1px")
        || style.contains("height:1px")
        || ["spacer", "pixel", "blank.gif", "/open", "track"]
            .iter()
            .any(|w| src.contains(w))
}

/// Narrowest image, in pixels, that is content rather than an icon (a
/// social network's, an emoji, a bullet).
const ICON_MAX_PIXELS: u32 = 48;

/// An image that decorates rather than shows: an icon (narrower or lower
/// than `ICON_MAX_PIXELS` as written), a logo, a badge, a button (so
/// named in its address, class or id).
pub(super) fn is_decorative_image(tag: &Tag) -> bool {
    let small = |name: &str| {
        attr(tag, name)
            .map(|v| v.trim().trim_end_matches("px").trim())
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|n| n < ICON_MAX_PIXELS)
    };
    let names = ["src", "class", "id"]
        .iter()
        .map(|a| attr(tag, a).unwrap_or_default().to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    // Words of the names, so that `silicon.jpg` is no icon.
    let named = names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| DECORATIONS.iter().any(|d| word.starts_with(d)));
    small("width") || small("height") || named
}

/// How the address, class or id of an icon, a logo or a button begins
/// one of its words.
const DECORATIONS: &[&str] = &["logo", "icon", "badge", "emoji", "social", "button", "btn", "cta"];

const SOCIAL_HOSTS: &[&str] = &[
    "facebook.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "instagram.com",
    "youtube.com",
    "tiktok.com",
    "mastodon.social",
    "threads.net",
    "bsky.app",
    "pinterest.com",
    "t.me",
    "whatsapp.com",
];

/// A link to a social network's page (an icon in the header or footer).
pub(super) fn is_social(href: &str) -> bool {
    let rest = href.split_once("://").map_or(href, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    SOCIAL_HOSTS
        .iter()
        .any(|s| host == *s || host.ends_with(&format!(".{s}")))
}

/// What a link's text says when it leads out of the newsletter: to unsubscribe.
const UNSUBSCRIBE: &[&str] = &[
    "unsubscribe",
    "désinscri",
    "desinscri",
    "désabonn",
    "desabonn",
    "se désinscrire",
    "manage your subscription",
    "update your preferences",
    "gérer votre abonnement",
    "gérer mes préférences",
];

/// What a link to the web version says, anywhere in its text.
const WEB_VERSION: &[&str] = &[
    "in your browser",
    "in browser",
    "view online",
    "web version",
    "version en ligne",
    "version web",
    "navigateur",
];

/// What a button to subscribe, share or forward starts with.
const ACTIONS: &[&str] = &[
    "subscribe",
    "s'abonner",
    "s’abonner",
    "abonnez-vous",
    "share",
    "partager",
    "forward to a friend",
    "transférer à un ami",
];

/// How a footer line starts or what it says (merge tags removed).
const FOOTER_LINES: &[&str] = &[
    "all rights reserved",
    "tous droits réservés",
    "our mailing address",
    "notre adresse",
    "you are receiving this",
    "you received this",
    "you're receiving this",
    "vous recevez cet",
    "vous avez reçu cet",
];

/// The link leads to the unsubscribe page (`href` or text say so).
pub(super) fn is_unsubscribe(text: &str, href: &str) -> bool {
    let text = text.to_lowercase();
    let href = href.to_lowercase();
    UNSUBSCRIBE.iter().any(|w| text.contains(w)) || href.contains("unsubscribe") || href.contains("*|unsub|*")
}

/// A line of the footer: copyright, address, why the reader gets the email.
pub(super) fn is_footer_line(line: &str) -> bool {
    let line = line.to_lowercase();
    line.starts_with("copyright") || line.starts_with('©') || FOOTER_LINES.iter().any(|w| line.contains(w))
}

/// `text` without Mailchimp's merge tags (`*|LIST:COMPANY|*`).
pub(super) fn without_merge_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("*|") {
        let Some(len) = rest[start + 2..].find("|*") else { break };
        out.push_str(&rest[..start]);
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The link is the email's own chrome (web version, subscribe, share).
pub(super) fn is_chrome_link(text: &str, href: &str) -> bool {
    let text = text.to_lowercase();
    let href = href.to_lowercase();
    let short = text.split_whitespace().count() <= 8;
    (short && (WEB_VERSION.iter().any(|w| text.contains(w)) || ACTIONS.iter().any(|w| text.starts_with(w))))
        || href.contains("/share?")
        || href.contains("sharer")
}

/// `https://host` or `https://host/`: a site's home page.
pub(super) fn is_home_page(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(_, rest)| !rest.trim_end_matches('/').contains(['/', '?', '#']))
}
