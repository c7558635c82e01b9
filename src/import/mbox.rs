//! `kiosque import mbox`: one `.eml` issue per message the newsletter sent.
//! The mbox is streamed (mail-parser's reader: `From ` separators, `>From `
//! unescaped), twice: a first pass reads each message's headers and keeps
//! a small summary (sender, Message-ID, date, subject, a hash), a second
//! writes the chosen messages. Memory holds one message at a time.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::MessageParser;

use crate::error::{ContentError, ContentErrors};
use crate::import::check::Checker;
use crate::import::mbox_rules::{skip_reason, Filter};
use crate::import::{Body, Plan, Planned};
use crate::slug::slugify;
use crate::BuildError;

/// What the first pass keeps of a message.
struct Summary {
    number: usize,
    line: usize,
    sender: Option<String>,
    identity: String,
    date: Option<NaiveDate>,
    /// The date is the `From ` line's: the message has no Date header.
    date_from_separator: bool,
    /// Why it is not an issue, whoever sent it (a reply, a bounce…).
    skip: Option<String>,
    /// The issue's title as a build will read it, or what is wrong with
    /// it; only for messages that may be the newsletter's.
    check: Option<Result<String, String>>,
    hash: u64,
}

/// Reads the mbox at `path` into a plan of the newsletter's messages.
pub(crate) fn plan(
    path: &Path,
    from: Option<&str>,
    list_id: Option<&str>,
    checker: &Checker,
) -> Result<Plan, BuildError> {
    let filter = Filter::new(list_id, from);
    let mut summaries = Vec::new();
    let mut errors = ContentErrors::default();
    each_message(path, |number, line, bytes, from_line_date| {
        match summarize(number, line, bytes, from_line_date, &filter, checker) {
            Ok(summary) => summaries.push(summary),
            Err(message) => errors.push(ContentError::new(path, format!("message {number}: {message}")).at_line(line)),
        }
        Ok(())
    })?;
    let mut plan = Plan {
        read: summaries.len() + errors.0.len(),
        ..Plan::default()
    };
    let sender = match from {
        Some(from) => Some(from.trim().to_ascii_lowercase()),
        None => most_frequent_sender(&summaries, &mut plan),
    };
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for summary in &summaries {
        let origin = format!("message {} (line {})", summary.number, summary.line);
        if let Some(reason) = &summary.skip {
            plan.skip(origin, reason.clone());
            continue;
        }
        if summary.sender != sender {
            let by = summary.sender.as_deref().unwrap_or("no sender");
            let newsletter = sender.as_deref().unwrap_or("none");
            plan.skip(origin, format!("sent by {by}, not by the newsletter ({newsletter})"));
            continue;
        }
        if let Some(first) = first_of.get(summary.identity.as_str()) {
            plan.skip(origin, format!("duplicate of message {first} (same Message-ID)"));
            continue;
        }
        first_of.insert(&summary.identity, summary.number);
        let error = |m: &str| ContentError::new(path, format!("message {}: {m}", summary.number)).at_line(summary.line);
        let title = match &summary.check {
            Some(Ok(title)) => title,
            Some(Err(message)) => {
                errors.push(error(message));
                continue;
            }
            None => "",
        };
        let Some(date) = summary.date else {
            errors.push(error(
                "the email has no date: no Date header and none on its `From ` line",
            ));
            continue;
        };
        if summary.date_from_separator {
            plan.warnings.push(format!(
                "message {}: no Date header, dated {date} from its `From ` line",
                summary.number
            ));
        }
        plan.issues.push(Planned {
            date,
            slug: slugify(title),
            origin,
            body: Body::Message {
                number: summary.number,
                hash: summary.hash,
            },
        });
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(plan)
}

/// With no `--from`: the sender of most messages that are no reply,
/// bounce or auto-reply (the first seen of those tied), told in a note.
fn most_frequent_sender(summaries: &[Summary], plan: &mut Plan) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (order, summary) in summaries.iter().enumerate() {
        if let (None, Some(sender)) = (&summary.skip, &summary.sender) {
            counts.entry(sender).or_insert((0, order)).0 += 1;
        }
    }
    let (sender, (count, _)) = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
    plan.notes.push(format!(
        "no --from given: taking {sender} as the newsletter, the sender of {count} of {} messages",
        summaries.len()
    ));
    Some(sender.to_string())
}

/// The summary of one message, or why it cannot be read.
fn summarize(
    number: usize,
    line: usize,
    bytes: &[u8],
    from_line_date: Option<NaiveDate>,
    filter: &Filter,
    checker: &Checker,
) -> Result<Summary, String> {
    let message = MessageParser::default()
        .parse(bytes)
        .filter(|m| !m.headers().is_empty())
        .ok_or("not an email: no MIME headers could be read")?;
    let sender = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_ascii_lowercase());
    let hash = hash_of(bytes);
    let identity = match message.message_id() {
        Some(id) => format!("id:{id}"),
        None => format!("hash:{hash:x}"),
    };
    let header_date = message
        .date()
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
        .map(|d| d.date_naive());
    let skip = skip_reason(&message, sender.as_deref(), filter);
    let check = (skip.is_none() && filter.may_be_newsletter(sender.as_deref())).then(|| checker.email(bytes));
    Ok(Summary {
        number,
        line,
        skip,
        sender,
        identity,
        date: header_date.or(from_line_date),
        date_from_separator: header_date.is_none(),
        check,
        hash,
    })
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Reads `path` again and hands each wanted message (number, hash, file
/// name, origin) to `write`; a message whose bytes changed since the first
/// pass stops the import.
pub(crate) fn write_messages(
    path: &Path,
    wanted: &[(usize, u64, String, String)],
    mut write: impl FnMut(&str, &str, &[u8]) -> anyhow::Result<()>,
) -> Result<(), BuildError> {
    let by_number: HashMap<usize, &(usize, u64, String, String)> = wanted.iter().map(|w| (w.0, w)).collect();
    let mut found = 0;
    each_message(path, |number, line, bytes, _| {
        let Some((_, hash, name, origin)) = by_number.get(&number) else {
            return Ok(());
        };
        if hash_of(bytes) != *hash {
            return Err(ContentErrors(vec![ContentError::new(
                path,
                format!("message {number} changed while it was being imported: run the import again"),
            )
            .at_line(line)])
            .into());
        }
        found += 1;
        write(name, origin, bytes).map_err(BuildError::Io)
    })?;
    if found < wanted.len() {
        return Err(ContentErrors(vec![ContentError::new(
            path,
            "the mbox changed while it was being imported: run the import again",
        )])
        .into());
    }
    Ok(())
}

/// Streams the messages of `path` to `each` with their number (from 1),
/// the line of their `From ` separator, their bytes (without the separator
/// and the blank line before the next one) and the date of the separator.
fn each_message(
    path: &Path,
    mut each: impl FnMut(usize, usize, &[u8], Option<NaiveDate>) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let open_error = |e: std::io::Error| -> BuildError {
        ContentErrors(vec![ContentError::new(path, format!("cannot read the mbox: {e}"))]).into()
    };
    let file = File::open(path).map_err(open_error)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let start = reader.fill_buf().map_err(open_error)?;
    if start.is_empty() {
        return Ok(());
    }
    if !start.starts_with(b"From ") {
        return Err(ContentErrors(vec![ContentError::new(
            path,
            "not an mbox: it does not start with a `From ` separator line",
        )
        .at_line(1)])
        .into());
    }
    let mut line = 1;
    for (index, message) in MessageIterator::new(reader).enumerate() {
        let message = message.map_err(open_error)?;
        let contents = message.contents();
        let date = DateTime::from_timestamp(message.internal_date() as i64, 0)
            .filter(|_| message.internal_date() > 0)
            .map(|d| d.date_naive());
        each(index + 1, line, without_separator(contents), date)?;
        line += 1 + contents.iter().filter(|&&b| b == b'\n').count();
    }
    Ok(())
}

/// The blank line that closes a message in an mbox belongs to the
/// separator, not to the message.
fn without_separator(contents: &[u8]) -> &[u8] {
    for blank in [&b"\r\n"[..], b"\n"] {
        if let Some(rest) = contents.strip_suffix(blank) {
            if rest.ends_with(b"\n") {
                return rest;
            }
        }
    }
    contents
}

#[cfg(test)]
mod tests {
    use super::without_separator;

    #[test]
    fn the_separator_blank_line_goes() {
        assert_eq!(without_separator(b"Subject: a\n\nbody\n\n"), b"Subject: a\n\nbody\n");
        assert_eq!(without_separator(b"body\r\n\r\n"), b"body\r\n");
        assert_eq!(without_separator(b"body\n"), b"body\n");
    }
}
