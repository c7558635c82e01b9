//! Email issues (`.eml`, as received): MIME through mail-parser, which
//! decodes every transfer encoding and charset. The email becomes the text
//! of an issue with TOML front matter: `Subject` → title (list prefixes
//! such as `[La Lettre Tech]` and forward prefixes such as `Fwd:`, `TR:`
//! removed), `Date` → date (the day it was sent in the site's time zone),
//! `Message-ID` → `message_id`, body → the `text/plain` alternative when
//! it is the real text of the issue, else the `text/html` part (read as an
//! HTML issue). Its images become assets (`parse::email_images`).

use std::path::Path;

use chrono::NaiveDate;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use crate::error::ContentError;
use crate::model::Asset;
use crate::parse::{email_images, html};

/// What an email's body is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyFormat {
    Text,
    Html,
}

/// The email as the text of an issue: front matter and body, and the
/// images to write beside its page.
pub(super) struct EmailIssue {
    pub text: String,
    pub format: BodyFormat,
    pub assets: Vec<Asset>,
}

/// The bytes of an `.eml` file: `load` reads each byte as one character
/// (U+0000–U+00FF) so that any charset survives; text given as UTF-8
/// (a character above U+00FF) is taken as it is.
fn raw_bytes(text: &str) -> Vec<u8> {
    if text.chars().any(|c| u32::from(c) > 0xFF) {
        return text.as_bytes().to_vec();
    }
    text.chars().map(|c| u32::from(c) as u8).collect()
}

/// Reads the email of `path` into the text of an issue, dated in `zone`.
pub(super) fn to_issue(path: &Path, text: &str, zone: &TimeZone) -> Result<EmailIssue, ContentError> {
    let bytes = raw_bytes(text);
    let message = MessageParser::default()
        .parse(&bytes[..])
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| ContentError::new(path, "not an email: no MIME headers could be read"))?;
    check_charsets(path, &message)?;
    let (body, format) = choose_body(&message)
        .ok_or_else(|| ContentError::new(path, "the email has no body: no text/plain or text/html part"))?;
    let (assets, html) = email_images::take(&message, (format == BodyFormat::Html).then_some(body.as_str()));
    let body = html.unwrap_or(body);
    let mut front = String::from("+++\n");
    if let Some(subject) = message.subject().map(clean_subject).filter(|s| !s.is_empty()) {
        front.push_str(&format!("title = {}\n", toml::Value::String(subject)));
    }
    if let Some(day) = message.date().and_then(|d| day_in(zone, d.to_timestamp())) {
        front.push_str(&format!("date = {}\n", day.format("%Y-%m-%d")));
    }
    if let Some(id) = message.message_id().map(str::trim).filter(|id| !id.is_empty()) {
        front.push_str(&format!("message_id = {}\n", toml::Value::String(id.to_string())));
    }
    front.push_str("+++\n");
    front.push_str(&body);
    Ok(EmailIssue {
        text: front,
        format,
        assets,
    })
}

/// The day it is in `zone` at `seconds` since the Unix epoch.
fn day_in(zone: &TimeZone, seconds: i64) -> Option<NaiveDate> {
    let day = zone.to_datetime(Timestamp::from_second(seconds).ok()?).date();
    NaiveDate::from_ymd_opt(
        day.year().into(),
        u32::try_from(day.month()).ok()?,
        u32::try_from(day.day()).ok()?,
    )
}

/// A text part in a charset mail-parser cannot decode is refused (it
/// would read it as UTF-8 and garble it).
fn check_charsets(path: &Path, message: &Message<'_>) -> Result<(), ContentError> {
    for part in &message.parts {
        if !matches!(part.body, PartType::Text(_) | PartType::Html(_)) {
            continue;
        }
        let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
        if let Some(charset) = charset.filter(|c| !is_known_charset(c)) {
            return Err(ContentError::new(
                path,
                format!("unknown charset `{charset}` in a text part of the email: it cannot be decoded"),
            ));
        }
    }
    Ok(())
}

/// UTF-8 and ASCII (read as UTF-8), or a charset mail-parser decodes.
fn is_known_charset(charset: &str) -> bool {
    let name = charset.trim().trim_matches('"').to_ascii_lowercase();
    matches!(name.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii" | "") || charset_decoder(name.as_bytes()).is_some()
}

/// The body to read: the plain text when it holds most of the HTML's
/// words (not a "view this email in HTML" stub), else the HTML.
fn choose_body(message: &Message<'_>) -> Option<(String, BodyFormat)> {
    let parts = |ids: &[u32], html: bool| -> String {
        ids.iter()
            .filter_map(|&id| message.parts.get(id as usize))
            .filter_map(|part| match (&part.body, html) {
                (PartType::Text(text), false) | (PartType::Html(text), true) => Some(text.as_ref()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let text = parts(&message.text_body, false);
    let html = parts(&message.html_body, true);
    let text_words = text.split_whitespace().count();
    if html.trim().is_empty() {
        return (text_words > 0).then_some((text, BodyFormat::Text));
    }
    let html_words = html::to_text(&html).text.split_whitespace().count();
    if text_words > 0 && text_words * 10 >= html_words * 7 {
        Some((text, BodyFormat::Text))
    } else {
        Some((html, BodyFormat::Html))
    }
}

/// `[La Lettre Tech] Fwd: TR: [La Lettre Tech] Title` → `Title`: list
/// tags and forward prefixes (`Fwd:`, `Fw:`, `FW:`, `TR:`, `WG:`, also
/// `TR :` with the French space), repeated in any order, go. A reply
/// (`Re:`, `AW:`) is not an issue: its subject stays as it is from there.
pub(super) fn clean_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let before = rest;
        if rest.starts_with('[') {
            if let Some(end) = rest.find(']') {
                rest = rest[end + 1..].trim_start();
            }
        }
        if let Some(after) = strip_forward(rest) {
            rest = after;
        }
        if rest == before {
            return rest.to_string();
        }
    }
}

/// `Fwd: Title` → `Title`; `None` when `text` does not start with a
/// forward prefix.
fn strip_forward(text: &str) -> Option<&str> {
    let word_end = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = &text[..word_end];
    let after = text[word_end..].trim_start_matches(' ').strip_prefix(':')?;
    ["fwd", "fw", "tr", "wg"]
        .iter()
        .any(|prefix| word.eq_ignore_ascii_case(prefix))
        .then(|| after.trim_start())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::tz::TimeZone;

    use super::{clean_subject, to_issue, BodyFormat};

    const LABO: &str = include_str!("../../tests/formats/labo-images.eml");

    #[test]
    fn the_html_part_shows_its_inline_image_by_file_name() {
        // Without its text part, the HTML part is the body.
        let html_only = LABO.replace(
            "Content-Type: text/plain; charset=utf-8",
            "Content-Type: application/x-unread",
        );
        let email = to_issue(Path::new("labo.eml"), &html_only, &TimeZone::UTC).unwrap();
        assert_eq!(email.format, BodyFormat::Html);
        assert!(email.text.contains("<img src=\"logo-labo.png\""), "{}", email.text);
        assert!(
            email.text.contains("src=\"https://images.labo.example/robot.jpg\""),
            "remote stays remote"
        );
        assert!(!email.text.contains("cid:"));
        let names: Vec<&str> = email.assets.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["logo-labo.png", "photo-d-equipe.png"]);
    }

    #[test]
    fn list_and_forward_prefixes_go() {
        assert_eq!(clean_subject("[La Lettre Tech] Fwd: TR: Elon Musk"), "Elon Musk");
        assert_eq!(clean_subject("FW: Fw: fwd: Elon Musk"), "Elon Musk");
        assert_eq!(clean_subject("[Liste] Fwd: [Liste] Elon Musk"), "Elon Musk");
        assert_eq!(clean_subject("TR : WG: Elon Musk"), "Elon Musk");
        assert_eq!(clean_subject("Plain"), "Plain");
        assert_eq!(clean_subject("Titre [v2]"), "Titre [v2]");
        assert_eq!(clean_subject("Trump: the week"), "Trump: the week");
    }

    #[test]
    fn a_reply_keeps_its_subject() {
        assert_eq!(clean_subject("Re: Elon Musk"), "Re: Elon Musk");
        assert_eq!(clean_subject("[Liste] RE: Fwd: Elon Musk"), "RE: Fwd: Elon Musk");
        assert_eq!(clean_subject("Fwd: AW: Elon Musk"), "AW: Elon Musk");
    }
}
