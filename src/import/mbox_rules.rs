//! Which messages of a mailbox are no issue of the newsletter, whoever
//! sent them: bounces, auto-replies, replies, and (with `--list-id`)
//! messages of other lists.

use mail_parser::{Message, MimeHeaders};

/// The user's `--list-id` (without its angle brackets) and `--from`,
/// lowercased.
pub(crate) struct Filter {
    list_id: Option<String>,
    from: Option<String>,
}

impl Filter {
    pub(super) fn new(list_id: Option<&str>, from: Option<&str>) -> Filter {
        Filter {
            list_id: list_id
                .map(|id| {
                    id.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_ascii_lowercase()
                })
                .filter(|id| !id.is_empty()),
            from: from.map(|f| f.trim().to_ascii_lowercase()),
        }
    }

    /// Whether a message from `sender` may be the newsletter's: any sender
    /// when `--from` was not given (the most frequent is chosen later).
    pub(super) fn may_be_newsletter(&self, sender: Option<&str>) -> bool {
        self.from.is_none() || self.from.as_deref() == sender
    }
}

/// Why `message` is no issue, or `None` when it may be one.
pub(crate) fn skip_reason(message: &Message<'_>, sender: Option<&str>, filter: &Filter) -> Option<String> {
    let subject = message.subject().unwrap_or_default();
    if is_bounce(message, sender, subject) {
        return Some("a bounce (delivery failure report)".into());
    }
    if is_auto_reply(message, subject) {
        return Some("an automatic reply".into());
    }
    if !message.in_reply_to().is_empty() {
        return Some("a reply (In-Reply-To)".into());
    }
    if is_reply_subject(subject) {
        return Some("a reply (`Re:` subject)".into());
    }
    if let Some(wanted) = &filter.list_id {
        let list = message.header_raw("List-Id").unwrap_or_default().to_ascii_lowercase();
        if !list.contains(wanted.as_str()) {
            return Some(format!("not from the list {wanted} (List-Id)"));
        }
    }
    None
}

fn is_bounce(message: &Message<'_>, sender: Option<&str>, subject: &str) -> bool {
    let local = sender.and_then(|s| s.split('@').next()).unwrap_or_default();
    let report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart") && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let subject = subject.to_ascii_lowercase();
    matches!(local, "mailer-daemon" | "postmaster")
        || report
        || [
            "undelivered mail",
            "delivery status notification",
            "mail delivery failed",
            "returned mail",
        ]
        .iter()
        .any(|p| subject.starts_with(p))
}

fn is_auto_reply(message: &Message<'_>, subject: &str) -> bool {
    let header = |name: &str| message.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    let subject = subject.to_lowercase();
    header("Auto-Submitted").is_some_and(|v| v.starts_with("auto-replied"))
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some()
        || header("Precedence").is_some_and(|v| v == "auto_reply")
        || ["auto:", "automatic reply", "out of office", "réponse automatique"]
            .iter()
            .any(|p| subject.starts_with(p))
}

/// `Re: …`, also behind a list prefix (`[List] Re: …`).
fn is_reply_subject(subject: &str) -> bool {
    let mut rest = subject.trim_start();
    if rest.starts_with('[') {
        if let Some(end) = rest.find(']') {
            rest = rest[end + 1..].trim_start();
        }
    }
    ["re:", "re :", "aw:", "sv:", "ref:"]
        .iter()
        .any(|p| rest.len() >= p.len() && rest.is_char_boundary(p.len()) && rest[..p.len()].eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::is_reply_subject;

    #[test]
    fn reply_subjects() {
        assert!(is_reply_subject("Re: La lettre n°12"));
        assert!(is_reply_subject("[La Lettre] RE: merci"));
        assert!(!is_reply_subject("Regards sur l'IA"));
        assert!(!is_reply_subject("La lettre n°12"));
    }
}
