//! The images of an email (`.eml`): each `image/*` part, inline (shown by
//! the HTML part as `cid:…`) or attached, becomes an `Asset` written beside
//! the issue's page, with a safe, unique name whose extension comes from
//! its type; the HTML's `cid:` references become that name. Only raster
//! types whose bytes match, each at most `MAX_IMAGE_BYTES`; remote images
//! (`https://…`) stay as they are, never fetched.

use std::sync::Arc;

use mail_parser::{Message, MessagePart, MimeHeaders};

use crate::model::Asset;
use crate::slug::slugify;

/// The largest image kept from an email; larger ones are left out.
pub(super) const MAX_IMAGE_BYTES: usize = 2_000_000;

/// An image of the email and the `Content-ID` that shows it inline.
struct Image {
    asset: Asset,
    content_id: Option<String>,
}

/// The images of `message`, in the order of its parts.
fn images(message: &Message<'_>) -> Vec<Image> {
    let mut names: Vec<String> = Vec::new();
    let mut images = Vec::new();
    for part in &message.parts {
        let Some(extension) = image_extension(part) else {
            continue;
        };
        let bytes = part.contents();
        if bytes.len() > MAX_IMAGE_BYTES || !starts_like(extension, bytes) {
            continue;
        }
        let original = part.attachment_name().unwrap_or_default();
        let name = unique_name(&names, original, extension);
        names.push(name.clone());
        let content_id = part
            .content_id()
            .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|id| !id.is_empty());
        images.push(Image {
            asset: Asset {
                name,
                alt: alt_text(original),
                bytes: Arc::from(bytes),
            },
            content_id,
        });
    }
    images
}

/// The assets of `message`, and `html` with its `cid:` references to
/// them replaced by their file names.
pub(super) fn take(message: &Message<'_>, html: Option<&str>) -> (Vec<Asset>, Option<String>) {
    let images = images(message);
    let html = html.map(|html| {
        let mut html = html.to_string();
        for image in &images {
            if let Some(id) = &image.content_id {
                html = replace_cid(&html, id, &image.asset.name);
            }
        }
        html
    });
    (images.into_iter().map(|i| i.asset).collect(), html)
}

/// `cid:ID` (any case of `cid:`) → `name`, where it stands whole (the
/// next character ends an attribute value).
fn replace_cid(html: &str, id: &str, name: &str) -> String {
    let needle = format!("cid:{id}");
    let lower = html.to_ascii_lowercase();
    let needle_lower = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(&needle_lower) {
        let end = at + needle.len();
        let whole = html[end..].starts_with(['"', '\'', ' ', '>', ')']) || end == html.len();
        if at < last || !whole {
            continue;
        }
        out.push_str(&html[last..at]);
        out.push_str(name);
        last = end;
    }
    out.push_str(&html[last..]);
    out
}

/// The file extension of an image part of a raster type kiosque keeps:
/// `image/png` → `png`. SVG is left out (it may carry scripts).
fn image_extension(part: &MessagePart<'_>) -> Option<&'static str> {
    let content_type = part.content_type()?;
    if !content_type.ctype().eq_ignore_ascii_case("image") {
        return None;
    }
    match content_type.subtype()?.to_ascii_lowercase().as_str() {
        "png" => Some("png"),
        "jpeg" | "jpg" | "pjpeg" => Some("jpg"),
        "gif" => Some("gif"),
        "webp" => Some("webp"),
        _ => None,
    }
}

/// Whether `bytes` start as an image of `extension` does: a part whose
/// type lies is not written.
fn starts_like(extension: &str, bytes: &[u8]) -> bool {
    match extension {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP",
        _ => false,
    }
}

/// `../../Photo d'équipe.PNG` → `photo-d-equipe.png`; `image.png`,
/// `image-2.png`… when there is no name or it is taken.
fn unique_name(taken: &[String], original: &str, extension: &str) -> String {
    let file = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let mut base = slugify(stem);
    base.truncate(60);
    let base = match base.trim_end_matches('-') {
        "" => "image".to_string(),
        trimmed => trimmed.to_string(),
    };
    let mut name = format!("{base}.{extension}");
    let mut count = 1;
    while taken.contains(&name) {
        count += 1;
        name = format!("{base}-{count}.{extension}");
    }
    name
}

/// The attachment's name without its folders and extension, as alt text.
fn alt_text(original: &str) -> String {
    let file = original.rsplit(['/', '\\']).next().unwrap_or_default();
    file.rsplit_once('.').map_or(file, |(stem, _)| stem).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique() {
        let taken = vec!["logo.png".to_string()];
        assert_eq!(unique_name(&taken, "logo.PNG", "png"), "logo-2.png");
        assert_eq!(
            unique_name(&[], "../../Photo d'équipe.PNG", "png"),
            "photo-d-equipe.png"
        );
        assert_eq!(unique_name(&[], "", "jpg"), "image.jpg");
        assert_eq!(unique_name(&[], "..", "gif"), "image.gif");
        assert_eq!(unique_name(&[], "index.html", "png"), "index.png");
    }

    #[test]
    fn cid_references_become_names() {
        let html = r#"<img src="cid:Logo@x"><img src='cid:logo@x.y'><a href="cid:logo@x">"#;
        assert_eq!(
            replace_cid(html, "logo@x", "logo.png"),
            r#"<img src="logo.png"><img src='cid:logo@x.y'><a href="logo.png">"#
        );
    }
}
